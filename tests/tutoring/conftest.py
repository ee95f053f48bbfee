"""Tutoring fixtures: one person per role, a student referred for tutoring and LIS, two operators (one LIS), a
past and a future working day, and the hours of their quarters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from portal.auth.models import User
from portal.core.calendar import today_in_rome
from portal.extensions import db
from portal.tutoring import rules, services
from portal.tutoring.models import Operator


def working_day(start: date, step: int) -> date:
    day = start + timedelta(days=step)
    while not rules.is_service_working_day(day, (), "TO"):
        day += timedelta(days=step)
    return day


@dataclass
class World:
    unit: int
    dec: int
    coordinator: int
    lis_tutor: int
    tutor: int
    student_user: int
    other_student_user: int
    student: int
    lis_operator: int
    operator: int
    past: date
    future: date


@pytest.fixture
def world(app, make_user) -> World:
    unit = make_user("unita", roles=("special_needs",), full_name="Laura Moretti")
    dec = make_user("dec", roles=("dec",), full_name="Elena Greco")
    coordinator = make_user("coordinatore", roles=("coordinatore_tutorato",), full_name="Roberto Serra")
    lis_tutor = make_user("tutor", roles=("tutor",), full_name="Francesca Rinaldi")
    tutor = make_user("tutor2", roles=("tutor",), full_name="Matteo Conti")
    student_user = make_user("studente", roles=("studente",), full_name="Paola Riva", matricola="250105")
    other = make_user("altro", roles=("studente",), full_name="Ivan Longo", matricola="250103")
    today = today_in_rome()
    past, future = working_day(today, -1), working_day(today, 1)
    with app.test_request_context():
        unit_row = db.session.get(User, unit.id)
        student = services.refer(unit_row, "250105", "both", "in_person", "Front-row seat; LIS in exams.",
                                 on=past)
        lis_operator = Operator(user_id=lis_tutor.id, lis_qualified=True, qualification="Interprete LIS")
        operator = Operator(user_id=tutor.id, lis_qualified=False, qualification="L-19")
        db.session.add_all([lis_operator, operator])
        db.session.flush()
        coordinator_row = db.session.get(User, coordinator.id)
        services.assign(coordinator_row, student, "tutoring", operator.id)
        services.assign(coordinator_row, student, "lis", lis_operator.id)
        dec_row = db.session.get(User, dec.id)
        for quarter in sorted({rules.quarter_of(past), rules.quarter_of(future)}):
            services.set_cap(dec_row, student, "tutoring", quarter, 600, [None, None, None])  # 10 h
            services.set_cap(dec_row, student, "lis", quarter, 1200, [None, None, None])  # 20 h
        db.session.commit()
        return World(unit.id, dec.id, coordinator.id, lis_tutor.id, tutor.id, student_user.id, other.id, student.id,
                     lis_operator.id, operator.id, past, future)
