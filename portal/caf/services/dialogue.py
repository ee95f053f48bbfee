"""The dialogue on a practice between the student and the CAF."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.auth.models import User
from portal.caf.models import OPEN_STATUSES, Message, Practice
from portal.caf.services._common import _event, _mail_student, _owns, is_operator
from portal.core.conversation import clean_body
from portal.core.rules import RuleViolation
from portal.extensions import db

# -- dialogue --------------------------------------------------------------------------------------------


def messages_of(practice: Practice) -> list[Message]:
    return list(db.session.scalars(select(Message).where(Message.practice_id == practice.id)
                                   .options(joinedload(Message.author)).order_by(Message.created_at, Message.id)))


def send_message(actor: User, practice: Practice, body: str) -> Message:
    body = clean_body(body)
    from_caf = is_operator(actor)
    if not from_caf and not _owns(actor, practice):
        raise RuleViolation(_l("You cannot write on this practice."), field="body")
    message = Message(practice_id=practice.id, author_id=actor.id, from_caf=from_caf, body=body)
    db.session.add(message)
    _event(actor, practice, "message")
    db.session.flush()
    if from_caf:
        _mail_student(practice, "caf_message", message=message)
    return message


def ask_student(actor: User, practice: Practice, body: str) -> Message:
    """What is missing and how to fix it: the practice waits for the student."""
    if practice.status not in OPEN_STATUSES:
        raise RuleViolation(_l("Only an open practice can wait for the student."))
    message = send_message(actor, practice, body)
    practice.status = "waiting_student"
    _event(actor, practice, "asked_student")
    db.session.flush()
    return message
