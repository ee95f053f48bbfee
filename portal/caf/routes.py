from __future__ import annotations

import re
from datetime import date

from flask import Response, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from portal.admin.forms import ActionForm
from portal.auth.access import background, roles_required
from portal.caf import bp, rules, services
from portal.caf.forms import (
    KINDS,
    READY_TEXTS,
    RELATIONSHIP_LABELS,
    AskForm,
    BuildingForm,
    ClosureForm,
    ConditionsForm,
    CopyCountriesForm,
    DocumentForm,
    IncomeForm,
    LinkIdentifiersForm,
    MemberForm,
    MessageForm,
    MovableForm,
    OfficeForm,
    OriginalsForm,
    OutcomeForm,
    PoorCountryForm,
    RateForm,
    SlotForm,
    StudentForm,
    SubmitForm,
    TransmitForm,
)
from portal.caf.models import STATUSES, Practice
from portal.core import audit
from portal.core.actions import one_button
from portal.core.calendar import to_rome, today_in_rome
from portal.core.countries import country_name
from portal.core.forms import attach_rule_violation, form_status, submitted_and_done
from portal.core.htmx import Expiring, is_partial, live_region, polls, render
from portal.core.query import day_or, int_or
from portal.core.rules import RuleViolation
from portal.core.uploads import send_stored
from portal.extensions import db

STUDENTS = ("studente",)
CAF = services.CAF_ROLES
UNIVERSITY = services.UNIVERSITY_ROLES
OFFICE_MANAGERS = (*CAF, "amministratore")
STATUS_LABELS = {
    "draft": _l("Draft: not sent yet"), "submitted": _l("Sent: waiting for the CAF"),
    "waiting_student": _l("Waiting for you: see what the CAF asked"), "in_review": _l("Being checked by the CAF"),
    "awaiting_originals": _l("Waiting for the originals: book the check"), "concluded": _l("Concluded"),
}
STAFF_STATUS_LABELS = {**STATUS_LABELS, "waiting_student": _l("Waiting for the student"),
                       "awaiting_originals": _l("Waiting for the originals")}
APPOINTMENT_LABELS = {"booked": _l("Booked"), "cancelled": _l("Cancelled"), "attended": _l("Came"),
                      "no_show": _l("Did not come")}
STEPS = {"members": _l("Family"), "incomes": _l("Income"), "buildings": _l("Buildings"),
         "movables": _l("Movable assets"), "conditions": _l("Other figures"), "documents": _l("Documents"),
         "submit": _l("Send")}
FIGURE_STEPS = ("incomes", "buildings", "movables", "conditions")  # not asked of a particularly poor country
EVENT_LABELS = {
    "created": _l("Practice started"), "opened_in_person": _l("Practice opened at the office"),
    "member_saved": _l("Family member saved"), "member_removed": _l("Family member removed"),
    "income_added": _l("Income added"), "income_removed": _l("Income removed"),
    "building_added": _l("Building added"), "building_removed": _l("Building removed"),
    "movable_added": _l("Movable asset added"), "movable_removed": _l("Movable asset removed"),
    "conditions_saved": _l("Other figures saved"), "documents_added": _l("Documents uploaded"),
    "submitted": _l("Sent to the CAF"), "resubmitted": _l("Sent again to the CAF"), "message": _l("Message"),
    "asked_student": _l("Student asked for more"), "in_review": _l("Taken in review"), "outcome": _l("Outcome"),
    "originals_checked": _l("Originals checked"), "no_show": _l("Student did not come"),
    "sent_to_university": _l("Sent to the university"),
    "identifiers_linked": _l("Identifiers linked by the CAF"),
}
OUTCOME_DETAIL = re.compile(r"case (\d+): (\S+)( NUL)?")


def event_detail(event) -> str:
    """An event's detail in people's words: document kinds by their label, the outcome's case translated."""
    if event.kind == "documents_added":
        kind, _sep, count = (event.detail or "").partition(": ")
        if kind in rules.DOCUMENT_KINDS and count.isdigit():
            return ngettext("%(kind)s, %(num)d file", "%(kind)s, %(num)d files", int(count),
                            kind=rules.DOCUMENT_KINDS[kind])
    if event.kind == "outcome":
        found = OUTCOME_DETAIL.fullmatch(event.detail or "")
        if found:
            return _("case %(case)s: %(state)s", case=found.group(1), state=found.group(2)) + (found.group(3) or "")
    return event.detail or ""



def _student_or_profile():
    """The signed-in student's record; None sends them to the profile page first."""
    student = services.student_of(current_user)
    if student is None:
        flash(_l("Tell us your codice persona or matricola first."), "info")
    return student


def _practice_or_404(practice_id: int) -> Practice:
    practice = services.practice_for(current_user, practice_id)
    if practice is None:
        abort(404)
    return practice


def _purpose(student):
    """What the student may book now and for which practice; (None, reason) while there is nothing to book."""
    try:
        return services.purpose_of(student)
    except RuleViolation as violation:
        return None, violation.message


# -- the student -------------------------------------------------------------------------------------------


