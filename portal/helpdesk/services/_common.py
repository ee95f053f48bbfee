"""What the help desk's use cases share: the office hours, who is the office of a conversation, which conversation
a person may open at all (None: a 404 for them)."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy.orm import joinedload

from portal.core.navigation import services_for
from portal.core.types import utcnow
from portal.core.working_hours import OfficeHours
from portal.extensions import db
from portal.helpdesk import rules
from portal.helpdesk.models import Conversation

OFFICE_ROLES = rules.OFFICE_ROLES
INSTITUTION_ROLES = rules.INSTITUTION_ROLES
FIGURES_ROLES = ("operatore_welfare", *INSTITUTION_ROLES)  # the six-monthly satisfaction figures
PAGE_SIZE = 20


def hours() -> OfficeHours:
    """Monday to Friday 9:00-17:30 without Italian holidays and the city's patron day (the tender's customer care)."""
    return OfficeHours(patron=current_app.config["PORTAL_CITY_PATRON_DAY"])


def now() -> datetime:
    return utcnow()


def services_on() -> tuple[str, ...]:
    return tuple(current_app.config["PORTAL_SERVICES"])


def topics_for(user) -> list[str]:
    """The topics of the switched-on services this person uses (those in their menu), plus the portal itself."""
    return rules.topics_for(user.role_names, [entry.key for entry in services_for(user)])


def office_topics(user) -> list[str]:
    """The topics this person answers (the institution's roles never answer welfare ones)."""
    return [topic for topic in rules.topics_answered_by(user.role_names)
            if rules.may_see_as_office(user.role_names, topic)]


def is_office(user) -> bool:
    return bool(office_topics(user))


def is_office_of(user, conversation: Conversation) -> bool:
    return conversation.user_id != user.id and rules.may_see_as_office(user.role_names, conversation.topic)


def conversation_for(user, conversation_id: int) -> Conversation | None:
    """The person's own conversation, or one of a topic this person answers; nothing else (a 404)."""
    conversation = db.session.get(Conversation, conversation_id, options=[joinedload(Conversation.user)])
    if conversation is None:
        return None
    if conversation.user_id == user.id or is_office_of(user, conversation):
        return conversation
    return None
