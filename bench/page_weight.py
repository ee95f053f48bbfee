"""Page weight: what a phone's browser transfers on a first and a repeat visit, measured by a real Chromium.

    make bench-weight      # or: .venv/bin/python bench/page_weight.py [--json bench/page_weight.json]

Starts gunicorn in production mode on a fresh PostgreSQL database with the demo data (BENCH_DATABASE_URL, default
postgresql+psycopg://postgres@127.0.0.1:5432/portal_weight_bench; BENCH_CACHE_URL as in http_bench.py), signs in
the demo users and opens the login page, the home page, the wallet, Policino's booking page and the CAF slots of
the first office and the first step of a new CAF practice in Chromium (/usr/bin/chromium, 375 px wide) through Playwright. For each page:

- first visit: a new browser profile (empty cache), the page and everything it loads;
- repeat visit: the same page opened again in the same profile.

Bytes are what crossed the network as Chromium's DevTools protocol reports them (Network.loadingFinished's
encodedDataLength: headers and the body as transferred, so compressed when it was); requests are every request the
page made, and `network_requests` those not answered from the browser's caches. Service workers are blocked, so
that the figures are the page's own; `service_worker_precache` adds what the worker fetches once when it installs
(each precached address asked with Accept-Encoding: br, gzip).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

import http_bench  # bench/ is the script's own folder

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PHONE = {"width": 375, "height": 812}


def visit(context, url: str, screenshot: Path | None = None) -> dict:
    """Open url in a new tab of the context; what the network carried until the page was idle."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    requests: dict[str, dict] = {}
    cdp.on("Network.requestWillBeSent", lambda event: requests.setdefault(
        event["requestId"], {"url": event["request"]["url"], "bytes": 0, "cached": False}))
    cdp.on("Network.requestServedFromCache", lambda event: requests.get(event["requestId"], {}).update(cached=True))

    def received(event):
        entry = requests.get(event["requestId"])
        if entry is not None:
            response = event["response"]
            entry["cached"] = entry["cached"] or response.get("fromDiskCache") or response.get("fromPrefetchCache")
            entry["encoding"] = {key.lower(): value for key, value in response["headers"].items()}.get(
                "content-encoding", "")

    def finished(event):
        if event["requestId"] in requests:
            requests[event["requestId"]]["bytes"] = int(event["encodedDataLength"])

    cdp.on("Network.responseReceived", received)
    cdp.on("Network.loadingFinished", finished)
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(500)  # late font and sprite requests
    if screenshot:
        page.screenshot(path=str(screenshot), full_page=True)
    page.close()
    entries = list(requests.values())
    network = [entry for entry in entries if not entry["cached"] and entry["bytes"] > 0]
    return {
        "bytes": sum(entry["bytes"] for entry in network),
        "requests": len(entries),
        "network_requests": len(network),
        "files": sorted(
            ({"url": entry["url"].split("://", 1)[1].split("/", 1)[1], "bytes": entry["bytes"],
              "encoding": entry.get("encoding", "")} for entry in network),
            key=lambda item: -item["bytes"]),
    }


def precache_bytes(base: str) -> dict:
    body = urllib.request.urlopen(base + "/service-worker.js", timeout=10).read().decode()
    urls = json.loads(body.split("const PRECACHE = ", 1)[1].split(";\n", 1)[0])
    total = 0
    for url in urls:
        request = urllib.request.Request(base + url, headers={"Accept-Encoding": "br, gzip"})
        with urllib.request.urlopen(request, timeout=10) as response:
            total += len(response.read())
    return {"files": len(urls), "bytes": total}


