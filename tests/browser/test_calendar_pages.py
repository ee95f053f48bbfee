"""My calendar on the profile page, on a phone, in both languages: make the link, see it once with the
subscription help, then revoke it; the link answers a calendar (no session) until revoked."""

import re
import urllib.error
import urllib.request

import pytest

from tests.browser.conftest import assert_accessible, assert_fits_the_screen
from tests.browser.test_journeys import sign_in

pytestmark = pytest.mark.browser

WORDS = {
    "it": {"heading": "Il mio calendario", "make": "Crea il link del mio calendario",
           "add": "Aggiungi al mio calendario", "iphone": "iPhone e iPad", "revoke": "Revoca il link del calendario",
           "renew": "Crea un nuovo link del calendario", "revoked": "non funziona più",
           "label": "Link del calendario (https)"},
    "en": {"heading": "My calendar", "make": "Make my calendar link", "add": "Add to my calendar",
           "iphone": "iPhone and iPad", "revoke": "Revoke the calendar link", "renew": "Make a new calendar link",
           "revoked": "no longer works", "label": "Calendar link (https)"},
}


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url) as answer:  # a phone's calendar: no cookie, no session
            assert answer.headers.get_content_type() == "text/calendar"
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize("language", ["it", "en"])
def test_my_calendar_link_is_made_shown_once_and_revoked_on_a_phone(page, make_user, live_server, language):
    words = WORDS[language]
    make_user(roles=("studente", "genitore"), locale=language)
    sign_in(page)
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/auth/profile")
    assert page.get_by_role("heading", name=words["heading"]).is_visible()
    page.get_by_text(words["iphone"]).click()  # the help opens in place
    assert_accessible(page)
    assert_fits_the_screen(page)

    page.get_by_role("button", name=words["make"]).click()
    page.wait_for_load_state()
    link = page.get_by_label(words["label"]).input_value()
    path = re.fullmatch(r"http://localhost(/auth/calendar/[A-Za-z0-9_-]{43}\.ics)", link).group(1)
    add = page.get_by_role("link", name=words["add"])
    assert add.get_attribute("href") == "webcal://" + link.split("://", 1)[1]
    box = add.bounding_box()
    assert box["height"] >= 44  # a tap target on a phone
    assert_accessible(page)
    assert_fits_the_screen(page)
    assert status_of(live_server + path) == 200

    page.goto("/auth/profile")  # shown once: only its hash is kept
    assert link not in page.content()
    assert page.get_by_role("button", name=words["renew"]).is_visible()
    page.get_by_role("button", name=words["revoke"]).click()
    page.wait_for_url("**/auth/profile#calendar")
    assert words["revoked"] in page.locator("#portal-alerts").inner_text()
    assert_accessible(page)
    assert_fits_the_screen(page)
    assert status_of(live_server + path) == 404
    assert page.console_errors == []
