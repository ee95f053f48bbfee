"""Reimbursement requests from submission to decision, and the monthly payroll export."""

from __future__ import annotations

from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from portal.auth.models import User
from portal.core import audit, csvio, ids, mail
from portal.core import uploads as uploads_module
from portal.core.calendar import ROME, month_range_utc, today_in_rome
from portal.core.money import csv_amount
from portal.core.rules import RuleViolation
from portal.core.types import utcnow
from portal.extensions import db
from portal.wallet import rules
from portal.wallet.models import (
    Offer,
    PayrollBatch,
    Reimbursement,
    ReimbursementDocument,
    ReimbursementMessage,
    Wallet,
)
from portal.wallet.services.access import sees_documents
from portal.wallet.services.catalog import beneficiary_facts, limit_check, visible_offers
from portal.wallet.services.deadlines import mark_duty_done
from portal.wallet.services.ledger import current_wallet, post_entry
from portal.wallet.services.roster import family_member_of

# -- reimbursements ----------------------------------------------------------------------------


def reimbursement_categories(user: User, wallet: Wallet | None) -> list[Offer]:
    """Catalog services paid back in cash: only those whose tax rule allows it."""
    return [offer for offer in visible_offers(user, wallet, use="reimbursement")
            if rules.TAX_RULES[offer.tax_rule].cash_reimbursement]


def _notify(request: Reimbursement, template: str, **context) -> None:
    owner = request.wallet.user
    mail.enqueue(owner.email, owner.locale, template, user=owner, request=request, statuses=rules.STATUSES,
                 link=mail.link_to("wallet.reimbursement", request_id=request.id), **context)


def _store_documents(uploads: list, folder: str, actor: User, request: Reimbursement) -> None:
    for upload in uploads:
        document = ReimbursementDocument(uploaded_by_id=actor.id)
        document.keep(uploads_module.store(upload, folder))
        request.documents.append(document)


def request_reimbursement(actor: User, offer: Offer, amount_cents: int, expense_date: date, provider_name: str,
                          beneficiary_id: int | None, uploads: list) -> Reimbursement:
    """Submit a request: the documents are stored, the amount reserved at once (one transaction)."""
    wallet = current_wallet(actor)
    if wallet is None:
        raise RuleViolation(_l("You have no welfare wallet for this year."))
    if offer.use != "reimbursement":
        raise RuleViolation(_l("Choose a kind of expense that can be reimbursed."), field="category")
    rules.check_use_allowed(offer.tax_rule, "reimbursement")
    rules.check_expense_date(expense_date, wallet.plan_year.starts_on, wallet.plan_year.ends_on, today_in_rome())
    if not uploads:
        raise RuleViolation(_l("Attach at least one document: the receipt and the proof of payment."),
                            field="documents")
    beneficiary = None
    if beneficiary_id:
        beneficiary = family_member_of(actor, beneficiary_id)
        if beneficiary is None:
            raise RuleViolation(_l("Choose one of your family members."), field="beneficiary")
    rules.check_beneficiary(offer.tax_rule, beneficiary_facts(beneficiary, wallet.plan_year.year), expense_date)
    wallet = db.session.get(Wallet, wallet.id, with_for_update=True, populate_existing=True)
    checked_revision = wallet.revision  # read before the limit's sums: the write proves nothing came in between
    limit_check(actor, wallet, offer.tax_rule, amount_cents)
    rules.check_debit(wallet.balance_cents, amount_cents)
    request = Reimbursement(wallet_id=wallet.id, offer_id=offer.id, beneficiary_id=getattr(beneficiary, "id", None),
                            tax_rule=offer.tax_rule, amount_cents=amount_cents, expense_date=expense_date,
                            provider_name=provider_name, status="submitted")
    db.session.add(request)
    # Files are tied to this transaction: a failure from here on removes them too.
    _store_documents(uploads, f"reimbursements/{wallet.plan_year.year}", actor, request)
    db.session.flush()
    post_entry(wallet, "reservation", amount_cents, f"{offer.title_it} #{request.id}", actor, area=offer.area,
               checked_revision=checked_revision)
    return request


