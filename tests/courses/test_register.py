"""The teacher's register: one tap per person, all present, not expected, the topic; its SQL statements."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from portal.core.calendar import today_in_rome
from portal.courses.models import Enrolment, Mark, Meeting
from portal.extensions import db
from tests.conftest import sql_statements
from tests.courses_factories import bulk_learners


def _class(app, make_course, size: int, teacher_id: int, joined_days_ago: int = 30):
    course_id = make_course(teacher_id=teacher_id, capacity=max(size, 75))
    learners = bulk_learners(app, size)
    with app.app_context():
        from portal.courses.models import Course

        course = db.session.get(Course, course_id)
        db.session.add_all(Enrolment(period_id=course.period_id, course_id=course_id, user_id=user_id,
                                     status="enrolled", rank=2,
                                     enrolled_on=today_in_rome() - timedelta(days=joined_days_ago))
                           for user_id in learners)
        course.seats_taken = size
        held = db.session.scalar(select(Meeting.id).where(Meeting.course_id == course_id,
                                                          Meeting.day < today_in_rome()).order_by(Meeting.starts))
        future = db.session.scalar(select(Meeting.id).where(Meeting.course_id == course_id,
                                                            Meeting.day > today_in_rome()).order_by(Meeting.starts))
        db.session.commit()
        return course_id, held, future


def test_register_of_eighty_in_at_most_five_statements(app, client, signed_in, make_course):
    teacher = signed_in(roles=("docente",), access_code="docente")
    course_id, held, _future = _class(app, make_course, 80, teacher.id)
    client.get(f"/courses/meetings/{held}/register")  # the signed-in user is cached after the first request
    pages = []
    statements = sql_statements(app, lambda: pages.append(client.get(f"/courses/meetings/{held}/register")))
    assert pages[0].status_code == 200
    assert pages[0].get_data(as_text=True).count('class="list-group-item portal-register-line"') == 80
    assert len(statements) <= 5, statements


def test_all_present_then_one_tap_exceptions(app, client, signed_in, make_course):
    teacher = signed_in(roles=("docente",), access_code="docente")
    course_id, held, _future = _class(app, make_course, 80, teacher.id)
    assert client.post(f"/courses/meetings/{held}/all-present").status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count(Mark.id)).where(Mark.mark == "present")) == 80
        someone = db.session.scalar(select(Enrolment.id).order_by(Enrolment.id))
    tapped = client.post(f"/courses/meetings/{held}/mark", data={"enrolment": someone, "mark": "late"},
                         headers={"HX-Request": "true"})
    assert tapped.status_code == 200 and f'id="line-{someone}"' in tapped.get_data(as_text=True)
    assert client.post(f"/courses/meetings/{held}/all-present").status_code == 303  # nobody left to mark
    with app.app_context():
        marks = dict(db.session.execute(select(Mark.mark, func.count(Mark.id)).group_by(Mark.mark)).all())
        assert marks == {"present": 79, "late": 1}
    client.post(f"/courses/meetings/{held}/topic", data={"topic": "Il passato prossimo"})
    with app.app_context():
        assert db.session.get(Meeting, held).topic == "Il passato prossimo"


def test_search_filters_the_register(app, client, signed_in, make_course):
    teacher = signed_in(roles=("docente",), access_code="docente")
    _course, held, _future = _class(app, make_course, 12, teacher.id)
    found = client.get(f"/courses/meetings/{held}/register", query_string={"q": "0007"},
                       headers={"HX-Request": "true", "HX-Target": "register-lines"}).get_data(as_text=True)
    assert found.count("portal-register-line") == 1 and "corsista 0007" in found


def test_meetings_before_joining_are_not_expected_and_cannot_be_marked(app, client, signed_in, make_course):
    teacher = signed_in(roles=("docente",), access_code="docente")
    _course, held, future = _class(app, make_course, 3, teacher.id, joined_days_ago=0)
    page = client.get(f"/courses/meetings/{held}/register").get_data(as_text=True)
    assert page.count("portal-register-line") == 3
    assert "portal-mark-present" not in page
    client.post(f"/courses/meetings/{held}/all-present")
    with app.app_context():
        someone = db.session.scalar(select(Enrolment.id))
    refused = client.post(f"/courses/meetings/{held}/mark", data={"enrolment": someone, "mark": "absent"},
                          headers={"HX-Request": "true"})
    assert refused.status_code == 422
    future_mark = client.post(f"/courses/meetings/{future}/mark", data={"enrolment": someone, "mark": "present"},
                              headers={"HX-Request": "true"})
    assert future_mark.status_code == 422
    wrong = client.post(f"/courses/meetings/{held}/mark", data={"enrolment": "x", "mark": "present"})
    assert wrong.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count(Mark.id))) == 0


def test_another_teachers_meeting_is_not_found(app, client, signed_in, make_user, make_course):
    other = make_user("altra.docente", roles=("docente",))
    _course, held, _future = _class(app, make_course, 2, other.id)
    signed_in(roles=("docente",), access_code="docente")
    assert client.get(f"/courses/meetings/{held}/register").status_code == 404
    assert client.post(f"/courses/meetings/{held}/all-present").status_code == 404


def test_the_student_reads_attendance_and_is_warned(app, client, signed_in, make_course):
    student = signed_in(roles=("studente",), access_code="li.wei")
    course_id = make_course()
    with app.app_context():
        from portal.courses.models import Course

        course = db.session.get(Course, course_id)
        enrolment = Enrolment(period_id=course.period_id, course_id=course_id, user_id=student.id,
                              status="enrolled", rank=2, enrolled_on=today_in_rome() - timedelta(days=30))
        db.session.add(enrolment)
        course.seats_taken = 1
        db.session.flush()
        meetings = db.session.scalars(select(Meeting).where(Meeting.course_id == course_id)
                                      .order_by(Meeting.starts)).all()
        # 20 intensive meetings of 3 h: absent at the first 7 → at best 13 of 20 = 65 % < 70 %
        for index, meeting in enumerate(meetings):
            if index < 7 or meeting.day < today_in_rome():
                db.session.add(Mark(enrolment_id=enrolment.id, meeting_id=meeting.id,
                                    mark="absent" if index < 7 else "present"))
        db.session.commit()
        enrolment_id = enrolment.id
    page = client.get(f"/courses/enrolments/{enrolment_id}/attendance").get_data(as_text=True)
    assert "65 %" in page and "70 %" in page
    assert 'role="alert"' in page
