"""Numbers and days read from the query string (?day=, ?month=, ?page=, ?older=, ids): read strictly and kept in range.

Views read them through these helpers, never with int() or date.fromisoformat() of their own, so that whatever an
address holds ('9999-12-31', '99999999999', '1E+400', '１２') never reaches date arithmetic or the database out of
range: a value that is not one gives the view's default, one out of range is clamped to the nearest that is.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TypeVar

from werkzeug.routing import IntegerConverter

from portal.core.calendar import FIRST_DAY, LAST_DAY, MONTH
from portal.core.ids import is_ascii_digits

T = TypeVar("T")

# The largest value of an Integer column (primary keys): a larger id is clamped to it and finds nothing.
LARGEST_ID = 2**31 - 1
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DIGITS = re.compile(r"[0-9]{1,18}")


def clamp_day(day: date) -> date:
    return min(max(day, FIRST_DAY), LAST_DAY)


def day_or(text: str | None, default: T) -> date | T:
    """The day written YYYY-MM-DD in `text`, kept between FIRST_DAY and LAST_DAY; `default` when it is not a day."""
    text = (text or "").strip()
    if not _DAY.fullmatch(text):
        return default
    try:
        return clamp_day(date.fromisoformat(text))
    except ValueError:  # 2026-02-30
        return default


def month_or(text: str | None, default: T) -> date | T:
    """The first day of the month written YYYY-MM in `text`, kept between FIRST_DAY and LAST_DAY; `default` when it
    is not a month."""
    match = MONTH.fullmatch((text or "").strip())
    if match is None or not 1 <= int(match.group(2)) <= 12:
        return default
    year = min(max(int(match.group(1)), FIRST_DAY.year), LAST_DAY.year)
    return date(year, int(match.group(2)), 1)


def int_or(text: str | None, default: T, minimum: int = 0, maximum: int = LARGEST_ID) -> int | T:
    """The whole number written with the digits 0-9 in `text`, kept between `minimum` and `maximum`; `default` when
    it is not one (a sign, a decimal point, an exponent or digits of another script are not)."""
    text = (text or "").strip()
    if not is_ascii_digits(text):
        return default
    value = int(text) if _DIGITS.fullmatch(text) else maximum
    return min(max(value, minimum), maximum)


class IdConverter(IntegerConverter):
    """The `<int:...>` of every route: a number an Integer column holds, so that a larger one is a 404 like any id
    that does not exist, instead of an overflow in the database driver."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None, max: int | None = LARGEST_ID,
                 signed: bool = False) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)
