"""CAF use cases: each adds to the current transaction and only flushes."""

from __future__ import annotations

import json
import secrets
from email.utils import parseaddr
from urllib.parse import urlparse
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, joinedload, selectinload
from werkzeug.datastructures import FileStorage

from portal.auth.models import User, UserRole
from portal.caf import rules
from portal.caf.models import (
    OPEN_STATUSES,
    Appointment,
    Building,
    Document,
    Duty,
    Event,
    ExchangeRate,
    Income,
    Member,
    Message,
    Movable,
    Office,
    OfficeClosure,
    OfficeHours,
    PoorCountry,
    Practice,
    Report,
    Slot,
    Student,
    Transmission,
)
from portal.core import audit, csvio, mail, uploads
from portal.core.calendar import month_bounds, month_range_utc, rome_wall_clock_to_utc, to_rome, today_in_rome
from portal.core.countries import country_name, is_country
from portal.core.ics import CalendarEvent, invitation
from portal.core.ids import is_codice_persona, is_matricola
from portal.core.money import csv_amount
from portal.core.rows import insert_missing, update_if
from portal.core.rules import RuleViolation
from portal.core.types import utcnow
from portal.extensions import db

CAF_ROLES = ("operatore_caf",)
UNIVERSITY_ROLES = ("amministratore", "dec")


def _cfg(name: str):
    return current_app.config[f"PORTAL_CAF_{name}"]


def rule_set(year: int) -> rules.RuleSet:
    return rules.rule_set(year, deductions=_cfg("DEDUCTIONS"),
                          independent_income=Decimal(_cfg("INDEPENDENT_INCOME_EUR")),
                          independent_income_each_year=_cfg("INDEPENDENT_INCOME_EACH_YEAR"))


def contacts() -> str:
    return _cfg("CONTACTS")


def change_hours_before() -> int:
    return _cfg("CHANGE_HOURS_BEFORE")


def now() -> datetime:
    return utcnow()


def is_operator(user: User) -> bool:
    return user.has_role(*CAF_ROLES)


def is_university(user: User) -> bool:
    return user.has_role(*UNIVERSITY_ROLES)


def _event(actor: User | None, practice: Practice, kind: str, detail: str = "") -> None:
    db.session.add(Event(practice_id=practice.id, actor_id=getattr(actor, "id", None), kind=kind, detail=detail[:500]))


# -- students ----------------------------------------------------------------------------------------------


def student_of(user: User) -> Student | None:
    return db.session.scalar(select(Student).where(Student.user_id == user.id))


def _check_identifier_format(codice_persona: str, matricola: str) -> None:
    if not codice_persona and not matricola:
        raise RuleViolation(_l("Enter your codice persona or your matricola."), field="codice_persona")
    if codice_persona and not is_codice_persona(codice_persona):
        raise RuleViolation(_l("The codice persona has exactly 8 digits."), field="codice_persona")
    if matricola and not is_matricola(matricola):
        raise RuleViolation(_l("The matricola has exactly 6 digits."), field="matricola")


def _identifier_owner(field: str, value: str, student: Student | None, user: User) -> bool:
    """Whether another account was given this identifier, or another student is linked to it."""
    column_user, column_student = getattr(User, field), getattr(Student, field)
    if db.session.scalar(select(User.id).where(column_user == value, User.id != user.id)):
        return True
    return bool(db.session.scalar(select(Student.id).where(column_student == value,
                                                           Student.id != getattr(student, "id", None))))


def account_identifiers(user: User) -> tuple[str | None, str | None]:
    """The codice persona and matricola the university provisioned on the account (admin page or CSV import)."""
    return user.codice_persona or None, user.matricola or None


def sync_from_account(student: Student) -> None:
    """Link the student to the identifiers of their account, when it has any.

    An identifier the account was given wins over a link an operator made to another student whose account does
    not have it: that link becomes the other student's claim again (their practices keep their frozen copy).
    """
    account = account_identifiers(student.user)
    if not any(account) or (student.codice_persona, student.matricola) == account:
        return
    for field, value in zip(("codice_persona", "matricola"), account):
        if value is None:
            continue
        holder = db.session.scalar(select(Student).where(getattr(Student, field) == value, Student.id != student.id))
        if holder is not None and getattr(holder.user, field) != value:
            setattr(holder, field, None)
            setattr(holder, f"claimed_{field}", value)
            audit.record("caf.identifiers_unlinked", user=holder.user, **{field: value})
            db.session.flush()  # free the unique value before it is linked here
    old = (student.codice_persona, student.matricola)
    student.codice_persona, student.matricola = account
    student.claimed_codice_persona = student.claimed_matricola = None
    if student.id is not None:
        audit.record("caf.identifiers_from_account", user=student.user, old_codice_persona=old[0],
                     new_codice_persona=account[0], old_matricola=old[1], new_matricola=account[1])


def save_student(actor: User, codice_persona: str, matricola: str, kind: str, country: str, phone: str) -> Student:
    """The signed-in student's details for the CAF.

    Identifiers cannot be claimed: those of the account the university provisioned are the student's, and one that
    differs is refused; on an account without any, what the student enters is a claim that an operator links after
    checking it; once linked, it is not the student's to change.
    """
    codice_persona, matricola = codice_persona.strip(), matricola.strip()
    country = country.strip().upper()
    if country and not is_country(country):
        raise RuleViolation(_l("Choose a country from the list."), field="country")
    actor = db.session.get(User, actor.id)  # the row, with the identifiers the university gave it
    student = student_of(actor)
    account = account_identifiers(actor)
    linked = (student.codice_persona, student.matricola) if student is not None else (None, None)
    fixed = account if any(account) else linked
    if any(fixed):
        for field, value, own in (("codice_persona", codice_persona, fixed[0]), ("matricola", matricola, fixed[1])):
            if value and value != own:
                message = (_l("This is not the identifier the university gave your account: if yours is wrong, "
                              "write to the help desk.") if any(account) else
                           _l("The CAF linked your identifiers after checking them: write to the CAF to change "
                              "them."))
                raise RuleViolation(message, field=field)
    else:
        _check_identifier_format(codice_persona, matricola)
        for field, value in (("codice_persona", codice_persona), ("matricola", matricola)):
            if value and _identifier_owner(field, value, student, actor):
                raise RuleViolation(_l("This identifier is already linked to another account: write to the CAF."),
                                    field=field)
    student = student or Student(user_id=actor.id, user=actor)
    if any(account):
        sync_from_account(student)
    elif not any(linked):
        student.claimed_codice_persona, student.claimed_matricola = codice_persona or None, matricola or None
    student.kind, student.country, student.phone = kind, country, phone.strip()
    db.session.add(student)
    db.session.flush()
    audit.record("caf.student_saved", user=actor, actor=actor, kind=kind)
    return student


def identifiers_pending(student: Student) -> bool:
    """The student has no identifier linked yet: an operator must check and link the one they gave."""
    return not student.codice_persona and not student.matricola


def _freeze_identifiers(practice: Practice) -> None:
    """The practice keeps the identifiers it was first sent with (none yet: an operator links them)."""
    if practice.codice_persona is None and practice.matricola is None:
        practice.codice_persona, practice.matricola = practice.student.codice_persona, practice.student.matricola


