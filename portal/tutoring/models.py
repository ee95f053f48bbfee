"""Tutoring and LIS interpreting: referred students, requests and their clock, quarterly caps with their history,
operators and assignments, sessions; and, apart, the health data only the Special Needs unit sees."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.core.types import UTCDateTime, utcnow
from portal.core.uploads import StoredFileColumns
from portal.extensions import db

_SERVICE = "service IN ('tutoring', 'lis')"
_MODE = "mode IN ('in_person', 'remote')"


class TutoredStudent(db.Model):
    """A student referred by the Special Needs unit. `needs` are the arrangements the operators must know (never a
    diagnosis: those are in tutoring_diagnoses)."""

    __tablename__ = "tutoring_students"
    __table_args__ = (CheckConstraint("kind IN ('tutoring', 'lis', 'both')", name="kind_known"),
                      CheckConstraint(_MODE, name="mode_known"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    kind: Mapped[str] = mapped_column(String(10))
    mode: Mapped[str] = mapped_column(String(10))
    needs: Mapped[str] = mapped_column(Text, default="")
    referred_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    referred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])

    @property
    def services(self) -> tuple[str, ...]:
        return ("tutoring", "lis") if self.kind == "both" else (self.kind,)


class Request(db.Model):
    """A new request for one service: served by `serve_by` (10 working days); the first held session closes it."""

    __tablename__ = "tutoring_requests"
    __table_args__ = (CheckConstraint(_SERVICE, name="service_known"),
                      CheckConstraint("serve_by > requested_on", name="serve_by_after_request"))

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("tutoring_students.id", ondelete="CASCADE"), index=True)
    service: Mapped[str] = mapped_column(String(10))
    requested_on: Mapped[date] = mapped_column(Date)
    serve_by: Mapped[date] = mapped_column(Date)
    first_served_on: Mapped[date | None] = mapped_column(Date)

    student: Mapped[TutoredStudent] = relationship()


class ClosingDay(db.Model):
    """A day the institution is closed (beyond holidays and the patron day): no service, not a working day."""

    __tablename__ = "tutoring_closures"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    reason: Mapped[str] = mapped_column(String(200), default="")


class Operator(db.Model):
    """A tutor of the provider; `lis_qualified` when the LIS interpreter's diploma and level 3 are on record."""

    __tablename__ = "tutoring_operators"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    lis_qualified: Mapped[bool] = mapped_column(default=False)
    qualification: Mapped[str] = mapped_column(String(300), default="")

    user: Mapped[User] = relationship()


class Assignment(db.Model):
    """Who serves whom for a service, from when to when: the continuity history (`ended_on` empty: current)."""

    __tablename__ = "tutoring_assignments"
    __table_args__ = (CheckConstraint(_SERVICE, name="service_known"),
                      Index("ix_tutoring_assignments_current", "student_id", "service", unique=True,
                            sqlite_where=db.text("ended_on IS NULL"), postgresql_where=db.text("ended_on IS NULL")))

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("tutoring_students.id", ondelete="CASCADE"))
    service: Mapped[str] = mapped_column(String(10))
    operator_id: Mapped[int] = mapped_column(ForeignKey("tutoring_operators.id", ondelete="CASCADE"), index=True)
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    operator: Mapped[Operator] = relationship()


class Cap(db.Model):
    """The most hours a student gets for a service in a quarter (minutes). `booked_minutes` counts the planned,
    held and late-cancelled sessions and only ever changes through one conditional UPDATE, so two sessions booked
    at once can never pass the cap together."""

    __tablename__ = "tutoring_caps"
    __table_args__ = (UniqueConstraint("student_id", "service", "quarter"),
                      CheckConstraint(_SERVICE, name="service_known"),
                      CheckConstraint("cap_minutes > 0", name="cap_positive"),
                      CheckConstraint("booked_minutes >= 0 AND booked_minutes <= cap_minutes", name="within_cap"))

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("tutoring_students.id", ondelete="CASCADE"))
    service: Mapped[str] = mapped_column(String(10))
    quarter: Mapped[date] = mapped_column(Date)  # its first day
    cap_minutes: Mapped[int] = mapped_column(Integer)
    booked_minutes: Mapped[int] = mapped_column(Integer, default=0)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    student: Mapped[TutoredStudent] = relationship()
    months: Mapped[list[CapMonth]] = relationship(order_by="CapMonth.month", cascade="all, delete-orphan")


