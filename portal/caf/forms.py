from __future__ import annotations

import re
from datetime import date, time
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel import Locale
from babel.numbers import get_currency_name, get_territory_currencies
from flask_babel import format_decimal, get_locale
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    MultipleFileField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from portal.auth.forms import REQUIRED
from portal.caf.labels import RELATIONSHIP_LABELS
from portal.caf.models import RELATIONSHIPS
from portal.caf.rules import DOCUMENT_KINDS, FINDINGS, Opening
from portal.caf.services import OfficeValues
from portal.core import conversation
from portal.core.forms import (
    DATE_ERROR,
    CountrySelectField,
    FlaskForm,
    MoneyField,
    codice_persona_check,
    matricola_check,
    strip,
    strip_text,
)

KINDS = {"abroad": _l("I am abroad and apply remotely (candidate)"),
         "enrolled": _l("I am enrolled and already in Italy (I come by appointment)")}
CURRENCY = [DataRequired(REQUIRED), Regexp(r"^[A-Za-z]{3}$", message=_l("Enter the three-letter code (USD, INR, CNY…)."))]


@lru_cache(maxsize=1)
def currencies_in_use() -> tuple[str, ...]:
    """The ISO 4217 codes that some country uses as legal tender today (Babel's CLDR data): 150-odd, no funds or
    metals, no currencies withdrawn long ago."""
    on = date.today()
    return tuple(sorted({code for territory in Locale("en").territories if len(territory) == 2 and territory.isalpha()
                         for code in get_territory_currencies(territory, on)}))


def currency_choices(rates: dict[str, Decimal], country: str) -> dict[str, list[tuple[str, str]]]:
    """The currencies a line may be in, grouped: the family's country's, those the CAF has a rate for (the rate
    shown), the euro, then every other currency in use, each group by name."""
    def label(code: str) -> str:
        name = f"{code} · {get_currency_name(code, locale=get_locale())}"
        if code in rates:
            return str(_l("%(name)s (1 € = %(rate)s %(code)s)", name=name, rate=format_decimal(rates[code]), code=code))
        return name

    country_codes = [code for code in (get_territory_currencies(country, date.today()) if country else [])
                     if code in currencies_in_use()]
    by_name = lambda codes: sorted(((code, label(code)) for code in codes), key=lambda item: item[1][6:].lower())  # noqa: E731
    rated = [code for code in rates if code not in country_codes and code != "EUR"]
    rest = [code for code in currencies_in_use() if code not in {*country_codes, *rated, "EUR"}]
    groups = {}
    if country_codes:
        groups[str(_l("The currency of your family's country"))] = by_name(country_codes)
    if rated:
        groups[str(_l("Currencies with a rate entered by the CAF"))] = by_name(rated)
    if "EUR" not in country_codes:
        groups[str(_l("Euro"))] = [("EUR", label("EUR"))]
    groups[str(_l("Other currencies"))] = by_name(rest)
    return groups


class CurrencyField(SelectField):
    """A currency chosen from the list (`currency_choices`), never typed: an unknown code is refused."""

    def __init__(self, label=None, **kwargs):
        super().__init__(label, validators=[DataRequired(REQUIRED)], coerce=lambda code: (code or "").strip().upper(),
                         **kwargs)


