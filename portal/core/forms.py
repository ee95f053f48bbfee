"""Form helpers shared by every service: one way to validate, fail and show errors."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, ValidationError

from portal.core import ids
from portal.core.countries import country_choices
from portal.core.money import format_money, parse_money
from portal.core.rules import RuleViolation


DATE_ERROR = _l("Enter a date.")


def attach_rule_violation(form, violation: RuleViolation) -> None:
    """Show a rule's refusal next to its field, or at the top of the form."""
    field = getattr(form, violation.field, None) if violation.field else None
    if field is not None:
        field.errors = [*field.errors, violation.message] if isinstance(field.errors, list) else [violation.message]
    else:
        form.form_errors.append(violation.message)


# What a one-line value never holds: control characters (C0, DEL, C1: NUL, ESC, CR, LF, tab...) and the Unicode
# line and paragraph separators. A CR/LF in a name would break every mail header or CSV line it reaches.
_NOT_ON_ONE_LINE = ("Cc", "Zl", "Zp")
_LINE_BREAKS = "\t\n\v\f\r\x1c\x1d\x1e\x85\u2028\u2029"


def single_line(value):
    """A one-line value as the person meant it: line breaks and tabs become a space, other control characters
    are dropped, and the ends are trimmed. `strip` is this filter: every single-line field of every form uses it."""
    if not isinstance(value, str):
        return value
    spaced = "".join(" " if ch in _LINE_BREAKS else ch for ch in value.replace("\r\n", "\n"))
    return "".join(ch for ch in spaced if unicodedata.category(ch) not in _NOT_ON_ONE_LINE).strip()


def strip(value):
    """The filter of single-line fields (see `single_line`); text areas use `strip_text`, which keeps lines."""
    return single_line(value)


def strip_text(value):
    """A multi-line text trimmed, its lines kept (CR LF as LF), other control characters dropped."""
    if not isinstance(value, str):
        return value
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc").strip()


def empty_to_none(value):
    value = strip(value)
    return value or None


def codice_fiscale_check(form, field) -> None:
    if field.data:
        normalised = ids.normalise_codice_fiscale(field.data)
        if normalised is None:
            raise ValidationError(_l("This codice fiscale is not valid: check the 16 characters."))
        field.data = normalised


OTHER_DIGITS = _l("Type the digits 0 to 9 only: the keyboard wrote digits of another script.")


def other_digits_in_file(code: str):
    """The same refusal for a row of an imported file ('Line 3: the matricola holds...')."""
    return _l("the %(code)s holds digits of another script: write it with the digits 0 to 9 only.", code=code)


def numeric_code_error(value: str, wrong_length, other_digits=OTHER_DIGITS):
    """Why a numeric code (codice persona, matricola) is refused: digits of another script, which look right but
    are not 0-9, or not the right number of digits."""
    return other_digits if ids.has_other_digits(value) else wrong_length


def codice_persona_check(form, field) -> None:
    if field.data and not ids.is_codice_persona(field.data):
        raise ValidationError(numeric_code_error(field.data, _l("The codice persona has exactly 8 digits.")))


def matricola_check(form, field) -> None:
    if field.data and not ids.is_matricola(field.data):
        raise ValidationError(numeric_code_error(field.data, _l("The matricola has exactly 6 digits.")))


# The largest amount a money field takes unless it says otherwise: far above any figure of the services, far below
# what the BigInteger cents columns hold, so that no sum or product of amounts can overflow them.
MONEY_MAXIMUM_CENTS = 9_999_999_999  # EUR 99,999,999.99


class MoneyField(StringField):
    """An amount in euro typed as people type it ('1.800,00', '1800.5'); `data` is integer cents,
    never above `maximum_cents` (every money field has a range)."""

    def __init__(self, label=None, validators=None, maximum_cents: int = MONEY_MAXIMUM_CENTS, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal", "autocomplete": "off"})
        super().__init__(label, validators, **kwargs)
        self.maximum_cents = maximum_cents

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
        if self.data > self.maximum_cents:
            self.data = None
            raise ValueError(_l("Enter an amount of at most %(maximum)s.", maximum=format_money(self.maximum_cents)))


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