def reimbursements_of(user: User) -> list[Reimbursement]:
    return list(db.session.scalars(
        select(Reimbursement).join(Reimbursement.wallet).where(Wallet.user_id == user.id)
        .order_by(Reimbursement.created_at.desc(), Reimbursement.id.desc())))


def reimbursement_for(user: User, request_id: int, managing: bool = False) -> Reimbursement | None:
    """The employee's own request, or any request for the welfare operators (never the institution's roles)."""
    query = select(Reimbursement).join(Reimbursement.wallet).where(Reimbursement.id == request_id)
    if not (managing and sees_documents(user)):
        query = query.where(Wallet.user_id == user.id)
    return db.session.scalar(query)


def answer_reimbursement(actor: User, request: Reimbursement, body: str, uploads: list) -> None:
    """The employee answers a request for more documents: back to the operators."""
    if request.status != "more_needed":
        raise RuleViolation(_l("This request is not waiting for your answer."))
    if not body.strip() and not uploads:
        raise RuleViolation(_l("Write a message or attach a document."), field="message")
    _store_documents(uploads, f"reimbursements/{request.wallet.plan_year.year}", actor, request)
    request.status = "submitted"
    _clear_check(request)
    request.messages.append(ReimbursementMessage(author_id=actor.id, body=body.strip(), status_after="submitted"))
    db.session.flush()


def _clear_check(request: Reimbursement) -> None:
    request.checked_by_id = request.checked_at = request.proposed_cents = None
    request.check_note = ""


def decide_reimbursement(actor: User, request: Reimbursement, decision: str, approved_cents: int | None,
                         message: str) -> None:
    """Take, check (proposing the amount), approve what another operator checked, reject or ask for more; the
    money follows in the ledger."""
    wallet = db.session.get(Wallet, request.wallet_id, with_for_update=True, populate_existing=True)
    db.session.refresh(request, with_for_update=True)
    rules.check_decision(request.status, decision, actor.id, wallet.user_id, request.checked_by_id)
    message = message.strip()
    if decision in ("reject", "ask") and not message:
        raise RuleViolation(_l("Write the reason to the employee."), field="message")
    label = f"#{request.id}"
    if decision == "take":
        request.status, request.reviewer_id = "in_review", actor.id
    elif decision == "check":
        request.proposed_cents = rules.approved_amount(request.amount_cents, approved_cents, message)
        request.checked_by_id, request.checked_at, request.check_note = actor.id, utcnow(), message
    elif decision == "ask":
        request.status = "more_needed"
        _clear_check(request)
    elif decision == "reject":
        post_entry(wallet, "release", request.amount_cents, f"{label} rejected", actor, area=request.offer.area)
        request.status = "rejected"
        _clear_check(request)
    else:
        amount = request.proposed_cents
        message = message or request.check_note  # the checker's reason for a lower amount reaches the employee
        post_entry(wallet, "release", request.amount_cents, f"{label} approved", actor, area=request.offer.area)
        post_entry(wallet, "reimbursement", amount, f"{request.offer.title_it} {label}", actor, area=request.offer.area)
        request.approved_cents = amount
        request.status = "approved"
    if decision in ("approve", "reject"):
        request.decided_at, request.decided_by_id = utcnow(), actor.id
    if decision not in ("take", "check"):
        request.messages.append(ReimbursementMessage(author_id=actor.id, body=message, status_after=request.status))
    db.session.flush()
    audit.record("wallet.reimbursement_decided", user=wallet.user, actor=actor, request=request.id,
                 decision=decision, status=request.status)
    if decision not in ("take", "check"):
        _notify(request, "reimbursement_status", message=message)


def reimbursement_queue(status: str = "", q: str = "") -> list[Reimbursement]:
    query = select(Reimbursement).join(Reimbursement.wallet).join(Wallet.user)
    query = query.where(Reimbursement.status == status) if status in rules.STATUSES else query.where(
        Reimbursement.status.in_(rules.OPEN_STATUSES))
    if q:
        like = f"%{q.lower()}%"
        query = query.where(or_(func.lower(User.full_name).like(like), User.codice_fiscale == q.upper(),
                                func.lower(Reimbursement.provider_name).like(like)))
    return list(db.session.scalars(query.order_by(Reimbursement.created_at).limit(500)))


