"""The micro nido's register page: SQL statements and time per page at 20 children and 11 months of history.

    .venv/bin/python bench/nursery_register.py [--requests 50]      # JSON on stdout

A fresh database (BENCH_DATABASE_URL, default a temporary SQLite file; a PostgreSQL URL works too, created by the
migrations) gets a nursery year with 20 enrolled children, an educator, and 11 months of school days before today:
each day every child's arrival and pick-up, two educators' stays and the 9:30 meal count with its 20 meals. Then
the educator opens today's register `--requests` times through Flask's test client (the signed-in user is cached
after the first request, as in production). Reports the statements per page (the issue asks for at most 5), the
median and 95th percentile wall time and the rows of history.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time as clock
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "lampone-fiume-27-vela"
CHILDREN = 20
MONTHS = 11


def _prepare(app) -> dict:
    from sqlalchemy import func, select

    from portal.auth.models import User
    from portal.auth.services import hash_password
    from portal.childcare import rules, services
    from portal.childcare.models import (
        Attendance,
        Child,
        Family,
        Meal,
        MealCount,
        NurseryPlace,
        StaffPresence,
    )
    from portal.core.calendar import add_months, today_in_rome
    from portal.extensions import db

    with app.test_request_context():
        password = hash_password(PASSWORD)
        users = {}
        for code, role in (("ufficio", "amministratore"), ("edu1", "educatore"), ("edu2", "educatore")):
            user = User(access_code=code, full_name=code.title(), locale="it", email=f"{code}@example.edu",
                        password_hash=password, must_change_password=False, accepted_terms_version=1)
            user.set_roles({role})
            db.session.add(user)
            users[code] = user
        db.session.flush()
        today = today_in_rome()
        year = services.open_year(users["ufficio"], rules.nursery_year_of(today))
        children = []
        for index in range(CHILDREN):
            parent = User(access_code=f"genitore{index:02d}", full_name=f"Genitore {index:02d}", locale="it",
                          email=f"genitore{index:02d}@example.edu", password_hash=password,
                          must_change_password=False, accepted_terms_version=1)
            parent.set_roles({"genitore"})
            db.session.add(parent)
            db.session.flush()
            family = Family(parent_id=parent.id, category="staff")
            db.session.add(family)
            db.session.flush()
            child = Child(family_id=family.id, full_name=f"Bimbo {index:02d}", birth_date=date(year.start_year - 1, 6, 1))
            db.session.add(child)
            db.session.flush()
            db.session.add(NurseryPlace(year_id=year.id, rank=index + 1, family_id=family.id, child_id=child.id,
                                        category="a", attendance="full_time", status="enrolled"))
            children.append(child)
        year.taken = CHILDREN
        db.session.flush()
        day, days = add_months(today, -MONTHS), 0
        while day < today:
            if rules.nursery_open(day):
                days += 1
                for child in children:
                    db.session.add(Attendance(child_id=child.id, family_id=child.family_id, day=day,
                                              arrived_at=time(8, 30), left_at=time(16, 0), picked_up_by="Genitore"))
                for code, (start, end) in (("edu1", (time(7, 55), time(13, 0))), ("edu2", (time(11, 0), time(16, 30)))):
                    db.session.add(StaffPresence(educator_id=users[code].id, day=day, arrived_at=start, left_at=end))
                db.session.add(MealCount(day=day, meals=CHILDREN, special_diets=0, sent_at=datetime.now(UTC)))
                db.session.flush()
                db.session.execute(Meal.__table__.insert(), [{"day": day, "child_id": child.id,
                                                               "family_id": child.family_id, "diet": ""}
                                                              for child in children])
            day += timedelta(days=1)
        for index, child in enumerate(children[:12]):  # this morning: 12 arrived
            db.session.add(Attendance(child_id=child.id, family_id=child.family_id, day=today,
                                      arrived_at=time(8, index % 30)))
        db.session.add(StaffPresence(educator_id=users["edu1"].id, day=today, arrived_at=time(7, 55)))
        db.session.commit()
        return {"school_days": days, "attendance_rows": db.session.scalar(select(func.count()).select_from(Attendance)),
                "meal_rows": db.session.scalar(select(func.count()).select_from(Meal))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    from sqlalchemy import event

    from portal import create_app
    from portal.extensions import db

    folder = tempfile.mkdtemp(prefix="nursery-register-")
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{folder}/bench.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-secret-key-long-enough-0123456789abcd",
                      "PORTAL_ENV": "testing", "WTF_CSRF_ENABLED": False, "PORTAL_MAIL_BACKEND": "smtp",
                      "PORTAL_CACHE_URL": os.environ.get("BENCH_CACHE_URL", "memory://"),
                      "PORTAL_BASE_URL": "http://localhost", "PORTAL_UPLOAD_DIR": f"{folder}/uploads"})
    with app.app_context():
        from flask_migrate import upgrade
        upgrade(directory=str(ROOT / "migrations"))
    history = _prepare(app)
    client = app.test_client()
    client.post("/auth/login", data={"access_code": "edu1", "password": PASSWORD})
    first = client.get("/policino/nursery/register")
    assert first.status_code == 200, first.status_code
    counts: list[int] = []
    seen: list[str] = []
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    timings = []
    for _ in range(args.requests):
        seen.clear()
        began = clock.perf_counter()
        response = client.get("/policino/nursery/register")
        timings.append((clock.perf_counter() - began) * 1000)
        assert response.status_code == 200
        counts.append(len(seen))
    timings.sort()
    result = {"page": "/policino/nursery/register", "children": CHILDREN, "months_of_history": MONTHS,
              **history, "requests": args.requests, "database": url.split(":", 1)[0],
              "statements_per_page": max(counts), "budget_statements": 5,
              "median_ms": round(statistics.median(timings), 1),
              "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 1)}
    print(json.dumps(result, indent=2))
    if max(counts) > 5:
        sys.exit(1)


if __name__ == "__main__":
    main()
