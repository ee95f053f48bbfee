"""The student's side of a practice: the home page, the profile, the data collection form step by step."""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import roles_required
from portal.caf import bp, rules, services
from portal.caf.forms import (
    KINDS,
    RELATIONSHIP_LABELS,
    BuildingForm,
    ConditionsForm,
    DocumentForm,
    IncomeForm,
    MemberForm,
    MovableForm,
    StudentForm,
    SubmitForm,
    currency_choices,
)
from portal.caf.labels import STATUS_LABELS
from portal.caf.models import Practice
from portal.caf.routes._common import (
    CAF,
    STUDENTS,
    UNIVERSITY,
    _int,
    _member_choices,
    _purpose,
    _removed_or_404,
    _student_or_profile,
)
from portal.caf.routes.review import _practice_page
from portal.core.actions import one_button
from portal.core.calendar import to_rome, today_in_rome
from portal.core.countries import country_name
from portal.core.forms import ActionForm, form_status, submitted_and_done
from portal.core.pdf import pdf_response, render_pdf
from portal.core.rules import RuleViolation
from portal.extensions import db

STEPS = {"members": _l("Family"), "incomes": _l("Income"), "buildings": _l("Buildings"),
         "movables": _l("Movable assets"), "conditions": _l("Other figures"), "documents": _l("Documents"),
         "submit": _l("Send")}
FIGURE_STEPS = ("incomes", "buildings", "movables", "conditions")  # not asked of a particularly poor country


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


def _forms(practice: Practice, answered: bool = True, **given) -> dict:
    """Every form a step page may show, fresh unless one sent back with errors is given."""
    choices = _member_choices(practice)
    forms = {"member": MemberForm(formdata=None), "income": IncomeForm(formdata=None),
             "building": BuildingForm(formdata=None),
             "movable": MovableForm(formdata=None, valued_on=date(practice.rule_year - 2, 12, 31)),
             "conditions": ConditionsForm(formdata=None, obj=_ConditionsView(practice, answered)),
             "document": DocumentForm(formdata=None), "submit": SubmitForm(formdata=None)}
    forms.update(given)
    for name in ("income", "building", "movable"):
        forms[name].member_id.choices = choices
    for name in ("income", "movable"):
        forms[name].currency.choices = _currencies(practice)
    forms["document"].member_id.choices = [("", _("The whole family"))] + choices
    return forms


def _currencies(practice: Practice) -> dict:
    """The currency list of an income or an asset: the family's country's first, then those with a rate of N-2."""
    return currency_choices(services.rates_for(practice.rule_year - 2), practice.student.country or "")


class _ConditionsView:
    """The practice's figures as the conditions form shows them (euro for cents)."""

    def __init__(self, practice: Practice, answered: bool = True):
        self.italian_income = practice.italian_income_cents or None
        self.rent_paid = practice.rent_paid_cents or None
        self.both_parents_worked = practice.both_parents_worked
        self.years_away = practice.years_away or None
        # Nothing is ticked for the student: until the figures are saved the box shows no answer (the practice's
        # own default, True, stays what the calculation assumes).
        self.family_owns_dwelling = practice.family_owns_dwelling and answered
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
    if step == "members" and "member" not in given and request.args.get("add") != "1":
        # The student's own date of birth is the form's first question; ?edit=ID opens another member, ?add=1 the
        # form for a new one.
        edited = services.member_of(practice, _int(request.args.get("edit"))) or (undated[0] if undated else None)
        if edited is not None:
            given["member"] = MemberForm(formdata=None, obj=edited)
    missing = services.missing_documents(practice)
    done_events = {event.kind for event in services.events_of(practice)}
    return render_template(
        "caf/practice_form.html", practice=practice, step=step, steps=steps,
        forms=_forms(practice, "conditions_saved" in done_events, **given),
        edited=edited, step_keys=list(steps), finished=_finished_steps(practice, undated, missing, done_events),
        missing=missing if step in ("documents", "submit") else [],
        undated=undated, documents=services.documents_of(practice),
        document_kinds=rules.DOCUMENT_KINDS, relationships=RELATIONSHIP_LABELS, remove=ActionForm(),
        income_year=practice.rule_year - 2, editable=services.can_edit(current_user, practice), consular=consular,
        country=country_name(practice.student.country),
    ), http_status


