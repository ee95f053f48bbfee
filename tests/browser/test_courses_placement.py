"""Italian courses in real Chromium at 375 px, Italian and English, axe on every page: a student takes the
placement test, sees the warning on a class far from the suggestion and enrols; a participant asks for the
attendance certificate and anyone checks it; the office's class page and the register legend on a phone."""

import os
import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.core.calendar import today_in_rome
from portal.core.types import utcnow
from portal.courses.models import Certificate, Enrolment, Mark, Meeting, Period, PlacementAttempt, PlacementQuestion
from portal.courses.placement_bank import demo_questions
from portal.extensions import db
from tests import courses_factories
from tests.browser.conftest import assert_accessible, assert_fits_the_screen
from tests.browser.test_journeys import sign_in
from tests.courses_factories import bulk_learners

pytestmark = pytest.mark.browser

TEXT = {
    "it": {"test": "Test di livello", "start": "Inizia il test", "answer": "Rispondi", "suggested": "Livello suggerito: B2",
           "far": "due livelli o più", "enrol": "Iscriviti", "enrolled": "In classe", "ask": "Chiedi l'attestato",
           "download": "Scarica l'attestato (PDF)", "genuine": "è autentico", "summary": "Riepilogo",
           "legend": "I pulsanti:", "risk": "Non può raggiungere il 70 %", "courses": "Corsi"},
    "en": {"test": "Placement test", "start": "Start the test", "answer": "Answer", "suggested": "Suggested level: B2",
           "far": "two levels or more", "enrol": "Enrol", "enrolled": "Enrolled", "ask": "Ask for the certificate",
           "download": "Download the certificate (PDF)", "genuine": "is genuine", "summary": "Summary",
           "legend": "The buttons:", "risk": "Cannot reach 70 %", "courses": "Courses"},
}
SHOTS = os.environ.get("PORTAL_SHOTS")  # a folder: save a screenshot of each page checked (for a person to look)


def check(page, name: str = "") -> None:
    assert_accessible(page)
    assert_fits_the_screen(page)
    if SHOTS and name:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _pending(app, user_id: int) -> PlacementQuestion:
    with app.app_context():
        attempt = db.session.scalar(select(PlacementAttempt).where(PlacementAttempt.user_id == user_id,
                                                                   PlacementAttempt.finished_at.is_(None)))
        question = attempt.pending
        db.session.expunge_all()
        return question


@pytest.mark.parametrize("language", ["it", "en"])
def test_a_student_takes_the_placement_test_and_enrols(app, page, make_user, language):
    words = TEXT[language]
    with app.app_context():
        db.session.execute(PlacementQuestion.__table__.insert(),
                           [{**row, "created_at": utcnow()} for row in demo_questions()])
        db.session.commit()
    course_id = courses_factories.course(app, courses_factories.period(app), level="A1", capacity=75)
    me = make_user("studente", roles=("studente",), locale=language, full_name="Li Wei")
    sign_in(page, "studente")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/courses/")
    page.get_by_role("link", name=words["test"], exact=True).click()
    expect(page.get_by_role("link", name=words["test"], exact=True)).to_have_attribute("aria-current", "page")
    check(page, f"placement-{language}")
    page.get_by_role("button", name=words["start"]).click()
    for number in range(5):
        question = _pending(app, me.id)
        if number == 0:
            check(page, f"question-{language}")
        page.locator("label.form-check-label").get_by_text(question.choices[question.correct], exact=True).click()
        page.get_by_role("button", name=words["answer"]).click()
    expect(page.locator("main")).to_contain_text(words["suggested"])
    check(page, f"result-{language}")
    page.goto(f"/courses/classes/{course_id}")
    expect(page.locator("main")).to_contain_text(words["far"])
    check(page, f"course-far-{language}")
    page.get_by_role("button", name=words["enrol"], exact=True).click()
    expect(page.locator("main")).to_contain_text(words["enrolled"])


