"""End-of-course exams (point 5): sittings, registration of students with Italian in the plan (a turn never over its
seats), examiners' results, accommodations only for the office and the sitting's examiners (audited), the export."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.auth.models import User
from portal.core.audit import AuditEvent
from portal.core.calendar import today_in_rome
from portal.courses.models import ExamAccommodation, ExamRegistration, ExamSitting, ExamTurn, PlanStudent
from portal.extensions import db
from tests.conftest import login


def client_of(app, make_user, code, roles, **fields):
    make_user(code, roles=roles, **fields)
    client = app.test_client()
    assert login(client, code).status_code == 303
    return client


def sitting_data(**changes):
    today = today_in_rome()
    data = {"title": "Appello di gennaio", "levels": ["A2", "B1"], "opens_on": today.isoformat(),
            "closes_on": (today + timedelta(days=7)).isoformat(), "day": (today + timedelta(days=10)).isoformat(),
            "starts": "14:30", "minutes": "90", "mode": "in_person", "place": "Aula 1", "capacity": "2"}
    data.update(changes)
    return data


@pytest.fixture
def setup(app, make_user):
    office = client_of(app, make_user, "centro", ("centro_linguistico",))
    teacher = make_user("docente", roles=("docente",), full_name="Anna Docente")
    created = office.post("/courses/exams", data=sitting_data())
    assert created.status_code == 303, created.get_data(as_text=True)[:3000]
    with app.app_context():
        sitting = db.session.scalar(select(ExamSitting))
        db.session.add_all([PlanStudent(matricola="123456"), PlanStudent(matricola="123457"),
                            PlanStudent(matricola="123458")])
        db.session.commit()
        sitting_id, turn_id = sitting.id, sitting.turns[0].id
    assert office.post(f"/courses/exams/{sitting_id}/examiners", data={"teacher": teacher.id}).status_code == 303
    return office, sitting_id, turn_id


def test_a_student_with_italian_in_the_plan_registers_and_others_are_refused(app, make_user, setup):
    _office, sitting_id, turn_id = setup
    student = client_of(app, make_user, "li.wei", ("studente",), matricola="123456")
    page = student.get("/courses/exams").get_data(as_text=True)
    assert "Appello di gennaio" in page and "Iscriviti all'esame" in page
    done = student.post(f"/courses/exams/{sitting_id}/register",
                        data={f"s{sitting_id}-turn": turn_id, f"s{sitting_id}-level": "B1",
                              f"s{sitting_id}-graduating": "y"}, follow_redirects=True)
    assert "Iscrizione all'esame fatta" in done.get_data(as_text=True)
    again = student.post(f"/courses/exams/{sitting_id}/register",
                         data={f"s{sitting_id}-turn": turn_id, f"s{sitting_id}-level": "B1"}, follow_redirects=True)
    assert "già" in again.get_data(as_text=True)
    other = client_of(app, make_user, "other", ("studente",), matricola="999999")
    refused = other.post(f"/courses/exams/{sitting_id}/register",
                         data={f"s{sitting_id}-turn": turn_id, f"s{sitting_id}-level": "B1"}, follow_redirects=True)
    assert "piano di studi" in refused.get_data(as_text=True)
    wrong_level = client_of(app, make_user, "third", ("studente",), matricola="123457").post(
        f"/courses/exams/{sitting_id}/register", data={f"s{sitting_id}-turn": turn_id, f"s{sitting_id}-level": "C1"})
    assert wrong_level.status_code == 303
    with app.app_context():
        registration = db.session.scalar(select(ExamRegistration))
        assert (registration.level, registration.graduating) == ("B1", True)
        assert db.session.scalar(select(func.count(ExamRegistration.id))) == 1
        assert db.session.get(ExamTurn, turn_id).seats_taken == 1
    withdrawn = student.post(f"/courses/exam-registrations/{registration.id}/withdraw")
    assert withdrawn.status_code == 303
    with app.app_context():
        assert db.session.get(ExamTurn, turn_id).seats_taken == 0
    assert other.post(f"/courses/exam-registrations/{registration.id}/withdraw").status_code == 404


def test_the_turn_is_never_over_its_seats(app, make_user, setup):
    _office, sitting_id, turn_id = setup
    clients = [client_of(app, make_user, f"s{n}", ("studente",), matricola=f"12345{6 + n}") for n in range(3)]
    for client in clients:
        client.post(f"/courses/exams/{sitting_id}/register",
                    data={f"s{sitting_id}-turn": turn_id, f"s{sitting_id}-level": "A2"})
    with app.app_context():
        assert db.session.get(ExamTurn, turn_id).seats_taken == 2
        assert db.session.scalar(select(func.count(ExamRegistration.id))) == 2


def test_concurrent_registrations_never_pass_the_seats(app, make_user, setup):
    """Ten students at once for the last two seats of a turn: exactly two registered."""
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("the race needs PostgreSQL's concurrent writers")
    _office, sitting_id, turn_id = setup
    with app.app_context():
        db.session.add_all([PlanStudent(matricola=f"2000{n:02d}") for n in range(10)])
        db.session.commit()
    clients = [client_of(app, make_user, f"race{n}", ("studente",), matricola=f"2000{n:02d}") for n in range(10)]
    barrier = threading.Barrier(10)

    def go(client):
        barrier.wait()
        client.post(f"/courses/exams/{sitting_id}/register",
                    data={f"s{sitting_id}-turn": turn_id, f"s{sitting_id}-level": "A2"})

    threads = [threading.Thread(target=go, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with app.app_context():
        assert db.session.get(ExamTurn, turn_id).seats_taken == 2
        assert db.session.scalar(select(func.count(ExamRegistration.id))
                                 .where(ExamRegistration.status == "registered")) == 2


def test_two_withdrawals_of_one_registration_at_once_give_one_seat_back(app, make_user, setup):
    """A double tap on "withdraw" (two requests at once) frees one seat, never two: the turn cannot be oversold."""
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("the race needs PostgreSQL's concurrent writers")
    _office, sitting_id, turn_id = setup
    student = client_of(app, make_user, "li.wei", ("studente",), matricola="123456", full_name="Li Wei")
    student.post(f"/courses/exams/{sitting_id}/register",
                 data={f"s{sitting_id}-turn": turn_id, f"s{sitting_id}-level": "B1"})
    other = client_of(app, make_user, "other", ("studente",), matricola="123457")
    other.post(f"/courses/exams/{sitting_id}/register", data={f"s{sitting_id}-turn": turn_id, f"s{sitting_id}-level": "A2"})
    with app.app_context():
        assert db.session.get(ExamTurn, turn_id).seats_taken == 2
        registration_id = db.session.scalar(select(ExamRegistration.id).join(User, User.id == ExamRegistration.user_id)
                                            .where(User.access_code == "li.wei"))
    barrier = threading.Barrier(4)

    def go():
        barrier.wait()
        student.post(f"/courses/exam-registrations/{registration_id}/withdraw")

    threads = [threading.Thread(target=go) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with app.app_context():
        assert db.session.get(ExamTurn, turn_id).seats_taken == 1
        assert db.session.scalar(select(func.count(ExamRegistration.id))
                                 .where(ExamRegistration.status == "registered")) == 1


def _registered(app, make_user, sitting_id, turn_id):
    student = client_of(app, make_user, "li.wei", ("studente",), matricola="123456", full_name="Li Wei")
    student.post(f"/courses/exams/{sitting_id}/register",
                 data={f"s{sitting_id}-turn": turn_id, f"s{sitting_id}-level": "B1", f"s{sitting_id}-graduating": "y"})
    with app.app_context():
        return db.session.scalar(select(ExamRegistration.id))


def test_accommodations_only_for_the_office_and_the_sittings_examiners_every_opening_audited(app, make_user, setup):
    office, sitting_id, turn_id = setup
    registration = _registered(app, make_user, sitting_id, turn_id)
    too_much = office.post(f"/courses/exam-registrations/{registration}/accommodation",
                           data={"kind": "dsa", "extra_percent": "40"})
    assert too_much.status_code == 422 and "30" in too_much.get_data(as_text=True)
    saved = office.post(f"/courses/exam-registrations/{registration}/accommodation",
                        data={"kind": "dsa", "extra_percent": "30", "quiet_room": "y"})
    assert saved.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count(ExamAccommodation.id))) == 1
        opened_before = db.session.scalar(select(func.count(AuditEvent.id))
                                          .where(AuditEvent.event == "courses.accommodations_opened"))
    examiner = app.test_client()
    login(examiner, "docente")
    page = examiner.get(f"/courses/exams/{sitting_id}").get_data(as_text=True)
    assert "+30 %" in page and "27 minuti" in page  # 90 minutes x 30 % = 27
    stranger = client_of(app, make_user, "altro.docente", ("docente",))
    assert stranger.get(f"/courses/exams/{sitting_id}").status_code == 404
    assert stranger.post(f"/courses/exam-registrations/{registration}/result",
                         data={f"r{registration}-outcome": "passed", f"r{registration}-grade": "28"}).status_code == 404
    student = app.test_client()
    login(student, "li.wei")
    assert student.get(f"/courses/exams/{sitting_id}").status_code == 403
    assert "30 %" not in student.get("/courses/exams").get_data(as_text=True)
    assert client_of(app, make_user, "dec", ("dec",)).get(
        f"/courses/exam-registrations/{registration}/accommodation").status_code == 403
    with app.app_context():
        assert db.session.scalar(select(func.count(AuditEvent.id))
                                 .where(AuditEvent.event == "courses.accommodations_opened")) == opened_before + 1


def test_examiners_record_results_and_the_office_exports_them(app, make_user, setup):
    office, sitting_id, turn_id = setup
    registration = _registered(app, make_user, sitting_id, turn_id)
    with app.app_context():
        db.session.execute(db.update(ExamRegistration).values(grade=None))
        user = db.session.get(ExamRegistration, registration).user
        user.full_name = "=HYPERLINK(\"x\")"
        db.session.commit()
    examiner = app.test_client()
    login(examiner, "docente")
    bad = examiner.post(f"/courses/exam-registrations/{registration}/result",
                        data={f"r{registration}-outcome": "passed", f"r{registration}-grade": "31"},
                        follow_redirects=True)
    assert "18" in bad.get_data(as_text=True)
    ok = examiner.post(f"/courses/exam-registrations/{registration}/result",
                       data={f"r{registration}-outcome": "passed", f"r{registration}-grade": "28",
                             f"r{registration}-oral": "passed"})
    assert ok.status_code == 303
    export = office.get(f"/courses/exams/{sitting_id}/results.csv")
    body = export.get_data(as_text=True)
    assert export.mimetype == "text/csv"
    lines = body.splitlines()
    assert lines[0] == "matricola;surname_name;level;date;outcome;grade;oral"
    assert lines[1].startswith("123456;\"'=HYPERLINK") and lines[1].endswith(";B1;" + (
        today_in_rome() + timedelta(days=10)).isoformat() + ";passed;28;passed")
    chosen = office.get(f"/courses/exams/{sitting_id}/results.csv?columns=grade&columns=matricola&columns=bogus")
    assert chosen.get_data(as_text=True).splitlines() == ["grade;matricola", "28;123456"]  # in the order asked
    assert examiner.get(f"/courses/exams/{sitting_id}/results.csv").status_code == 403


@pytest.mark.parametrize("changes, message", [
    ({"closes_on": (date.today() + timedelta(days=10)).isoformat()}, "primo turno"),
    ({"levels": []}, "livelli"),
    ({"capacity": "abc"}, "numero intero"),
    ({"capacity": "99999999999999999999"}, "numero intero"),
    ({"title": "x" * 300}, "100"),
    ({"day": "2026-02-31"}, "data"),
    ({"starts": "25:99"}, "14:30"),
    ({"day": "9999-12-31", "closes_on": "9999-12-30"}, "due anni"),
])
def test_bad_sittings_are_refused_and_nothing_written(app, make_user, changes, message):
    office = client_of(app, make_user, "centro", ("centro_linguistico",))
    sent = office.post("/courses/exams", data=sitting_data(**changes))
    assert sent.status_code == 422 and message in sent.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(ExamSitting.id))) == 0


def test_missing_objects_are_not_found(app, make_user):
    office = client_of(app, make_user, "centro", ("centro_linguistico",))
    assert office.get("/courses/exams/999999").status_code == 404
    assert office.get("/courses/exams/999999/results.csv").status_code == 404
    assert office.get("/courses/exam-registrations/999999/accommodation").status_code == 404
