"""Form helpers shared by every service: one way to validate, fail and show errors."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import ValidationError

from portal.core import ids
from portal.core.rules import RuleViolation


def attach_rule_violation(form, violation: RuleViolation) -> None:
    """Show a rule's refusal next to its field, or at the top of the form."""
    field = getattr(form, violation.field, None) if violation.field else None
    if field is not None:
        field.errors = [*field.errors, violation.message] if isinstance(field.errors, list) else [violation.message]
    else:
        form.form_errors.append(violation.message)


def strip(value):
    return value.strip() if isinstance(value, str) else value


def empty_to_none(value):
    value = strip(value)
    return value or None


def codice_fiscale_check(form, field) -> None:
    if field.data:
        normalised = ids.normalise_codice_fiscale(field.data)
        if normalised is None:
            raise ValidationError(_l("This codice fiscale is not valid: check the 16 characters."))
        field.data = normalised


def codice_persona_check(form, field) -> None:
    if field.data and not ids.is_codice_persona(field.data):
        raise ValidationError(_l("The codice persona has exactly 8 digits."))


def matricola_check(form, field) -> None:
    if field.data and not ids.is_matricola(field.data):
        raise ValidationError(_l("The matricola has exactly 6 digits."))
