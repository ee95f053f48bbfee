"""Identifiers of Italian people and students: codice fiscale, codice persona, matricola."""

from __future__ import annotations

from stdnum.exceptions import ValidationError
from stdnum.it import codicefiscale

# Numeric codes are ASCII 0-9 only: `\d` or str.isdigit() would also take Arabic-Indic (٣) or full-width (３)
# digits, which a keyboard set to another script writes and which the university's systems do not know.
CODICE_PERSONA_DIGITS = 8
MATRICOLA_DIGITS = 6


def normalise_codice_fiscale(value: str) -> str | None:
    """The codice fiscale in its canonical upper-case form, or None when it is not valid
    (wrong length, wrong pattern, wrong check letter)."""
    try:
        return codicefiscale.validate(value)
    except ValidationError:
        return None


def is_ascii_digits(value: str, length: int | None = None) -> bool:
    """Only the digits 0-9 (of exactly `length` of them when given): the rule of every numeric code."""
    return (bool(value) and value.isascii() and value.isdigit()
            and (length is None or len(value) == length))


def has_other_digits(value: str) -> bool:
    """Digits of another script (٣, ３, ३...): what a person meant as 0-9 but the codes do not accept."""
    return any(ch.isdigit() and not ch.isascii() for ch in value)


def is_codice_persona(value: str) -> bool:
    return is_ascii_digits(value, CODICE_PERSONA_DIGITS)


def is_matricola(value: str) -> bool:
    return is_ascii_digits(value, MATRICOLA_DIGITS)
