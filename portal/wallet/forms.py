from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, DateField, HiddenField, IntegerField
from wtforms.validators import DataRequired, InputRequired, NumberRange

from portal.auth.forms import REQUIRED
from portal.core.forms import MoneyField, positive_amount

DATE_ERROR = _l("Enter a date.")


class PlanYearForm(FlaskForm):
    year = IntegerField(_l("Year"), validators=[InputRequired(REQUIRED), NumberRange(2020, 2100, _l("Enter a year between 2020 and 2100."))],
                        render_kw={"inputmode": "numeric"})
    amount = MoneyField(_l("Amount per person (EUR)"), validators=[InputRequired(REQUIRED), positive_amount],
                        description=_l("Multiplied by each person's service coefficient."))
    starts_on = DateField(_l("Start of the period"), validators=[DataRequired(DATE_ERROR)])
    ends_on = DateField(_l("End of the period"), validators=[DataRequired(DATE_ERROR)])
    expires_without_carry_over = BooleanField(_l("Unspent money expires at the end of the period (no carry-over)"))
    fringe_limit = MoneyField(_l("Fringe-benefit limit (EUR)"), validators=[InputRequired(REQUIRED), positive_amount])
    fringe_limit_children = MoneyField(_l("Fringe-benefit limit with dependent children (EUR)"),
                                       validators=[InputRequired(REQUIRED), positive_amount])
    pension_limit = MoneyField(_l("Pension fund limit (EUR)"), validators=[InputRequired(REQUIRED), positive_amount])
    health_limit = MoneyField(_l("Health fund limit (EUR)"), validators=[InputRequired(REQUIRED), positive_amount])

    def values(self) -> dict:
        return {
            "year": self.year.data, "amount_cents": self.amount.data, "starts_on": self.starts_on.data,
            "ends_on": self.ends_on.data, "expires_without_carry_over": self.expires_without_carry_over.data,
            "fringe_limit_cents": self.fringe_limit.data, "fringe_limit_children_cents": self.fringe_limit_children.data,
            "pension_limit_cents": self.pension_limit.data, "health_limit_cents": self.health_limit.data,
        }

    def fill(self, values: dict) -> None:
        for name in ("year", "starts_on", "ends_on", "expires_without_carry_over"):
            getattr(self, name).data = values[name]
        for name in ("amount", "fringe_limit", "fringe_limit_children", "pension_limit", "health_limit"):
            getattr(self, name).data = values[f"{name}_cents"]


class RosterForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[FileRequired(_l("Choose a CSV file.")),
                                                 FileAllowed(["csv", "txt"], _l("Choose a file ending in .csv."))])


class RosterConfirmForm(FlaskForm):
    payload = HiddenField()
