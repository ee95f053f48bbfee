"""One conversation component for every service that lets a person and an office write to each other.

The CAF's dialogue on a practice and the help desk's conversations share it: the columns of a message (who wrote,
when, what), its length limit and emptiness check, a reply composed from a ready text in the *reader's* language
plus the writer's own words, and the thread as the reader sees it (staff notes kept out of the person's view).
Each service keeps its own table (a message belongs to a practice, a conversation, ...) and says which side wrote:
a model with this mixin has a `from_staff` attribute (a column, or a property over the service's own column), and
may have an `internal` one (a note for the office only). The page shows the thread with
`templates/macros/conversation.html`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Protocol

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from portal.core.forms import strip_text
from portal.core.rules import RuleViolation
from portal.core.types import UTCDateTime, utcnow

MESSAGE_MAX_CHARS = 5000


class MessageColumns:
    """Who wrote a message, when, and what. The service adds the thread it belongs to and the side."""

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @declared_attr
    def author(cls):  # core knows no auth module: the users' model is named, not imported
        return relationship("User")


class Message(Protocol):
    from_staff: bool
    body: str
    created_at: datetime


def clean_body(body: str | None) -> str:
    """The text to keep: refused when empty or longer than the limit (a form checks this too; a service must)."""
    text = (body or "").strip()
    if not text:
        raise RuleViolation(_l("Write a message."), field="body")
    if len(text) > MESSAGE_MAX_CHARS:
        raise RuleViolation(_l("Write at most %(count)d characters.", count=MESSAGE_MAX_CHARS), field="body")
    return text


def compose(ready_text: str, own_words: str | None) -> str:
    """A reply: the ready text first, then what the writer added (either may be missing)."""
    return "\n\n".join(part for part in (ready_text.strip(), (own_words or "").strip()) if part)


def in_language(locale: str | None, text: Callable[[], object]) -> str:
    """`text` rendered in the reader's language, whatever the writer's (ready texts go out in the reader's)."""
    with force_locale(locale or "it"):
        return str(text())


def visible_to(messages: Iterable[Message], staff: bool) -> list[Message]:
    """The thread as a reader sees it: the office sees its internal notes, the person never does."""
    return [message for message in messages if staff or not getattr(message, "internal", False)]


def last_from_staff(messages: Iterable[Message]) -> Message | None:
    """The office's latest public message (what a person is waiting for, and what a reminder refers to)."""
    latest = None
    for message in messages:
        if message.from_staff and not getattr(message, "internal", False):
            latest = message
    return latest


class MessageForm(FlaskForm):
    body = TextAreaField(_l("Message"), filters=[strip_text],
                         validators=[DataRequired(_l("Write a message.")), Length(max=MESSAGE_MAX_CHARS)],
                         render_kw={"rows": 3})
