"""The micro nido for the office and the desk: the year and its fee table, the ranking, offers, monthly fees."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import roles_required
from portal.childcare import bp, labels, rules, services
from portal.childcare.models import NurseryCharge, NurseryPlace, NurseryYear
from portal.childcare.nursery_forms import (
    NURSERY_METHODS,
    AffiliationForm,
    ApplicantForm,
    FeePaymentForm,
    FeeTableForm,
    MonthForm,
    OpenYearForm,
    RankingForm,
)
from portal.childcare.routes.common import STAFF
from portal.core import csvio
from portal.core.actions import one_button
from portal.core.calendar import today_in_rome
from portal.core.forms import ActionForm, form_status, submitted_and_done
from portal.core.query import month_or
from portal.core.rules import RuleViolation
from portal.extensions import db

OFFICE = ("amministratore",)  # the institution's office: the fee table, the ranking, issuing the fees


def _year_or_404(year_id: int) -> NurseryYear:
    return db.get_or_404(NurseryYear, year_id)


@bp.get("/nursery/office")
@roles_required(*STAFF)
def nursery_office():
    year = services.current_year()
    if year is None:
        return render_template("childcare/nursery/office.html", year=None, form=OpenYearForm(
            formdata=None, start_year=rules.nursery_year_of(today_in_rome())))
    return redirect(url_for("childcare.nursery_year", year_id=year.id))


@bp.post("/nursery/years")
@roles_required(*OFFICE)
def nursery_open_year():
    form, done = OpenYearForm(), {}
    if submitted_and_done(form, lambda: done.update(year=services.open_year(current_user, form.start_year.data))):
        flash(_l("Nursery year %(year)s opened with the tender's fees.", year=done["year"].label), "success")
        return redirect(url_for("childcare.nursery_year", year_id=done["year"].id), code=303)
    return render_template("childcare/nursery/office.html", year=None, form=form), 422


@bp.get("/nursery/years/<int:year_id>")
@roles_required(*STAFF)
def nursery_year(year_id: int):
    year = _year_or_404(year_id)
    return render_template("childcare/nursery/year.html", year=year, places=services.ranking(year),
                           counts=services.overview_counts(year), months=rules.nursery_months(year.start_year,
                                                                                               year.july_open),
                           may_edit=current_user.has_role(*OFFICE), offer=ActionForm(),
                           place_statuses=labels.NURSERY_STATUSES, attendance_labels=rules.ATTENDANCE,
                           affiliation=AffiliationForm(formdata=None), today=today_in_rome())


@bp.post("/nursery/places/<int:place_id>/affiliation")
@roles_required(*OFFICE)
def nursery_affiliation(place_id: int):
    """The office updates the end of a parent's link with the university (a contract renewed, studies ended)."""
    place = db.get_or_404(NurseryPlace, place_id)
    form = AffiliationForm()
    back = url_for("childcare.nursery_year", year_id=place.year_id) + f"#place-{place.id}"
    if submitted_and_done(form, lambda: services.set_affiliation(current_user, place, form.until.data)):
        flash(_l("Saved: %(child)s's place follows the new date.", child=place.child.full_name), "success")
    else:
        db.session.rollback()
        flash(" ".join(str(e) for errs in form.errors.values() for e in errs) or _l("Enter a date."), "danger")
    return redirect(back, code=303)


@bp.route("/nursery/years/<int:year_id>/fees", methods=["GET", "POST"])
@roles_required(*OFFICE)
def nursery_fees(year_id: int):
    year = _year_or_404(year_id)
    form = FeeTableForm.for_table(year.fee_table()) if request.method == "GET" else FeeTableForm()
    if request.method == "POST" and submitted_and_done(form, lambda: services.save_fees(current_user, year,
                                                                                         form.table())):
        flash(_l("Fee table of %(year)s saved.", year=year.label), "success")
        return redirect(url_for("childcare.nursery_year", year_id=year.id), code=303)
    return render_template("childcare/nursery/fees.html", year=year, form=form, keys=rules.fee_keys(),
                           attendance=rules.ATTENDANCE), form_status(form)


@bp.route("/nursery/years/<int:year_id>/ranking", methods=["GET", "POST"])
@roles_required(*OFFICE)
def nursery_ranking(year_id: int):
    year = _year_or_404(year_id)
    form, rows, payload = RankingForm(), None, ""
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read(1_000_001) if upload else b""
        try:
            if len(data) > 1_000_000:
                raise RuleViolation(_l("The file is larger than 1 MB."))
            rows = services.read_ranking(year, data)
        except RuleViolation as violation:
            form.file.errors = [violation.message]
        else:
            payload = csvio.to_payload(data)
    status = 422 if form.is_submitted() and rows is None else 200
    return render_template("childcare/nursery/ranking.html", year=year, form=form, rows=rows,
                           confirm=RankingForm(formdata=None, payload=payload), categories=rules.NURSERY_CATEGORIES,
                           attendance=rules.ATTENDANCE), status


@bp.post("/nursery/years/<int:year_id>/ranking/apply")
@roles_required(*OFFICE)
def nursery_ranking_apply(year_id: int):
    year = _year_or_404(year_id)
    form = RankingForm()
    data = csvio.from_payload(form.payload.data or "") if form.validate_on_submit() else None
    if not data:
        abort(400)
    try:
        count = services.apply_ranking(current_user, year, data)
    except RuleViolation as violation:
        db.session.rollback()
        upload = RankingForm(formdata=None)
        upload.file.errors = [violation.message]
        return render_template("childcare/nursery/ranking.html", year=year, form=upload, rows=None,
                               confirm=RankingForm(formdata=None), categories=rules.NURSERY_CATEGORIES,
                               attendance=rules.ATTENDANCE), 422
    flash(_l("Ranking imported: %(count)d applicants.", count=count), "success")
    return redirect(url_for("childcare.nursery_year", year_id=year.id), code=303)


