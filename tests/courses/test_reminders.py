"""`flask courses remind`: the office hears of each deadline once as it nears and once more when overdue (activation
notice, teacher named, candidate list, half-yearly report), never of one already done; students hear once before an
exam registration or a make-up session closes. Days are fixed so the figures can be checked by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from portal.core.mail import OutboxMail
from portal.courses.models import (
    CertCandidate,
    CertResult,
    CertSession,
    ContractReport,
    Course,
    ExamRegistration,
    ExamSitting,
    ExamTurn,
    Period,
    PlanStudent,
    Reminder,
)
from portal.courses.services.reminders import send_reminders
from portal.extensions import db


def run(app, today: date) -> list[OutboxMail]:
    """One daily run on `today`: the mails it queued."""
    with app.test_request_context():
        before = db.session.scalar(select(db.func.max(OutboxMail.id))) or 0
        sent = send_reminders(today)
        db.session.commit()
        mails = list(db.session.scalars(select(OutboxMail).where(OutboxMail.id > before).order_by(OutboxMail.id)))
        assert sent == len(mails)
        db.session.expunge_all()
        return mails


@pytest.fixture
def office(make_user):
    return make_user("centro", roles=("centro_linguistico",), email="centro@example.edu", full_name="Anna Bianchi")


def add_course(app, starts_on: date, **fields) -> int:
    with app.app_context():
        period = Period(year=2026, number=1, starts_on=date(2026, 10, 1), ends_on=date(2027, 1, 31),
                        enrolment_opens_on=date(2026, 9, 10))
        db.session.add(period)
        db.session.flush()
        course = Course(period_id=period.id, code="A1-1", level="A1", mode="in_person", pattern="evening",
                        starts_on=starts_on, capacity=75, **fields)
        db.session.add(course)
        db.session.commit()
        return course.id


def test_the_office_hears_of_the_activation_and_the_teacher_once_near_and_once_overdue(app, office):
    # Monday 5 October 2026: activation by Monday 28 September (7 days), teacher by Monday 28 September (5 working
    # days); both reminded from Friday 25 September.
    add_course(app, date(2026, 10, 5))
    assert run(app, date(2026, 9, 24)) == []
    [near] = run(app, date(2026, 9, 25))
    assert near.to_addr == "centro@example.edu" and "2 scadenze" in near.subject
    assert "Avviso di attivazione di A1-1" in near.body and "Nomina docente del corso A1-1" in near.body
    assert "entro lunedì 28 settembre 2026" in near.body and "in ritardo" not in near.body
    assert run(app, date(2026, 9, 25)) == [] and run(app, date(2026, 9, 28)) == []
    [late] = run(app, date(2026, 9, 29))
    assert "era da fare entro lunedì 28 settembre 2026: in ritardo" in late.body
    assert run(app, date(2026, 9, 30)) == [] and run(app, date(2026, 10, 2)) == []


def test_nothing_once_done_and_english_for_an_english_reader(app, make_user):
    make_user("centro", roles=("centro_linguistico",), locale="en")
    teacher = make_user("docente", roles=("docente",))
    add_course(app, date(2026, 10, 5), teacher_id=teacher.id, teacher_named_on=date(2026, 9, 1))
    [mail] = run(app, date(2026, 9, 25))
    assert "1 deadline" not in mail.subject and "a deadline to watch" in mail.subject
    assert "Activation notice of A1-1" in mail.body and "Teacher" not in mail.body
    assert "to do by Monday, 28 September 2026" in mail.body
    with app.app_context():
        db.session.execute(Course.__table__.update().values(activated_on=date(2026, 9, 26)))
        db.session.commit()
    assert run(app, date(2026, 9, 29)) == []


def test_the_candidate_list_ten_days_before_the_written_test(app, office):
    # Written Thursday 20 May 2027: the list by Monday 10 May, reminded from Wednesday 5 May.
    with app.app_context():
        db.session.add(CertSession(body="CILS", level="B1", written_on=date(2027, 5, 20), oral_on=date(2027, 5, 21)))
        db.session.commit()
    assert run(app, date(2027, 5, 4)) == []
    [mail] = run(app, date(2027, 5, 5))
    assert "Elenco dei candidati della sessione di certificazione CILS B1" in mail.body
    assert "entro lunedì 10 maggio 2027" in mail.body
    with app.app_context():
        db.session.execute(CertSession.__table__.update().values(list_sent_on=date(2027, 5, 10)))
        db.session.commit()
    assert run(app, date(2027, 5, 11)) == []


def test_the_half_yearly_report_reaches_the_office_and_the_dec(app, office, make_user):
    make_user("dec", roles=("dec",), email="dec@example.edu")
    add_course(app, date(2026, 3, 2))
    # 30 June 2026 (Tuesday): the report by Tuesday 7 July; reminded from 1 July.
    assert [m for m in run(app, date(2026, 6, 30)) if "Resoconto" in m.body] == []
    mails = run(app, date(2026, 7, 1))
    assert sorted(m.to_addr for m in mails) == ["centro@example.edu", "dec@example.edu"]
    dec_mail = next(m for m in mails if m.to_addr == "dec@example.edu")
    assert "1° semestre 2026 (gennaio–giugno)" in dec_mail.body and "entro martedì 7 luglio 2026" in dec_mail.body
    assert "Avviso di attivazione" not in dec_mail.body
    with app.app_context():
        db.session.add(ContractReport(half_start=date(2026, 1, 1), received_on=date(2026, 7, 6)))
        db.session.commit()
    assert run(app, date(2026, 7, 8)) == []


def test_students_hear_once_before_an_exam_registration_closes(app, office, make_user):
    waiting = make_user("giulia", roles=("studente",), matricola="111111", email="giulia@example.edu")
    done = make_user("omar", roles=("studente",), matricola="222222")
    make_user("staff", roles=("dipendente",), matricola="333333")  # not a student: the exam is not theirs
    make_user("other", roles=("studente",), matricola="444444")  # Italian is not in the plan
    with app.app_context():
        db.session.add_all([PlanStudent(matricola=m) for m in ("111111", "222222", "333333")])
        sitting = ExamSitting(title="Appello di maggio", levels="A2 B1", opens_on=date(2027, 5, 1),
                              closes_on=date(2027, 5, 14))
        db.session.add(sitting)
        db.session.flush()
        turn = ExamTurn(sitting_id=sitting.id, starts=datetime(2027, 5, 20, 8, tzinfo=UTC), minutes=120,
                        mode="in_person", capacity=40, seats_taken=1)
        db.session.add(turn)
        db.session.flush()
        db.session.add(ExamRegistration(sitting_id=sitting.id, turn_id=turn.id, user_id=done.id, level="B1"))
        db.session.commit()
    assert run(app, date(2027, 5, 10)) == []
    [mail] = run(app, date(2027, 5, 11))
    assert mail.to_addr == waiting.email and "entro venerdì 14 maggio" in mail.subject
    assert "si chiudono venerdì 14 maggio 2027" in mail.body
    assert run(app, date(2027, 5, 12)) == [] and run(app, date(2027, 5, 15)) == []


def test_a_make_up_candidate_hears_once_before_the_next_session_closes(app, office, make_user):
    person = make_user("li.wei", roles=("studente",), email="li@example.edu", full_name="Li Wei")
    passed = make_user("ada", roles=("studente",))
    with app.app_context():
        held = CertSession(body="CILS", level="B1", written_on=date(2027, 2, 10), oral_on=date(2027, 2, 11),
                           list_sent_on=date(2027, 1, 30))
        following = CertSession(body="CILS", level="B1", written_on=date(2027, 5, 20), oral_on=date(2027, 5, 21))
        db.session.add_all([held, following])
        db.session.flush()
        skills = "listening reading writing speaking structures"
        for user, outcomes in ((person, {"reading": "failed", "writing": "absent"}), (passed, {})):
            candidate = CertCandidate(session_id=held.id, user_id=user.id, kind="full", skills=skills,
                                      price_cents=11000)
            db.session.add(candidate)
            db.session.flush()
            db.session.add_all([CertResult(candidate_id=candidate.id, skill=skill,
                                           outcome=outcomes.get(skill, "passed")) for skill in skills.split()])
        db.session.commit()
    # The list closes on 10 May: people are told from 7 May.
    mails = [m for m in run(app, date(2027, 5, 7)) if m.to_addr != "centro@example.edu"]
    assert [m.to_addr for m in mails] == ["li@example.edu"]
    assert "Da recuperare: Lettura, Produzione scritta; prezzo 55,00" in mails[0].body
    # the link goes to the learners' certification page, where they register (the session's page is the office's)
    assert "/courses/certification\n" in mails[0].body or mails[0].body.rstrip().endswith("/courses/certification")
    assert [m for m in run(app, date(2027, 5, 8)) if m.to_addr == "li@example.edu"] == []


def test_two_runs_share_one_row_per_deadline(app, office):
    add_course(app, date(2026, 10, 5))
    run(app, date(2026, 9, 25))
    run(app, date(2026, 9, 29))
    with app.app_context():
        rows = db.session.execute(select(Reminder.kind, Reminder.reminded_on).order_by(Reminder.kind)).all()
    assert rows == [("activation", date(2026, 9, 29)), ("teacher", date(2026, 9, 29))]