def link_identifiers(actor: User, practice: Practice, codice_persona: str, matricola: str, checked: bool) -> Student:
    """An operator links the identifiers of a student whose account has none, after checking them; audited with
    the old and the new values. Frozen once the practice has an outcome."""
    practice = _lock(practice)
    student = practice.student
    if any(account_identifiers(student.user)):
        raise RuleViolation(_l("This student's identifiers come from the account the university provisioned: the "
                               "university corrects them there."))
    if db.session.scalar(select(Report.id).where(Report.practice_id == practice.id).limit(1)):
        raise RuleViolation(_l("An outcome was decided with these identifiers: they can no longer change."))
    codice_persona, matricola = codice_persona.strip(), matricola.strip()
    _check_identifier_format(codice_persona, matricola)
    for field, value in (("codice_persona", codice_persona), ("matricola", matricola)):
        if value and _identifier_owner(field, value, student, student.user):
            raise RuleViolation(_l("This identifier belongs to another account or student."), field=field)
    if not checked:
        raise RuleViolation(_l("Confirm that you checked the identifiers against the university's documents."),
                            field="checked")
    old = (practice.codice_persona, practice.matricola)
    new = (codice_persona or None, matricola or None)
    student.codice_persona, student.matricola = new
    student.claimed_codice_persona = student.claimed_matricola = None
    practice.codice_persona, practice.matricola = new
    audit.record("caf.identifiers_linked", user=student.user, actor=actor, practice=practice.number,
                 old_codice_persona=old[0], new_codice_persona=new[0], old_matricola=old[1], new_matricola=new[1])
    _event(actor, practice, "identifiers_linked", f"codice persona {old[0] or '—'} → {new[0] or '—'}, "
                                                  f"matricola {old[1] or '—'} → {new[1] or '—'}")
    db.session.flush()
    return student


# -- exchange rates ----------------------------------------------------------------------------------------


def rates_for(year: int) -> dict[str, Decimal]:
    return {row.currency: row.rate for row in db.session.scalars(select(ExchangeRate).where(ExchangeRate.year == year))}


def rates_table() -> list[ExchangeRate]:
    return list(db.session.scalars(select(ExchangeRate).order_by(ExchangeRate.year.desc(), ExchangeRate.currency)))


def save_rate(actor: User, year: int, currency: str, rate: Decimal) -> ExchangeRate:
    currency = currency.strip().upper()
    if len(currency) != 3 or not currency.isalpha() or currency == "EUR":
        raise RuleViolation(_l("Enter the three-letter code of a currency other than the euro (e.g. USD)."),
                            field="currency")
    if rate is None or rate <= 0:
        raise RuleViolation(_l("The rate is the units of the currency for one euro, greater than zero."), field="rate")
    row = db.session.get(ExchangeRate, (year, currency)) or ExchangeRate(year=year, currency=currency)
    row.rate, row.entered_by_id, row.entered_at = rate, actor.id, utcnow()
    db.session.add(row)
    db.session.flush()
    audit.record("caf.rate_saved", actor=actor, year=year, currency=currency, rate=str(rate))
    return row


# -- the "particularly poor countries" decree ---------------------------------------------------------------


def poor_countries(year: int) -> set[str]:
    return set(db.session.scalars(select(PoorCountry.country).where(PoorCountry.year == year)))


def poor_countries_table(year: int) -> list[tuple[str, str]]:
    """(code, name in the reader's language) of the year's list, by name."""
    return sorted(((code, country_name(code)) for code in poor_countries(year)), key=lambda item: item[1])


def poor_country_years() -> list[int]:
    return list(db.session.scalars(select(PoorCountry.year).distinct().order_by(PoorCountry.year.desc())))


def add_poor_country(actor: User, year: int, country: str) -> PoorCountry | None:
    """Add a country of the decree to the list of the requests of `year`; None when it is there already."""
    country = country.strip().upper()
    if not is_country(country):
        raise RuleViolation(_l("Choose a country from the list."), field="country")
    if db.session.get(PoorCountry, (year, country)) is not None:
        return None
    row = PoorCountry(year=year, country=country, entered_by_id=actor.id)
    db.session.add(row)
    db.session.flush()
    audit.record("caf.poor_country_added", actor=actor, year=year, country=country)
    return row


def remove_poor_country(actor: User, year: int, country: str) -> bool:
    row = db.session.get(PoorCountry, (year, country))
    if row is None:
        return False
    db.session.delete(row)
    db.session.flush()
    audit.record("caf.poor_country_removed", actor=actor, year=year, country=country)
    return True


def copy_poor_countries(actor: User, source_year: int, year: int) -> int:
    """Start a year's list from another year's (the decree changes little); the countries added."""
    if source_year == year:
        raise RuleViolation(_l("Choose another year to copy from."), field="source_year")
    source = poor_countries(source_year)
    if not source:
        raise RuleViolation(_l("The list of %(year)d is empty: there is nothing to copy.", year=source_year),
                            field="source_year")
    added = sorted(source - poor_countries(year))
    db.session.add_all(PoorCountry(year=year, country=country, entered_by_id=actor.id) for country in added)
    db.session.flush()
    audit.record("caf.poor_countries_copied", actor=actor, year=year, source_year=source_year, added=len(added))
    return len(added)


def consular_certificate_only(practice: Practice) -> bool:
    """Whether the practice needs only the consular certificate: as decided once decided, otherwise by the family's
    country and the list of the practice's year as it is now."""
    if practice.case is not None:
        return practice.consular_certificate
    return rules.consular_certificate_only(practice.student.country, poor_countries(practice.rule_year))


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
    line = db.session.scalar(select(model).where(model.id == line_id, model.practice_id == practice.id)) if model else None
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


def _owns(user: User, practice: Practice) -> bool:
    student = student_of(user)
    return student is not None and practice.student_id == student.id


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
    import tempfile
    import zipfile

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


# -- dialogue --------------------------------------------------------------------------------------------


def messages_of(practice: Practice) -> list[Message]:
    return list(db.session.scalars(select(Message).where(Message.practice_id == practice.id)
                                   .options(joinedload(Message.author)).order_by(Message.created_at, Message.id)))


def send_message(actor: User, practice: Practice, body: str) -> Message:
    body = body.strip()
    if not body:
        raise RuleViolation(_l("Write a message."), field="body")
    from_caf = is_operator(actor)
    if not from_caf and not _owns(actor, practice):
        raise RuleViolation(_l("You cannot write on this practice."), field="body")
    message = Message(practice_id=practice.id, author_id=actor.id, from_caf=from_caf, body=body)
    db.session.add(message)
    _event(actor, practice, "message")
    db.session.flush()
    if from_caf:
        _mail_student(practice, "caf_message", message=message)
    return message


def ask_student(actor: User, practice: Practice, body: str) -> Message:
    """What is missing and how to fix it: the practice waits for the student."""
    if practice.status not in OPEN_STATUSES:
        raise RuleViolation(_l("Only an open practice can wait for the student."))
    message = send_message(actor, practice, body)
    practice.status = "waiting_student"
    _event(actor, practice, "asked_student")
    db.session.flush()
    return message


