"""Money: a family's account and receipts, the desk where the office records payments and sells cards."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import roles_required
from portal.childcare import bp, rules, services
from portal.childcare.forms import METHODS, PURPOSES, CardSaleForm, MembershipForm, PaymentForm
from portal.childcare.models import Family
from portal.childcare.routes.common import PARENTS, STAFF, _ask_for_family, _month_bounds_or_404
from portal.core.calendar import add_months, today_in_rome
from portal.core.forms import submitted_and_done
from portal.core.htmx import render
from portal.core.money import format_money
from portal.extensions import db


@bp.get("/account")
@roles_required(*PARENTS)
def account():
    family = services.family_of(current_user)
    if family is None:
        return _ask_for_family()
    return render_template("childcare/account.html", family=family, **_statement_context(family))


def _statement_context(family) -> dict:
    """The account's totals and one month's statement (?month=YYYY-MM, this month by default)."""
    this_month = today_in_rome().replace(day=1)
    first, last = _month_bounds_or_404(request.args.get("month"), this_month)
    return {"totals": services.account_totals(family), "statement": services.statement(family, first, last),
            "receipts": services.payments_of(family),
            "card_blocks": services.card_hours_left(family), "methods": dict(METHODS), "purposes": PURPOSES,
            "previous_month": add_months(first, -1), "next_month": add_months(first, 1) if first <= this_month else None}


@bp.get("/receipts/<int:payment_id>")
@roles_required(*PARENTS, *STAFF)
def receipt(payment_id: int):
    payment = services.payment_of(current_user, payment_id)
    if payment is None:
        abort(404)
    return render_template("childcare/receipt.html", payment=payment, methods=dict(METHODS), purposes=PURPOSES)


@bp.get("/families")
@roles_required(*STAFF)
def families():
    q = request.args.get("q", "").strip()[:100]
    return render("childcare/families.html", "childcare/_families.html", rows=services.families(q), q=q,
                  categories=rules.CATEGORIES)


def _family_desk(family, payment=None, card=None, membership=None, status=200):
    payment = payment or PaymentForm(formdata=None, paid_on=today_in_rome())
    return render_template(
        "childcare/family_desk.html", family=family, **_statement_context(family), categories=rules.CATEGORIES,
        payment=payment, card=card or CardSaleForm(formdata=None),
        membership=membership or MembershipForm(formdata=None), settings=services.settings()), status


@bp.get("/families/<int:family_id>")
@roles_required(*STAFF)
def family_desk(family_id: int):
    return _family_desk(db.get_or_404(Family, family_id))


def _desk_action(family, form, use_case, message, form_name: str):
    """A desk action on a family: back to the family when done, or the family page with the form's errors."""
    done = {}
    if submitted_and_done(form, lambda: done.update(result=use_case())):
        flash(message(done["result"]), "success")
        return redirect(url_for("childcare.family_desk", family_id=family.id), code=303)
    return _family_desk(family, status=422, **{form_name: form})


@bp.post("/families/<int:family_id>/payments")
@roles_required(*STAFF)
def family_payment(family_id: int):
    family, form = db.get_or_404(Family, family_id), PaymentForm()
    return _desk_action(
        family, form, lambda: services.record_payment(current_user, family, form.amount.data, form.method.data,
                                                      "hours", form.paid_on.data, form.note.data or ""),
        lambda payment: _l("Payment recorded: receipt %(number)s.", number=payment.receipt_label), "payment")


@bp.post("/families/<int:family_id>/cards")
@roles_required(*STAFF)
def family_card(family_id: int):
    family, form = db.get_or_404(Family, family_id), CardSaleForm()
    return _desk_action(family, form, lambda: services.sell_card(current_user, family, form.method.data,
                                                                 form.hours.data),
                        lambda payment: _l("Card of %(hours)s hours sold for %(amount)s: receipt %(number)s.",
                                           hours=form.hours.data, amount=format_money(payment.amount_cents),
                                           number=payment.receipt_label), "card")


@bp.get("/families/<int:family_id>/children/<int:child_id>/health")
@roles_required(*STAFF)
def child_health(family_id: int, child_id: int):
    """A child's allergies and notes for the educators: each opening is written to the audit log."""
    family = db.get_or_404(Family, family_id)
    child = services.open_health_notes(current_user, family, child_id)
    if child is None:
        abort(404)
    return render_template("childcare/health.html", family=family, child=child)


@bp.post("/families/<int:family_id>/membership")
@roles_required(*STAFF)
def family_membership(family_id: int):
    family, form = db.get_or_404(Family, family_id), MembershipForm()
    return _desk_action(
        family, form, lambda: services.sell_membership(current_user, family, form.price.data, form.months.data,
                                                       form.method.data),
        lambda _payment: _l("Family approved; membership card valid until %(day)s.",
                            day=family.membership_valid_until.strftime("%d/%m/%Y")), "membership")

