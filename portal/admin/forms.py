from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import EmailField, HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from portal.auth.forms import REQUIRED
from portal.auth.models import LOCALE_LABELS, ROLE_LABELS
from portal.core.forms import (
    FlaskForm,
    codice_fiscale_check,
    codice_persona_check,
    empty_to_none,
    matricola_check,
    strip,
)


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class UserForm(FlaskForm):
    access_code = StringField(_l("Access code"), filters=[strip], validators=[DataRequired(REQUIRED), Length(max=64)],
                              render_kw={"autocapitalize": "none", "spellcheck": "false"})
    full_name = StringField(_l("Full name"), filters=[strip], validators=[DataRequired(REQUIRED), Length(max=200)],
                            render_kw={"autocomplete": "off"})
    email = EmailField(_l("E-mail address"), filters=[strip],
                       validators=[DataRequired(REQUIRED), Email(_l("Enter a valid e-mail address."),
                                                                 check_deliverability=False), Length(max=254)])
    locale = SelectField(_l("Preferred language"), choices=list(LOCALE_LABELS.items()), default="it")
    codice_fiscale = StringField(_l("Codice fiscale"), filters=[empty_to_none],
                                 validators=[Optional(), Length(max=16), codice_fiscale_check],
                                 render_kw={"autocapitalize": "characters"})
    codice_persona = StringField(_l("Codice persona"), filters=[empty_to_none],
                                 validators=[Optional(), codice_persona_check],
                                 render_kw={"inputmode": "numeric"}, description=_l("8 digits"))
    matricola = StringField(_l("Matricola"), filters=[empty_to_none], validators=[Optional(), matricola_check],
                            render_kw={"inputmode": "numeric"}, description=_l("6 digits"))
    roles = CheckboxesField(_l("Roles"), choices=list(ROLE_LABELS.items()), validate_choice=True)


class ImportForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[FileRequired(_l("Choose a CSV file.")),
                                                 FileAllowed(["csv", "txt"], _l("Choose a file ending in .csv."))])


class ImportConfirmForm(FlaskForm):
    payload = HiddenField()
    digest = HiddenField()


class LegalTextForm(FlaskForm):
    title_it = StringField(_l("Title (Italian)"), filters=[strip], validators=[DataRequired(REQUIRED), Length(max=200)])
    title_en = StringField(_l("Title (English)"), filters=[strip], validators=[DataRequired(REQUIRED), Length(max=200)])
    body_it = TextAreaField(_l("Text (Italian)"), validators=[DataRequired(REQUIRED), Length(max=100_000)],
                            render_kw={"rows": 16})
    body_en = TextAreaField(_l("Text (English)"), validators=[DataRequired(REQUIRED), Length(max=100_000)],
                            render_kw={"rows": 16})

