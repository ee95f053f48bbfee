"""Money is integer cents everywhere; this module is the only way in and out."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from flask_babel import format_currency

CENT = Decimal("0.01")


def cents_to_decimal(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


def round_half_up_to_cents(amount: Decimal) -> int:
    """Round a euro amount half-up to the cent (1.005 -> 1.01) and return cents."""
    return int((amount.quantize(CENT, rounding=ROUND_HALF_UP) * 100).to_integral_value())


def format_money(cents: int, currency: str = "EUR") -> str:
    """'1.800,00 €' in Italian, '€1,800.00' in English (the request's locale)."""
    return format_currency(cents_to_decimal(cents), currency)


_AMOUNT = re.compile(r"^\d{1,3}([.\s']\d{3})*(,\d{1,2})?$|^\d+(,\d{1,2})?$|^\d{1,3}(,\d{3})*(\.\d{1,2})?$|^\d+(\.\d{1,2})?$")


def parse_money(text: str) -> int | None:
    """Cents from what a person types: '1800', '1.800,50', '1800.5', '1,800.50'.

    Returns None for anything ambiguous or malformed, negative amounts and
    more than two decimals; a form turns None into a translated error.
    """
    raw = text.strip().replace("€", "").replace("EUR", "").strip()
    if not raw or not _AMOUNT.match(raw):
        return None
    if "," in raw and ("." in raw or raw.rfind(",") >= len(raw) - 3):
        # Italian style: dots or spaces group thousands, the comma is decimal,
        # unless the comma clearly groups thousands ('1,800.50').
        if "." in raw and raw.rfind(".") > raw.rfind(","):
            raw = raw.replace(",", "")
        else:
            raw = raw.replace(".", "").replace(" ", "").replace("'", "").replace(",", ".")
    elif "," in raw:
        raw = raw.replace(",", "")
    else:
        raw = raw.replace(" ", "").replace("'", "")
        if raw.count(".") > 1 or ("." in raw and len(raw) - raw.rfind(".") == 4):
            raw = raw.replace(".", "")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None
    if value < 0 or value != value.quantize(CENT):
        return None
    return int(value * 100)
