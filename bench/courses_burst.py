"""Italian courses: 200 students pressing "enrol" at once for the 24 free seats of one class, through HTTP.

The same rush as Policino's and the CAF's, for a class's seats: `prepare` opens the enrolment of the first class of
the benchmark database's latest period and leaves it 24 free seats; `burst` uses the 200 students caf_slot_burst.py
signed in, opens each one's class page, then fires one POST per student at the same moment. A class does not refuse
a student when it is full: the student goes on its waiting list (303 either way), so the figures that matter are in
the database afterwards: exactly 24 seated from the rush, the others waiting, never a seat more than the capacity.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from burst import fire, summary  # bench/ is the script's own folder
from sqlalchemy import func, select

SEATS = 24


def prepare(database_url: str) -> int:
    """The id of the class the rush enrols in: enrolment open for every student, 24 seats free."""
    from portal import create_app
    from portal.core.calendar import today_in_rome
    from portal.courses.models import Course, Period
    from portal.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        period = db.session.scalar(select(Period).order_by(Period.starts_on.desc()))
        today = today_in_rome()
        period.enrolment_opens_on = today - timedelta(days=60)  # open for every priority group
        period.ends_on = max(period.ends_on, today + timedelta(days=30))
        course = db.session.scalar(select(Course).where(Course.period_id == period.id).order_by(Course.id))
        course.capacity = course.seats_taken + SEATS
        db.session.commit()
        return course.id


def burst(base: str, course_id: int, database_url: str, cookies: dict[str, str], request) -> dict:
    """`cookies`: access code -> session cookie; `request(base, path, cookie, data, headers)` one answer."""
    before = _seated(database_url, course_id)

    def token(code: str) -> str:
        _, page, _ = request(base, f"/courses/classes/{course_id}", cookies[code], None, {})
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)

    codes = list(cookies)
    with ThreadPoolExecutor(4) as pool:
        tokens = dict(zip(codes, pool.map(token, codes), strict=True))

    def post(code: str) -> int:
        status, _, _ = request(base, f"/courses/classes/{course_id}/enrol", cookies[code],
                               {"csrf_token": tokens[code]}, {})
        return status

    outcomes = summary(fire(post, codes))
    after = _seated(database_url, course_id)
    return {**{key: value for key, value in outcomes.items() if key not in ("booked_303", "refused_422")},
            "answered_303": outcomes["booked_303"], "seats": after["capacity"] - before["enrolled"],
            "seated_from_rush": after["enrolled"] - before["enrolled"], "waiting_from_rush": after["waiting"],
            "seats_taken_counter": after["seats_taken"], "capacity": after["capacity"],
            "overbooked": after["enrolled"] > after["capacity"] or after["seats_taken"] > after["capacity"]}


def _seated(database_url: str, course_id: int) -> dict:
    from portal import create_app
    from portal.courses.models import Course, Enrolment
    from portal.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        course = db.session.get(Course, course_id)
        count = {status: db.session.scalar(select(func.count(Enrolment.id)).where(
            Enrolment.course_id == course_id, Enrolment.status == status)) for status in ("enrolled", "waiting")}
        return {**count, "capacity": course.capacity, "seats_taken": course.seats_taken}