def _mail_student(practice: Practice, template: str, **context) -> None:
    user = practice.student.user
    mail.enqueue(user.email, user.locale or "it", template, practice=practice, student=user,
                 link=mail.link_to("caf.practice", practice_id=practice.id), **context)


# -- the CAF's work: queue, check, outcome -------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilter:
    status: str = ""
    office_id: int | None = None
    waiting_student: bool = False
    older_than_days: int | None = None
    due_within_days: int | None = None  # open practices to answer within this many days; -1: overdue
    q: str = ""


CAF_TURN = ("submitted", "in_review")  # the practice waits for the CAF, not for the student


def answer_due(practice: Practice) -> date | None:
    """When the CAF answers the practice by; None when it is not the CAF's turn (drafts, waiting, decided)."""
    if practice.status not in CAF_TURN or practice.first_submitted_at is None:
        return None
    return rules.answer_due(to_rome(practice.first_submitted_at).date(), _cfg("ANSWER_DAYS"))


def _submitted_before_end_of(day: date) -> datetime:
    return rome_wall_clock_to_utc(day + timedelta(days=1), 0)


def queue(filters: QueueFilter, limit: int = 200) -> list[Practice]:
    query = (select(Practice).where(Practice.status != "draft").join(Practice.student).join(Student.user)
             .options(joinedload(Practice.student).joinedload(Student.user)))
    if filters.status:
        query = query.where(Practice.status == filters.status)
    if filters.waiting_student:
        query = query.where(Practice.status == "waiting_student")
    if filters.office_id:
        query = query.where(Practice.office_id == filters.office_id)
    if filters.older_than_days:
        query = query.where(Practice.first_submitted_at <= utcnow() - timedelta(days=filters.older_than_days))
    if filters.due_within_days is not None:
        today = today_in_rome()
        due_by = today - timedelta(days=1) if filters.due_within_days < 0 else today + timedelta(
            days=filters.due_within_days)
        last_day = rules.last_submission_due_by(due_by, _cfg("ANSWER_DAYS"))
        query = query.where(Practice.status.in_(CAF_TURN),
                            Practice.first_submitted_at < _submitted_before_end_of(last_day))
    if filters.q:
        like = f"%{filters.q.strip().lower()}%"
        query = query.where(or_(func.lower(User.full_name).like(like), Practice.number.like(like),
                                Student.codice_persona.like(like), Student.matricola.like(like)))
    order = (Practice.status.in_(("concluded",)), Practice.first_submitted_at)
    return list(db.session.scalars(query.order_by(*order).limit(limit)))


def queue_counts() -> dict[str, int]:
    return dict(db.session.execute(select(Practice.status, func.count()).group_by(Practice.status)).all())


def take(actor: User, practice: Practice) -> None:
    if practice.status not in ("submitted", "waiting_student"):
        raise RuleViolation(_l("This practice is not waiting for the CAF."))
    practice.status, practice.assigned_to_id = "in_review", actor.id
    _event(actor, practice, "in_review")
    db.session.flush()


def household_of(practice: Practice, rule_set_: rules.RuleSet) -> rules.Household:
    """The practice's figures as the calculation wants them (the student alone when independent)."""
    members = list(practice.members)
    student = next(member for member in members if member.relationship_to_student == "student")
    if independent(practice, rule_set_):
        members = [student]
    ids = {member.id for member in members}
    today = today_in_rome()
    parents = [m for m in members if m.relationship_to_student == "parent"]
    children = [m for m in members if m.relationship_to_student in (("student", "sibling") if parents else ("child",))]
    return rules.Household(
        members=len(members),
        incomes=tuple(rules.Amount(line.amount, line.currency, line.member.full_name)
                      for line in practice.incomes if line.member_id in ids),
        italian_income=Decimal(practice.italian_income_cents) / 100,
        building_square_metres=tuple(line.square_metres for line in practice.buildings
                                     if line.member_id in ids and not line.is_land),
        movables=tuple(rules.Amount(line.amount, line.currency, line.description or line.member.full_name)
                       for line in practice.movables if line.member_id in ids),
        children=len(children),
        minor_children=any(_age(m.birth_date, today) < 18 for m in children),
        child_under_3=any(_age(m.birth_date, today) < 3 for m in children),
        both_parents_worked=practice.both_parents_worked and len(parents) >= 2,
        disabled_members=sum(1 for m in members if m.disabled),
        rent_paid=Decimal(practice.rent_paid_cents) / 100,
    )


def independent(practice: Practice, rule_set_: rules.RuleSet) -> bool:
    return rules.is_independent_student(
        rule_set_, practice.years_away, practice.family_owns_dwelling,
        (Decimal(practice.own_income_last_year_cents) / 100, Decimal(practice.own_income_year_before_cents) / 100))


def preview(practice: Practice) -> rules.Result:
    """The calculation with today's figures and rates (nothing stored)."""
    rule_set_ = rule_set(practice.rule_year)
    return rules.calculate(rule_set_, household_of(practice, rule_set_), rates_for(rule_set_.income_year))


def _lock(practice: Practice) -> Practice:
    return db.session.get(Practice, practice.id, with_for_update=True, populate_existing=True)


def decide(actor: User, practice: Practice, findings: set[str]) -> Report:
    """The operator's outcome from the checklist: the case, the state for the university, the figures."""
    practice = _lock(practice)
    if practice.status not in ("in_review", "submitted"):
        raise RuleViolation(_l("Take the practice in review before deciding its outcome."))
    if not any(member.relationship_to_student == "student" for member in practice.members):
        raise RuleViolation(_l("The practice has no student member."))
    _check_birth_dates(practice)
    _freeze_identifiers(practice)
    if practice.codice_persona is None and practice.matricola is None:
        raise RuleViolation(_l("Link the student's codice persona or matricola first: the university identifies the "
                               "outcome by them."))
    consular = consular_certificate_only(practice)
    case = rules.case_of(findings)
    outcome = rules.outcome(practice.channel, case, consular)
    result = preview(practice) if outcome.computed else None
    practice.findings = ",".join(sorted(findings))
    practice.case, practice.consular_certificate = case, consular
    _store_result(practice, outcome, result)
    practice.status = "awaiting_originals" if outcome.needs_originals else "concluded"
    practice.concluded_at = None if outcome.needs_originals else utcnow()
    report = _report(actor, practice)
    _event(actor, practice, "outcome", f"case {case}: {outcome.state}{' NUL' if outcome.nul else ''}")
    db.session.flush()
    _mail_student(practice, "caf_outcome", report=report, needs_originals=outcome.needs_originals,
                  send_by=send_by(report))
    return report


def confirm_originals(actor: User, practice: Practice, originals_match: bool) -> Report:
    """After the in-person check of the originals; when they differ the figures were corrected first."""
    practice = _lock(practice)
    outcome = rules.outcome_after_originals(practice.university_state or "", originals_match,
                                            practice.consular_certificate)
    result = preview(practice) if outcome.computed else None
    _store_result(practice, outcome, result)
    practice.status, practice.concluded_at = "concluded", utcnow()
    report = _report(actor, practice)
    _event(actor, practice, "originals_checked", outcome.state)
    db.session.flush()
    _mail_student(practice, "caf_outcome", report=report, needs_originals=False, send_by=send_by(report))
    return report


