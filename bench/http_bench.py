"""HTTP benchmark: gunicorn on PostgreSQL, driven by wrk on loopback, figures as JSON.

    make bench            # or: .venv/bin/python bench/http_bench.py --seconds 10 --connections 16
    .venv/bin/python bench/http_bench.py --bursts-only   # only the two booking rushes (a quick before/after)

Measures requests/s and p50/p95/p99 latency for the login page, the home page
of a signed-in user, the Conto Welfare live balance fragment, the Policino
booking grid fragment, the CAF slot grid fragment and the help desk's live
conversation thread (changed: 200; unchanged:
304 by ETag) and the bare /ping endpoint (the ceiling of the stack); then fires
200 booking attempts at once for the 24 places of one half hour, 200 students at
once for the 24 places of one CAF appointment time, the same 200 at once for the 24
free seats of an Italian course class, and 50 CAF students sending
their practice with 3 MB of scans each at the same moment, and reports
latencies, workers' peak memory and what the database holds.
The JSON ends with each fragment's throughput as a share of the /ping run just before it.
Needs wrk (Debian: apt-get install wrk), PostgreSQL (BENCH_DATABASE_URL,
default postgresql+psycopg://postgres@127.0.0.1:5432/portal_bench, created
afresh for each run) and Redis for the shared cache, as in production
(BENCH_CACHE_URL, default redis://127.0.0.1:6379/14).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import booking_burst  # bench/ is the script's own folder
import caf_slot_burst
import caf_submission
import courses_burst
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEMO_PASSWORD = "lampone-fiume-27-vela"
LUA_REPORT = """
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format(
    '{"requests": %d, "seconds": %.2f, "rps": %.1f, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, '
    .. '"errors": %d, "non_2xx": %d}\\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
"""


def fresh_database(url: str) -> str:
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()
    return target.render_as_string(hide_password=False)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(base: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:  # refused, reset or timed out while the workers boot
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start in time")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _request(base: str, path: str, cookie: str, data: dict | bytes | None = None, headers: dict | None = None):
    """One request without following redirects: (status, body, session cookie). `data`: a form or a raw body."""
    opener = urllib.request.build_opener(NoRedirect)
    body = urllib.parse.urlencode(data).encode() if isinstance(data, dict) else data
    request = urllib.request.Request(base + path, data=body,
                                     headers={**({"Cookie": cookie} if cookie else {}), **(headers or {})})
    try:
        response = opener.open(request, timeout=60)
    except urllib.error.HTTPError as error:  # 3xx arrive here without a redirect handler
        response = error
    set_cookie = response.headers.get("Set-Cookie", "")
    match = re.match(r"(portal_session=[^;]+)", set_cookie)
    return response.status, response.read().decode(), match.group(1) if match else cookie


def signed_in_cookie(base: str, access_code: str) -> str:
    """Sign in as a demo user the way a browser does, and accept the terms."""
    _, page, cookie = _request(base, "/auth/login", "")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    status, _, cookie = _request(base, "/auth/login", cookie,
                                 {"csrf_token": token, "access_code": access_code, "password": DEMO_PASSWORD})
    assert status == 303, f"login failed with {status}"
    status, page, cookie = _request(base, "/auth/first-access/terms", cookie)
    if status == 200:
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
        status, _, cookie = _request(base, "/auth/first-access/terms", cookie,
                                     {"csrf_token": token, "version": version, "accept": "y"})
    status, _, cookie = _request(base, "/", cookie)
    assert status == 200, f"home page answered {status}"
    return cookie


def first_office(database_url: str) -> int:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        office_id = connection.execute(text("SELECT min(id) FROM caf_offices")).scalar_one()
    engine.dispose()
    return office_id


def first_period(database_url: str) -> int:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        period_id = connection.execute(text("SELECT min(id) FROM courses_periods")).scalar_one()
    engine.dispose()
    return period_id


def first_conversation(database_url: str, access_code: str) -> int:
    """The demo's first help desk conversation of this person (its live thread is polled every 5 s)."""
    engine = create_engine(database_url)
    with engine.connect() as connection:
        conversation_id = connection.execute(text(
            "SELECT min(c.id) FROM helpdesk_conversations c JOIN users u ON u.id = c.user_id "
            "WHERE u.access_code = :code"), {"code": access_code}).scalar_one()
    engine.dispose()
    return conversation_id


def etag_of(url: str, cookie: str) -> str:
    request = urllib.request.Request(url, headers={"Cookie": cookie, "HX-Request": "true"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200, f"{url} answered {response.status}"
        return response.headers["ETag"]


def balance_etag(base: str, cookie: str) -> str:
    return etag_of(base + "/wallet/balance", cookie)


def run_wrk(url: str, seconds: int, connections: int, threads: int, cookie: str = "",
            headers: tuple[str, ...] = ()) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA_REPORT)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "-s", script.name]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True, timeout=seconds + 30).stdout
    os.unlink(script.name)
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--bursts-only", action="store_true",
                        help="only the rushes: Policino, CAF and course seats (the quick before/after check)")
    args = parser.parse_args()
    if not args.bursts_only and shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")

    database = fresh_database(os.environ.get("BENCH_DATABASE_URL",
                                             "postgresql+psycopg://postgres@127.0.0.1:5432/portal_bench"))
    uploads = tempfile.mkdtemp(prefix="portal-bench-uploads-")
    env = dict(os.environ, DATABASE_URL=database, SECRET_KEY=secrets.token_urlsafe(48), PORTAL_ENV="production",
               FLASK_APP="app.py", PORTAL_LOGIN_RATE_PER_IP="1000 per minute", PORTAL_UPLOAD_DIR=uploads,
               PORTAL_CACHE_URL=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/14"),
               PORTAL_CACHE_PREFIX=f"bench-{secrets.token_hex(4)}")
    subprocess.run([BIN / "flask", "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([BIN / "flask", "seed-demo"], cwd=ROOT, env=env, check=True, capture_output=True)
    burst_day, burst_start = booking_burst.prepare(database)
    caf_slot = caf_slot_burst.prepare(database)
    caf_submission.prepare(database)
    rush_course = courses_burst.prepare(database)
    office_id = first_office(database)
    period_id = first_period(database)
    conversation_id = first_conversation(database, "dipendente")

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [BIN / "gunicorn", "--workers", str(args.workers), "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
         "app:app"], cwd=ROOT, env=env, start_new_session=True)
    try:
        wait_until_up(base)
        if args.bursts_only:
            parent = signed_in_cookie(base, "genitore")
            print(json.dumps({
                "policino_booking_burst": booking_burst.burst(base, parent, burst_day, burst_start, database),
                "caf_slot_burst": caf_slot_burst.burst(base, caf_slot, database, signed_in_cookie, _request),
                "courses_seat_burst": courses_burst.burst(base, rush_course, database, caf_slot_burst.SIGNED_IN,
                                                          _request),
            }, indent=2))
            return
        cookie = signed_in_cookie(base, "dipendente")
        threads = min(2, args.connections)
        # Each live fragment is measured right after a run of /ping, so that its share compares two windows of the
        # same moment: on a shared 2-core machine throughput drifts between the start and the end of the bench.
        ping = lambda: run_wrk(base + "/ping", args.seconds, args.connections, threads)  # noqa: E731
        results = {
            "ping": ping(),
            "login_page": run_wrk(base + "/auth/login", args.seconds, args.connections, threads),
            "home_signed_in": run_wrk(base + "/", args.seconds, args.connections, threads, cookie),
        }
        parent = signed_in_cookie(base, "genitore")
        grid = f"{base}/policino/book/places?from={burst_day.isoformat()}"
        student = signed_in_cookie(base, "studente")
        slots = f"{base}/caf/appointments/offices/{office_id}/free"
        seats = f"{base}/courses/periods/{period_id}/seats"
        chat = f"{base}/help/c/{conversation_id}/thread"
        fragments = {
            "wallet_balance_fragment": lambda: run_wrk(base + "/wallet/balance", args.seconds, args.connections,
                                                       threads, cookie, ("HX-Request: true",)),
            "wallet_balance_unchanged_304": lambda: run_wrk(
                base + "/wallet/balance", args.seconds, args.connections, threads, cookie,
                ("HX-Request: true", f"If-None-Match: {balance_etag(base, cookie)}")),
            "policino_grid_fragment": lambda: run_wrk(grid, args.seconds, args.connections, threads, parent,
                                                      ("HX-Request: true",)),
            "policino_grid_unchanged_304": lambda: run_wrk(
                grid, args.seconds, args.connections, threads, parent,
                ("HX-Request: true", f"If-None-Match: {etag_of(grid, parent)}")),
            "caf_slots_fragment": lambda: run_wrk(slots, args.seconds, args.connections, threads, student,
                                                  ("HX-Request: true",)),
            "caf_slots_unchanged_304": lambda: run_wrk(
                slots, args.seconds, args.connections, threads, student,
                ("HX-Request: true", f"If-None-Match: {etag_of(slots, student)}")),
            "courses_seats_fragment": lambda: run_wrk(seats, args.seconds, args.connections, threads, student,
                                                      ("HX-Request: true",)),
            "courses_seats_unchanged_304": lambda: run_wrk(
                seats, args.seconds, args.connections, threads, student,
                ("HX-Request: true", f"If-None-Match: {etag_of(seats, student)}")),
            "helpdesk_thread_fragment": lambda: run_wrk(chat, args.seconds, args.connections, threads, cookie,
                                                        ("HX-Request: true",)),
            "helpdesk_thread_unchanged_304": lambda: run_wrk(
                chat, args.seconds, args.connections, threads, cookie,
                ("HX-Request: true", f"If-None-Match: {etag_of(chat, cookie)}")),
        }
        shares = {}
        for name, measure in fragments.items():
            results[f"ping_before_{name}"] = ping()
            results[name] = measure()
            shares[name] = round(results[name]["rps"] / results[f"ping_before_{name}"]["rps"], 2)
        results["policino_booking_burst"] = booking_burst.burst(base, parent, burst_day, burst_start, database)
        results["caf_slot_burst"] = caf_slot_burst.burst(base, caf_slot, database, signed_in_cookie, _request)
        results["courses_seat_burst"] = courses_burst.burst(base, rush_course, database, caf_slot_burst.SIGNED_IN,
                                                            _request)
        results["caf_submission_peak"] = caf_submission.peak(base, database, server.pid, signed_in_cookie, _request)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(uploads, ignore_errors=True)
    print(json.dumps({
        "benchmark": "http",
        "server": f"gunicorn, {args.workers} sync workers, PostgreSQL, Redis cache",
        "load": f"wrk, {args.connections} connections, {args.seconds}s per endpoint, loopback",
        "cpus": os.cpu_count(),
        "results": results,
        "balance_fragment_share_of_ping": shares["wallet_balance_fragment"],
        "balance_304_share_of_ping": shares["wallet_balance_unchanged_304"],
        "grid_fragment_share_of_ping": shares["policino_grid_fragment"],
        "grid_304_share_of_ping": shares["policino_grid_unchanged_304"],
        "caf_slots_fragment_share_of_ping": shares["caf_slots_fragment"],
        "caf_slots_304_share_of_ping": shares["caf_slots_unchanged_304"],
        "courses_seats_fragment_share_of_ping": shares["courses_seats_fragment"],
        "courses_seats_304_share_of_ping": shares["courses_seats_unchanged_304"],
        "helpdesk_thread_fragment_share_of_ping": shares["helpdesk_thread_fragment"],
        "helpdesk_thread_304_share_of_ping": shares["helpdesk_thread_unchanged_304"],
        "caf_submission_p95_ms": results["caf_submission_peak"]["uploads"]["p95_ms"],
    }, indent=2))


if __name__ == "__main__":
    main()