@bp.get("/")
@roles_required(*STUDENTS, *CAF, *UNIVERSITY)
def home():
    if services.is_operator(current_user):
        return redirect(url_for("caf.queue"))
    if not current_user.has_role(*STUDENTS):
        return redirect(url_for("caf.transmissions"))
    student = services.student_of(current_user)
    if student is None:
        return redirect(url_for("caf.profile"))
    purpose, for_practice = _purpose(student)
    appointments = [a for a in services.appointments_of(student) if a.status == "booked"]
    return render_template("caf/home.html", student=student, practices=services.practices_of(student),
                           appointments=appointments, purpose=purpose, purposes=rules.PURPOSES,
                           for_practice=for_practice, statuses=STATUS_LABELS, kinds=KINDS, action=ActionForm())


@bp.route("/profile", methods=["GET", "POST"])
@roles_required(*STUDENTS)
def profile():
    student = services.student_of(current_user)
    form = StudentForm(obj=student or current_user)  # the identifiers the university gave the account
    if student is not None and not form.is_submitted() and services.identifiers_pending(student):
        form.codice_persona.data = student.claimed_codice_persona or ""  # what the student said, not linked yet
        form.matricola.data = student.claimed_matricola or ""
    save = lambda: services.save_student(current_user, form.codice_persona.data or "",  # noqa: E731
                                         form.matricola.data or "", form.kind.data, form.country.data or "",
                                         form.phone.data or "")
    if submitted_and_done(form, save):
        flash(_l("Your details are saved."), "success")
        return redirect(url_for("caf.home"), code=303)
    account = services.account_identifiers(current_user)
    linked = (student.codice_persona, student.matricola) if student is not None else (None, None)
    return render_template("caf/profile.html", form=form, student=student, account=account,
                           fixed=account if any(account) else linked), form_status(form)


@bp.post("/practices/new")
@roles_required(*STUDENTS)
def practice_start():
    student = _student_or_profile()
    if student is None:
        return redirect(url_for("caf.profile"), code=303)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        practice = services.start_remote_practice(current_user, student)
    except RuleViolation as violation:
        db.session.rollback()
        flash(violation.message, "danger")
        return redirect(url_for("caf.home"), code=303)
    return redirect(url_for("caf.practice_form", practice_id=practice.id, step="members"), code=303)


# -- the data collection form, step by step (the student's remote practice, or the operator's in person) --------


def _member_choices(practice: Practice) -> list[tuple[int, str]]:
    return [(member.id, member.full_name) for member in practice.members]


def _forms(practice: Practice, **given) -> dict:
    """Every form a step page may show, fresh unless one sent back with errors is given."""
    choices = _member_choices(practice)
    forms = {"member": MemberForm(formdata=None), "income": IncomeForm(formdata=None),
             "building": BuildingForm(formdata=None),
             "movable": MovableForm(formdata=None, valued_on=date(practice.rule_year - 2, 12, 31)),
             "conditions": ConditionsForm(formdata=None, obj=_ConditionsView(practice)),
             "document": DocumentForm(formdata=None), "submit": SubmitForm(formdata=None)}
    forms.update(given)
    for name in ("income", "building", "movable"):
        forms[name].member_id.choices = choices
    forms["document"].member_id.choices = [("", _("The whole family"))] + choices
    return forms


class _ConditionsView:
    """The practice's figures as the conditions form shows them (euro for cents)."""

    def __init__(self, practice: Practice):
        self.italian_income = practice.italian_income_cents or None
        self.rent_paid = practice.rent_paid_cents or None
        self.both_parents_worked = practice.both_parents_worked
        self.years_away = practice.years_away or None
        self.family_owns_dwelling = practice.family_owns_dwelling
        self.own_income_last_year = practice.own_income_last_year_cents or None
        self.own_income_year_before = practice.own_income_year_before_cents or None


def _step_page(practice: Practice, step: str, http_status: int = 200, edited=None, **given):
    if step not in STEPS:
        abort(404)
    consular = services.consular_certificate_only(practice)
    steps = {key: label for key, label in STEPS.items()
             if not (key == "submit" and services.is_operator(current_user)) and not (consular and key in FIGURE_STEPS)}
    if step not in steps:
        return redirect(url_for("caf.practice_form", practice_id=practice.id, step="documents"), code=303)
    undated = services.members_without_birth_date(practice)
    if step == "members" and "member" not in given:
        # The student's own date of birth is the form's first question; ?edit=ID opens another member.
        edited = services.member_of(practice, _int(request.args.get("edit"))) or (undated[0] if undated else None)
        if edited is not None:
            given["member"] = MemberForm(formdata=None, obj=edited)
    return render_template(
        "caf/practice_form.html", practice=practice, step=step, steps=steps, forms=_forms(practice, **given),
        edited=edited, step_keys=list(steps),
        missing=services.missing_documents(practice) if step in ("documents", "submit") else [],
        undated=undated, documents=services.documents_of(practice),
        document_kinds=rules.DOCUMENT_KINDS, relationships=RELATIONSHIP_LABELS, remove=ActionForm(),
        income_year=practice.rule_year - 2, editable=services.can_edit(current_user, practice), consular=consular,
        country=country_name(practice.student.country),
    ), http_status


