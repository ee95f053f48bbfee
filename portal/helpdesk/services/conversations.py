"""A person's conversations: opening one, writing, attaching a file, the office's answers (mailed as a link),
closing, rating; the office takes one (race-free), hands it over, logs a phone call."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.datastructures import FileStorage

from portal.auth.models import User
from portal.auth.services import find_by_access_code
from portal.core import audit, conversation, mail, uploads
from portal.core.rows import update_if
from portal.core.rules import RuleViolation
from portal.extensions import db
from portal.helpdesk import rules
from portal.helpdesk.models import Conversation, HelpAttachment, HelpMessage
from portal.helpdesk.services._common import conversation_for, hours, is_office_of, now, office_topics, topics_for

MAX_FILES = 3
CONTACT_CHANNELS = ("phone", "email")  # how a person reached the office outside the portal


def _check_topic(user, topic: str) -> None:
    if topic not in topics_for(user):
        raise RuleViolation(_l("Choose a topic."), field="topic")


def _attach(message: HelpMessage, files: list[FileStorage] | None) -> None:
    chosen = [upload for upload in (files or []) if upload and upload.filename]
    if len(chosen) > MAX_FILES:
        raise RuleViolation(_l("Attach at most %(count)d files.", count=MAX_FILES), field="files")
    for upload in chosen:
        try:
            stored = uploads.store(upload, f"helpdesk/{message.conversation_id}")
        except RuleViolation as refused:
            raise RuleViolation(refused.message, field="files") from refused
        attachment = HelpAttachment(conversation_id=message.conversation_id, message_id=message.id)
        attachment.keep(stored)
        db.session.add(attachment)


def open_conversation(user, topic: str, subject: str, body: str, files: list[FileStorage] | None = None,
                      channel: str = "chat") -> Conversation:
    _check_topic(user, topic)
    subject = (subject or "").strip()
    if not subject:
        raise RuleViolation(_l("Say in a few words what it is about."), field="subject")
    body = conversation.clean_body(body)
    opened = now()
    due = rules.clocks(topic, opened, hours())
    found = Conversation(user_id=user.id, topic=topic, subject=subject[:150], channel=channel, status="open",
                         created_at=opened, last_message_at=opened, first_due_at=due.first_due,
                         resolution_due_at=due.resolution_due)
    db.session.add(found)
    db.session.flush()
    message = HelpMessage(conversation_id=found.id, author_id=user.id, body=body, from_staff=False,
                          channel=channel, created_at=opened)
    db.session.add(message)
    db.session.flush()
    _attach(message, files)
    audit.record("helpdesk.opened", user=user, actor=user, conversation=found.id, topic=topic)
    return found


def messages_of(found: Conversation, staff: bool) -> list[HelpMessage]:
    rows = db.session.scalars(select(HelpMessage).where(HelpMessage.conversation_id == found.id)
                              .options(joinedload(HelpMessage.author), selectinload(HelpMessage.attachments))
                              .order_by(HelpMessage.created_at, HelpMessage.id)).all()
    return conversation.visible_to(rows, staff)


def _mail_person(found: Conversation) -> None:
    """The person is told an answer arrived: a link always; the words only for a topic that is not sensitive."""
    person = found.user
    if not person.email:
        return
    sensitive = found.topic in rules.SENSITIVE_TOPICS
    last = db.session.scalar(select(HelpMessage).where(HelpMessage.conversation_id == found.id,
                                                       HelpMessage.from_staff.is_(True),
                                                       HelpMessage.internal.is_(False))
                             .order_by(HelpMessage.id.desc()).limit(1))
    mail.enqueue(person.email, person.locale, "helpdesk_answer", sensitive=sensitive, person=person,
                 conversation=found, body=None if sensitive else (last.body if last else None),
                 link=mail.link_to("helpdesk.conversation", conversation_id=found.id))


def reply(user, found: Conversation, body: str, files: list[FileStorage] | None = None, internal: bool = False,
          channel: str = "chat") -> HelpMessage:
    """A message on the conversation: the person's (the office's turn again) or the office's (the person's turn,
    and a mail); an internal note changes nothing the person sees."""
    body = conversation.clean_body(body)
    staff = is_office_of(user, found)
    if not staff and found.user_id != user.id:
        raise RuleViolation(_l("You cannot write on this conversation."), field="body")
    if found.status == "closed":
        raise RuleViolation(_l("This conversation is closed: open a new one."), field="body")
    if channel not in rules.CHANNELS:
        channel = "chat"
    written = now()
    message = HelpMessage(conversation_id=found.id, author_id=user.id, body=body, from_staff=staff,
                          internal=staff and internal, channel=channel, created_at=written)
    db.session.add(message)
    db.session.flush()
    _attach(message, files)
    if staff and not internal:
        if found.assignee_id is None:
            update_if(found, {"assignee_id": user.id}, Conversation.assignee_id.is_(None))
        if found.first_response_at is None:
            found.first_response_at = written
        found.status = "waiting_user"
        found.last_message_at = written
        _mail_person(found)
    elif not staff:
        found.status = "open"
        found.last_message_at = written
    db.session.flush()
    return message


def log_call(user, found: Conversation, summary: str) -> HelpMessage:
    """A phone call the operator took, written into the conversation by hand (shown to the person as a call)."""
    if not is_office_of(user, found):
        raise RuleViolation(_l("Only the office logs a call."), field="body")
    message = reply(user, found, summary, channel="phone")
    audit.record("helpdesk.call_logged", user=found.user, actor=user, conversation=found.id, channel="phone")
    return message


def record_contact(user, who: str, topic: str, subject: str, summary: str, channel: str) -> Conversation:
    """A call or an e-mail from a person with no conversation on it yet: the operator opens one in the person's
    name, with what was said as the office's first answer (the person finds it among their conversations and is told
    by mail, like any answer); the operator holds it and may close it at once."""
    if topic not in office_topics(user):
        raise RuleViolation(_l("Choose a topic."), field="topic")
    if channel not in CONTACT_CHANNELS:
        raise RuleViolation(_l("Choose how the person got in touch."), field="channel")
    person = _person(who)
    if person is None or person.id == user.id:
        raise RuleViolation(_l("Nobody has this access code or e-mail address."), field="person")
    if topic not in topics_for(person):
        raise RuleViolation(_l("%(name)s does not use this service: choose another topic.", name=person.full_name),
                            field="topic")
    subject = (subject or "").strip()
    if not subject:
        raise RuleViolation(_l("Say in a few words what it is about."), field="subject")
    body = conversation.clean_body(summary)
    opened = now()
    due = rules.clocks(topic, opened, hours())
    found = Conversation(user_id=person.id, topic=topic, subject=subject[:150], channel=channel, status="open",
                         assignee_id=user.id, created_at=opened, last_message_at=opened,
                         first_due_at=due.first_due, resolution_due_at=due.resolution_due)
    db.session.add(found)
    db.session.flush()
    audit.record("helpdesk.opened", user=person, actor=user, conversation=found.id, topic=topic)
    reply(user, found, body, channel=channel)
    audit.record("helpdesk.call_logged", user=person, actor=user, conversation=found.id, channel=channel)
    return found


def _person(who: str) -> User | None:
    """An active account by its access code, or by its e-mail address whatever the case (one account only)."""
    who = (who or "").strip()
    if not who:
        return None
    found = find_by_access_code(who)
    if found is not None and found.active:
        return found
    matches = db.session.scalars(select(User).where(func.lower(User.email) == who.lower(),
                                                    User.active.is_(True)).limit(2)).all()
    return matches[0] if len(matches) == 1 else None


def take(user, found: Conversation) -> bool:
    """The operator takes an unassigned conversation: of two at once, one owns it (UPDATE ... WHERE unassigned)."""
    if not is_office_of(user, found):
        raise RuleViolation(_l("Only the office takes a conversation."))
    taken = update_if(found, {"assignee_id": user.id}, Conversation.assignee_id.is_(None),
                      Conversation.status != "closed")
    if taken:
        audit.record("helpdesk.taken", user=found.user, actor=user, conversation=found.id)
    return taken


def hand_over(user, found: Conversation, topic: str, note: str) -> None:
    """To the office of another topic: unassigned there, with an internal note saying why. The clocks keep
    running from the person's first message."""
    if not is_office_of(user, found):
        raise RuleViolation(_l("Only the office hands a conversation over."))
    if topic not in rules.TOPICS or topic == found.topic:
        raise RuleViolation(_l("Choose another topic."), field="topic")
    if found.status == "closed":
        raise RuleViolation(_l("A closed conversation cannot be handed over."), field="topic")
    old = found.topic
    db.session.add(HelpMessage(conversation_id=found.id, author_id=user.id, from_staff=True, internal=True,
                               body=conversation.clean_body(note or str(_l("Handed over.")))))
    found.topic, found.assignee_id, found.status = topic, None, "open"
    due = rules.clocks(topic, found.created_at, hours())
    found.resolution_due_at = due.resolution_due
    audit.record("helpdesk.handed_over", user=found.user, actor=user, conversation=found.id, topic=old, to=topic)
    db.session.flush()


