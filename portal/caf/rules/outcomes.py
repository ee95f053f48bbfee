"""CAF, the outcome of a practice: the checklist's findings, its case, the state sent to the university (in person,
remotely, after the originals) and the day the CAF answers by.

Pure: plain values in, plain values out, a RuleViolation with a translatable message when a rule refuses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

from portal.core.rules import RuleViolation

# What an operator may find wrong with a document, and what it makes of the practice.
NUL_FINDINGS = {
    "income_not_n2": _l("Income not of year N-2"),
    "assets_not_n2": _l("Assets not of year N-2"),
    "no_translation": _l("No official Italian translation"),
    "private_issuer": _l("Issued by a private body, not the competent authority"),
}
DISCREPANCY_FINDINGS = {
    "no_legalisation": _l("No consular legalisation or Apostille"),
    "movables_not_31_dec": _l("Movable assets of year N-2 but not at 31 December"),
}
FINDINGS = {**DISCREPANCY_FINDINGS, **NUL_FINDINGS}

COMPUTABLE, DISCREPANCY, NOT_COMPUTABLE = 1, 2, 3

CONFERMATO = "CONFERMATO"
CONFERMATO_DIFFORMITA = "CONFERMATO CON DIFFORMITA'"
DA_CONFERMARE = "DA CONFERMARE"
DA_CONFERMARE_DIFFORMITA = "DA CONFERMARE CON DIFFORMITA'"
RETTIFICATO_CONFERMATO = "RETTIFICATO CONFERMATO"
# The five states of the tender: the only values `stato` ever holds. Case 3 is CONFERMATO with this marker in its
# own field, in person and remotely alike.
UNIVERSITY_STATES = (CONFERMATO, CONFERMATO_DIFFORMITA, DA_CONFERMARE, DA_CONFERMARE_DIFFORMITA,
                     RETTIFICATO_CONFERMATO)
NUL = "NUL"
AWAITING_ORIGINALS = (DA_CONFERMARE, DA_CONFERMARE_DIFFORMITA)


def case_of(findings: set[str]) -> int:
    """Case 3 when any finding makes the practice not computable, case 2 for a discrepancy, otherwise case 1."""
    unknown = set(findings) - FINDINGS.keys()
    if unknown:
        raise ValueError(f"unknown findings {sorted(unknown)}")
    if set(findings) & NUL_FINDINGS.keys():
        return NOT_COMPUTABLE
    if set(findings) & DISCREPANCY_FINDINGS.keys():
        return DISCREPANCY
    return COMPUTABLE


@dataclass(frozen=True)
class Outcome:
    state: str
    nul: bool
    anomaly: bool
    computed: bool  # case 3 is never computed, whatever the deadline; nor is a consular-certificate practice
    needs_originals: bool


def consular_certificate_only(country: str, poor_countries: set[str]) -> bool:
    """Students from a country of the year's "particularly poor countries" decree need only a consular
    certificate: their practice has no calculation."""
    return bool(country) and country.upper() in poor_countries


def outcome(channel: str, case: int, consular_certificate: bool = False) -> Outcome:
    """The state sent to the university, for a practice handled in person or remotely.

    Case 3 (not computable) is sent as CONFERMATO with NUL in its own field, whatever the channel: the tender says
    so for both, and nothing is left to confirm with the originals. A practice assessed on the consular certificate
    gets the state of its case but no figures.
    """
    in_person = channel == "in_person"
    computed = not consular_certificate
    if case == COMPUTABLE:
        return Outcome(CONFERMATO if in_person else DA_CONFERMARE, False, False, computed, not in_person)
    if case == DISCREPANCY:
        return Outcome(CONFERMATO_DIFFORMITA if in_person else DA_CONFERMARE_DIFFORMITA, False, True, computed,
                       not in_person)
    if case == NOT_COMPUTABLE:
        return Outcome(CONFERMATO, True, False, False, False)
    raise ValueError(f"unknown case {case}")


def outcome_after_originals(previous_state: str, originals_match: bool, consular_certificate: bool = False) -> Outcome:
    """Once the student shows the originals of a remote practice waiting for them."""
    if previous_state not in AWAITING_ORIGINALS:
        raise RuleViolation(_l("This practice is not waiting for the originals."))
    if consular_certificate and not originals_match:
        raise RuleViolation(_l("A practice assessed on the consular certificate has no figures to correct: confirm "
                               "it once the original certificate matches, or ask the student for a valid one."))
    return Outcome(CONFERMATO if originals_match else RETTIFICATO_CONFERMATO, False, False, not consular_certificate,
                   False)


def answer_due(first_submitted: date, answer_days: int) -> date:
    """The day the CAF answers a practice by: the agreement's answer time after the first submission."""
    return first_submitted + timedelta(days=answer_days)


def last_submission_due_by(day: date, answer_days: int) -> date:
    """The latest day of first submission whose answer is due on or before `day` (for the queue's filter)."""
    return day - timedelta(days=answer_days)


def is_overdue(due: date, today: date) -> bool:
    return today > due
