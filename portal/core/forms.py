"""Form helpers shared by every service: one way to validate, fail and show errors."""

from __future__ import annotations

import json
import unicodedata
from decimal import Decimal
from urllib.parse import urlsplit

import flask_wtf
from flask import current_app, g, has_request_context, request, session, url_for
from flask_babel import format_decimal, gettext, ngettext
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_wtf.form import _Auto
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RoutingException
from wtforms import FieldList, FileField, FormField, PasswordField, SelectField, StringField, ValidationError
from wtforms.csrf.core import CSRFTokenField

from portal.core import ids
from portal.core.countries import country_choices
from portal.core.i18n import wtforms_translations
from portal.core.money import format_money, parse_money
from portal.core.rules import RuleViolation

DATE_ERROR = _l("Enter a date.")


def attach_rule_violation(form, violation: RuleViolation) -> None:
    """Show a rule's refusal next to its field, or at the top of the form."""
    field = getattr(form, violation.field, None) if violation.field else None
    if field is not None:
        field.errors = [*field.errors, violation.message] if isinstance(field.errors, list) else [violation.message]
    else:
        form.form_errors.append(violation.message)


# What a one-line value never holds: control characters (C0, DEL, C1: NUL, ESC, CR, LF, tab...) and the Unicode
# line and paragraph separators. A CR/LF in a name would break every mail header or CSV line it reaches.
_NOT_ON_ONE_LINE = ("Cc", "Zl", "Zp")
_LINE_BREAKS = "\t\n\v\f\r\x1c\x1d\x1e\x85\u2028\u2029"


def single_line(value):
    """A one-line value as the person meant it: line breaks and tabs become a space, other control characters
    are dropped, and the ends are trimmed. `strip` is this filter: every single-line field of every form uses it."""
    if not isinstance(value, str):
        return value
    spaced = "".join(" " if ch in _LINE_BREAKS else ch for ch in value.replace("\r\n", "\n"))
    return "".join(ch for ch in spaced if unicodedata.category(ch) not in _NOT_ON_ONE_LINE).strip()


def strip(value):
    """The filter of single-line fields (see `single_line`); text areas use `strip_text`, which keeps lines."""
    return single_line(value)


def strip_text(value):
    """A multi-line text trimmed, its lines kept (CR LF as LF), other control characters dropped."""
    if not isinstance(value, str):
        return value
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc").strip()


def empty_to_none(value):
    value = strip(value)
    return value or None


def codice_fiscale_check(form, field) -> None:
    if field.data:
        normalised = ids.normalise_codice_fiscale(field.data)
        if normalised is None:
            raise ValidationError(_l("This codice fiscale is not valid: check the 16 characters."))
        field.data = normalised


OTHER_DIGITS = _l("Type the digits 0 to 9 only: the keyboard wrote digits of another script.")


def other_digits_in_file(code: str):
    """The same refusal for a row of an imported file ('Line 3: the matricola holds...')."""
    return _l("the %(code)s holds digits of another script: write it with the digits 0 to 9 only.", code=code)


def numeric_code_error(value: str, wrong_length, other_digits=OTHER_DIGITS):
    """Why a numeric code (codice persona, matricola) is refused: digits of another script, which look right but
    are not 0-9, or not the right number of digits."""
    return other_digits if ids.has_other_digits(value) else wrong_length


def codice_persona_check(form, field) -> None:
    if field.data and not ids.is_codice_persona(field.data):
        raise ValidationError(numeric_code_error(field.data, _l("The codice persona has exactly 8 digits.")))


def matricola_check(form, field) -> None:
    if field.data and not ids.is_matricola(field.data):
        raise ValidationError(numeric_code_error(field.data, _l("The matricola has exactly 6 digits.")))


# The largest amount a money field takes unless it says otherwise: far above any figure of the services, far below
# what the BigInteger cents columns hold, so that no sum or product of amounts can overflow them.
MONEY_MAXIMUM_CENTS = 9_999_999_999  # EUR 99,999,999.99


