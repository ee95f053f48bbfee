import smtplib
from datetime import timedelta

from sqlalchemy import func, select

from portal.auth.models import User
from portal.core import mail
from portal.core.mail import OutboxMail
from portal.core.types import utcnow
from portal.extensions import db
from tests.conftest import outbox


def _queue(app, to="a@example.edu"):
    with app.test_request_context():
        mail.enqueue(to, "it", "access_code", user=User(full_name="Anna Rossi", access_code="anna"), link="http://x")
        db.session.commit()


class FakeSMTP:
    """Stands in for the SMTP server, an edge we do not own."""

    sent: list = []
    fail = False

    def __init__(self, host, port, timeout):
        if FakeSMTP.fail:
            raise ConnectionRefusedError("SMTP server down")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        pass

    def login(self, user, password):
        pass

    def send_message(self, message):
        FakeSMTP.sent.append(message)


def test_mail_send_delivers_in_the_recipients_language(app, monkeypatch):
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    FakeSMTP.sent, FakeSMTP.fail = [], False
    _queue(app)
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert "sent 1, failed 0" in result.output
    message = FakeSMTP.sent[0]
    assert message["To"] == "a@example.edu" and message["Content-Language"] == "it"
    assert message["Subject"].startswith("Il tuo codice di accesso")
    row = outbox(app)[0]
    assert row.status == "sent" and row.sent_at is not None


def test_a_calendar_invitation_travels_as_an_attachment(app, monkeypatch):
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    FakeSMTP.sent, FakeSMTP.fail = [], False
    with app.test_request_context():
        mail.enqueue("a@example.edu", "en", "access_code", user=User(full_name="Anna Rossi", access_code="anna"),
                     link="http://x", attachment=mail.Attachment("appointment.ics", "text/calendar; method=REQUEST",
                                                                 "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"))
        db.session.commit()
    app.test_cli_runner().invoke(args=["mail", "send"])
    (part,) = list(FakeSMTP.sent[0].iter_attachments())
    assert part.get_filename() == "appointment.ics" and part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "REQUEST" and part.get_content().startswith("BEGIN:VCALENDAR")


def test_mail_is_kept_and_retried_later_when_smtp_is_down(app, monkeypatch):
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    FakeSMTP.sent, FakeSMTP.fail = [], True
    _queue(app)
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert "sent 0, failed 1" in result.output
    row = outbox(app)[0]
    assert row.status == "pending" and row.attempts == 1 and "SMTP server down" in row.last_error
    assert row.next_attempt_at > utcnow()
    # not due yet: nothing is tried
    assert "sent 0, failed 0" in app.test_cli_runner().invoke(args=["mail", "send"]).output
    with app.app_context():
        db.session.get(OutboxMail, row.id).next_attempt_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    FakeSMTP.fail = False
    assert "sent 1, failed 0" in app.test_cli_runner().invoke(args=["mail", "send"]).output


def test_mail_is_marked_failed_after_the_last_attempt(app, monkeypatch):
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    FakeSMTP.fail = True
    _queue(app)
    for _ in range(app.config["PORTAL_MAIL_MAX_ATTEMPTS"]):
        with app.app_context():
            db.session.execute(db.update(OutboxMail).values(next_attempt_at=utcnow() - timedelta(seconds=1)))
            db.session.commit()
        app.test_cli_runner().invoke(args=["mail", "send"])
    row = outbox(app)[0]
    assert row.status == "failed" and row.attempts == app.config["PORTAL_MAIL_MAX_ATTEMPTS"]


def test_rolled_back_changes_leave_no_mail(app):
    with app.test_request_context():
        mail.enqueue("a@example.edu", "it", "access_code", user=User(full_name="A", access_code="a"), link="x")
        db.session.rollback()
    assert outbox(app) == []


def test_seed_demo_is_idempotent_and_prints_logins(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    second = runner.invoke(args=["seed-demo"])
    assert first.exit_code == second.exit_code == 0
    assert "admin" in first.output and "lampone-fiume-27-vela" in first.output
    with app.app_context():
        from portal.courses import demo as courses_demo
        from portal.demo import DEMO_NURSERY

        # the demo logins (the discounts portal's researcher among them); a parent for each family of the micro
        # nido's demo year; tutoring: six more students and a third operator; the Italian courses' students (accounts
        # that never sign in)
        assert db.session.scalar(select(func.count()).select_from(User)) == (13 + 4 + 7 + 1 + len(DEMO_NURSERY)
                                                                              + courses_demo.STUDENTS)
        from portal.discounts.models import DiscountOffer

        assert db.session.scalar(select(func.count()).select_from(DiscountOffer)) == 150
        from portal.caf.models import Office, Practice, Student
        from portal.wallet.models import Wallet

        assert db.session.scalar(select(func.count()).select_from(Wallet)) == 2
        assert db.session.scalar(select(func.count()).select_from(Student)) == 3
        assert db.session.scalar(select(func.count()).select_from(Office)) == 2
        # Amara's practice waiting for the operator to link her codice persona; Giulia's outcome of last month
        # waiting for the monthly file.
        assert db.session.scalar(select(func.count()).select_from(Practice)) == 2
        amara = db.session.scalar(select(Student).join(Student.user).where(User.access_code == "candidata"))
        assert (amara.codice_persona, amara.claimed_codice_persona) == (None, "10987654")


def test_create_admin_prints_a_one_time_password(app):
    result = app.test_cli_runner().invoke(args=["users", "create-admin", "--access-code", "capo", "--email",
                                                "capo@example.edu", "--name", "Capo Ufficio"])
    assert result.exit_code == 0 and "One-time password:" in result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.access_code == "capo"))
        assert user.role_names == {"amministratore"} and user.must_change_password
    again = app.test_cli_runner().invoke(args=["users", "create-admin", "--access-code", "capo", "--email",
                                               "x@example.edu", "--name", "X"])
    assert again.exit_code != 0


def test_the_tutoring_demo_has_what_the_issue_asks(app):
    """Issue 18: 7 students (2 LIS), 3 operators (1 LIS), a quarter of sessions, one late request; and what the DEC's
    contract page and the events page show: a service not delivered, an event with its interpreter."""
    from portal.core.calendar import today_in_rome
    from portal.tutoring.models import LisEvent, Operator, Request, TutoredStudent, TutoringSession

    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    today = today_in_rome()
    with app.app_context():
        students = list(db.session.scalars(select(TutoredStudent)))
        assert len(students) == 7 and sum("lis" in student.services for student in students) == 2
        operators = list(db.session.scalars(select(Operator)))
        assert len(operators) == 3 and sum(operator.lis_qualified for operator in operators) == 1
        held = db.session.scalar(select(func.count(TutoringSession.id)).where(TutoringSession.status == "held"))
        assert held >= 7
        late = [request for request in db.session.scalars(select(Request).where(Request.first_served_on.is_(None)))
                if request.serve_by < today]
        assert {request.student.user.full_name for request in late} == {"Tommaso Galli"}
        assert db.session.scalar(select(func.count(TutoringSession.id))
                                 .where(TutoringSession.status == "not_delivered")) == 1
        assert db.session.scalar(select(func.count(LisEvent.id)).where(LisEvent.operator_id.is_not(None))) <= 1