def close(user, found: Conversation, ready_text: str = "", own_words: str = "") -> None:
    """Closed by the office (optionally with a last answer, e.g. a ready one) or by the person."""
    staff = is_office_of(user, found)
    if not staff and found.user_id != user.id:
        raise RuleViolation(_l("You cannot close this conversation."))
    if found.status == "closed":
        raise RuleViolation(_l("This conversation is already closed."))
    text = conversation.compose(ready_text, own_words)
    if text and staff:
        reply(user, found, text)
    closed = now()
    if not update_if(found, {"status": "closed", "closed_at": closed}, Conversation.status != "closed"):
        raise RuleViolation(_l("This conversation is already closed."))
    audit.record("helpdesk.closed", user=found.user, actor=user, conversation=found.id)


def rate(user, found: Conversation, rating: int) -> None:
    """Once closed, the person rates the answer once (five levels)."""
    if found.user_id != user.id:
        raise RuleViolation(_l("Only who asked rates the answer."), field="rating")
    if found.status != "closed":
        raise RuleViolation(_l("You can rate the answer once the conversation is closed."), field="rating")
    if rating not in rules.RATINGS:
        raise RuleViolation(_l("Choose from 1 to 5."), field="rating")
    if not update_if(found, {"rating": rating, "rated_at": now()}, Conversation.rating.is_(None)):
        raise RuleViolation(_l("You have rated this answer already."), field="rating")
    audit.record("helpdesk.rated", user=user, actor=user, conversation=found.id, rating=rating)