class DecimalAmountField(StringField):
    """A number as people type it ('1.234,56', '1234.56', '0,9213'); `data` is a Decimal between `minimum` and
    `maximum` (every number has a range: '1E+400' or a 17-digit income is refused, never stored)."""

    def __init__(self, label=None, validators=None, places: int = 2, minimum: Decimal = Decimal(0),
                 maximum: Decimal = Decimal("999999999999.99"), **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal", "autocomplete": "off"})
        super().__init__(label, validators, **kwargs)
        self.places, self.minimum, self.maximum = places, minimum, maximum

    def _value(self):
        return self.raw_data[0] if self.raw_data else ("" if self.data is None else str(self.data))

    def process_formdata(self, valuelist):
        self.raw_data = valuelist
        text = (valuelist[0] if valuelist else "").strip().replace(" ", "")
        if not text:
            self.data = None
            return
        if not re.fullmatch(r"[0-9.,]{1,40}", text):  # digits 0-9 only: no exponent, sign, 'inf' or other scripts
            self.data = None
            raise ValueError(_l("Enter a number with at most %(places)d decimals, such as 1234,50.",
                                places=self.places))
        if "," in text:  # Italian writing: dots group thousands, the comma is the decimal mark
            text = text.replace(".", "").replace(",", ".")
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or value < 0 or -value.as_tuple().exponent > self.places:
            self.data = None
            raise ValueError(_l("Enter a number with at most %(places)d decimals, such as 1234,50.",
                                places=self.places))
        if not self.minimum <= value <= self.maximum:
            self.data = None
            raise ValueError(_l("Enter a number from %(minimum)s to %(maximum)s.",
                                minimum=format_decimal(self.minimum), maximum=format_decimal(self.maximum)))
        self.data = value


class StudentForm(FlaskForm):
    codice_persona = StringField(_l("Codice persona (8 digits)"), filters=[strip],
                                 validators=[Length(max=8), codice_persona_check], render_kw={"inputmode": "numeric"})
    matricola = StringField(_l("Matricola (6 digits)"), filters=[strip], validators=[Length(max=6), matricola_check],
                            render_kw={"inputmode": "numeric"},
                            description=_l("Enter at least one of the two: a candidate may not have a matricola yet."))
    kind = RadioField(_l("Where you are"), choices=list(KINDS.items()),
                      validators=[InputRequired(_l("Choose where you are."))])
    country = CountrySelectField(_l("Country where your family lives"),
                           validators=[DataRequired(_l("Choose the country where your family lives."))])
    phone = StringField(_l("Phone"), filters=[strip], validators=[Length(max=40)], render_kw={"autocomplete": "tel"})


class LinkIdentifiersForm(FlaskForm):
    """The operator links the identifiers of a student whose account has none, once checked."""

    codice_persona = StringField(_l("Codice persona (8 digits)"), filters=[strip],
                                 validators=[Length(max=8), codice_persona_check], render_kw={"inputmode": "numeric"})
    matricola = StringField(_l("Matricola (6 digits)"), filters=[strip], validators=[Length(max=6), matricola_check],
                            render_kw={"inputmode": "numeric"})
    checked = BooleanField(_l("I checked them against the university's documents (enrolment letter, student card)"))


class MemberForm(FlaskForm):
    full_name = StringField(_l("Name and surname"), filters=[strip], validators=[DataRequired(REQUIRED),
                                                                                Length(max=120)])
    relationship_to_student = SelectField(_l("Relationship to the student"),
                                          choices=[(key, RELATIONSHIP_LABELS[key]) for key in RELATIONSHIPS
                                                   if key != "student"],
                                          validators=[InputRequired(REQUIRED)])
    birth_date = DateField(_l("Date of birth"), validators=[DataRequired(DATE_ERROR)])
    disabled = BooleanField(_l("Person with a disability"))

    def values(self) -> dict:
        return {"full_name": self.full_name.data, "relationship_to_student": self.relationship_to_student.data,
                "birth_date": self.birth_date.data, "disabled": self.disabled.data}


class _MemberLine(FlaskForm):
    member_id = SelectField(_l("Family member"), coerce=int, validators=[InputRequired(_l("Choose a member."))])


class IncomeForm(_MemberLine):
    amount = DecimalAmountField(_l("Gross income of year N-2 (0 if none)"), validators=[InputRequired(REQUIRED)])
    currency = CurrencyField(_l("Currency"))
    description = StringField(_l("What it is (salary, pension, business…)"), filters=[strip],
                              validators=[Length(max=120)])

    def values(self) -> dict:
        return {"member_id": self.member_id.data, "amount": self.amount.data, "currency": self.currency.data.upper(),
                "description": self.description.data or ""}


class BuildingForm(_MemberLine):
    country = StringField(_l("Country"), filters=[strip], validators=[Length(max=60)])
    square_metres = DecimalAmountField(_l("Square metres"), maximum=Decimal("99999999.99"),
                                       validators=[InputRequired(REQUIRED)])
    is_land = BooleanField(_l("It is land, not a building (land is not counted)"))

    def values(self) -> dict:
        return {"member_id": self.member_id.data, "country": self.country.data or "",
                "square_metres": self.square_metres.data, "is_land": self.is_land.data}

    def validate_square_metres(self, field):
        if field.data is not None and field.data <= 0:
            raise ValidationError(_l("Enter the square metres, greater than zero."))


class MovableForm(_MemberLine):
    description = StringField(_l("What it is (bank account, shares…)"), filters=[strip],
                              validators=[DataRequired(REQUIRED), Length(max=120)])
    amount = DecimalAmountField(_l("Value"), validators=[InputRequired(REQUIRED)])
    currency = CurrencyField(_l("Currency"))
    valued_on = DateField(_l("Value at (normally 31 December N-2)"), validators=[DataRequired(DATE_ERROR)])

    def values(self) -> dict:
        return {"member_id": self.member_id.data, "description": self.description.data, "amount": self.amount.data,
                "currency": self.currency.data.upper(), "valued_on": self.valued_on.data}


class ConditionsForm(FlaskForm):
    italian_income = MoneyField(_l("Income earned in Italy by the family, in euro"), validators=[Optional()])
    rent_paid = MoneyField(_l("Rent paid in the year, in euro"), validators=[Optional()])
    both_parents_worked = BooleanField(_l("Both parents worked at least six months in year N-2"))
    years_away = IntegerField(_l("Years you have lived away from your family's home"),
                              validators=[Optional(), NumberRange(0, 60)])
    family_owns_dwelling = BooleanField(_l("The dwelling you live in belongs to your family"))
    own_income_last_year = MoneyField(_l("Your own gross income last year, in euro"), validators=[Optional()])
    own_income_year_before = MoneyField(_l("Your own gross income the year before, in euro"), validators=[Optional()])

    def values(self) -> dict:
        return {"italian_income_cents": self.italian_income.data or 0, "rent_paid_cents": self.rent_paid.data or 0,
                "both_parents_worked": self.both_parents_worked.data, "years_away": self.years_away.data or 0,
                "family_owns_dwelling": self.family_owns_dwelling.data,
                "own_income_last_year_cents": self.own_income_last_year.data or 0,
                "own_income_year_before_cents": self.own_income_year_before.data or 0}


class DocumentForm(FlaskForm):
    kind = SelectField(_l("Document"), choices=list(DOCUMENT_KINDS.items()), validators=[InputRequired(REQUIRED)])
    member_id = SelectField(_l("Of whom"), coerce=lambda value: int(value) if value else None,
                            validators=[Optional()])
    files = MultipleFileField(_l("Files (PDF, JPEG or PNG; several pages at once)"),
                              render_kw={"accept": "application/pdf,image/jpeg,image/png"})


class SubmitForm(FlaskForm):
    declaration = BooleanField(_l("I declare that the data and documents are true and complete, and I know that the "
                                  "CAF will pass them to the university."))


class MessageForm(conversation.MessageForm):
    """The student's and the operator's messages on a practice: the shared conversation form."""


# What operators ask most often; sent in the student's language whatever the operator's.
READY_TEXTS = {
    "translation": (_l("Official Italian translation missing"),
                    _l("Some documents are not in Italian and have no official Italian translation. Please upload "
                       "the official translation of each of them: without it the practice cannot be computed.")),
    "legalisation": (_l("Consular legalisation or Apostille missing"),
                     _l("Some documents have neither the Italian consulate's legalisation nor the Apostille. Please "
                        "upload them legalised: without it the result is sent to the university with a "
                        "discrepancy.")),
    "year": (_l("Documents of the wrong year"),
             _l("The income and assets must be those of year N-2 (two calendar years before this year). Please "
                "upload the documents of that year.")),
    "movables_date": (_l("Movable assets not at 31 December"),
                      _l("The movable assets (bank accounts, shares…) must be valued at 31 December of year N-2. "
                         "Please upload a statement at that date.")),
    "authority": (_l("Issued by a private body"),
                  _l("Some documents were issued by a private body. They must be issued by the competent public "
                     "authority of your country. Please upload the official ones.")),
    "unreadable": (_l("Scan not readable"),
                   _l("Some pages cannot be read. Please scan them again, whole and in focus, and upload them.")),
    "no_income": (_l("Declaration of no income missing"),
                  _l("Every family member aged 18 or more without income must declare it. Please upload the "
                     "declaration of no income for them.")),
}


class AskForm(FlaskForm):
    ready_text = SelectField(_l("Ready text (sent in the student's language)"),
                             choices=[("", _l("None: I write my own"))]
                             + [(key, title) for key, (title, _body) in READY_TEXTS.items()],
                             validators=[Optional()])
    body = TextAreaField(_l("Your message"), filters=[strip_text], validators=[Length(max=5000)], render_kw={"rows": 4},
                         description=_l("Added after the ready text, or on its own."))

    def validate_body(self, field):
        if not field.data and not self.ready_text.data:
            raise ValidationError(_l("Choose a ready text or write a message."))


class OutcomeForm(FlaskForm):
    findings = SelectMultipleField(_l("What the check found"), choices=list(FINDINGS.items()),
                                   option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False),
                                   validators=[Optional()])


