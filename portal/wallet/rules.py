"""Conto Welfare rules (DOMAIN.md section 1): pure functions of plain values."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l

from portal.core.calendar import month_bounds
from portal.core.money import format_money, round_half_up_to_cents
from portal.core.rules import (  # noqa: F401 (rules.Deadline, rules.reminder_due, the affiliation clock)
    AFFILIATION_DAYS,
    Deadline,
    RuleViolation,
    affiliation_due,
    affiliation_overdue,
    reminder_due,
)

DEFAULT_AMOUNT_CENTS = 180_000  # EUR 1,800.00 per person and year (a board decision, per plan year)
FRINGE_LIMIT_CENTS = 100_000  # art. 51 c.3 TUIR as waived for 2025-2027
FRINGE_LIMIT_WITH_CHILDREN_CENTS = 200_000
HEALTH_FUND_LIMIT_CENTS = 361_520  # art. 51 c.2 a


def pension_fund_limit_cents(year: int) -> int:
    """Art. 51 c.2 h / art. 10 e-bis TUIR: EUR 5,164.57 up to 2025, EUR 5,300 from 2026."""
    return 516_457 if year <= 2025 else 530_000


# Ledger entry kinds and the sign their amount must have.
CREDIT_KINDS = ("allocation", "adjustment_up", "release")
DEBIT_KINDS = ("adjustment_down", "purchase", "reservation", "reimbursement", "expiry")
KINDS = CREDIT_KINDS + DEBIT_KINDS
KIND_LABELS = {
    "allocation": _l("Allocation"),
    "adjustment_up": _l("Allocation increased"),
    "adjustment_down": _l("Allocation reduced"),
    "release": _l("Amount released"),
    "purchase": _l("Purchase"),
    "reservation": _l("Amount reserved for a request"),
    "reimbursement": _l("Reimbursement approved"),
    "expiry": _l("Expired at year end"),
}


def signed_amount(kind: str, cents: int) -> int:
    """The amount as it moves the balance: positive for credits, negative for debits."""
    if cents <= 0:
        raise ValueError("ledger amounts are given as positive cents")
    if kind in CREDIT_KINDS:
        return cents
    if kind in DEBIT_KINDS:
        return -cents
    raise ValueError(f"unknown ledger kind {kind!r}")


def parse_coefficient(text: str) -> Decimal:
    """The *coefficiente di servizio*: a share of the year between 0 and 1, dot or comma decimal."""
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation as exc:
        raise RuleViolation(_l("the service coefficient must be a number between 0 and 1.")) from exc
    if not value.is_finite() or value < 0 or value > 1 or value.as_tuple().exponent < -4:
        raise RuleViolation(_l("the service coefficient must be a number between 0 and 1, with at most 4 decimals."))
    return value


def allocation_cents(amount_cents: int, coefficient: Decimal) -> int:
    """EUR amount × coefficient, rounded half-up to the cent."""
    return round_half_up_to_cents(Decimal(amount_cents) / 100 * coefficient)


def allocation_adjustment(target_cents: int, allocated_cents: int, balance_cents: int) -> int:
    """The signed change that brings the allocation to the target after a roster update.

    A reduction never takes back money already spent or reserved: it stops at
    the balance left, so a person who leaves keeps what was already approved.
    """
    change = target_cents - allocated_cents
    if change < 0:
        change = max(change, -max(balance_cents, 0))
    return change


def check_debit(balance_cents: int, amount_cents: int) -> None:
    if amount_cents <= 0:
        raise RuleViolation(_l("The amount must be greater than zero."))
    if amount_cents > balance_cents:
        raise RuleViolation(_l("Your balance is not enough for this amount."))


def days_until(today: date, last_day: date) -> int:
    """Days left to use the wallet, counting today; 0 once the year is over."""
    return max((last_day - today).days + 1, 0)


BUCKETS = {
    "allocation": "allocated", "adjustment_up": "allocated", "adjustment_down": "allocated",
    "purchase": "spent", "reimbursement": "spent",
    "reservation": "pending", "release": "pending",
}
# Spent and pending are shown as positive amounts: debits count up, releases count down.
BUCKET_SIGN = {"allocated": 1, "spent": -1, "pending": -1}


def bucket_change(kind: str, signed_cents: int) -> tuple[str, int] | None:
    """Which total an entry moves (allocated, spent or pending) and by how much; None for expiry."""
    bucket = BUCKETS.get(kind)
    return (bucket, BUCKET_SIGN[bucket] * signed_cents) if bucket else None


@dataclass(frozen=True)
class Summary:
    allocated: int
    spent: int
    pending: int
    balance: int


def summarise(entries: list[tuple[str, int]]) -> Summary:
    """Allocated, spent, pending and remaining from (kind, signed cents) ledger entries."""
    totals = {"allocated": 0, "spent": 0, "pending": 0}
    for kind, amount in entries:
        change = bucket_change(kind, amount)
        if change:
            totals[change[0]] += change[1]
    return Summary(balance=sum(amount for _, amount in entries), **totals)


# -- catalog: areas, tax rules, ways of use ------------------------------------------------

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


# -- family members (art. 12 TUIR) ---------------------------------------------------------

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


# -- reimbursements ----------------------------------------------------------------------------

STATUSES = {
    "submitted": _l("Submitted"),
    "in_review": _l("Being checked"),
    "more_needed": _l("More documents needed"),
    "approved": _l("Approved"),
    "rejected": _l("Rejected"),
    "paid": _l("Paid in the payslip"),
}
OPEN_STATUSES = ("submitted", "in_review", "more_needed")
# What an operator may do from each status. Four-eyes (the tender's "verifica e validazione", §4.2.5): the
# operator who checks the documents proposes the amount ("check"), and a different operator validates it
# ("approve"); asking for more documents or rejecting needs one operator and returns the request to the start.
DECISIONS = {
    "submitted": ("take", "reject", "ask"),
    "in_review": ("check", "approve", "reject", "ask"),
    "more_needed": ("take", "reject", "ask"),
}
DECISION_LABELS = {
    "take": _l("Start checking"),
    "check": _l("Documents checked: propose for approval"),
    "approve": _l("Approve"),
    "reject": _l("Reject"),
    "ask": _l("Ask for more documents"),
}


def available_decisions(status: str, operator_id: int, owner_id: int, checked_by_id: int | None) -> tuple[str, ...]:
    """The decisions this operator may take now: never on their own request; approval only of what another
    operator checked; a check only once."""
    if operator_id == owner_id:
        return ()
    allowed = []
    for decision in DECISIONS.get(status, ()):
        if decision == "check" and checked_by_id is not None:
            continue
        if decision == "approve" and (checked_by_id is None or checked_by_id == operator_id):
            continue
        allowed.append(decision)
    return tuple(allowed)


def check_decision(status: str, decision: str, operator_id: int, owner_id: int,
                   checked_by_id: int | None = None) -> None:
    """Four-eyes: nobody decides a request of their own, and the operator who checked the documents is not the
    one who approves; decisions only on open requests."""
    if operator_id == owner_id:
        raise RuleViolation(_l("You cannot decide a request of your own: another operator must do it."))
    if decision == "approve" and status == "in_review":
        if checked_by_id is None:
            raise RuleViolation(_l("Check the documents and propose the amount first: another operator then "
                                   "approves it."))
        if checked_by_id == operator_id:
            raise RuleViolation(_l("You checked this request: another operator must approve it."))
    if decision not in available_decisions(status, operator_id, owner_id, checked_by_id):
        raise RuleViolation(_l("This request can no longer be changed that way."))


def approved_amount(requested_cents: int, approved_cents: int | None, reason: str) -> int:
    """The whole amount, or less with a reason; never more than requested."""
    if approved_cents is None:
        return requested_cents
    if approved_cents <= 0 or approved_cents > requested_cents:
        raise RuleViolation(_l("The approved amount must be more than zero and at most the amount requested."),
                            field="amount")
    if approved_cents < requested_cents and not reason.strip():
        raise RuleViolation(_l("Say why the approved amount is lower than requested."), field="message")
    return approved_cents


def check_expense_date(expense: date, plan_start: date, plan_end: date, today: date) -> None:
    if expense > today:
        raise RuleViolation(_l("The expense date cannot be in the future."), field="expense_date")
    if not plan_start <= expense <= plan_end:
        raise RuleViolation(_l("The expense must fall within the plan year (%(start)s – %(end)s).",
                               start=plan_start.strftime("%d/%m/%Y"), end=plan_end.strftime("%d/%m/%Y")),
                            field="expense_date")


# -- payroll and year closing ---------------------------------------------------------------------

PAYROLL_COLUMNS = ("codice_fiscale", "matricola", "competenza", "codice_voce", "importo", "id_pratica",
                   "data_approvazione", "nome", "tipo_beneficio")


def parse_month(text: str) -> tuple[int, int]:
    """'2026-03' as (2026, 3); a RuleViolation for anything else."""
    bounds = month_bounds(text)
    if bounds is None:
        raise RuleViolation(_l("Enter a month as YYYY-MM, for example 2026-03."), field="month")
    return bounds[0].year, bounds[0].month


def next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def payslip_month(approved_year: int, approved_month: int) -> str:
    """Reimbursements approved in month M are paid in the payslip of M+1 ('MM/YYYY')."""
    year, month = next_month(approved_year, approved_month)
    return f"{month:02d}/{year}"


def payroll_codes(settings: tuple[str, ...]) -> dict[str, str]:
    codes = dict(item.split("=", 1) for item in settings)
    missing = [rule for rule, tax in TAX_RULES.items() if tax.cash_reimbursement and rule not in codes]
    if missing:
        raise RuleViolation(_l("PORTAL_PAYROLL_CODES has no code for: %(rules)s.", rules=", ".join(missing)))
    return codes


def check_columns(columns: tuple[str, ...]) -> None:
    unknown = [name for name in columns if name not in PAYROLL_COLUMNS]
    if unknown or not columns:
        raise RuleViolation(_l("PORTAL_PAYROLL_COLUMNS names unknown columns: %(columns)s.",
                               columns=", ".join(unknown) or "-"))


def check_year_can_close(ends_on: date, today: date, closed: bool, open_requests: int) -> None:
    if closed:
        raise RuleViolation(_l("This plan year is already closed."))
    if today <= ends_on:
        raise RuleViolation(_l("The plan year can be closed only after its last day (%(day)s).",
                               day=ends_on.strftime("%d/%m/%Y")))
    if open_requests:
        raise RuleViolation(_l("%(count)d reimbursement requests of this year are still open: decide them first.",
                               count=open_requests))


# -- affiliation requests and feedback ------------------------------------------------------------

# AFFILIATION_DAYS (15 calendar days), affiliation_due and affiliation_overdue live in portal.core.rules: the
# discounts portal's requests to affiliate a merchant run on the same clock.
# Certifications an employee uploads for the office (art. 12 TUIR, pension, care, school...).
CERTIFICATION_KINDS = {
    "dependency": _l("Family member's dependency (art. 12 TUIR)"),
    "pension": _l("Pension contributions already paid this year"),
    "care": _l("Non-self-sufficiency or age 75+ of a family member (care services)"),
    "school": _l("School, nursery or camp enrolment"),
    "other": _l("Other certification"),
}
CERTIFICATION_STATUSES = {"received": _l("Received"), "accepted": _l("Accepted"), "rejected": _l("Not accepted")}


def check_certification_review(status: str, note: str) -> None:
    """An office reviews a certification once; not accepting it needs a reason the employee can act on."""
    if status not in ("accepted", "rejected"):
        raise RuleViolation(_l("Choose whether the certification is accepted."), field="status")
    if status == "rejected" and not note.strip():
        raise RuleViolation(_l("Say why the certification is not accepted."), field="note")


AFFILIATION_STATUSES = {"open": _l("Open"), "affiliated": _l("Provider affiliated"), "declined": _l("Declined")}
SATISFACTION = {
    5: _l("Very satisfied"),
    4: _l("Satisfied"),
    3: _l("Neither satisfied nor dissatisfied"),
    2: _l("Dissatisfied"),
    1: _l("Very dissatisfied"),
}


# -- the provider's deadlines: payroll file by the 2nd, residuals by 15 January ------------------------------------

PAYROLL_DUE_DAY = 2  # the file of the reimbursements approved in month M reaches payroll by the 2nd of M+1
RESIDUALS_DUE = (1, 15)  # the residual of every wallet at 31 Dec is counted by 15 January
RESIDUALS_REMIND_DAYS = 7
DUTY_KINDS = {"payroll": _l("Payroll file"), "residuals": _l("Residual report")}


def payroll_deadline(month_first: date) -> Deadline:
    year, month = next_month(month_first.year, month_first.month)
    return Deadline("payroll", month_first, date(year, month, PAYROLL_DUE_DAY), date(year, month, 1))


def residuals_deadline(plan_year: int) -> Deadline:
    due = date(plan_year + 1, *RESIDUALS_DUE)
    return Deadline("residuals", date(plan_year, 1, 1), due, due - timedelta(days=RESIDUALS_REMIND_DAYS))


def payroll_month_closed(month_first: date, today: date) -> bool:
    """A month's payroll file is complete only once the month is over (later approvals would be missing)."""
    year, month = next_month(month_first.year, month_first.month)
    return today >= date(year, month, 1)