def _finished_steps(practice: Practice, undated: list, missing: list, done_events: set[str]) -> set[str]:
    """The steps the stepper marks as done: everyone's date of birth given; an income line for the student and every
    adult; buildings and movable assets entered, or passed by saving the other figures; the other figures saved;
    every required document uploaded; the practice sent."""
    today = today_in_rome()

    def adult(member) -> bool:
        born = member.birth_date
        return born is None or today.year - born.year - ((today.month, today.day) < (born.month, born.day)) >= 18

    earners = {member.id for member in practice.members if member.relationship_to_student == "student" or adult(member)}
    finished = set()
    if practice.members and not undated:
        finished.add("members")
    if earners and earners <= {line.member_id for line in practice.incomes}:
        finished.add("incomes")
    for step, lines in (("buildings", practice.buildings), ("movables", practice.movables)):
        if lines or "conditions_saved" in done_events:
            finished.add(step)
    if "conditions_saved" in done_events:
        finished.add("conditions")
    if not missing and not undated:
        finished.add("documents")
    if practice.first_submitted_at is not None:
        finished.add("submit")
    return finished


def _editable_or_404(practice_id: int) -> Practice:
    practice = services.practice_for(current_user, practice_id) or abort(404)
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
    return one_button(lambda: _removed_or_404(services.remove_member(current_user, practice, member_id)),
                      lambda _none: _l("Family member removed, with their lines."),
                      url_for("caf.practice_form", practice_id=practice.id, step="members"))


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
    if kind in ("income", "movable"):
        form.currency.choices = _currencies(practice)
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
    return one_button(lambda: _removed_or_404(services.remove_line(current_user, practice, kind, line_id)),
                      lambda _none: _l("Removed."),
                      url_for("caf.practice_form", practice_id=practice.id, step=LINE_FORMS[kind][1]))


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
    practice = services.practice_for(current_user, practice_id) or abort(404)
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


RECEIPT_VERSIONS = {"it": "Versione in italiano", "en": "English version"}  # each in its own language
RECEIPT_TITLES = {"it": "Ricevuta della pratica ISEEU parificato", "en": "Receipt of ISEEU parificato practice"}


def _receipt_context(practice_id: int) -> dict:
    """A sent practice's receipt, in the student's language first and the other second (the same access as the
    practice page: its student, the CAF, the university)."""
    practice = services.practice_for(current_user, practice_id) or abort(404)
    if practice.first_submitted_at is None:
        abort(404)
    first = "en" if practice.student.user.locale == "en" else "it"
    return {"practice": practice, "offices": services.active_offices(), "first": first,
            "second": "it" if first == "en" else "en", "versions": RECEIPT_VERSIONS,
            "contacts": {"en": services.contacts(), "it": current_app.config["PORTAL_CAF_CONTACTS_IT"]},
            "submitted": to_rome(practice.first_submitted_at).strftime("%d/%m/%Y %H:%M")}


@bp.get("/practices/<int:practice_id>/receipt")
@roles_required(*STUDENTS, *CAF, *UNIVERSITY)
def receipt(practice_id: int):
    return render_template("caf/receipt.html", **_receipt_context(practice_id))


@bp.get("/practices/<int:practice_id>/receipt.pdf")
@roles_required(*STUDENTS, *CAF, *UNIVERSITY)
def receipt_pdf(practice_id: int):
    """The receipt as a PDF to keep or print: both languages, the student's first; the page's access."""
    context = _receipt_context(practice_id)
    practice = context["practice"]
    content = render_pdf("caf/pdf/receipt.html", titles=RECEIPT_TITLES,
                         institution=current_app.config["PORTAL_INSTITUTION_NAME"], **context)
    name = f"{'receipt' if context['first'] == 'en' else 'ricevuta'}-iseeu-{practice.number}"
    return pdf_response(content, name)