def lighthouse(command: str, base: str, cookies: dict[str, str], pages: dict[str, tuple[str, str]]) -> dict:
    """Lighthouse's mobile preset (simulated slow 4G, 4x CPU slowdown) on each page: performance score and metrics.
    Not part of `make test` or `make bench`: `--lighthouse "npx lighthouse"` with Lighthouse installed by npm."""
    results = {}
    for name, (user, path) in pages.items():
        with tempfile.NamedTemporaryFile(suffix=".json") as report:
            headers = json.dumps({"Cookie": cookies[user]} if user else {})
            subprocess.run([*command.split(), base + path, "--quiet", "--only-categories=performance",
                            "--output=json", f"--output-path={report.name}", f"--extra-headers={headers}",
                            "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
                           check=True, env=dict(os.environ, CHROME_PATH=CHROMIUM), timeout=300)
            data = json.loads(Path(report.name).read_text())
        audits = data["audits"]
        results[name] = {
            "performance": round(data["categories"]["performance"]["score"] * 100)
            if data["categories"]["performance"]["score"] is not None else None,
            **{key: audits[audit].get("numericValue") for key, audit in (
                ("fcp_ms", "first-contentful-paint"), ("lcp_ms", "largest-contentful-paint"),
                ("tbt_ms", "total-blocking-time"), ("cls", "cumulative-layout-shift"))},
        }
    return results


def measure(base: str, cookies: dict[str, str], pages: dict[str, tuple[str, str]],
            screenshots: Path | None = None) -> dict:
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox", "--disable-gpu", "--disable-quic"])
        for name, (user, path) in pages.items():
            context = browser.new_context(viewport=PHONE, locale="it-IT", service_workers="block")
            if user:
                value = cookies[user].split("=", 1)[1]
                context.add_cookies([{"name": "portal_session", "value": value, "url": base}])
            first = visit(context, base + path, screenshots / f"{name}.png" if screenshots else None)
            repeat = visit(context, base + path)
            context.close()
            results[name] = {"path": path, "first_visit": first, "repeat_visit": repeat}
        browser.close()
    return results


def practice_form_path(base: str, cookie: str) -> str:
    """The demo student (abroad, no practice yet) starts one: its first step, the family members."""
    import re

    _, page, cookie = http_bench._request(base, "/caf/", cookie)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    opener = urllib.request.build_opener(http_bench.NoRedirect)
    request = urllib.request.Request(base + "/caf/practices/new", data=f"csrf_token={token}".encode(),
                                     headers={"Cookie": cookie})
    try:
        response = opener.open(request, timeout=30)
    except urllib.error.HTTPError as error:  # the 303
        response = error
    assert response.status == 303, f"starting a practice answered {response.status}"
    return response.headers["Location"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--files", action="store_true", help="list each file transferred")
    parser.add_argument("--lighthouse", metavar="COMMAND",
                        help='also run Lighthouse (mobile) on each page, e.g. "npx lighthouse"')
    parser.add_argument("--screenshots", type=Path, help="save each page (first visit, full page) in this folder")
    args = parser.parse_args()

    database = http_bench.fresh_database(os.environ.get(
        "BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/portal_weight_bench"))
    uploads = tempfile.mkdtemp(prefix="portal-weight-uploads-")
    env = dict(os.environ, DATABASE_URL=database, SECRET_KEY=secrets.token_urlsafe(48), PORTAL_ENV="production",
               FLASK_APP="app.py", PORTAL_LOGIN_RATE_PER_IP="1000 per minute", PORTAL_UPLOAD_DIR=uploads,
               PORTAL_CACHE_URL=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/14"),
               PORTAL_CACHE_PREFIX=f"weight-{secrets.token_hex(4)}")
    subprocess.run([BIN / "flask", "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([BIN / "flask", "seed-demo"], cwd=ROOT, env=env, check=True, capture_output=True)
    office_id = http_bench.first_office(database)

    port = http_bench.free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [BIN / "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "app:app"],
        cwd=ROOT, env=env, start_new_session=True)
    try:
        http_bench.wait_until_up(base)
        cookies = {user: http_bench.signed_in_cookie(base, user) for user in ("dipendente", "genitore", "studente")}
        pages = {
            "login": ("", "/auth/login"),
            "home": ("dipendente", "/"),
            "wallet": ("dipendente", "/wallet/"),
            "policino_booking": ("genitore", "/policino/book"),
            "caf_slots": ("studente", f"/caf/appointments/offices/{office_id}"),
            "caf_practice_form": ("studente", practice_form_path(base, cookies["studente"])),
        }
        if args.screenshots:
            args.screenshots.mkdir(parents=True, exist_ok=True)
        results = measure(base, cookies, pages, args.screenshots)
        precache = precache_bytes(base)
        scores = lighthouse(args.lighthouse, base, cookies, pages) if args.lighthouse else None
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(uploads, ignore_errors=True)
    if not args.files:
        for result in results.values():
            for visit_ in ("first_visit", "repeat_visit"):
                result[visit_].pop("files")
    report = {
        "benchmark": "page_weight",
        "browser": "Chromium (Playwright, CDP Network events), 375x812, service workers blocked, loopback",
        "server": "gunicorn, 2 sync workers, production settings",
        "results": results,
        "service_worker_precache": precache,
        "first_visit_max_bytes": max(result["first_visit"]["bytes"] for result in results.values()),
        "repeat_visit_max_bytes": max(result["repeat_visit"]["bytes"] for result in results.values()),
        "first_visit_max_requests": max(result["first_visit"]["requests"] for result in results.values()),
    }
    if scores:
        report["lighthouse_mobile"] = scores
    text = json.dumps(report, indent=2)
    if args.json:
        Path(args.json).write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
