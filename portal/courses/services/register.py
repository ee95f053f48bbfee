"""The teacher's register of a meeting, and the attendance a person reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import contains_eager, joinedload

from portal.auth.models import User
from portal.core.ics import CalendarEvent
from portal.core.rules import RuleViolation
from portal.courses import rules
from portal.courses.models import Course, Enrolment, Mark, Meeting
from portal.courses.services._common import is_office, settings, today_or
from portal.extensions import db


def may_register(user, course: Course) -> bool:
    return is_office(user) or (user.has_role("docente") and course.teacher_id == user.id)


def meeting_for(user, meeting_id: int) -> Meeting | None:
    """The meeting with its course in one query, if the user keeps its register."""
    meeting = db.session.scalar(select(Meeting).join(Course).options(contains_eager(Meeting.course))
                                .where(Meeting.id == meeting_id))
    if meeting is None or not may_register(user, meeting.course):
        return None
    return meeting


def todays_meetings(user, today: date | None = None) -> list[Meeting]:
    today = today_or(today)
    query = (select(Meeting).join(Course).options(contains_eager(Meeting.course)).where(Meeting.day == today)
             .order_by(Meeting.starts))
    if not is_office(user):
        query = query.where(Course.teacher_id == user.id)
    return list(db.session.scalars(query))


def teacher_courses(user) -> list[Course]:
    return list(db.session.scalars(select(Course).where(Course.teacher_id == user.id)
                                   .order_by(Course.starts_on.desc())))


@dataclass(frozen=True)
class RegisterLine:
    enrolment_id: int
    name: str
    mark: str | None
    expected: bool


def register_lines(meeting: Meeting) -> list[RegisterLine]:
    """Everyone with a seat in the class and their mark: two queries whatever the class size."""
    rows = db.session.execute(select(Enrolment.id, Enrolment.enrolled_on, User.full_name).join(User)
                              .where(Enrolment.course_id == meeting.course_id, Enrolment.status == "enrolled")
                              .order_by(User.full_name, Enrolment.id)).all()
    marks = dict(db.session.execute(select(Mark.enrolment_id, Mark.mark)
                                    .where(Mark.meeting_id == meeting.id)).all())
    return [RegisterLine(row.id, row.full_name, marks.get(row.id),
                         rules.expected(meeting.day, row.enrolled_on or meeting.day)) for row in rows]


def _check_open(meeting: Meeting, today: date) -> None:
    if meeting.day > today:
        raise RuleViolation(_l("This meeting has not taken place yet."))


def mark(actor, meeting: Meeting, enrolment_id: int, value: str, today: date | None = None) -> RegisterLine:
    today = today_or(today)
    _check_open(meeting, today)
    if value not in rules.MARKS:
        raise RuleViolation(_l("Choose present, absent, late or excused."), "mark")
    enrolment = db.session.scalar(select(Enrolment).options(joinedload(Enrolment.user))
                                  .where(Enrolment.id == enrolment_id, Enrolment.course_id == meeting.course_id,
                                         Enrolment.status == "enrolled"))
    if enrolment is None:
        raise RuleViolation(_l("This person is not in the class."))
    if not rules.expected(meeting.day, enrolment.enrolled_on or meeting.day):
        raise RuleViolation(_l("This person joined the class after this meeting: nothing to mark."))
    row = db.session.scalar(select(Mark).where(Mark.enrolment_id == enrolment.id,
                                                     Mark.meeting_id == meeting.id))
    if row is None:
        db.session.add(Mark(enrolment_id=enrolment.id, meeting_id=meeting.id, mark=value))
    else:
        row.mark = value
    meeting.registered_at = meeting.registered_at or _now()
    db.session.flush()
    return RegisterLine(enrolment.id, enrolment.user.full_name, value, True)


def all_present(actor, meeting: Meeting, today: date | None = None) -> int:
    """Present for everyone expected and not marked yet; the exceptions are tapped after."""
    today = today_or(today)
    _check_open(meeting, today)
    lines = [line for line in register_lines(meeting) if line.expected and line.mark is None]
    if lines:
        db.session.execute(Mark.__table__.insert(), [
            {"enrolment_id": line.enrolment_id, "meeting_id": meeting.id, "mark": "present"} for line in lines])
    meeting.registered_at = meeting.registered_at or _now()
    db.session.flush()
    return len(lines)


def set_topic(actor, meeting: Meeting, topic: str, today: date | None = None) -> Meeting:
    _check_open(meeting, today_or(today))
    meeting.topic = topic
    db.session.flush()
    return meeting


def _now():
    from portal.core.types import utcnow

    return utcnow()


@dataclass(frozen=True)
class AttendanceLine:
    meeting: Meeting
    mark: str | None
    held: bool


def attendance_of(enrolment: Enrolment, today: date | None = None) -> tuple[list[AttendanceLine],
                                                                              rules.AttendanceSummary]:
    """The meetings expected of the person: those of the current class from the day they joined it, and those of
    an earlier class (before a move) that have a mark. A meeting is held once its day has passed."""
    today = today_or(today)
    marks = dict(db.session.execute(select(Mark.meeting_id, Mark.mark)
                                    .where(Mark.enrolment_id == enrolment.id)).all())
    enrolled_on = enrolment.enrolled_on or date.max
    meetings = db.session.scalars(select(Meeting).where(or_(
        Meeting.id.in_(list(marks)) if marks else False,
        (Meeting.course_id == enrolment.course_id) & (Meeting.day >= enrolled_on),
    )).order_by(Meeting.starts)).all()
    lines = [AttendanceLine(meeting, marks.get(meeting.id), meeting.day < today or meeting.id in marks)
             for meeting in meetings]
    summary = rules.attendance_summary([(line.meeting.minutes, line.mark, line.held) for line in lines],
                                       settings().threshold)
    return lines, summary


def calendar_events(user, since) -> list[CalendarEvent]:
    """The meetings of the person's class (from the day they joined) and of the classes they teach."""
    enrolments = db.session.execute(select(Enrolment.course_id, Enrolment.enrolled_on).where(
        Enrolment.user_id == user.id, Enrolment.status == "enrolled")).all()
    conditions = [(Meeting.course_id == row.course_id) & (Meeting.day >= row.enrolled_on) for row in enrolments
                  if row.enrolled_on]
    conditions.append(Course.teacher_id == user.id)
    meetings = db.session.scalars(select(Meeting).join(Course).options(contains_eager(Meeting.course))
                                  .where(or_(*conditions), Meeting.starts >= since - timedelta(hours=4))).all()
    events = []
    for meeting in meetings:
        course = meeting.course
        events.append(CalendarEvent(
            uid=f"course-meeting-{meeting.id}@portal", starts=meeting.starts,
            ends=meeting.starts + timedelta(minutes=meeting.minutes),
            summary=str(_l("Italian course %(code)s", code=course.code)),
            location=course.place or (str(_l("Online")) if course.mode == "online" else "")))
    return events


