"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright against a live server."""

from __future__ import annotations

import os
import shutil
import threading
from functools import partial

import pytest
from werkzeug.serving import make_server

from tests import wallet_factories

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PHONE = {"width": 375, "height": 812}
# Runs in every page the journeys open, after it loads and after each htmx swap: escaped HTML must never be
# what a person reads (the home page once showed its cards' <p> tags to everyone while string checks passed).
VISIBLE_MARKUP_CHECK = r"""
(() => {
  const markup = /<[a-zA-Z\/!][^>]*>|&(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);|\bclass="/;
  const check = () => {
    const text = document.body ? document.body.innerText : "";
    const found = text.match(markup);
    if (found) {
      const where = location.pathname + location.search;
      window.portalVisibleMarkup(where, text.slice(Math.max(0, found.index - 60), found.index + 80));
    }
  };
  document.addEventListener("DOMContentLoaded", check);
  document.addEventListener("htmx:afterSettle", check);
})();
"""
# Nothing in flight and no finite transition running: a region fading back from its busy state (opacity .6) has
# colours in between, which axe would measure on a slow machine.
SETTLED = """() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping, [aria-busy="true"]')
  && document.getAnimations().every(animation => animation.playState !== 'running'
     || animation.effect.getComputedTiming().endTime === Infinity)"""
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


@pytest.fixture(scope="session")
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        pytest.exit(f"Chromium not found at {CHROMIUM}: .ci/run installs it (apt-get install chromium).", returncode=3)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


def phone_context(browser, live_server, locale="it-IT"):
    """A phone's browser whose every page is checked for markup in its visible text (see close_phone_context)."""
    context = browser.new_context(viewport=PHONE, locale=locale, base_url=live_server)
    context.set_default_timeout(10_000)
    seen: list[str] = []
    context.expose_function("portalVisibleMarkup", lambda where, text: seen.append(f"{where}: …{text}…"))
    context.add_init_script(VISIBLE_MARKUP_CHECK)
    context.markup_seen = seen  # type: ignore[attr-defined]
    return context


def close_phone_context(context) -> None:
    context.close()
    assert context.markup_seen == [], "visible text holds markup:\n" + "\n".join(context.markup_seen)


@pytest.fixture
def page(app, browser, live_server):
    app.config["WTF_CSRF_ENABLED"] = True
    context = phone_context(browser, live_server)
    errors: list[str] = []
    tab = context.new_page()
    # JavaScript and CSP errors; an HTTP status the test asked for (422, 404) is not one.
    tab.on("console", lambda message: errors.append(message.text)
           if message.type == "error" and not message.text.startswith("Failed to load resource") else None)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.console_errors = errors  # type: ignore[attr-defined]
    yield tab
    app.config["WTF_CSRF_ENABLED"] = False
    close_phone_context(context)


def assert_accessible(page) -> None:
    """axe-core finds no violation (WCAG 2.x A/AA and best practices) on the page as shown."""
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_function(SETTLED)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def assert_fits_the_screen(page) -> None:
    """Nothing wider than the phone: no sideways scrolling at 375 px."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"page is {width}px wide"


# -- Conto Welfare rows (the same factories as tests/wallet/conftest.py) --


@pytest.fixture
def plan_year(app):
    return wallet_factories.plan_year(app)


@pytest.fixture
def make_wallet(app, plan_year):
    """make_wallet(user, allocation_cents=180_000, coefficient="1", accept_rules=True): a wallet of this year."""
    return partial(wallet_factories.wallet, app, plan_year)


@pytest.fixture
def categories(app):
    return wallet_factories.reimbursement_categories(app)

