"""Italian courses in real Chromium at 375 px, Italian and English, axe on every page: a student enrols and reads
the attendance, a teacher keeps the register of 80 on a phone, the office plans a period."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.core.calendar import today_in_rome
from portal.courses.models import Course, Enrolment, Mark, Meeting
from portal.extensions import db
from tests import courses_factories
from tests.browser.conftest import assert_accessible, assert_fits_the_screen
from tests.browser.test_journeys import sign_in
from tests.courses_factories import bulk_learners

pytestmark = pytest.mark.browser

TEXT = {
    "it": {"seats": "posti liberi", "enrol": "Iscriviti", "enrolled": "In classe", "attendance": "Le tue presenze",
           "reach": "Il massimo che puoi ancora raggiungere", "all": "Tutti quelli non ancora segnati sono presenti",
           "absent": "Assente", "find": "Cerca una persona", "topic": "Argomento dell'incontro",
           "save_topic": "Salva l'argomento", "marked": "segnati su 80", "year": "Anno accademico",
           "period": "Periodo didattico", "create": "Crea il periodo", "plan": "Pianifica il corso",
           "seats_field": "Posti", "activation": "Registra la comunicazione di attivazione",
           "missing": "Nessun corso di livello A2, B1, B2", "done": "Fatto"},
    "en": {"seats": "seats free", "enrol": "Enrol", "enrolled": "Enrolled", "attendance": "Your attendance",
           "reach": "The most you can still reach", "all": "Everyone not marked yet is present",
           "absent": "Absent", "find": "Find a person", "topic": "Topic of the meeting",
           "save_topic": "Save the topic", "marked": "of 80 marked", "year": "Academic year",
           "period": "Teaching period", "create": "Create the period", "plan": "Plan the course",
           "seats_field": "Seats", "activation": "Record the activation notice",
           "missing": "No course of level A2, B1, B2", "done": "Done"},
}


def check(page) -> None:
    assert_accessible(page)
    assert_fits_the_screen(page)


@pytest.mark.parametrize("language", ["it", "en"])
def test_a_student_enrols_and_reads_the_attendance(app, page, make_user, language):
    words = TEXT[language]
    course_id = courses_factories.course(app, courses_factories.period(app), capacity=75)
    make_user("studente", roles=("studente",), locale=language, full_name="Li Wei")
    sign_in(page, "studente")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/courses/")
    expect(page.locator(f"#seats-{_period_of(app, course_id)}")).to_contain_text(f"75 {words['seats']}")
    check(page)
    page.get_by_role("link", name=re.compile("A1-1")).first.click()
    check(page)
    page.get_by_role("button", name=words["enrol"], exact=True).click()
    expect(page.locator("main")).to_contain_text(words["enrolled"])
    check(page)
    page.goto("/courses/")
    expect(page.locator("main")).to_contain_text(f"74 {words['seats']}")
    page.get_by_role("link", name=words["attendance"]).click()
    expect(page.locator("main")).to_contain_text(words["reach"])
    check(page)


def _period_of(app, course_id: int) -> int:
    with app.app_context():
        return db.session.get(Course, course_id).period_id


@pytest.mark.parametrize("language", ["it", "en"])
def test_a_teacher_marks_eighty_on_a_phone(app, page, make_user, language):
    words = TEXT[language]
    teacher = make_user("docente", roles=("docente",), locale=language, full_name="Francesca Moretti")
    course_id = courses_factories.course(app, courses_factories.period(app), teacher_id=teacher.id, capacity=80)
    learners = bulk_learners(app, 80)
    with app.app_context():
        course = db.session.get(Course, course_id)
        db.session.add_all(Enrolment(period_id=course.period_id, course_id=course_id, user_id=user_id,
                                     status="enrolled", rank=2, enrolled_on=today_in_rome() - timedelta(days=30))
                           for user_id in learners)
        course.seats_taken = 80
        held = db.session.scalar(select(Meeting.id).where(Meeting.course_id == course_id,
                                                          Meeting.day < today_in_rome()).order_by(Meeting.starts))
        db.session.commit()
    sign_in(page, "docente")
    page.wait_for_url(re.compile(r"/$"))
    page.goto(f"/courses/meetings/{held}/register")
    check(page)
    page.get_by_role("button", name=words["all"]).click()
    expect(page.locator("main")).to_contain_text(f"80 {words['marked']}")
    page.get_by_label(words["find"]).fill("0042")
    expect(page.locator("#register-lines .portal-register-line")).to_have_count(1)
    page.get_by_role("button", name=re.compile(f"^{words['absent']}: Persona corsista 0042")).click()
    expect(page.locator("#register-lines")).to_contain_text(words["absent"])
    check(page)
    page.get_by_label(words["topic"]).fill("Il passato prossimo")
    page.get_by_role("button", name=words["save_topic"]).click()
    expect(page.get_by_label(words["topic"])).to_have_value("Il passato prossimo")
    check(page)
    with app.app_context():
        marks = [row.mark for row in db.session.scalars(select(Mark).where(Mark.meeting_id == held))]
        assert len(marks) == 80 and marks.count("absent") == 1


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_office_plans_a_period(app, page, make_user, language):
    words = TEXT[language]
    make_user("centro", roles=("centro_linguistico",), locale=language, full_name="Laura Conti")
    sign_in(page, "centro")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/courses/periods")
    check(page)
    page.get_by_label(re.compile(words["year"])).fill("2027")
    page.get_by_label(re.compile(words["period"])).select_option("1")
    page.get_by_role("button", name=words["create"]).click()
    page.wait_for_url(re.compile(r"/courses/periods/\d+$"))
    check(page)
    page.get_by_label(re.compile("^" + ("Primo incontro il" if language == "it" else "First meeting on"))).fill(
        "2027-10-04")
    page.get_by_label(re.compile("^" + words["seats_field"])).fill("0")
    page.get_by_role("button", name=words["plan"]).click()
    expect(page.locator("main")).to_contain_text("Inserisci un numero tra 1 e 200" if language == "it"
                                                 else "Enter a number between 1 and 200")
    check(page)
    page.get_by_label(re.compile("^" + words["seats_field"])).fill("75")
    page.get_by_role("button", name=words["plan"]).click()
    expect(page.locator("main")).to_contain_text("A1-1")
    expect(page.locator("main")).to_contain_text(words["missing"])
    check(page)
    page.get_by_role("button", name=re.compile(words["activation"])).click()
    expect(page.locator("main")).to_contain_text(words["done"])
    check(page)
