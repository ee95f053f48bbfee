"""The office plans teaching periods and their courses: meetings, teachers, the activation notice, deadlines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.auth.models import User
from portal.core import audit
from portal.core.calendar import rome_wall_clock_to_utc
from portal.core.rows import update_if
from portal.core.rules import RuleViolation
from portal.courses import rules
from portal.courses.models import Course, Meeting, Period
from portal.courses.services._common import closed, settings, today_or, working
from portal.extensions import db

ENROLMENT_OPENS_DAYS_BEFORE = 21  # the default opening of enrolment: three weeks before the period


def periods() -> list[Period]:
    return list(db.session.scalars(select(Period).order_by(Period.starts_on.desc())))


def current_periods(today: date | None = None) -> list[Period]:
    """Periods open for enrolment or still running, earliest first."""
    today = today_or(today)
    return list(db.session.scalars(select(Period).where(Period.ends_on >= today, Period.enrolment_opens_on <= today)
                                   .order_by(Period.starts_on)))


def create_period(actor, year: int, number: int, opens_on: date | None = None) -> Period:
    starts_on, ends_on = rules.period_dates(year, number)
    opens_on = opens_on or starts_on - timedelta(days=ENROLMENT_OPENS_DAYS_BEFORE)
    if opens_on > ends_on:
        raise RuleViolation(_l("Enrolment must open before the period ends."), "opens_on")
    if db.session.scalar(select(Period.id).where(Period.year == year, Period.number == number)):
        raise RuleViolation(_l("This period exists already."), "number")
    period = Period(year=year, number=number, starts_on=starts_on, ends_on=ends_on, enrolment_opens_on=opens_on)
    db.session.add(period)
    db.session.flush()
    audit.record("courses.period_created", actor=actor, period=period.id)
    return period


def add_course(actor, period: Period, level: str, mode: str, pattern: str, starts_on: date, capacity: int,
               place: str = "") -> Course:
    if level not in rules.LEVELS:
        raise RuleViolation(_l("Choose a level."), "level")
    if mode not in rules.MODES:
        raise RuleViolation(_l("Choose how the course is given."), "mode")
    rules.check_start(period.starts_on, period.ends_on, starts_on)
    rules.check_capacity(capacity)
    planned = rules.plan_meetings(starts_on, pattern, closed(settings().patron))
    same_level = db.session.scalar(select(func.count(Course.id)).where(Course.period_id == period.id,
                                                                       Course.level == level)) or 0
    course = Course(period_id=period.id, code=f"{level}-{same_level + 1}", level=level, mode=mode, pattern=pattern,
                    place=place, starts_on=starts_on, capacity=capacity, seats_taken=0)
    db.session.add(course)
    db.session.flush()
    db.session.add_all(Meeting(course_id=course.id, day=meeting.day, minutes=meeting.minutes,
                               starts=rome_wall_clock_to_utc(meeting.day, meeting.hour, meeting.minute))
                       for meeting in planned)
    audit.record("courses.course_added", actor=actor, course=course.id)
    return course


def teachers() -> list[User]:
    from portal.auth.models import UserRole

    return list(db.session.scalars(select(User).join(UserRole).where(UserRole.role == "docente", User.active)
                                   .order_by(User.full_name)))


def name_teacher(actor, course: Course, teacher_id: int, today: date | None = None) -> Course:
    """One named teacher per course, unchanged once the course has started (the tender)."""
    today = today_or(today)
    teacher = next((person for person in teachers() if person.id == teacher_id), None)
    if teacher is None:
        raise RuleViolation(_l("Choose one of the teachers."), "teacher")
    if course.teacher_id is not None and course.teacher_id != teacher.id and today >= course.starts_on:
        raise RuleViolation(_l("The course has started: its teacher stays the same until it ends."), "teacher")
    course.teacher_id = teacher.id
    course.teacher_named_on = today
    audit.record("courses.teacher_named", user=teacher, actor=actor, course=course.id)
    return course


def send_activation(actor, period: Period, today: date | None = None) -> int:
    """The activation notice (courses and enrolled numbers) for every course not notified yet: how many."""
    today = today_or(today)
    pending = [course for course in period.courses if course.activated_on is None]
    if not pending:
        raise RuleViolation(_l("Every course of this period has been activated already."))
    for course in pending:
        course.activated_on = today
    audit.record("courses.activated", actor=actor, period=period.id, courses=len(pending))
    return len(pending)


def set_capacity(actor, course: Course, capacity: int) -> Course:
    rules.check_capacity(capacity, course.seats_taken)
    if not update_if(course, {"capacity": capacity}, Course.seats_taken <= capacity):
        raise RuleViolation(_l("Someone took a seat meanwhile: try again."), "capacity")
    from portal.courses.services.enrolment import promote

    promote(course)
    audit.record("courses.capacity_set", actor=actor, course=course.id, capacity=capacity)
    return course


@dataclass(frozen=True)
class CoursePlan:
    course: Course
    activation: rules.Deadline
    teacher: rules.Deadline
    hours: float


def period_plan(period: Period, today: date | None = None) -> dict:
    """The office's view of a period: its courses with their two deadlines, and the plan's warnings."""
    today = today_or(today)
    is_working = working(settings().patron)
    courses = list(db.session.scalars(select(Course).where(Course.period_id == period.id)
                                      .options(selectinload(Course.meetings), selectinload(Course.teacher))
                                      .order_by(Course.starts_on, Course.code)))
    plans = [CoursePlan(course, rules.Deadline(rules.activation_due(course.starts_on), course.activated_on),
                        rules.Deadline(rules.teacher_due(course.starts_on, is_working), course.teacher_named_on),
                        sum(meeting.minutes for meeting in course.meetings) / 60) for course in courses]
    planned = [rules.PlannedCourse(c.code, c.level, c.starts_on, c.capacity) for c in courses]
    year_courses = db.session.execute(select(Course.code, Course.level, Course.starts_on, Course.capacity)
                                      .join(Period).where(Period.year == period.year)).all()
    return {"period": period, "plans": plans, "today": today,
            "warnings": rules.period_warnings(period.starts_on, planned),
            "year_warnings": rules.year_warnings([rules.PlannedCourse(*row) for row in year_courses])}
