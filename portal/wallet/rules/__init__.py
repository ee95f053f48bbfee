"""Conto Welfare rules (DOMAIN.md section 1): pure functions of plain values.

One module per part; every name is re-exported here, so that callers write `rules.x(...)`:
  ledger          the yearly limits, entry kinds and signs, the allocation, debits, the balance's summary
  catalog         areas, tax rules, ways of use, the yearly limit of a benefit type
  family          family members (art. 12 TUIR): dependency, who a benefit may be for, the pension room
  reimbursements  statuses, the four-eyes decisions, the approved amount, the expense date
  payroll         the payroll file, closing a plan year, the provider's deadlines
  affiliations    affiliation requests, certifications, feedback
"""

from portal.core.rules import Deadline, RuleViolation, reminder_due
from portal.wallet.rules.affiliations import (
    AFFILIATION_DAYS,
    AFFILIATION_STATUSES,
    CERTIFICATION_KINDS,
    CERTIFICATION_STATUSES,
    SATISFACTION,
    affiliation_due,
    affiliation_overdue,
    check_certification_review,
)
from portal.wallet.rules.catalog import (
    AREA_CODE,
    DEFAULT_AREAS,
    TAX_RULES,
    USES,
    TaxRule,
    _money,
    check_area_code,
    check_area_withdrawal,
    check_use_allowed,
    check_within_limit,
    near_limit,
    yearly_limit_cents,
)
from portal.wallet.rules.family import (
    CARE_MIN_AGE,
    COHABITATION_RULE_FROM,
    DEPENDENT_CHILD_INCOME_LIMIT_CENTS,
    DEPENDENT_CHILD_MAX_AGE,
    DEPENDENT_INCOME_LIMIT_CENTS,
    OTHER_RELATIVES,
    PENSION_ELSEWHERE_MAX_CENTS,
    RELATIONSHIPS,
    Beneficiary,
    age_on,
    check_beneficiary,
    check_birth_date,
    check_dependency_declaration,
    dependent_income_limit_cents,
    is_dependent,
    pension_room_cents,
)
from portal.wallet.rules.ledger import (
    BUCKET_SIGN,
    BUCKETS,
    CREDIT_KINDS,
    DEBIT_KINDS,
    DEFAULT_AMOUNT_CENTS,
    FRINGE_LIMIT_CENTS,
    FRINGE_LIMIT_WITH_CHILDREN_CENTS,
    HEALTH_FUND_LIMIT_CENTS,
    KIND_LABELS,
    KINDS,
    Summary,
    allocation_adjustment,
    allocation_cents,
    bucket_change,
    check_debit,
    days_until,
    parse_coefficient,
    pension_fund_limit_cents,
    signed_amount,
    summarise,
)
from portal.wallet.rules.payroll import (
    DUTY_KINDS,
    PAYROLL_COLUMNS,
    PAYROLL_DUE_DAY,
    RESIDUALS_DUE,
    RESIDUALS_REMIND_DAYS,
    check_columns,
    check_year_can_close,
    next_month,
    parse_month,
    payroll_codes,
    payroll_deadline,
    payroll_month_closed,
    payslip_month,
    residuals_deadline,
)
from portal.wallet.rules.reimbursements import (
    DECISION_LABELS,
    DECISIONS,
    OPEN_STATUSES,
    STATUSES,
    approved_amount,
    available_decisions,
    check_decision,
    check_expense_date,
)

__all__ = [
    "Deadline", "RuleViolation", "reminder_due",
    "BUCKETS", "BUCKET_SIGN", "CREDIT_KINDS", "DEBIT_KINDS", "DEFAULT_AMOUNT_CENTS", "FRINGE_LIMIT_CENTS",
    "FRINGE_LIMIT_WITH_CHILDREN_CENTS", "HEALTH_FUND_LIMIT_CENTS", "KINDS", "KIND_LABELS", "Summary",
    "allocation_adjustment", "allocation_cents", "bucket_change", "check_debit", "days_until", "parse_coefficient",
    "pension_fund_limit_cents", "signed_amount", "summarise", "AREA_CODE", "DEFAULT_AREAS", "TAX_RULES", "TaxRule",
    "USES", "_money", "check_area_code", "check_area_withdrawal", "check_use_allowed", "check_within_limit",
    "near_limit", "yearly_limit_cents", "Beneficiary", "CARE_MIN_AGE", "COHABITATION_RULE_FROM",
    "DEPENDENT_CHILD_INCOME_LIMIT_CENTS", "DEPENDENT_CHILD_MAX_AGE", "DEPENDENT_INCOME_LIMIT_CENTS",
    "OTHER_RELATIVES", "PENSION_ELSEWHERE_MAX_CENTS", "RELATIONSHIPS", "age_on", "check_beneficiary",
    "check_birth_date", "check_dependency_declaration", "dependent_income_limit_cents", "is_dependent",
    "pension_room_cents", "DECISIONS", "DECISION_LABELS", "OPEN_STATUSES", "STATUSES", "approved_amount",
    "available_decisions", "check_decision", "check_expense_date", "DUTY_KINDS", "PAYROLL_COLUMNS", "PAYROLL_DUE_DAY",
    "RESIDUALS_DUE", "RESIDUALS_REMIND_DAYS", "check_columns", "check_year_can_close", "next_month", "parse_month",
    "payroll_codes", "payroll_deadline", "payroll_month_closed", "payslip_month", "residuals_deadline",
    "AFFILIATION_DAYS", "AFFILIATION_STATUSES", "CERTIFICATION_KINDS", "CERTIFICATION_STATUSES", "SATISFACTION",
    "affiliation_due", "affiliation_overdue", "check_certification_review",
]
