"""Italian courses' forms: every field filtered and bounded."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField, ValidationError
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, StopValidation

from portal.auth.forms import REQUIRED
from portal.core.forms import DATE_ERROR, FlaskForm, strip, strip_text
from portal.core.ids import is_matricola
from portal.courses import labels, rules

WHOLE = _l("Enter a whole number.")


class WholeNumberField(IntegerField):
    """A whole number written with the ASCII digits 0-9 (int() would also read '１２' or '1_0'); one clear message
    when it is not one."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "numeric", "autocomplete": "off"})
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = valuelist[0].strip()
        if text.isascii() and text.isdigit() and len(text) <= 18:
            self.data = int(text)
        else:
            self.data = None
            raise ValueError(WHOLE)

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()


class PeriodForm(FlaskForm):
    year = WholeNumberField(_l("Academic year starting in"), validators=[
        InputRequired(WHOLE), NumberRange(2020, 2100, _l("Enter a year between %(min)s and %(max)s."))])
    number = SelectField(_l("Teaching period"), choices=[("1", _l("1: October–January")),
                                                         ("2", _l("2: March–June"))], validators=[DataRequired(REQUIRED)])
    opens_on = DateField(_l("Enrolment opens on (empty: three weeks before)"), validators=[Optional()])


class CourseForm(FlaskForm):
    level = SelectField(_l("Level"), choices=[(level, level) for level in rules.LEVELS],
                        validators=[DataRequired(REQUIRED)])
    mode = SelectField(_l("How it is given"), choices=list(labels.MODES.items()), validators=[DataRequired(REQUIRED)])
    pattern = SelectField(_l("Meetings"), choices=list(labels.PATTERNS.items()), validators=[DataRequired(REQUIRED)])
    starts_on = DateField(_l("First meeting on"), validators=[DataRequired(DATE_ERROR)])
    capacity = WholeNumberField(_l("Seats"), default=75, validators=[
        InputRequired(WHOLE), NumberRange(*rules.CAPACITY_RANGE, _l("Enter a number between %(min)s and %(max)s."))])
    place = StringField(_l("Room or link"), filters=[strip], validators=[Length(max=200)])


class TeacherForm(FlaskForm):
    teacher = SelectField(_l("Teacher"), coerce=int, validate_choice=False, validators=[InputRequired(REQUIRED)])


class CapacityForm(FlaskForm):
    capacity = WholeNumberField(_l("Seats"), validators=[
        InputRequired(WHOLE), NumberRange(*rules.CAPACITY_RANGE, _l("Enter a number between %(min)s and %(max)s."))])


class MoveForm(FlaskForm):
    course = SelectField(_l("Move to"), coerce=int, validate_choice=False, validators=[InputRequired(REQUIRED)])


class TopicForm(FlaskForm):
    topic = TextAreaField(_l("Topic of the meeting"), filters=[strip_text],
                          validators=[Length(max=1000)], render_kw={"rows": 2})


class PlanStudentsForm(FlaskForm):
    matricole = TextAreaField(_l("Matricole with Italian in the study plan, one per line"), filters=[strip_text],
                              validators=[Length(max=70_000)], render_kw={"rows": 6})

    def validate_matricole(self, field) -> None:
        codes = (field.data or "").split()
        wrong = [code for code in codes if not is_matricola(code)]
        if wrong:
            raise ValidationError(_l("Not a matricola (six digits): %(codes)s.", codes=", ".join(wrong[:5])[:80]))
        self.codes = codes


class QuestionForm(FlaskForm):
    """A placement question: 2 to 4 answers (the last two may stay empty), the right one chosen by its number."""

    level = SelectField(_l("Level"), choices=[(level, level) for level in rules.PLACEMENT_LEVELS],
                        validators=[DataRequired(REQUIRED)])
    prompt = TextAreaField(_l("Question"), filters=[strip_text], render_kw={"rows": 2},
                           validators=[DataRequired(REQUIRED), Length(max=500)])
    choice_1 = StringField(_l("Answer 1"), filters=[strip], validators=[DataRequired(REQUIRED), Length(max=200)])
    choice_2 = StringField(_l("Answer 2"), filters=[strip], validators=[DataRequired(REQUIRED), Length(max=200)])
    choice_3 = StringField(_l("Answer 3 (optional)"), filters=[strip], validators=[Length(max=200)])
    choice_4 = StringField(_l("Answer 4 (optional)"), filters=[strip], validators=[Length(max=200)])
    correct = SelectField(_l("The right answer"), choices=[("1", _l("Answer 1")), ("2", _l("Answer 2")),
                                                          ("3", _l("Answer 3")), ("4", _l("Answer 4"))],
                          validators=[DataRequired(REQUIRED)])

    def texts(self) -> list[str]:
        return [self.choice_1.data or "", self.choice_2.data or "", self.choice_3.data or "", self.choice_4.data or ""]

    def correct_index(self) -> int:
        """The right answer's place among the answers written (empty ones skipped); -1 if it points at an empty one."""
        texts = self.texts()
        wanted = int(self.correct.data) - 1
        if not texts[wanted].strip():
            return -1
        return sum(1 for text in texts[:wanted] if text.strip())
