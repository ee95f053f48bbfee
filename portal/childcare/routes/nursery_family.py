"""The micro nido for families: the receipts' details and PDFs, absences, the daily diary, the nursery calendar;
for the staff: issuing and correcting receipts, writing the diary."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import roles_required
from portal.childcare import bp, labels, rules, services
from portal.childcare.models import NurseryCharge, NurseryPlace
from portal.childcare.nursery_family_forms import LUNCH, AbsenceForm, DiaryForm, ReceiptDetailsForm
from portal.childcare.nursery_forms import NURSERY_METHODS
from portal.childcare.routes.common import PARENTS, STAFF
from portal.core.actions import one_button
from portal.core.calendar import today_in_rome
from portal.core.forms import ActionForm, form_status, submitted_and_done
from portal.core.pdf import pdf_response, render_pdf
from portal.core.query import day_or
from portal.extensions import db

DIARY_WRITERS = ("educatore", "amministratore")


def _enrolled_or_home():
    places = services.enrolled_places_of(current_user)
    if not places:
        flash(_l("This page opens once a child of yours is enrolled at the micro nido: accept an offered place below, if there is one, or wait for the ranking."), "info")
    return places


# -- receipts ------------------------------------------------------------------------------------------------------

@bp.route("/nursery/receipt-details", methods=["GET", "POST"])
@roles_required(*PARENTS)
def nursery_receipt_details():
    places = _enrolled_or_home()
    if not places:
        return redirect(url_for("childcare.nursery_home"))
    family = places[0].family
    children = [place.child for place in places if place.family_id == family.id]
    children = list({child.id: child for child in children}.values())
    return _receipt_details(family, children, url_for("childcare.nursery_month"),
                            _l("Details saved: the receipts of paid months are ready."))


@bp.route("/nursery/families/<int:family_id>/receipt-details", methods=["GET", "POST"])
@roles_required(*STAFF)
def nursery_desk_receipt_details(family_id: int):
    """The desk enters the receipt details for a parent who has not (they are on the paper form, or told at the
    desk): the same checks as the parent's page, and saving issues the receipts that waited for them."""
    found = services.nursery_family_of(family_id)
    if found is None:
        abort(404)
    family, children = found
    back = request.args.get("back", "")
    back = back if back.startswith("/policino/") else url_for("childcare.nursery_office")
    return _receipt_details(family, children, back,
                            _l("Details saved for %(parent)s: the receipts of paid months are issued.",
                               parent=family.parent.full_name), desk=True)


def _receipt_details(family, children, done_url: str, done_message, desk: bool = False):
    if request.method == "GET":
        form = ReceiptDetailsForm.for_family(children, formdata=None, payer_name=family.payer,
                                             payer_codice_fiscale=family.payer_codice_fiscale,
                                             address=family.address,
                                             **{f"child_{child.id}": child.codice_fiscale for child in children})
    else:
        form = ReceiptDetailsForm.for_family(children)
    if request.method == "POST" and submitted_and_done(form, lambda: services.save_receipt_details(
            current_user, family, form.payer_name.data, form.payer_codice_fiscale.data, form.address.data,
            form.children_codes(children))):
        flash(done_message, "success")
        return redirect(done_url, code=303)
    return render_template("childcare/nursery/receipt_details.html", form=form, children=children, desk=desk,
                           family=family), form_status(form)


@bp.get("/nursery/receipts/<int:receipt_id>.pdf")
@roles_required(*PARENTS, *STAFF)
def nursery_receipt_pdf(receipt_id: int):
    receipt = services.receipt_of(current_user, receipt_id)
    if receipt is None:
        abort(404)
    replaced = receipt.id in services.replaced_ids([receipt.id])
    content = render_pdf("childcare/pdf/nursery_receipt.html", receipts=[receipt], replaced={receipt.id} if replaced
                         else set(), methods=NURSERY_METHODS, address=services.nursery_details()[2], bundle=None)
    return pdf_response(content, f"ricevuta-nido-{receipt.receipt_number}-{receipt.receipt_year}")


@bp.get("/nursery/children/<int:child_id>/receipts/<int:year>.pdf")
@roles_required(*PARENTS, *STAFF)
def nursery_receipts_year_pdf(child_id: int, year: int):
    child = services.nursery_child_of(current_user, child_id)
    if child is None or not 2000 <= year <= 2100:
        abort(404)
    bundle = services.year_bundle(child, year)
    content = render_pdf("childcare/pdf/nursery_receipt.html", receipts=bundle.receipts, replaced=set(),
                         methods=NURSERY_METHODS, address=bundle.nursery[2], bundle=bundle)
    return pdf_response(content, f"ricevute-nido-{year}-{child.id}")


@bp.post("/nursery/charges/<int:charge_id>/receipt")
@roles_required(*STAFF)
def nursery_receipt_issue(charge_id: int):
    charge = db.get_or_404(NurseryCharge, charge_id)
    year_id = db.session.get(NurseryPlace, charge.place_id).year_id
    back = url_for("childcare.nursery_charges", year_id=year_id, month=charge.month.strftime("%Y-%m"),
                   family=charge.family_id)
    return one_button(lambda: services.issue_receipt(current_user, charge),
                      lambda receipt: _l("Receipt %(number)s issued.", number=receipt.label), back)


