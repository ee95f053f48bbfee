"""The tutoring paperwork in real Chromium at 375 px, Italian and English, with axe: the operator signs last
month's form, the student answers the questionnaire and confirms the form, the coordinator downloads the PDF, an
office asks for LIS at an event, the DEC reads the complaint counter and the quarterly report."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

import pytest
from playwright.sync_api import expect

from portal.auth.models import User
from portal.core.calendar import today_in_rome
from portal.extensions import db
from portal.tutoring import rules, services
from portal.tutoring.models import Operator
from tests.browser.conftest import assert_accessible, assert_fits_the_screen, close_phone_context, phone_context
from tests.browser.test_journeys import sign_in
from tests.tutoring.conftest import working_day

pytestmark = pytest.mark.browser

TEXT = {
    "it": {"sign": "Firma il modulo", "signed": "Firmato. Ora lo studente conferma le ore.",
           "confirm": "Sì: confermo le ore", "locked": "Firmato da entrambi: bloccato", "pdf": "Scarica il PDF",
           "survey": "Bene", "send": "Invia la risposta", "thanks": "Grazie per la tua risposta.",
           "event": "Evento", "office": "Ufficio che chiede", "day": "Giorno", "starts": "Ora di inizio",
           "ends": "Ora di fine", "ask": "Chiedi", "booked": "Prenotato", "left": "7 h rimaste su 10 h",
           "counter": "Contatore delle segnalazioni", "forms": "Moduli mensili",
           "report": "Ore nei moduli firmati: 4 h"},
    "en": {"sign": "Sign the form", "signed": "Signed. The student confirms the hours next.",
           "confirm": "Yes: I confirm the hours", "locked": "Signed by both: locked", "pdf": "Download the PDF",
           "survey": "Well", "send": "Send the answer", "thanks": "Thank you for your answer.",
           "event": "Event", "office": "Office that asks", "day": "Day", "starts": "Start time",
           "ends": "End time", "ask": "Ask", "booked": "Booked", "left": "7 h left of 10 h",
           "counter": "Complaint counter", "forms": "Monthly forms",
           "report": "Hours in the signed forms: 4 h"},
}


def check(page) -> None:
    assert_accessible(page)
    assert_fits_the_screen(page)


@pytest.mark.parametrize("language", ["it", "en"])
def test_sign_confirm_download_ask_an_event_and_read_the_counter(app, browser, live_server, make_user, language):
    app.config["WTF_CSRF_ENABLED"] = True
    words = TEXT[language]
    unit = make_user("unita", roles=("special_needs",), full_name="Laura Moretti")
    dec = make_user("dec", roles=("dec",), full_name="Elena Greco", locale=language)
    coordinator = make_user("coordinatore", roles=("coordinatore_tutorato",), full_name="Roberto Serra",
                            locale=language)
    tutor = make_user("tutor2", roles=("tutor",), full_name="Matteo Conti", locale=language)
    make_user("studente", roles=("studente",), full_name="Nadia Sala", matricola="250104", locale=language)
    make_user("ufficio", roles=("dipendente",), full_name="Marco Bianchi", locale=language)
    today = today_in_rome()
    month = date(today.year, today.month, 1) - timedelta(days=1)
    month = date(month.year, month.month, 1)
    with app.test_request_context():
        student = services.refer(db.session.get(User, unit.id), "250104", "tutoring", "in_person", "")
        operator = Operator(user_id=tutor.id, lis_qualified=False, qualification="L-19")
        db.session.add(operator)
        db.session.flush()
        services.assign(db.session.get(User, coordinator.id), student, "tutoring", operator.id)
        for quarter in sorted({rules.quarter_of(month), rules.quarter_of(today)}):
            services.set_cap(db.session.get(User, dec.id), student, "tutoring", quarter, 1200, [None] * 3)
        day = working_day(month + timedelta(days=2), 1)
        for _week in range(2):  # two weeks of sessions, Monday to Friday where they fall in the month
            services.record(db.session.get(User, tutor.id), student, "tutoring", day, time(9), time(11),
                            "in_person", "lesson", "held")
            day = working_day(day, 1)
        db.session.commit()
        student_id = student.id
    form_url = f"/tutoring/students/{student_id}/forms/tutoring/{month.year}/{month.month}"
    contexts = []

    def phone(code):
        context = phone_context(browser, live_server, locale=f"{language}-IT")
        contexts.append(context)
        tab = context.new_page()
        sign_in(tab, code)
        return tab

    try:
        operator_tab = phone("tutor2")
        operator_tab.goto(form_url)
        check(operator_tab)
        operator_tab.get_by_role("button", name=words["sign"]).click()
        expect(operator_tab.get_by_text(words["signed"])).to_be_visible()
        check(operator_tab)

        student_tab = phone("studente")
        student_tab.goto("/tutoring/")
        check(student_tab)
        student_tab.locator("label", has_text=re.compile(f"^{words['survey']}$")).click()
        student_tab.get_by_role("button", name=words["send"]).click()
        expect(student_tab.get_by_text(words["thanks"])).to_be_visible()
        student_tab.get_by_role("link", name=re.compile(re.escape(services_label(language)))).first.click()
        check(student_tab)
        student_tab.get_by_role("button", name=words["confirm"]).click()
        expect(student_tab.get_by_text(words["locked"])).to_be_visible()
        check(student_tab)

        coordinator_tab = phone("coordinatore")
        coordinator_tab.goto(form_url)
        check(coordinator_tab)
        with coordinator_tab.expect_download(timeout=60_000) as download:  # WeasyPrint on a busy machine
            coordinator_tab.get_by_role("link", name=words["pdf"]).click(timeout=60_000)
        assert download.value.suggested_filename.endswith(".pdf")

        office = phone("ufficio")
        office.goto("/tutoring/")
        check(office)
        event_day = working_day(today, 1)
        office.get_by_label(re.compile(f"^{words['event']}")).fill("Cerimonia di laurea")
        office.get_by_label(words["office"]).fill("Servizio Orientamento")
        office.get_by_label(words["day"]).fill(event_day.isoformat())
        office.get_by_label(words["starts"]).fill("10:00")
        office.get_by_label(words["ends"]).fill("13:00")
        office.get_by_role("button", name=words["ask"], exact=True).click()
        expect(office.get_by_text(words["booked"]).first).to_be_visible()
        if event_day.year == today.year:
            expect(office.get_by_text(words["left"])).to_be_visible()
        check(office)

        dec_tab = phone("dec")
        dec_tab.goto("/tutoring/satisfaction")
        expect(dec_tab.get_by_text(words["counter"])).to_be_visible()
        check(dec_tab)
        dec_tab.goto(f"/tutoring/report?quarter={rules.quarter_of(month).isoformat()}")
        expect(dec_tab.get_by_text(words["report"])).to_be_visible()  # 2 sessions of 2 h: 4 h signed
        check(dec_tab)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
        for context in contexts:
            close_phone_context(context)


def services_label(language: str) -> str:
    """The link to last month's form on the student's page starts with the month's name."""
    today = today_in_rome()
    month = date(today.year, today.month, 1) - timedelta(days=1)
    from babel.dates import format_date

    return format_date(month, "MMMM y", locale=language)
