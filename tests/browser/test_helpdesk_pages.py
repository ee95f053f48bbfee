"""The help desk in real Chromium at 375 px, Italian and English, axe on every page: a staff member opens a chat
from the wallet page and sees the operator's answer arrive without reloading; the operator works the queue, takes
the conversation and closes it with a ready answer (which reaches the person in their language); the person rates
it."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.extensions import db
from portal.helpdesk.models import Conversation, ReadyAnswer
from tests.browser.conftest import assert_accessible, assert_fits_the_screen, close_phone_context, phone_context
from tests.browser.test_journeys import sign_in

pytestmark = pytest.mark.browser

TEXT = {
    "it": {"help": "Serve aiuto?", "subject": "In poche parole", "message": "Il tuo messaggio", "send": "Invia",
           "answer": "Il rimborso arriva con lo stipendio.", "rate": "Valuta la risposta",
           "very": "Molto soddisfatto", "send_rating": "Invia la valutazione", "thanks": "Grazie"},
    "en": {"help": "Need help?", "subject": "In a few words", "message": "Your message", "send": "Send",
           "answer": "The refund comes with your pay.", "rate": "Rate the answer",
           "very": "Very satisfied", "send_rating": "Send the rating", "thanks": "Thank you"},
}


def check(page) -> None:
    assert_accessible(page)
    assert_fits_the_screen(page)


@pytest.mark.parametrize("language", ["it", "en"])
def test_a_chat_from_the_wallet_page_gets_a_live_answer_and_a_rating(app, page, browser, live_server, make_user,
                                                                    make_wallet, language):
    words = TEXT[language]
    with app.app_context():
        db.session.add(ReadyAnswer(topic="wallet", title_it="Tempi del rimborso", title_en="Refund times",
                                   body_it="Il rimborso arriva con lo stipendio.",
                                   body_en="The refund comes with your pay.", published=True))
        db.session.commit()
    make_wallet(make_user("dipendente", roles=("dipendente",), locale=language, full_name="Marco Bianchi"))
    make_user("ufficio", roles=("operatore_welfare",), locale="it", full_name="Irene Costa")
    sign_in(page, "dipendente")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/wallet/")
    page.get_by_role("link", name=words["help"]).click()
    expect(page.locator("#topic")).to_have_value("wallet")  # the wallet's page suggests the wallet
    check(page)
    page.get_by_label(words["subject"]).fill("Rimborso del nido")
    page.get_by_label(words["message"]).fill("Quando arriva il rimborso del nido di ottobre?")
    page.get_by_role("button", name=words["send"], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rimborso del nido")
    check(page)
    page.evaluate("window.portalNotReloaded = true")

    office = phone_context(browser, live_server)
    try:
        desk = office.new_page()
        sign_in(desk, "ufficio")
        desk.wait_for_url(re.compile(r"/$"))
        desk.goto("/help/queue")
        check(desk)
        desk.get_by_role("link", name="Rimborso del nido").click()
        check(desk)
        desk.get_by_role("button", name="Prendila in carico").click()
        expect(desk.locator("main")).to_contain_text("La conversazione è tua.")
        desk.locator("#close-ready_answer").select_option(label="Tempi del rimborso")
        desk.get_by_role("button", name="Rispondi e chiudi").click()
        expect(desk.locator("main")).to_contain_text("Conversazione chiusa.")
        check(desk)
    finally:
        close_phone_context(office)

    # the answer arrives by itself, in the person's language, without the page reloading
    expect(page.locator("#helpdesk-messages")).to_contain_text(words["answer"], timeout=15_000)
    assert page.evaluate("window.portalNotReloaded") is True
    check(page)
    page.get_by_role("link", name=words["rate"]).click()
    page.locator("label", has_text=words["very"]).first.click()
    page.get_by_role("button", name=words["send_rating"]).click()
    expect(page.locator("main")).to_contain_text(words["thanks"])
    check(page)
    assert page.console_errors == []
    with app.app_context():
        assert db.session.scalar(select(Conversation.rating)) == 5


CALL_TEXT = {
    "it": {"log": "Registra una telefonata o un'e-mail", "person": "Codice di accesso o indirizzo e-mail della persona",
           "phone": "Telefonata", "subject": "In poche parole", "body": "Che cosa ha chiesto e che cosa hai risposto",
           "submit": "Registra", "done": "Registrata a nome di Marco Bianchi."},
    "en": {"log": "Log a call or an e-mail", "person": "The person's access code or e-mail address",
           "phone": "Phone call", "subject": "In a few words", "body": "What was asked and what you answered",
           "submit": "Log it", "done": "Logged in the name of Marco Bianchi."},
}


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_office_logs_a_phone_call_and_the_person_finds_it(app, page, browser, live_server, make_user, make_wallet,
                                                             language):
    words = CALL_TEXT[language]
    make_wallet(make_user("dipendente", roles=("dipendente",), locale=language, full_name="Marco Bianchi"))
    make_user("ufficio", roles=("operatore_welfare",), locale=language, full_name="Irene Costa")
    sign_in(page, "ufficio")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/help/queue")
    page.get_by_role("link", name=words["log"]).click()
    check(page)
    page.get_by_label(words["person"]).fill("dipendente")
    page.locator("label", has_text=words["phone"]).first.click()
    page.get_by_label(words["subject"]).fill("Rimborso del nido")
    page.get_by_label(words["body"]).fill("Chiesto quando arriva il rimborso: con lo stipendio di dicembre.")
    page.get_by_role("button", name=words["submit"], exact=True).click()
    expect(page.locator("main")).to_contain_text(words["done"])
    expect(page.get_by_role("heading", level=1)).to_have_text("Rimborso del nido")
    check(page)
    assert page.console_errors == []
    with app.app_context():
        assert db.session.scalar(select(Conversation.channel)) == "phone"


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_satisfaction_figures_read_on_a_phone(app, page, make_user, language):
    """One topic a line on a phone (the table only on wider screens): nothing hidden sideways."""
    make_user("dec", roles=("dec",), locale=language, full_name="Giulia Marino")
    sign_in(page, "dec")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/help/satisfaction")
    expect(page.locator("main table")).to_be_hidden()
    expect(page.locator("main ul.list-unstyled")).to_contain_text("Tutti gli argomenti" if language == "it" else "All topics")
    check(page)
