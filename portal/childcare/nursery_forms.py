"""Forms of the micro nido's pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import DateField, HiddenField, IntegerField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from portal.auth.forms import REQUIRED
from portal.childcare import labels, rules
from portal.core.forms import DATE_ERROR, FlaskForm, MoneyField, single_line

NURSERY_METHODS = {"transfer": _l("Bank transfer"), "cheque": _l("Non-transferable cheque"), "pos": _l("Card (POS)"),
                   "cash": _l("Cash")}


class WeekdaysField(SelectMultipleField):
    """The fixed days of a vertical part time as weekday checkboxes (the rule checks there are exactly 2 or 3)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label=None, **kwargs):
        super().__init__(label, choices=list(labels.WEEKDAYS.items()), validate_choice=True, **kwargs)

    @property
    def text(self) -> str:
        """The days as the rules and the table keep them: "mon-wed-fri"."""
        return "-".join(self.data or [])


def _fee_field(group: str, attendance: str, band: str) -> MoneyField:
    return MoneyField(rules.ISEE_BANDS[band], validators=[InputRequired(REQUIRED)],
                      maximum_cents=rules.FEE_MAX_CENTS)


class FeeTableForm(FlaskForm):
    """One money field per cell of the year's fee table, named group_attendance_band (ae_full_time_low ...)."""

    @classmethod
    def for_table(cls, table: dict | None = None, formdata=None):
        form = cls(formdata=formdata) if formdata is not None else cls()
        if table is not None and formdata is None:
            for key, cents in table.items():
                getattr(form, "_".join(key)).data = cents
        return form

    def table(self) -> dict[tuple[str, str, str], int | None]:
        return {key: getattr(self, "_".join(key)).data for key in rules.fee_keys()}


for _key in rules.fee_keys():
    setattr(FeeTableForm, "_".join(_key), _fee_field(*_key))


class OpenYearForm(FlaskForm):
    start_year = IntegerField(_l("Nursery year starting in September of"),
                              validators=[InputRequired(REQUIRED), NumberRange(min=2000, max=2100)],
                              render_kw={"inputmode": "numeric", "autocomplete": "off"})


class RankingForm(FlaskForm):
    file = FileField(_l("Ranking (CSV)"))
    payload = HiddenField()


class ApplicantForm(FlaskForm):
    """One applicant of the call entered by hand (the same checks as a row of the ranking's file)."""

    rank = StringField(_l("Rank (empty: last)"), filters=[single_line], validators=[Length(max=6)],
                       render_kw={"inputmode": "numeric", "autocomplete": "off"})
    parent_email = StringField(_l("Parent's e-mail address in the portal"), filters=[single_line],
                               validators=[DataRequired(REQUIRED), Length(max=254)])
    child_name = StringField(_l("Child's name and surname"), filters=[single_line],
                             validators=[DataRequired(REQUIRED), Length(max=120)])
    birth_date = DateField(_l("Date of birth"), validators=[DataRequired(DATE_ERROR)])
    category = SelectField(_l("Parent's category"), choices=list(rules.NURSERY_CATEGORIES.items()),
                           validators=[DataRequired(REQUIRED)])
    grandchild = SelectField(_l("Grandchild of a member of staff"), choices=[("", _l("No")), ("yes", _l("Yes"))],
                             validate_choice=True)
    attendance = SelectField(_l("Attendance type"), choices=list(rules.ATTENDANCE.items()),
                             validators=[DataRequired(REQUIRED)])
    days = WeekdaysField(_l("Fixed days (vertical part time only)"))
    isee = StringField(_l("ISEE in euro (empty: not declared)"), filters=[single_line], validators=[Length(max=20)],
                       render_kw={"inputmode": "decimal", "autocomplete": "off"})
    affiliated_until = DateField(_l("The parent works or studies at the university until (empty: no end known)"),
                                 validators=[Optional()], format="%Y-%m-%d")

    def values(self) -> dict[str, str]:
        return {"rank": self.rank.data or "", "parent_email": self.parent_email.data or "",
                "child_name": self.child_name.data or "", "birth_date": self.birth_date.data.isoformat(),
                "category": self.category.data, "attendance": self.attendance.data, "days": self.days.text,
                "isee": self.isee.data or "", "grandchild": self.grandchild.data or "",
                "affiliated_until": self.affiliated_until.data.isoformat() if self.affiliated_until.data else ""}


class MonthForm(FlaskForm):
    month = HiddenField(validators=[DataRequired(REQUIRED)])


class FeePaymentForm(FlaskForm):
    method = SelectField(_l("Paid by"), validators=[DataRequired(REQUIRED)])
    paid_on = DateField(_l("Paid on"), validators=[DataRequired(DATE_ERROR)])
    # the month's meals paid at the same time: on their own line of the receipt (tender 27.6: not in the fee)
    meals = MoneyField(_l("Meals paid with it (optional)"), validators=[Optional()],
                       maximum_cents=rules.MEALS_MAX_CENTS)


class AttendanceForm(FlaskForm):
    attendance = SelectField(_l("New attendance type"), choices=list(rules.ATTENDANCE.items()),
                             validators=[DataRequired(REQUIRED)])
    days = WeekdaysField(_l("Fixed days (vertical part time only)"))


__all__ = ["FeeTableForm", "OpenYearForm", "RankingForm", "MonthForm", "FeePaymentForm", "AttendanceForm",
           "NURSERY_METHODS", "ApplicantForm"]


class AffiliationForm(FlaskForm):
    """The last day a place's parent (or the staff grandparent) works or studies at the university."""

    until = DateField(_l("Works or studies at the university until (empty: no end known)"),
                      validators=[Optional()], format="%Y-%m-%d")
