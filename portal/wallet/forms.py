from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired, MultipleFileField
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
from wtforms.validators import URL, DataRequired, InputRequired, Length, NumberRange, Optional

from portal.auth.forms import REQUIRED
from portal.core.forms import DATE_ERROR, FlaskForm, MoneyField, codice_fiscale_check, positive_amount, strip
from portal.wallet.rules import (
    CERTIFICATION_KINDS,
    RELATIONSHIPS,
    SATISFACTION,
    TAX_RULES,
    USES,
)


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


class BuyForm(FlaskForm):
    amount = MoneyField(_l("Amount (EUR)"), validators=[Optional(), positive_amount])
    beneficiary = SelectField(_l("For whom"), coerce=int, default=0)
    confirm = HiddenField(default="")


class FamilyMemberForm(FlaskForm):
    full_name = StringField(_l("Full name"), filters=[strip], validators=[DataRequired(REQUIRED), Length(max=200)])
    relationship = SelectField(_l("Relationship"), choices=list(RELATIONSHIPS.items()))
    birth_date = DateField(_l("Birth date"), validators=[DataRequired(DATE_ERROR)])
    codice_fiscale = StringField(_l("Codice fiscale"), filters=[strip],
                                 validators=[DataRequired(REQUIRED), Length(max=16), codice_fiscale_check],
                                 render_kw={"autocapitalize": "characters"})
    fiscally_dependent = BooleanField(_l("Fiscally dependent on me (art. 12 TUIR)"),
                                      description=_l("Yearly income up to EUR 2,840.51, or up to EUR 4,000 for "
                                                     "children up to 24 years, at 31 December."))
    lives_with_employee = BooleanField(_l("Lives with me"))
    receives_maintenance = BooleanField(_l("Receives maintenance from me (ordered by a court)"))
    yearly_income = MoneyField(_l("Their yearly income this year (EUR)"), validators=[Optional()],
                               description=_l("Required to declare them dependent: total income expected at "
                                              "31 December, 0 if none."))
    declaration = BooleanField(
        _l("I declare that this information is true, aware of the penalties for false statements "
           "(art. 76 D.P.R. 445/2000)."),
        validators=[DataRequired(_l("Tick the declaration to save."))])

    def values(self) -> dict:
        values = {name: getattr(self, name).data for name in (
            "full_name", "relationship", "birth_date", "codice_fiscale", "fiscally_dependent",
            "lives_with_employee", "receives_maintenance")}
        values["yearly_income_cents"] = self.yearly_income.data
        return values


class PensionElsewhereForm(FlaskForm):
    amount = MoneyField(_l("Pension fund contributions paid elsewhere this year (EUR)"),
                        validators=[InputRequired(REQUIRED)],
                        description=_l("Your own payments and those of your employer's payroll, outside the "
                                       "Conto Welfare: 0 if none."))


class ProviderForm(FlaskForm):
    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(REQUIRED), Length(max=200)])
    city = StringField(_l("Where"), filters=[strip], validators=[Length(max=120)])
    website = StringField(_l("Website"), filters=[strip], validators=[Optional(), URL(message=_l("Enter a web address starting with https://.")), Length(max=300)])
    active = BooleanField(_l("Active"), default=True)


