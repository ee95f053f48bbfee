"""CAF appointments: 200 students pressing "book" at once for the 24 places of one appointment time, through HTTP.

The same rush as Policino's (booking_burst.py), for the CAF's slots: `prepare` creates 200 enrolled students in
the benchmark database and gives the first free time of the first office 24 places; `burst` signs them in, opens
each one's confirmation page, then fires one POST per student at the same moment and reports latencies, answers and
what the database holds afterwards (exactly 24 booked, never more).
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

from burst import fire, summary  # bench/ is the script's own folder
from sqlalchemy import func, select

ATTEMPTS = 200
PLACES = 24
SIGNED_IN: dict[str, str] = {}  # access code -> session cookie, once `burst` has signed the students in
PASSWORD = "lampone-fiume-27-vela"


def prepare(database_url: str) -> int:
    """200 enrolled students; the id of the slot they will rush, with 24 places."""
    from portal import create_app
    from portal.auth.models import User
    from portal.auth.services import hash_password
    from portal.caf import services
    from portal.caf.models import Office, Slot, Student
    from portal.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.test_request_context():
        password = hash_password(PASSWORD)
        for index in range(ATTEMPTS):
            user = User(access_code=f"rush{index:03d}", full_name=f"Rush {index:03d}", locale="en",
                        email=f"rush{index:03d}@example.com", password_hash=password, must_change_password=False,
                        accepted_terms_version=1)
            user.set_roles({"studente"})
            db.session.add(user)
            db.session.flush()
            db.session.add(Student(user_id=user.id, kind="enrolled", codice_persona=f"{80000000 + index}"))
        office = db.session.scalar(select(Office).where(Office.active.is_(True)).order_by(Office.id))
        days = services.free_slots(office)
        slot = db.session.get(Slot, days[0].slots[0].id)
        slot.counters = PLACES
        db.session.commit()
        return slot.id


def burst(base: str, slot_id: int, database_url: str, sign_in, request) -> dict:
    """`sign_in(base, code)` gives a session cookie; `request(base, path, cookie, data, headers)` one answer."""
    codes = [f"rush{index:03d}" for index in range(ATTEMPTS)]
    with ThreadPoolExecutor(4) as pool:
        cookies = dict(zip(codes, pool.map(lambda code: sign_in(base, code), codes), strict=True))
    SIGNED_IN.update(cookies)  # the course seats' rush (courses_burst.py) uses the same 200 students

    def token(code: str) -> str:
        _, page, _ = request(base, f"/caf/appointments/book?slot={slot_id}", cookies[code], None, {})
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)

    with ThreadPoolExecutor(4) as pool:
        tokens = dict(zip(codes, pool.map(token, codes), strict=True))
    def post(code: str) -> int:
        status, _, _ = request(base, "/caf/appointments/book", cookies[code],
                               {"csrf_token": tokens[code], "slot": str(slot_id)}, {})
        return status

    return {**summary(fire(post, codes)), **_database_says(database_url, slot_id)}


def _database_says(database_url: str, slot_id: int) -> dict:
    from portal import create_app
    from portal.caf.models import Appointment, Slot
    from portal.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        slot = db.session.get(Slot, slot_id)
        booked = db.session.scalar(select(func.count(Appointment.id)).where(Appointment.slot_id == slot_id,
                                                                           Appointment.status == "booked"))
        return {"places": slot.counters, "slot_booked_counter": slot.booked, "appointments_in_database": booked,
                "overbooked": booked > slot.counters}
