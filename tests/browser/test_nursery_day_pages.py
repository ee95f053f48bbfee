"""The micro nido's day on a phone, in Italian and English, with axe: an educator does the morning register and
sends the meal count; opens a child's card; the office reads the monthly report."""

import importlib
import re
from datetime import datetime, time, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.childcare import rules
from portal.childcare.models import ChildDiet, NurseryPlace
from portal.extensions import db
from tests.browser.conftest import assert_accessible, assert_fits_the_screen
from tests.browser.test_journeys import sign_in
from tests.childcare_nursery_factories import START, TODAY, nursery_family, nursery_year

pytestmark = pytest.mark.browser

TEXT = {
    "it": {"arrived": "Presente", "absent": "Assente", "send": "Invia ora il numero dei pasti", "sure": "Sì, invialo",
           "sent": "pasti per", "card": "Scheda di", "report": "Resoconto del micro nido",
           "ratio": "Bambini ed educatori ogni 15 minuti", "marked": "segnato/a assente"},
    "en": {"arrived": "Arrived", "absent": "Absent", "send": "Send the meal count now", "sure": "Yes, send it", "sent": "meals for",
           "card": "Card of", "report": "Micro nido report", "ratio": "Children and educators every 15 minutes",
           "marked": "is marked absent"},
}


def _school_monday():
    day = TODAY - timedelta(days=TODAY.weekday() or 7)
    while not rules.nursery_open(day) or day.month in (7, 8):
        day -= timedelta(days=7)
    return day


DAY = _school_monday()


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_morning_register_and_the_meal_count_then_the_office_reads_the_report(app, page, make_user, monkeypatch,
                                                                                  language):
    if rules.nursery_year_of(DAY) != START:
        pytest.skip("no school day of this nursery year has passed yet")
    module = importlib.import_module("portal.childcare.services.nursery_day")
    monkeypatch.setattr(module, "now_in_rome", lambda: datetime.combine(DAY, time(9, 5)))
    words = TEXT[language]
    make_user("ufficio", roles=("amministratore",), locale=language, full_name="Ufficio Welfare")
    make_user("edu", roles=("educatore",), locale=language, full_name="Elena Educatrice")
    nursery_year(app)
    nursery_family(app, make_user, "anna", children=(("Leo", "a", "full_time", None), ("Bea", "a", "morning", None)))
    with app.app_context():
        leo = db.session.scalar(select(NurseryPlace).order_by(NurseryPlace.rank)).child
        db.session.add(ChildDiet(child_id=leo.id, description="Senza glutine", medical=True,
                                 certificate_expires_on=TODAY + timedelta(days=10)))
        db.session.commit()
        leo_id = leo.id
    sign_in(page, "edu")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/policino/nursery/register")
    expect(page.locator("h1")).to_be_visible()
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.get_by_role("button", name=f"{words['arrived']} Leo anna").click()
    expect(page.locator("body")).to_contain_text("Leo anna")
    page.get_by_role("button", name=f"{words['absent']} Bea anna").click()
    expect(page.locator("body")).to_contain_text(words["marked"])
    assert_accessible(page)
    page.locator("summary", has_text=words["send"]).click()  # it cannot be undone: asks once more
    assert_accessible(page)
    page.get_by_role("button", name=words["sure"]).click()
    expect(page.locator("body")).to_contain_text(words["sent"])
    expect(page.locator("body")).to_contain_text("Senza glutine")
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.goto(f"/policino/nursery/children/{leo_id}/card")
    expect(page.locator("h1")).to_contain_text(words["card"])
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.context.clear_cookies()
    sign_in(page, "ufficio")
    page.wait_for_url(re.compile(r"/$"))
    page.goto(f"/policino/nursery/report?month={DAY:%Y-%m}")
    expect(page.locator("h1")).to_contain_text(words["report"])
    expect(page.locator("body")).to_contain_text(words["ratio"])
    assert_accessible(page)
    assert_fits_the_screen(page)
    assert page.console_errors == []