class OfferForm(FlaskForm):
    provider = SelectField(_l("Provider"), coerce=int)
    area = SelectField(_l("Area"))  # choices: the active areas, set by the route
    tax_rule = SelectField(_l("Tax rule"), choices=[(key, f"{rule.label} ({rule.reference})") for key, rule in TAX_RULES.items()])
    use = SelectField(_l("How it is used"), choices=list(USES.items()))
    title_it = StringField(_l("Title (Italian)"), filters=[strip], validators=[DataRequired(REQUIRED), Length(max=200)])
    title_en = StringField(_l("Title (English)"), filters=[strip], validators=[DataRequired(REQUIRED), Length(max=200)])
    description_it = TextAreaField(_l("Description (Italian)"), validators=[DataRequired(REQUIRED), Length(max=5000)])
    description_en = TextAreaField(_l("Description (English)"), validators=[DataRequired(REQUIRED), Length(max=5000)])
    price = MoneyField(_l("Price (EUR)"), validators=[Optional(), positive_amount],
                       description=_l("Leave empty when the employee chooses the amount."))
    where_it = StringField(_l("Where it is available (Italian)"), filters=[strip], validators=[Length(max=300)])
    where_en = StringField(_l("Where it is available (English)"), filters=[strip], validators=[Length(max=300)])
    data_shared_it = TextAreaField(_l("Personal data passed to the institution or third parties (Italian)"),
                                   validators=[DataRequired(REQUIRED), Length(max=2000)])
    data_shared_en = TextAreaField(_l("Personal data passed to the institution or third parties (English)"),
                                   validators=[DataRequired(REQUIRED), Length(max=2000)])
    active = BooleanField(_l("Shown in the catalog"), default=True)

    FIELDS = ("area", "tax_rule", "use", "title_it", "title_en", "description_it", "description_en", "where_it",
              "where_en", "data_shared_it", "data_shared_en", "active")

    def values(self) -> dict:
        values = {name: getattr(self, name).data for name in self.FIELDS}
        values.update(provider_id=self.provider.data, price_cents=self.price.data)
        return values


class ReimbursementForm(FlaskForm):
    category = SelectField(_l("Kind of expense"), coerce=int)
    beneficiary = SelectField(_l("For whom"), coerce=int, default=0)
    amount = MoneyField(_l("Amount paid (EUR)"), validators=[InputRequired(REQUIRED), positive_amount])
    expense_date = DateField(_l("Date of the expense"), validators=[DataRequired(DATE_ERROR)])
    provider_name = StringField(_l("Paid to (provider)"), filters=[strip],
                                validators=[DataRequired(REQUIRED), Length(max=200)])
    documents = MultipleFileField(
        _l("Documents"), validators=[FileRequired(_l("Attach at least one document."))],
        description=_l("The receipt in the name of the employee or the beneficiary, with the beneficiary's name "
                       "and codice fiscale, and the proof of payment. PDF, JPEG or PNG, up to 10 MB each."))
    declaration = BooleanField(
        _l("I declare that the expense is real, was paid by me, and has not been and will not be reimbursed "
           "by anyone else (art. 76 D.P.R. 445/2000)."),
        validators=[DataRequired(_l("Tick the declaration to send the request."))])


class AnswerForm(FlaskForm):
    message = TextAreaField(_l("Your answer"), validators=[Length(max=5000)], render_kw={"rows": 4})
    documents = MultipleFileField(_l("More documents"), description=_l("PDF, JPEG or PNG, up to 10 MB each."))


class DecisionForm(FlaskForm):
    decision = HiddenField()
    amount = MoneyField(_l("Amount approved (EUR)"), validators=[Optional(), positive_amount],
                        description=_l("Leave empty to approve the whole amount requested."))
    message = TextAreaField(_l("Message to the employee"), validators=[Length(max=5000)], render_kw={"rows": 4},
                            description=_l("Required to reject, to ask for more or to approve less than requested."))


class PayrollForm(FlaskForm):
    month = StringField(_l("Month of approval"), filters=[strip], validators=[DataRequired(REQUIRED)],
                        description=_l("YYYY-MM: the reimbursements approved in that month go to the next payslip."),
                        render_kw={"inputmode": "numeric", "placeholder": "2026-03"})


class RulesForm(FlaskForm):
    version = HiddenField()
    accept = BooleanField(_l("I have read the rules of the welfare plan and I will follow them"),
                          validators=[DataRequired(_l("Tick the box to accept the rules and continue."))])


class FeedbackForm(FlaskForm):
    rating = RadioField(_l("How satisfied are you with the welfare service?"), coerce=int,
                        choices=list(SATISFACTION.items()),
                        validators=[InputRequired(_l("Choose one of the five answers."))])
    comment = TextAreaField(_l("Comment (optional)"), validators=[Length(max=3000)], render_kw={"rows": 3})


