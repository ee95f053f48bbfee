"""Policino micro nido for families (issue 17 points 9 and 10): absences (before 9:30: no meal), the daily diary
written by the educators and read by the parents, the nursery calendar, the month page; July and the enrolments
drive the baby parking's free hour."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from portal.childcare import rules, services
from portal.childcare.models import Child, NurseryAbsence, NurseryClosure, NurseryDiary, NurseryYear, Summer
from portal.childcare.services import nursery_family
from portal.core.calendar import today_in_rome
from portal.extensions import db
from tests.childcare_nursery_factories import START, nursery_year
from tests.childcare_nursery_factories import nursery_family as make_family
from tests.conftest import login


@pytest.fixture
def office(app, make_user):
    return make_user("ufficio", roles=("amministratore",), full_name="Ufficio Welfare")


@pytest.fixture
def anna(app, make_user, office):
    nursery_year(app)
    return make_family(app, make_user, "anna", [("Leo", "b", "full_time", None)])


def _sign_in(client, code):
    client.post("/auth/logout")
    assert login(client, code).status_code == 303


def _next_nursery_day(app, after: date, attendance="full_time", days="") -> date:
    with app.test_request_context():
        day = after
        while not (services.nursery_open_on(day) and rules.attends_on(day, attendance, days)):
            day += timedelta(days=1)
        return day


def _at(monkeypatch, moment: datetime):
    monkeypatch.setattr(nursery_family, "now_in_rome", lambda: moment)


def test_an_absence_reported_before_930_means_no_meal_and_after_it_the_meal_stays(app, client, anna, monkeypatch):
    day = _next_nursery_day(app, today_in_rome() + timedelta(days=1))
    later = _next_nursery_day(app, day + timedelta(days=1))
    _sign_in(client, "anna")
    _at(monkeypatch, datetime.combine(day, datetime.min.time()).replace(hour=9, minute=29))
    assert client.post("/policino/nursery/absences", data={"day": day.isoformat(), "note": "febbre"}).status_code == 303
    _at(monkeypatch, datetime.combine(later, datetime.min.time()).replace(hour=9, minute=30))
    assert client.post("/policino/nursery/absences", data={"day": later.isoformat()}).status_code == 303
    assert client.post("/policino/nursery/absences", data={"day": later.isoformat()}).status_code == 422  # twice
    with app.app_context():
        absences = db.session.scalars(select(NurseryAbsence).order_by(NurseryAbsence.day)).all()
        assert [(a.day, a.in_time, a.note) for a in absences] == [(day, True, "febbre"), (later, False, "")]


def test_absences_refused_for_the_past_closed_days_and_other_peoples_children(app, client, anna, make_user,
                                                                               monkeypatch):
    carlo = make_family(app, make_user, "carlo", [("Ugo", "e", "vertical_2", None)])
    day = _next_nursery_day(app, today_in_rome() + timedelta(days=1))
    saturday = day + timedelta(days=(5 - day.weekday()) % 7)
    _sign_in(client, "anna")
    for data in ({"day": (today_in_rome() - timedelta(days=1)).isoformat()}, {"day": saturday.isoformat()},
                 {"day": (today_in_rome() + timedelta(days=61)).isoformat()}, {"day": "2026-02-30"}, {"day": ""},
                 {"day": day.isoformat(), "note": "x" * 201}):
        assert client.post("/policino/nursery/absences", data=data).status_code == 422, data
    # Carlo's place id sent by Anna: her own child is taken, never Carlo's
    assert client.post("/policino/nursery/absences", data={"day": day.isoformat(),
                                                           "place": carlo["places"][0]}).status_code == 303
    with app.app_context():
        absence = db.session.scalar(select(NurseryAbsence))
        assert db.session.get(Child, absence.child_id).family_id == anna["family"]
        absence_id = absence.id
    _sign_in(client, "carlo")
    assert client.post(f"/policino/nursery/absences/{absence_id}/withdraw").status_code == 404
    vertical = _next_nursery_day(app, today_in_rome() + timedelta(days=1))
    while rules.attends_on(vertical, "vertical_2", "tue-thu") or not rules.attends_on(vertical, "full_time", ""):
        vertical += timedelta(days=1)
    assert client.post("/policino/nursery/absences", data={"day": vertical.isoformat()}).status_code == 422
    _sign_in(client, "anna")
    _at(monkeypatch, datetime.combine(day, datetime.min.time()).replace(hour=9, minute=31))
    client.post(f"/policino/nursery/absences/{absence_id}/withdraw")
    with app.app_context():
        assert db.session.get(NurseryAbsence, absence_id) is not None  # the meals are counted: it stays
    _at(monkeypatch, datetime.combine(day, datetime.min.time()).replace(hour=8))
    assert client.post(f"/policino/nursery/absences/{absence_id}/withdraw").status_code == 303
    with app.app_context():
        assert db.session.get(NurseryAbsence, absence_id) is None


def test_educators_write_the_diary_and_parents_read_their_childs_only(app, client, anna, make_user):
    make_user("edu", roles=("educatore",))
    make_user("dec", roles=("dec",))
    carlo = make_family(app, make_user, "carlo", [("Ugo", "e", "morning", None)])
    today = today_in_rome()
    with app.app_context():
        leo = db.session.scalar(select(Child).where(Child.family_id == anna["family"])).id
        ugo = db.session.scalar(select(Child).where(Child.family_id == carlo["family"])).id
    url = f"/policino/nursery/diary/day?day={today.isoformat()}"
    _sign_in(client, "edu")
    page = client.get(url).get_data(as_text=True)
    assert "Leo anna" in page and "Ugo carlo" in page
    assert client.post(f"{url}&child={leo}", data={f"c{leo}-lunch": "lots"}).status_code == 422
    assert client.post(f"{url}&child={leo}", data={f"c{leo}-nap": "241"}).status_code == 422
    assert client.post(f"{url}&child={leo}", data={}).status_code == 422  # nothing said
    assert client.post(f"{url}&child=999999", data={"c999999-note": "ciao"}).status_code == 422
    assert client.post(f"{url}&child={leo}", data={f"c{leo}-lunch": "most", f"c{leo}-nap": "75",
                                                   f"c{leo}-note": "Ha dipinto"}).status_code == 303
    assert client.post(f"{url}&child={leo}", data={f"c{leo}-lunch": "all", f"c{leo}-nap": "80"}).status_code == 303
    assert client.post(f"{url}&child={ugo}", data={f"c{ugo}-note": "Ha cantato"}).status_code == 303
    future = (today + timedelta(days=3)).isoformat()
    assert client.post(f"/policino/nursery/diary/day?day={future}&child={leo}",
                       data={f"c{leo}-note": "x"}).status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(NurseryDiary)) == 2
        entry = db.session.scalar(select(NurseryDiary).where(NurseryDiary.child_id == leo))
        assert (entry.lunch, entry.nap_minutes, entry.note) == ("all", 80, "")
    _sign_in(client, "dec")
    assert client.get(url).status_code == 403
    _sign_in(client, "anna")
    assert client.get(url).status_code == 403
    diary = client.get("/policino/nursery/diary").get_data(as_text=True)
    assert "80 minuti" in diary and "Ha cantato" not in diary


def test_the_parent_calendar_lists_the_closures_and_which_run_as_baby_parking(app, client, anna, office):
    day = _next_nursery_day(app, today_in_rome() + timedelta(days=2))
    with app.test_request_context():
        services.add_nursery_closure(office, day, "Formazione")
        db.session.commit()
    _sign_in(client, "anna")
    page = client.get("/policino/nursery/calendar").get_data(as_text=True)
    assert "Formazione" in page and "Baby parking aperto: prenota" in page


def test_pages_of_the_micro_nido_send_a_parent_without_a_place_back(app, client, make_user):
    make_user("nobody", roles=("genitore",))
    _sign_in(client, "nobody")
    for url in ("/policino/nursery/month", "/policino/nursery/absences", "/policino/nursery/diary",
                "/policino/nursery/calendar", "/policino/nursery/receipt-details"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].endswith("/policino/nursery"), url


def test_the_month_page_reads_the_same_few_statements_whatever_the_months(app, client, anna):
    _sign_in(client, "anna")
    page = client.get("/policino/nursery/month").get_data(as_text=True)
    assert "Ancora nessun giorno nel registro questo mese." in page
    assert client.get("/policino/nursery/month?month=2026-13").status_code == 404


def test_the_attendance_page_starts_from_the_current_type_and_days(app, client, office, make_user):
    nursery_year(app)
    family = make_family(app, make_user, "anna", [("Leo", "a", "vertical_2", None)])
    _sign_in(client, "anna")
    page = client.get(f"/policino/nursery/places/{family['places'][0]}/attendance").get_data(as_text=True)
    assert '<option selected value="vertical_2">' in page
    assert '<input checked id="days-1" name="days" type="checkbox" value="tue">' in page
    assert '<input id="days-0" name="days" type="checkbox" value="mon">' in page
    home = client.get("/policino/nursery").get_data(as_text=True)
    assert "martedì, giovedì" in home and "tue-thu" not in home


# -- point 10: July and the enrolments drive the free hour ----------------------------------------------------------

def test_the_nursery_years_july_and_the_coordinators_switch_are_one(app, office, make_user):
    coordinator = make_user("coord", roles=("educatore",))
    nursery_year(app)
    with app.test_request_context():
        year = db.session.scalar(select(NurseryYear).where(NurseryYear.start_year == START))
        year.july_open = False
        db.session.commit()
        assert services.july_nursery(START + 1) is False
        if today_in_rome() <= date(START + 1, 7, 31):
            services.set_july_nursery(coordinator, START + 1, True)
            db.session.commit()
            assert db.session.get(NurseryYear, year.id).july_open is True
            assert db.session.get(Summer, START + 1).nursery_open is True


def test_the_free_hour_follows_the_enrolment_in_that_days_nursery_year(app, office, make_user):
    nursery_year(app)
    family = make_family(app, make_user, "anna", [("Leo", "a", "full_time", None)])
    waiting = make_family(app, make_user, "carlo", [("Ugo", "a", "full_time", None)], status="waiting")
    day = date(START, 10, 5)
    with app.test_request_context():
        leo = db.session.scalar(select(Child).where(Child.family_id == family["family"]))
        ugo = db.session.scalar(select(Child).where(Child.family_id == waiting["family"]))
        ugo.micro_nido = True  # the desk's flag no longer decides once the portal runs the year's places
        assert services.nido_child_on(leo, day) and not services.nido_child_on(ugo, day)
        # a year the portal has no places for: the desk's flag decides
        assert services.nido_child_on(ugo, date(START - 3, 10, 5)) and not services.nido_child_on(leo, date(
            START - 3, 10, 5))


def test_a_nursery_closing_day_is_not_open_for_the_free_hour(app, office):
    with app.test_request_context():
        day = _next_nursery_day(app, today_in_rome() + timedelta(days=2))
        db.session.add(NurseryClosure(day=day, reason="x"))
        db.session.commit()
        services.forget_calendar()
        assert services.nursery_open_on(day) is False


def test_a_parents_absence_reaches_the_meal_count_and_the_charge_and_leaves_with_its_withdrawal(
        app, client, anna, monkeypatch):
    """The day register's absence is what the 9:30 count and the meal charge read: the parent's report lands there
    with the moment it was made (9:29: no meal charged; 9:30: charged), and leaves it when the parent withdraws."""
    from portal.childcare.models import RegisterAbsence
    from portal.childcare.services.common import now_in_rome as real_now
    from portal.core.calendar import ROME

    day = _next_nursery_day(app, today_in_rome() + timedelta(days=1))
    later = _next_nursery_day(app, day + timedelta(days=1))
    _sign_in(client, "anna")
    _at(monkeypatch, datetime.combine(day, datetime.min.time()).replace(hour=9, minute=29))
    assert client.post("/policino/nursery/absences", data={"day": day.isoformat()}).status_code == 303
    _at(monkeypatch, datetime.combine(later, datetime.min.time()).replace(hour=9, minute=30))
    assert client.post("/policino/nursery/absences", data={"day": later.isoformat()}).status_code == 303
    with app.app_context():
        marked = {row.day: row.reported_at for row in db.session.scalars(select(RegisterAbsence))}
        assert set(marked) == {day, later}
        assert not rules.meal_charged(marked[day].astimezone(ROME).replace(tzinfo=None), day)  # 9:29: no meal
        assert rules.meal_charged(marked[later].astimezone(ROME).replace(tzinfo=None), later)  # 9:30: charged
        absence_id = db.session.scalar(select(NurseryAbsence.id).where(NurseryAbsence.day == day))
    monkeypatch.setattr(nursery_family, "now_in_rome", real_now)  # withdrawn the evening before: allowed
    assert client.post(f"/policino/nursery/absences/{absence_id}/withdraw").status_code == 303
    with app.app_context():
        assert set(db.session.scalars(select(RegisterAbsence.day))) == {later}


# -- the parent's month shows the meals as the fee charges them (issue 17, point 2 and 6) -----------------------------

def _meals(app, child_name, days, absent_before_930=()):
    """Meals ordered in the 9:30 counts of `days`; an absence reported at 9:00 of the days in `absent_before_930`."""
    from portal.childcare.models import Meal, MealCount, RegisterAbsence
    from portal.core.calendar import ROME

    with app.app_context():
        child = db.session.scalar(select(Child).where(Child.full_name == child_name))
        for day in days:
            if db.session.get(MealCount, day) is None:
                db.session.add(MealCount(day=day, meals=1, special_diets=0,
                                         sent_at=datetime.combine(day, datetime.min.time()).replace(hour=9, minute=30,
                                                                                                     tzinfo=ROME)))
                db.session.flush()
            db.session.add(Meal(day=day, child_id=child.id, family_id=child.family_id, diet=""))
            if day in absent_before_930:
                db.session.add(RegisterAbsence(child_id=child.id, day=day, family_id=child.family_id,
                                               reported_at=datetime.combine(day, datetime.min.time()).replace(
                                                   hour=9, tzinfo=ROME)))
        db.session.commit()


def test_the_parents_month_shows_the_meals_the_fee_charges_at_the_years_price(app, client, anna):
    """Three meals ordered in November 2026, one absence reported at 9:00: 2 charged at the year's price (EUR 5.50,
    not the global EUR 5.80) = EUR 11.00, on the December fee: the parent's November and December pages and the
    office's December preview say the same figure."""
    from tests.helpers import visible_text

    with app.app_context():
        year = db.session.scalar(select(NurseryYear).where(NurseryYear.start_year == START))
        year.meal_cents = 550
        db.session.commit()
    nov = [date(START, 11, 3), date(START, 11, 4), date(START, 11, 5)]
    _meals(app, "Leo anna", nov, absent_before_930=(nov[1],))
    _meals(app, "Leo anna", [date(START, 10, 29)])  # October's: on November's fee, not December's
    with app.test_request_context():
        preview = services.fee_preview(services.year_of(START), date(START, 12, 1))
        assert [row.meals for row in preview] == [{next(iter(preview[0].meals)): (2, 1100)}]
    _sign_in(client, "anna")
    november = visible_text(client.get(f"/policino/nursery/month?month={START}-11").get_data(as_text=True))
    assert "Pasti addebitati: 2 giorni × 5,50 € = 11,00 €" in november
    assert "1 non addebitato (assenza comunicata prima delle 9:30)" in november
    assert f"Pagati con la retta di dicembre {START}, su una riga a parte." in november
    december = visible_text(client.get(f"/policino/nursery/month?month={START}-12").get_data(as_text=True))
    assert "Con la retta, i pasti di novembre: 2 giorni × 5,50 € = 11,00 €." in december


