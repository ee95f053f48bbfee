"""Forms of points 5, 6 and 8: exam sittings and turns, registration, results, accommodations, certification
sessions, candidate numbers and results per skill. Every field filtered and bounded."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, SelectField, SelectMultipleField, StringField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from portal.auth.forms import REQUIRED
from portal.core.forms import DATE_ERROR, FlaskForm, strip
from portal.courses import labels_exams, rules
from portal.courses.forms import WHOLE, WholeNumberField

TIME_ERROR = _l("Enter a time, for example 14:30.")
RANGE = _l("Enter a number between %(min)s and %(max)s.")


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class TurnFields(FlaskForm):
    day = DateField(_l("Day of the turn"), validators=[DataRequired(DATE_ERROR)])
    starts = TimeField(_l("Start time"), validators=[DataRequired(TIME_ERROR)])
    minutes = WholeNumberField(_l("Length in minutes"), default=90,
                               validators=[InputRequired(WHOLE), NumberRange(30, 480, RANGE)])
    mode = SelectField(_l("How it is held"), choices=[("in_person", _l("In person")), ("online", _l("Online"))],
                       validators=[DataRequired(REQUIRED)])
    place = StringField(_l("Room or link"), filters=[strip], validators=[Length(max=200)])
    capacity = WholeNumberField(_l("Seats"), default=80, validators=[InputRequired(WHOLE), NumberRange(1, 500, RANGE)])


class SittingForm(TurnFields):
    title = StringField(_l("Name of the sitting"), filters=[strip],
                        validators=[DataRequired(REQUIRED), Length(max=100)])
    levels = CheckboxesField(_l("Levels"), choices=[(level, level) for level in rules.LEVELS],
                             validators=[DataRequired(_l("Choose the levels of the sitting."))])
    opens_on = DateField(_l("Registration opens on"), validators=[DataRequired(DATE_ERROR)])
    closes_on = DateField(_l("Registration closes on"), validators=[DataRequired(DATE_ERROR)])


class TurnForm(TurnFields):
    pass


class ExaminerForm(FlaskForm):
    teacher = SelectField(_l("Examiner"), coerce=int, validate_choice=False, validators=[InputRequired(REQUIRED)])


class ExamRegistrationForm(FlaskForm):
    turn = SelectField(_l("Turn"), coerce=int, validate_choice=False, validators=[InputRequired(REQUIRED)])
    level = SelectField(_l("Level"), validate_choice=False, validators=[DataRequired(REQUIRED)])
    graduating = BooleanField(_l("I am graduating (an integrative oral may be offered)"))


class ResultForm(FlaskForm):
    outcome = SelectField(_l("Outcome"), choices=list(labels_exams.OUTCOMES.items()),
                          validators=[DataRequired(REQUIRED)])
    grade = WholeNumberField(_l("Grade (18–30)"), validators=[Optional(), NumberRange(18, 30, RANGE)])
    oral = SelectField(_l("Integrative oral"), choices=[("", _l("None")), *labels_exams.ORAL.items()],
                       validators=[Optional()])


class AccommodationForm(FlaskForm):
    kind = SelectField(_l("Why"), choices=list(labels_exams.ACCOMMODATION_KINDS.items()),
                       validators=[DataRequired(REQUIRED)])
    extra_percent = WholeNumberField(_l("Extra time (%)"), default=0,
                                     validators=[InputRequired(WHOLE), NumberRange(0, 50, RANGE)])
    oral_instead = BooleanField(_l("Oral instead of written"))
    quiet_room = BooleanField(_l("A quiet room"))


class CertSessionForm(FlaskForm):
    body = SelectField(_l("Certifying body"), choices=[(body, body) for body in rules.CERT_BODIES],
                       validators=[DataRequired(REQUIRED)])
    level = SelectField(_l("Level"), choices=[(level, level) for level in rules.CERT_LEVELS],
                        validators=[DataRequired(REQUIRED)])
    written_on = DateField(_l("Written test on"), validators=[DataRequired(DATE_ERROR)])
    oral_on = DateField(_l("Oral test on"), validators=[DataRequired(DATE_ERROR)])
    place = StringField(_l("Place"), filters=[strip], validators=[Length(max=200)])


class NumberForm(FlaskForm):
    number = StringField(_l("Body's candidate number"), filters=[strip],
                         validators=[DataRequired(REQUIRED), Length(max=30)])


def cert_result_form(skills):
    """A form with one outcome per skill the candidate sat."""

    class CertResultForm(FlaskForm):
        pass

    for skill in skills:
        setattr(CertResultForm, skill, SelectField(labels_exams.SKILLS[skill],
                                                   choices=[("", _l("Not given")), *labels_exams.OUTCOMES.items()],
                                                   validators=[Optional()]))
    return CertResultForm