class PreferencesForm(FlaskForm):
    info_emails = BooleanField(_l("Send me information e-mails about the welfare plan (news, deadlines, new services)"))


class InfoEmailForm(FlaskForm):
    subject_it = StringField(_l("Subject (Italian)"), filters=[strip], validators=[DataRequired(REQUIRED), Length(max=150)])
    subject_en = StringField(_l("Subject (English)"), filters=[strip], validators=[DataRequired(REQUIRED), Length(max=150)])
    body_it = TextAreaField(_l("Text (Italian)"), validators=[DataRequired(REQUIRED), Length(max=10_000)],
                            render_kw={"rows": 8})
    body_en = TextAreaField(_l("Text (English)"), validators=[DataRequired(REQUIRED), Length(max=10_000)],
                            render_kw={"rows": 8})


class CertificationForm(FlaskForm):
    kind = SelectField(_l("What it certifies"), choices=list(CERTIFICATION_KINDS.items()),
                       validators=[DataRequired(REQUIRED)])
    family_member = SelectField(_l("Which family member (if any)"), coerce=int, default=0)
    note = TextAreaField(_l("Note for the office (optional)"), validators=[Length(max=2000)], render_kw={"rows": 2})
    document = FileField(_l("Document"), validators=[FileRequired(_l("Attach the document."))],
                         description=_l("PDF, JPEG or PNG, up to 10 MB."))


class WelfareFormForm(FlaskForm):
    title_it = StringField(_l("Title (Italian)"), filters=[strip], validators=[DataRequired(REQUIRED), Length(max=200)])
    title_en = StringField(_l("Title (English)"), filters=[strip], validators=[DataRequired(REQUIRED), Length(max=200)])
    description_it = TextAreaField(_l("What it is for (Italian)"), validators=[Length(max=3000)], render_kw={"rows": 2})
    description_en = TextAreaField(_l("What it is for (English)"), validators=[Length(max=3000)], render_kw={"rows": 2})
    document = FileField(_l("File"), validators=[FileRequired(_l("Attach the file."))],
                         description=_l("PDF, JPEG or PNG, up to 10 MB: staff download it, fill it in and send it back."))

    def values(self) -> dict:
        return {"title_it": self.title_it.data, "title_en": self.title_en.data,
                "description_it": self.description_it.data or "", "description_en": self.description_en.data or ""}


class ReviewCertificationForm(FlaskForm):
    status = HiddenField()
    note = TextAreaField(_l("Message to the employee"), validators=[Length(max=2000)], render_kw={"rows": 2})


class AreaForm(FlaskForm):
    code = StringField(_l("Code"), filters=[strip], validators=[Length(max=20)],
                       description=_l("Lowercase letters, digits and underscores; used in exports and cannot change."))
    name_it = StringField(_l("Name (Italian)"), filters=[strip], validators=[DataRequired(REQUIRED), Length(max=120)])
    name_en = StringField(_l("Name (English)"), filters=[strip], validators=[DataRequired(REQUIRED), Length(max=120)])
    description_it = TextAreaField(_l("Description (Italian)"), validators=[Length(max=3000)], render_kw={"rows": 2})
    description_en = TextAreaField(_l("Description (English)"), validators=[Length(max=3000)], render_kw={"rows": 2})
    position = IntegerField(_l("Order in lists"), default=100,
                            validators=[InputRequired(REQUIRED), NumberRange(min=0, max=10_000)])
    members_only = BooleanField(_l("Only for members of the Polincontri club"))
    active = BooleanField(_l("Shown in the catalog"), default=True)

    def values(self) -> dict:
        return {"code": (self.code.data or "").lower(), "name_it": self.name_it.data, "name_en": self.name_en.data,
                "description_it": self.description_it.data or "", "description_en": self.description_en.data or "",
                "position": self.position.data, "members_only": self.members_only.data, "active": self.active.data}
