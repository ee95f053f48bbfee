"""The pages of an outage, on a phone: the translated 503 and the static bilingual fallback."""

from __future__ import annotations

import threading

import jinja2
from werkzeug.serving import make_server

from tests.browser.conftest import PHONE, assert_accessible, assert_fits_the_screen
from tests.site.test_outages import database_down  # noqa: F401 - the fixture: the portal with its database refusing


def test_the_outage_pages_read_well_on_a_phone(browser, client, signed_in, database_down):  # noqa: F811
    signed_in()
    cookie = client.get_cookie("portal_session").value
    server = make_server("127.0.0.1", 0, database_down, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    context = browser.new_context(viewport=PHONE, locale="it-IT", base_url=base)
    context.add_cookies([{"name": "portal_session", "value": cookie, "url": base}])
    tab = context.new_page()
    try:
        response = tab.goto("/")
        assert response.status == 503
        assert tab.get_by_role("heading", level=1).inner_text() == "Servizio temporaneamente non disponibile"
        assert_accessible(tab)
        assert_fits_the_screen(tab)

        database_down.jinja_env.loader = jinja2.DictLoader({})  # not even an error page can be rendered
        response = tab.goto("/")
        assert response.status == 503
        assert "Service temporarily unavailable" in tab.inner_text("main")
        assert_accessible(tab)
        assert_fits_the_screen(tab)
    finally:
        context.close()
        server.shutdown()
