"""Forms to download and certifications to upload."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.auth.models import User
from portal.core import audit, mail
from portal.core import uploads as uploads_module
from portal.core.rules import RuleViolation
from portal.core.types import utcnow
from portal.extensions import db
from portal.wallet import rules
from portal.wallet.models import (
    Certification,
    WelfareForm,
)
from portal.wallet.services.access import MANAGERS, sees_documents
from portal.wallet.services.ledger import current_plan_year
from portal.wallet.services.roster import family_member_of

# -- forms to download, certifications to upload -----------------------------------------------------


def forms_list(include_withdrawn: bool = False) -> list[WelfareForm]:
    query = select(WelfareForm).order_by(WelfareForm.title_it)
    if not include_withdrawn:
        query = query.where(WelfareForm.published.is_(True))
    return list(db.session.scalars(query))


def form_for(user: User, form_id: int) -> WelfareForm | None:
    """A published form for anybody with the wallet; a withdrawn one only for the office."""
    row = db.session.get(WelfareForm, form_id)
    if row is None or not (row.published or user.has_role(*MANAGERS)):
        return None
    return row


def publish_form(actor: User, values: dict, upload) -> WelfareForm:
    row = WelfareForm(uploaded_by_id=actor.id, **values)
    row.keep(uploads_module.store(upload, "wallet/forms"))
    db.session.add(row)
    db.session.flush()
    audit.record("wallet.form_published", actor=actor, form=row.id)
    return row


def set_form_published(actor: User, row: WelfareForm, published: bool) -> None:
    row.published = published
    audit.record("wallet.form_published" if published else "wallet.form_withdrawn", actor=actor, form=row.id)


def certifications_of(user: User) -> list[Certification]:
    return list(db.session.scalars(select(Certification).where(Certification.user_id == user.id)
                                   .order_by(Certification.uploaded_at.desc(), Certification.id.desc())))


def certification_for(user: User, certification_id: int) -> Certification | None:
    """A certification: for its owner and the welfare operators only; every opening is audited."""
    row = db.session.get(Certification, certification_id)
    if row is None or not (row.user_id == user.id or sees_documents(user)):
        return None
    audit.record("wallet.certification_opened", user=row.user, actor=user, certification=row.id)
    return row


def upload_certification(actor: User, kind: str, family_member_id: int | None, note: str, upload) -> Certification:
    plan_year = current_plan_year()
    if plan_year is None:
        raise RuleViolation(_l("No welfare plan is open today."))
    if kind not in rules.CERTIFICATION_KINDS:
        raise RuleViolation(_l("Choose what the certification is about."), field="kind")
    if family_member_id and family_member_of(actor, family_member_id) is None:
        raise RuleViolation(_l("Choose one of your family members."), field="family_member")
    row = Certification(user_id=actor.id, plan_year_id=plan_year.id, kind=kind,
                        family_member_id=family_member_id or None, note=note)
    row.keep(uploads_module.store(upload, f"wallet/certifications/{plan_year.year}"))
    db.session.add(row)
    db.session.flush()
    # No kind in the log: "care" would tell the institution about a family member's health.
    audit.record("wallet.certification_uploaded", user=actor, actor=actor, certification=row.id)
    return row


def certification_queue(status: str) -> list[Certification]:
    query = select(Certification).order_by(Certification.uploaded_at, Certification.id)
    if status in rules.CERTIFICATION_STATUSES:
        query = query.where(Certification.status == status)
    return list(db.session.scalars(query))


def review_certification(actor: User, row: Certification, status: str, note: str) -> None:
    """Accept a certification or say why not; the employee is told by mail, in their language."""
    if row.status != "received":
        raise RuleViolation(_l("This certification has already been reviewed."))
    if row.user_id == actor.id:
        raise RuleViolation(_l("You cannot review a certification of your own: another operator must do it."))
    rules.check_certification_review(status, note)
    row.status, row.review_note = status, note.strip()
    row.reviewed_by_id, row.reviewed_at = actor.id, utcnow()
    audit.record("wallet.certification_reviewed", user=row.user, actor=actor, certification=row.id, status=status)
    mail.enqueue(row.user.email, row.user.locale, "certification_reviewed", user=row.user, row=row,
                 kinds=rules.CERTIFICATION_KINDS, link=mail.link_to("wallet.documents"))
