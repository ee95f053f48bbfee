"""Demo data of the tutoring service (`flask seed-demo`): 7 referred students (2 for LIS), 3 operators (1 with the
LIS qualification), a coordinator, the Special Needs unit; this quarter's hours and sessions; one late request."""

from __future__ import annotations

from datetime import time, timedelta

from sqlalchemy import select

from portal.auth.models import User
from portal.auth.services import hash_password
from portal.core.calendar import add_working_days
from portal.core.rules import RuleViolation
from portal.extensions import db
from portal.tutoring import rules, services
from portal.tutoring.models import Assignment, Cap, CapMonth, CapRevision, Operator, Request, TutoredStudent

# access code, name, matricola, kind, mode, needs (arrangements only, never a diagnosis; written by the unit, in Italian)
STUDENTS = (
    ("studente", None, None, "tutoring", "in_person", "Tempo aggiuntivo negli scritti; appunti condivisi prima delle lezioni."),
    ("tutorato.rossi", "Giorgio Rossi", "250101", "tutoring", "in_person", "Aula silenziosa per gli esami; una pausa ogni ora."),
    ("tutorato.ferri", "Marta Ferri", "250102", "tutoring", "remote", "Domande scritte in anticipo; incontri a distanza."),
    ("tutorato.longo", "Ivan Longo", "250103", "tutoring", "in_person", "Aiuto a organizzare lo studio ogni settimana."),
    ("tutorato.sala", "Nadia Sala", "250104", "tutoring", "in_person", "Accompagnamento agli uffici e a lezione."),
    ("tutorato.riva", "Paola Riva", "250105", "lis", "in_person", "LIS a lezione e agli esami; posto in prima fila."),
    ("tutorato.galli", "Tommaso Galli", "250106", "both", "remote", "LIS nelle lezioni a distanza; riassunti scritti."),
)
OPERATORS = (  # access code, LIS qualification on record
    ("tutor", True), ("tutor2", False), ("tutor3", False),
)
CAP_HOURS = {"tutoring": 40, "lis": 60}
DEMO_PASSWORD_HASH_OF = "lampone-fiume-27-vela"


def _user(code: str, name: str, matricola: str | None) -> User:
    user = db.session.scalar(select(User).where(User.access_code == code))
    if user is None:
        user = User(access_code=code, full_name=name, email=f"{code}@example.edu", locale="it", active=True,
                    password_hash=hash_password(DEMO_PASSWORD_HASH_OF), must_change_password=False,
                    matricola=matricola)
        user.set_roles({"studente"})
        db.session.add(user)
        db.session.flush()
    return user


def seed(users: list[User]) -> None:
    if db.session.scalar(select(TutoredStudent.id).limit(1)) is not None:
        return
    by_code = {user.access_code: user for user in users}
    unit, dec, coordinator = by_code["special_needs"], by_code["dec"], by_code["coordinatore"]
    today = services.today()
    quarter = rules.quarter_of(today)
    operators = []
    for code, lis in OPERATORS:
        user = by_code.get(code) or _user(code, "Chiara Fabbri", None)
        if code not in by_code:
            user.set_roles({"tutor"})
        operator = Operator(user_id=user.id, lis_qualified=lis,
                            qualification="Diploma di interprete LIS; attestato LIS 3° livello" if lis else
                            "Laurea L-19; assistente alla comunicazione")
        db.session.add(operator)
        operators.append(operator)
    db.session.flush()
    lis_operator, tutoring_operators = operators[0], operators[1:]
    students = []
    for index, (code, name, matricola, kind, mode, needs) in enumerate(STUDENTS):
        user = by_code.get(code) or _user(code, name, matricola)
        student = TutoredStudent(user_id=user.id, kind=kind, mode=mode, needs=needs, referred_by_id=unit.id)
        db.session.add(student)
        db.session.flush()
        students.append(student)
        late = index == len(STUDENTS) - 1  # the last one: referred three weeks ago, nobody serves it yet
        requested_on = add_working_days(quarter, -5) if not late else add_working_days(today, -15)
        for service in student.services:
            db.session.add(Request(student_id=student.id, service=service, requested_on=requested_on,
                                   serve_by=rules.serve_by(requested_on, services.closures(),
                                                           services.patron())))
        if late:
            continue
        for service in student.services:
            cap = Cap(student_id=student.id, service=service, quarter=quarter, cap_minutes=CAP_HOURS[service] * 60,
                      booked_minutes=0, set_by_id=dec.id)
            cap.months = [CapMonth(month=month, booked_minutes=0) for month in rules.months_of(quarter)]
            db.session.add(cap)
            db.session.flush()
            db.session.add(CapRevision(cap_id=cap.id, new_minutes=cap.cap_minutes, by_id=dec.id))
            operator = lis_operator if service == "lis" else tutoring_operators[index % 2]
            db.session.add(Assignment(student_id=student.id, service=service,
                                                        operator_id=operator.id, started_on=quarter,
                                                        assigned_by_id=coordinator.id))
    db.session.flush()
    _sessions(students[:-1], coordinator, today, quarter)
    _paperwork(students[:-1], by_code, today, quarter)


