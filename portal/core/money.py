"""Money is integer cents everywhere; this module is the only way in and out."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import NamedTuple

from babel.numbers import format_currency as babel_format_currency
from flask_babel import get_locale

CENT = Decimal("0.01")


def cents_to_decimal(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


def round_half_up_to_cents(amount: Decimal) -> int:
    """Round a euro amount half-up to the cent (1.005 -> 1.01) and return cents."""
    return int((amount.quantize(CENT, rounding=ROUND_HALF_UP) * 100).to_integral_value())


class _MoneyStyle(NamedTuple):
    """How a locale writes an amount of one currency, as Babel (CLDR) says."""

    prefix: str
    suffix: str
    negative_prefix: str
    negative_suffix: str
    group: str
    decimal: str


# A sample whose digits appear once each, so the locale's symbols can be read around them.
_SAMPLE = Decimal("1234.56")


@lru_cache(maxsize=32)
def _money_style(locale: str, currency: str) -> _MoneyStyle:
    positive = babel_format_currency(_SAMPLE, currency, locale=locale)
    negative = babel_format_currency(-_SAMPLE, currency, locale=locale)
    start, end = positive.index("1"), positive.index("6") + 1
    negative_start, negative_end = negative.index("1"), negative.index("6") + 1
    digits = positive[start:end]  # '1.234,56' or '1,234.56'
    return _MoneyStyle(positive[:start], positive[end:], negative[:negative_start], negative[negative_end:],
                       group=digits[1], decimal=digits[5])


def format_money(cents: int, currency: str = "EUR") -> str:
    """'1.800,00 €' in Italian, '€1,800.00' in English (the request's locale).

    Babel reads the locale's symbols once; formatting itself is plain string
    work, because every page shows many amounts (Babel's own path costs ~30 µs each).
    """
    cents = int(cents)  # database sums arrive as Decimal on PostgreSQL
    style = _money_style(str(get_locale() or "it"), currency)
    whole, cents_part = divmod(abs(cents), 100)
    number = f"{whole:,}".replace(",", style.group) + style.decimal + f"{cents_part:02d}"
    if cents < 0:
        return style.negative_prefix + number + style.negative_suffix
    return style.prefix + number + style.suffix


# Whole part with optional thousands groups, then an optional 1-2 digit decimal part. Digits are ASCII 0-9 only
# (`\d` would read full-width or Arabic-Indic digits), and a grouped number never starts with 0: '0.001' is not
# one euro written the Italian way but a fraction of a cent written the English way, so it is refused.
_IT = re.compile(r"([1-9][0-9]{0,2}(?:\.[0-9]{3})+|[0-9]+)(?:,([0-9]{1,2}))?")   # 1.800,50
_EN = re.compile(r"([1-9][0-9]{0,2}(?:,[0-9]{3})+|[0-9]+)(?:\.([0-9]{1,2}))?")   # 1,800.50
# Longer than any amount a field takes (its range is checked by the field): refused before reading it as a number.
_LONGEST = 30


def parse_money(text: str) -> int | None:
    """Cents from what a person types: '1800', '1.800,50', '1800,5', '1800.50', '1,800.50'.

    Returns None for anything malformed or ambiguous ('12,345' could be either
    convention, '0.001' is no amount), for negative amounts, for more than two
    decimals and for digits other than 0-9; a form turns None into a translated error.
    """
    raw = text.replace("€", "").replace("EUR", "").replace(" ", "").replace("\xa0", "").strip()
    if not raw or len(raw) > _LONGEST:
        return None
    candidates = []
    for pattern, group_sep in ((_IT, "."), (_EN, ",")):
        match = pattern.fullmatch(raw)
        if match:
            if group_sep == "," and "," in raw and match.group(2) is None:
                continue  # '12,345' is 12.345 to an Italian eye: too ambiguous to guess
            whole = match.group(1).replace(group_sep, "")
            candidates.append(int(whole) * 100 + int((match.group(2) or "0").ljust(2, "0")))
    if len(set(candidates)) != 1:
        return None
    return candidates[0]


def csv_amount(cents: int) -> str:
    """An amount for a CSV read by Italian offices and spreadsheets: '1800,00', '-25,50'."""
    return str(cents_to_decimal(cents)).replace(".", ",")
