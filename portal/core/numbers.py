"""Numbers for people, in the reader's language: '1,5' in Italian, '1.5' in English, no trailing '.0'."""

from __future__ import annotations

from babel.numbers import format_decimal

from portal.core.dates import formatting_locale


def format_number(value: float | int | None, places: int = 1, locale: str | None = None) -> str:
    """At most `places` decimals, none when the value is whole: 60.0 -> '60', 1.5 -> '1,5' (it) / '1.5' (en),
    1234.5 -> '1.234,5' (it). `locale` ('it', 'en') for a document in a given language, else the reader's."""
    if value is None:
        return ""
    pattern = "#,##0" + ("." + "#" * places if places > 0 else "")
    chosen = formatting_locale() if locale is None else ("en_GB" if locale == "en" else locale)
    return format_decimal(value, format=pattern, locale=chosen)


def format_hours(minutes: int | None, locale: str | None = None) -> str:
    """Minutes as hours: 90 -> '1,5' (it), 3600 -> '60'."""
    if minutes is None:
        return ""
    return format_number(minutes / 60, 2, locale)