def document_for(user: User, document_id: int) -> ReimbursementDocument | None:
    """A receipt of a request: for its owner and the welfare operators only; every opening is audited."""
    document = db.session.get(ReimbursementDocument, document_id)
    if document is None:
        return None
    owner = document.reimbursement.wallet.user
    if not (user.id == owner.id or sees_documents(user)):
        return None
    audit.record("wallet.document_opened", user=owner, actor=user, document=document.id,
                 request=document.reimbursement_id)
    return document


# -- payroll export ---------------------------------------------------------------------------------


def payroll_month_suggested(today: date) -> str:
    """The month the payroll page offers to export: the one before today's, as YYYY-MM."""
    return date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1).strftime("%Y-%m")


def export_payroll(actor: User | None, month_text: str) -> PayrollBatch | None:
    """Every reimbursement approved in the month and not yet exported, each exactly once.

    The rows are locked: two exports at the same time cannot both take a request.
    Returns None when there is nothing new.
    """
    year, month = rules.parse_month(month_text)
    columns = tuple(current_app.config["PORTAL_PAYROLL_COLUMNS"])
    rules.check_columns(columns)
    codes = rules.payroll_codes(tuple(current_app.config["PORTAL_PAYROLL_CODES"]))
    start, end = month_range_utc(date(year, month, 1))
    requests = list(db.session.scalars(
        select(Reimbursement)
        .where(Reimbursement.status == "approved", Reimbursement.payroll_batch_id.is_(None),
               Reimbursement.decided_at >= start, Reimbursement.decided_at < end)
        .order_by(Reimbursement.id)
        .with_for_update(of=Reimbursement)
    ))
    if rules.payroll_month_closed(date(year, month, 1), today_in_rome()):
        mark_duty_done(actor, "payroll", date(year, month, 1))
    if not requests:
        return None
    competenza = rules.payslip_month(year, month)
    wrong = sorted({item.wallet.user.full_name for item in requests
                    if (item.wallet.matricola or item.wallet.user.matricola)
                    and not ids.is_matricola(item.wallet.matricola or item.wallet.user.matricola)})
    if wrong:
        raise RuleViolation(_l("The payroll file was not made: the matricola of %(names)s is not 6 digits from 0 to 9. "
                               "Correct it in the staff roster, then make the file again.", names=", ".join(wrong)),
                            field="month")
    rows = []
    for item in requests:
        owner = item.wallet.user
        values = {
            "codice_fiscale": owner.codice_fiscale or "", "matricola": item.wallet.matricola or owner.matricola or "",
            "competenza": competenza, "codice_voce": codes[item.tax_rule],
            "importo": csv_amount(item.approved_cents), "id_pratica": str(item.id),
            "data_approvazione": item.decided_at.astimezone(ROME).strftime("%d/%m/%Y"),
            "nome": owner.full_name, "tipo_beneficio": rules.TAX_RULES[item.tax_rule].reference,
        }
        rows.append([values[name] for name in columns])
    content = csvio.write_rows(columns, rows, delimiter=";")
    batch = PayrollBatch(month=f"{year:04d}-{month:02d}", created_by_id=getattr(actor, "id", None), rows=len(rows),
                         total_cents=sum(item.approved_cents for item in requests), content=content)
    db.session.add(batch)
    db.session.flush()
    for item in requests:
        item.payroll_batch_id, item.payslip_month, item.status = batch.id, competenza, "paid"
    audit.record("wallet.payroll_exported", actor=actor, batch=batch.id, month=batch.month, rows=batch.rows,
                 total_cents=batch.total_cents)
    db.session.flush()
    return batch


def payroll_batch_for_download(actor: User, batch_id: int) -> PayrollBatch | None:
    """A payroll file sent before, downloaded again: audited (it names people and amounts)."""
    batch = db.session.get(PayrollBatch, batch_id)
    if batch is not None:
        audit.record("wallet.payroll_downloaded", actor=actor, batch=batch.id, month=batch.month)
    return batch


def payroll_batches(count: int = 60) -> list[PayrollBatch]:
    """The payroll files made, the latest first."""
    return list(db.session.scalars(select(PayrollBatch).order_by(PayrollBatch.id.desc()).limit(count)))
