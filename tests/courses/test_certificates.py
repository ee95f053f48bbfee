"""Attendance certificates: asked for once the course is over with 70 % of the hours, a bilingual PDF, the public
check of its code (only name, course and hours), refused otherwise, rate-limited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.core.calendar import today_in_rome
from portal.courses.models import Certificate, Enrolment, Mark, Meeting, Period
from portal.extensions import db
from tests.courses_factories import course as make_course_row


@pytest.fixture
def past_course(app):
    """A period over yesterday; an intensive class of 20 meetings of 3 h (60 h), all held."""
    today = today_in_rome()
    with app.app_context():
        period = Period(year=today.year - 1, number=2, starts_on=today - timedelta(days=100),
                        ends_on=today - timedelta(days=1), enrolment_opens_on=today - timedelta(days=130))
        db.session.add(period)
        db.session.commit()
        period_id = period.id
    return period_id, make_course_row(app, period_id, level="B1", pattern="intensive",
                                      starts_on=today - timedelta(days=95))


def attend(app, user_id: int, period_id: int, course_id: int, present: int) -> int:
    """Enrol the person and mark `present` of the 20 meetings present, the rest absent: the enrolment's id."""
    with app.app_context():
        enrolment = Enrolment(period_id=period_id, course_id=course_id, user_id=user_id, status="enrolled", rank=1,
                              enrolled_on=today_in_rome() - timedelta(days=120))
        db.session.add(enrolment)
        db.session.flush()
        meetings = db.session.scalars(select(Meeting.id).where(Meeting.course_id == course_id)
                                      .order_by(Meeting.starts)).all()
        assert len(meetings) == 20
        db.session.add_all([Mark(enrolment_id=enrolment.id, meeting_id=meeting_id,
                                 mark="present" if index < present else "absent")
                            for index, meeting_id in enumerate(meetings)])
        db.session.commit()
        return enrolment.id


def test_seventy_percent_earns_a_certificate_that_anyone_checks_with_its_code(app, client, signed_in, past_course):
    period_id, course_id = past_course
    me = signed_in(roles=("studente",), access_code="studente", full_name="Li Wei", matricola="245678")
    # 14 meetings of 3 h = 42 h of 60 h = 70 %: enough.
    enrolment_id = attend(app, me.id, period_id, course_id, present=14)
    page = client.get(f"/courses/enrolments/{enrolment_id}/attendance").get_data(as_text=True)
    assert "Chiedi l&#39;attestato" in page or "Chiedi l'attestato" in page
    assert client.post(f"/courses/enrolments/{enrolment_id}/certificate").status_code == 303
    client.post(f"/courses/enrolments/{enrolment_id}/certificate")  # asked twice: still one
    with app.app_context():
        certificate = db.session.scalar(select(Certificate))
        assert db.session.scalar(select(func.count(Certificate.id))) == 1
        assert (certificate.minutes_attended, certificate.minutes_expected) == (2520, 3600)
        code = certificate.code
    assert len(code) == 16
    pdf = client.get(f"/courses/enrolments/{enrolment_id}/certificate.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    client.post("/auth/logout")
    formatted = "-".join(code[i:i + 4] for i in range(0, 16, 4))
    checked = client.get(f"/courses/verify/{formatted.lower()}")
    body = checked.get_data(as_text=True)
    assert checked.status_code == 200 and "Li Wei" in body and "B1-1" in body and "42 h" in body
    assert "245678" not in body and "studente@example.edu" not in body
    assert "noindex" in checked.headers["X-Robots-Tag"]
    assert client.get(f"/courses/verify?code={formatted}").headers["Location"].endswith(f"/courses/verify/{formatted}")
    assert client.get("/courses/verify").status_code == 200
    for wrong in ("ABCD-EFGH-JKLM-NPQR", "x" * 500, "0000"):
        assert client.get(f"/courses/verify/{wrong}").status_code == 404


def test_sixty_five_percent_or_a_course_not_over_earns_none(app, client, signed_in, past_course, make_course):
    period_id, course_id = past_course
    me = signed_in(roles=("studente",), access_code="studente")
    # 13 of 20 meetings = 39 h of 60 h = 65 %: refused, nothing written.
    enrolment_id = attend(app, me.id, period_id, course_id, present=13)
    assert "Chiedi" not in client.get(f"/courses/enrolments/{enrolment_id}/attendance").get_data(as_text=True)
    refused = client.post(f"/courses/enrolments/{enrolment_id}/certificate", follow_redirects=True)
    assert "almeno il 70 %" in refused.get_data(as_text=True)
    assert client.get(f"/courses/enrolments/{enrolment_id}/certificate.pdf").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count(Certificate.id))) == 0


def test_another_person_s_certificate_is_a_404(app, client, signed_in, past_course, make_user):
    period_id, course_id = past_course
    other = make_user(access_code="altro", roles=("studente",))
    enrolment_id = attend(app, other.id, period_id, course_id, present=20)
    signed_in(roles=("studente",), access_code="studente")
    assert client.post(f"/courses/enrolments/{enrolment_id}/certificate").status_code == 404
    assert client.get(f"/courses/enrolments/{enrolment_id}/certificate.pdf").status_code == 404
    assert client.post("/courses/enrolments/99999999/certificate").status_code == 404


def test_the_public_check_is_rate_limited(app, client):
    app.config["PORTAL_COURSES_VERIFY_RATE_PER_IP"] = "5 per minute"
    statuses = [client.get("/courses/verify/ABCD-EFGH-JKLM-NPQR").status_code for _ in range(6)]
    assert statuses == [404] * 5 + [429]
