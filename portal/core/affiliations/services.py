"""The use cases of the one affiliation flow: a person asks, the office answers within 15 days, the answer is
mailed through the outbox. Each takes the acting user first and only flushes."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal.core import audit, mail
from portal.core.affiliations.kinds import enabled_kinds, kinds_for
from portal.core.affiliations.kinds import kind as kind_of
from portal.core.affiliations.models import AffiliationRequest
from portal.core.calendar import today_in_rome
from portal.core.rows import update_if
from portal.core.rules import RuleViolation, affiliation_due, check_affiliation_handling, check_affiliation_kind
from portal.core.types import utcnow
from portal.extensions import db

HANDLED_SHOWN = 50  # answered requests on the office's queue, the latest first (the open ones are all shown)


def request_affiliation(actor, kind: str, values: dict) -> AffiliationRequest:
    check_affiliation_kind(kind, [entry.key for entry in kinds_for(actor)])
    row = AffiliationRequest(kind=kind, requested_by_id=actor.id, due_on=affiliation_due(today_in_rome()), **values)
    db.session.add(row)
    db.session.flush()
    audit.record("affiliation.requested", actor=actor, request=row.id, kind=kind)
    return row


def requests_of(user) -> list[AffiliationRequest]:
    """A person's own requests, the latest first."""
    return list(db.session.scalars(select(AffiliationRequest).where(AffiliationRequest.requested_by_id == user.id)
                                   .order_by(AffiliationRequest.id.desc())))


def _of_enabled_services():
    """Requests of a switched-off service are not the office's business while it is off (they stay stored)."""
    return AffiliationRequest.kind.in_([each.key for each in enabled_kinds()])


def open_requests() -> list[AffiliationRequest]:
    """Every open request, the earliest due first (the overdue ones come first)."""
    return list(db.session.scalars(select(AffiliationRequest).where(AffiliationRequest.status == "open",
                                                                     _of_enabled_services())
                                   .order_by(AffiliationRequest.due_on, AffiliationRequest.id)))


def handled_requests(limit: int = HANDLED_SHOWN) -> list[AffiliationRequest]:
    """The latest answered requests."""
    return list(db.session.scalars(select(AffiliationRequest).where(AffiliationRequest.status != "open",
                                                                     _of_enabled_services())
                                   .order_by(AffiliationRequest.handled_at.desc(), AffiliationRequest.id.desc())
                                   .limit(limit)))


def open_count() -> int:
    return db.session.scalar(select(func.count()).select_from(AffiliationRequest)
                             .where(AffiliationRequest.status == "open", _of_enabled_services())) or 0


def overdue_count(today: date | None = None) -> int:
    """Open requests past their 15th day."""
    today = today or today_in_rome()
    return db.session.scalar(select(func.count()).select_from(AffiliationRequest).where(
        AffiliationRequest.status == "open", AffiliationRequest.due_on < today, _of_enabled_services())) or 0


def handle_affiliation(actor, row: AffiliationRequest, outcome: str, answer: str) -> AffiliationRequest:
    check_affiliation_handling(row.status, outcome, answer)
    # one conditional write: two operators answering at once never send the person two (different) answers
    if not update_if(row, {"status": outcome, "answer": answer.strip(), "handled_at": utcnow(),
                           "handled_by_id": actor.id}, AffiliationRequest.status == "open"):
        raise RuleViolation(_l("This request has already been handled."))
    audit.record("affiliation.handled", actor=actor, request=row.id, status=outcome)
    requester = row.requested_by
    if requester is not None:
        mail.enqueue(requester.email, requester.locale, "affiliation_handled", user=requester, row=row,
                     kind=kind_of(row.kind), link=mail.link_to("site.affiliations"))
    return row