def _editable_or_404(practice_id: int) -> Practice:
    practice = _practice_or_404(practice_id)
    if not services.can_edit(current_user, practice):
        flash(_l("This practice cannot be changed now."), "info")
        abort(redirect(url_for("caf.practice", practice_id=practice.id), code=303))
    return practice


@bp.get("/practices/<int:practice_id>/form/<step>")
@roles_required(*STUDENTS, *CAF)
def practice_form(practice_id: int, step: str):
    return _step_page(_editable_or_404(practice_id), step)


def _next_step(practice: Practice, step: str):
    return redirect(url_for("caf.practice_form", practice_id=practice.id, step=step), code=303)


@bp.post("/practices/<int:practice_id>/members", defaults={"member_id": None})
@bp.post("/practices/<int:practice_id>/members/<int:member_id>")
@roles_required(*STUDENTS, *CAF)
def member_save(practice_id: int, member_id: int | None):
    practice = _editable_or_404(practice_id)
    member = services.member_of(practice, member_id) if member_id is not None else None
    if member_id is not None and member is None:
        abort(404)
    form = MemberForm()
    if member is not None and member.relationship_to_student == "student":
        form.relationship_to_student.validators = []  # the student's own row keeps its relationship
        form.relationship_to_student.data = "parent"
    if submitted_and_done(form, lambda: services.save_member(current_user, practice, member, form.values())):
        flash(_l("%(name)s saved.", name=form.full_name.data), "success")
        return _next_step(practice, "members")
    return _step_page(practice, "members", 422, member=form, edited=member)


