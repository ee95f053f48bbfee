"""Conto Welfare on a phone (375 x 667, IT and EN, axe): a staff member's first sign-in asks for the portal's terms
and the welfare plan's rules on one screen; the wallet's home then leads with the balance card and its two actions,
the countdown and the fringe-benefit meter, and its eight tabs scroll sideways without widening the page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_fits_the_screen
from tests.browser.test_journeys import sign_in
from tests.browser.test_phone_app import too_small

pytestmark = pytest.mark.browser

SMALL_PHONE = {"width": 375, "height": 667}  # an iPhone SE: the smallest screen the actions must fit without scrolling

WORDS = {
    "it": {"start": "Prima di iniziare", "terms": "Condizioni d'uso del portale", "rules": "Regolamento",
           "accept": "Ho letto e accetto i testi qui sopra", "go": "Accetta e continua",
           "reimburse": "Chiedi un rimborso", "use": "Usa il credito", "expires": r"Scade tra \d+ giorn",
           "balance": "Saldo", "fringe": "Fringe benefit di quest'anno", "opinion": "La tua opinione"},
    "en": {"start": "Before you start", "terms": "Terms of use of the portal", "rules": "Rules",
           "accept": "I have read and accept the texts above", "go": "Accept and continue",
           "reimburse": "Ask for a reimbursement", "use": "Use your credit", "expires": r"Expires in \d+ day",
           "balance": "Balance", "fringe": "Fringe benefits this year", "opinion": "Your opinion"},
}


@pytest.mark.parametrize("language", ["it", "en"])
def test_first_sign_in_to_the_wallet_home_on_a_small_phone(page, make_user, make_wallet, language):
    words = WORDS[language]
    make_wallet(make_user(accept_terms=False, locale=language), accept_rules=False)
    page.set_viewport_size(SMALL_PHONE)
    sign_in(page)

    # One screen for both texts, each collapsible, one box and one button.
    page.wait_for_url("**/auth/first-access/terms**")
    expect(page.get_by_role("heading", level=1)).to_have_text(words["start"])
    summaries = page.locator("main details > summary")
    expect(summaries).to_have_count(2)
    expect(summaries.nth(0)).to_contain_text(words["terms"])
    expect(summaries.nth(1)).to_contain_text(words["rules"])
    expect(page.locator("main form button[type=submit]")).to_have_count(1)
    summaries.nth(1).click()
    expect(page.locator("main details").nth(1).locator(".portal-legal")).to_be_visible()
    assert_accessible(page)
    assert_fits_the_screen(page)
    assert too_small(page) == []
    page.get_by_text(words["accept"]).click()
    page.get_by_role("button", name=words["go"]).click()
    page.wait_for_url(re.compile(r"/$"))

    # Straight into the wallet: the plan's rules are not asked a second time.
    page.goto("/wallet/")
    page.wait_for_url("**/wallet/")
    assert page.evaluate("window.scrollY") == 0
    cards = page.locator("main .card")
    first = cards.first.bounding_box()
    assert cards.first.get_attribute("id") == "wallet-balance"
    assert first["y"] < SMALL_PHONE["height"] / 2, f"the balance card starts at {first['y']} px"
    assert all(first["y"] <= cards.nth(i).bounding_box()["y"] for i in range(cards.count()))
    expect(page.locator("#wallet-balance [role=status]")).to_contain_text("1.800,00" if language == "it" else "1,800.00")
    for name in (words["reimburse"], words["use"]):
        action = page.locator("#wallet-balance").get_by_role("link", name=name)
        expect(action).to_be_visible()
        box = action.bounding_box()
        assert box["y"] + box["height"] <= SMALL_PHONE["height"], f"{name} is below the fold at {box}"
        assert box["height"] >= 44 and box["width"] >= 44
    expect(page.locator("#wallet-expiry")).to_have_text(re.compile(words["expires"]))
    meter = page.get_by_role("progressbar", name=words["fringe"])
    expect(meter).to_have_attribute("aria-valuenow", "0")
    expect(page.locator("#wallet-fringe-text")).to_contain_text("0,00" if language == "it" else "0.00")

    # The eight tabs: one row that scrolls inside itself (there is more to the right), never the page.
    tabs = page.locator("main nav .portal-tabs")
    expect(tabs.locator("a")).to_have_count(8)
    expect(tabs.locator("a[aria-current=page]")).to_have_text(words["balance"])
    row = tabs.evaluate("row => ({scroll: row.scrollWidth, width: row.clientWidth, left: row.scrollLeft})")
    assert row["scroll"] > row["width"] and row["left"] == 0
    assert tabs.bounding_box()["x"] + tabs.bounding_box()["width"] <= SMALL_PHONE["width"]
    assert_fits_the_screen(page)
    assert_accessible(page)
    assert too_small(page) == []

    # The last tab, once open, is scrolled into view and marked as the current one.
    tabs.locator("a").last.click()
    page.wait_for_url("**/wallet/feedback")
    current = page.locator("main nav .portal-tabs a[aria-current=page]")
    expect(current).to_have_text(words["opinion"])
    box = current.bounding_box()
    assert 0 <= box["x"] and box["x"] + box["width"] <= SMALL_PHONE["width"]
    assert_fits_the_screen(page)
    assert page.console_errors == []
