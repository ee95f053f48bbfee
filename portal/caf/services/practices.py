"""Practices: the student's side (the data collection form, the documents, the submission)."""

from __future__ import annotations

import secrets
import tempfile
import zipfile
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from portal.auth.models import User
from portal.caf import rules
from portal.caf.models import OPEN_STATUSES, Building, Document, Income, Member, Movable, Office, Practice, Student
from portal.caf.services._common import _cfg, _event, _owns, is_operator, is_university, rule_set, student_of
from portal.caf.services.offices import active_offices
from portal.caf.services.reference import consular_certificate_only
from portal.caf.services.students import _freeze_identifiers, sync_from_account
from portal.core import audit, mail, uploads
from portal.core.calendar import to_rome, today_in_rome
from portal.core.rules import RuleViolation
from portal.core.types import utcnow
from portal.extensions import db

# -- practices: the student's side -------------------------------------------------------------------------

EDITABLE_BY_STUDENT = ("draft", "waiting_student")
EDITABLE_BY_CAF = ("draft", "submitted", "waiting_student", "in_review", "awaiting_originals")


def practices_of(student: Student | None) -> list[Practice]:
    if student is None:
        return []
    return list(db.session.scalars(select(Practice).where(Practice.student_id == student.id)
                                   .order_by(Practice.created_at.desc())))


def practice_for(user: User, practice_id: int) -> Practice | None:
    """A practice the user may see: their own, or any for the CAF and the university."""
    practice = db.session.get(Practice, practice_id)
    if practice is None:
        return None
    if is_operator(user) or is_university(user):
        return practice
    student = student_of(user)
    return practice if student is not None and practice.student_id == student.id else None


def can_edit(user: User, practice: Practice) -> bool:
    if is_operator(user):
        return practice.status in EDITABLE_BY_CAF
    student = student_of(user)
    return (student is not None and practice.student_id == student.id and practice.channel == "remote"
            and practice.status in EDITABLE_BY_STUDENT)


def _check_editable(actor: User, practice: Practice) -> None:
    if not can_edit(actor, practice):
        raise RuleViolation(_l("This practice cannot be changed now."))


def start_remote_practice(actor: User, student: Student) -> Practice:
    """A draft of the data collection form; one open remote practice per student and year."""
    if student.kind != "abroad":
        raise RuleViolation(_l("Students already in Italy bring their documents to an intake appointment."))
    year = today_in_rome().year
    existing = db.session.scalar(select(Practice).where(Practice.student_id == student.id,
                                                        Practice.rule_year == year))
    if existing is not None:
        return existing
    rule_set(year)  # a year without rules cannot start
    practice = Practice(student_id=student.id, channel="remote", rule_year=year, status="draft")
    db.session.add(practice)
    db.session.flush()
    db.session.add(Member(practice_id=practice.id, position=0, full_name=actor.full_name,
                          relationship_to_student="student", birth_date=None))  # the form's first question
    _event(actor, practice, "created")
    db.session.flush()
    return practice


def open_in_person(actor: User, student: Student, office: Office | None) -> Practice:
    """The operator opens the practice of a student who came with the originals."""
    year = today_in_rome().year
    rule_set(year)
    practice = Practice(student_id=student.id, channel="in_person", rule_year=year, status="in_review",
                        office_id=getattr(office, "id", None), assigned_to_id=actor.id, first_submitted_at=utcnow(),
                        number=f"new-{secrets.token_hex(6)}")
    db.session.add(practice)
    db.session.flush()  # the number is made of the id
    practice.number = practice_number(practice)
    sync_from_account(student)
    _freeze_identifiers(practice)
    db.session.add(Member(practice_id=practice.id, position=0, full_name=student.user.full_name,
                          relationship_to_student="student", birth_date=None))
    _event(actor, practice, "opened_in_person")
    db.session.flush()
    return practice


def practice_number(practice: Practice) -> str:
    return f"{practice.rule_year}-{practice.id:06d}"


def save_member(actor: User, practice: Practice, member: Member | None, values: dict) -> Member:
    _check_editable(actor, practice)
    if values["birth_date"] > today_in_rome():
        raise RuleViolation(_l("The birth date cannot be in the future."), field="birth_date")
    if member is None:
        if values["relationship_to_student"] == "student":
            raise RuleViolation(_l("The student is already the first member."), field="relationship_to_student")
        member = Member(practice_id=practice.id, position=len(practice.members))
        practice.members.append(member)
    elif member.relationship_to_student == "student":
        values = {**values, "relationship_to_student": "student"}
    for name in ("full_name", "relationship_to_student", "birth_date", "disabled"):
        setattr(member, name, values[name])
    _event(actor, practice, "member_saved", member.full_name)
    db.session.flush()
    return member


def member_of(practice: Practice, member_id: int | None) -> Member | None:
    return next((member for member in practice.members if member.id == member_id), None)


LINES = {"income": Income, "building": Building, "movable": Movable}


def add_line(actor: User, practice: Practice, kind: str, values: dict):
    """An income, a building or a movable asset of a member."""
    _check_editable(actor, practice)
    if member_of(practice, values.get("member_id")) is None:
        raise RuleViolation(_l("Choose a member of the family."), field="member_id")
    if kind == "movable":
        income_year = practice.rule_year - 2
        if values["valued_on"].year != income_year:
            raise RuleViolation(_l("Movable assets are those of %(year)d (at 31 December).", year=income_year),
                                field="valued_on")
    line = LINES[kind](practice_id=practice.id, **values)
    db.session.add(line)
    _event(actor, practice, f"{kind}_added")
    db.session.flush()
    return line


