"""Who sees what in Conto Welfare, and the small helpers every use case shares."""

from __future__ import annotations

from portal.auth.models import User
from portal.extensions import db

# Who sees what (tender §4.2.6: no sensitive data ever reaches the institution). The welfare provider's
# operators check documents, certifications and family data; the institution's roles see aggregates, statuses
# and anonymised reports only.
WELFARE_OPERATORS = ("operatore_welfare",)
INSTITUTION = ("amministratore", "dec")
MANAGERS = INSTITUTION + WELFARE_OPERATORS


def sees_documents(user: User) -> bool:
    return user.has_role(*WELFARE_OPERATORS)


def taken(query, id_column, row) -> bool:
    """Whether another row than `row` (being edited, or None when new) already matches."""
    if row is not None:
        query = query.where(id_column != row.id)
    return db.session.scalar(query.limit(1)) is not None


def save_row(model, row, values: dict):
    """Create `model` with `values`, or update `row` with them."""
    if row is None:
        row = model()
        db.session.add(row)
    for name, value in values.items():
        setattr(row, name, value)
    db.session.flush()
    return row