def _store_result(practice: Practice, outcome: rules.Outcome, result: rules.Result | None) -> None:
    practice.university_state, practice.nul, practice.anomaly = outcome.state, outcome.nul, outcome.anomaly
    practice.iseeu_cents = result.iseeu_cents if result else None
    practice.ispeu_cents = result.ispeu_cents if result else None
    practice.calculation = json.dumps(result.figures()) if result else ""


def _report(actor: User, practice: Practice) -> Report:
    """What the university receives, with a copy of the identifiers and figures it was decided for."""
    figures = calculation_of(practice) or {}
    report = Report(practice_id=practice.id, state=practice.university_state, nul=practice.nul,
                    anomaly=practice.anomaly, consular_certificate=practice.consular_certificate,
                    iseeu_cents=practice.iseeu_cents, ispeu_cents=practice.ispeu_cents,
                    release_date=release_date(practice), decided_by_id=actor.id,
                    codice_persona=practice.codice_persona, matricola=practice.matricola,
                    members=figures.get("members"), scale=Decimal(figures["scale"]) if "scale" in figures else None,
                    isr_cents=figures.get("isr_cents"), isp_cents=figures.get("isp_cents"),
                    ise_cents=figures.get("ise_cents"), findings=practice.findings)
    db.session.add(report)
    return report


def release_date(practice: Practice) -> date:
    """The date of the first submission for remote practices; the day of the decision in person."""
    moment = practice.first_submitted_at if practice.channel == "remote" else utcnow()
    return to_rome(moment or utcnow()).date()


def calculation_of(practice: Practice) -> dict | None:
    return json.loads(practice.calculation) if practice.calculation else None


def events_of(practice: Practice) -> list[Event]:
    return list(db.session.scalars(select(Event).where(Event.practice_id == practice.id)
                                   .options(joinedload(Event.actor)).order_by(Event.at, Event.id)))


def reports_of(practice: Practice) -> list[Report]:
    return list(db.session.scalars(select(Report).where(Report.practice_id == practice.id)
                                   .options(joinedload(Report.transmission)).order_by(Report.decided_at, Report.id)))


# -- the monthly transmission -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Draft:
    month: date
    reports: list[Report]
    rows: list[rules.FileRow]
    problems: list[rules.RowProblem]
    replacing_nul: list[str]  # practice numbers earlier sent as not processable, now confirmed


def _file_row(report: Report) -> rules.FileRow:
    """The row of an outcome: the identifiers and figures it was decided for, not the student's of today."""
    return rules.FileRow(report.practice.number or "", report.codice_persona or "", report.matricola or "",
                         report.state, report.iseeu_cents, report.ispeu_cents, report.release_date, report.anomaly,
                         report.nul, report.consular_certificate, student_key=report.practice.student_id,
                         members=report.members, scale=report.scale, isr_cents=report.isr_cents,
                         isp_cents=report.isp_cents, ise_cents=report.ise_cents,
                         nul_reasons=rules.nul_reasons(report.findings) if report.nul else ())


def draft_transmission(month_text: str) -> Draft:
    """What the file of a month would hold: every outcome decided up to its end and not sent yet."""
    bounds = month_bounds(month_text)
    if bounds is None:
        raise RuleViolation(_l("Enter a month as YYYY-MM, for example 2026-03."), field="month")
    _, end = month_range_utc(bounds[0])
    reports = list(db.session.scalars(
        select(Report).where(Report.transmission_id.is_(None), Report.decided_at < end)
        .options(joinedload(Report.practice).joinedload(Practice.student).joinedload(Student.user))
        .order_by(Report.decided_at, Report.id)))
    rows = [_file_row(report) for report in reports]
    problems = [problem for row in rows for problem in rules.row_problems(row)]
    sent_nul = set(db.session.scalars(select(Report.practice_id).where(Report.transmission_id.is_not(None),
                                                                       Report.nul.is_(True))))
    replacing = [report.practice.number for report in reports if not report.nul and report.practice_id in sent_nul]
    return Draft(bounds[0], reports, rows, problems, replacing)


def csv_of(rows: list[rules.FileRow], replacing: set[str]) -> str:
    columns = tuple(_cfg("TRANSMISSION_COLUMNS"))
    unknown = [name for name in columns if name not in TRANSMISSION_COLUMNS]
    if unknown or not columns:
        raise RuleViolation(_l("PORTAL_CAF_TRANSMISSION_COLUMNS names unknown columns: %(columns)s.",
                               columns=", ".join(unknown) or "-"))
    with force_locale("it"):  # the university reads the reasons in Italian, whoever writes the file
        return csvio.write_rows(columns, [[TRANSMISSION_COLUMNS[name](row, replacing) for name in columns]
                                          for row in rows], delimiter=";")


def _cents(value: int | None) -> str:
    return "" if value is None else csv_amount(value)


def _scale(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}".replace(".", ",")


TRANSMISSION_COLUMNS = {
    "codice_persona": lambda row, _: row.codice_persona,
    "matricola": lambda row, _: row.matricola,
    "stato": lambda row, _: row.state,
    # The elements of the calculation (Allegato A of the protocol of 3 June 2015), empty when nothing was computed.
    "componenti": lambda row, _: "" if row.members is None else str(row.members),
    "scala_equivalenza": lambda row, _: _scale(row.scale),
    "isr": lambda row, _: _cents(row.isr_cents),
    "isp": lambda row, _: _cents(row.isp_cents),
    "ise": lambda row, _: _cents(row.ise_cents),
    "iseeu": lambda row, _: _cents(row.iseeu_cents),
    "ispeu": lambda row, _: _cents(row.ispeu_cents),
    "data_rilascio": lambda row, _: row.release_date.strftime("%d/%m/%Y"),
    "difformita": lambda row, _: "S" if row.anomaly else "N",
    "nul": lambda row, _: rules.NUL if row.nul else "",
    # Why a NUL row could not be computed: the checklist's codes, and their Italian text.
    "motivi_nul": lambda row, _: "|".join(row.nul_reasons),
    "motivi_nul_testo": lambda row, _: " | ".join(str(rules.NUL_FINDINGS[code]) for code in row.nul_reasons),
    "pratica": lambda row, _: row.practice_number,
    "sostituisce_nul": lambda row, replacing: "S" if row.practice_number in replacing else "N",
    "certificato_consolare": lambda row, _: "S" if row.consular_certificate else "N",
}