def attachment_for(user, attachment_id: int) -> HelpAttachment | None:
    """A file of a conversation this person may open; a file of an internal note only for the office."""
    found = db.session.get(HelpAttachment, attachment_id)
    if found is None:
        return None
    owner = conversation_for(user, found.conversation_id)
    if owner is None:
        return None
    message = db.session.get(HelpMessage, found.message_id)
    if message is None or (message.internal and not is_office_of(user, owner)):
        return None
    return found


def conversations_of(user) -> list[Conversation]:
    return list(db.session.scalars(select(Conversation).where(Conversation.user_id == user.id)
                                   .order_by(Conversation.closed_at.is_not(None), Conversation.last_message_at.desc())
                                   .limit(100)))


@dataclass(frozen=True)
class Timing:
    """A conversation's clocks as the office sees them: working minutes taken and whether each is late."""

    first_minutes: int
    first_late: bool
    resolution_minutes: int
    resolution_late: bool


def timing(found: Conversation, moment: datetime | None = None) -> Timing:
    moment = moment or now()
    office = hours()
    return Timing(rules.minutes_taken(found.created_at, found.first_response_at, moment, office),
                  rules.is_late(found.first_due_at, found.first_response_at, moment),
                  rules.minutes_taken(found.created_at, found.closed_at, moment, office),
                  rules.is_late(found.resolution_due_at, found.closed_at, moment))
