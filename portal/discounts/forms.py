"""The discounts portal's forms; every one-line field is filtered, text areas keep their lines."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import URL, DataRequired, InputRequired, Length, Optional

from portal.auth.forms import REQUIRED
from portal.core.forms import DATE_ERROR, FlaskForm, single_line, strip_text
from portal.discounts import labels

HTTPS = _l("Enter a web address starting with https://.")


def _choices(mapping) -> list[tuple[str, str]]:
    return list(mapping.items())


class MerchantForm(FlaskForm):
    name = StringField(_l("Merchant's name"), filters=[single_line],
                       validators=[DataRequired(REQUIRED), Length(max=200)])
    website = StringField(_l("Website (optional)"), filters=[single_line],
                          validators=[Optional(), URL(message=HTTPS), Length(max=300)])
    phone = StringField(_l("Phone (optional)"), filters=[single_line], validators=[Length(max=40)])

    def values(self) -> dict:
        return {"name": self.name.data, "website": self.website.data or "", "phone": self.phone.data or ""}


class OfferForm(FlaskForm):
    title = StringField(_l("The discount in plain words"), filters=[single_line],
                        description=_l("For example: a fifth off every bike repair."),
                        validators=[DataRequired(REQUIRED), Length(max=200)])
    category = SelectField(_l("Category"), choices=_choices(labels.CATEGORIES), validators=[InputRequired(REQUIRED)])
    redeem = RadioField(_l("How it is redeemed"), choices=_choices(labels.REDEEM),
                        validators=[InputRequired(REQUIRED)])
    code = StringField(_l("Code (when redeemed by code)"), filters=[single_line], validators=[Length(max=60)])
    link = StringField(_l("Link (when redeemed online)"), filters=[single_line], validators=[Length(max=300)])
    conditions = TextAreaField(_l("Conditions (optional)"), filters=[strip_text], validators=[Length(max=2000)],
                               render_kw={"rows": 3})
    address = StringField(_l("Address (optional)"), filters=[single_line], validators=[Length(max=200)])
    town = StringField(_l("Town"), filters=[single_line], validators=[DataRequired(REQUIRED), Length(max=80)])
    province = SelectField(_l("Province"), choices=_choices(labels.PROVINCES), validators=[InputRequired(REQUIRED)])
    valid_from = DateField(_l("Valid from"), validators=[InputRequired(DATE_ERROR)])
    valid_to = DateField(_l("Valid until (included)"), validators=[InputRequired(DATE_ERROR)])

    def values(self) -> dict:
        return {name: (getattr(self, name).data or "") if name not in ("valid_from", "valid_to")
                else getattr(self, name).data
                for name in ("title", "category", "redeem", "code", "link", "conditions", "address", "town",
                             "province", "valid_from", "valid_to")}


class ReportForm(FlaskForm):
    reason = RadioField(_l("What went wrong?"), choices=_choices(labels.REPORT_REASONS),
                        validators=[InputRequired(_l("Choose what went wrong."))])
    details = TextAreaField(_l("Details (optional)"), filters=[strip_text], validators=[Length(max=2000)],
                            render_kw={"rows": 3})


class DigestForm(FlaskForm):
    weekly = BooleanField(_l("Send me a weekly e-mail with the new offers"))
