"""Administrators' use cases on accounts: create, edit, deactivate, reset, import."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.auth import rules
from portal.auth.accounts import UserData, check_unique, create_user, issue_one_time_password, login_link, set_roles
from portal.auth.models import LOCALES, ROLES, User
from portal.auth.services import end_all_sessions
from portal.core import audit, csvio, ids, mail
from portal.core.forms import numeric_code_error, other_digits_in_file
from portal.core.legal import LegalText
from portal.core.rules import RuleViolation
from portal.extensions import db

IMPORT_REQUIRED = ("access_code", "email", "full_name")
IMPORT_OPTIONAL = ("locale", "codice_fiscale", "codice_persona", "matricola", "roles")
# What an import may change on an existing account.
IMPORT_FIELDS = ("email", "full_name", "locale", "codice_fiscale", "codice_persona", "matricola")


def update_user(actor: User, user: User, data: UserData) -> None:
    check_unique(data, user.id)
    changed = {}
    for attribute in IMPORT_FIELDS:
        if getattr(user, attribute) != getattr(data, attribute):
            changed[attribute] = True
            setattr(user, attribute, getattr(data, attribute))
    if changed:
        audit.record("user.updated", user=user, actor=actor, fields=sorted(changed))
    set_roles(actor, user, data.roles)
    db.session.flush()


def set_active(actor: User, user: User, active: bool) -> None:
    if user.id == actor.id and not active:
        raise RuleViolation(_l("You cannot deactivate your own account."))
    if user.active == active:
        return
    user.active = active
    if not active:
        end_all_sessions(user)
    audit.record("user.reactivated" if active else "user.deactivated", user=user, actor=actor)
    db.session.flush()


def force_password_reset(actor: User, user: User) -> str:
    """A new one-time password: every session ends, the person must choose a new password."""
    password = issue_one_time_password(user)
    end_all_sessions(user)
    mail.enqueue(user.email, user.locale, "password_forced", sensitive=True, user=user, password=password,
                 link=login_link())
    audit.record("password.reset_forced", user=user, actor=actor)
    db.session.flush()
    return password


def publish_legal_text(actor: User, kind: str, title_it: str, title_en: str, body_it: str, body_en: str) -> LegalText:
    version = (LegalText.current_version(kind) or 0) + 1
    row = LegalText(kind=kind, version=version, title_it=title_it, title_en=title_en, body_it=body_it,
                    body_en=body_en, published_by_id=actor.id)
    db.session.add(row)
    audit.record("legal_text.published", actor=actor, kind=kind, version=version)
    db.session.flush()
    return row


# -- CSV import ---------------------------------------------------------------


@dataclass
class ImportPlan:
    new: list[UserData] = field(default_factory=list)
    changed: list[tuple[User, UserData, list[str]]] = field(default_factory=list)
    unchanged: int = 0


def _row_to_data(line: int, values: dict[str, str]) -> UserData:
    def fail(message) -> RuleViolation:
        return RuleViolation(_l("Line %(line)d: %(problem)s", line=line, problem=message))

    try:
        code = rules.check_access_code(values["access_code"])
    except RuleViolation as violation:
        raise fail(violation.message) from violation
    email = values["email"].strip()
    if "@" not in email or " " in email or len(email) > 254:
        raise fail(_l("the e-mail address is not valid."))
    name = values["full_name"].strip()
    if not name or len(name) > 200:
        raise fail(_l("the full name is missing or too long."))
    locale = (values.get("locale") or "").strip().lower() or None
    if locale is not None and locale not in LOCALES:
        raise fail(_l("the language must be 'it' or 'en'."))
    fiscal = (values.get("codice_fiscale") or "").strip() or None
    if fiscal is not None:
        fiscal = ids.normalise_codice_fiscale(fiscal)
        if fiscal is None:
            raise fail(_l("the codice fiscale is not valid."))
    persona = (values.get("codice_persona") or "").strip() or None
    if persona is not None and not ids.is_codice_persona(persona):
        raise fail(numeric_code_error(persona, _l("the codice persona must have exactly 8 digits."),
                                      other_digits_in_file("codice persona")))
    matricola = (values.get("matricola") or "").strip() or None
    if matricola is not None and not ids.is_matricola(matricola):
        raise fail(numeric_code_error(matricola, _l("the matricola must have exactly 6 digits."),
                                      other_digits_in_file("matricola")))
    roles = {role.strip().lower() for role in (values.get("roles") or "").replace(",", "|").split("|") if role.strip()}
    unknown = roles - set(ROLES)
    if unknown:
        raise fail(_l("unknown roles: %(roles)s.", roles=", ".join(sorted(unknown))))
    return UserData(code, email, name, locale, fiscal, persona, matricola, roles)


def _keep_what_the_file_leaves_empty(user: User, data: UserData) -> None:
    """An empty cell means 'not known here', never 'erase it'."""
    for attribute in IMPORT_FIELDS:
        if getattr(data, attribute) is None:
            setattr(data, attribute, getattr(user, attribute))


def _differences(user: User, data: UserData) -> list[str]:
    names = [attribute for attribute in IMPORT_FIELDS if getattr(user, attribute) != getattr(data, attribute)]
    if data.roles - user.role_names:
        names.append("roles")
    return names


def plan_import(data: bytes) -> ImportPlan:
    """Read and check the whole file; raise on the first bad row so that nothing is written."""
    rows = csvio.read_rows(data, IMPORT_REQUIRED, IMPORT_OPTIONAL)
    if not rows:
        raise RuleViolation(_l("The file has a header but no rows."))
    plan = ImportPlan()
    seen: dict[str, dict[str, int]] = {"access_code": {}, "codice_fiscale": {}, "codice_persona": {}, "matricola": {}}
    existing = {user.access_code: user for user in db.session.scalars(select(User))}
    owners = {attribute: {getattr(user, attribute): user.access_code for user in existing.values()
                          if getattr(user, attribute)} for attribute in ("codice_fiscale", "codice_persona", "matricola")}
    for row in rows:
        item = _row_to_data(row.line, row.values)
        for attribute, index in seen.items():
            value = getattr(item, attribute)
            if value is None:
                continue
            if value in index:
                raise RuleViolation(_l("Line %(line)d: %(field)s %(value)s is also on line %(other)d.",
                                       line=row.line, field=attribute, value=value, other=index[value]))
            index[value] = row.line
            owner = owners.get(attribute, {}).get(value)
            if owner is not None and owner != item.access_code:
                raise RuleViolation(_l("Line %(line)d: %(field)s %(value)s belongs to another account (%(owner)s).",
                                       line=row.line, field=attribute, value=value, owner=owner))
        user = existing.get(item.access_code)
        try:  # roles in the file are added to those the account has
            rules.check_role_combination(item.roles | (user.role_names if user else frozenset()))
        except RuleViolation as violation:
            raise RuleViolation(_l("Line %(line)d: %(problem)s", line=row.line, problem=violation.message)) from None
        if user is None:
            item.locale = item.locale or "it"
            plan.new.append(item)
        else:
            _keep_what_the_file_leaves_empty(user, item)
            differences = _differences(user, item)
            if differences:
                plan.changed.append((user, item, differences))
            else:
                plan.unchanged += 1
    return plan


def apply_import(actor: User, plan: ImportPlan) -> None:
    """Roles in the file are added, never removed: an import cannot take away rights
    given by hand. New accounts get a one-time password by mail."""
    for item in plan.new:
        create_user(actor, item)
    for user, item, _ in plan.changed:
        item.roles = item.roles | user.role_names
        update_user(actor, user, item)
    audit.record("users.imported", actor=actor, created=len(plan.new), changed=len(plan.changed),
                 unchanged=plan.unchanged)
    db.session.flush()
