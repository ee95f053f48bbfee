"""The mail sender under faults: one bad mail does not stop the others, two senders do not spend attempts twice."""

from __future__ import annotations

import smtplib
import threading
import time

from sqlalchemy import func, select

from portal.core import mail
from portal.core.mail import OutboxMail
from portal.extensions import db
from tests.conftest import outbox


class RecordingSMTP:
    """Stands in for the SMTP server (an edge we do not own); `fail` makes every connection refused, slowly."""

    sent: list = []
    fail = False
    delay = 0.0

    def __init__(self, host, port, timeout):
        time.sleep(RecordingSMTP.delay)
        if RecordingSMTP.fail:
            raise ConnectionRefusedError("SMTP server down")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def send_message(self, message):
        RecordingSMTP.sent.append(message)


def _smtp(monkeypatch, fail=False, delay=0.0):
    monkeypatch.setattr(smtplib, "SMTP", RecordingSMTP)
    RecordingSMTP.sent, RecordingSMTP.fail, RecordingSMTP.delay = [], fail, delay


def _add(app, subject="Reimposta la password", to_addr="a@example.edu") -> int:
    with app.app_context():
        row = OutboxMail(to_addr=to_addr, subject=subject, body="Testo\n", locale="it")
        db.session.add(row)
        db.session.commit()
        return row.id


def test_a_mail_with_a_line_break_in_a_header_fails_alone_and_the_others_are_sent(app, monkeypatch):
    _smtp(monkeypatch)
    # Written straight into the outbox: whatever the forms let through, the sender must survive it.
    bad_subject = _add(app, subject="Richiesta di Mario\r\nBcc: everybody@example.edu")
    bad_name = _add(app, to_addr="Mario\nRossi <m@example.edu>")
    reset = _add(app, to_addr="b@example.edu")

    result = app.test_cli_runner().invoke(args=["mail", "send"])

    assert result.exit_code == 0, result.output
    assert "sent 1, failed 2" in result.output
    rows = {row.id: row for row in outbox(app)}
    assert rows[reset].status == "sent"
    assert [message["To"] for message in RecordingSMTP.sent] == ["b@example.edu"]
    for bad in (bad_subject, bad_name):
        # A malformed mail cannot get better by waiting: failed at once, with the reason, not retried every run.
        assert rows[bad].status == "failed" and rows[bad].attempts == 1
        assert "linefeed or carriage return" in rows[bad].last_error
    again = app.test_cli_runner().invoke(args=["mail", "send"])
    assert "sent 0, failed 0" in again.output and again.exit_code == 0


def test_the_command_exits_non_zero_when_mail_failed_and_none_was_sent(app, monkeypatch):
    _smtp(monkeypatch, fail=True)
    _add(app)
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert "sent 0, failed 1" in result.output
    assert result.exit_code == 1


def test_two_senders_at_once_spend_one_attempt_per_mail(app, monkeypatch):
    # The server refuses slowly: each sender holds a mail for a while, the other one runs meanwhile.
    _smtp(monkeypatch, fail=True, delay=0.05)
    ids = [_add(app, to_addr=f"user{n}@example.edu") for n in range(8)]
    errors = []

    def sender():
        try:
            with app.app_context():
                mail.send_pending()
                db.session.remove()
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    with app.app_context():
        attempts = db.session.scalar(select(func.sum(OutboxMail.attempts)))
    assert attempts == len(ids), "a mail was tried twice in one round"
    assert all(row.attempts == 1 and row.status == "pending" and row.last_error for row in outbox(app))