class CapMonth(db.Model):
    """A month of a quarter's cap: its own share when the DEC split the quarter (`cap_minutes`), else none."""

    __tablename__ = "tutoring_cap_months"
    __table_args__ = (UniqueConstraint("cap_id", "month"),
                      CheckConstraint("cap_minutes IS NULL OR cap_minutes > 0", name="cap_positive"),
                      CheckConstraint("booked_minutes >= 0 AND (cap_minutes IS NULL OR booked_minutes <= cap_minutes)",
                                      name="within_cap"))

    id: Mapped[int] = mapped_column(primary_key=True)
    cap_id: Mapped[int] = mapped_column(ForeignKey("tutoring_caps.id", ondelete="CASCADE"))
    month: Mapped[date] = mapped_column(Date)
    cap_minutes: Mapped[int | None] = mapped_column(Integer)
    booked_minutes: Mapped[int] = mapped_column(Integer, default=0)


class CapRevision(db.Model):
    """The history of a cap: every setting and revision, with the reason."""

    __tablename__ = "tutoring_cap_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    cap_id: Mapped[int] = mapped_column(ForeignKey("tutoring_caps.id", ondelete="CASCADE"), index=True)
    month: Mapped[date | None] = mapped_column(Date)  # empty: the whole quarter
    old_minutes: Mapped[int | None] = mapped_column(Integer)
    new_minutes: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="")
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    by: Mapped[User | None] = relationship()


class MoreHours(db.Model):
    """A request for more hours, in the DEC's queue until granted or declined."""

    __tablename__ = "tutoring_more_hours"
    __table_args__ = (CheckConstraint("status IN ('open', 'granted', 'declined')", name="status_known"),
                      CheckConstraint("minutes > 0", name="minutes_positive"))

    id: Mapped[int] = mapped_column(primary_key=True)
    cap_id: Mapped[int] = mapped_column(ForeignKey("tutoring_caps.id", ondelete="CASCADE"), index=True)
    minutes: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="open")
    asked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    cap: Mapped[Cap] = relationship()
    asked_by: Mapped[User | None] = relationship(foreign_keys=[asked_by_id])


