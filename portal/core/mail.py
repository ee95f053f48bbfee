"""The outbox: a mail is a row written in the same transaction as the change that
causes it, rendered in the recipient's language; `flask mail send` delivers it."""

from __future__ import annotations

import logging
import smtplib
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app, render_template, url_for
from flask_babel import force_locale
from sqlalchemy import CheckConstraint, Integer, String, Text, event, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from portal.core.types import UTCDateTime, utcnow
from portal.extensions import db

log = logging.getLogger(__name__)


def link_to(endpoint: str, **values) -> str:
    """An absolute link to a page of the portal, for a mail (needs a request context, as the commands open one)."""
    return current_app.config["PORTAL_BASE_URL"].rstrip("/") + url_for(endpoint, **values)

STATUSES = ("pending", "sent", "failed")


class OutboxMail(db.Model):
    __tablename__ = "outbox_mails"
    __table_args__ = (CheckConstraint("status IN ('pending', 'sent', 'failed')", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    to_addr: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    locale: Mapped[str] = mapped_column(String(5))
    # Mails that carry a secret (a one-time password, a reset link) are not
    # shown to administrators outside development.
    sensitive: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # One text attachment at most (a calendar invitation); empty name: none.
    attachment_name: Mapped[str] = mapped_column(String(100), default="", server_default="")
    attachment_type: Mapped[str] = mapped_column(String(60), default="", server_default="")
    attachment: Mapped[str] = mapped_column(Text, default="", server_default="")


@dataclass(frozen=True)
class Attachment:
    name: str
    content_type: str  # "text/calendar; method=REQUEST"
    text: str


def enqueue(to_addr: str, locale: str, template: str, sensitive: bool = False, attachment: Attachment | None = None,
            **context) -> OutboxMail:
    """Render `templates/mail/<template>.txt` in `locale` and add it to the outbox.

    The template's first line is the subject; the rest is the body.
    """
    with force_locale(locale):
        text = render_template(f"mail/{template}.txt", **context)
    subject, _, body = text.strip().partition("\n")
    mail = OutboxMail(
        to_addr=to_addr, subject=subject.strip(), body=body.strip() + "\n", locale=locale, sensitive=sensitive
    )
    if attachment:
        mail.attachment_name, mail.attachment_type, mail.attachment = (attachment.name, attachment.content_type,
                                                                      attachment.text)
    db.session.add(mail)
    return mail


@event.listens_for(Session, "after_commit")
def _print_committed_mails_in_console_mode(session: Session) -> None:
    """In development mail is printed as soon as it is committed (and stays in the outbox)."""
    pending = session.info.pop("console_mails", [])
    for subject, to_addr, body in pending:
        print(f"\n----- mail to {to_addr}: {subject}\n{body}-----", file=sys.stderr, flush=True)


@event.listens_for(Session, "before_flush")
def _collect_new_mails(session: Session, flush_context, instances) -> None:
    try:
        console = current_app.config.get("PORTAL_MAIL_BACKEND") == "console"
    except RuntimeError:
        return
    if console:
        for obj in session.new:
            if isinstance(obj, OutboxMail):
                session.info.setdefault("console_mails", []).append((obj.subject, obj.to_addr, obj.body))


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back_mails(session: Session) -> None:
    session.info.pop("console_mails", None)


def build_message(mail: OutboxMail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["PORTAL_MAIL_FROM"]
    message["To"] = mail.to_addr
    message["Subject"] = mail.subject
    message["Message-ID"] = make_msgid(domain=mail.to_addr.rpartition("@")[2] or None)
    message.set_content(mail.body)
    message["Content-Language"] = mail.locale  # after set_content, which resets Content-* headers
    if mail.attachment_name:
        maintype, _, rest = mail.attachment_type.partition("/")
        subtype, _, params = rest.partition(";")
        message.add_attachment(mail.attachment.encode(), maintype=maintype, subtype=subtype.strip(),
                               filename=mail.attachment_name,
                               params=dict(p.strip().split("=", 1) for p in params.split(";") if "=" in p))
    return message


def _smtp_send(messages: list[EmailMessage]) -> None:
    cfg = current_app.config
    smtp_class = smtplib.SMTP_SSL if cfg["PORTAL_MAIL_USE_SSL"] else smtplib.SMTP
    with smtp_class(cfg["PORTAL_MAIL_SERVER"], cfg["PORTAL_MAIL_PORT"], timeout=30) as smtp:
        if cfg["PORTAL_MAIL_USE_TLS"]:
            smtp.starttls()
        if cfg["PORTAL_MAIL_USERNAME"]:
            smtp.login(cfg["PORTAL_MAIL_USERNAME"], cfg["PORTAL_MAIL_PASSWORD"])
        for message in messages:
            smtp.send_message(message)


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4 … minutes, at most 6 hours between tries."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


# A sender holds a mail this long while it talks to the server (the SMTP timeout is 30 s): another sender running
# at the same time does not pick it, and if this one dies mid-way the mail is tried again after it.
CLAIM = timedelta(minutes=10)


def _claim(mail_id: int, now: datetime) -> bool:
    """Take one due mail for this sender, counting the attempt; False if another sender has it or it is not due.

    A conditional update, checked by its row count: on PostgreSQL it waits for a concurrent sender's claim and
    re-checks the next-attempt time on the row it then locks; on SQLite writes are serialised. Either way two
    senders never spend one attempt twice, and the claim is committed before the server is contacted (no row
    lock is held during network I/O).
    """
    claimed = db.session.execute(
        update(OutboxMail)
        .where(OutboxMail.id == mail_id, OutboxMail.status == "pending", OutboxMail.next_attempt_at <= now)
        .values(attempts=OutboxMail.attempts + 1, next_attempt_at=now + CLAIM)
        .execution_options(synchronize_session=False)
    ).rowcount == 1
    db.session.commit()
    return claimed


def send_pending(now: datetime | None = None, limit: int = 200) -> tuple[int, int]:
    """Deliver due mails one by one, committing each; returns (sent, failed).

    Each mail's failure is its own: a server that refuses it, or a mail that cannot even be written as a message
    (a header holding a line break), is recorded on that mail with the reason, and the others go on.
    """
    now = now or utcnow()
    backend = current_app.config["PORTAL_MAIL_BACKEND"]
    max_attempts = current_app.config["PORTAL_MAIL_MAX_ATTEMPTS"]
    ids = db.session.scalars(
        select(OutboxMail.id)
        .where(OutboxMail.status == "pending", OutboxMail.next_attempt_at <= now)
        .order_by(OutboxMail.id)
        .limit(limit)
    ).all()
    db.session.commit()
    sent = failed = 0
    for mail_id in ids:
        if not _claim(mail_id, now):
            continue
        mail = db.session.get(OutboxMail, mail_id, populate_existing=True)
        try:
            message = build_message(mail) if backend == "smtp" else None
        except Exception as exc:  # noqa: BLE001 - the mail itself is malformed: retrying cannot help
            log.error("mail %s cannot be written as a message, marked failed: %s", mail_id, exc)
            mail.status, mail.last_error = "failed", f"not a valid message: {exc}"[:500]
            failed += 1
            db.session.commit()
            continue
        try:
            if message is not None:
                _smtp_send([message])
            else:
                print(f"\n----- mail to {mail.to_addr}: {mail.subject}\n{mail.body}-----", file=sys.stderr, flush=True)
        except Exception as exc:  # noqa: BLE001 - whatever the server or the network did, the next mail goes on
            log.warning("mail %s not sent (attempt %s): %s", mail_id, mail.attempts, exc)
            mail.last_error = (str(exc) or type(exc).__name__)[:500]
            mail.next_attempt_at = now + retry_delay(mail.attempts)
            if mail.attempts >= max_attempts:
                mail.status = "failed"
            failed += 1
        else:
            mail.status = "sent"
            mail.sent_at = now
            mail.last_error = ""
            sent += 1
        db.session.commit()
    return sent, failed
