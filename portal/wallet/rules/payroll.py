"""Conto Welfare, payroll and year closing: the payroll file's months, codes and columns, closing a plan year,
and the provider's deadlines (the payroll file by the 2nd, residuals by 15 January).
"""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

from portal.core.calendar import month_bounds
from portal.core.rules import Deadline, RuleViolation
from portal.wallet.rules.catalog import TAX_RULES

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
