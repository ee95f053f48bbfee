"""Italian courses' pages: who may open what, the office's plan with its deadlines and warnings, bad input."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.core.calendar import today_in_rome
from portal.courses.models import Course, Enrolment, Meeting, Period, PlanStudent
from portal.extensions import db
from tests.courses_factories import bulk_learners

LEARNER_PAGES = ["/courses/"]
OFFICE_PAGES = ["/courses/periods", "/courses/plan-students"]


@pytest.mark.parametrize("roles, path, status", [
    (("studente",), "/courses/", 200), (("dipendente",), "/courses/", 200), (("genitore",), "/courses/", 403),
    (("studente",), "/courses/periods", 403), (("docente",), "/courses/periods", 403),
    (("dec",), "/courses/periods", 200), (("centro_linguistico",), "/courses/periods", 200),
    (("centro_linguistico",), "/courses/plan-students", 200), (("dec",), "/courses/plan-students", 403),
    (("studente",), "/courses/today", 403), (("docente",), "/courses/today", 200),
])
def test_who_may_open_what(client, signed_in, roles, path, status):
    signed_in(roles=roles, access_code="persona")
    assert client.get(path).status_code == status


def test_the_office_creates_a_period_and_plans_a_course_with_its_meetings(app, client, signed_in):
    signed_in(roles=("centro_linguistico",), access_code="centro")
    created = client.post("/courses/periods", data={"year": "2027", "number": "1"})
    assert created.status_code == 303
    with app.app_context():
        period = db.session.scalar(select(Period))
        assert (period.starts_on, period.ends_on, period.enrolment_opens_on) == (
            date(2027, 10, 1), date(2028, 1, 31), date(2027, 9, 10))
    again = client.post("/courses/periods", data={"year": "2027", "number": "1"})
    assert again.status_code == 422 and "esiste già" in again.get_data(as_text=True)
    planned = client.post(f"/courses/periods/{period.id}", data={
        "level": "A1", "mode": "in_person", "pattern": "evening", "starts_on": "2027-10-04", "capacity": "75",
        "place": "Aula 7T"})
    assert planned.status_code == 303
    page = client.get(f"/courses/periods/{period.id}").get_data(as_text=True)
    # 4 Oct 2027 (Monday): notice by 27 Sep, teacher by Mon 27 Sep (Fri 1, Thu 30, Wed 29, Tue 28, Mon 27)
    assert "A1-1" in page and "27 set 2027" in page
    assert "A2, B1, B2" in page  # the missing levels are warned
    with app.app_context():
        course = db.session.scalar(select(Course))
        assert (course.code, course.capacity, len(course.meetings)) == ("A1-1", 75, 40)
    activated = client.post(f"/courses/periods/{period.id}/activate")
    assert activated.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Course.activated_on)) == today_in_rome()


def test_late_deadlines_are_flagged(app, client, signed_in, period, make_course):
    signed_in(roles=("centro_linguistico",), access_code="centro")
    make_course()  # started ten days ago, no notice, no teacher: both overdue
    page = client.get(f"/courses/periods/{period}").get_data(as_text=True)
    assert page.count("In ritardo") == 2


@pytest.mark.parametrize("data, message", [
    ({"level": "A1", "mode": "in_person", "pattern": "evening", "starts_on": "2027-10-04", "capacity": "abc"},
     "Inserisci un numero intero"),
    ({"level": "A1", "mode": "in_person", "pattern": "evening", "starts_on": "2027-10-04", "capacity": "99999999999"},
     "Inserisci un numero tra 1 e 200"),
    ({"level": "Z9", "mode": "in_person", "pattern": "evening", "starts_on": "2027-10-04", "capacity": "75"},
     "Not a valid choice"),
    ({"level": "A1", "mode": "in_person", "pattern": "evening", "starts_on": "2030-01-01", "capacity": "75"},
     "periodo didattico"),
    ({"level": "A1", "mode": "in_person", "pattern": "evening", "starts_on": "9999-99-99", "capacity": "75"},
     "Inserisci una data"),
    ({"level": "A1", "mode": "in_person", "pattern": "evening", "starts_on": "2027-10-04", "capacity": "75",
      "place": "x" * 300}, "200"),
])
def test_bad_course_input_is_refused_and_nothing_written(app, client, signed_in, data, message):
    signed_in(roles=("centro_linguistico",), access_code="centro")
    client.post("/courses/periods", data={"year": "2027", "number": "1"})
    with app.app_context():
        period_id = db.session.scalar(select(Period.id))
    refused = client.post(f"/courses/periods/{period_id}", data=data)
    assert refused.status_code == 422
    if message != "Not a valid choice":
        assert message in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Course.id))) == 0
        assert db.session.scalar(select(func.count(Meeting.id))) == 0


@pytest.mark.parametrize("year", ["", "abc", "1999", "99999999999999999999", "2101"])
def test_bad_period_is_refused(app, client, signed_in, year):
    signed_in(roles=("centro_linguistico",), access_code="centro")
    assert client.post("/courses/periods", data={"year": year, "number": "1"}).status_code == 422
    assert client.post("/courses/periods", data={"year": "2027", "number": "7"}).status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count(Period.id))) == 0


def test_the_dec_reads_the_plan_but_changes_nothing(app, client, signed_in, period, make_course):
    course_id = make_course()
    signed_in(roles=("dec",), access_code="dec")
    assert client.get(f"/courses/periods/{period}").status_code == 200
    assert client.get(f"/courses/classes/{course_id}/manage").status_code == 200
    assert client.post(f"/courses/periods/{period}/activate").status_code == 403
    assert client.post(f"/courses/classes/{course_id}/capacity", data={"capacity": "80"}).status_code == 403
    client.post(f"/courses/periods/{period}", data={"level": "A2", "mode": "online", "pattern": "evening",
                                                    "starts_on": today_in_rome().isoformat(), "capacity": "75"})
    with app.app_context():
        assert db.session.scalar(select(func.count(Course.id))) == 1


def test_naming_the_teacher_and_the_seats(app, client, signed_in, make_user, make_course):
    teacher = make_user("docente", roles=("docente",), full_name="Francesca Moretti")
    course_id = make_course()
    signed_in(roles=("centro_linguistico",), access_code="centro")
    assert client.post(f"/courses/classes/{course_id}/teacher", data={"teacher": "999"}).status_code == 422
    assert client.post(f"/courses/classes/{course_id}/teacher", data={"teacher": str(teacher.id)}).status_code == 303
    with app.app_context():
        course = db.session.get(Course, course_id)
        assert (course.teacher_id, course.teacher_named_on) == (teacher.id, today_in_rome())
    other = make_user("altro", roles=("docente",))
    changed = client.post(f"/courses/classes/{course_id}/teacher", data={"teacher": str(other.id)})
    assert changed.status_code == 422  # the course has started: the teacher stays
    bulk_learners(app, 3)
    assert client.post(f"/courses/classes/{course_id}/capacity", data={"capacity": "0"}).status_code == 422
    assert client.post(f"/courses/classes/{course_id}/capacity", data={"capacity": "72"}).status_code == 303
    with app.app_context():
        assert db.session.get(Course, course_id).capacity == 72


def test_a_student_cannot_read_someone_elses_attendance(app, client, signed_in, make_course):
    course_id = make_course()
    other = bulk_learners(app, 1)[0]
    with app.app_context():
        enrolment = Enrolment(period_id=db.session.get(Course, course_id).period_id, course_id=course_id,
                              user_id=other, status="enrolled", rank=2, enrolled_on=today_in_rome())
        db.session.add(enrolment)
        db.session.commit()
        enrolment_id = enrolment.id
    signed_in(roles=("studente",), access_code="li.wei")
    assert client.get(f"/courses/enrolments/{enrolment_id}/attendance").status_code == 404
    assert client.post(f"/courses/enrolments/{enrolment_id}/withdraw").status_code == 404
    assert client.get("/courses/enrolments/99999999999/attendance").status_code == 404


def test_plan_students_list(app, client, signed_in):
    signed_in(roles=("centro_linguistico",), access_code="centro")
    refused = client.post("/courses/plan-students", data={"matricole": "123456\n12345x"})
    assert refused.status_code == 422 and "12345x" in refused.get_data(as_text=True)
    assert client.post("/courses/plan-students", data={"matricole": "123456\n234567\n123456"}).status_code == 303
    with app.app_context():
        assert sorted(db.session.scalars(select(PlanStudent.matricola))) == ["123456", "234567"]


def test_calendar_feed_has_the_meetings_from_the_day_of_enrolment(app, make_course, signed_in, client):
    from portal.core.feeds import events_for

    course_id = make_course()
    student = signed_in(roles=("studente",), access_code="li.wei")
    client.post(f"/courses/classes/{course_id}/enrol")
    with app.test_request_context():
        from portal.auth.models import User

        events = [event for event in events_for(db.session.get(User, student.id),
                                                 today_in_rome_utc() - timedelta(days=30))
                  if event.uid.startswith("course-meeting-")]
        upcoming = db.session.scalar(select(func.count(Meeting.id)).where(Meeting.course_id == course_id,
                                                                          Meeting.day >= today_in_rome()))
        assert len(events) == upcoming > 0
        assert all(event.location == "Aula 7T" for event in events)


def today_in_rome_utc():
    from portal.core.types import utcnow

    return utcnow()
