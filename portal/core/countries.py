"""Countries by ISO 3166-1 alpha-2 code, named in the reader's language (Babel's CLDR data: nothing to maintain)."""

from __future__ import annotations

import unicodedata
from functools import cache

from babel import Locale
from flask_babel import get_locale

# CLDR names groupings and test regions with two letters too; they are not countries anyone lives in.
NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})


@cache
def _names(language: str) -> dict[str, str]:
    return {code: name for code, name in Locale.parse(language).territories.items()
            if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES}


@cache
def _choices(language: str) -> list[tuple[str, str]]:
    return sorted(_names(language).items(), key=lambda item: _sort_key(item[1]))


def _sort_key(name: str) -> str:
    """Accents do not move a name to the end of the list (Åland Islands sits among the A's)."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


def _language() -> str:
    return str(get_locale() or "it")


def is_country(code: str) -> bool:
    return code in _names("en")


def country_name(code: str) -> str:
    """The country's name in the current language; the code itself if it is not a country."""
    return _names(_language()).get(code, code)


def country_choices() -> list[tuple[str, str]]:
    """(code, name) for every country, in the alphabetical order of the current language."""
    return _choices(_language())
