"""Conto Welfare, family members (art. 12 TUIR): who is fiscally dependent, who a benefit may be for, the
pension room left.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from portal.core.rules import RuleViolation
from portal.wallet.rules.catalog import _money

RELATIONSHIPS = {
    "child": _l("Child"),
    "spouse": _l("Spouse or civil partner"),
    "parent": _l("Parent"),
    "sibling": _l("Brother or sister"),
    "other": _l("Other relative"),
}
# Art. 12 c.2 TUIR: a family member is fiscally dependent with a yearly income up to EUR 2,840.51, or up to
# EUR 4,000 for a child aged 24 or less; the age and the income are those at 31 December of the year.
DEPENDENT_INCOME_LIMIT_CENTS = 284_051
DEPENDENT_CHILD_INCOME_LIMIT_CENTS = 400_000
DEPENDENT_CHILD_MAX_AGE = 24
# Since 2025 (law 207/2024) relatives other than spouse and children count only if they live with the employee
# or receive maintenance ordered by a court.
COHABITATION_RULE_FROM = 2025
OTHER_RELATIVES = ("parent", "sibling", "other")
CARE_MIN_AGE = 75  # art. 51 c.2 f-ter: elderly family members are those aged 75 or more


def age_on(birth: date, day: date) -> int:
    """Completed years on `day` (a person born on 29 February turns a year older on 1 March)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def dependent_income_limit_cents(relationship: str, birth: date, year: int) -> int:
    """Art. 12 TUIR: EUR 4,000 for a child aged 24 or less at 31 December of `year`, EUR 2,840.51 otherwise."""
    if relationship == "child" and age_on(birth, date(year, 12, 31)) <= DEPENDENT_CHILD_MAX_AGE:
        return DEPENDENT_CHILD_INCOME_LIMIT_CENTS
    return DEPENDENT_INCOME_LIMIT_CENTS


def check_dependency_declaration(relationship: str, dependent: bool, lives_with: bool, maintenance: bool,
                                 income_cents: int | None = None, birth: date | None = None,
                                 year: int = COHABITATION_RULE_FROM) -> None:
    """The art. 12 TUIR self-certification: a dependent family member declares a yearly income within the limit
    and, from 2025, a relative other than spouse and children lives with the employee or receives maintenance
    ordered by a court (art. 12 c.1 d TUIR)."""
    if not dependent:
        return
    if year >= COHABITATION_RULE_FROM and relationship in OTHER_RELATIVES and not (lives_with or maintenance):
        raise RuleViolation(_l("A relative other than a spouse or a child counts as dependent only if they live "
                               "with you or receive maintenance from you."), field="fiscally_dependent")
    if income_cents is None:
        raise RuleViolation(_l("Enter the family member's yearly income: it decides whether they are dependent."),
                            field="yearly_income")
    if birth is not None:
        limit = dependent_income_limit_cents(relationship, birth, year)
        if income_cents > limit:
            raise RuleViolation(_l("With a yearly income over %(limit)s this family member is not fiscally "
                                   "dependent (art. 12 TUIR).", limit=_money(limit)), field="yearly_income")


def is_dependent(relationship: str, declared: bool, lives_with: bool, maintenance: bool, income_cents: int | None,
                 birth: date, year: int) -> bool:
    """Whether a declared family member is fiscally dependent in `year` (the limit follows the age at 31 Dec)."""
    try:
        check_dependency_declaration(relationship, declared, lives_with, maintenance, income_cents, birth, year)
    except RuleViolation:
        return False
    return declared


@dataclass(frozen=True)
class Beneficiary:
    """A declared family member as the tax rules see them."""

    relationship: str
    birth_date: date
    fiscally_dependent: bool
    certified_non_self_sufficient: bool = False


def check_beneficiary(tax_rule: str, beneficiary: Beneficiary | None, day: date) -> None:
    """Who a benefit may be for, by its tax rule (art. 51 TUIR), on the day of the service or expense:

    - public transport (c.2 d-bis): the employee or a fiscally dependent family member;
    - care (c.2 f-ter): a family member aged 75 or more that day, or certified not self-sufficient;
    - education (c.2 f-bis): a family member of art. 12, even if not dependent (not the employee);
    - the other rules say nothing about the beneficiary.
    """
    if tax_rule == "transport":
        if beneficiary is not None and not beneficiary.fiscally_dependent:
            raise RuleViolation(_l("Public transport passes can be for you or for a fiscally dependent family "
                                   "member only."), field="beneficiary")
    elif tax_rule == "care":
        if beneficiary is None:
            raise RuleViolation(_l("Care services are for a family member aged 75 or more or not "
                                   "self-sufficient: choose the family member."), field="beneficiary")
        if age_on(beneficiary.birth_date, day) < CARE_MIN_AGE and not beneficiary.certified_non_self_sufficient:
            raise RuleViolation(_l("Care services are for family members aged 75 or more, or not self-sufficient "
                                   "with a certification the office has accepted."), field="beneficiary")
    elif tax_rule == "education" and beneficiary is None:
        raise RuleViolation(_l("School and education services are for your family members (art. 12 TUIR): "
                               "choose the family member."), field="beneficiary")


PENSION_ELSEWHERE_MAX_CENTS = 10_000_000  # EUR 100,000: a declared amount beyond it is a typing error


def pension_room_cents(limit_cents: int, paid_elsewhere_cents: int) -> int:
    """What the wallet may still pay into pension funds: the deductible limit of the year less the contributions
    the employee declared as paid elsewhere (employer's payroll, own payments)."""
    return max(limit_cents - paid_elsewhere_cents, 0)


def check_birth_date(birth: date, today: date) -> None:
    if birth > today:
        raise RuleViolation(_l("The birth date cannot be in the future."), field="birth_date")