@bp.route("/nursery/years/<int:year_id>/applicants", methods=["GET", "POST"])
@roles_required(*OFFICE)
def nursery_applicant(year_id: int):
    year = _year_or_404(year_id)
    form = ApplicantForm()
    if submitted_and_done(form, lambda: services.add_applicant(current_user, year, form.values())):
        flash(_l("Applicant added to the ranking."), "success")
        return redirect(url_for("childcare.nursery_year", year_id=year.id), code=303)
    return render_template("childcare/nursery/applicant.html", year=year, form=form), form_status(form)


@bp.post("/nursery/years/<int:year_id>/offers")
@roles_required(*OFFICE)
def nursery_offers(year_id: int):
    year = _year_or_404(year_id)
    return one_button(lambda: services.make_offers(current_user, year),
                      lambda count: _l("%(count)d places offered.", count=count),
                      url_for("childcare.nursery_year", year_id=year.id))


def _month_arg(year: NurseryYear):
    month = month_or(request.args.get("month"), None)
    if month is None or month not in rules.nursery_months(year.start_year, year.july_open):
        month = next((m for m in rules.nursery_months(year.start_year, year.july_open)
                      if m >= today_in_rome().replace(day=1)), date_first(year))
    return month


def date_first(year: NurseryYear):
    return rules.nursery_months(year.start_year, year.july_open)[0]


@bp.get("/nursery/years/<int:year_id>/charges")
@roles_required(*STAFF)
def nursery_charges(year_id: int):
    year = _year_or_404(year_id)
    month = _month_arg(year)
    preview = services.fee_preview(year, month)
    summary = services.charges_summary(preview)
    receipts = services.receipts_by_charge(summary.charge_ids)
    # a paid fee whose receipt waits: what it lacks, and the desk's way to enter it
    missing = {charge.id: services.receipt_missing(charge) for row in preview for charge in row.issued.values()
               if charge.payment_id is not None and charge.id not in receipts}
    ended = services.ended_places(year, month)
    return render_template("childcare/nursery/charges.html", year=year, month=month, missing=missing,
                           ended=ended, ended_meals=services.ended_meals(year, month, ended),
                           meals_month=rules.meals_on_fee(month, year.start_year, year.july_open),
                           last_month=rules.fee_for_meals(month, year.start_year, year.july_open) is None,
                           months=rules.nursery_months(year.start_year, year.july_open), preview=preview,
                           summary=summary, states=summary.states, family_states=labels.FAMILY_FEE_STATES,
                           receipts=receipts,
                           open_family=request.args.get("family", type=int), attendance=rules.ATTENDANCE,
                           bands=rules.ISEE_BANDS, may_issue=current_user.has_role(*OFFICE),
                           issue=MonthForm(formdata=None, month=month.strftime("%Y-%m")),
                           pay=_pay_form(), methods=NURSERY_METHODS)


def _pay_form(formdata=None) -> FeePaymentForm:
    form = FeePaymentForm(formdata=formdata) if formdata is not None else FeePaymentForm(
        formdata=None, paid_on=today_in_rome())
    form.method.choices = [(m, NURSERY_METHODS[m]) for m in services.payment_methods()]
    return form


@bp.post("/nursery/years/<int:year_id>/charges/issue")
@roles_required(*OFFICE)
def nursery_issue(year_id: int):
    year = _year_or_404(year_id)
    month = month_or(MonthForm().month.data, None)
    if month is None:
        abort(400)
    back = url_for("childcare.nursery_charges", year_id=year.id, month=month.strftime("%Y-%m"))
    return one_button(lambda: services.issue_fees(current_user, year, month),
                      lambda count: _l("%(count)d monthly fees issued.", count=count), back)


@bp.post("/nursery/charges/<int:charge_id>/pay")
@roles_required(*STAFF)
def nursery_pay(charge_id: int):
    charge = db.get_or_404(NurseryCharge, charge_id)
    form = _pay_form(request.form)
    year = db.get_or_404(NurseryYear, _place_year(charge))
    back = url_for("childcare.nursery_charges", year_id=year.id, month=charge.month.strftime("%Y-%m"),
                   family=charge.family_id)
    done = {}
    if submitted_and_done(form, lambda: done.update(p=services.pay_fee(current_user, charge, form.method.data,
                                                                       form.paid_on.data, form.meals.data))):
        flash(_l("Payment recorded: receipt %(number)s.", number=done["p"].receipt_label), "success")
        waiting = services.receipt_missing(charge)
        if waiting:
            flash(_l("The receipt for the nursery bonus waits: it needs %(what)s. Enter them with the family's "
                     "fee below.", what=", ".join(waiting)), "warning")
    else:
        db.session.rollback()
        errors = [str(e) for errs in form.errors.values() for e in errs] + [str(e) for e in form.form_errors]
        flash(" ".join(errors) or _l("The payment could not be recorded."), "danger")
    return redirect(back, code=303)


def _place_year(charge: NurseryCharge) -> int:
    return db.session.get(NurseryPlace, charge.place_id).year_id