class TutoringSession(db.Model):
    """A session an operator planned or recorded. The operator's row is locked while a session is checked against
    the operator's others, so two at the same time can never both be written."""

    __tablename__ = "tutoring_sessions"
    __table_args__ = (
        CheckConstraint(_SERVICE, name="service_known"),
        CheckConstraint(_MODE, name="mode_known"),
        CheckConstraint("activity IN ('lesson', 'exam', 'teacher_meeting', 'group_work', 'offices', "
                        "'study_planning')", name="activity_known"),
        CheckConstraint("status IN ('planned', 'held', 'cancelled_in_time', 'cancelled_late', 'not_delivered')",
                        name="status_known"),
        CheckConstraint("ends > starts", name="ends_after_start"),
        CheckConstraint("minutes > 0", name="minutes_positive"),
        Index("ix_tutoring_sessions_operator_day", "operator_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("tutoring_students.id", ondelete="CASCADE"), index=True)
    cap_id: Mapped[int] = mapped_column(ForeignKey("tutoring_caps.id", ondelete="CASCADE"), index=True)
    operator_id: Mapped[int] = mapped_column(ForeignKey("tutoring_operators.id", ondelete="CASCADE"))
    service: Mapped[str] = mapped_column(String(10))
    day: Mapped[date] = mapped_column(Date)
    starts: Mapped[time] = mapped_column(Time)
    ends: Mapped[time] = mapped_column(Time)
    minutes: Mapped[int] = mapped_column(Integer)
    mode: Mapped[str] = mapped_column(String(10))
    activity: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="planned")
    reason: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    student: Mapped[TutoredStudent] = relationship()
    operator: Mapped[Operator] = relationship()


# -- health data: only the Special Needs unit; every opening is audited; purged after the contract ---------------


class Diagnosis(db.Model):
    __tablename__ = "tutoring_diagnoses"

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("tutoring_students.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MedicalDocument(StoredFileColumns, db.Model):
    __tablename__ = "tutoring_medical_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("tutoring_students.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


# -- the monthly form, the LIS events' pool, the questionnaire -----------------------------------------------------


class MonthlyForm(db.Model):
    """The monthly form of one student and service (tender par. 28): signed by the operator, then confirmed by the
    student (locked) or disputed line by line; the totals are kept as they were when the operator signed."""

    __tablename__ = "tutoring_monthly_forms"
    __table_args__ = (UniqueConstraint("student_id", "service", "month"),
                      CheckConstraint(_SERVICE, name="service_known"),
                      CheckConstraint("status IN ('open', 'operator_signed', 'disputed', 'locked')",
                                      name="status_known"))

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("tutoring_students.id", ondelete="CASCADE"), index=True)
    service: Mapped[str] = mapped_column(String(10))
    month: Mapped[date] = mapped_column(Date)  # its first day
    status: Mapped[str] = mapped_column(String(20), default="open")
    month_minutes: Mapped[int] = mapped_column(Integer, default=0)
    operator_signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    operator_signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    student_signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    student: Mapped[TutoredStudent] = relationship()
    operator_signed_by: Mapped[User | None] = relationship(foreign_keys=[operator_signed_by_id])
    disputes: Mapped[list[FormDispute]] = relationship(order_by="FormDispute.id", cascade="all, delete-orphan")


class FormDispute(db.Model):
    """A line of a form the student disputes, why, and how the coordinator resolved it."""

    __tablename__ = "tutoring_form_disputes"

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("tutoring_monthly_forms.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("tutoring_sessions.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text)
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolution: Mapped[str] = mapped_column(Text, default="")
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    session: Mapped[TutoringSession | None] = relationship()


class LisEventPool(db.Model):
    """A year's hours of LIS interpreting for institutional events (tender par. 27.2: at most 10 a year). The
    booked minutes change only through one conditional UPDATE; the CHECK holds the 10 hours too."""

    __tablename__ = "tutoring_lis_pools"
    __table_args__ = (CheckConstraint("booked_minutes >= 0 AND booked_minutes <= 600", name="within_pool"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True)
    booked_minutes: Mapped[int] = mapped_column(Integer, default=0)


class LisEvent(db.Model):
    __tablename__ = "tutoring_lis_events"
    __table_args__ = (CheckConstraint("status IN ('booked', 'cancelled')", name="status_known"),
                      CheckConstraint("ends > starts", name="ends_after_start"),
                      CheckConstraint("minutes > 0", name="minutes_positive"))

    id: Mapped[int] = mapped_column(primary_key=True)
    pool_id: Mapped[int] = mapped_column(ForeignKey("tutoring_lis_pools.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    office: Mapped[str] = mapped_column(String(200))
    place: Mapped[str] = mapped_column(String(200), default="")
    day: Mapped[date] = mapped_column(Date)
    starts: Mapped[time] = mapped_column(Time)
    ends: Mapped[time] = mapped_column(Time)
    minutes: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10), default="booked")
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # the LIS interpreter the coordinator sends (checked against the operator's sessions under the operator's lock)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("tutoring_operators.id", ondelete="SET NULL"),
                                                    index=True)

    requested_by: Mapped[User | None] = relationship()
    operator: Mapped[Operator | None] = relationship()


class SurveyAnswer(db.Model):
    """A student's answer to the quarter's satisfaction questionnaire (five levels); 1 and 2 are reports of
    dissatisfaction, counted for the provider's penalties (par. 20)."""

    __tablename__ = "tutoring_survey_answers"
    __table_args__ = (UniqueConstraint("student_id", "quarter"),
                      CheckConstraint("level BETWEEN 1 AND 5", name="level_known"))

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("tutoring_students.id", ondelete="CASCADE"))
    quarter: Mapped[date] = mapped_column(Date)
    level: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class QuarterReport(db.Model):
    """The quarter's report the provider's coordinator sends the DEC (tender par. 18), with the hours and the
    amount of the signed forms as they were when sent."""

    __tablename__ = "tutoring_quarter_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    quarter: Mapped[date] = mapped_column(Date, unique=True)
    minutes: Mapped[int] = mapped_column(Integer)
    amount_cents: Mapped[int] = mapped_column(Integer)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    sent_by: Mapped[User | None] = relationship()


class ReportReminder(db.Model):
    """When the DEC and the coordinator were last reminded of a quarter's report (one mail as it nears, one more
    once it is late: `core.rules.reminder_due`)."""

    __tablename__ = "tutoring_report_reminders"

    id: Mapped[int] = mapped_column(primary_key=True)
    quarter: Mapped[date] = mapped_column(Date, unique=True)
    reminded_on: Mapped[date | None] = mapped_column(Date)