def transmit(actor: User | None, month_text: str) -> Transmission | None:
    """Write the month's file once the university's checks pass; each outcome goes in exactly one file.

    Refused as a whole (nothing written) when a row would make the university reject it. None: nothing to send.
    """
    draft = draft_transmission(month_text)
    if not draft.reports:
        return None
    reports = list(db.session.scalars(select(Report).where(Report.id.in_([r.id for r in draft.reports]))
                                      .with_for_update().execution_options(populate_existing=True)))
    if any(report.transmission_id is not None for report in reports):
        raise RuleViolation(_l("Another transmission took some of these outcomes: open the page again."))
    rows = rules.file_rows(draft.rows)  # raises FileRefused with every failing practice
    content = csv_of(rows, set(draft.replacing_nul))
    transmission = Transmission(month=draft.month, created_by_id=getattr(actor, "id", None), rows=len(rows),
                                content=content)
    db.session.add(transmission)
    db.session.flush()
    sent_on = today_in_rome()
    latest: dict[int, Report] = {}
    for report in draft.reports:
        report.transmission_id = transmission.id
        _event(actor, report.practice, "sent_to_university", report.state)
        latest[report.practice_id] = report
    for report in latest.values():  # in each of the three cases, DA CONFERMARE too: the date it went
        _mail_student(report.practice, "caf_sent", sent_on=sent_on, report=report,
                      needs_originals=report.state in rules.AWAITING_ORIGINALS)
    audit.record("caf.transmitted", actor=actor, month=draft.month.isoformat(), rows=len(rows),
                 transmission=transmission.id)
    db.session.flush()
    return transmission


def previous_month_text(today: date | None = None) -> str:
    """The month a file is normally made for: the one before today's."""
    first = (today or today_in_rome()).replace(day=1) - timedelta(days=1)
    return first.strftime("%Y-%m")


def transmission_for(transmission_id: int) -> Transmission | None:
    return db.session.get(Transmission, transmission_id)


def transmissions() -> list[Transmission]:
    return list(db.session.scalars(select(Transmission).order_by(Transmission.created_at.desc()).limit(60)))


# -- deadlines: the monthly file by the 5th, the double-counting check before the year's last invoice ----------


def file_deadline(month_first: date) -> rules.Deadline:
    return rules.file_deadline(month_first, _cfg("TRANSMISSION_DUE_DAY"), _cfg("TRANSMISSION_REMIND_DAYS"))


def send_by(report: Report) -> date:
    """When the outcome reaches the university at the latest: with the file of the month it was decided in."""
    return file_deadline(to_rome(report.decided_at or utcnow()).date().replace(day=1)).due_on


@dataclass(frozen=True)
class DueFile:
    deadline: rules.Deadline
    pending: int  # outcomes of the month not sent yet
    overdue: bool

    @property
    def month_text(self) -> str:
        return self.deadline.period.strftime("%Y-%m")


def due_files(today: date | None = None) -> list[DueFile]:
    """The monthly files still owed: every month before this one with outcomes decided and not sent, oldest first."""
    today = today or today_in_rome()
    start, _ = month_range_utc(today.replace(day=1))
    months: dict[date, int] = {}
    for decided_at in db.session.scalars(select(Report.decided_at).where(Report.transmission_id.is_(None),
                                                                         Report.decided_at < start)):
        month = to_rome(decided_at).date().replace(day=1)
        months[month] = months.get(month, 0) + 1
    return [DueFile(deadline, count, today > deadline.due_on)
            for deadline, count in ((file_deadline(month), count) for month, count in sorted(months.items()))]


def double_count_deadline(year: int) -> rules.Deadline:
    return rules.double_count_deadline(year, _cfg("DOUBLE_COUNT_CHECK_BY"), _cfg("DOUBLE_COUNT_REMIND_DAYS"))


def _duty(kind: str, period: date) -> Duty | None:
    return db.session.get(Duty, (kind, period))


def _locked_duty(kind: str, period: date) -> Duty:
    insert_missing(Duty, [{"kind": kind, "period": period}], ["kind", "period"])
    return db.session.get(Duty, (kind, period), with_for_update=True, populate_existing=True)


def double_count_check(year: int) -> Duty | None:
    """Whether (and when, by whom) an operator said the year's double-counting check is done."""
    duty = _duty("double_count", date(year, 1, 1))
    return duty if duty is not None and duty.done_at is not None else None


def double_count_due(today: date | None = None) -> rules.Deadline | None:
    """The year's check once its reminder date has come and until an operator says it is done."""
    today = today or today_in_rome()
    deadline = double_count_deadline(today.year)
    if today < deadline.remind_from or double_count_check(today.year) is not None:
        return None
    return deadline


@dataclass(frozen=True)
class DoubleCountLine:
    student: Student
    nul: rules.SentOutcome
    confirmed: rules.SentOutcome


def double_count_report(year: int) -> list[DoubleCountLine]:
    """Practices sent as NUL in `year` whose student was later sent as confirmed (the tender's check)."""
    start, _ = month_range_utc(date(year, 1, 1))
    rows = db.session.execute(
        select(Report, Practice.number, Practice.student_id, Transmission.created_at)
        .join(Practice, Practice.id == Report.practice_id).join(Transmission, Transmission.id == Report.transmission_id)
        .where(Transmission.created_at >= start).order_by(Report.decided_at, Report.id)).all()
    sent = [rules.SentOutcome(student_id, number or "", report.state, report.nul, report.decided_at,
                              to_rome(created_at).date(), report.iseeu_cents)
            for report, number, student_id, created_at in rows]
    found = rules.double_counts(sent, year)
    students = {student.id: student for student in db.session.scalars(
        select(Student).where(Student.id.in_({line.nul.student_key for line in found}))
        .options(joinedload(Student.user)))}
    return [DoubleCountLine(students[line.nul.student_key], line.nul, line.confirmed) for line in found]


DOUBLE_COUNT_COLUMNS = ("codice_persona", "matricola", "studente", "pratica_nul", "inviata_nul", "pratica_confermata",
                        "stato", "iseeu", "inviata")


def double_count_csv(lines: list[DoubleCountLine]) -> str:
    return csvio.write_rows(DOUBLE_COUNT_COLUMNS, [
        [line.student.codice_persona or "", line.student.matricola or "", line.student.user.full_name,
         line.nul.practice_number, line.nul.sent_on.strftime("%d/%m/%Y"), line.confirmed.practice_number,
         line.confirmed.state, _cents(line.confirmed.iseeu_cents), line.confirmed.sent_on.strftime("%d/%m/%Y")]
        for line in lines], delimiter=";")


def mark_double_count_checked(actor: User, year: int) -> Duty:
    duty = _locked_duty("double_count", date(year, 1, 1))
    if duty.done_at is not None:
        raise RuleViolation(_l("The check of %(year)d was already marked as done on %(day)s.", year=year,
                               day=to_rome(duty.done_at).strftime("%d/%m/%Y")))
    duty.done_at, duty.done_by_id = utcnow(), actor.id
    audit.record("caf.double_count_checked", actor=actor, year=year, found=len(double_count_report(year)))
    db.session.flush()
    return duty


def operators() -> list[User]:
    return list(db.session.scalars(select(User).join(User.roles).where(
        User.active.is_(True), UserRole.role.in_(CAF_ROLES)).order_by(User.id).distinct()))


