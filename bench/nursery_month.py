"""SQL statements of the micro nido parent's month page (issue 17: at most 5 at 20 children and 11 months of history).

    .venv/bin/python bench/nursery_month.py              # JSON: statements per month page, the most, the limit
    .venv/bin/python bench/nursery_month.py --sqlite     # on a temporary SQLite file instead of PostgreSQL

A fresh database (BENCH_DATABASE_URL, default postgresql+psycopg://postgres@127.0.0.1:5432/portal_nursery_bench,
dropped and created) with a nursery year of 20 children (two of them the signed-in parent's), each with 11 months of
fees issued and paid with their receipts, a register day for every nursery day and an absence a week. The parent
opens the month page for each of the 11 months, through Flask's test client in this process; every statement sent
to the database during the request is counted, after one warm-up request; as in production the signed-in user and
the terms' version come from the shared cache (BENCH_CACHE_URL, default redis://127.0.0.1:6379/14; empty: no cache,
and those two reads add 2 statements).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import tempfile
from datetime import date, time, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LIMIT = 5
CHILDREN = 20
MONTHS = 11
PASSWORD = "bench-parent-password-2026"


def _app(url: str):
    from portal import create_app

    return create_app({
        "TESTING": True, "SECRET_KEY": secrets.token_urlsafe(48), "SQLALCHEMY_DATABASE_URI": url,
        "PORTAL_ENV": "testing", "PORTAL_MAIL_BACKEND": "smtp", "WTF_CSRF_ENABLED": False,
        "PORTAL_CACHE_URL": os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/14"),
        "PORTAL_CACHE_PREFIX": f"nursery-bench-{secrets.token_hex(4)}", "PORTAL_BASE_URL": "http://localhost",
        "PORTAL_UPLOAD_DIR": tempfile.mkdtemp(prefix="nursery-bench-"),
        "PORTAL_ARGON2_TIME_COST": 1, "PORTAL_ARGON2_MEMORY_KIB": 1024, "PORTAL_ARGON2_PARALLELISM": 1,
    })


def _seed(app, start: int) -> None:
    from sqlalchemy import insert, select

    from portal.auth.models import User
    from portal.auth.services import hash_password
    from portal.childcare import rules, services
    from portal.childcare.models import (
        Attendance,
        Child,
        Family,
        NurseryAbsence,
        NurseryCharge,
        NurseryPlace,
        NurseryReceipt,
        Payment,
    )
    from portal.extensions import db

    with app.test_request_context():
        office = User(access_code="ufficio", email="ufficio@example.edu", full_name="Ufficio", locale="it",
                      password_hash="x", must_change_password=False, accepted_terms_version=1)
        office.set_roles({"amministratore"})
        db.session.add(office)
        db.session.flush()
        year = services.open_year(office, start)
        families = []
        for index in range(CHILDREN - 1):  # the first family has two children: the parent who reads the month
            parent = User(access_code=f"genitore{index:02d}", email=f"g{index}@example.edu", full_name=f"Genitore {index}",
                          locale="it", must_change_password=False, accepted_terms_version=1,
                          password_hash=hash_password(PASSWORD) if index == 0 else "x")
            parent.set_roles({"genitore"})
            db.session.add(parent)
            db.session.flush()
            family = Family(parent_id=parent.id, category="staff", payer_codice_fiscale="RSSMRA85T10A562S",
                            address="Via Roma 1, 10121 Torino")
            db.session.add(family)
            db.session.flush()
            families.append(family)
        rank = 0
        for index in range(CHILDREN):
            family = families[0] if index < 2 else families[index - 1]
            child = Child(family_id=family.id, full_name=f"Bimbo {index}", birth_date=date(start - 1, 6, 1),
                          codice_fiscale="BNCLEO24E01L219E")
            db.session.add(child)
            db.session.flush()
            rank += 1
            db.session.add(NurseryPlace(year_id=year.id, rank=rank, family_id=family.id, child_id=child.id,
                                        category="b", attendance=("full_time", "vertical_3")[index % 2],
                                        days="" if index % 2 == 0 else "mon-wed-fri", status="enrolled"))
        year.taken = CHILDREN
        db.session.flush()
        months = rules.nursery_months(start, True)[:MONTHS]
        for month in months:
            services.issue_fees(office, year, month)
        number = 0
        for charge in db.session.scalars(select(NurseryCharge).order_by(NurseryCharge.id)):
            number += 1
            payment = Payment(family_id=charge.family_id, amount_cents=charge.amount_cents + 10_000,
                              method="transfer", purpose="nursery", paid_on=charge.month.replace(day=5),
                              receipt_year=2000 + number // 100_000, receipt_number=number,
                              recorded_by_id=office.id)
            db.session.add(payment)
            db.session.flush()
            charge.payment_id = payment.id
            db.session.add(NurseryReceipt(
                charge_id=charge.id, payment_id=payment.id, child_id=charge.child_id, family_id=charge.family_id,
                receipt_year=payment.receipt_year, receipt_number=number, month=charge.month,
                nursery_name="Micro nido Policino", nursery_tax_code="01234560017", payer_name="Genitore",
                payer_codice_fiscale="RSSMRA85T10A562S", payer_address="Via Roma 1", child_name="Bimbo",
                child_codice_fiscale="BNCLEO24E01L219E", fee_cents=charge.amount_cents, meals_cents=10_000,
                method="transfer", paid_on=payment.paid_on, issued_by_id=office.id))
        places = list(db.session.scalars(select(NurseryPlace)))
        rows, absences = [], []
        day, last = months[0], months[-1] + timedelta(days=31)
        while day < last:
            if day.weekday() < 5:
                for place in places:
                    if rules.attends_on(day, place.attendance, place.days):
                        if day.weekday() == 4 and place.child_id % 3 == 0:
                            absences.append({"child_id": place.child_id, "day": day, "in_time": True, "note": ""})
                            continue
                        rows.append({"child_id": place.child_id, "family_id": place.family_id, "day": day,
                                     "arrived_at": time(8, 30), "left_at": time(16, 15), "picked_up_by": "",
                                     "note": ""})
            day += timedelta(days=1)
        db.session.execute(insert(Attendance), rows)
        db.session.execute(insert(NurseryAbsence), absences)
        db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite", action="store_true", help="a temporary SQLite file instead of PostgreSQL")
    args = parser.parse_args()
    if args.sqlite:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='nursery-bench-')}/bench.db"
    else:
        sys.path.insert(0, str(ROOT / "bench"))
        import http_bench

        url = http_bench.fresh_database(os.environ.get(
            "BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/portal_nursery_bench"))
    app = _app(url)
    from sqlalchemy import event

    from portal.childcare import rules
    from portal.core.calendar import today_in_rome
    from portal.extensions import db

    with app.app_context():
        db.create_all()
    start = rules.nursery_year_of(today_in_rome()) - 1  # a whole past year: 11 months of history
    _seed(app, start)
    client = app.test_client()
    response = client.post("/auth/login", data={"access_code": "genitore00", "password": PASSWORD})
    assert response.status_code == 303, response.status_code
    client.get("/policino/nursery/month")  # warm-up: the templates compiled, the catalogs loaded
    seen: list[str] = []
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", lambda _c, _cur, statement, *_a: seen.append(statement))
    pages = {}
    for month in rules.nursery_months(start, True)[:MONTHS]:
        seen.clear()
        response = client.get(f"/policino/nursery/month?month={month:%Y-%m}")
        assert response.status_code == 200 and "Bimbo 1" in response.get_data(as_text=True), response.status_code
        pages[f"{month:%Y-%m}"] = len(seen)
        if os.environ.get("BENCH_SHOW_SQL"):
            print("\n---\n".join(s[:300] for s in seen), file=sys.stderr)
    with app.app_context():
        db.session.remove()
        if args.sqlite:
            db.drop_all()
        db.engine.dispose()
    most = max(pages.values())
    print(json.dumps({"bench": "nursery_month", "database": "sqlite" if args.sqlite else "postgresql",
                      "children": CHILDREN, "months_of_history": MONTHS, "statements_per_page": pages,
                      "most_statements": most, "limit": LIMIT, "within_limit": most <= LIMIT}, indent=2))
    sys.exit(0 if most <= LIMIT else 1)


if __name__ == "__main__":
    main()
