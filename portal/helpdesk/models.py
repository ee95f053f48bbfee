"""Help desk: a person's conversations with the office of a topic, their messages (with the shared conversation
columns) and attachments, and the office's ready answers (both languages; the published ones make the FAQ)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.core.cache import Tagged
from portal.core.conversation import MessageColumns
from portal.core.types import UTCDateTime, utcnow
from portal.core.uploads import StoredFileColumns
from portal.extensions import db
from portal.helpdesk.rules import CHANNELS, STATUSES, TOPICS


def _one_of(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def conversation_tag(conversation_id: int) -> str:
    return f"helpdesk_conversations:{conversation_id}"


class Conversation(Tagged, db.Model):
    """A person asking the office of a topic; the clocks are set when it opens, in working hours."""

    __tablename__ = "helpdesk_conversations"
    __table_args__ = (
        CheckConstraint(_one_of("topic", TOPICS), name="topic_known"),
        CheckConstraint(_one_of("status", STATUSES), name="status_known"),
        CheckConstraint(_one_of("channel", CHANNELS), name="channel_known"),
        CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating_range"),
        Index("ix_helpdesk_conversations_queue", "topic", "status", "assignee_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    topic: Mapped[str] = mapped_column(String(12))
    subject: Mapped[str] = mapped_column(String(150))
    channel: Mapped[str] = mapped_column(String(8), default="chat")  # how it began
    status: Mapped[str] = mapped_column(String(12), default="open")
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    first_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    resolution_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    first_response_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_message_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    rating: Mapped[int | None] = mapped_column(Integer)
    rated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])

    def cache_tags(self) -> tuple[str, ...]:
        return (conversation_tag(self.id),)


class HelpMessage(MessageColumns, Tagged, db.Model):
    """One message: the person's, the office's, or an internal note the person never sees."""

    __tablename__ = "helpdesk_messages"
    __table_args__ = (CheckConstraint(_one_of("channel", CHANNELS), name="channel_known"),)

    conversation_id: Mapped[int] = mapped_column(ForeignKey("helpdesk_conversations.id", ondelete="CASCADE"),
                                                 index=True)
    from_staff: Mapped[bool] = mapped_column(Boolean, default=False)
    internal: Mapped[bool] = mapped_column(Boolean, default=False)
    channel: Mapped[str] = mapped_column(String(8), default="chat")

    attachments: Mapped[list[HelpAttachment]] = relationship(order_by="HelpAttachment.id")

    def cache_tags(self) -> tuple[str, ...]:
        return (conversation_tag(self.conversation_id),)


class HelpAttachment(StoredFileColumns, Tagged, db.Model):
    """A file sent with a message: the same checks as every upload (PDF, JPEG or PNG, size limit)."""

    __tablename__ = "helpdesk_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("helpdesk_conversations.id", ondelete="CASCADE"),
                                                 index=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("helpdesk_messages.id", ondelete="CASCADE"), index=True)

    def cache_tags(self) -> tuple[str, ...]:
        return (conversation_tag(self.conversation_id),)


class ReadyAnswer(db.Model):
    """An answer the office gives often, in both languages; published, it is a question of the FAQ."""

    __tablename__ = "helpdesk_ready_answers"
    __table_args__ = (CheckConstraint(_one_of("topic", TOPICS), name="topic_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    topic: Mapped[str] = mapped_column(String(12), index=True)
    title_it: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200))
    body_it: Mapped[str] = mapped_column(Text)
    body_en: Mapped[str] = mapped_column(Text)
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def title(self, locale: str | None) -> str:
        return self.title_en if locale == "en" else self.title_it

    def body(self, locale: str | None) -> str:
        return self.body_en if locale == "en" else self.body_it