def send_duty_reminders(today: date | None = None) -> int:
    """Mail the CAF operators when the monthly file nears its date (and once more when it has passed) while
    outcomes wait, and when the year's double-counting check nears. Returns the mails queued."""
    today = today or today_in_rome()
    due = [(item.deadline, item.pending) for item in due_files(today)]
    check = double_count_deadline(today.year)
    if double_count_due(today) is not None:
        due.append((check, len(double_count_report(today.year))))
    sent = 0
    for deadline, count in due:
        duty = _locked_duty(deadline.kind, deadline.period)
        if duty.done_at is not None or not rules.reminder_due(deadline, today, duty.reminded_on):
            continue
        duty.reminded_on = today
        if deadline.kind == "monthly_file":
            link = mail.link_to("caf.transmissions", month=deadline.period.strftime("%Y-%m"))
        else:
            link = mail.link_to("caf.double_counting", year=deadline.period.year)
        for operator in operators():
            mail.enqueue(operator.email, operator.locale or "it", "caf_duty", user=operator, deadline=deadline,
                         count=count, overdue=today > deadline.due_on, link=link)
            sent += 1
    db.session.flush()
    return sent


# -- offices and the agenda -------------------------------------------------------------------------------


def active_offices() -> list[Office]:
    return list(db.session.scalars(select(Office).where(Office.active.is_(True)).options(selectinload(Office.hours))
                                   .order_by(Office.city, Office.name)))


def closed_days(office: Office, first: date, last: date) -> set[date]:
    return set(db.session.scalars(select(OfficeClosure.day).where(
        OfficeClosure.day >= first, OfficeClosure.day <= last,
        or_(OfficeClosure.office_id.is_(None), OfficeClosure.office_id == office.id))))


def opening_slots(office: Office, day: date, closed: set[date]) -> list[time]:
    if rules.is_office_closed(day, closed, _cfg("PATRON_DAY"), _cfg("CLOSE_FERRAGOSTO_WEEK")):
        return []
    openings = [rules.Opening(hours.weekday, hours.opens, hours.closes) for hours in office.hours]
    return rules.slot_starts(day, openings, office.slot_minutes)


def ensure_slots(office: Office, first: date, last: date, closed: set[date] | None = None) -> None:
    """Create the period's slots that do not exist yet.

    Only missing rows are inserted: an INSERT, even one that adds nothing, would mark every cached slot grid as
    changed, and the grids polled by every open page would never be served from the cache.
    """
    closed = closed_days(office, first, last) if closed is None else closed
    existing = set(db.session.execute(select(Slot.day, Slot.starts_at).where(
        Slot.office_id == office.id, Slot.day >= first, Slot.day <= last)).tuples())
    rows, day = [], first
    while day <= last:
        rows += [{"office_id": office.id, "day": day, "starts_at": start, "minutes": office.slot_minutes,
                  "counters": office.counters, "booked": 0, "blocked": False}
                 for start in opening_slots(office, day, closed) if (day, start) not in existing]
        day += timedelta(days=1)
    insert_missing(Slot, rows, ["office_id", "day", "starts_at"])


@dataclass(frozen=True)
class OfficeValues:
    name: str
    address: str
    city: str
    phone: str
    email: str
    slot_minutes: int
    counters: int
    active: bool
    hours: tuple[rules.Opening, ...]


def office_for(office_id: int) -> Office | None:
    return db.session.get(Office, office_id)


def all_offices() -> list[Office]:
    return list(db.session.scalars(select(Office).options(selectinload(Office.hours))
                                   .order_by(Office.active.desc(), Office.city, Office.name)))


def save_office(actor: User, office: Office | None, values: OfficeValues) -> Office:
    """An office and its weekly hours; future free places follow a change of counters at once."""
    clash = db.session.scalar(select(Office.id).where(func.lower(Office.name) == values.name.lower(),
                                                      Office.id != getattr(office, "id", None)))
    if clash:
        raise RuleViolation(_l("Another office already has this name."), field="name")
    for opening in values.hours:
        if opening.closes <= opening.opens:
            raise RuleViolation(_l("Each opening must close after it opens."), field="hours")
    office = office or Office()
    for name in ("name", "address", "city", "phone", "email", "slot_minutes", "counters", "active"):
        setattr(office, name, getattr(values, name))
    office.hours = [OfficeHours(weekday=opening.weekday, opens=opening.opens, closes=opening.closes)
                    for opening in values.hours]
    db.session.add(office)
    db.session.flush()
    # A slot already holding more bookings than the new counters keeps them: nobody loses an appointment.
    db.session.execute(update(Slot).where(Slot.office_id == office.id, Slot.day >= today_in_rome(),
                                          Slot.booked <= values.counters)
                       .values(counters=values.counters))
    audit.record("caf.office_saved", actor=actor, office=office.id)
    return office


def closures() -> list[OfficeClosure]:
    return list(db.session.scalars(select(OfficeClosure).where(OfficeClosure.day >= today_in_rome())
                                   .order_by(OfficeClosure.day, OfficeClosure.office_id)))


def add_closure(actor: User, office: Office | None, day: date, reason: str) -> tuple[OfficeClosure, int]:
    """Close one office, or all of them, on a day; appointments booked then are cancelled and the students mailed.

    Gives the closure and how many appointments it cancelled.
    """
    if day < today_in_rome():
        raise RuleViolation(_l("Choose today or a later day."), field="day")
    office_id = getattr(office, "id", None)
    if db.session.scalar(select(OfficeClosure.id).where(OfficeClosure.day == day,
                                                        OfficeClosure.office_id.is_(None) if office_id is None
                                                        else OfficeClosure.office_id == office_id)):
        raise RuleViolation(_l("This closure is already in the calendar."), field="day")
    closure = OfficeClosure(office_id=office_id, day=day, reason=reason.strip())
    db.session.add(closure)
    hit = select(Appointment).join(Appointment.slot).where(Appointment.status == "booked", Slot.day == day)
    if office_id is not None:
        hit = hit.where(Slot.office_id == office_id)
    cancelled = list(db.session.scalars(hit.with_for_update(of=Appointment)))
    for appointment in cancelled:
        _release(appointment, "cancelled")
    audit.record("caf.closure_added", actor=actor, office=office_id, day=day.isoformat(), cancelled=len(cancelled))
    db.session.flush()
    for appointment in cancelled:
        _mail_appointment(appointment, "caf_appointment_cancelled", cancelled=True)
    return closure, len(cancelled)


def remove_closure(actor: User, closure_id: int) -> bool:
    closure = db.session.get(OfficeClosure, closure_id)
    if closure is None:
        return False
    audit.record("caf.closure_removed", actor=actor, office=closure.office_id, day=closure.day.isoformat())
    db.session.delete(closure)
    db.session.flush()
    return True


def slot_start(slot: Slot) -> datetime:
    return rome_wall_clock_to_utc(slot.day, slot.starts_at.hour, slot.starts_at.minute)


@dataclass(frozen=True)
class FreeSlot:
    id: int
    starts_at: time
    free: int


@dataclass(frozen=True)
class AgendaDay:
    day: date
    slots: tuple[FreeSlot, ...]


# What a slot grid is computed from: a booking, a block, a closure or a change of hours.
SLOT_TAGS = ("caf_slots", "caf_office_closures", "caf_offices", "caf_office_hours")


def slot_for(slot_id: int) -> Slot | None:
    return db.session.get(Slot, slot_id) if slot_id else None