@bp.post("/practices/<int:practice_id>/members/<int:member_id>/delete")
@roles_required(*STUDENTS, *CAF)
def member_remove(practice_id: int, member_id: int):
    practice = _editable_or_404(practice_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if not services.remove_member(current_user, practice, member_id):
        abort(404)
    flash(_l("Family member removed, with their lines."), "success")
    return _next_step(practice, "members")


LINE_FORMS = {"income": (IncomeForm, "incomes"), "building": (BuildingForm, "buildings"),
              "movable": (MovableForm, "movables")}


@bp.post("/practices/<int:practice_id>/lines/<kind>")
@roles_required(*STUDENTS, *CAF)
def line_add(practice_id: int, kind: str):
    if kind not in LINE_FORMS:
        abort(404)
    practice = _editable_or_404(practice_id)
    form_class, step = LINE_FORMS[kind]
    form = form_class()
    form.member_id.choices = _member_choices(practice)
    if submitted_and_done(form, lambda: services.add_line(current_user, practice, kind, form.values())):
        flash(_l("Added."), "success")
        return _next_step(practice, step)
    return _step_page(practice, step, 422, **{kind: form})


@bp.post("/practices/<int:practice_id>/lines/<kind>/<int:line_id>/delete")
@roles_required(*STUDENTS, *CAF)
def line_remove(practice_id: int, kind: str, line_id: int):
    if kind not in LINE_FORMS:
        abort(404)
    practice = _editable_or_404(practice_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if not services.remove_line(current_user, practice, kind, line_id):
        abort(404)
    flash(_l("Removed."), "success")
    return _next_step(practice, LINE_FORMS[kind][1])


@bp.post("/practices/<int:practice_id>/conditions")
@roles_required(*STUDENTS, *CAF)
def conditions_save(practice_id: int):
    practice = _editable_or_404(practice_id)
    form = ConditionsForm()
    if submitted_and_done(form, lambda: services.save_conditions(current_user, practice, form.values())):
        flash(_l("Saved."), "success")
        return _next_step(practice, "documents")
    return _step_page(practice, "conditions", 422, conditions=form)


@bp.post("/practices/<int:practice_id>/documents")
@roles_required(*STUDENTS, *CAF)
def documents_add(practice_id: int):
    """Pages of a checklist document: from the form while editing, or later when the CAF asks for them."""
    practice = _practice_or_404(practice_id)
    form = DocumentForm()
    form.member_id.choices = [("", "")] + _member_choices(practice)
    back = request.form.get("back") == "practice" or not services.can_edit(current_user, practice)
    add = lambda: services.add_documents(current_user, practice, form.kind.data, form.member_id.data,  # noqa: E731
                                         request.files.getlist(form.files.name))
    if submitted_and_done(form, add):
        flash(_l("Uploaded: %(count)d file(s).", count=len(request.files.getlist(form.files.name))), "success")
        if back:
            return redirect(url_for("caf.practice", practice_id=practice.id), code=303)
        return _next_step(practice, "documents")
    if back:
        return _practice_page(practice, 422, document=form)
    return _step_page(practice, "documents", 422, document=form)


@bp.post("/practices/<int:practice_id>/submit")
@roles_required(*STUDENTS)
def practice_submit(practice_id: int):
    practice = _editable_or_404(practice_id)
    form = SubmitForm()
    if submitted_and_done(form, lambda: services.submit(current_user, practice, form.declaration.data)):
        return redirect(url_for("caf.receipt", practice_id=practice.id), code=303)
    return _step_page(practice, "submit", 422, submit=form)


@bp.get("/practices/<int:practice_id>/receipt")
@roles_required(*STUDENTS, *CAF, *UNIVERSITY)
def receipt(practice_id: int):
    practice = _practice_or_404(practice_id)
    if practice.first_submitted_at is None:
        abort(404)
    return render_template("caf/receipt.html", practice=practice, offices=services.active_offices(),
                           contacts=services.contacts(),
                           submitted=to_rome(practice.first_submitted_at).strftime("%d/%m/%Y %H:%M"))


# -- the practice page: status, dialogue, documents, result; the operator's panel ----------------------------------


def _practice_page(practice: Practice, http_status: int = 200, **given):
    operator = services.is_operator(current_user)
    student = practice.student
    forms = {"message": MessageForm(formdata=None), "document": DocumentForm(formdata=None),
             "ask": AskForm(formdata=None), "outcome": OutcomeForm(formdata=None, findings=sorted(practice.finding_codes)),
             "originals": OriginalsForm(formdata=None),
             "identifiers": LinkIdentifiersForm(formdata=None, codice_persona=practice.codice_persona
                                                or student.claimed_codice_persona or "",
                                                matricola=practice.matricola or student.claimed_matricola or "")}
    forms.update(given)
    forms["document"].member_id.choices = [("", _("The whole family"))] + _member_choices(practice)
    consular = services.consular_certificate_only(practice)
    if consular:  # the original certificate matches or the practice waits: there are no figures to correct
        forms["originals"].match.choices = forms["originals"].match.choices[:1]
    preview, preview_error = None, None
    if operator and not consular and practice.status in ("submitted", "in_review", "awaiting_originals"):
        try:
            preview = services.preview(practice).figures()
        except RuleViolation as violation:
            preview_error = violation.message
    student_user = practice.student.user
    return render_template(
        "caf/practice.html", practice=practice, operator=operator, forms=forms, action=ActionForm(),
        messages=services.messages_of(practice), documents=services.documents_of(practice),
        missing=services.missing_documents(practice), calculation=services.calculation_of(practice),
        events=services.events_of(practice) if not current_user.has_role(*STUDENTS) else [],
        reports=services.reports_of(practice), statuses=STAFF_STATUS_LABELS if operator or not
        current_user.has_role(*STUDENTS) else STATUS_LABELS, document_kinds=rules.DOCUMENT_KINDS,
        findings=rules.FINDINGS, nul_findings=rules.NUL_FINDINGS, event_labels=EVENT_LABELS, event_detail=event_detail,
        preview=preview,
        preview_error=preview_error, editable=services.can_edit(current_user, practice),
        student_language=_("Italian") if (student_user.locale or "it") == "it" else _("English"),
        relationships=RELATIONSHIP_LABELS, consular=consular, country=country_name(practice.student.country),
        account_identifiers=any(services.account_identifiers(student_user)), send_by=services.send_by,
    ), http_status


@bp.get("/practices/<int:practice_id>")
@roles_required(*STUDENTS, *CAF, *UNIVERSITY)
def practice(practice_id: int):
    return _practice_page(_practice_or_404(practice_id))


@bp.post("/practices/<int:practice_id>/messages")
@roles_required(*STUDENTS, *CAF)
def message_send(practice_id: int):
    practice = _practice_or_404(practice_id)
    form = MessageForm()
    if submitted_and_done(form, lambda: services.send_message(current_user, practice, form.body.data)):
        flash(_l("Message sent."), "success")
        return redirect(url_for("caf.practice", practice_id=practice.id, _anchor="thread"), code=303)
    return _practice_page(practice, 422, message=form)


@bp.get("/documents/<int:document_id>")
@roles_required(*STUDENTS, *CAF, *UNIVERSITY)
def document(document_id: int):
    found = services.document_for(current_user, document_id)
    if found is None:
        abort(404)
    if not current_user.has_role(*STUDENTS):  # scans leave the CAF only with a trace of who looked
        audit.record("caf.document_viewed", actor=current_user, document=found.id, practice=found.practice_id)
    return send_stored(found, download=request.args.get("download") == "1")


@bp.get("/practices/<int:practice_id>/scans.zip")
@roles_required(*CAF, *UNIVERSITY)
def scans(practice_id: int):
    practice = _practice_or_404(practice_id)
    response = send_file(services.scans_archive(current_user, practice), mimetype="application/zip",
                         as_attachment=True, download_name=f"iseeu-{practice.number or practice.id}-scans.zip")
    response.cache_control.private = True
    response.cache_control.no_store = True
    return response


# -- the student's appointments ----------------------------------------------------------------------------


@bp.get("/appointments")
@roles_required(*STUDENTS)
def appointments():
    student = _student_or_profile()
    if student is None:
        return redirect(url_for("caf.profile"))
    purpose, for_practice = _purpose(student)
    return render_template("caf/appointments.html", student=student,
                           appointments=services.appointments_of(student), offices=services.active_offices(),
                           purpose=purpose, purposes=rules.PURPOSES, for_practice=for_practice,
                           labels=APPOINTMENT_LABELS, action=ActionForm(),
                           hours_before=services.change_hours_before())


def _office_or_404(office_id: int):
    office = services.office_for(office_id)
    if office is None or not office.active:
        abort(404)
    return office


def _slots_context(office) -> dict:
    return {"office": office, "days": services.free_slots(office), "today": today_in_rome()}


@bp.get("/appointments/offices/<int:office_id>")
@roles_required(*STUDENTS)
def office_slots(office_id: int):
    office = _office_or_404(office_id)
    student = _student_or_profile()
    if student is None:
        return redirect(url_for("caf.profile"))
    purpose, reason = _purpose(student)
    if purpose is None:
        flash(reason, "info")
        return redirect(url_for("caf.appointments"))
    return render_template("caf/slots.html", purpose=purposes_label(purpose), **_slots_context(office))


def purposes_label(purpose: str) -> str:
    return str(rules.PURPOSES[purpose])


@bp.get("/appointments/offices/<int:office_id>/free")
@roles_required(*STUDENTS)
@background
@polls(lambda user_id: (f"caf.slots:{request.view_args['office_id']}", services.SLOT_TAGS))
def free_slots(office_id: int):
    """The grid's live fragment, the same for every student (no personal data, no form tokens): polled every
    30 s and served from the shared cache, 304 while no slot of the office changed. While it is cached, no query:
    the office itself is looked up only when the fragment is computed."""
    if not is_partial():
        return redirect(url_for("caf.office_slots", office_id=office_id), code=303)
    response = live_region(current_user.id, lambda: _slots_html(office_id))
    if response is None:
        abort(404)
    return response


def _slots_html(office_id: int) -> str | Expiring | None:
    """The grid, stale once its earliest slot passes the booking cut-off even if nobody books."""
    office = services.office_for(office_id)
    if office is None or not office.active:
        return None
    context = _slots_context(office)
    html = render_template("caf/_slots.html", **context)
    stale_at = services.grid_stale_at(context["days"])
    return html if stale_at is None else Expiring(html, stale_at)


@bp.route("/appointments/book", methods=["GET", "POST"])
@roles_required(*STUDENTS)
def book():
    """Confirm a chosen time; a student with an appointment for the same purpose moves it instead."""
    student = _student_or_profile()
    if student is None:
        return redirect(url_for("caf.profile"))
    form = SlotForm(slot=request.args.get("slot", ""))
    slot = services.slot_for(_int(form.slot.data))
    if slot is None or not slot.office.active:
        flash(_l("Choose a time among the free ones."), "info")
        return redirect(url_for("caf.appointments"), code=303)
    purpose, reason = _purpose(student)
    if purpose is None:
        flash(reason, "info")
        return redirect(url_for("caf.appointments"), code=303)
    current = services.active_appointment(student, purpose)

    def book_or_move():
        if current is not None:
            return services.reschedule(current_user, current, slot.id)
        return services.book(current_user, student, slot.id)

    if submitted_and_done(form, book_or_move):
        flash(_l("Booked: you will receive the confirmation by e-mail, with the appointment for your calendar."),
              "success")
        return redirect(url_for("caf.appointments"), code=303)
    return render_template("caf/book.html", form=form, slot=slot, start=services.slot_start(slot),
                           purpose=purposes_label(purpose), current=current), form_status(form)


def _int(text) -> int:
    return int_or(text, 0)


@bp.post("/appointments/<int:appointment_id>/cancel")
@roles_required(*STUDENTS, *CAF)
def appointment_cancel(appointment_id: int):
    found = services.appointment_for(current_user, appointment_id)
    if found is None:
        abort(404)
    back = (url_for("caf.agenda", office=found.slot.office_id, day=found.slot.day.isoformat())
            if services.is_operator(current_user) else url_for("caf.appointments"))
    return one_button(lambda: services.cancel(current_user, found), lambda _none: _l("Appointment cancelled."), back)


# -- the CAF: queue, review, outcome ------------------------------------------------------------------------


# The queue's deadline filter: its value in the URL, then the days within which the answer is due (-1: overdue).
DEADLINE_FILTERS = {"overdue": (-1, _l("Overdue")), "3": (3, _l("Due within 3 days")),
                    "7": (7, _l("Due within 7 days"))}


def _queue_filter() -> services.QueueFilter:
    status = request.args.get("status", "")
    return services.QueueFilter(
        status=status if status in STATUSES else "", office_id=_int(request.args.get("office")) or None,
        older_than_days=int_or(request.args.get("older"), None, minimum=1, maximum=3650),
        due_within_days=DEADLINE_FILTERS.get(request.args.get("due", ""), (None,))[0],
        q=request.args.get("q", "").strip()[:60])


@bp.get("/queue")
@roles_required(*CAF)
def queue():
    filters = _queue_filter()
    return render("caf/queue.html", "caf/_queue_results.html", practices=services.queue(filters), filters=filters,
                  **_deadlines(),
                  counts=services.queue_counts(), statuses=STAFF_STATUS_LABELS, offices=services.all_offices(),
                  now=services.now(), today=today_in_rome(), due=services.answer_due, overdue=rules.is_overdue,
                  deadlines=DEADLINE_FILTERS,
                  chosen_deadline=request.args.get("due", ""))


def _deadlines() -> dict:
    """What the operators' pages announce: the monthly files owed, the double-counting check coming."""
    if is_partial():
        return {"due_files": [], "double_count_due": None}
    return {"due_files": services.due_files(), "double_count_due": services.double_count_due()}


@bp.post("/practices/<int:practice_id>/take")
@roles_required(*CAF)
def practice_take(practice_id: int):
    practice = _practice_or_404(practice_id)
    return one_button(lambda: services.take(current_user, practice), lambda _none: _l("The practice is yours to check."),
                       url_for("caf.practice", practice_id=practice.id))


@bp.post("/practices/<int:practice_id>/identifiers")
@roles_required(*CAF)
def practice_identifiers(practice_id: int):
    """The operator links the identifiers of a student whose account has none, after checking them."""
    practice = _practice_or_404(practice_id)
    form = LinkIdentifiersForm()
    link = lambda: services.link_identifiers(current_user, practice, form.codice_persona.data or "",  # noqa: E731
                                             form.matricola.data or "", form.checked.data)
    if submitted_and_done(form, link):
        flash(_l("Identifiers linked: the practice is sent with them."), "success")
        return redirect(url_for("caf.practice", practice_id=practice.id), code=303)
    return _practice_page(practice, 422, identifiers=form)


def ready_text_for(practice: Practice, key: str) -> str:
    """A ready text in the student's language, whatever the operator's."""
    with force_locale(practice.student.user.locale or "it"):
        return str(READY_TEXTS[key][1])


@bp.post("/practices/<int:practice_id>/ask")
@roles_required(*CAF)
def practice_ask(practice_id: int):
    practice = _practice_or_404(practice_id)
    form = AskForm()
    body = lambda: "\n\n".join(filter(None, (ready_text_for(practice, form.ready_text.data)  # noqa: E731
                                             if form.ready_text.data in READY_TEXTS else "", form.body.data)))
    if submitted_and_done(form, lambda: services.ask_student(current_user, practice, body())):
        flash(_l("Sent: the practice now waits for the student."), "success")
        return redirect(url_for("caf.practice", practice_id=practice.id), code=303)
    return _practice_page(practice, 422, ask=form)


@bp.post("/practices/<int:practice_id>/outcome")
@roles_required(*CAF)
def practice_outcome(practice_id: int):
    practice = _practice_or_404(practice_id)
    form = OutcomeForm()
    decide = lambda: services.decide(current_user, practice, set(form.findings.data or ()))  # noqa: E731
    if submitted_and_done(form, decide):
        flash(_l("Outcome recorded: %(state)s.", state=practice.university_state
                 + (f" ({rules.NUL})" if practice.nul else "")), "success")
        return redirect(url_for("caf.practice", practice_id=practice.id), code=303)
    return _practice_page(practice, 422, outcome=form)


@bp.post("/practices/<int:practice_id>/originals")
@roles_required(*CAF)
def practice_originals(practice_id: int):
    practice = _practice_or_404(practice_id)
    form = OriginalsForm()
    if practice.status != "awaiting_originals":
        attach_rule_violation(form, RuleViolation(_l("This practice is not waiting for its originals.")))
        return _practice_page(practice, 422, originals=form)
    confirm = lambda: services.confirm_originals(current_user, practice, form.match.data == "yes")  # noqa: E731
    if submitted_and_done(form, confirm):
        flash(_l("Originals checked: %(state)s.", state=practice.university_state), "success")
        return redirect(url_for("caf.practice", practice_id=practice.id), code=303)
    return _practice_page(practice, 422, originals=form)


# -- the CAF: the day's agenda ------------------------------------------------------------------------------


@bp.get("/agenda")
@roles_required(*CAF)
def agenda():
    offices = services.active_offices()
    if not offices:
        flash(_l("Add an office first."), "info")
        return redirect(url_for("caf.offices"))
    office = next((o for o in offices if o.id == _int(request.args.get("office"))), offices[0])
    day = day_or(request.args.get("day"), today_in_rome())
    return render_template("caf/agenda.html", office=office, offices=offices, day=day,
                           rows=services.day_agenda(office, day), labels=APPOINTMENT_LABELS, purposes=rules.PURPOSES,
                           action=ActionForm(), today=today_in_rome(), previous=services.shift_day(day, -1),
                           following=services.shift_day(day, 1))


def _agenda_of(appointment) -> str:
    return url_for("caf.agenda", office=appointment.slot.office_id, day=appointment.slot.day.isoformat())


def _operator_appointment(appointment_id: int):
    found = services.appointment_for(current_user, appointment_id)
    if found is None:
        abort(404)
    return found


@bp.post("/agenda/appointments/<int:appointment_id>/check-in")
@roles_required(*CAF)
def check_in(appointment_id: int):
    found = _operator_appointment(appointment_id)
    return one_button(lambda: services.check_in(current_user, found),
                       lambda _none: _l("%(name)s is here.", name=found.student.user.full_name), _agenda_of(found))


@bp.post("/agenda/appointments/<int:appointment_id>/no-show")
@roles_required(*CAF)
def no_show(appointment_id: int):
    found = _operator_appointment(appointment_id)
    return one_button(lambda: services.mark_no_show(current_user, found),
                       lambda _none: _l("Marked as not come: nothing is sent to the university for it."),
                       _agenda_of(found))


@bp.post("/agenda/appointments/<int:appointment_id>/open")
@roles_required(*CAF)
def open_practice(appointment_id: int):
    """An enrolled student at the intake: the operator opens the practice and enters the data with them."""
    found = _operator_appointment(appointment_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        practice = services.open_for_appointment(current_user, found)
    except RuleViolation as violation:
        db.session.rollback()
        flash(violation.message, "danger")
        return redirect(_agenda_of(found), code=303)
    return redirect(url_for("caf.practice_form", practice_id=practice.id, step="members"), code=303)


@bp.post("/agenda/slots/<int:slot_id>/block")
@roles_required(*CAF)
def slot_block(slot_id: int):
    slot = services.slot_for(slot_id)
    if slot is None:
        abort(404)
    blocked = request.form.get("blocked") == "1"
    return one_button(lambda: services.set_blocked(current_user, slot, blocked),
                       lambda _none: _l("Slot closed to bookings.") if blocked else _l("Slot open to bookings."),
                       url_for("caf.agenda", office=slot.office_id, day=slot.day.isoformat()))


# -- offices, closures, exchange rates ----------------------------------------------------------------------


@bp.get("/offices")
@roles_required(*OFFICE_MANAGERS)
def offices():
    return _offices_page(ClosureForm(formdata=None))


def _offices_page(closure: ClosureForm, http_status: int = 200):
    everything = services.all_offices()
    closure.office_id.choices = [("", _("All offices"))] + [(office.id, office.name) for office in everything]
    return render_template("caf/offices.html", offices=everything, closure=closure, closures=services.closures(),
                           names={office.id: office.name for office in everything}, action=ActionForm()), http_status


@bp.route("/offices/new", methods=["GET", "POST"], defaults={"office_id": None})
@bp.route("/offices/<int:office_id>", methods=["GET", "POST"])
@roles_required(*OFFICE_MANAGERS)
def office(office_id: int | None):
    found = services.office_for(office_id) if office_id is not None else None
    if office_id is not None and found is None:
        abort(404)
    form = OfficeForm(obj=found)
    if found is not None and not form.is_submitted():
        form.fill_hours(found)
    if submitted_and_done(form, lambda: services.save_office(current_user, found, form.values())):
        flash(_l("%(name)s saved.", name=form.name.data), "success")
        return redirect(url_for("caf.offices"), code=303)
    return render_template("caf/office.html", form=form, office=found), form_status(form)


@bp.post("/closures")
@roles_required(*OFFICE_MANAGERS)
def closure_add():
    form = ClosureForm()
    form.office_id.choices = [("", "")] + [(office.id, office.name) for office in services.all_offices()]
    outcome = {}

    def add():
        chosen = services.office_for(form.office_id.data) if form.office_id.data else None
        outcome["closure"], outcome["cancelled"] = services.add_closure(current_user, chosen, form.day.data,
                                                                        form.reason.data or "")

    if submitted_and_done(form, add):
        flash(_l("Closed on %(day)s; appointments cancelled and students told: %(count)d.",
                 day=form.day.data.strftime("%d/%m/%Y"), count=outcome["cancelled"]), "success")
        return redirect(url_for("caf.offices"), code=303)
    return _offices_page(form, 422)


@bp.post("/closures/<int:closure_id>/delete")
@roles_required(*OFFICE_MANAGERS)
def closure_remove(closure_id: int):
    if not ActionForm().validate_on_submit():
        abort(400)
    if not services.remove_closure(current_user, closure_id):
        abort(404)
    flash(_l("The closure is removed: the day opens to bookings again."), "success")
    return redirect(url_for("caf.offices"), code=303)


@bp.route("/rates", methods=["GET", "POST"])
@roles_required(*OFFICE_MANAGERS)
def rates():
    form = RateForm(formdata=None if request.method == "GET" else request.form,
                    year=today_in_rome().year - 2)
    if submitted_and_done(form, lambda: services.save_rate(current_user, form.year.data, form.currency.data,
                                                           form.rate.data)):
        flash(_l("Rate saved: %(currency)s %(year)d.", currency=form.currency.data.upper(), year=form.year.data),
              "success")
        return redirect(url_for("caf.rates"), code=303)
    return render_template("caf/rates.html", form=form, rates=services.rates_table()), form_status(form)


def _list_year(year: int | None) -> int:
    """The year of requests a list page shows: this year unless another one, within reason, is asked for."""
    if year is None:
        return today_in_rome().year
    if not 2000 <= year <= 2100:
        abort(404)
    return year


@bp.get("/poor-countries", defaults={"year": None})
@bp.get("/poor-countries/<int:year>")
@roles_required(*OFFICE_MANAGERS)
def poor_countries(year: int | None):
    return _poor_countries_page(_list_year(year), PoorCountryForm(formdata=None))


def _poor_countries_page(year: int, form: PoorCountryForm, copy: CopyCountriesForm | None = None,
                         http_status: int = 200):
    years = services.poor_country_years()
    copy = copy or CopyCountriesForm(formdata=None)
    copy.source_year.choices = [(other, str(other)) for other in years if other != year]
    shown = sorted({*years, year, today_in_rome().year, today_in_rome().year + 1}, reverse=True)
    return render_template("caf/poor_countries.html", year=year, years=shown, form=form, copy=copy,
                           countries=services.poor_countries_table(year), action=ActionForm()), http_status


@bp.post("/poor-countries/<int:year>")
@roles_required(*OFFICE_MANAGERS)
def poor_country_add(year: int):
    year, form = _list_year(year), PoorCountryForm()
    if submitted_and_done(form, lambda: services.add_poor_country(current_user, year, form.country.data)):
        flash(_l("%(country)s is on the list of %(year)d.", country=country_name(form.country.data), year=year),
              "success")
        return redirect(url_for("caf.poor_countries", year=year), code=303)
    return _poor_countries_page(year, form, http_status=422)


@bp.post("/poor-countries/<int:year>/copy")
@roles_required(*OFFICE_MANAGERS)
def poor_countries_copy(year: int):
    year, form = _list_year(year), CopyCountriesForm()
    form.source_year.choices = [(other, str(other)) for other in services.poor_country_years() if other != year]
    outcome = {}

    def copy():
        outcome["added"] = services.copy_poor_countries(current_user, form.source_year.data, year)

    if submitted_and_done(form, copy):
        flash(_l("%(count)d countries copied from the list of %(source)d.", count=outcome["added"],
                 source=form.source_year.data), "success")
        return redirect(url_for("caf.poor_countries", year=year), code=303)
    return _poor_countries_page(year, PoorCountryForm(formdata=None), form, http_status=422)


@bp.post("/poor-countries/<int:year>/<country>/delete")
@roles_required(*OFFICE_MANAGERS)
def poor_country_remove(year: int, country: str):
    if not ActionForm().validate_on_submit():
        abort(400)
    if not services.remove_poor_country(current_user, _list_year(year), country):
        abort(404)
    flash(_l("%(country)s is no longer on the list of %(year)d.", country=country_name(country), year=year), "success")
    return redirect(url_for("caf.poor_countries", year=year), code=303)


# -- the monthly transmission to the university -------------------------------------------------------------


@bp.route("/transmissions", methods=["GET", "POST"])
@roles_required(*CAF, *UNIVERSITY)
def transmissions():
    form = TransmitForm(formdata=request.form if request.method == "POST" else request.args or None)
    if not form.month.data:
        form.month.data = services.previous_month_text()
    draft, refused = None, None
    try:
        draft = services.draft_transmission(form.month.data)
    except RuleViolation as violation:
        attach_rule_violation(form, violation)
    if request.method == "POST" and services.is_operator(current_user) and draft is not None:
        try:
            if form.validate_on_submit():
                sent = services.transmit(current_user, form.month.data)
                if sent is None:
                    flash(_l("Nothing to send for this month."), "info")
                    return redirect(url_for("caf.transmissions", month=form.month.data), code=303)
                flash(_l("File written: %(rows)d row(s). Download it and send it to the university.",
                         rows=sent.rows), "success")
                return redirect(url_for("caf.transmissions", month=form.month.data), code=303)
        except rules.FileRefused as problem:
            db.session.rollback()
            refused = problem
        except RuleViolation as violation:
            db.session.rollback()
            attach_rule_violation(form, violation)
    elif request.method == "POST":
        abort(403)
    http_status = 422 if request.method == "POST" else 200
    return render_template("caf/transmissions.html", form=form, draft=draft, refused=refused,
                           sent=services.transmissions(), may_send=services.is_operator(current_user),
                           **_deadlines()), http_status


@bp.get("/transmissions/<int:transmission_id>.csv")
@roles_required(*CAF, *UNIVERSITY)
def transmission_file(transmission_id: int):
    sent = services.transmission_for(transmission_id)
    if sent is None:
        abort(404)
    audit.record("caf.transmission_downloaded", actor=current_user, transmission=sent.id)
    response = Response(sent.content, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="iseeu-{sent.month.strftime("%Y-%m")}.csv"'
    response.cache_control.private = True
    response.cache_control.no_store = True
    return response


# -- the double-counting check before the year's last invoice -----------------------------------------------


@bp.get("/double-counting")
@roles_required(*CAF, *UNIVERSITY)
def double_counting():
    year = _list_year(_int(request.args.get("year")) or None)
    return render_template("caf/double_counting.html", year=year, lines=services.double_count_report(year),
                           deadline=services.double_count_deadline(year), checked=services.double_count_check(year),
                           years=range(today_in_rome().year, today_in_rome().year - 4, -1), action=ActionForm(),
                           may_check=services.is_operator(current_user), **_deadlines())


@bp.get("/double-counting/<int:year>.csv")
@roles_required(*CAF, *UNIVERSITY)
def double_counting_file(year: int):
    year = _list_year(year)
    audit.record("caf.double_count_downloaded", actor=current_user, year=year)
    response = Response(services.double_count_csv(services.double_count_report(year)), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="iseeu-doppi-conteggi-{year}.csv"'
    response.cache_control.private = True
    response.cache_control.no_store = True
    return response


@bp.post("/double-counting/<int:year>/checked")
@roles_required(*CAF)
def double_counting_checked(year: int):
    year = _list_year(year)
    return one_button(lambda: services.mark_double_count_checked(current_user, year),
                      lambda _duty: _l("The check of %(year)d is marked as done.", year=year),
                      url_for("caf.double_counting", year=year))
