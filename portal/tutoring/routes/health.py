"""Health data: only the Special Needs unit; anyone else gets a 404. Every opening is audited."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.core.forms import form_status, submitted_and_done
from portal.core.uploads import send_stored
from portal.tutoring import bp, services
from portal.tutoring.forms import DiagnosisForm, DocumentForm


def _unit_student(student_id: int):
    if not current_user.has_role(services.UNIT):
        abort(404)
    return services.student_for(current_user, student_id)


def _health_page(student, diagnosis: DiagnosisForm, document: DocumentForm, status: int = 200):
    diagnoses, documents = services.open_health(current_user, student)
    return render_template("tutoring/health.html", student=student, diagnoses=diagnoses, documents=documents,
                           diagnosis_form=diagnosis, document_form=document), status


@bp.get("/students/<int:student_id>/health")
def health(student_id: int):
    student = _unit_student(student_id)
    return _health_page(student, DiagnosisForm(formdata=None), DocumentForm(formdata=None))


@bp.post("/students/<int:student_id>/health/diagnoses")
def diagnosis_add(student_id: int):
    student = _unit_student(student_id)
    form = DiagnosisForm()
    if submitted_and_done(form, lambda: services.add_diagnosis(current_user, student, form.text.data or "")):
        flash(_l("Diagnosis recorded."), "success")
        return redirect(url_for("tutoring.health", student_id=student.id), code=303)
    return _health_page(student, form, DocumentForm(formdata=None), form_status(form))


@bp.post("/students/<int:student_id>/health/documents")
def document_add(student_id: int):
    student = _unit_student(student_id)
    form = DocumentForm()
    if submitted_and_done(form, lambda: services.add_document(current_user, student, form.title.data or "",
                                                              request.files.get("document"))):
        flash(_l("Document kept."), "success")
        return redirect(url_for("tutoring.health", student_id=student.id), code=303)
    return _health_page(student, DiagnosisForm(formdata=None), form, form_status(form))


@bp.get("/students/<int:student_id>/health/documents/<int:document_id>")
def document(student_id: int, document_id: int):
    student = _unit_student(student_id)
    return send_stored(services.open_document(current_user, student, document_id))
