"""The discounts portal's search as you type with 2,000 offers: SQL statements and time per answer, JSON.

    .venv/bin/python bench/discounts_search.py [--json bench/discounts_search.json] [--offers 2000] [--rounds 20]

BENCH_DATABASE_URL names the database (created afresh: every table is dropped and created again, so never point it
at data you keep); without it a temporary SQLite file. BENCH_CACHE_URL as in http_bench.py (default: the in-process
cache). A researcher signs in through Flask's test client; each query of the search box is asked `rounds` times as
htmx asks it (HX-Request), the SQL statements of every answer counted on the engine, and the wall time's median and
95th percentile reported. The budget is 3 statements per answer whatever the number of offers: the offers with their
merchants in one SELECT, the person's favourites among them in a second.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, insert  # noqa: E402

from portal import create_app  # noqa: E402
from portal.auth.models import User  # noqa: E402
from portal.auth.services import hash_password  # noqa: E402
from portal.core.calendar import today_in_rome  # noqa: E402
from portal.discounts.models import DiscountOffer, Merchant  # noqa: E402
from portal.extensions import db  # noqa: E402

PASSWORD = "violino-tramonto-42-brezza"
BUDGET = 3
QUERIES = ("", "town=Torino", "q=bottega", "q=sconto&category=food", "province=CN&new=1", "favourites=1",
           "town=Biella&page=2", "more=1&page=2", "q=" + "x" * 100)  # more=1: the rows "Show more offers" adds
PROVINCES = {"TO": "Torino", "CN": "Cuneo", "AT": "Asti", "AL": "Alessandria", "NO": "Novara", "VC": "Vercelli",
             "BI": "Biella", "VB": "Verbania"}
CATEGORIES = ("food", "sport", "culture", "travel", "health", "services", "shopping", "home")


def _app(url: str):
    app = create_app({"SECRET_KEY": "bench-secret-key-that-is-long-enough-0123456789", "SQLALCHEMY_DATABASE_URI": url,
                      "PORTAL_ENV": "testing", "TESTING": True, "WTF_CSRF_ENABLED": False,
                      "PORTAL_MAIL_BACKEND": "smtp", "PORTAL_ARGON2_TIME_COST": 1, "PORTAL_ARGON2_MEMORY_KIB": 1024,
                      "PORTAL_ARGON2_PARALLELISM": 1, "RATELIMIT_ENABLED": False,
                      "PORTAL_CACHE_URL": os.environ.get("BENCH_CACHE_URL", "memory://")})
    with app.app_context():
        db.drop_all()
        db.create_all()
    return app


def _seed(app, offers: int) -> None:
    today = today_in_rome()
    provinces = list(PROVINCES)
    with app.app_context():
        merchants = list(db.session.execute(insert(Merchant).returning(Merchant.id), [
            {"name": f"Bottega {number:04d}", "website": "", "phone": ""} for number in range(offers // 10)]).scalars())
        db.session.execute(insert(DiscountOffer), [
            {"merchant_id": merchants[number % len(merchants)], "title": f"Sconto {number % 30 + 5} per cento",
             "category": CATEGORIES[number % 8], "redeem": ("code", "card", "link")[number % 3],
             "code": f"UNI{number:05d}" if number % 3 == 0 else "",
             "link": "https://shop.example.it" if number % 3 == 2 else "", "conditions": "", "address": "Via Roma 1",
             "town": PROVINCES[provinces[number % 8]], "province": provinces[number % 8],
             "valid_from": today - timedelta(days=number % 20), "valid_to": today + timedelta(days=30 + number % 90),
             "published_on": today - timedelta(days=number % 40)} for number in range(offers)])
        user = User(access_code="ricercatrice", email="ricercatrice@example.edu", full_name="Elena Ricci",
                    locale="it", password_hash=hash_password(PASSWORD), must_change_password=False,
                    accepted_terms_version=1)
        user.set_roles({"ricercatore"})
        db.session.add(user)
        db.session.commit()


def run(offers: int, rounds: int) -> dict:
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    app = _app(url)
    _seed(app, offers)
    client = app.test_client()
    assert client.post("/auth/login", data={"access_code": "ricercatrice", "password": PASSWORD}).status_code == 303
    seen: list[str] = []
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", lambda *args: seen.append(args[2]))
    results = []
    for query in QUERIES:
        client.get(f"/discounts/search?{query}", headers={"HX-Request": "true"})  # warm: the session's user cached
        counts, times = [], []
        for _ in range(rounds):
            seen.clear()
            began = time.perf_counter()
            response = client.get(f"/discounts/search?{query}", headers={"HX-Request": "true"})
            times.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, (query, response.status_code)
            counts.append(len(seen))
        times.sort()
        results.append({"query": query or "(all)", "statements": max(counts),
                        "median_ms": round(statistics.median(times), 2),
                        "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 2)})
    return {"offers": offers, "rounds": rounds, "database": engine.dialect.name, "budget_statements": BUDGET,
            "within_budget": all(row["statements"] <= BUDGET for row in results), "queries": results}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", help="write the results to this file as well")
    parser.add_argument("--offers", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args(argv)
    report = run(args.offers, args.rounds)
    text = json.dumps(report, indent=2)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")
    return 0 if report["within_budget"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
