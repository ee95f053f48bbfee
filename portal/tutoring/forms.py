"""The tutoring service's forms; every one-line field is filtered, text areas keep their lines."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, FileField, RadioField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from portal.auth.forms import REQUIRED
from portal.core.forms import DATE_ERROR, FlaskForm, matricola_check, single_line, strip_text
from portal.core.query import int_or
from portal.tutoring import labels

TIME_ERROR = _l("Enter a time, e.g. 09:30.")
HOURS_HELP = _l("Hours, e.g. 30, 12,5 or 12:30.")


def _choices(mapping) -> list[tuple[str, str]]:
    return list(mapping.items())


class ReferForm(FlaskForm):
    matricola = StringField(_l("Student's matricola"), filters=[single_line],
                            validators=[DataRequired(REQUIRED), matricola_check])
    kind = SelectField(_l("Support"), choices=_choices(labels.KINDS), validators=[InputRequired(REQUIRED)])
    mode = SelectField(_l("In person or remote"), choices=_choices(labels.MODES), validators=[InputRequired(REQUIRED)])
    needs = TextAreaField(_l("Needs and arrangements the operators must know"), filters=[strip_text],
                          validators=[Length(max=2000)],
                          description=_l("No diagnosis here: diagnoses go in the health data, seen only by the unit."))


class CapForm(FlaskForm):
    service = SelectField(_l("Service"), choices=_choices(labels.SERVICES), validators=[InputRequired(REQUIRED)])
    quarter = SelectField(_l("Quarter"), choices=[], validators=[InputRequired(REQUIRED)])
    hours = StringField(_l("Hours in the quarter"), filters=[single_line], description=HOURS_HELP,
                        validators=[DataRequired(REQUIRED), Length(max=12)])
    month_1 = StringField(_l("of which in the first month (optional)"), filters=[single_line],
                          validators=[Optional(), Length(max=12)])
    month_2 = StringField(_l("of which in the second month (optional)"), filters=[single_line],
                          validators=[Optional(), Length(max=12)])
    month_3 = StringField(_l("of which in the third month (optional)"), filters=[single_line],
                          validators=[Optional(), Length(max=12)])


class ReviseForm(FlaskForm):
    month = SelectField(_l("What changes"), choices=[], validators=[Optional()])
    hours = StringField(_l("New hours"), filters=[single_line], description=HOURS_HELP,
                        validators=[DataRequired(REQUIRED), Length(max=12)])
    reason = TextAreaField(_l("Why"), filters=[strip_text], validators=[DataRequired(REQUIRED), Length(max=500)])


class MoreHoursForm(FlaskForm):
    hours = StringField(_l("Hours needed"), filters=[single_line], description=HOURS_HELP,
                        validators=[DataRequired(REQUIRED), Length(max=12)])
    reason = TextAreaField(_l("What they are for"), filters=[strip_text],
                           validators=[DataRequired(REQUIRED), Length(max=500)])


class AssignForm(FlaskForm):
    service = SelectField(_l("Service"), choices=_choices(labels.SERVICES), validators=[InputRequired(REQUIRED)])
    operator_id = SelectField(_l("Operator"), choices=[], coerce=int, validate_choice=False,
                              validators=[InputRequired(REQUIRED)])


class SessionForm(FlaskForm):
    service = SelectField(_l("Service"), choices=_choices(labels.SERVICES), validators=[InputRequired(REQUIRED)])
    day = DateField(_l("Day"), validators=[DataRequired(DATE_ERROR)])
    starts = TimeField(_l("Start time"), validators=[DataRequired(TIME_ERROR)])
    ends = TimeField(_l("End time"), validators=[DataRequired(TIME_ERROR)])
    mode = SelectField(_l("In person or remote"), choices=_choices(labels.MODES), validators=[InputRequired(REQUIRED)])
    activity = SelectField(_l("Activity"), choices=_choices(labels.ACTIVITIES), validators=[InputRequired(REQUIRED)])
    status = SelectField(_l("Status"), choices=[("planned", labels.STATUSES["planned"]),
                                                 ("held", labels.STATUSES["held"])],
                         validators=[InputRequired(REQUIRED)])


class StatusForm(FlaskForm):
    status = SelectField(_l("New status"), choices=[("", _l("Choose what happened"))] + [
        (key, labels.STATUSES[key]) for key in ("held", "cancelled_in_time", "cancelled_late", "not_delivered")],
                         validators=[InputRequired(REQUIRED)])
    reason = TextAreaField(_l("Reason (needed when cancelled late)"), filters=[strip_text],
                           validators=[Length(max=500)])


class ClosureForm(FlaskForm):
    day = DateField(_l("Day"), validators=[DataRequired(DATE_ERROR)])
    reason = StringField(_l("Why (optional)"), filters=[single_line], validators=[Length(max=200)])


class DiagnosisForm(FlaskForm):
    text = TextAreaField(_l("Diagnosis"), filters=[strip_text], validators=[DataRequired(REQUIRED), Length(max=4000)])


class DocumentForm(FlaskForm):
    title = StringField(_l("Title"), filters=[single_line], validators=[DataRequired(REQUIRED), Length(max=200)])
    document = FileField(_l("File (PDF, JPEG or PNG)"))


def _id_or_none(value) -> int | None:
    text = str(value or "")
    return int_or(text, None) if len(text) < 12 else None


class DisputeForm(FlaskForm):
    session_id = SelectField(_l("The line that is wrong"), choices=[], coerce=_id_or_none, validate_choice=False,
                             validators=[InputRequired(REQUIRED)])
    reason = TextAreaField(_l("What is wrong"), filters=[strip_text],
                           validators=[DataRequired(REQUIRED), Length(max=500)])


class ResolveForm(FlaskForm):
    resolution = TextAreaField(_l("How it was resolved"), filters=[strip_text],
                               validators=[DataRequired(REQUIRED), Length(max=500)],
                               description=_l("Correct the session first if it was wrong. The operator signs again, "
                                              "then the student."))


class EventForm(FlaskForm):
    title = StringField(_l("Event"), filters=[single_line], validators=[DataRequired(REQUIRED), Length(max=200)])
    office = StringField(_l("Office that asks"), filters=[single_line],
                         validators=[DataRequired(REQUIRED), Length(max=200)])
    place = StringField(_l("Where (optional)"), filters=[single_line], validators=[Length(max=200)])
    day = DateField(_l("Day"), validators=[DataRequired(DATE_ERROR)])
    starts = TimeField(_l("Start time"), validators=[DataRequired(TIME_ERROR)])
    ends = TimeField(_l("End time"), validators=[DataRequired(TIME_ERROR)])


class InterpreterForm(FlaskForm):
    operator_id = SelectField(_l("Interpreter"), choices=[], coerce=int, validate_choice=False,
                              validators=[InputRequired(REQUIRED)])


class SurveyForm(FlaskForm):
    level = RadioField(_l("How is the service going for you?"), choices=[
        (5, labels.SURVEY_LEVELS[5]), (4, labels.SURVEY_LEVELS[4]), (3, labels.SURVEY_LEVELS[3]),
        (2, labels.SURVEY_LEVELS[2]), (1, labels.SURVEY_LEVELS[1])], coerce=int,
        validators=[InputRequired(_l("Choose one answer."))])
    comment = TextAreaField(_l("Anything to tell us? (optional)"), filters=[strip_text],
                            validators=[Length(max=500)])
