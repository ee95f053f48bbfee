"""Health data, apart: diagnoses and medical documents, only for the Special Needs unit, every opening audited,
deleted some months after the contract ends."""

from __future__ import annotations

from datetime import date

from flask import abort
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from portal.core import audit
from portal.core.rules import RuleViolation
from portal.core.uploads import path_of, store
from portal.extensions import db
from portal.tutoring import rules
from portal.tutoring.models import Diagnosis, MedicalDocument, TutoredStudent
from portal.tutoring.services._common import UNIT

DIAGNOSIS_MAX = 4000


def _unit_only(user) -> None:
    """Anyone but the unit gets a 404: not even the existence of health data is told."""
    if not user.has_role(UNIT):
        abort(404)


def open_health(user, student: TutoredStudent) -> tuple[list[Diagnosis], list[MedicalDocument]]:
    """The unit opens a student's health data: audited."""
    _unit_only(user)
    diagnoses = list(db.session.scalars(select(Diagnosis).where(Diagnosis.student_id == student.id)
                                        .order_by(Diagnosis.recorded_at.desc())))
    documents = list(db.session.scalars(select(MedicalDocument).where(MedicalDocument.student_id == student.id)
                                        .order_by(MedicalDocument.uploaded_at.desc())))
    audit.record("tutoring.health_opened", user=student.user, actor=user, student=student.id)
    return diagnoses, documents


def add_diagnosis(user, student: TutoredStudent, text: str) -> Diagnosis:
    _unit_only(user)
    if not text.strip():
        raise RuleViolation(_l("Write the diagnosis."), field="text")
    diagnosis = Diagnosis(student_id=student.id, text=text.strip(), recorded_by_id=user.id)
    db.session.add(diagnosis)
    audit.record("tutoring.diagnosis_added", user=student.user, actor=user, student=student.id)
    db.session.flush()
    return diagnosis


def add_document(user, student: TutoredStudent, title: str, upload) -> MedicalDocument:
    _unit_only(user)
    if not title.strip():
        raise RuleViolation(_l("Give the document a title."), field="title")
    if upload is None or not upload.filename:
        raise RuleViolation(_l("Choose a file."), field="document")
    stored = store(upload, "tutoring-health")
    document = MedicalDocument(student_id=student.id, title=title.strip(), uploaded_by_id=user.id)
    document.keep(stored)
    db.session.add(document)
    audit.record("tutoring.document_added", user=student.user, actor=user, student=student.id)
    db.session.flush()
    return document


def open_document(user, student: TutoredStudent, document_id: int) -> MedicalDocument:
    _unit_only(user)
    document = db.session.get(MedicalDocument, document_id)
    if document is None or document.student_id != student.id:
        abort(404)
    audit.record("tutoring.document_opened", user=student.user, actor=user, document=document.id)
    return document


def purge(contract_end: date, months: int, today: date) -> int | None:
    """Delete every diagnosis and medical document (rows and files) once the day has come; None before it."""
    if today < rules.health_purge_day(contract_end, months):
        return None
    names = list(db.session.scalars(select(MedicalDocument.stored_name)))
    count = len(names) + (db.session.scalar(select(db.func.count(Diagnosis.id))) or 0)
    db.session.execute(delete(MedicalDocument))
    db.session.execute(delete(Diagnosis))
    audit.record("tutoring.health_purged", removed=count)
    db.session.flush()
    for name in names:
        try:
            path_of(name).unlink(missing_ok=True)
        except FileNotFoundError:
            pass
    return count
