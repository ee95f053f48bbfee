"""CAF / ISEEU parificato: the calculation (a rule set per year of request), the outcome of a practice and the
state sent to the university, the university's checks on the monthly file, and the appointment slots of an office.

Pure: plain values in, plain values out, a RuleViolation with a translatable message when a rule refuses.

One module per part; every name is re-exported here, so that callers write `rules.x(...)`:
  calculation   the rule set of a year, the household, ISR/ISP/ISE, the scale, ISEEU and ISPEU, independent students
  outcomes      the checklist's findings, the case, the state sent to the university, the answer's due day
  monthly_file  the rows of the monthly file and their checks; the monthly file and double-counting deadlines
  offices       opening hours, closed days, slots, what a student may book, the documents a practice must hold
"""

from portal.caf.rules.calculation import (
    CENT,
    RULE_SETS,
    Amount,
    Conversion,
    Household,
    Result,
    RuleSet,
    calculate,
    equivalence_scale,
    is_independent_student,
    movable_deduction,
    rule_set,
    to_cents,
    to_euro,
)
from portal.caf.rules.monthly_file import (
    CONFIRMED_STATES,
    DoubleCount,
    FileRefused,
    FileRow,
    RowProblem,
    SentOutcome,
    double_count_deadline,
    double_counts,
    file_deadline,
    file_rows,
    nul_reasons,
    row_problems,
)
from portal.caf.rules.offices import (
    DOCUMENT_KINDS,
    PURPOSES,
    Opening,
    check_may_change,
    ferragosto_week,
    is_office_closed,
    purpose_for,
    required_documents,
    slot_starts,
)
from portal.caf.rules.outcomes import (
    AWAITING_ORIGINALS,
    COMPUTABLE,
    CONFERMATO,
    CONFERMATO_DIFFORMITA,
    DA_CONFERMARE,
    DA_CONFERMARE_DIFFORMITA,
    DISCREPANCY,
    DISCREPANCY_FINDINGS,
    FINDINGS,
    NOT_COMPUTABLE,
    NUL,
    NUL_FINDINGS,
    RETTIFICATO_CONFERMATO,
    UNIVERSITY_STATES,
    Outcome,
    answer_due,
    case_of,
    consular_certificate_only,
    is_overdue,
    last_submission_due_by,
    outcome,
    outcome_after_originals,
)
from portal.core.rules import Deadline, RuleViolation, reminder_due

__all__ = [
    "Deadline", "RuleViolation", "reminder_due",
    "Amount", "CENT", "Conversion", "Household", "RULE_SETS", "Result", "RuleSet", "calculate", "equivalence_scale",
    "is_independent_student", "movable_deduction", "rule_set", "to_cents", "to_euro", "AWAITING_ORIGINALS",
    "COMPUTABLE", "CONFERMATO", "CONFERMATO_DIFFORMITA", "DA_CONFERMARE", "DA_CONFERMARE_DIFFORMITA", "DISCREPANCY",
    "DISCREPANCY_FINDINGS", "FINDINGS", "NOT_COMPUTABLE", "NUL", "NUL_FINDINGS", "Outcome", "RETTIFICATO_CONFERMATO",
    "UNIVERSITY_STATES", "answer_due", "case_of", "consular_certificate_only", "is_overdue", "last_submission_due_by",
    "outcome", "outcome_after_originals", "CONFIRMED_STATES", "DoubleCount", "FileRefused", "FileRow", "RowProblem",
    "SentOutcome", "double_count_deadline", "double_counts", "file_deadline", "file_rows", "nul_reasons",
    "row_problems", "DOCUMENT_KINDS", "Opening", "PURPOSES", "check_may_change", "ferragosto_week",
    "is_office_closed", "purpose_for", "required_documents", "slot_starts",
]
