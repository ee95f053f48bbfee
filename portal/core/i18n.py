"""Translations looked up once per request and locale, not once per string.

Flask-Babel's template gettext finds the translations again for every string a page shows (four lookups of its
context, the locale's name rebuilt), and Flask-WTF reads the wtforms catalogue from disk for every request that
builds a form: together about a fifth of the CPU of a small page (bench/post_cpu.py). Here the request keeps the
translations it found in Flask-Babel's own slot (`babel_translations`, which `force_locale` and `refresh` clear, so a
mail rendered in its reader's language is still translated in that language), and each worker keeps the wtforms
catalogue of each locale it has read.
"""

from __future__ import annotations

from babel import support
from flask import Flask, g, has_app_context
from flask_babel import get_locale, get_translations
from wtforms.i18n import messages_path

_WTFORMS: dict[str, support.Translations] = {}


def request_translations() -> support.NullTranslations:
    """This request's translations for its current locale (the one `force_locale` sets, if any)."""
    if not has_app_context():
        return get_translations()
    found = g.get("_flask_babel")
    cached = getattr(found, "babel_translations", None)
    if cached is None:
        cached = get_translations()
        g._flask_babel.babel_translations = cached  # get_translations() created the slot
    return cached


def install_template_gettext(app: Flask) -> None:
    """The templates' _(), ngettext and {% trans %} through `request_translations` (same strings, same escaping)."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda string: request_translations().ugettext(string),
        ngettext=lambda singular, plural, n: request_translations().ungettext(singular, plural, n),
        pgettext=lambda context, string: request_translations().upgettext(context, string),
        npgettext=lambda context, singular, plural, n: request_translations().unpgettext(context, singular, plural,
                                                                                         n),
        newstyle=True,
    )


def wtforms_translations() -> support.NullTranslations:
    """wtforms' own messages ("This field is required.") in the current locale, read once per worker."""
    locale = str(get_locale())
    found = _WTFORMS.get(locale)
    if found is None:
        found = _WTFORMS[locale] = support.Translations.load(messages_path(), [locale], domain="wtforms")
    return found
