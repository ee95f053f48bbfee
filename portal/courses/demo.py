"""Italian courses' demonstration data: the teaching period of today (or the next one) with six courses, 300
students bulk-inserted (one INSERT per table), a register kept for the demo teacher's class, a full class with a
waiting list. Idempotent: nothing is added when the period exists."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import insert, select

from portal.auth.models import User, UserRole
from portal.core.calendar import today_in_rome
from portal.courses import rules
from portal.courses.models import Course, Enrolment, Mark, Meeting, Period, PlanStudent
from portal.extensions import db

STUDENTS = 300
# code, level, mode, pattern, capacity, start offset (days after the period's start), enrolled
COURSES = (("A1", "in_person", "evening", 80, 4, 75), ("A1", "online", "evening_saturday", 75, 6, 40),
           ("A2", "blended", "evening", 75, 4, 60), ("B1", "in_person", "evening", 70, 5, 70),
           ("B2", "online", "intensive", 70, 11, 35), ("C1", "in_person", "evening", 70, 12, 18))


def demo_period(today: date) -> tuple[int, int]:
    """The period running today, or the next one: (academic year, number)."""
    year = today.year if today.month >= 8 else today.year - 1
    if today.month in (10, 11, 12, 1):
        return year, 1
    if today.month in (2, 3, 4, 5, 6):
        return year, 2
    return today.year, 1  # July–September: the first period of the coming year


def seed(by_code: dict[str, User]) -> None:
    from portal.core.calendar import rome_wall_clock_to_utc
    from portal.courses.services import planning
    from portal.courses.services._common import closed

    today = today_in_rome()
    seed_placement(by_code.get("studente"))
    year, number = demo_period(today)
    if db.session.scalar(select(Period.id).where(Period.year == year, Period.number == number)):
        return
    starts_on, ends_on = rules.period_dates(year, number)
    period = Period(year=year, number=number, starts_on=starts_on, ends_on=ends_on,
                    enrolment_opens_on=starts_on - timedelta(days=planning.ENROLMENT_OPENS_DAYS_BEFORE))
    db.session.add(period)
    db.session.flush()
    teacher = by_code.get("docente")
    is_closed = closed("TO")
    courses = []
    for index, (level, mode, pattern, capacity, offset, _taken) in enumerate(COURSES):
        same = sum(1 for course in courses if course.level == level)
        course = Course(period_id=period.id, code=f"{level}-{same + 1}", level=level, mode=mode, pattern=pattern,
                        place="Aula 7T" if mode != "online" else "", starts_on=starts_on + timedelta(days=offset),
                        capacity=capacity, seats_taken=0,
                        activated_on=starts_on + timedelta(days=offset - 8) if index < 4 else None,
                        teacher_id=teacher.id if teacher and index == 0 else None,
                        teacher_named_on=starts_on - timedelta(days=3) if teacher and index == 0 else None)
        db.session.add(course)
        courses.append(course)
    db.session.flush()
    meetings = []
    for course in courses:
        for planned in rules.plan_meetings(course.starts_on, course.pattern, is_closed):
            meetings.append({"course_id": course.id, "day": planned.day, "minutes": planned.minutes, "topic": "",
                             "starts": rome_wall_clock_to_utc(planned.day, planned.hour, planned.minute)})
    db.session.execute(insert(Meeting), meetings)

    password = next(iter(by_code.values())).password_hash
    if db.session.scalar(select(User.id).where(User.access_code == "corsista001")) is None:
        db.session.execute(insert(User), [
            {"access_code": f"corsista{n:03d}", "email": f"corsista{n:03d}@studenti.example.edu",
             "full_name": f"{FIRST[n % len(FIRST)]} {LAST[(n * 7) % len(LAST)]}", "locale": "en" if n % 3 else "it",
             "matricola": f"{300000 + n:06d}", "active": True, "password_hash": password,
             "must_change_password": True, "session_version": 1} for n in range(1, STUDENTS + 1)])
        learners = _learners()
        db.session.execute(insert(UserRole), [{"user_id": user_id, "role": "studente"} for user_id in learners])
    learners = _learners()
    # A third of them has Italian in the study plan; Li Wei too.
    plan = [f"{300000 + n:06d}" for n in range(1, STUDENTS + 1, 3)]
    if "studente" in by_code and by_code["studente"].matricola:
        plan.append(by_code["studente"].matricola)
    db.session.execute(insert(PlanStudent), [{"matricola": code} for code in sorted(set(plan))])

    enrolments, cursor = [], 0
    for course, (_level, _mode, _pattern, capacity, _offset, count) in zip(courses, COURSES, strict=True):
        for user_id in learners[cursor:cursor + count]:
            enrolments.append({"period_id": period.id, "course_id": course.id, "user_id": user_id,
                               "status": "enrolled", "rank": 1, "enrolled_on": period.enrolment_opens_on})
        course.seats_taken = count
        cursor += count
    a2 = courses[2]
    if "studente" in by_code:
        enrolments.append({"period_id": period.id, "course_id": a2.id, "user_id": by_code["studente"].id,
                           "status": "enrolled", "rank": 1, "enrolled_on": period.enrolment_opens_on})
        a2.seats_taken += 1
    full = courses[3]
    for user_id in learners[cursor:cursor + 4]:
        enrolments.append({"period_id": period.id, "course_id": full.id, "user_id": user_id, "status": "waiting",
                           "rank": 2})
    if "dipendente" in by_code:
        enrolments.append({"period_id": period.id, "course_id": full.id, "user_id": by_code["dipendente"].id,
                           "status": "waiting", "rank": 3})
    db.session.execute(insert(Enrolment), enrolments)
    db.session.flush()
    _seed_marks(period, [courses[0], a2], today)


def seed_placement(student: User | None) -> None:
    """The sample bank (160 questions) when the bank is empty, and a finished test for the demo student: a learner
    of level A2 (right up to A2, wrong above), the questions taken in order from the bank."""
    from portal.core.types import utcnow
    from portal.courses.models import PlacementAnswer, PlacementAttempt, PlacementQuestion
    from portal.courses.placement_bank import demo_questions

    if db.session.scalar(select(PlacementQuestion.id).limit(1)) is not None:
        return
    db.session.execute(insert(PlacementQuestion), [{**row, "created_at": utcnow()} for row in demo_questions()])
    if student is None:
        return
    queues = {level: list(db.session.scalars(select(PlacementQuestion).where(PlacementQuestion.level == level)
                                             .order_by(PlacementQuestion.id)))
              for level in rules.PLACEMENT_LEVELS}
    attempt = PlacementAttempt(user_id=student.id, started_at=utcnow() - timedelta(days=40))
    db.session.add(attempt)
    given: list[tuple[str, bool]] = []
    step = rules.placement_step(given)
    while not step.done:
        question = queues[step.next_level].pop(0)
        right = rules.PLACEMENT_LEVELS.index(question.level) <= 1
        chosen = question.correct if right else (question.correct + 1) % len(question.choices)
        attempt.answers.append(PlacementAnswer(question_id=question.id, level=question.level, chosen=chosen,
                                               right=right, answered_at=attempt.started_at))
        given.append((question.level, right))
        step = rules.placement_step(given)
    attempt.suggested, attempt.finished_at = step.suggestion, attempt.started_at + timedelta(minutes=12)
    db.session.flush()


def _learners() -> list[int]:
    return list(db.session.scalars(select(User.id).where(User.access_code.like("corsista%"))
                                   .order_by(User.access_code)))


def _seed_marks(period: Period, courses: list[Course], today: date) -> None:
    """The registers kept so far: most present, some late or absent, a few excused; Li Wei misses a good part."""
    rows = []
    for course in courses:
        held = list(db.session.scalars(select(Meeting.id).where(Meeting.course_id == course.id, Meeting.day < today)
                                       .order_by(Meeting.starts)))
        people = list(db.session.scalars(select(Enrolment.id).where(Enrolment.course_id == course.id,
                                                                    Enrolment.status == "enrolled")
                                         .order_by(Enrolment.id)))
        for m_index, meeting_id in enumerate(held):
            for p_index, enrolment_id in enumerate(people):
                spin = (m_index * 31 + p_index * 17) % 20
                mark = "absent" if spin < 2 else "late" if spin == 2 else "excused" if spin == 3 else "present"
                if p_index == len(people) - 1 and course is courses[-1] and m_index % 3 == 0:
                    mark = "absent"
                rows.append({"enrolment_id": enrolment_id, "meeting_id": meeting_id, "mark": mark})
    if rows:
        db.session.execute(insert(Mark), rows)


FIRST = ("Amina", "Bao", "Carlos", "Dmitri", "Elif", "Fatima", "Giorgos", "Hana", "Ivan", "Jia", "Kwame", "Laila",
         "Mateo", "Nour", "Omar", "Priya", "Qing", "Rania", "Sofia", "Tariq", "Umar", "Valentina", "Wen", "Yusuf",
         "Zeynep")
LAST = ("Ahmadi", "Banerjee", "Chen", "Diallo", "Esposito", "Fernández", "Gupta", "Haddad", "Ivanova", "Jung",
        "Kowalski", "Li", "Mensah", "Nguyen", "Okoye", "Pereira", "Qureshi", "Rossi", "Silva", "Tanaka", "Usman",
        "Vargas", "Wang", "Yilmaz", "Zhang", "Abebe", "Bakr", "Costa", "Dubois")
