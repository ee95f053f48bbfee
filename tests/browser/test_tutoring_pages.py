"""Tutoring in real Chromium at 375 px, Italian and English, with axe on every page: the Special Needs unit refers
a student, the DEC sets the quarter's hours, the operator records sessions, the student reads the balance."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from portal.auth.models import User
from portal.core.calendar import today_in_rome
from portal.extensions import db
from portal.tutoring import rules, services
from portal.tutoring.models import Operator, TutoredStudent
from tests.browser.conftest import assert_accessible, assert_fits_the_screen, close_phone_context, phone_context
from tests.browser.test_journeys import sign_in

pytestmark = pytest.mark.browser

TEXT = {
    "it": {"matricola": "Matricola dello studente", "support": "Supporto", "how": "In presenza o a distanza", "refer": "Segnala",
           "hours": "Ore nel trimestre", "set": "Stabilisci le ore", "set_done": "Le ore del trimestre sono stabilite.",
           "day": "Giorno", "starts": "Ora di inizio", "ends": "Ora di fine", "status": "Stato",
           "save": "Salva l'incontro", "saved": "registrato", "left": "Ti restano 16 h su 20 h per questo trimestre.",
           "requests": "Iniziare entro"},
    "en": {"matricola": "Student's matricola", "support": "Support", "how": "In person or remote", "refer": "Refer",
           "hours": "Hours in the quarter", "set": "Set the hours", "set_done": "The quarter's hours are set.",
           "day": "Day", "starts": "Start time", "ends": "End time", "status": "Status",
           "save": "Save the session", "saved": "recorded", "left": "You have 16 h left out of 20 h for this quarter.",
           "requests": "Start by"},
}


def check(page) -> None:
    assert_accessible(page)
    assert_fits_the_screen(page)


def next_days(count: int):
    """The next working days of this quarter (as many as there are, up to `count`)."""
    today, days = today_in_rome(), []
    day = today
    while len(days) < count:
        day += timedelta(days=1)
        if rules.quarter_of(day) != rules.quarter_of(today):
            break
        if rules.is_service_working_day(day, (), "TO"):
            days.append(day)
    return days


@pytest.mark.parametrize("language", ["it", "en"])
def test_refer_set_hours_record_sessions_and_read_the_balance(app, browser, live_server, make_user, language):
    app.config["WTF_CSRF_ENABLED"] = True
    words = TEXT[language]
    make_user("unita", roles=("special_needs",), full_name="Laura Moretti", locale=language)
    make_user("dec", roles=("dec",), full_name="Elena Greco", locale=language)
    coordinator = make_user("coordinatore", roles=("coordinatore_tutorato",), full_name="Roberto Serra")
    tutor = make_user("tutor2", roles=("tutor",), full_name="Matteo Conti", locale=language)
    make_user("studente", roles=("studente",), full_name="Nadia Sala", matricola="250104", locale=language)
    days = next_days(2)
    if len(days) < 2:
        pytest.skip("the quarter ends in two working days: nothing to plan in it")
    contexts = []

    def phone(code):
        context = phone_context(browser, live_server, locale=f"{language}-IT")
        contexts.append(context)
        tab = context.new_page()
        sign_in(tab, code)
        return tab

    try:
        # The Special Needs unit refers the student.
        unit = phone("unita")
        unit.goto("/tutoring/refer")
        check(unit)
        unit.get_by_label(words["matricola"]).fill("250104")
        unit.get_by_label(words["support"]).select_option("tutoring")
        unit.get_by_label(words["how"]).select_option("in_person")
        unit.get_by_role("button", name=re.compile(f"^{words['refer']}$")).click()
        expect(unit.get_by_role("heading", level=1)).to_have_text("Nadia Sala")
        expect(unit.get_by_text(words["requests"]).first).to_be_visible()
        check(unit)

        with app.test_request_context():
            student = db.session.query(TutoredStudent).one()
            operator = Operator(user_id=tutor.id, lis_qualified=False, qualification="L-19")
            db.session.add(operator)
            db.session.flush()
            services.assign(db.session.get(User, coordinator.id), student, "tutoring", operator.id)
            db.session.commit()
            student_id = student.id

        # The DEC sets this quarter's hours.
        dec = phone("dec")
        dec.goto("/tutoring/")
        check(dec)
        dec.get_by_role("link", name="Nadia Sala").first.click()
        dec.get_by_label(words["hours"]).fill("20")
        dec.get_by_role("button", name=words["set"]).click()
        expect(dec.get_by_text(words["set_done"])).to_be_visible()
        check(dec)

        # The operator plans two sessions.
        operator_tab = phone("tutor2")
        operator_tab.goto(f"/tutoring/students/{student_id}")
        check(operator_tab)
        for day in days:
            form = operator_tab.locator("form", has=operator_tab.get_by_role("button", name=words["save"]))
            form.get_by_label(words["day"]).fill(day.isoformat())
            form.get_by_label(words["starts"]).fill("09:00")
            form.get_by_label(words["ends"]).fill("11:00")
            form.get_by_role("button", name=words["save"]).click()
            expect(operator_tab.get_by_text(words["saved"]).first).to_be_visible()
        check(operator_tab)

        # The student reads the balance in plain words.
        student_tab = phone("studente")
        student_tab.goto("/tutoring/")
        expect(student_tab.get_by_text(words["left"])).to_be_visible()
        check(student_tab)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
        for context in contexts:
            close_phone_context(context)
