"""Forms of the micro nido's family pages: the receipts' details, absences, the daily diary."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from portal.auth.forms import REQUIRED
from portal.childcare import rules
from portal.core.forms import (
    DATE_ERROR,
    FlaskForm,
    codice_fiscale_check,
    empty_to_none,
    single_line,
    strip_text,
)

LUNCH = {"": _l("Not said"), "all": _l("All of it"), "most": _l("Most of it"), "little": _l("A little"),
         "none": _l("Nothing")}


class ReceiptDetailsForm(FlaskForm):
    """Who pays the micro nido and is named on its receipts; each child's codice fiscale is a field added per child
    (`child_<id>`, see `for_family`)."""

    payer_name = StringField(_l("Name and surname of the parent who pays"), filters=[single_line],
                             validators=[DataRequired(REQUIRED), Length(max=200)],
                             render_kw={"autocomplete": "name"})
    payer_codice_fiscale = StringField(_l("Codice fiscale of the parent who pays"), filters=[empty_to_none],
                                       validators=[DataRequired(REQUIRED), Length(max=16), codice_fiscale_check],
                                       render_kw={"autocomplete": "off", "autocapitalize": "characters",
                                                  "spellcheck": "false"})
    address = StringField(_l("Address (street and number, postcode, town)"), filters=[single_line],
                          validators=[DataRequired(REQUIRED), Length(max=200)],
                          render_kw={"autocomplete": "street-address"})

    @classmethod
    def for_family(cls, children, formdata=None, **data):
        """The form with one codice fiscale field per child (named by the child)."""

        class WithChildren(cls):
            pass

        for child in children:
            setattr(WithChildren, f"child_{child.id}", StringField(
                _l("Codice fiscale of %(child)s", child=child.full_name), filters=[empty_to_none],
                validators=[DataRequired(REQUIRED), Length(max=16), codice_fiscale_check],
                render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}))
        return WithChildren(formdata=formdata, **data) if formdata is not None else WithChildren(**data)

    def children_codes(self, children) -> dict[int, str | None]:
        return {child.id: getattr(self, f"child_{child.id}").data for child in children}


class AbsenceForm(FlaskForm):
    day = DateField(_l("Day of the absence"), validators=[DataRequired(DATE_ERROR)])
    note = StringField(_l("Note for the educators (optional)"), filters=[single_line],
                       validators=[Length(max=rules.ABSENCE_NOTE_MAX)])


class DiaryForm(FlaskForm):
    lunch = SelectField(_l("Lunch eaten"), choices=list(LUNCH.items()), default="", validate_choice=True)
    nap = IntegerField(_l("Nap, in minutes"), validators=[Optional(), NumberRange(min=0, max=rules.NAP_MAX_MINUTES)],
                       render_kw={"inputmode": "numeric", "autocomplete": "off"})
    note = TextAreaField(_l("Note for the parents"), filters=[strip_text],
                         validators=[Length(max=rules.DIARY_NOTE_MAX)], render_kw={"rows": 2})