class OriginalsForm(FlaskForm):
    match = RadioField(_l("The originals"), choices=[("yes", _l("match the scans: CONFERMATO")),
                                                     ("no", _l("differ: I corrected the figures (RETTIFICATO "
                                                               "CONFERMATO)"))],
                       validators=[InputRequired(_l("Say whether the originals match."))])


class RateForm(FlaskForm):
    year = IntegerField(_l("Year"), validators=[InputRequired(REQUIRED), NumberRange(2000, 2100)])
    currency = StringField(_l("Currency"), filters=[strip], validators=CURRENCY, render_kw={"maxlength": 3})
    rate = DecimalAmountField(_l("Units of the currency for one euro (Banca d'Italia yearly average)"), places=6,
                              minimum=Decimal("0.01"), maximum=Decimal("10000000"),
                              validators=[InputRequired(REQUIRED)])


class PoorCountryForm(FlaskForm):
    country = CountrySelectField(_l("Country"), validators=[DataRequired(_l("Choose a country."))])


class CopyCountriesForm(FlaskForm):
    source_year = SelectField(_l("Copy the list of"), coerce=int,
                              validators=[InputRequired(_l("Choose the year to copy from."))])


class SlotForm(FlaskForm):
    slot = HiddenField(validators=[DataRequired(_l("Choose a time among the free ones."))])


