from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError

from portal.auth.forms import REQUIRED
from portal.childcare.rules import CATEGORIES
from portal.core.forms import DATE_ERROR, FlaskForm, MoneyField, positive_amount, strip


class FamilyForm(FlaskForm):
    category = RadioField(_l("Who you are"), choices=list(CATEGORIES.items()),
                          validators=[InputRequired(_l("Choose your category."))])
    phone = StringField(_l("Phone number for the educators"), filters=[strip],
                        validators=[DataRequired(REQUIRED), Length(max=40)], render_kw={"autocomplete": "tel"})


class ChildForm(FlaskForm):
    full_name = StringField(_l("Child's name and surname"), filters=[strip],
                            validators=[DataRequired(REQUIRED), Length(max=120)])
    birth_date = DateField(_l("Date of birth"), validators=[DataRequired(DATE_ERROR)])
    micro_nido = BooleanField(_l("Enrolled in the Policino micro nido"),
                              description=_l("The first hour after the nursery closes (16:30-17:30) is free."))
    allergies = TextAreaField(_l("Allergies and intolerances"), validators=[Length(max=2000)], render_kw={"rows": 2},
                              description=_l("Seen only by the educators."))
    notes = TextAreaField(_l("Notes for the educators"), validators=[Length(max=2000)], render_kw={"rows": 2},
                          description=_l("Seen only by the educators."))

    def values(self) -> dict:
        return {"full_name": self.full_name.data, "birth_date": self.birth_date.data,
                "micro_nido": self.micro_nido.data, "allergies": self.allergies.data or "",
                "notes": self.notes.data or ""}


class PickupForm(FlaskForm):
    full_name = StringField(_l("Name and surname"), filters=[strip], validators=[DataRequired(REQUIRED), Length(max=120)])
    relationship_to_child = StringField(_l("Relationship (grandmother, babysitter...)"), filters=[strip],
                                        validators=[Length(max=60)])
    phone = StringField(_l("Phone"), filters=[strip], validators=[Length(max=40)])

    def values(self) -> dict:
        return {"full_name": self.full_name.data, "relationship_to_child": self.relationship_to_child.data or "",
                "phone": self.phone.data or ""}


class BookingForm(FlaskForm):
    """The booking page's confirmation: the child (one of the family's, checked by the use case), the day, the first
    and the last half hour (HH:MM)."""

    child = IntegerField(_l("Child"), validators=[InputRequired(_l("Choose one of your children."))])
    day = DateField(_l("Day"), validators=[DataRequired(DATE_ERROR)])
    first = HiddenField(_l("From"), validators=[DataRequired(_l("Choose a start time."))])
    last = HiddenField(_l("Until"), validators=[DataRequired(_l("Choose how long your child stays."))])
    confirm = HiddenField()


class WaitingForm(FlaskForm):
    child = SelectField(_l("Child"), coerce=int, validators=[InputRequired(_l("Choose one of your children."))])
    day = DateField(_l("Day"), validators=[DataRequired(DATE_ERROR)])
    start = HiddenField(validators=[DataRequired(REQUIRED)])


class ClosureForm(FlaskForm):
    day = DateField(_l("Day"), validators=[DataRequired(DATE_ERROR)])
    reason = StringField(_l("Reason (told to the families)"), filters=[strip], validators=[Length(max=200)])


class NurseryClosureForm(FlaskForm):
    day = DateField(_l("Day the micro nido is closed"), validators=[DataRequired(DATE_ERROR)])
    reason = StringField(_l("Why (for the educators)"), filters=[strip], validators=[Length(max=200)])


METHODS = [("transfer", _l("Bank transfer")), ("pos", _l("Card (POS)")), ("cash", _l("Cash"))]
PURPOSES = {"hours": _l("Hours of baby parking"), "card": _l("Card of hours"), "membership": _l("Membership card")}


class PaymentForm(FlaskForm):
    amount = MoneyField(_l("Amount (EUR)"), validators=[InputRequired(REQUIRED), positive_amount])
    method = SelectField(_l("Paid by"), choices=METHODS)
    paid_on = DateField(_l("Paid on"), validators=[DataRequired(DATE_ERROR)])
    note = StringField(_l("Note on the receipt"), filters=[strip], validators=[Length(max=200)])


class CardSaleForm(FlaskForm):
    hours = IntegerField(_l("Hours on the card"), default=80,
                         validators=[InputRequired(_l("Enter the card's hours."))],
                         invalid_value_message=_l("Enter the card's hours as a whole number, such as 100."),
                         render_kw={"inputmode": "numeric", "autocomplete": "off"})
    method = SelectField(_l("Paid by"), choices=METHODS)

    def validate_hours(self, field) -> None:
        """ASCII digits only: Python's int() would also read '１００' or '1_00'."""
        digits = field.raw_data[0].strip().removeprefix("-") if field.raw_data else ""
        if field.data is not None and not (digits.isascii() and digits.isdigit()):
            field.data = None
            raise ValidationError(_l("Enter the card's hours as a whole number, such as 100."))


class MembershipForm(FlaskForm):
    price = MoneyField(_l("Price of the membership card (EUR)"), validators=[InputRequired(REQUIRED)])
    months = IntegerField(_l("Valid for (months)"), default=12,
                          validators=[InputRequired(REQUIRED), NumberRange(min=1, max=120)])
    method = SelectField(_l("Paid by"), choices=METHODS)


class ArrivalForm(FlaskForm):
    child = HiddenField(validators=[DataRequired(REQUIRED)])
    at = StringField(_l("Time (empty: now)"), filters=[strip], validators=[Length(max=5)])


class DepartureForm(FlaskForm):
    """A child leaving the register: who picked them up and when."""

    child = HiddenField(validators=[DataRequired(REQUIRED)])
    picked_up_by = SelectField(_l("Picked up by"), validators=[DataRequired(REQUIRED)])
    at = StringField(_l("Time (empty: now)"), filters=[strip], validators=[Length(max=5)])
    note = StringField(_l("Note for the family"), filters=[strip], validators=[Length(max=500)])


class StaffForm(FlaskForm):
    """An educator coming on or going off duty."""

    educator = HiddenField(validators=[DataRequired(REQUIRED)])
    at = StringField(_l("Time (empty: now)"), filters=[strip], validators=[Length(max=5)])
    replaces = StringField(_l("In place of"), filters=[strip], validators=[Length(max=12)])  # a substitution


class RosterForm(FlaskForm):
    start = HiddenField(validators=[DataRequired(REQUIRED)])
    educators = IntegerField(_l("Educators on duty"), validators=[InputRequired(REQUIRED), NumberRange(min=0, max=50)])


class PlanForm(FlaskForm):
    week_start = DateField(_l("Week starting on Monday"), validators=[DataRequired(DATE_ERROR)])
    body_it = TextAreaField(_l("Activities (Italian)"), validators=[DataRequired(REQUIRED), Length(max=5000)],
                            render_kw={"rows": 6})
    body_en = TextAreaField(_l("Activities (English)"), validators=[DataRequired(REQUIRED), Length(max=5000)],
                            render_kw={"rows": 6})


class JulyNurseryForm(FlaskForm):
    nursery_open = RadioField(_l("Does the micro nido open in July this year?"),
                              choices=[("yes", _l("Yes: the baby parking runs after it, 16:30-19:00")),
                                       ("no", _l("No: the baby parking is open all day, 8:00-19:00"))],
                              validators=[InputRequired(_l("Choose whether the micro nido opens in July."))])


class PlanEmailsForm(FlaskForm):
    plan_emails = BooleanField(_l("Send me the week's activity plan by e-mail"))
