"""Booking and cancelling a CAF appointment on a phone (issue 16, point 5), in real Chromium at 375 px in Italian and
English, with axe on every state and the 44 px tap-target check on the day strip, the time chips and the cancel
confirmation; and the same strip without JavaScript (plain links)."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.caf.models import Appointment
from portal.extensions import db
from tests.browser.conftest import PHONE, assert_accessible, assert_fits_the_screen
from tests.browser.test_journeys import sign_in
from tests.browser.test_phone_app import too_small
from tests.caf.conftest import make_student, office  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

WORDS = {
    "it": {"book": "Prenota", "cancel": "Annulla l'appuntamento", "sure": "Sì, annulla l'appuntamento",
           "keep": "No, lo mantengo", "cancelled": "Appuntamento annullato", "times": "orari",
           "what": "torna subito libero"},
    "en": {"book": "Book", "cancel": "Cancel the appointment", "sure": "Yes, cancel the appointment",
           "keep": "No, keep it", "cancelled": "Appointment cancelled", "times": "times",
           "what": "freed for other students"},
}


def check(page) -> None:
    assert_accessible(page)
    assert_fits_the_screen(page)
    assert too_small(page) == []


def _booked(app) -> int:
    with app.app_context():
        return len(db.session.scalars(select(Appointment).where(Appointment.status == "booked")).all())


@pytest.mark.parametrize("language", ["it", "en"])
def test_a_student_picks_a_day_then_a_time_and_cancels_after_confirming(app, page, make_student, office, language):
    words = WORDS[language]
    make_student(kind="enrolled", matricola="654321", locale=language)
    sign_in(page, "studente")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/caf/appointments")
    page.locator("main a", has_text="CAF Milano Leonardo").click()
    strip = page.locator("#caf-slots .caf-days")
    expect(strip).to_be_visible()
    chosen = page.locator("#caf-slots a.caf-day[aria-current=date]")
    expect(chosen).to_have_count(1)
    expect(chosen).to_contain_text(words["times"])
    first_day = chosen.get_attribute("id")
    boxes = page.locator("#caf-slots .caf-day, #caf-slots .caf-time").evaluate_all(
        "items => items.map(item => [item.getBoundingClientRect().width, item.getBoundingClientRect().height])")
    assert len(boxes) > 8 and all(width >= 44 and height >= 44 for width, height in boxes), boxes
    # The page is a strip and one day's times, not weeks of tiles: it fits a few screens of a phone.
    assert page.evaluate("document.documentElement.scrollHeight") < 3 * PHONE["height"]
    check(page)

    # Another day: htmx swaps the times in place and the address says which day (reload and back keep it).
    other = page.locator("#caf-slots a.caf-day:not([aria-current])").first
    other_id = other.get_attribute("id")
    other.click()
    page.wait_for_url(re.compile(r"\?day=\d{4}-\d{2}-\d{2}$"))
    expect(page.locator(f"#{other_id}")).to_have_attribute("aria-current", "date")
    expect(page.locator(f"#{first_day}")).not_to_have_attribute("aria-current", "date")
    assert page.url.endswith(other_id.removeprefix("caf-day-"))
    expect(page.locator("#caf-slots a.caf-time").first).to_be_visible()
    check(page)

    page.locator("#caf-slots a.caf-time").first.click()
    page.wait_for_url("**/caf/appointments/book?slot=*")
    check(page)
    page.get_by_role("button", name=words["book"], exact=True).click()
    page.wait_for_url("**/caf/appointments")
    assert _booked(app) == 1

    # Cancelling asks first and says what happens; "keep it" writes nothing.
    page.get_by_role("link", name=words["cancel"]).click()
    page.wait_for_url("**/cancel")
    expect(page.locator("main")).to_contain_text(words["what"])
    expect(page.locator("main")).to_contain_text("CAF Milano Leonardo")
    check(page)
    page.get_by_role("link", name=words["keep"]).click()
    page.wait_for_url("**/caf/appointments")
    assert _booked(app) == 1
    page.get_by_role("link", name=words["cancel"]).click()
    page.get_by_role("button", name=words["sure"]).click()
    page.wait_for_url("**/caf/appointments")
    expect(page.locator("main")).to_contain_text(words["cancelled"])
    assert _booked(app) == 0
    check(page)


def test_without_javascript_a_day_is_a_link_to_the_same_page(app, browser, live_server, make_student, office):
    make_student(kind="enrolled", matricola="654321", locale="it")
    context = browser.new_context(viewport=PHONE, locale="it-IT", base_url=live_server, java_script_enabled=False)
    try:
        tab = context.new_page()
        sign_in(tab, "studente")
        tab.wait_for_url(re.compile(r"/$"))
        tab.goto("/caf/appointments")
        tab.locator("main a", has_text="CAF Milano Leonardo").click()
        other = tab.locator("#caf-slots a.caf-day:not([aria-current])").first
        other_id = other.get_attribute("id")
        other.click()
        tab.wait_for_url(re.compile(r"\?day=\d{4}-\d{2}-\d{2}$"))
        expect(tab.locator(f"#{other_id}")).to_have_attribute("aria-current", "date")
        tab.locator("#caf-slots a.caf-time").first.click()
        tab.wait_for_url("**/caf/appointments/book?slot=*")
    finally:
        context.close()