def shift_day(day: date, days: int) -> date:
    return day + timedelta(days=days)


def booking_window(now: datetime | None = None) -> tuple[date, date]:
    today = today_in_rome(now)
    return today, today + timedelta(weeks=_cfg("BOOKING_WEEKS"))


def free_slots(office: Office, now: datetime | None = None) -> list[AgendaDay]:
    """Bookable slots of the coming weeks: not blocked, not full, not past the change cut-off."""
    now = now or utcnow()
    first, last = booking_window(now)
    closed = closed_days(office, first, last)
    ensure_slots(office, first, last, closed)
    cutoff = now + timedelta(hours=_cfg("CHANGE_HOURS_BEFORE"))
    slots = db.session.scalars(select(Slot).where(Slot.office_id == office.id, Slot.day >= first, Slot.day <= last,
                                                  Slot.blocked.is_(False), Slot.booked < Slot.counters)
                               .order_by(Slot.day, Slot.starts_at))
    days: dict[date, list[FreeSlot]] = {}
    opening: dict[date, set[time]] = {}
    for slot in slots:
        if slot.day not in opening:  # hours changed since the slot was made: only today's hours are offered
            opening[slot.day] = set(opening_slots(office, slot.day, closed))
        if slot.starts_at not in opening[slot.day] or slot_start(slot) <= cutoff:
            continue
        days.setdefault(slot.day, []).append(FreeSlot(slot.id, slot.starts_at, slot.counters - slot.booked))
    return [AgendaDay(day, tuple(items)) for day, items in days.items()]


def grid_stale_at(days: list[AgendaDay]) -> datetime | None:
    """When the earliest free slot shown stops being bookable (its cut-off): the grid is stale from then on."""
    if not days:
        return None
    first_day = days[0]
    first = first_day.slots[0].starts_at
    return (rome_wall_clock_to_utc(first_day.day, first.hour, first.minute)
            - timedelta(hours=_cfg("CHANGE_HOURS_BEFORE")))


def appointments_of(student: Student | None) -> list[Appointment]:
    if student is None:
        return []
    return list(db.session.scalars(select(Appointment).where(Appointment.student_id == student.id)
                                   .options(joinedload(Appointment.slot).joinedload(Slot.office))
                                   .order_by(Appointment.created_at.desc())))


def active_appointment(student: Student, purpose: str) -> Appointment | None:
    return db.session.scalar(select(Appointment).join(Appointment.slot).where(
        Appointment.student_id == student.id, Appointment.purpose == purpose, Appointment.status == "booked",
        Slot.day >= today_in_rome()))


def appointment_for(user: User, appointment_id: int) -> Appointment | None:
    appointment = db.session.get(Appointment, appointment_id)
    if appointment is None:
        return None
    if is_operator(user):
        return appointment
    student = student_of(user)
    return appointment if student is not None and appointment.student_id == student.id else None


def _locked_slot(slot_id: int) -> Slot | None:
    return db.session.get(Slot, slot_id, with_for_update=True, populate_existing=True)


def _close_past_appointments(student: Student, now: datetime) -> None:
    """A booked appointment whose day has gone without a check-in counts as missed."""
    for appointment in db.session.scalars(select(Appointment).join(Appointment.slot).where(
            Appointment.student_id == student.id, Appointment.status == "booked", Slot.day < today_in_rome(now))):
        _release(appointment, "no_show")


def _take_place(slot: Slot) -> bool:
    """One more place taken, written only while one is free (`booked < counters`) and the slot is not blocked."""
    return update_if(slot, {"booked": Slot.booked + 1}, Slot.booked < Slot.counters, Slot.blocked.is_(False))


def _release(appointment: Appointment, status: str) -> None:
    slot = _locked_slot(appointment.slot_id)
    update_if(slot, {"booked": Slot.booked - 1}, Slot.booked > 0)
    appointment.status = status
    if status == "cancelled":
        appointment.cancelled_at = utcnow()


def purpose_of(student: Student) -> tuple[str, Practice | None]:
    """What the student may book now, and the practice it is for."""
    practice = db.session.scalar(select(Practice).where(Practice.student_id == student.id,
                                                        Practice.status == "awaiting_originals")
                                 .order_by(Practice.created_at.desc()))
    purpose = rules.purpose_for(student.kind, practice.university_state if practice else None)
    return purpose, practice if purpose == "originals" else None


def book(actor: User, student: Student, slot_id: int, now: datetime | None = None) -> Appointment:
    """Book a slot under a lock on the slot (and on the student, against two tabs booking at once)."""
    now = now or utcnow()
    db.session.get(Student, student.id, with_for_update=True, populate_existing=True)
    purpose, practice = purpose_of(student)
    _close_past_appointments(student, now)
    if db.session.scalar(select(Appointment.id).where(Appointment.student_id == student.id,
                                                      Appointment.purpose == purpose,
                                                      Appointment.status == "booked")):
        raise RuleViolation(_l("You already have an appointment for this: move or cancel it instead."), field="slot")
    appointment = _take_slot(student, slot_id, purpose, practice, now)
    audit.record("caf.booked", user=actor, actor=actor, appointment=appointment.id)
    _mail_appointment(appointment, "caf_appointment")
    return appointment


def _take_slot(student: Student, slot_id: int, purpose: str, practice: Practice | None, now: datetime) -> Appointment:
    slot = _locked_slot(slot_id)
    if slot is None or not slot.office.active:
        raise RuleViolation(_l("Choose a time among the free ones."), field="slot")
    rules.check_may_change(slot_start(slot), now, _cfg("CHANGE_HOURS_BEFORE"))
    if slot.blocked or slot.day in closed_days(slot.office, slot.day, slot.day) or not _take_place(slot):
        raise RuleViolation(_l("This time has just been taken: choose another one."), field="slot")
    appointment = Appointment(slot_id=slot.id, student_id=student.id, purpose=purpose,
                              practice_id=getattr(practice, "id", None))
    db.session.add(appointment)
    try:
        db.session.flush()
    except IntegrityError as exc:  # the partial unique index: a second booking raced past the check
        raise RuleViolation(_l("You already have an appointment for this: move or cancel it instead."),
                            field="slot") from exc
    return appointment


def cancel(actor: User, appointment: Appointment, now: datetime | None = None) -> None:
    if appointment.status != "booked":
        raise RuleViolation(_l("This appointment is not active."))
    if not is_operator(actor):
        rules.check_may_change(slot_start(appointment.slot), now or utcnow(), _cfg("CHANGE_HOURS_BEFORE"))
    _release(appointment, "cancelled")
    audit.record("caf.appointment_cancelled", actor=actor, appointment=appointment.id)
    db.session.flush()
    _mail_appointment(appointment, "caf_appointment_cancelled", cancelled=True)


