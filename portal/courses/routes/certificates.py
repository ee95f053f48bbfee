"""Attendance certificates: a participant asks for one and downloads it (a bilingual PDF); anyone checks a code on
the public page, which shows only the name, the course and the hours."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import public, roles_required
from portal.core.actions import one_button
from portal.core.calendar import to_rome
from portal.core.pdf import pdf_response, render_pdf
from portal.courses import bp, rules, services
from portal.courses.models import Enrolment
from portal.extensions import db, limiter


def _own(enrolment_id: int) -> Enrolment:
    enrolment = db.session.get(Enrolment, enrolment_id)
    if enrolment is None or enrolment.user_id != current_user.id:
        abort(404)
    return enrolment


@bp.post("/enrolments/<int:enrolment_id>/certificate")
@roles_required(*services.LEARNER_ROLES)
def certificate(enrolment_id: int):
    enrolment = _own(enrolment_id)
    return one_button(lambda: services.certificates.issue(current_user, enrolment),
                      lambda _c: _l("Your attendance certificate is ready: download it below."),
                      url_for("courses.attendance", enrolment_id=enrolment.id))


@bp.get("/enrolments/<int:enrolment_id>/certificate.pdf")
@roles_required(*services.LEARNER_ROLES)
def certificate_pdf(enrolment_id: int):
    certificate = services.certificates.certificate_of(_own(enrolment_id)) or abort(404)
    code = rules.format_certificate_code(certificate.code)
    content = render_pdf("courses/pdf/certificate.html", certificate=certificate, code=code,
                         institution=current_app.config["PORTAL_INSTITUTION_NAME"],
                         first_day=certificate.first_day.strftime("%d/%m/%Y"),
                         last_day=certificate.last_day.strftime("%d/%m/%Y"),
                         issued=to_rome(certificate.issued_at).strftime("%d/%m/%Y"),
                         verify_url=url_for("courses.verify_code", code=code, _external=True))
    return pdf_response(content, f"attestato-frequenza-{certificate.course_code}")


def _verify_rate() -> str:
    return current_app.config["PORTAL_COURSES_VERIFY_RATE_PER_IP"]


@bp.get("/verify")
@public
@limiter.limit(_verify_rate)
def verify():
    """The check of a certificate: a form for the code; a code typed goes to its own page."""
    typed = (request.args.get("code") or "")[:40]
    if typed:
        return redirect(url_for("courses.verify_code", code=typed.strip()), code=303)
    return render_template("courses/verify.html", certificate=None, code="", checked=False)


@bp.get("/verify/<code>")
@public
@limiter.limit(_verify_rate)
def verify_code(code: str):
    """Only the name, the course and the hours; an unknown code is a 404 with the same form."""
    certificate = services.certificates.verify(code[:40])
    status = 200 if certificate else 404
    response = render_template("courses/verify.html", certificate=certificate, code=code[:40], checked=True,
                               formatted=rules.format_certificate_code(certificate.code) if certificate else "")
    return response, status, {"X-Robots-Tag": "noindex, nofollow", "Cache-Control": "no-store"}
