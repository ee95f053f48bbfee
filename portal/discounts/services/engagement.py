"""What people send the office: reports of offers that did not work (requests to affiliate a merchant are one
flow with Conto Welfare's: portal.core.affiliations); and the weekly digest of new offers they opt in to (mailed through the outbox)."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from portal.auth.models import User, UserRole
from portal.core import affiliations, audit, mail
from portal.core.rows import update_if
from portal.core.rules import RuleViolation
from portal.core.types import utcnow
from portal.discounts import rules
from portal.discounts.models import Digest, DiscountOffer, OfferReport
from portal.discounts.services._common import MEMBER_ROLES, today
from portal.extensions import db

# -- reports -------------------------------------------------------------------------------------------------------


def report(actor: User, offer: DiscountOffer, reason: str, details: str) -> OfferReport:
    rules.check_report(reason, details)
    row = OfferReport(offer_id=offer.id, reported_by_id=actor.id, reason=reason, details=details.strip())
    db.session.add(row)
    db.session.flush()
    audit.record("discounts.offer_reported", actor=actor, offer=offer.id, report=row.id)
    return row


def report_queue() -> list[OfferReport]:
    """Every report, the open ones first, the oldest first among them."""
    return list(db.session.scalars(select(OfferReport).order_by(OfferReport.status != "open", OfferReport.id)))


def handle_report(actor: User, row: OfferReport) -> OfferReport:
    rules.check_report_handling(row.status)
    # one conditional write: of two operators at once, the second is told it is handled already
    if not update_if(row, {"status": "handled", "handled_at": utcnow(), "handled_by_id": actor.id},
                     OfferReport.status == "open"):
        raise RuleViolation(_l("This report has already been handled."))
    audit.record("discounts.report_handled", actor=actor, report=row.id, offer=row.offer_id)
    return row


def open_in_queue() -> int:
    """Reports, and requests for new providers (of either service), the office has still to handle."""
    return (db.session.scalar(select(func.count()).select_from(OfferReport).where(OfferReport.status == "open"))
            + affiliations.open_count())  # the one queue shared with Conto Welfare


# -- the weekly digest ---------------------------------------------------------------------------------------------


def digest_of(user: User) -> Digest | None:
    return db.session.scalar(select(Digest).where(Digest.user_id == user.id))


def set_digest(user: User, weekly: bool) -> Digest:
    row = digest_of(user)
    if row is None:
        row = Digest(user_id=user.id, weekly=weekly)
        db.session.add(row)
    row.weekly = weekly
    db.session.flush()
    audit.record("discounts.digest_chosen", user=user, actor=user, weekly=weekly)
    return row


def send_digests(day: date | None = None) -> int:
    """Mail each person who opted in, once a week, the offers published since their last digest and still
    running; nothing when there is nothing new. How many mails were queued."""
    day = day or today()
    subscribers = db.session.scalars(
        select(Digest).join(User, User.id == Digest.user_id).where(
            Digest.weekly.is_(True), User.active.is_(True),
            User.id.in_(select(UserRole.user_id).where(UserRole.role.in_(MEMBER_ROLES))))).all()
    sent = 0
    for row in subscribers:
        if not rules.digest_due(row.last_sent_on, day):
            continue
        since = rules.digest_since(row.last_sent_on, day)
        offers = list(db.session.scalars(select(DiscountOffer).where(
            DiscountOffer.published_on >= since, DiscountOffer.published_on <= day, DiscountOffer.valid_to >= day, DiscountOffer.valid_from <= day)
            .order_by(DiscountOffer.published_on.desc(), DiscountOffer.id.desc()).limit(30)))
        # two runs at once (a cron overlapping a manual run): only the one that moves the date sends the mail
        if not update_if(row, {"last_sent_on": day},
                         or_(Digest.last_sent_on.is_(None), Digest.last_sent_on < day)):
            continue
        if not offers:
            continue
        mail.enqueue(row.user.email, row.user.locale, "discounts_digest", user=row.user, offers=offers,
                     link=mail.link_to("discounts.home", new="1"))
        sent += 1
    db.session.flush()
    return sent
