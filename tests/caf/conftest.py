"""CAF fixtures: an office open on weekday mornings, a student abroad, a student in Italy, an operator."""

from datetime import date, time
from decimal import Decimal
from io import BytesIO

import pytest
from werkzeug.datastructures import FileStorage

from portal.caf import services
from portal.caf.models import ExchangeRate, Office, OfficeHours, Student
from portal.extensions import db

PDF = b"%PDF-1.4\n" + b"0" * 2000


def pdf(name="scan.pdf", data=PDF) -> FileStorage:
    return FileStorage(stream=BytesIO(data), filename=name, content_type="application/pdf")


@pytest.fixture
def office(app):
    with app.app_context():
        office = Office(name="CAF Milano Leonardo", address="Via Ampère 2", city="Milano", phone="02 000",
                        email="leonardo@caf.example", slot_minutes=30, counters=2)
        office.hours = [OfficeHours(weekday=day, opens=time(9), closes=time(13)) for day in range(5)]
        db.session.add(office)
        db.session.commit()
        return office.id


@pytest.fixture
def make_student(app, make_user):
    def factory(access_code="studente", kind="abroad", codice_persona="12345678", matricola=None, locale="en",
                country="JP"):
        """The university provisioned the account with the identifiers; the student is linked to them."""
        user = make_user(access_code, roles=("studente",), full_name="Aiko Tanaka", locale=locale,
                         codice_persona=codice_persona, matricola=matricola)
        with app.app_context():
            student = Student(user_id=user.id, kind=kind, codice_persona=codice_persona, matricola=matricola,
                              country=country)
            db.session.add(student)
            db.session.commit()
            return user, student.id
    return factory


@pytest.fixture
def operator(make_user):
    return make_user("operatore", roles=("operatore_caf",), full_name="Olga Operatrice")


@pytest.fixture
def usd_rate(app):
    with app.app_context():
        db.session.add(ExchangeRate(year=2024, currency="USD", rate=Decimal("1.08")))
        db.session.commit()


def in_person_practice(operator, student):
    """A practice the operator opened at the desk, with the student's date of birth given; not decided."""
    practice = services.open_in_person(operator, student, None)
    services.save_member(operator, practice, practice.members[0], {
        "full_name": "Aiko Tanaka", "relationship_to_student": "student", "birth_date": date(2004, 5, 1),
        "disabled": False})
    return practice


def worked_example_practice(user, student_id: int, year: int = 2026):
    """The DOMAIN.md worked example as a remote practice, with every document uploaded; not submitted."""
    student = db.session.get(Student, student_id)
    practice = services.start_remote_practice(user, student)
    practice.rule_year = year
    me = practice.members[0]
    services.save_member(user, practice, me, {"full_name": "Aiko Tanaka", "relationship_to_student": "student",
                                               "birth_date": date(2004, 5, 1), "disabled": False})
    father = services.save_member(user, practice, None, {"full_name": "Ken Tanaka", "relationship_to_student": "parent",
                                                         "birth_date": date(1970, 1, 1), "disabled": False})
    mother = services.save_member(user, practice, None, {"full_name": "Yui Tanaka", "relationship_to_student": "parent",
                                                         "birth_date": date(1972, 1, 1), "disabled": False})
    services.save_member(user, practice, None, {"full_name": "Emi Tanaka", "relationship_to_student": "sibling",
                                                         "birth_date": date(2012, 1, 1), "disabled": False})
    services.add_line(user, practice, "income", {"member_id": father.id, "amount": Decimal("24000"), "currency": "USD",
                                                 "description": "salary"})
    services.add_line(user, practice, "income", {"member_id": mother.id, "amount": Decimal("10800"), "currency": "USD",
                                                 "description": "salary"})
    services.add_line(user, practice, "building", {"member_id": father.id, "country": "Japan",
                                                   "square_metres": Decimal("120"), "is_land": False})
    services.add_line(user, practice, "building", {"member_id": mother.id, "country": "Japan",
                                                   "square_metres": Decimal("45"), "is_land": False})
    services.add_line(user, practice, "building", {"member_id": mother.id, "country": "Japan",
                                                   "square_metres": Decimal("3000"), "is_land": True})
    services.add_line(user, practice, "movable", {"member_id": father.id, "amount": Decimal("16200"), "currency": "USD",
                                                  "description": "bank", "valued_on": date(year - 2, 12, 31)})
    for kind, member in services.missing_documents(practice):
        services.add_documents(user, practice, kind, member.id if member else None, [pdf()])
    return practice
