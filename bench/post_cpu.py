"""CPU per booking POST, inside the app: what one booking and one refusal cost, Policino and CAF, one at a time.

    .venv/bin/python bench/post_cpu.py            # CPU ms per POST (median), JSON
    .venv/bin/python bench/post_cpu.py --profile  # and the cProfile of 10 refusals and 10 bookings of each, to stderr

Same database, settings and data as `http_bench.py --bursts-only` (BENCH_DATABASE_URL, created afresh;
BENCH_CACHE_URL), but the requests go through Flask's test client in this process, so `time.process_time()` is the
CPU of the app alone (no HTTP server, no client threads) and cProfile sees the whole request.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import booking_burst  # bench/ is the script's own folder
import caf_slot_burst
import http_bench

ROOT = Path(__file__).resolve().parent.parent


def _client_request(app):
    """`http_bench._request`'s signature over the test client: (status, body, session cookie)."""
    client = app.test_client(use_cookies=False)

    def request(base, path, cookie, data=None, headers=None):
        response = client.open(path, method="POST" if data is not None else "GET", data=data,
                               headers={**({"Cookie": cookie} if cookie else {}), **(headers or {})})
        match = re.match(r"(portal_session=[^;]+)", response.headers.get("Set-Cookie", ""))
        if data is None and response.status_code in (301, 302, 303) and headers == {"follow": "yes"}:
            return request(base, response.headers["Location"], match.group(1) if match else cookie, None, headers)
        return response.status_code, response.get_data(as_text=True), match.group(1) if match else cookie
    return request


def _timed(send, profiler: cProfile.Profile | None) -> tuple[int, float]:
    began = time.process_time()
    if profiler:
        profiler.enable()
    status = send()
    if profiler:
        profiler.disable()
    return status, (time.process_time() - began) * 1000


def _report(name: str, profiler: cProfile.Profile | None) -> None:
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(35)
        print(f"===== {name}\n{out.getvalue()}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    database = http_bench.fresh_database(os.environ.get("BENCH_DATABASE_URL",
                                                        "postgresql+psycopg://postgres@127.0.0.1:5432/portal_bench"))
    uploads = tempfile.mkdtemp(prefix="portal-bench-uploads-")
    os.environ.update(DATABASE_URL=database, SECRET_KEY=secrets.token_urlsafe(48), PORTAL_ENV="production",
                      FLASK_APP="app.py", PORTAL_LOGIN_RATE_PER_IP="1000 per minute", PORTAL_UPLOAD_DIR=uploads,
                      PORTAL_CACHE_URL=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/14"),
                      PORTAL_CACHE_PREFIX=f"bench-{secrets.token_hex(4)}")
    subprocess.run([http_bench.BIN / "flask", "db", "upgrade"], cwd=ROOT, check=True, capture_output=True)
    subprocess.run([http_bench.BIN / "flask", "seed-demo"], cwd=ROOT, check=True, capture_output=True)
    day, start = booking_burst.prepare(database)
    slot_id = caf_slot_burst.prepare(database)
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    from app import app

    request = _client_request(app)
    results = {}

    # Policino: the demo parent books its children one at a time for the half hour, then is refused.
    http_bench._request = request  # its sign-in, through the test client
    parent = http_bench.signed_in_cookie("", "genitore")
    _, page, parent = request("", f"/policino/book/new?day={day.isoformat()}&start={start}", parent,
                              None, {"follow": "yes"})
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|"X-CSRFToken": "([^"]+)"', page)
    token = token.group(1) or token.group(2)
    children = re.findall(r'id="child-(\d+)" value="\d+"', page)

    def policino(child: str):
        return lambda: request("", "/policino/book/new", parent, {
            "csrf_token": token, "child": child, "day": day.isoformat(), "first": start, "last": start,
            "confirm": "yes"})[0]

    results["policino"] = _measure("policino", [policino(child) for child in children[:40]], args.profile)

    # CAF: 40 students, one POST each, for the 24 places of one time.
    codes = [f"rush{index:03d}" for index in range(40)]
    cookies = {code: http_bench.signed_in_cookie("", code) for code in codes}
    tokens = {}
    for code in codes:
        _, page, _ = request("", f"/caf/appointments/book?slot={slot_id}", cookies[code])
        tokens[code] = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)

    def caf(code: str):
        return lambda: request("", "/caf/appointments/book", cookies[code],
                               {"csrf_token": tokens[code], "slot": str(slot_id)})[0]

    results["caf"] = _measure("caf", [caf(code) for code in codes], args.profile)
    print(json.dumps(results, indent=2))


def _measure(name: str, sends, profile: bool) -> dict:
    booked, refused = [], []
    profilers = {"booking": cProfile.Profile() if profile else None,
                 "refusal": cProfile.Profile() if profile else None}
    for send in sends:
        kind = "booking" if len(booked) < 24 else "refusal"
        status, cpu = _timed(send, profilers[kind] if len(booked) >= 14 and kind == "booking" or
                             kind == "refusal" and len(refused) < 10 else None)
        (booked if status == 303 else refused).append((status, cpu))
    for kind, profiler in profilers.items():
        _report(f"{name} {kind}", profiler)
    return {"booked": len(booked), "refused": len(refused),
            "statuses": sorted({status for status, _ in booked + refused}),
            "booking_cpu_ms_median": round(statistics.median(cpu for _, cpu in booked), 1),
            "refusal_cpu_ms_median": round(statistics.median(cpu for _, cpu in refused), 1) if refused else None}


if __name__ == "__main__":
    main()
