"""The monthly form of a student and service: its page, the operator's signature, the student's confirmation or
dispute, the coordinator's resolution, the PDF for the file."""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import roles_required
from portal.core.actions import one_button
from portal.core.calendar import FIRST_DAY, LAST_DAY
from portal.core.dates import format_day
from portal.core.forms import ActionForm, submitted_and_done
from portal.core.pdf import pdf_response, render_pdf
from portal.tutoring import bp, labels, rules, services
from portal.tutoring.forms import DisputeForm, ResolveForm
from portal.tutoring.routes._common import long_day

FORM_URL = "/students/<int:student_id>/forms/<any(tutoring, lis):service>/<int:year>/<int:month>"


def _found(student_id: int, service: str, year: int, month: int) -> services.monthly.FormView:
    student = services.student_for(current_user, student_id)
    if service not in student.services or not 1 <= month <= 12 or not FIRST_DAY.year <= year <= LAST_DAY.year:
        abort(404)
    return services.monthly.view(student, service, date(year, month, 1))


def _back(found) -> str:
    return url_for("tutoring.monthly_form", student_id=found.student.id, service=found.service,
                   year=found.month.year, month=found.month.month)


def _dispute_form(found, formdata=None) -> DisputeForm:
    form = DisputeForm() if formdata is None else DisputeForm(formdata=None)
    form.session_id.choices = [("", _l("Choose the line"))] + [
        (line.id, f"{long_day(line.day)}, {line.starts.strftime('%H:%M')}–{line.ends.strftime('%H:%M')}")
        for line in found.lines]
    return form


def _page(found, status: int = 200, **forms):
    operator = services.operator_of(current_user)
    return render_template(
        "tutoring/monthly_form.html", found=found, status_l=labels.FORM_STATUSES, action=ActionForm(),
        may_sign=operator is not None and any(line.operator_id == operator.id for line in found.lines),
        dispute_form=forms.get("dispute") or _dispute_form(found, False),
        resolve_form=forms.get("resolve") or ResolveForm(formdata=None),
        month_label=format_day(found.month, "MMMM y"),
    ), status


@bp.get(FORM_URL)
@roles_required(*services.EVERYONE)
def monthly_form(student_id: int, service: str, year: int, month: int):
    return _page(_found(student_id, service, year, month))


@bp.post(FORM_URL + "/sign")
@roles_required(services.OPERATOR)
def monthly_sign(student_id: int, service: str, year: int, month: int):
    found = _found(student_id, service, year, month)
    return one_button(lambda: services.monthly.operator_sign(current_user, found),
                      lambda _form: _l("Signed. The student confirms the hours next."), _back(found))


@bp.post(FORM_URL + "/confirm")
@roles_required(services.STUDENT)
def monthly_confirm(student_id: int, service: str, year: int, month: int):
    found = _found(student_id, service, year, month)
    return one_button(lambda: services.monthly.student_sign(current_user, found),
                      lambda _none: _l("Thank you: the hours are confirmed and the form is locked."), _back(found))


@bp.post(FORM_URL + "/dispute")
@roles_required(services.STUDENT)
def monthly_dispute(student_id: int, service: str, year: int, month: int):
    found = _found(student_id, service, year, month)
    form = _dispute_form(found)
    if submitted_and_done(form, lambda: services.monthly.dispute(current_user, found, form.session_id.data,
                                                                 form.reason.data or "")):
        flash(_l("Sent: the coordinator reads it and answers on this page."), "success")
        return redirect(_back(found), code=303)
    return _page(found, 422, dispute=form)


@bp.post(FORM_URL + "/resolve")
@roles_required(services.COORDINATOR)
def monthly_resolve(student_id: int, service: str, year: int, month: int):
    found = _found(student_id, service, year, month)
    form = ResolveForm()
    if submitted_and_done(form, lambda: services.monthly.resolve(current_user, found, form.resolution.data or "")):
        flash(_l("Resolved: the operator signs the form again, then the student."), "success")
        return redirect(_back(found), code=303)
    return _page(found, 422, resolve=form)


def _both(label) -> str:
    """A label in Italian and English, for the file (the PDF is read by both sides of the contract)."""
    texts = []
    for locale in ("it", "en"):
        with force_locale(locale):
            texts.append(str(label))
    return texts[0] if texts[0] == texts[1] else " / ".join(texts)


def _both_day(day: date, pattern: str = "EEEE d MMMM y") -> str:
    texts = []
    for locale in ("it", "en"):
        with force_locale(locale):
            texts.append(format_day(day, pattern))
    return " / ".join(texts)


@bp.get(FORM_URL + "/pdf")
@roles_required(*services.EVERYONE)
def monthly_pdf(student_id: int, service: str, year: int, month: int):
    found = _found(student_id, service, year, month)
    if found.status != "locked":
        abort(404)
    content = render_pdf("tutoring/pdf/monthly_form.html", found=found, both=_both, both_day=_both_day, labels=labels, hours=rules.hours_text,
                         institution=current_app.config.get("PORTAL_INSTITUTION_NAME", ""))
    name = f"form-{found.service}-{found.month:%Y-%m}-{found.student.user.full_name}"
    return pdf_response(content, name)
