"""The discounts portal in real Chromium at 375 px, Italian and English, axe on every page: a researcher (no wallet)
finds an offer by town as she types, reveals its code and reports it as not working; the office previews and
publishes an offer, reads the report and the figures."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.core.affiliations import AffiliationRequest
from portal.discounts.models import OfferReport
from portal.extensions import db
from tests import discounts_factories
from tests.browser.conftest import assert_accessible, assert_fits_the_screen
from tests.browser.test_journeys import sign_in

pytestmark = pytest.mark.browser

TEXT = {
    "it": {"town": "Comune", "code": "Mostra il codice", "yours": "Il tuo codice", "report": "Non ha funzionato",
           "reason": "Il codice non ha funzionato", "send": "Invia la segnalazione", "thanks": "Grazie",
           "commission": "nessuna commissione", "offers": "offerte", "publish": "Pubblica l'offerta",
           "published": "Offerta pubblicata", "figures": "Visualizzazioni per mese", "draft": "Anteprima di una bozza",
           "suggest": "Suggerisci un esercente", "kind": "Uno sconto presso un esercente", "ask": "Invia la richiesta",
           "name": "Nome del negozio", "why": "Cosa offre", "waiting": "In attesa di risposta",
           "more": "Mostra altre offerte", "culture": "Cultura"},
    "en": {"town": "Town", "code": "Show the code", "yours": "Your code", "report": "It did not work",
           "reason": "The code did not work", "send": "Send the report", "thanks": "Thank you",
           "commission": "no commission", "offers": "offers", "publish": "Publish the offer",
           "published": "Offer published", "figures": "Views per month", "draft": "Preview of a draft",
           "suggest": "Suggest a merchant", "kind": "A discount at a merchant", "ask": "Send the request",
           "name": "Name of the shop", "why": "What they offer", "waiting": "Waiting for an answer",
           "more": "Show more offers", "culture": "Culture"},
}


def check(page) -> None:
    assert_accessible(page)
    assert_fits_the_screen(page)


@pytest.mark.parametrize("language", ["it", "en"])
def test_a_researcher_finds_an_offer_by_town_reveals_its_code_and_reports_it(app, page, make_user, language):
    words = TEXT[language]
    merchant = discounts_factories.merchant(app, "Cicli Ruota Libera")
    discounts_factories.offer(app, merchant)  # in Alba (CN), code UNIBICI20
    other = discounts_factories.merchant(app, "Teatro delle Rive")
    discounts_factories.offer(app, other, title="Biglietto ridotto dal lunedì al giovedì", category="culture",
                              town="Novara", province="NO", redeem="card", code="")
    make_user("ricercatrice", roles=("ricercatore",), locale=language, full_name="Elena Ricci")
    sign_in(page, "ricercatrice")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/discounts/")
    expect(page.locator("main")).to_contain_text(words["commission"])
    expect(page.locator("#offer-results")).to_contain_text(f"2 {words['offers']}")
    check(page)
    # search as you type: the town, and the results change without a new page
    page.get_by_label(words["town"], exact=True).press_sequentially("Alba", delay=30)
    expect(page.locator("#offer-results")).not_to_contain_text("Teatro delle Rive")
    expect(page.locator("#offer-results")).to_contain_text("Cicli Ruota Libera")
    check(page)
    page.get_by_role("link", name=re.compile("riparazione della bici")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("riparazione della bici")
    check(page)
    page.get_by_role("button", name=words["code"]).click()
    expect(page.locator("#offer-code")).to_have_text("UNIBICI20")
    expect(page.locator("#redeem")).to_contain_text(words["yours"])
    check(page)
    page.get_by_role("link", name=re.compile(words["report"])).click()
    check(page)
    page.locator("label", has_text=words["reason"]).click()
    page.get_by_role("button", name=words["send"]).click()
    expect(page.locator("main")).to_contain_text(words["thanks"])
    check(page)
    # missing a merchant: the one form for new providers, reached from the discounts' pages; a researcher (no
    # wallet) asks for a discount, the only kind offered to her
    page.goto("/discounts/")
    page.get_by_role("link", name=words["suggest"]).first.click()
    page.wait_for_url(re.compile(r"/affiliations\?kind=discounts$"))
    expect(page.locator("main")).to_contain_text(words["kind"])
    expect(page.locator("main")).not_to_contain_text("Conto Welfare")
    check(page)
    page.get_by_role("button", name=words["ask"]).click()  # nothing typed: refused on the fields
    expect(page.locator("#form-errors")).to_be_visible()
    check(page)
    page.get_by_label(words["name"]).fill("CrossFit Lingotto")
    page.get_by_label(words["why"]).fill("A gym near the Lingotto campus.")
    page.get_by_role("button", name=words["ask"]).click()
    expect(page.locator("main")).to_contain_text(words["waiting"])
    check(page)
    assert page.console_errors == []
    with app.app_context():
        assert db.session.scalar(select(OfferReport.reason)) == "code"
        assert db.session.scalar(select(AffiliationRequest.kind)) == "discounts"


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_home_is_a_short_list_that_grows_with_show_more(app, page, make_user, language):
    """At 375 px the home shows 12 short rows; 'Show more offers' adds the next ones in place, without a new
    page; a category is one tap on a chip."""
    words = TEXT[language]
    merchant = discounts_factories.merchant(app, "Cicli Ruota Libera")
    for number in range(14):
        discounts_factories.offer(app, merchant, title=f"Sconto numero {number + 1:02d}",
                                  category="culture" if number == 0 else "sport")
    make_user("ricercatrice", roles=("ricercatore",), locale=language, full_name="Elena Ricci")
    sign_in(page, "ricercatrice")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/discounts/")
    rows = page.locator("#offer-results .portal-offer-row")
    expect(rows).to_have_count(12)
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 3000, height  # it was 8,300 px with 24 cards
    check(page)
    page.get_by_role("link", name=words["more"]).click()
    expect(rows).to_have_count(14)
    expect(page.get_by_role("link", name=words["more"])).to_have_count(0)
    assert page.url.endswith("/discounts/")  # the same page, grown
    check(page)
    page.locator("label", has_text=words["culture"]).click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Sconto numero 01")
    check(page)
    assert page.console_errors == []


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_office_previews_publishes_and_reads_the_figures(app, page, make_user, language):
    words = TEXT[language]
    merchant = discounts_factories.merchant(app, "Ottica Visus")
    offer = discounts_factories.offer(app, merchant, title="20% sulle lenti da vista", category="health",
                                      published_on=None, town="Biella", province="BI")
    make_user("ufficio", roles=("operatore_welfare",), locale=language, full_name="Irene Costa")
    sign_in(page, "ufficio")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/discounts/manage")
    check(page)
    page.get_by_role("link", name="20% sulle lenti da vista").click()
    expect(page.locator("main")).to_contain_text(words["draft"])
    check(page)
    page.get_by_role("button", name=words["publish"]).click()
    expect(page.locator("main")).to_contain_text(words["published"])
    page.goto(f"/discounts/manage/offers/{offer}")
    check(page)
    page.goto("/discounts/manage/reports")
    check(page)
    page.goto("/discounts/manage/affiliations")
    check(page)
    page.goto("/discounts/figures")
    expect(page.locator("main")).to_contain_text(words["figures"])
    check(page)
    assert page.console_errors == []
