from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length

from portal.auth.rules import PASSWORD_MAX
from portal.core.forms import FlaskForm, strip

REQUIRED = _l("This field is required.")


class LoginForm(FlaskForm):
    access_code = StringField(_l("Access code"), filters=[strip], validators=[DataRequired(REQUIRED), Length(max=64)],
                              render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"})
    password = PasswordField(_l("Password"), validators=[InputRequired(REQUIRED), Length(max=1024)],
                             render_kw={"autocomplete": "current-password"})


class NewPasswordMixin:
    new_password = PasswordField(
        _l("New password"),
        validators=[InputRequired(REQUIRED), Length(max=PASSWORD_MAX * 4)],
        description=_l("At least 12 characters. Any characters, spaces included; "
                       "a few unrelated words make a strong and memorable password."),
        render_kw={"autocomplete": "new-password"},
    )
    confirm_password = PasswordField(
        _l("Repeat the new password"),
        validators=[InputRequired(REQUIRED), EqualTo("new_password", _l("The two passwords are different."))],
        render_kw={"autocomplete": "new-password"},
    )


class FirstPasswordForm(NewPasswordMixin, FlaskForm):
    pass


class ResetPasswordForm(NewPasswordMixin, FlaskForm):
    pass


class ChangePasswordForm(NewPasswordMixin, FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[InputRequired(REQUIRED)],
                                     render_kw={"autocomplete": "current-password"})


class ForgotPasswordForm(FlaskForm):
    access_code = StringField(_l("Access code"), filters=[strip], validators=[DataRequired(REQUIRED), Length(max=64)],
                              render_kw={"autocomplete": "username", "autocapitalize": "none"})


class ForgotAccessCodeForm(FlaskForm):
    email = EmailField(_l("E-mail address"), filters=[strip],
                       validators=[DataRequired(REQUIRED), Email(_l("Enter a valid e-mail address."), check_deliverability=False)],
                       render_kw={"autocomplete": "email"})


class TermsForm(FlaskForm):
    version = HiddenField()
    accept = BooleanField(_l("I have read and accept the terms of use"),
                          validators=[DataRequired(_l("Tick the box to accept the terms and continue."))])