def test_the_years_last_months_meals_go_on_no_later_fee(app, client, anna):
    """With July open the year's last month is July: June's meals are on the July fee, July's on none (there is no
    August fee, and September's fee belongs to the next year and carries no meals)."""
    _meals(app, "Leo anna", [date(START + 1, 6, 30), date(START + 1, 7, 1), date(START + 1, 7, 2)])
    with app.test_request_context():
        year = services.year_of(START)
        july = services.fee_preview(year, date(START + 1, 7, 1))
        assert [list(row.meals.values()) for row in july] == [[(1, 580)]]  # June's one meal
        with pytest.raises(Exception, match="non è aperto|does not run"):
            services.fee_preview(year, date(START + 1, 8, 1))
        assert rules.fee_for_meals(date(START + 1, 7, 1), START, True) is None
    _sign_in(client, "anna")
    page = client.get(f"/policino/nursery/month?month={START + 1}-07").get_data(as_text=True)
    assert "Pasti addebitati: 2 giorni" in page and "non segue nessuna retta" in page


def test_meals_of_the_month_a_link_ends_go_to_the_desk_not_lost(app, client, anna):
    """Leo's parent's link with the university ends on 31 January: no February fee, so January's 2 meals (one
    day, 21 January, with its absence reported at 9:00: 3 ordered, 2 charged × EUR 5.80 = EUR 11.60) go on no fee.
    The office's February page says they are settled at the desk, and Leo's January page says no fee follows."""
    from portal.childcare.models import NurseryPlace
    from tests.helpers import visible_text

    with app.app_context():
        db.session.scalar(select(NurseryPlace)).affiliated_until = date(START + 1, 1, 31)
        year_id = db.session.scalar(select(NurseryYear.id))
        db.session.commit()
    january = [date(START + 1, 1, 20), date(START + 1, 1, 21), date(START + 1, 1, 22)]
    _meals(app, "Leo anna", january, absent_before_930=(january[1],))
    with app.test_request_context():
        year = services.year_of(START)
        assert services.fee_preview(year, date(START + 1, 2, 1)) == []
        ended = services.ended_places(year, date(START + 1, 2, 1))
        assert list(services.ended_meals(year, date(START + 1, 2, 1), ended).values()) == [(2, 1160)]
        # a link that ended before January: its December meals were on January's fee, none are left for February
        assert services.ended_meals(year, date(START + 1, 3, 1), ended) == {}
    _sign_in(client, "ufficio")
    page = visible_text(client.get(f"/policino/nursery/years/{year_id}/charges?month={START + 1}-02")
                        .get_data(as_text=True))
    assert "2 pasti di gennaio (11,60 €) da saldare allo sportello: nessuna retta li comprende" in page
    _sign_in(client, "anna")
    month = visible_text(client.get(f"/policino/nursery/month?month={START + 1}-01").get_data(as_text=True))
    assert "Il tuo legame con l'ateneo termina prima della prossima retta" in month
    assert "Pagati con la retta di febbraio" not in month
