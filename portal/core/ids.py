"""Identifiers of Italian people and students: codice fiscale, codice persona, matricola."""

from __future__ import annotations

import re

from stdnum.exceptions import ValidationError
from stdnum.it import codicefiscale

CODICE_PERSONA = re.compile(r"\d{8}")
MATRICOLA = re.compile(r"\d{6}")


def normalise_codice_fiscale(value: str) -> str | None:
    """The codice fiscale in its canonical upper-case form, or None when it is not valid
    (wrong length, wrong pattern, wrong check letter)."""
    try:
        return codicefiscale.validate(value)
    except ValidationError:
        return None


def is_codice_persona(value: str) -> bool:
    return CODICE_PERSONA.fullmatch(value) is not None


def is_matricola(value: str) -> bool:
    return MATRICOLA.fullmatch(value) is not None
