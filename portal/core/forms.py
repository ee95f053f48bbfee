"""Form helpers shared by every service: one way to validate, fail and show errors."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, ValidationError

from portal.core import ids
from portal.core.countries import country_choices
from portal.core.money import parse_money
from portal.core.rules import RuleViolation


DATE_ERROR = _l("Enter a date.")


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


class MoneyField(StringField):
    """An amount in euro typed as people type it ('1.800,00', '1800.5'); `data` is integer cents."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal", "autocomplete": "off"})
        super().__init__(label, validators, **kwargs)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if isinstance(self.data, int):
            return format_decimal(Decimal(self.data) / 100, format="#,##0.00")
        return ""

    def process_formdata(self, valuelist):
        self.raw_data = valuelist
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        self.data = parse_money(valuelist[0])
        if self.data is None:
            raise ValueError(_l("Enter an amount in euro, such as 1.800,00."))


class CountrySelectField(SelectField):
    """A country chosen from the list, named in the reader's language; `data` is its ISO code ('' for none)."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, choices=lambda: [("", _l("Choose a country"))] + country_choices(),
                         **kwargs)

    def pre_validate(self, form):
        if self.data and not any(code == self.data for code, _ in country_choices()):
            raise ValidationError(_l("Choose a country from the list."))


def positive_amount(form, field) -> None:
    if field.data is not None and field.data <= 0:
        raise ValidationError(_l("The amount must be greater than zero."))


def submitted_and_done(form, use_case) -> bool:
    """Validate the form and run the use case; False, with the refusal shown on the form, when either says no."""
    if not form.validate_on_submit():
        return False
    try:
        use_case()
    except RuleViolation as violation:
        attach_rule_violation(form, violation)
        return False
    return True


def form_status(form) -> int:
    """422 for a form sent back with errors (htmx swaps it in), 200 for a fresh one."""
    return 422 if form.is_submitted() else 200