class TransmitForm(FlaskForm):
    month = StringField(_l("Month (YYYY-MM)"), filters=[strip], validators=[DataRequired(REQUIRED)])


WEEKDAYS = (_l("Monday"), _l("Tuesday"), _l("Wednesday"), _l("Thursday"), _l("Friday"), _l("Saturday"),
            _l("Sunday"))
HOURS_HELP = _l("For example 09:00-13:00, 14:00-16:30; empty when closed.")


def parse_hours(text: str) -> list[tuple[time, time]]:
    """'09:00-13:00, 14:00-16:30' as (opens, closes) pairs; ValueError for anything else."""
    spans = []
    for part in filter(None, (piece.strip() for piece in (text or "").replace(";", ",").split(","))):
        opens, _, closes = part.replace("–", "-").partition("-")
        start, end = time.fromisoformat(opens.strip().zfill(5)), time.fromisoformat(closes.strip().zfill(5))
        if end <= start:
            raise ValueError(part)
        spans.append((start, end))
    return spans


def hours_check(form, field) -> None:
    try:
        parse_hours(field.data)
    except ValueError:
        raise ValidationError(_l("Write the hours as 09:00-13:00, with the closing time after the opening one."))


class OfficeForm(FlaskForm):
    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(REQUIRED), Length(max=120)])
    address = StringField(_l("Address"), filters=[strip], validators=[DataRequired(REQUIRED), Length(max=200)])
    city = StringField(_l("City"), filters=[strip], validators=[DataRequired(REQUIRED), Length(max=80)])
    phone = StringField(_l("Phone"), filters=[strip], validators=[Length(max=40)])
    email = StringField(_l("E-mail"), filters=[strip],
                        validators=[Optional(), Email(_l("Enter a valid e-mail address."), check_deliverability=False),
                                    Length(max=254)])
    slot_minutes = IntegerField(_l("Length of an appointment, in minutes"), default=30,
                                validators=[InputRequired(REQUIRED), NumberRange(5, 240)])
    counters = IntegerField(_l("Counters (appointments at the same time)"), default=1,
                            validators=[InputRequired(REQUIRED), NumberRange(1, 50)])
    active = BooleanField(_l("Open to bookings"), default=True)
    hours_0 = StringField(WEEKDAYS[0], filters=[strip], validators=[hours_check], description=HOURS_HELP)
    hours_1 = StringField(WEEKDAYS[1], filters=[strip], validators=[hours_check])
    hours_2 = StringField(WEEKDAYS[2], filters=[strip], validators=[hours_check])
    hours_3 = StringField(WEEKDAYS[3], filters=[strip], validators=[hours_check])
    hours_4 = StringField(WEEKDAYS[4], filters=[strip], validators=[hours_check])
    hours_5 = StringField(WEEKDAYS[5], filters=[strip], validators=[hours_check])
    hours_6 = StringField(WEEKDAYS[6], filters=[strip], validators=[hours_check])

    def hour_fields(self):
        return [getattr(self, f"hours_{day}") for day in range(7)]

    def fill_hours(self, office) -> None:
        for day, field in enumerate(self.hour_fields()):
            field.data = ", ".join(f"{h.opens.strftime('%H:%M')}-{h.closes.strftime('%H:%M')}"
                                   for h in office.hours if h.weekday == day)

    def values(self):
        openings = tuple(Opening(day, opens, closes) for day, field in enumerate(self.hour_fields())
                         for opens, closes in parse_hours(field.data))
        return OfficeValues(self.name.data, self.address.data, self.city.data, self.phone.data or "",
                            self.email.data or "", self.slot_minutes.data, self.counters.data, self.active.data,
                            openings)


class ClosureForm(FlaskForm):
    office_id = SelectField(_l("Office"), coerce=lambda value: int(value) if value else None,
                            validators=[Optional()])
    day = DateField(_l("Day"), validators=[DataRequired(DATE_ERROR)])
    reason = StringField(_l("Reason (shown to students)"), filters=[strip], validators=[Length(max=200)])