class MoneyField(StringField):
    """An amount in euro typed as people type it ('1.800,00', '1800.5'); `data` is integer cents,
    never above `maximum_cents` (every money field has a range)."""

    def __init__(self, label=None, validators=None, maximum_cents: int = MONEY_MAXIMUM_CENTS, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal", "autocomplete": "off"})
        super().__init__(label, validators, **kwargs)
        self.maximum_cents = maximum_cents

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if isinstance(self.data, int):
            return format_decimal(Decimal(self.data) / 100, format="#,##0.00")
        return ""

    def process_formdata(self, valuelist):
        self.raw_data = valuelist
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        self.data = parse_money(valuelist[0])
        if self.data is None:
            raise ValueError(_l("Enter an amount in euro, such as 1.800,00."))
        if self.data > self.maximum_cents:
            self.data = None
            raise ValueError(_l("Enter an amount of at most %(maximum)s.", maximum=format_money(self.maximum_cents)))


class CountrySelectField(SelectField):
    """A country chosen from the list, named in the reader's language; `data` is its ISO code ('' for none)."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, choices=lambda: [("", _l("Choose a country"))] + country_choices(),
                         **kwargs)

    def pre_validate(self, form):
        if self.data and not any(code == self.data for code, _ in country_choices()):
            raise ValidationError(_l("Choose a country from the list."))


def positive_amount(form, field) -> None:
    if field.data is not None and field.data <= 0:
        raise ValidationError(_l("The amount must be greater than zero."))


def submitted_and_done(form, use_case) -> bool:
    """Validate the form and run the use case; False, with the refusal shown on the form, when either says no."""
    if not form.validate_on_submit():
        return False
    try:
        use_case()
    except RuleViolation as violation:
        attach_rule_violation(form, violation)
        return False
    return True


def form_status(form) -> int:
    """422 for a form sent back with errors (htmx swaps it in), 200 for a fresh one."""
    return 422 if form.is_submitted() else 200


# --- The language switch on a page rendered from a POST ----------------------------------------------------------
# Changing language never re-submits a form's action. The page that shows a form sent back with errors carries the
# typed values (never passwords, files or the CSRF token) into the switch; the switch keeps them for one request and
# brings back the GET page of that form, where the same form is filled with them and checked again, in the new
# language, without doing anything.

REPLAY_KEY = "form_replay"
REPLAY_MAX_CHARS = 3000  # the session is a cookie: a larger form falls back to its empty GET page
REPLAY_MAX_FIELDS = 200
_TRANSLATORS = {gettext: "gettext", ngettext: "ngettext"}


class FlaskForm(flask_wtf.FlaskForm):
    """Flask-WTF's form, able to come back filled with its last values after a change of language."""

    class Meta(flask_wtf.FlaskForm.Meta):
        def get_translations(self, form):
            # wtforms' messages, read once per worker and locale (Flask-WTF reads them for every request)
            if not current_app.config.get("WTF_I18N_ENABLED", True):
                return super().get_translations(form)
            return wtforms_translations()

        def wrap_formdata(self, form, formdata):
            wrapped = super().wrap_formdata(form, formdata)
            if (formdata is _Auto or formdata is None) and wrapped is None and has_request_context():
                replay = g.get(REPLAY_KEY)
                if replay and replay["form"] == type(form).__name__ and not replay.get("used"):
                    replay["used"] = True
                    form._replayed = True
                    return MultiDict(replay["data"])
            return wrapped

    def __init__(self, *args, **kwargs):
        self._replayed = False
        super().__init__(*args, **kwargs)
        if self._replayed:
            g.replayed_form = self  # checked when the page is rendered, once the view has set its choices

    @property
    def replayed(self) -> bool:
        """Filled by the language switch with the values last sent: a GET view leaves them as they are."""
        return self._replayed

    def check_replayed_values(self) -> None:
        self.validate()
        for field in _walk(self):
            if not _carried(self, field):
                field.errors = []
        fields = {field.name: field for field in _walk(self)}
        for name, translator, args, variables in (g.get(REPLAY_KEY) or {}).get("errors", []):
            try:
                message = (gettext if translator == "gettext" else ngettext)(*args, **variables)
            except (TypeError, ValueError, KeyError):
                continue
            target = fields.get(name)
            shown = self.form_errors if target is None else target.errors
            if message not in [str(item) for item in shown]:
                if target is None:
                    self.form_errors.append(message)
                else:
                    target.errors = [*target.errors, message]

    def validate(self, extra_validators=None):
        if has_request_context() and request.method == "POST" and "submitted_form" not in g:
            g.submitted_form = self
        return super().validate(extra_validators=extra_validators)


class ActionForm(FlaskForm):
    """A button that changes state: only the CSRF token travels."""


def _walk(fields):
    for field in fields:
        if isinstance(field, (FormField, FieldList)):
            yield from _walk(field)
        else:
            yield field


def _carried(form, field) -> bool:
    """Passwords, files and CSRF tokens never travel into the language switch."""
    return not (isinstance(field, (PasswordField, FileField, CSRFTokenField))
                or field.short_name == form.meta.csrf_field_name)


def _accepts_get(path: str) -> bool:
    try:
        current_app.url_map.bind_to_environ(request.environ).match(path, method="GET")
    except HTTPException:
        return False
    except RoutingException:  # a redirect to the canonical URL: still a page
        return True
    return True


def _back_page() -> str:
    """The page the form was sent from (the POST-only URL has no page of its own), or home."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and referrer.path.startswith("/") and not referrer.path.startswith("//"):
        target = referrer.path + (f"?{referrer.query}" if referrer.query else "")
        if _accepts_get(referrer.path):
            return target
    return url_for("site.home")


def language_switch() -> dict:
    """What the language switch posts: the page to come back to and, after a form's POST, its typed values."""
    here = request.full_path.rstrip("?")
    if request.method == "GET":
        replay = g.get(REPLAY_KEY)
        if replay and replay.get("used"):  # the form brought back by the switch goes on to the next switch
            return {"next": here, "form": replay["form"], "fields": [tuple(item) for item in replay["data"]],
                    "errors": json.dumps(replay.get("errors", []), ensure_ascii=False)}
        return {"next": here, "form": None, "fields": []}
    target = here if _accepts_get(request.path) else _back_page()
    form = g.get("submitted_form")
    fields: list[tuple[str, str]] = []
    if form is not None:
        for field in _walk(form):
            if _carried(form, field):
                fields.extend((field.name, value) for value in request.form.getlist(field.name))
    errors = json.dumps(_refusals(form), ensure_ascii=False) if form is not None else "[]"
    if not fields or sum(len(name) + len(value) for name, value in fields) + len(errors) > REPLAY_MAX_CHARS:
        return {"next": target, "form": None, "fields": []}
    return {"next": target, "form": type(form).__name__, "fields": fields, "errors": errors}


def _refusals(form) -> list:
    """The messages a use case added to the form (a rule's refusal is not found again by the form's own checks):
    their English text and values, so they are translated again in the other language."""
    found = []
    sources = [("", message) for message in form.form_errors]
    sources += [(field.name, message) for field in _walk(form) for message in (field.errors or [])]
    for name, message in sources:
        if isinstance(message, LazyString) and message._func in _TRANSLATORS and all(
                isinstance(value, (str, int, float)) for value in (*message._args, *message._kwargs.values())):
            found.append([name, _TRANSLATORS[message._func], list(message._args), message._kwargs])
    return found


def remember_replay(values, target: str) -> None:
    """Keep a form's values posted with the language switch for the next request of `target` (one use)."""
    name = values.get("replay_form", "")
    if not name.isidentifier() or len(name) > 80:
        return
    data = [(key[len("replay-"):], value) for key, value in values.items(multi=True) if key.startswith("replay-")]
    if not data or len(data) > REPLAY_MAX_FIELDS or sum(len(k) + len(v) for k, v in data) > REPLAY_MAX_CHARS:
        return
    text = values.get("replay_errors", "[]")
    try:
        errors = json.loads(text) if len(text) <= REPLAY_MAX_CHARS else []
    except ValueError:
        errors = []
    valid = [item for item in (errors if isinstance(errors, list) else []) if _a_refusal(item)][:20]
    session[REPLAY_KEY] = {"form": name, "path": urlsplit(target).path, "data": data, "errors": valid}


def _a_refusal(item) -> bool:
    """[field name, 'gettext', [text], {values}] or [field name, 'ngettext', [singular, plural, n], {values}]."""
    if not (isinstance(item, list) and len(item) == 4 and isinstance(item[0], str) and isinstance(item[2], list)
            and isinstance(item[3], dict)):
        return False
    args, variables = item[2], item[3]
    if item[1] == "gettext":
        shape = len(args) == 1 and isinstance(args[0], str)
    elif item[1] == "ngettext":
        shape = (len(args) == 3 and isinstance(args[0], str) and isinstance(args[1], str)
                 and type(args[2]) is int)
    else:
        return False
    return shape and all(isinstance(key, str) and type(value) in (str, int, float) for key, value in variables.items())


def load_replay() -> None:
    """Before a request: the values kept by the language switch, for the page it brings back, then forgotten."""
    if REPLAY_KEY not in session or request.endpoint == "static":
        return
    replay = session.pop(REPLAY_KEY)
    if request.method == "GET" and isinstance(replay, dict) and replay.get("path") == request.path:
        g.setdefault(REPLAY_KEY, replay)


def check_replayed_form(sender, template, context, **extra) -> None:
    """Before the page is rendered: the form filled by the language switch shows its errors in the new language."""
    form = g.pop("replayed_form", None) if has_request_context() else None
    if form is not None:
        form.check_replayed_values()
