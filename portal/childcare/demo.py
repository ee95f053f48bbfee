"""Demo data of the micro nido's months (`flask seed-demo`, after the year and its ranking in portal/demo.py): the
receipt details of the families, the register of the nursery children's days with their 9:30 meal counts, the fees
issued and paid with their receipts (with the meals each fee carries), the diary of the last days and an absence
ahead. Once: nothing is added when the year has fees."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import select
from stdnum.it import codicefiscale

from portal.auth.models import User
from portal.childcare import rules, services
from portal.childcare.models import (
    Attendance,
    Meal,
    MealCount,
    NurseryAbsence,
    NurseryCharge,
    NurseryDiary,
    NurseryPlace,
)
from portal.core.calendar import ROME, add_months, today_in_rome
from portal.extensions import db

STREETS = ("Via Roma", "Corso Vittorio Emanuele II", "Via Po", "Via Garibaldi", "Corso Francia", "Via Nizza")
MONTH_LETTERS = "ABCDEHLMPRST"


def _codice_fiscale(surname: str, name: str, birth: date, female: bool) -> str:
    """A well-formed codice fiscale for a demo person (born in Torino, L219)."""
    def letters(text: str) -> str:
        text = "".join(ch for ch in text.upper() if ch.isalpha())
        consonants = [ch for ch in text if ch not in "AEIOU"]
        vowels = [ch for ch in text if ch in "AEIOU"]
        return "".join(consonants + vowels + ["X", "X", "X"])[:3]

    day = birth.day + (40 if female else 0)
    body = f"{letters(surname)}{letters(name)}{birth.year % 100:02d}{MONTH_LETTERS[birth.month - 1]}{day:02d}L219"
    return body + codicefiscale.calc_check_digit(body)


def seed_nursery_months(users: list[User]) -> None:
    with current_app.test_request_context():  # the use cases read the locale of their messages
        _seed(users)


def _seed(users: list[User]) -> None:
    year = services.current_year()
    if year is None or db.session.scalar(select(NurseryCharge.id).limit(1)) is not None:
        return
    office = next(user for user in users if user.access_code == "admin")
    educator = next(user for user in users if user.access_code == "educatore")
    places = services.enrolled_places(year)
    today = today_in_rome()
    _details(places)
    _register(places, year, today, educator)
    for month in services.months_for_parent(year):
        if month > today:
            break
        services.issue_fees(office, year, month)
        if month < today.replace(day=1):
            charges = db.session.scalars(select(NurseryCharge).where(NurseryCharge.month == month)
                                         .order_by(NurseryCharge.id))
            before = rules.meals_on_fee(month, year.start_year, year.july_open)  # the meals this fee carries
            eaten = {} if before is None else services.meal_days(
                [place.child_id for place in places], before, add_months(before, 1) - timedelta(days=1))
            for index, charge in enumerate(charges):
                method = ("transfer", "cheque")[index % 2]
                meals = eaten.get(charge.child_id, (0, 0))[1] * year.meal_cents
                services.pay_fee(office, charge, method, min(rules.fee_due_on(month), today), meals)
    _diary_and_absence(places, today, educator)
    db.session.flush()


def _details(places: list[NurseryPlace]) -> None:
    """Every family gives its receipt details but the last, so the request for them shows too."""
    last_family = places[-1].family_id if places else None
    for index, place in enumerate(places):
        family, child = place.family, place.child
        if family.id == last_family:
            continue
        first, _, surname = family.parent.full_name.partition(" ")
        if not family.address:
            family.address = f"{STREETS[index % len(STREETS)]} {10 + index}, 101{index % 50:02d} Torino"
            family.payer_codice_fiscale = _codice_fiscale(surname, first, date(1985, 1 + index % 12, 1 + index),
                                                          female=first.endswith("a"))
        child_first, _, child_surname = child.full_name.partition(" ")
        child.codice_fiscale = _codice_fiscale(child_surname, child_first, child.birth_date,
                                               female=child_first.endswith("a"))
    db.session.flush()


def _register(places: list[NurseryPlace], year, today: date, educator: User) -> None:
    """The register of the last two months' nursery days: arrival 8:00-9:30, departure by the attendance type."""
    first = max(date(year.start_year, 9, 1), add_months(today.replace(day=1), -2))
    day, rows, counts, meals = first, [], [], []
    while day < today:
        if services.nursery_open_on(day):
            for index, place in enumerate(places):
                if not rules.attends_on(day, place.attendance, place.days) or (day.toordinal() + index) % 11 == 0:
                    continue  # now and then a child stays home
                arrived = time(8, (index * 7) % 60) if index % 3 else time(9, (index * 3) % 30)
                left = time(13, 0) if place.attendance == "morning" else time(16, (index * 5) % 30)
                rows.append(Attendance(child_id=place.child_id, family_id=place.family_id, day=day,
                                       arrived_at=arrived, left_at=left, recorded_by_id=educator.id))
            present = [row for row in rows if row.day == day]
            if present:  # the 9:30 count: a meal for each child who came (the demo's absences were not reported)
                counts.append(MealCount(day=day, meals=len(present), special_diets=0, sent_by_id=educator.id,
                                        sent_at=datetime.combine(day, time(9, 30), tzinfo=ROME)))
                meals += [Meal(day=day, child_id=row.child_id, family_id=row.family_id) for row in present]
        day += timedelta(days=1)
    db.session.add_all(rows)
    db.session.add_all(counts)
    db.session.flush()
    db.session.add_all(meals)
    db.session.flush()


def _diary_and_absence(places: list[NurseryPlace], today: date, educator: User) -> None:
    lunches = ("all", "most", "all", "little")
    for back in range(1, 6):
        day = today - timedelta(days=back)
        if not services.nursery_open_on(day):
            continue
        for index, place in enumerate(places[:6]):
            if rules.attends_on(day, place.attendance, place.days):
                db.session.add(NurseryDiary(child_id=place.child_id, day=day, lunch=lunches[(index + back) % 4],
                                            nap_minutes=None if place.attendance == "morning" else 60 + 15 * index,
                                            note="Ha giocato con i travasi." if index % 2 else "",
                                            written_by_id=educator.id))
    ahead = next((today + timedelta(days=n) for n in range(1, 20)
                  if services.nursery_open_on(today + timedelta(days=n))
                  and rules.attends_on(today + timedelta(days=n), places[0].attendance, places[0].days)), None)
    if places and ahead is not None:
        db.session.add(NurseryAbsence(child_id=places[0].child_id, day=ahead, in_time=True, note="Visita dal pediatra",
                                      reported_by_id=places[0].family.parent_id,
                                      reported_at=datetime.now().astimezone()))