@bp.post("/nursery/receipts/<int:receipt_id>/correct")
@roles_required("amministratore")
def nursery_receipt_correct(receipt_id: int):
    receipt = services.receipt_of(current_user, receipt_id)
    if receipt is None:
        abort(404)
    return one_button(lambda: services.correct_receipt(current_user, receipt),
                      lambda new: _l("Receipt %(old)s corrected by receipt %(number)s.", old=receipt.label,
                                     number=new.label),
                      url_for("childcare.nursery_child_receipts", child_id=receipt.child_id))


@bp.get("/nursery/children/<int:child_id>/receipts")
@roles_required(*PARENTS, *STAFF)
def nursery_child_receipts(child_id: int):
    child = services.nursery_child_of(current_user, child_id)
    if child is None:
        abort(404)
    years = services.receipt_years(child) or [today_in_rome().year]
    year = request.args.get("year", type=int) or years[0]
    if not 2000 <= year <= 2100:
        abort(404)
    bundle = services.year_bundle(child, year)
    replaced = services.replaced_ids([r.id for r in bundle.receipts])
    return render_template("childcare/nursery/receipts.html", child=child, bundle=bundle, years=years,
                           replaced=replaced, action=ActionForm(), methods=NURSERY_METHODS,
                           may_correct=current_user.has_role("amministratore"),
                           parent=child.family.parent_id == current_user.id)


# -- absences ------------------------------------------------------------------------------------------------------

@bp.route("/nursery/absences", methods=["GET", "POST"])
@roles_required(*PARENTS)
def nursery_absences():
    places = _enrolled_or_home()
    if not places:
        return redirect(url_for("childcare.nursery_home"))
    form = AbsenceForm(formdata=None, day=today_in_rome()) if request.method == "GET" else AbsenceForm()
    place_id = request.form.get("place", type=int) if request.method == "POST" else None
    place = next((p for p in places if p.id == place_id), places[0])
    if request.method == "POST" and submitted_and_done(
            form, lambda: services.report_absence(current_user, place, form.day.data, form.note.data or "")):
        flash(_l("Absence reported. Thank you for letting us know."), "success")
        return redirect(url_for("childcare.nursery_absences"), code=303)
    return render_template("childcare/nursery/absences.html", form=form, places=places, chosen=place,
                           absences=services.upcoming_absences(places), action=ActionForm(),
                           count_at=rules.MEAL_COUNT_AT), form_status(form)


@bp.post("/nursery/absences/<int:absence_id>/withdraw")
@roles_required(*PARENTS)
def nursery_absence_withdraw(absence_id: int):
    absence = services.absence_of_parent(current_user, absence_id)
    if absence is None:
        abort(404)
    return one_button(lambda: services.withdraw_absence(current_user, absence),
                      lambda day: _l("Absence withdrawn: we expect your child."),
                      url_for("childcare.nursery_absences"))


# -- the daily diary -----------------------------------------------------------------------------------------------

@bp.get("/nursery/diary")
@roles_required(*PARENTS)
def nursery_diary():
    places = _enrolled_or_home()
    if not places:
        return redirect(url_for("childcare.nursery_home"))
    names = {place.child_id: place.child.full_name for place in places}
    return render_template("childcare/nursery/diary.html", entries=services.diary_of_parent(places), names=names,
                           lunch=LUNCH, several=len(names) > 1)


@bp.route("/nursery/diary/day", methods=["GET", "POST"])
@roles_required(*DIARY_WRITERS)
def nursery_diary_day():
    day = day_or(request.values.get("day"), today_in_rome())
    if request.method == "GET" and day > today_in_rome():
        day = today_in_rome()  # a page of a day to come shows today; a line for it is refused by the use case
    child_id = request.args.get("child", type=int) or 0
    form = DiaryForm(prefix=f"c{child_id}") if request.method == "POST" else None
    if form is not None and submitted_and_done(form, lambda: services.write_diary(
            current_user, child_id, day, form.lunch.data or "", form.nap.data, form.note.data or "")):
        flash(_l("Diary saved."), "success")
        return redirect(url_for("childcare.nursery_diary_day", day=day.isoformat()) + f"#child-{child_id}", code=303)
    rows = services.diary_day(day)
    forms = {row.place.child_id: form if form is not None and row.place.child_id == child_id else DiaryForm(
        formdata=None, prefix=f"c{row.place.child_id}", lunch=row.entry.lunch if row.entry else "",
        nap=row.entry.nap_minutes if row.entry else None, note=row.entry.note if row.entry else "") for row in rows}
    return render_template("childcare/nursery/diary_day.html", day=day, rows=rows, forms=forms,
                           today=today_in_rome(), year=services.current_year()), form_status(form) if form is not None else 200


# -- the nursery calendar ------------------------------------------------------------------------------------------

@bp.get("/nursery/calendar")
@roles_required(*PARENTS)
def nursery_parent_calendar():
    places = _enrolled_or_home()
    if not places:
        return redirect(url_for("childcare.nursery_home"))
    year = places[0].year
    return render_template("childcare/nursery/parent_calendar.html", year=year,
                           closed=services.nursery_closed_days(year.start_year), weekdays=labels.WEEKDAYS)