def reschedule(actor: User, appointment: Appointment, slot_id: int, now: datetime | None = None) -> Appointment:
    """Move to another time: the old place is freed and the new one taken in one transaction."""
    now = now or utcnow()
    if appointment.status != "booked":
        raise RuleViolation(_l("This appointment is not active."))
    rules.check_may_change(slot_start(appointment.slot), now, _cfg("CHANGE_HOURS_BEFORE"))
    _release(appointment, "cancelled")
    db.session.flush()
    moved = _take_slot(appointment.student, slot_id, appointment.purpose, appointment.practice, now)
    moved.event_of_id = appointment.event_of_id or appointment.id
    audit.record("caf.appointment_moved", actor=actor, appointment=moved.id, previous=appointment.id)
    _mail_appointment(moved, "caf_appointment", moved=True)
    return moved


def calendar_uid(appointment: Appointment) -> str:
    """The appointment's calendar event: the same in its invitations and in the person's calendar feed, and the
    same through every move (the first appointment of the chain names it)."""
    host = urlparse(current_app.config["PORTAL_BASE_URL"]).hostname or "portal"
    return f"caf-appointment-{appointment.event_of_id or appointment.id}@{host}"


def calendar_events(user: User, since: datetime) -> list[CalendarEvent]:
    """The student's appointments from `since` on for "My calendar": cancelled ones leave it."""
    student = student_of(user)
    if student is None:
        return []
    appointments = db.session.scalars(
        select(Appointment).join(Appointment.slot)
        .where(Appointment.student_id == student.id, Appointment.status != "cancelled",
               Slot.day >= to_rome(since).date())
        .options(contains_eager(Appointment.slot).joinedload(Slot.office)))
    events = []
    for appointment in appointments:
        slot, starts = appointment.slot, slot_start(appointment.slot)
        events.append(CalendarEvent(
            uid=calendar_uid(appointment), starts=starts, ends=starts + timedelta(minutes=slot.minutes),
            summary=f"CAF: {rules.PURPOSES[appointment.purpose]}",
            location=f"{slot.office.name}, {slot.office.address}, {slot.office.city}",
            sequence=int(appointment.created_at.timestamp())))
    return events


def _mail_appointment(appointment: Appointment, template: str, cancelled: bool = False, moved: bool = False) -> None:
    """The confirmation with a calendar invitation; a move updates the first booking's calendar event."""
    user, slot = appointment.student.user, appointment.slot
    starts = slot_start(slot)
    event = CalendarEvent(
        uid=calendar_uid(appointment), starts=starts,
        ends=starts + timedelta(minutes=slot.minutes), summary=f"CAF: {rules.PURPOSES[appointment.purpose]}",
        location=f"{slot.office.name}, {slot.office.address}, {slot.office.city}",
        # Calendars keep the version with the highest sequence: seconds since the epoch always grow.
        sequence=int(utcnow().timestamp()), cancelled=cancelled)
    organiser = parseaddr(current_app.config["PORTAL_MAIL_FROM"])[1]
    method = "CANCEL" if cancelled else "REQUEST"
    attachment = mail.Attachment("appointment.ics", f"text/calendar; method={method}",
                                 invitation(event, organiser, utcnow()))
    mail.enqueue(user.email, user.locale or "it", template, appointment=appointment, slot=slot, student=user,
                 link=mail.link_to("caf.appointments"),
                 purpose=rules.PURPOSES[appointment.purpose], moved=moved, attachment=attachment)


def send_reminders(now: datetime | None = None) -> int:
    """The day before: one reminder per booked appointment."""
    now = now or utcnow()
    tomorrow = today_in_rome(now) + timedelta(days=1)
    due = list(db.session.scalars(select(Appointment).join(Appointment.slot).where(
        Appointment.status == "booked", Appointment.reminded_at.is_(None), Slot.day == tomorrow)
        .options(joinedload(Appointment.slot, innerjoin=True).joinedload(Slot.office, innerjoin=True),
                 joinedload(Appointment.student, innerjoin=True).joinedload(Student.user, innerjoin=True))
        .with_for_update(of=Appointment, skip_locked=True)))
    for appointment in due:
        appointment.reminded_at = now
        user = appointment.student.user
        mail.enqueue(user.email, user.locale or "it", "caf_appointment_reminder", appointment=appointment,
                     link=mail.link_to("caf.appointments"),
                     slot=appointment.slot, student=user)
    db.session.flush()
    return len(due)


def day_agenda(office: Office, day: date) -> list[tuple[Slot, list[Appointment]]]:
    ensure_slots(office, day, day)
    slots = list(db.session.scalars(select(Slot).where(Slot.office_id == office.id, Slot.day == day)
                                    .order_by(Slot.starts_at)))
    appointments = db.session.scalars(select(Appointment).where(Appointment.slot_id.in_([s.id for s in slots]),
                                                                Appointment.status != "cancelled")
                                      .options(joinedload(Appointment.student).joinedload(Student.user))
                                      .order_by(Appointment.created_at))
    by_slot: dict[int, list[Appointment]] = {}
    for appointment in appointments:
        by_slot.setdefault(appointment.slot_id, []).append(appointment)
    return [(slot, by_slot.get(slot.id, [])) for slot in slots]


def check_in(actor: User, appointment: Appointment) -> None:
    if appointment.status not in ("booked", "no_show"):
        raise RuleViolation(_l("This appointment was cancelled."))
    if appointment.slot.day > today_in_rome():
        raise RuleViolation(_l("A student can be checked in only on the day of the appointment."))
    if appointment.status == "no_show":
        # The place is taken again by the student who came after all, if nobody has taken it meanwhile.
        slot = _locked_slot(appointment.slot_id)
        if not update_if(slot, {"booked": Slot.booked + 1}, Slot.booked < Slot.counters):
            raise RuleViolation(_l("The place of this appointment has been given to another student meanwhile: "
                                   "book a new appointment."))
    appointment.status, appointment.checked_in_at = "attended", utcnow()
    audit.record("caf.checked_in", actor=actor, appointment=appointment.id)
    db.session.flush()


def open_for_appointment(actor: User, appointment: Appointment) -> Practice:
    """The intake: once the student is checked in, the operator opens their in-person practice (once)."""
    if appointment.status != "attended":
        raise RuleViolation(_l("Check the student in first."))
    if appointment.purpose != "intake":
        raise RuleViolation(_l("This appointment is the check of the originals: open the practice instead."))
    if appointment.practice is not None:
        return appointment.practice
    practice = open_in_person(actor, appointment.student, appointment.slot.office)
    appointment.practice_id = practice.id
    db.session.flush()
    return practice


def mark_no_show(actor: User, appointment: Appointment) -> None:
    """The student did not come: for a remote practice waiting for its originals nothing is sent."""
    if appointment.status != "booked":
        raise RuleViolation(_l("Only a booked appointment can be marked as missed."))
    if slot_start(appointment.slot) > utcnow():
        raise RuleViolation(_l("An appointment can be marked as missed only once its time has come."))
    _release(appointment, "no_show")
    if appointment.practice is not None:
        _event(actor, appointment.practice, "no_show")
    audit.record("caf.no_show", actor=actor, appointment=appointment.id)
    db.session.flush()


def set_blocked(actor: User, slot: Slot, blocked: bool) -> None:
    slot = _locked_slot(slot.id)
    slot.blocked = blocked
    audit.record("caf.slot_blocked" if blocked else "caf.slot_unblocked", actor=actor, slot=slot.id)
    db.session.flush()