@pytest.mark.parametrize("language", ["it", "en"])
def test_a_participant_gets_the_certificate_and_anyone_checks_it(app, page, make_user, language):
    words = TEXT[language]
    today = today_in_rome()
    with app.app_context():
        period = Period(year=today.year - 1, number=2, starts_on=today - timedelta(days=100),
                        ends_on=today - timedelta(days=1), enrolment_opens_on=today - timedelta(days=130))
        db.session.add(period)
        db.session.commit()
        period_id = period.id
    course_id = courses_factories.course(app, period_id, level="B1", starts_on=today - timedelta(days=95))
    me = make_user("studente", roles=("studente",), locale=language, full_name="Li Wei")
    with app.app_context():
        enrolment = Enrolment(period_id=period_id, course_id=course_id, user_id=me.id, status="enrolled", rank=1,
                              enrolled_on=today - timedelta(days=120))
        db.session.add(enrolment)
        db.session.flush()
        meetings = db.session.scalars(select(Meeting.id).where(Meeting.course_id == course_id)).all()
        db.session.add_all(Mark(enrolment_id=enrolment.id, meeting_id=meeting_id,
                                mark="present" if index < 15 else "absent") for index, meeting_id in enumerate(meetings))
        db.session.commit()
        enrolment_id = enrolment.id
    sign_in(page, "studente")
    page.wait_for_url(re.compile(r"/$"))
    page.goto(f"/courses/enrolments/{enrolment_id}/attendance")
    expect(page.get_by_role("link", name=words["courses"], exact=True)).to_have_attribute("aria-current", "page")
    check(page, f"attendance-{language}")
    page.get_by_role("button", name=words["ask"]).click()
    expect(page.get_by_role("link", name=words["download"])).to_be_visible()
    check(page, f"certificate-{language}")
    with app.app_context():
        code = db.session.scalar(select(Certificate.code))
    page.goto("/courses/verify")
    check(page, f"verify-form-{language}")
    page.get_by_role("textbox").fill(code.lower())
    page.get_by_role("button", name=re.compile("^(Verifica|Check)$")).click()
    expect(page.locator("main")).to_contain_text(words["genuine"])
    expect(page.locator("main")).to_contain_text("45 h")  # 15 meetings of 3 h
    check(page, f"verify-{language}")


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_office_reads_a_class_of_eighty_summary_first(app, page, make_user, language):
    words = TEXT[language]
    make_user("centro", roles=("centro_linguistico",), locale=language, full_name="Laura Conti")
    course_id = courses_factories.course(app, courses_factories.period(app), capacity=80)
    learners = bulk_learners(app, 80)
    with app.app_context():
        from portal.courses.models import Course

        course = db.session.get(Course, course_id)
        rows = [Enrolment(period_id=course.period_id, course_id=course_id, user_id=user_id, status="enrolled",
                          rank=2, enrolled_on=today_in_rome() - timedelta(days=30)) for user_id in learners]
        db.session.add_all(rows)
        course.seats_taken = 80
        db.session.flush()
        meetings = db.session.scalars(select(Meeting.id).where(Meeting.course_id == course_id)
                                      .order_by(Meeting.starts)).all()
        # The first person is marked absent at 7 of the 20 meetings (21 h of 60): at best 13 of 20 = 65 %.
        db.session.add_all(Mark(enrolment_id=rows[0].id, meeting_id=meeting_id, mark="absent")
                           for meeting_id in meetings[:7])
        db.session.commit()
        first_meeting = meetings[0]
    sign_in(page, "centro")
    page.wait_for_url(re.compile(r"/$"))
    page.goto(f"/courses/classes/{course_id}/manage")
    expect(page.locator("main h2").first).to_have_text(words["summary"])
    expect(page.locator("main")).to_contain_text(words["risk"])
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 3000, f"the class page is {height}px long on a phone"
    check(page, f"manage-{language}")
    page.goto(f"/courses/meetings/{first_meeting}/register")
    expect(page.locator("main")).to_contain_text(words["legend"])
    check(page, f"register-{language}")


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_office_fills_and_edits_the_question_bank(app, page, make_user, language):
    it = language == "it"
    make_user("centro", roles=("centro_linguistico",), locale=language, full_name="Laura Conti")
    sign_in(page, "centro")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/courses/placement/questions")
    check(page, f"bank-empty-{language}")
    page.get_by_role("button", name=re.compile("160")).click()
    expect(page.locator("main")).to_contain_text("160")
    page.get_by_role("link", name="B2", exact=True).click()
    expect(page.get_by_role("link", name="B2", exact=True)).to_have_attribute("aria-current", "page")
    check(page, f"bank-b2-{language}")
    page.get_by_role("link", name=re.compile("Aggiungi una domanda" if it else "Add a question")).click()
    check(page, f"bank-new-{language}")
    page.get_by_label(re.compile("^Domanda" if it else "^Question")).fill("Ieri ___ al cinema.")
    page.get_by_label(re.compile("^Risposta 1" if it else "^Answer 1")).fill("sono andato")
    page.get_by_label(re.compile("^Risposta 2" if it else "^Answer 2")).fill("ho andato")
    page.get_by_label(re.compile("^La risposta giusta" if it else "^The right answer")).select_option("3")
    page.get_by_role("button", name="Salva la domanda" if it else "Save the question").click()
    expect(page.locator("main")).to_contain_text("La risposta giusta deve essere una di quelle scritte." if it
                                                 else "The right answer must be one of those written.")
    check(page)
    page.get_by_label(re.compile("^La risposta giusta" if it else "^The right answer")).select_option("1")
    page.get_by_role("button", name="Salva la domanda" if it else "Save the question").click()
    expect(page.locator("main")).to_contain_text("Ieri ___ al cinema.")
    with app.app_context():
        assert db.session.scalar(select(PlacementQuestion).where(PlacementQuestion.prompt == "Ieri ___ al cinema.")
                                 ).choices == ["sono andato", "ho andato"]