def remove_line(actor: User, practice: Practice, kind: str, line_id: int) -> bool:
    _check_editable(actor, practice)
    model = LINES.get(kind)
    line = (db.session.scalar(select(model).where(model.id == line_id, model.practice_id == practice.id))
            if model else None)
    if line is None:
        return False
    db.session.delete(line)
    _event(actor, practice, f"{kind}_removed")
    db.session.flush()
    return True


def remove_member(actor: User, practice: Practice, member_id: int) -> bool:
    _check_editable(actor, practice)
    member = member_of(practice, member_id)
    if member is None or member.relationship_to_student == "student":
        return False
    practice.members.remove(member)
    _event(actor, practice, "member_removed", member.full_name)
    db.session.flush()
    return True


def save_conditions(actor: User, practice: Practice, values: dict) -> None:
    """The household's other figures and the independent-student conditions."""
    _check_editable(actor, practice)
    for name, value in values.items():
        setattr(practice, name, value)
    _event(actor, practice, "conditions_saved")
    db.session.flush()


def add_documents(actor: User, practice: Practice, kind: str, member_id: int | None,
                  files: list[FileStorage]) -> list[Document]:
    """One or more pages of a document of the checklist, checked by content and size."""
    if not can_edit(actor, practice) and not (practice.status in OPEN_STATUSES and _owns(actor, practice)):
        raise RuleViolation(_l("Documents cannot be added to this practice now."), field="files")
    if kind not in rules.DOCUMENT_KINDS:
        raise RuleViolation(_l("Choose which document this is."), field="kind")
    if member_id is not None and member_of(practice, member_id) is None:
        raise RuleViolation(_l("Choose a member of the family."), field="member_id")
    files = [upload for upload in files if upload and upload.filename]
    if not files:
        raise RuleViolation(_l("Choose at least one file."), field="files")
    documents = []
    for upload in files:
        document = Document(practice_id=practice.id, member_id=member_id, kind=kind, uploaded_by_id=actor.id)
        document.keep(uploads.store(upload, f"caf/{practice.id}"))
        db.session.add(document)
        documents.append(document)
    _event(actor, practice, "documents_added", f"{kind}: {len(documents)}")
    db.session.flush()
    return documents


def documents_of(practice: Practice) -> list[Document]:
    return list(db.session.scalars(select(Document).where(Document.practice_id == practice.id)
                                   .order_by(Document.kind, Document.member_id, Document.id)))


def document_for(user: User, document_id: int) -> Document | None:
    document = db.session.get(Document, document_id)
    if document is None or practice_for(user, document.practice_id) is None:
        return None
    return document


def scans_archive(actor: User, practice: Practice):
    """Every scan of a practice in one ZIP (for the university), built on disk so that memory stays flat; audited."""
    archive = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as zipped:
        for position, document in enumerate(documents_of(practice), start=1):
            try:
                path = uploads.path_of(document.stored_name)
            except FileNotFoundError:
                continue
            member = next((m.full_name for m in practice.members if m.id == document.member_id), "famiglia")
            name = uploads.download_name(document.original_name, document.content_type, longest=60)
            zipped.write(path, f"{position:02d}-{document.kind}-{_safe(member)}-{_safe(name)}")
    archive.seek(0)
    audit.record("caf.scans_downloaded", actor=actor, practice=practice.id)
    return archive


def _safe(name: str) -> str:
    return "".join(character if character.isalnum() or character in ".-_" else "_" for character in name)[:60]


def missing_documents(practice: Practice) -> list[tuple[str, Member | None]]:
    held = {(document.kind, str(document.member_id or "")) for document in documents_of(practice)}
    today = today_in_rome()
    needed = rules.required_documents([(str(member.id), member.relationship_to_student == "student",
                                        _age(member.birth_date, today) >= 18) for member in practice.members],
                                      consular_certificate_only(practice))
    by_key = {str(member.id): member for member in practice.members}
    return [(kind, by_key.get(key)) for kind, key in needed if (kind, key) not in held]


def _age(birth: date | None, on: date) -> int:
    """Years completed; a member whose birth date is not given yet counts as an adult (more documents, not fewer)."""
    if birth is None:
        return 99
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def members_without_birth_date(practice: Practice) -> list[Member]:
    return [member for member in practice.members if member.birth_date is None]


def _check_birth_dates(practice: Practice) -> None:
    missing = members_without_birth_date(practice)
    if missing:
        raise RuleViolation(_l("Enter the date of birth of %(name)s first.", name=missing[0].full_name))


def submit(actor: User, practice: Practice, declaration: bool) -> Practice:
    """Send the practice to the CAF: a number, the release date (first submission) and a bilingual receipt."""
    if not _owns(actor, practice) or practice.status not in EDITABLE_BY_STUDENT:
        raise RuleViolation(_l("This practice cannot be sent now."))
    if not declaration:
        raise RuleViolation(_l("Confirm that the data and documents are true and complete."), field="declaration")
    _check_birth_dates(practice)
    missing = missing_documents(practice)
    if missing:
        raise RuleViolation(_l("Some required documents are missing: %(count)d. Upload them first.",
                               count=len(missing)), field="declaration")
    first_time = practice.first_submitted_at is None
    practice.status = "submitted"
    practice.declaration_at = utcnow()
    if first_time:
        practice.first_submitted_at, practice.number = practice.declaration_at, practice_number(practice)
        sync_from_account(practice.student)
        _freeze_identifiers(practice)
    _event(actor, practice, "submitted" if first_time else "resubmitted")
    db.session.flush()
    if first_time:
        mail.enqueue(actor.email, actor.locale or "it", "caf_receipt", practice=practice, student=actor,
                     link=mail.link_to("caf.practice", practice_id=practice.id),
                     submitted=to_rome(practice.first_submitted_at).strftime("%d/%m/%Y %H:%M"),
                     contacts=_cfg("CONTACTS"), offices=active_offices())
    return practice
