"""The tutoring pages through requests: who may open what, refusals translated with nothing written, the cap and
the operator's timetable held, health data only for the unit."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from portal.core.audit import AuditEvent
from portal.core.calendar import today_in_rome
from portal.extensions import db
from portal.tutoring import rules
from portal.tutoring.models import Cap, CapRevision, Diagnosis, MoreHours, Request, TutoredStudent, TutoringSession
from tests.conftest import login
from tests.helpers import visible_text


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def cap(world, service="tutoring", day=None) -> Cap:
    return db.session.scalar(select(Cap).where(Cap.student_id == world.student, Cap.service == service,
                                               Cap.quarter == rules.quarter_of(day or world.future)))


def session_data(world, **changes) -> dict:
    data = {"service": "tutoring", "day": world.future.isoformat(), "starts": "09:00", "ends": "11:00",
            "mode": "in_person", "activity": "lesson", "status": "planned"}
    data.update(changes)
    return data


# -- referral and the clock ----------------------------------------------------------------------------------------

def test_the_unit_refers_a_student_and_the_request_gets_its_serve_by_day(app, client, world, make_user):
    make_user("nuovo.studente", roles=("studente",), full_name="Nadia Sala", matricola="250104")
    login(client, "unita")
    response = client.post("/tutoring/refer", data={"matricola": "250104", "kind": "tutoring", "mode": "remote",
                                                    "needs": "Written questions in advance."})
    assert response.status_code == 303
    with app.app_context():
        request = db.session.scalars(select(Request).order_by(Request.id.desc())).first()
        assert request.serve_by == rules.serve_by(request.requested_on, (), "TO")
        assert request.first_served_on is None


def test_a_wrong_matricola_is_refused_in_italian_and_nothing_is_written(app, client, world):
    login(client, "unita")
    with app.app_context():
        before = count(TutoredStudent), count(Request)
    response = client.post("/tutoring/refer", data={"matricola": "999999", "kind": "both", "mode": "remote"})
    assert response.status_code == 422
    assert "Nessuno studente ha questa matricola." in response.get_data(as_text=True)
    for bad in ("12345", "١٢٣٤٥٦", "x" * 2000, "250105\r\n"):
        assert client.post("/tutoring/refer", data={"matricola": bad, "kind": "lis", "mode": "remote"}
                           ).status_code == 422
    with app.app_context():
        assert (count(TutoredStudent), count(Request)) == before


def test_dec_and_coordinator_see_the_requests_and_late_ones_in_red(app, client, world):
    with app.app_context():
        request = db.session.scalars(select(Request)).first()
        request.serve_by = date(2020, 1, 2)
        request.requested_on = date(2020, 1, 1)
        db.session.commit()
    for who in ("dec", "coordinatore"):
        login(client, who)
        page = client.get("/tutoring/").get_data(as_text=True)
        assert "In ritardo: doveva iniziare entro giovedì 2 gennaio 2020" in visible_text(page)
        assert "text-danger" in page
        client.post("/auth/logout")


def test_the_first_held_session_closes_the_request(app, client, world):
    login(client, "tutor2")
    response = client.post(f"/tutoring/students/{world.student}/sessions",
                           data=session_data(world, day=world.past.isoformat(), status="held"))
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    with app.app_context():
        served = {row.service: row.first_served_on for row in db.session.scalars(select(Request))}
        assert served == {"tutoring": world.past, "lis": None}


# -- who sees what -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("code,status", [("dec", 200), ("coordinatore", 200), ("unita", 200), ("tutor2", 200),
                                         ("studente", 200), ("altro", 404)])
def test_a_student_page_is_seen_by_the_staff_the_assigned_operators_and_the_student(client, world, code, status):
    login(client, code)
    assert client.get(f"/tutoring/students/{world.student}").status_code == status


def test_an_operator_not_assigned_gets_404(app, client, world, make_user):
    make_user("tutor3", roles=("tutor",), full_name="Chiara Fabbri")
    login(client, "tutor3")
    assert client.get(f"/tutoring/students/{world.student}").status_code == 404
    assert client.get("/tutoring/students/999999").status_code == 404


def test_people_of_other_services_are_kept_out(client, world, make_user):
    make_user("dipendente", roles=("dipendente",))
    login(client, "dipendente")  # a staff member of an office: only the LIS for events
    assert client.get("/tutoring/").headers["Location"].endswith("/tutoring/events")
    assert client.get(f"/tutoring/students/{world.student}").status_code == 403
    assert client.get("/tutoring/queue").status_code == 403


def test_a_student_not_referred_reads_how_to_ask_without_a_phone_call(client, world):
    login(client, "altro")
    text = visible_text(client.get("/tutoring/").get_data(as_text=True))
    assert "Non sei segnalato a questo servizio." in text


def test_the_student_reads_the_balance_in_plain_words(app, client, world):
    login(client, "tutor2")
    client.post(f"/tutoring/students/{world.student}/sessions", data=session_data(world))
    client.post("/auth/logout")
    login(client, "studente")
    response = client.get("/tutoring/", follow_redirects=True)
    text = visible_text(response.get_data(as_text=True))
    assert "Ti restano 8 h su 10 h per questo trimestre." in text
    assert "Già fatte: 0 h. Programmate: 2 h." in text


# -- caps ----------------------------------------------------------------------------------------------------------

def test_the_dec_sets_next_quarters_hours_split_by_month(app, client, world):
    login(client, "dec")
    quarter = rules.next_quarter(today_in_rome())
    with app.app_context():
        db.session.execute(Cap.__table__.delete().where(Cap.quarter == quarter))
        db.session.commit()
    response = client.post(f"/tutoring/students/{world.student}/caps", data={
        "service": "tutoring", "quarter": quarter.isoformat(), "hours": "30", "month_1": "10", "month_2": "12,5",
        "month_3": ""})
    assert response.status_code == 303
    with app.app_context():
        row = db.session.scalar(select(Cap).where(Cap.quarter == quarter, Cap.service == "tutoring"))
        assert row.cap_minutes == 1800
        assert [month.cap_minutes for month in row.months] == [600, 750, None]


@pytest.mark.parametrize("data,message", [
    ({"hours": "abc"}, "Scrivi le ore come 12, 12,5 o 12:30."),
    ({"hours": "1E+400"}, "Scrivi le ore come 12, 12,5 o 12:30."),
    ({"hours": "10", "month_1": "6", "month_2": "6"}, "Le ore dei mesi insieme superano quelle del trimestre."),
    ({"hours": "0"}, "Indica le ore del trimestre: più di zero."),
    ({"hours": "10", "quarter": "9999-12-31"}, None),
])
def test_wrong_hours_are_refused_and_nothing_is_written(app, client, world, data, message):
    login(client, "dec")
    quarter = rules.next_quarter(today_in_rome())
    with app.app_context():
        db.session.execute(Cap.__table__.delete().where(Cap.quarter == quarter))
        db.session.commit()
        before = count(Cap)
    response = client.post(f"/tutoring/students/{world.student}/caps",
                           data={"service": "tutoring", "quarter": quarter.isoformat(), **data})
    assert response.status_code == 422
    if message:
        assert message in visible_text(response.get_data(as_text=True))
    with app.app_context():
        assert count(Cap) == before


def test_a_revision_needs_a_reason_and_is_kept_in_the_history(app, client, world):
    login(client, "dec")
    with app.app_context():
        cap_id = cap(world).id
    refused = client.post(f"/tutoring/caps/{cap_id}/revise", data={"month": "", "hours": "12", "reason": ""})
    assert refused.status_code == 422
    done = client.post(f"/tutoring/caps/{cap_id}/revise", data={"month": "", "hours": "12",
                                                                "reason": "Exams in the last month"})
    assert done.status_code == 303
    with app.app_context():
        assert cap(world).cap_minutes == 720
        history = db.session.scalars(select(CapRevision).where(CapRevision.cap_id == cap_id)
                                     .order_by(CapRevision.id)).all()
        assert [(row.old_minutes, row.new_minutes, row.reason) for row in history][-1] == (
            600, 720, "Exams in the last month")


def test_only_the_dec_sets_hours(client, world):
    for code in ("coordinatore", "tutor2", "unita", "studente"):
        login(client, code)
        assert client.post(f"/tutoring/students/{world.student}/caps", data={}).status_code == 403
        client.post("/auth/logout")


# -- sessions ------------------------------------------------------------------------------------------------------

def test_a_session_past_the_cap_is_refused_and_more_hours_can_be_asked(app, client, world):
    login(client, "tutor2")
    for starts, ends in (("08:00", "12:00"), ("12:00", "17:00")):  # 4 h + 5 h of 10 h
        assert client.post(f"/tutoring/students/{world.student}/sessions",
                           data=session_data(world, starts=starts, ends=ends)).status_code == 303
    refused = client.post(f"/tutoring/students/{world.student}/sessions",
                          data=session_data(world, starts="17:00", ends="19:00"))
    assert refused.status_code == 422
    text = visible_text(refused.get_data(as_text=True))
    assert "Questo incontro supererebbe le ore del trimestre: restano 1 h. Chiedi più ore al DEC." in text
    assert "Chiedi più ore" in text
    with app.app_context():
        assert count(TutoringSession) == 2
        assert cap(world).booked_minutes == 540
        cap_id = cap(world).id
    asked = client.post(f"/tutoring/caps/{cap_id}/more", data={"hours": "4", "reason": "Two more exams"})
    assert asked.status_code == 303
    client.post("/auth/logout")
    login(client, "dec")
    assert "Two more exams" in client.get("/tutoring/queue").get_data(as_text=True)
    with app.app_context():
        asked_id = db.session.scalar(select(MoreHours.id))
    assert client.post(f"/tutoring/queue/{asked_id}/grant").status_code == 303
    assert client.post(f"/tutoring/queue/{asked_id}/grant").status_code == 303  # already decided: refused
    with app.app_context():
        assert cap(world).cap_minutes == 840  # 10 h + 4 h
        assert db.session.get(MoreHours, asked_id).status == "granted"


def test_two_sessions_of_one_operator_never_overlap(app, client, world):
    login(client, "tutor2")
    assert client.post(f"/tutoring/students/{world.student}/sessions", data=session_data(world)).status_code == 303
    refused = client.post(f"/tutoring/students/{world.student}/sessions",
                          data=session_data(world, starts="10:00", ends="11:00"))
    assert refused.status_code == 422
    assert "L'operatore ha già un incontro o un evento dalle 09:00 alle 11:00 quel giorno." in visible_text(
        refused.get_data(as_text=True))
    assert client.post(f"/tutoring/students/{world.student}/sessions",
                       data=session_data(world, starts="11:00", ends="12:00")).status_code == 303


@pytest.mark.parametrize("changes", [
    {"starts": "07:00", "ends": "09:00"}, {"starts": "18:00", "ends": "20:00"}, {"starts": "10:00", "ends": "09:00"},
    {"starts": "99:99"}, {"day": "9999-12-31"}, {"day": "0001-01-01"}, {"day": "2026-02-30"},
    {"activity": "party"}, {"status": "cancelled_late"}, {"service": "other"}, {"mode": "phone"},
])
def test_bad_session_input_is_refused_and_nothing_is_written(app, client, world, changes):
    login(client, "tutor2")
    response = client.post(f"/tutoring/students/{world.student}/sessions", data=session_data(world, **changes))
    assert response.status_code == 422
    with app.app_context():
        assert count(TutoringSession) == 0
        assert cap(world).booked_minutes == 0


def test_only_the_assigned_operator_records_and_lis_needs_the_qualification(app, client, world):
    login(client, "tutor")  # the LIS interpreter, not assigned to tutoring
    refused = client.post(f"/tutoring/students/{world.student}/sessions", data=session_data(world))
    assert refused.status_code == 422
    client.post("/auth/logout")
    login(client, "coordinatore")
    response = client.post(f"/tutoring/students/{world.student}/assign",
                           data={"service": "lis", "operator_id": world.operator})
    assert response.status_code == 422
    assert "Questo operatore non ha la qualifica LIS registrata." in visible_text(response.get_data(as_text=True))
    assert client.post(f"/tutoring/students/{world.student}/assign",
                       data={"service": "tutoring", "operator_id": world.lis_operator}).status_code == 303
    page = visible_text(client.get(f"/tutoring/students/{world.student}").get_data(as_text=True))
    assert "Matteo Conti" in page and "Francesca Rinaldi" in page  # the history keeps who served before


def test_a_session_cancelled_in_time_gives_the_hours_back_a_late_one_needs_a_reason(app, client, world):
    login(client, "tutor2")
    client.post(f"/tutoring/students/{world.student}/sessions", data=session_data(world))
    client.post(f"/tutoring/students/{world.student}/sessions", data=session_data(world, starts="14:00",
                                                                                   ends="15:00"))
    with app.app_context():
        first, second = db.session.scalars(select(TutoringSession.id).order_by(TutoringSession.id)).all()
    client.post(f"/tutoring/sessions/{first}/status", data={"status": "cancelled_in_time", "reason": ""})
    client.post(f"/tutoring/sessions/{second}/status", data={"status": "cancelled_late", "reason": ""})
    with app.app_context():
        assert db.session.get(TutoringSession, first).status == "cancelled_in_time"
        assert db.session.get(TutoringSession, second).status == "planned"
        assert cap(world).booked_minutes == 60
    client.post(f"/tutoring/sessions/{second}/status", data={"status": "cancelled_late", "reason": "Ill"})
    with app.app_context():
        assert db.session.get(TutoringSession, second).status == "cancelled_late"
        assert cap(world).booked_minutes == 60
    client.post("/auth/logout")
    login(client, "tutor")
    assert client.post(f"/tutoring/sessions/{first}/status", data={"status": "held"}).status_code == 404


# -- health data ---------------------------------------------------------------------------------------------------

def test_health_data_only_for_the_unit_and_every_opening_audited(app, client, world):
    login(client, "unita")
    assert client.post(f"/tutoring/students/{world.student}/health/diagnoses",
                       data={"text": "Sordità profonda bilaterale"}).status_code == 303
    assert client.post(f"/tutoring/students/{world.student}/health/diagnoses", data={"text": " "}
                       ).status_code == 422
    page = client.get(f"/tutoring/students/{world.student}/health")
    assert page.status_code == 200 and "Sordità profonda bilaterale" in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEvent)
                                 .where(AuditEvent.event == "tutoring.health_opened")) >= 1
        assert count(Diagnosis) == 1
    client.post("/auth/logout")
    for code in ("dec", "coordinatore", "tutor", "tutor2", "studente"):
        login(client, code)
        assert client.get(f"/tutoring/students/{world.student}/health").status_code == 404
        assert client.get(f"/tutoring/students/{world.student}/health/documents/1").status_code == 404
        assert client.post(f"/tutoring/students/{world.student}/health/diagnoses",
                           data={"text": "x"}).status_code == 404
        assert "Sordità" not in client.get(f"/tutoring/students/{world.student}").get_data(as_text=True)
        client.post("/auth/logout")


def test_purge_health_deletes_only_after_the_retention(app, world):
    from portal.tutoring.models import Diagnosis as D
    with app.app_context():
        db.session.add(D(student_id=world.student, text="x"))
        db.session.commit()
    runner = app.test_cli_runner()
    app.config["PORTAL_TUTORING_CONTRACT_END"] = "2099-12-31"
    result = runner.invoke(args=["tutoring", "purge-health"])
    assert "2100-06-30" in result.output
    with app.app_context():
        assert count(D) == 1
    app.config["PORTAL_TUTORING_CONTRACT_END"] = "2020-01-31"
    result = runner.invoke(args=["tutoring", "purge-health"])
    app.config["PORTAL_TUTORING_CONTRACT_END"] = "2027-12-31"
    assert "deleted: 1" in result.output
    with app.app_context():
        assert count(D) == 0


# -- closures, feed, extremes --------------------------------------------------------------------------------------

def test_a_closing_day_refuses_sessions(app, client, world):
    login(client, "dec")
    assert client.post("/tutoring/closures", data={"day": world.future.isoformat(), "reason": "Chiusura"}
                       ).status_code == 303
    assert client.post("/tutoring/closures", data={"day": world.future.isoformat()}).status_code == 422
    client.post("/auth/logout")
    login(client, "tutor2")
    refused = client.post(f"/tutoring/students/{world.student}/sessions", data=session_data(world))
    assert refused.status_code == 422
    assert "L'ateneo è chiuso quel giorno." in visible_text(refused.get_data(as_text=True))


def test_sessions_join_the_private_calendar_of_operator_and_student(app, client, world):
    from portal.auth.models import User
    from portal.core.feeds import calendar_for

    login(client, "tutor2")
    client.post(f"/tutoring/students/{world.student}/sessions", data=session_data(world))
    with app.test_request_context():
        for user_id in (world.tutor, world.student_user):
            text = calendar_for(db.session.get(User, user_id))
            assert "tutoring-session-" in text
        assert "tutoring-session-" not in calendar_for(db.session.get(User, world.other_student_user))


@pytest.mark.parametrize("query", ["9999-12-31", "0001-01-01", "x", "99999999999", ""])
def test_extreme_quarters_never_fail(client, world, query):
    login(client, "dec")
    assert client.get(f"/tutoring/students/{world.student}?quarter={query}").status_code == 200


def test_the_home_page_card_tells_the_student_the_hours_left(client, world):
    login(client, "studente")
    text = visible_text(client.get("/").get_data(as_text=True))
    assert "Tutorato specializzato: restano 10 h su 10 h in questo trimestre" in text
