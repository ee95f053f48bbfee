"""The plan's rules, affiliation requests, feedback and the employees' preferences."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal.auth.models import User
from portal.core import audit
from portal.core.legal import LegalText
from portal.core.rules import RuleViolation
from portal.core.types import utcnow
from portal.extensions import db
from portal.wallet.models import (
    Feedback,
    Preferences,
    RulesAcceptance,
)

# -- the plan's rules and guides -----------------------------------------------------------------

GUIDES = ("welfare_guide", "welfare_reimbursements", "welfare_limits")


def rules_text() -> LegalText | None:
    """The current version of the plan's rules."""
    return LegalText.current("welfare_rules")


def guide_text(kind: str) -> LegalText | None:
    """The current version of one of the plan's guides; None for any other kind of text."""
    return LegalText.current(kind) if kind in GUIDES else None


def guides() -> dict[str, LegalText | None]:
    return {kind: LegalText.current(kind) for kind in GUIDES}


def rules_pending(user: User) -> int | None:
    """The version of the welfare rules the employee still has to accept, or None."""
    # One statement: this runs before every page of the wallet.
    current, accepted = db.session.execute(select(
        select(func.max(LegalText.version)).where(LegalText.kind == "welfare_rules").scalar_subquery(),
        select(func.max(RulesAcceptance.version)).where(RulesAcceptance.user_id == user.id).scalar_subquery(),
    )).one()
    if current is None:
        return None
    return current if (accepted or 0) < current else None


def accept_rules(user: User, version: int) -> None:
    if LegalText.current_version("welfare_rules") != version:
        raise RuleViolation(_l("The rules were updated while you were reading. Please read the new version."))
    if db.session.scalar(select(RulesAcceptance.id).where(RulesAcceptance.user_id == user.id,
                                                          RulesAcceptance.version == version)) is None:
        db.session.add(RulesAcceptance(user_id=user.id, version=version))
        audit.record("wallet.rules_accepted", user=user, actor=user, version=version)
    db.session.flush()


# -- feedback, preferences ----------------------------------------------------


def give_feedback(actor: User, rating: int, comment: str) -> Feedback:
    row = Feedback(user_id=actor.id, rating=rating, comment=comment.strip())
    db.session.add(row)
    db.session.flush()
    return row


def feedback_summary() -> tuple[int, float | None]:
    count, average = db.session.execute(select(func.count(Feedback.id), func.avg(Feedback.rating))).one()
    return int(count), (round(float(average), 1) if average is not None else None)


def preferences_of(user: User) -> Preferences:
    return db.session.get(Preferences, user.id) or Preferences(user_id=user.id, info_emails=False)


def set_info_emails(actor: User, wanted: bool) -> None:
    row = db.session.get(Preferences, actor.id)
    if row is None:
        row = Preferences(user_id=actor.id)
        db.session.add(row)
    row.info_emails, row.changed_at = wanted, utcnow()
    db.session.flush()
    audit.record("wallet.info_emails", user=actor, actor=actor, opted_in=wanted)
