"""The one form to ask for a new provider or merchant, and the office's answer."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import URL, DataRequired, InputRequired, Length, Optional

from portal.core.forms import FlaskForm, single_line, strip_text

REQUIRED = _l("This field is required.")


class AffiliationForm(FlaskForm):
    # the choices are the kinds this person may ask for; the use case refuses any other (check_affiliation_kind)
    kind = RadioField(_l("What are you asking for?"), choices=[], filters=[single_line], validate_choice=False,
                      validators=[InputRequired(_l("Choose what you are asking for."))])
    name = StringField(_l("Name of the shop, school or service"), filters=[single_line],
                       validators=[DataRequired(REQUIRED), Length(max=200)])
    town = StringField(_l("Town"), filters=[single_line], validators=[Length(max=120)])
    website = StringField(_l("Website (optional)"), filters=[single_line],
                          validators=[Optional(), URL(message=_l("Enter a web address starting with https://.")),
                                      Length(max=300)])
    reason = TextAreaField(_l("What they offer, and why it would be useful"), filters=[strip_text],
                           validators=[DataRequired(REQUIRED), Length(max=3000)], render_kw={"rows": 4})

    def offer(self, kinds, chosen: str | None) -> None:
        """The kinds this person may ask for; the one named by the page they came from is chosen beforehand."""
        self.kind.choices = [(entry.key, entry.label) for entry in kinds]
        if self.is_submitted():
            return  # what was sent is checked against these choices, never replaced
        if len(kinds) == 1:
            self.kind.data = kinds[0].key  # nothing to choose: the form says what it is for
        elif chosen in {entry.key for entry in kinds}:
            self.kind.data = chosen

    def values(self) -> dict:
        return {"name": self.name.data, "town": self.town.data or "", "website": self.website.data or "",
                "reason": self.reason.data}


class HandleAffiliationForm(FlaskForm):
    status = HiddenField(filters=[single_line])
    answer = TextAreaField(_l("Answer to the person who asked"), filters=[strip_text], validators=[Length(max=3000)],
                           render_kw={"rows": 3})