def class_attendance(course: Course, today: date | None = None) -> dict[int, rules.AttendanceSummary]:
    """The attendance summary of everyone seated in the class, in three queries whatever its size (the same
    counting as `attendance_of`): the office sees at once who can no longer reach the threshold."""
    today = today_or(today)
    seated = dict(db.session.execute(select(Enrolment.id, Enrolment.enrolled_on).where(
        Enrolment.course_id == course.id, Enrolment.status == "enrolled")).all())
    if not seated:
        return {}
    meetings = db.session.execute(select(Meeting.id, Meeting.day, Meeting.minutes)
                                  .where(Meeting.course_id == course.id)).all()
    marked: dict[int, dict[int, tuple]] = {enrolment_id: {} for enrolment_id in seated}
    for row in db.session.execute(select(Mark.enrolment_id, Mark.meeting_id, Mark.mark, Meeting.day, Meeting.minutes)
                                  .join(Meeting, Meeting.id == Mark.meeting_id)
                                  .where(Mark.enrolment_id.in_(list(seated)))):
        marked[row.enrolment_id][row.meeting_id] = (row.minutes, row.mark, True)
    threshold = settings().threshold
    summaries = {}
    for enrolment_id, enrolled_on in seated.items():
        lines = dict(marked[enrolment_id])
        for meeting in meetings:
            if enrolled_on and meeting.day >= enrolled_on and meeting.id not in lines:
                lines[meeting.id] = (meeting.minutes, None, meeting.day < today)
        summaries[enrolment_id] = rules.attendance_summary(list(lines.values()), threshold)
    return summaries
