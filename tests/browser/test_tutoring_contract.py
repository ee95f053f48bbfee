"""The DEC's contract page, the coordinator sending a LIS interpreter to an event and the office seeing who comes,
the quarterly report's opening quarter: real Chromium at 375 px, Italian and English, axe on every page."""

from __future__ import annotations

from datetime import time

import pytest
from playwright.sync_api import expect

from portal.auth.models import User
from portal.extensions import db
from portal.tutoring import services
from portal.tutoring.models import TutoredStudent
from tests.browser.conftest import assert_accessible, assert_fits_the_screen, close_phone_context, phone_context
from tests.browser.test_journeys import sign_in
from tests.tutoring.conftest import world  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser

TEXT = {
    "it": {"contract": "Apri la pagina del contratto", "title": "Contratto e penali", "worth": "Il contratto vale 75.000,00 €",
           "penalties": "1 servizio concordato e non erogato: 100,00 €", "send": "Assegna questo interprete",
           "interpreter": "Interprete: Francesca Rinaldi", "missing": "Nessun interprete assegnato ancora.",
           "report": "Trimestre"},
    "en": {"contract": "Open the contract's page", "title": "Contract and penalties", "worth": "The contract is worth €75,000.00",
           "penalties": "1 service agreed and not delivered: €100.00", "send": "Send this interpreter",
           "interpreter": "Interpreter: Francesca Rinaldi", "missing": "No interpreter assigned yet.",
           "report": "Quarter"},
}


def check(page) -> None:
    assert_accessible(page)
    assert_fits_the_screen(page)


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_dec_reads_the_contract_and_the_coordinator_sends_an_interpreter(app, browser, live_server, world,  # noqa: F811
                                                                           language):
    app.config["WTF_CSRF_ENABLED"] = True
    words = TEXT[language]
    with app.test_request_context():
        for user_id in (world.dec, world.coordinator):
            db.session.get(User, user_id).locale = language
        coordinator = db.session.get(User, world.coordinator)
        student = db.session.get(TutoredStudent, world.student)
        missed = services.record(coordinator, student, "tutoring", world.past, time(9), time(11), "in_person",
                                 "lesson")
        services.change_status(coordinator, missed, "not_delivered", "")
        services.events.ask(db.session.get(User, world.dec), "Inaugurazione dell'anno accademico", "Rettorato",
                            "Aula Magna", world.future, time(10), time(12))
        db.session.commit()
    contexts = []

    def phone(code):
        context = phone_context(browser, live_server, locale=f"{language}-IT")
        contexts.append(context)
        tab = context.new_page()
        sign_in(tab, code)
        return tab

    try:
        dec = phone("dec")
        dec.goto("/tutoring/")
        check(dec)
        dec.get_by_role("link", name=words["contract"]).click()
        expect(dec.get_by_role("heading", level=1)).to_have_text(words["title"])
        expect(dec.get_by_text(words["worth"])).to_be_visible()
        expect(dec.get_by_text(words["penalties"])).to_be_visible()
        check(dec)
        dec.screenshot(path=f"/tmp/h4_contract_{language}.png", full_page=True)

        coordinator_tab = phone("coordinatore")
        coordinator_tab.goto("/tutoring/events")
        expect(coordinator_tab.get_by_text(words["missing"])).to_be_visible()
        check(coordinator_tab)
        coordinator_tab.get_by_role("button", name=words["send"]).click()
        expect(coordinator_tab.get_by_text(words["interpreter"])).to_be_visible()
        check(coordinator_tab)
        coordinator_tab.screenshot(path=f"/tmp/h4_events_{language}.png", full_page=True)

        dec.goto("/tutoring/events")  # the DEC asked for it: it sees who comes
        expect(dec.get_by_text(words["interpreter"])).to_be_visible()
        dec.goto("/tutoring/report")
        expect(dec.get_by_role("heading", level=2).first).to_contain_text(words["report"])
        check(dec)
        dec.screenshot(path=f"/tmp/h4_report_{language}.png", full_page=True)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
        for context in contexts:
            close_phone_context(context)
