"""Students and their identifiers (codice persona, matricola): claimed, synced from the account, linked."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.auth.models import User
from portal.caf.models import Practice, Report, Student
from portal.caf.services._common import _event, _lock, student_of
from portal.core import audit
from portal.core.countries import is_country
from portal.core.ids import is_codice_persona, is_matricola
from portal.core.rules import RuleViolation
from portal.extensions import db

# -- students ----------------------------------------------------------------------------------------------


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
