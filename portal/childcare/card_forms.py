"""Forms of the child's card and the micro nido's meal price."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from portal.auth.forms import REQUIRED
from portal.childcare import rules
from portal.core.forms import FlaskForm, MoneyField, strip, strip_text


class CardForm(FlaskForm):
    allergies = TextAreaField(_l("Allergies"), filters=[strip_text], validators=[Length(max=1000)])
    vaccinations_declared_on = DateField(_l("Vaccinations self-certified on"), validators=[Optional()])
    photos_allowed = BooleanField(_l("Photos and videos of the child may be taken for the nursery's activities"))
    outings_allowed = BooleanField(_l("The child may take part in outings"))


class DietForm(FlaskForm):
    description = StringField(_l("Special diet"), filters=[strip], validators=[DataRequired(REQUIRED),
                                                                                 Length(max=300)])
    medical = BooleanField(_l("Medical diet (with a doctor's certificate)"))
    expires_on = DateField(_l("Certificate valid until"), validators=[Optional()])


class MedicineForm(FlaskForm):
    name = StringField(_l("Medicine"), filters=[strip], validators=[DataRequired(REQUIRED), Length(max=120)])
    dose = StringField(_l("Dose"), filters=[strip], validators=[DataRequired(REQUIRED), Length(max=120)])
    schedule = StringField(_l("When"), filters=[strip], validators=[DataRequired(REQUIRED), Length(max=200)])


class MealPriceForm(FlaskForm):
    meal_price = MoneyField(_l("A day's meals"), validators=[DataRequired(REQUIRED)],
                            maximum_cents=rules.MEAL_MAX_CENTS)
