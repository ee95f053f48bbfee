"""Policino micro nido rows for tests in any folder (childcare, browser): plain functions, no fixtures."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from portal.auth.models import User
from portal.childcare import rules, services
from portal.childcare.models import Child, Family, NurseryCharge, NurseryPlace, NurseryYear
from portal.core.calendar import today_in_rome
from portal.extensions import db

TODAY = today_in_rome()
START = rules.nursery_year_of(TODAY)
MONTH = TODAY.replace(day=1) if TODAY.month not in (7, 8) else date(START + 1, 6, 1)
BIRTH = date(START - 1, 6, 1)  # 15 months on 1 September


def nursery_year(app, places=20, taken=0) -> int:
    with app.test_request_context():
        office = db.session.scalar(select(User).where(User.access_code == "ufficio"))
        year = services.open_year(office, START)
        year.places, year.taken, year.kept_for_part_time = places, taken, min(4, places)
        db.session.commit()
        return year.id


def nursery_family(app, make_user, code, children=(("Bimbo", "a", "full_time", None),), status="enrolled"):
    user = make_user(code, roles=("genitore",), email=f"{code}@example.edu", full_name=f"Parent {code}")
    with app.app_context():
        year = db.session.scalar(select(NurseryYear).where(NurseryYear.start_year == START))
        family = Family(parent_id=user.id, category="staff")
        db.session.add(family)
        db.session.flush()
        places = []
        for index, (name, category, attendance, isee) in enumerate(children):
            child = Child(family_id=family.id, full_name=f"{name} {code}", birth_date=BIRTH)
            db.session.add(child)
            db.session.flush()
            rank = (db.session.scalar(select(func.max(NurseryPlace.rank))) or 0) + 1
            place = NurseryPlace(year_id=year.id, rank=rank, family_id=family.id, child_id=child.id,
                                 category=category, attendance=attendance, isee_cents=isee, status=status,
                                 days={"vertical_3": "mon-wed-fri", "vertical_2": "tue-thu"}.get(attendance, ""))
            db.session.add(place)
            db.session.flush()
            places.append(place.id)
        db.session.commit()
        return {"user": user, "family": family.id, "places": places}


RANKING = ("rank;parent_email;child_name;birth_date;category;attendance;days;isee\n"
           f"1;anna@example.edu;Leo Bianchi;{BIRTH};b;full_time;;40000,00\n"
           f"2;anna@example.edu;Mia Bianchi;{BIRTH};b;vertical_3;mon-wed-fri;40000,00\n"
           f"3;carlo@example.edu;Ugo Verdi;{BIRTH};e;morning;;\n")


def issue_month(app, office_code="ufficio"):
    with app.test_request_context():
        office = db.session.scalar(select(User).where(User.access_code == office_code))
        year = services.year_of(START)
        services.issue_fees(office, year, MONTH)
        db.session.commit()
        return {c.child.full_name: c.id for c in db.session.scalars(select(NurseryCharge))}
