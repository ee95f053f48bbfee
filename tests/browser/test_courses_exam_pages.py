"""Italian courses' exams and certification in real Chromium at 375 px, Italian and English, axe on every page: a
student registers for an exam sitting and for a certification session; the office exports a candidate list and an
examiner reads the accommodations; the DEC reads the contract figures."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from portal.core.calendar import rome_wall_clock_to_utc, today_in_rome
from portal.courses.models import (
    CertCandidate,
    CertSession,
    ExamAccommodation,
    ExamExaminer,
    ExamRegistration,
    ExamSitting,
    ExamTurn,
    PlanStudent,
)
from portal.extensions import db
from tests.browser.conftest import assert_accessible, assert_fits_the_screen
from tests.browser.test_journeys import sign_in

pytestmark = pytest.mark.browser

TEXT = {
    "it": {"register_exam": "Iscriviti all'esame", "registered": "Iscrizione fatta", "graduating": "Sto per laurearmi",
           "level": "Livello", "cert": "Iscriviti a CILS B1", "export": "Esporta l'elenco dei candidati (CSV)",
           "sent": "Segna l'elenco come inviato all'ente", "done": "Fatto", "extra": "+30 % di tempo (27 minuti)",
           "paid": "Da liquidare", "makeup": "Recupero proposto"},
    "en": {"register_exam": "Register for the exam", "registered": "You are registered", "graduating": "I am graduating",
           "level": "Level", "cert": "Register for CILS B1", "export": "Export the candidate list (CSV)",
           "sent": "Record the list as sent to the body", "done": "Done", "extra": "+30 % time (27 minutes)",
           "paid": "To be paid", "makeup": "Make-up proposed"},
}


def check(page) -> None:
    assert_accessible(page)
    assert_fits_the_screen(page)


def _sitting(app, examiner_id=None) -> int:
    today = today_in_rome()
    with app.app_context():
        sitting = ExamSitting(title="Appello di gennaio", levels="A2 B1", opens_on=today - timedelta(days=1),
                              closes_on=today + timedelta(days=7))
        db.session.add(sitting)
        db.session.flush()
        db.session.add_all([
            ExamTurn(sitting_id=sitting.id, starts=rome_wall_clock_to_utc(today + timedelta(days=10), 14, 30),
                     minutes=90, mode="in_person", place="Aula 7T", capacity=80, seats_taken=0),
            ExamTurn(sitting_id=sitting.id, starts=rome_wall_clock_to_utc(today + timedelta(days=12), 10, 0),
                     minutes=90, mode="online", place="", capacity=40, seats_taken=0)])
        if examiner_id:
            db.session.add(ExamExaminer(sitting_id=sitting.id, user_id=examiner_id))
        db.session.add(PlanStudent(matricola="123456"))
        db.session.commit()
        return sitting.id


def _session(app) -> int:
    today = today_in_rome()
    with app.app_context():
        session = CertSession(body="CILS", level="B1", written_on=today + timedelta(days=25),
                              oral_on=today + timedelta(days=26), place="Aula 7T")
        db.session.add(session)
        db.session.commit()
        return session.id


@pytest.mark.parametrize("language", ["it", "en"])
def test_a_student_registers_for_an_exam_sitting_and_a_certification_session(app, page, make_user, language):
    words = TEXT[language]
    _sitting(app)
    session_id = _session(app)
    make_user("studente", roles=("studente",), locale=language, full_name="Li Wei", matricola="123456")
    sign_in(page, "studente")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/courses/exams")
    check(page)
    page.get_by_label(re.compile("^" + words["level"])).select_option("B1")
    page.get_by_text(re.compile(words["graduating"])).click()  # the label: Bootstrap Italia draws the box on it
    page.get_by_role("button", name=words["register_exam"]).click()
    expect(page.locator("main")).to_contain_text(words["registered"])
    check(page)
    page.goto("/courses/certification")
    check(page)
    page.get_by_role("button", name=words["cert"]).click()
    expect(page.locator("main")).to_contain_text(words["registered"])
    check(page)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(ExamRegistration.id))) == 1
        assert db.session.scalar(db.select(CertCandidate.session_id)) == session_id


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_office_exports_a_candidate_list_and_the_examiner_reads_accommodations(app, page, make_user, language):
    words = TEXT[language]
    make_user("centro", roles=("centro_linguistico",), locale=language, full_name="Laura Conti")
    teacher = make_user("docente", roles=("docente",), locale=language, full_name="Francesca Moretti")
    student = make_user("studente", roles=("studente",), full_name="Li Wei", matricola="123456")
    sitting_id = _sitting(app, teacher.id)
    session_id = _session(app)
    with app.app_context():
        turn = db.session.scalar(db.select(ExamTurn).where(ExamTurn.sitting_id == sitting_id).order_by(ExamTurn.id))
        turn.seats_taken = 1
        db.session.add(ExamRegistration(sitting_id=sitting_id, turn_id=turn.id, user_id=student.id, level="B1"))
        db.session.add(ExamAccommodation(user_id=student.id, kind="dsa", extra_percent=30, quiet_room=True))
        db.session.add(CertCandidate(session_id=session_id, user_id=student.id, kind="full",
                                     skills="listening reading writing speaking structures", price_cents=11000))
        db.session.commit()
    sign_in(page, "centro")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/courses/certification")
    check(page)
    page.get_by_role("link", name="CILS B1").click()
    check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=words["export"]).click()
    assert download.value.suggested_filename.startswith("candidati-CILS-B1-")
    assert "Li Wei" in Path(download.value.path()).read_text()
    page.get_by_role("button", name=words["sent"]).click()
    expect(page.locator("main")).to_contain_text(words["done"])
    check(page)
    page.goto(f"/courses/exams/{sitting_id}")
    check(page)
    page.context.clear_cookies()
    sign_in(page, "docente")
    page.wait_for_url(re.compile(r"/$"))
    page.goto(f"/courses/exams/{sitting_id}")
    expect(page.locator("main")).to_contain_text(words["extra"])
    check(page)


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_dec_reads_the_contract_figures(app, page, make_user, language):
    make_user("dec", roles=("dec",), locale=language, full_name="Elena Greco")
    sign_in(page, "dec")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/courses/contract?half=2026-1")
    expect(page.locator("main")).to_contain_text(TEXT[language]["paid"])
    check(page)


@pytest.mark.parametrize("language", ["it", "en"])
def test_an_examiner_finds_one_of_thirty_and_records_the_result_on_a_phone(app, page, make_user, language):
    """30 people in two turns: folded per turn (not a 12,000 px wall), a search by name, the result form folded
    under the person; after recording, the person's turn is open with the result."""
    teacher = make_user("docente", roles=("docente",), locale=language, full_name="Francesca Moretti")
    sitting_id = _sitting(app, teacher.id)
    people = [make_user(f"s{n:02d}", roles=("studente",), full_name=f"Persona {n:02d}", matricola=f"3000{n:02d}")
              for n in range(29)]
    people.append(make_user("giulia", roles=("studente",), full_name="Giulia Verdi", matricola="123456"))
    with app.app_context():
        turns = list(db.session.scalars(db.select(ExamTurn).where(ExamTurn.sitting_id == sitting_id)
                                        .order_by(ExamTurn.id)))
        for n, person in enumerate(people):
            db.session.add(ExamRegistration(sitting_id=sitting_id, turn_id=turns[n % 2].id, user_id=person.id,
                                            level="B1"))
        db.session.commit()
    sign_in(page, "docente")
    page.wait_for_url(re.compile(r"/$"))
    page.goto(f"/courses/exams/{sitting_id}")
    check(page)
    assert page.evaluate("document.documentElement.scrollHeight") < 2500
    expect(page.locator("#exam-people details[open]")).to_have_count(0)
    expect(page.locator("#exam-people > details > summary")).to_have_text(
        [re.compile("0/15"), re.compile("0/15")])
    page.get_by_role("searchbox").fill("verdi")
    expect(page.locator("#exam-people li")).to_have_count(1)
    expect(page.locator("#exam-people li")).to_contain_text("Giulia Verdi")
    check(page)
    page.get_by_text(re.compile("Registra l'esito · Giulia Verdi" if language == "it"
                                else "Record the result · Giulia Verdi")).click()
    form = page.locator("#exam-people li form")
    form.get_by_label(re.compile("^Esito" if language == "it" else "^Outcome")).select_option("passed")
    form.get_by_label(re.compile("^Voto" if language == "it" else "^Grade")).fill("28")
    form.get_by_role("button").click()
    person = page.locator("#exam-people details[open] li", has_text="Giulia Verdi")
    expect(person).to_contain_text("28/30")
    expect(person).to_be_visible()
    check(page)


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_first_tab_of_a_student_stays_in_view_on_the_exams_page(app, page, make_user, language):
    _sitting(app)
    make_user("studente", roles=("studente",), locale=language, full_name="Li Wei", matricola="123456")
    sign_in(page, "studente")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/courses/exams")
    tabs = page.locator("main nav .portal-tabs a")
    first = tabs.first.bounding_box()
    current = page.locator("main nav .portal-tabs a[aria-current=page]").bounding_box()
    assert first["x"] >= 0, first
    assert current["x"] >= 0 and current["x"] + current["width"] <= 375, current
