"""An operator records a week of sessions on a phone (375 px, Italian and English, axe on every page): five working
days already past, four held and one planned whose status they then set to cancelled late, saying why; the balance
counts what the student used."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from portal.auth.models import User
from portal.core.calendar import today_in_rome
from portal.extensions import db
from portal.tutoring import rules, services
from portal.tutoring.models import Cap, Operator
from tests.browser.conftest import assert_accessible, assert_fits_the_screen, close_phone_context, phone_context
from tests.browser.test_journeys import sign_in

pytestmark = pytest.mark.browser

TEXT = {
    "it": {"day": "Giorno", "starts": "Ora di inizio", "ends": "Ora di fine", "status": "Stato",
           "save": "Salva l'incontro", "saved": "registrato", "new_status": "Nuovo stato",
           "reason": "Motivo (necessario se annullato in ritardo)", "update": "Aggiorna l'incontro",
           "held": "Ore svolte: 10 h", "late": "Annullato in ritardo", "left": "Ore rimaste: 10 h",
           "why": "La studentessa era in ospedale."},
    "en": {"day": "Day", "starts": "Start time", "ends": "End time", "status": "Status",
           "save": "Save the session", "saved": "recorded", "new_status": "New status",
           "reason": "Reason (needed when cancelled late)", "update": "Update the session",
           "held": "Hours held: 10 h", "late": "Cancelled late", "left": "Hours left: 10 h",
           "why": "The student was in hospital."},
}


def check(page) -> None:
    assert_accessible(page)
    assert_fits_the_screen(page)


def past_week() -> list[date]:
    """Five working days before today in one quarter: this one's, or the last one's when this one has not had five
    yet."""
    today = today_in_rome()

    def working_days_back(start: date) -> list[date]:
        days, day = [], start
        while len(days) < 5 and rules.quarter_of(day) == rules.quarter_of(start):
            if rules.is_service_working_day(day, (), "TO"):
                days.append(day)
            day -= timedelta(days=1)
        return sorted(days)

    days = working_days_back(today - timedelta(days=1))
    return days if len(days) == 5 else working_days_back(rules.quarter_of(today) - timedelta(days=1))


@pytest.mark.parametrize("language", ["it", "en"])
def test_an_operator_records_a_week_of_sessions(app, browser, live_server, make_user, language):
    app.config["WTF_CSRF_ENABLED"] = True
    words = TEXT[language]
    unit = make_user("unita", roles=("special_needs",), full_name="Laura Moretti")
    dec = make_user("dec", roles=("dec",), full_name="Elena Greco")
    make_user("studente", roles=("studente",), full_name="Nadia Sala", matricola="250104")
    coordinator = make_user("coordinatore", roles=("coordinatore_tutorato",), full_name="Roberto Serra")
    tutor = make_user("tutor2", roles=("tutor",), full_name="Matteo Conti", locale=language)
    days = past_week()
    quarter = rules.quarter_of(days[0])
    with app.test_request_context():
        student = services.refer(db.session.get(User, unit.id), "250104", "tutoring", "in_person", "",
                                 on=days[0] - timedelta(days=20))
        operator = Operator(user_id=tutor.id, lis_qualified=False, qualification="L-19")
        db.session.add(operator)
        db.session.flush()
        services.assign(db.session.get(User, coordinator.id), student, "tutoring", operator.id)
        services.set_cap(db.session.get(User, dec.id), student, "tutoring", quarter, 20 * 60, [None, None, None])
        db.session.commit()
        student_id = student.id
    context = phone_context(browser, live_server, locale=f"{language}-IT")
    try:
        tab = context.new_page()
        sign_in(tab, "tutor2")
        tab.goto(f"/tutoring/students/{student_id}?quarter={quarter.isoformat()}")
        check(tab)
        for index, day in enumerate(days):
            form = tab.locator("form", has=tab.get_by_role("button", name=words["save"]))
            form.get_by_label(words["day"]).fill(day.isoformat())
            form.get_by_label(words["starts"]).fill("09:00")
            form.get_by_label(words["ends"]).fill("11:00")
            form.get_by_label(words["status"]).select_option("planned" if index == 4 else "held")
            form.get_by_role("button", name=words["save"]).click()
            expect(tab.get_by_text(words["saved"]).first).to_be_visible()
        tab.goto(f"/tutoring/students/{student_id}?quarter={quarter.isoformat()}")
        check(tab)
        # The last day's session did not happen: the student cancelled late.
        status_form = tab.locator("form", has=tab.get_by_role("button", name=re.compile(words["update"])))
        expect(status_form).to_have_count(1)
        status_form.get_by_label(words["new_status"]).select_option("cancelled_late")
        status_form.get_by_label(words["reason"]).fill(words["why"])
        status_form.get_by_role("button", name=re.compile(words["update"])).click()
        expect(tab.get_by_text(words["why"])).to_be_visible()
        expect(tab.get_by_text(words["late"], exact=True).first).to_be_visible()
        # four held (8 h) and one cancelled late (2 h) use 10 h of the 20
        expect(tab.get_by_text(words["held"]).first).to_be_visible()
        expect(tab.get_by_text(words["left"]).first).to_be_visible()
        check(tab)
        tab.screenshot(path=f"/tmp/h4_week_{language}.png", full_page=True)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
        close_phone_context(context)
    with app.app_context():
        cap = db.session.get(Cap, db.session.query(Cap.id).filter(Cap.student_id == student_id).scalar())
        assert cap.booked_minutes == 10 * 60
