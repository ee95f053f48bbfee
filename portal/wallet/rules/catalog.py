"""Conto Welfare, the catalog: areas, tax rules, ways of use and the yearly limits of a benefit type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from portal.core.money import format_money
from portal.core.rules import RuleViolation

# The areas every catalog must cover (DOMAIN.md), plus the Polincontri club's initiatives, seen only by its
# members. They are rows administrators rename and describe; these are the first names, and the required ones
# can never be withdrawn.
DEFAULT_AREAS = (
    # code, Italian name, English name, members only
    ("education", "Scuola e istruzione", "School and education", False),
    ("fringe", "Fringe benefit", "Fringe benefits", False),
    ("care_leisure", "Area assistenziale, ricreativa, culturale ed educativa",
     "Welfare, recreation, culture and education", False),
    ("mortgage", "Interessi passivi mutui", "Mortgage interest", False),
    ("pension", "Fondi pensione", "Pension funds", False),
    ("polincontri", "Polincontri", "Polincontri", True),
)
AREA_CODE = re.compile(r"^[a-z][a-z0-9_]{1,19}$")


def check_area_code(code: str) -> None:
    if not AREA_CODE.match(code):
        raise RuleViolation(_l("Use 2 to 20 lowercase letters, digits or underscores, starting with a letter."),
                            field="code")


def check_area_withdrawal(required: bool, active: bool) -> None:
    if required and not active:
        raise RuleViolation(_l("Every catalog must cover this area: it cannot be withdrawn."), field="active")


USES = {
    "purchase": _l("Bought on the portal"),
    "voucher": _l("Voucher"),
    "reimbursement": _l("Reimbursement of an expense"),
}


@dataclass(frozen=True)
class TaxRule:
    key: str
    reference: str  # the TUIR article, kept as staff and payroll offices quote it
    label: object
    cash_reimbursement: bool  # may the wallet pay back an expense in money?
    limited: bool  # has a yearly limit of its own


TAX_RULES = {
    rule.key: rule for rule in (
        TaxRule("education", "art. 51 c.2 f-bis TUIR", _l("School and education"), True, False),
        TaxRule("care", "art. 51 c.2 f-ter TUIR", _l("Care of elderly or non-self-sufficient family members"), True, False),
        TaxRule("transport", "art. 51 c.2 d-bis TUIR", _l("Public transport passes"), True, False),
        TaxRule("recreation", "art. 51 c.2 f, art. 100 TUIR", _l("Recreation, culture, sport, health check-ups, travel"),
                False, False),
        TaxRule("fringe", "art. 51 c.3 TUIR", _l("Fringe benefits"), True, True),
        TaxRule("pension", "art. 51 c.2 h TUIR", _l("Supplementary pension fund"), True, True),
        TaxRule("health", "art. 51 c.2 a TUIR", _l("Health fund"), True, True),
    )
}


def check_use_allowed(tax_rule: str, use: str) -> None:
    """Recreation, culture and sport are in kind only: never a cash reimbursement (art. 51 c.2 f)."""
    if use == "reimbursement" and not TAX_RULES[tax_rule].cash_reimbursement:
        raise RuleViolation(_l("Services of this kind can only be bought or used with a voucher, "
                               "never reimbursed in cash."), field="use")


def yearly_limit_cents(tax_rule: str, plan_limits: dict[str, int], has_dependent_children: bool) -> int | None:
    """The yearly limit of a benefit type, or None when the law sets none (only the wallet)."""
    if tax_rule == "fringe":
        return plan_limits["fringe_children" if has_dependent_children else "fringe"]
    if tax_rule in ("pension", "health"):
        return plan_limits[tax_rule]
    return None


def check_within_limit(tax_rule: str, used_cents: int, amount_cents: int, limit_cents: int | None) -> None:
    """Fringe benefits over the limit make the whole amount taxable: the portal refuses to cross it.
    Pension and health contributions stop at their deductible limit too."""
    if limit_cents is not None and used_cents + amount_cents > limit_cents:
        raise RuleViolation(_l("This would take you over the yearly limit for this kind of benefit "
                               "(%(used)s used of %(limit)s).", used=_money(used_cents), limit=_money(limit_cents)))


def near_limit(used_cents: int, amount_cents: int, limit_cents: int | None, margin: float = 0.8) -> bool:
    """Warn before a purchase that brings the year's use to 80 % of a limit or more."""
    return limit_cents is not None and used_cents + amount_cents >= limit_cents * margin


def _money(cents: int) -> str:
    return format_money(cents)
