"""The quarterly report's opening quarter, its label and its reminders; the LIS interpreter the coordinator sends to
an institutional event (only LIS-qualified, never over the operator's sessions), and the office seeing who comes."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from sqlalchemy import select

from portal.auth.models import User
from portal.core.calendar import today_in_rome
from portal.core.mail import OutboxMail
from portal.core.rules import RuleViolation
from portal.extensions import db
from portal.tutoring import rules, services
from portal.tutoring.models import Cap, LisEvent, QuarterReport, TutoredStudent
from tests.conftest import login
from tests.helpers import visible_text
from tests.tutoring.test_paperwork import last_month  # noqa: F401 (a fixture)

MONTHS_IT = ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre",
             "novembre", "dicembre")


def quarter_label(quarter: date) -> str:
    """'Trimestre 1 ottobre – 31 dicembre 2026'."""
    last = rules.next_quarter(quarter) - timedelta(days=1)
    return f"Trimestre 1 {MONTHS_IT[quarter.month - 1]} – {last.day} {MONTHS_IT[last.month - 1]} {last.year}"


# -- the report's quarter ------------------------------------------------------------------------------------------

def test_the_report_opens_on_the_last_quarter_ended_when_nothing_is_held(client, world):
    login(client, "dec")
    text = visible_text(client.get("/tutoring/report").get_data(as_text=True))
    last_ended = rules.quarter_of(rules.quarter_of(today_in_rome()) - timedelta(days=1))
    assert quarter_label(last_ended) in text
    # no hours were set then: nothing to send, never "late"
    assert "non c'è un report da inviare" in text and "In ritardo" not in text


def test_the_report_opens_on_the_quarter_with_hours(client, world, last_month):  # noqa: F811
    # last month's sessions: in the last quarter ended (it has hours: open there) or in this one (the last ended
    # has none and this one has: open here). Either way, the quarter of last month.
    login(client, "dec")
    text = visible_text(client.get("/tutoring/report").get_data(as_text=True))
    assert quarter_label(rules.quarter_of(last_month)) in text
    assert "Ore nei moduli firmati: 0 h" in text  # hours read as hours, never "0 min"
    assert "Svolte 3 h 30 min, annullate in ritardo 1 h, su 10 h" in text
    # a quarter asked for is kept
    text = visible_text(client.get("/tutoring/report?quarter=2026-02-10").get_data(as_text=True))
    assert "Trimestre 1 gennaio – 31 marzo 2026" in text


# -- the report's reminders ----------------------------------------------------------------------------------------

def _mails(app) -> list[OutboxMail]:
    with app.app_context():
        return list(db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)))


def _served(app, world, quarter: date) -> None:
    """Hours were set for the quarter (a quarter without any has no report to send)."""
    with app.app_context():
        db.session.add(Cap(student_id=world.student, service="tutoring", quarter=quarter, cap_minutes=600))
        db.session.commit()


def test_the_dec_and_the_coordinator_are_reminded_once_before_and_once_when_late(app, world, make_user):
    make_user("dec.inattivo", roles=("dec",), active=False)
    quarter = date(2025, 7, 1)
    due = rules.report_deadline(quarter, (), "TO").due_on  # Tuesday 30 Sep + 5 working days: Tuesday 7 October
    assert due == date(2025, 10, 7)
    with app.test_request_context():
        assert services.report.send_reminders(date(2025, 9, 30)) == 0  # no hours set that quarter: no report
    _served(app, world, quarter)
    with app.test_request_context():
        assert services.report.send_reminders(date(2025, 9, 29)) == 0  # the quarter is not over
        assert services.report.send_reminders(date(2025, 9, 30)) == 2  # its last day: the DEC and the coordinator
        db.session.commit()
        assert services.report.send_reminders(date(2025, 10, 1)) == 0  # never a daily nag
        assert services.report.send_reminders(due) == 0
        assert services.report.send_reminders(due + timedelta(days=1)) == 2  # late: once more
        db.session.commit()
        assert services.report.send_reminders(due + timedelta(days=2)) == 0
    mails = _mails(app)
    assert sorted(mail.to_addr for mail in mails[:2]) == ["coordinatore@example.edu", "dec@example.edu"]
    first = next(mail for mail in mails if mail.to_addr == "coordinatore@example.edu")
    assert first.subject.startswith("Tutorato: il report trimestrale 1 luglio – 30 settembre 2025 va inviato entro "
                                    "martedì 7 ottobre")
    assert "entro martedì 7 ottobre 2025" in first.body and "/tutoring/report?quarter=2025-07-01" in first.body
    assert "invia il report dalla sua pagina" in first.body
    dec_mail = next(mail for mail in mails if mail.to_addr == "dec@example.edu")
    assert "lo leggi nella sua pagina" in dec_mail.body
    assert "è in ritardo" in mails[-1].subject


def test_a_sent_report_is_not_reminded(app, world):
    _served(app, world, date(2025, 7, 1))
    with app.test_request_context():
        db.session.add(QuarterReport(quarter=date(2025, 7, 1), minutes=0, amount_cents=0))
        db.session.commit()
        assert services.report.send_reminders(date(2025, 9, 30)) == 0
        assert services.report.send_reminders(date(2025, 10, 20)) == 0


def test_the_remind_command_queues_the_mails(app, world, monkeypatch):
    _served(app, world, date(2025, 7, 1))
    monkeypatch.setattr(services, "today", lambda: date(2025, 9, 30))
    result = app.test_cli_runner().invoke(args=["tutoring", "remind"])
    assert "2 reminders queued" in result.output
    assert len(_mails(app)) == 2


# -- the interpreter of an event -----------------------------------------------------------------------------------

def _event(app, world, day, starts=time(9), ends=time(11)) -> int:
    with app.test_request_context():
        event = services.events.ask(db.session.get(User, world.dec), "Inaugurazione dell'anno", "Rettorato",
                                    "Aula Magna", day, starts, ends)
        db.session.commit()
        return event.id


def test_the_coordinator_sends_a_lis_interpreter_and_the_office_sees_who_comes(app, client, world):
    event_id = _event(app, world, world.future)
    login(client, "coordinatore")
    page = client.get("/tutoring/events").get_data(as_text=True)
    assert "Nessun interprete assegnato ancora." in visible_text(page)
    # only LIS-qualified operators are offered
    assert "Francesca Rinaldi</option>" in page and "Matteo Conti</option>" not in page
    assert client.post(f"/tutoring/events/{event_id}/interpreter",
                       data={"operator_id": str(world.operator)}).status_code == 422  # no LIS qualification
    assert client.post(f"/tutoring/events/{event_id}/interpreter", data={"operator_id": "x"}).status_code == 422
    assert client.post(f"/tutoring/events/{event_id}/interpreter", data={"operator_id": "999999"}).status_code == 422
    with app.app_context():
        assert db.session.get(LisEvent, event_id).operator_id is None
    response = client.post(f"/tutoring/events/{event_id}/interpreter", data={"operator_id": str(world.lis_operator)})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(LisEvent, event_id).operator_id == world.lis_operator
    client.post("/auth/logout")
    login(client, "tutor")  # the interpreter finds the event on their overview
    home = visible_text(client.get("/tutoring/").get_data(as_text=True))
    assert "Fai da interprete a questi eventi" in home and "Inaugurazione dell'anno · Aula Magna · Rettorato" in home
    client.post("/auth/logout")
    login(client, "dec")  # the DEC asked: it sees who comes
    assert "Interprete: Francesca Rinaldi" in visible_text(client.get("/tutoring/events").get_data(as_text=True))
    assert client.post(f"/tutoring/events/{event_id}/interpreter",
                       data={"operator_id": str(world.lis_operator)}).status_code == 403


def test_an_interpreter_is_never_sent_over_their_own_session_nor_booked_over_the_event(app, client, world):
    with app.test_request_context():
        services.record(db.session.get(User, world.lis_tutor), db.session.get(TutoredStudent, world.student), "lis",
                        world.future, time(10), time(12), "in_person", "lesson")
        db.session.commit()
    clashing = _event(app, world, world.future, time(11), time(13))
    touching = _event(app, world, world.future, time(12), time(13))  # starts when the session ends: free
    login(client, "coordinatore")
    refused = client.post(f"/tutoring/events/{clashing}/interpreter", data={"operator_id": str(world.lis_operator)})
    assert refused.status_code == 422
    assert "L'operatore ha già un incontro o un evento dalle 10:00 alle 12:00 quel giorno." in visible_text(
        refused.get_data(as_text=True))
    assert client.post(f"/tutoring/events/{touching}/interpreter",
                       data={"operator_id": str(world.lis_operator)}).status_code == 303
    # now the interpreter's session planning meets the event
    with app.test_request_context(), pytest.raises(RuleViolation, match="dalle 12:00 alle 13:00"):
        services.record(db.session.get(User, world.lis_tutor), db.session.get(TutoredStudent, world.student),
                        "lis", world.future, time(12, 30), time(13, 30), "in_person", "lesson")