def _paperwork(students: list[TutoredStudent], by_code: dict, today, quarter) -> None:
    """The forms of the months already over (signed by both; Li Wei's waits for her, Marta Ferri's is disputed),
    two of the year's events asked by an office, and a few answers to the questionnaire."""
    from portal.tutoring.models import SurveyAnswer

    for month in rules.months_of(quarter):
        if rules.month_end(month) >= today:
            continue
        for index, student in enumerate(students):
            for service in student.services:
                found = services.monthly.view(student, service, month)
                if not found.lines:
                    continue
                operator = found.lines[0].operator.user
                services.monthly.operator_sign(operator, services.monthly.view(student, service, month))
                if index == 0:
                    continue  # Li Wei signs in the portal
                found = services.monthly.view(student, service, month)
                if index == 2:
                    services.monthly.dispute(student.user, found, found.lines[0].id,
                                             "Quel giorno la lezione è finita mezz'ora prima.")
                    continue
                services.monthly.student_sign(student.user, found)
    office = by_code.get("dipendente")
    if office is not None:
        for title, place, weeks, starts, ends in (("Cerimonia di laurea", "Aula Magna", 2, time(10), time(13)),
                                                  ("Open day", "Cortile", 3, time(9), time(11))):
            day = today + timedelta(weeks=weeks)
            while day.weekday() > 4:
                day += timedelta(days=1)
            if day.year == today.year:
                event = services.events.ask(office, title, "Servizio Orientamento", place, day, starts, ends)
                coordinator = by_code.get("coordinatore")
                interpreter = next((operator for operator in services.operators() if operator.lis_qualified), None)
                if weeks == 3 and coordinator is not None and interpreter is not None:
                    try:  # the open day has its interpreter; the ceremony waits for one
                        services.events.assign_interpreter(coordinator, event, interpreter.id)
                    except RuleViolation:
                        pass
    for student, level, comment in zip(students[1:5], (4, 5, 2, 3), ("", "Molto utile per gli esami.",
                                                                    "Il tutor cambia spesso orario.", ""),
                                       strict=True):
        db.session.add(SurveyAnswer(student_id=student.id, quarter=quarter, level=level, comment=comment))
    db.session.flush()


def _sessions(students: list[TutoredStudent], coordinator: User, today, quarter) -> None:
    """Weekly sessions from the quarter's start to two weeks ahead: held up to yesterday, planned after."""
    end = min(today + timedelta(days=14), rules.next_quarter(quarter) - timedelta(days=1))
    slot_of: dict[int, int] = {}
    closed = services.closures()
    missed_one = False
    for index, student in enumerate(students):
        for service in student.services:
            assignment = services.current_assignment(student.id, service)
            key = assignment.operator_id
            slot = slot_of.get(key, 0)
            slot_of[key] = slot + 1
            starts = time(9 + 2 * (slot % 5))
            ends = time(starts.hour + 2)
            weekdays = (1, 3) if service == "lis" else (2,)
            day = quarter
            while day <= end:
                if day.weekday() in weekdays and rules.is_service_working_day(day, closed, services.patron()):
                    missed = index == 3 and service == "tutoring" and day < today and not missed_one
                    session = services.record(coordinator, student, service, day, starts, ends, student.mode,
                                              "exam" if day.day in (15, 16) else "lesson",
                                              "held" if day < today and not missed else "planned")
                    if missed:  # the operator did not come: a penalty case on the DEC's contract page
                        services.change_status(coordinator, session, "not_delivered", "")
                        missed_one = True
                day += timedelta(days=1)
    db.session.flush()
