"""Conto Welfare, reimbursements: their statuses, the four-eyes decisions, the approved amount, the expense date.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from portal.core.rules import RuleViolation

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
