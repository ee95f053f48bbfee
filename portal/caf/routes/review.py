"""The practice page (status, dialogue, documents, result) and the CAF's work on it: the queue, the check,
the outcome."""

from __future__ import annotations

import re

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from portal.auth.access import roles_required
from portal.caf import bp, rules, services
from portal.caf.forms import (
    READY_TEXTS,
    RELATIONSHIP_LABELS,
    AskForm,
    DocumentForm,
    LinkIdentifiersForm,
    MessageForm,
    OriginalsForm,
    OutcomeForm,
)
from portal.caf.labels import HISTORY_LABELS, STAFF_STATUS_LABELS, STATUS_LABELS
from portal.caf.models import STATUSES, Practice
from portal.caf.routes._common import (
    CAF,
    STUDENTS,
    UNIVERSITY,
    _deadlines,
    _int,
    _member_choices,
)
from portal.core import audit, conversation
from portal.core.actions import one_button
from portal.core.calendar import today_in_rome
from portal.core.countries import country_name
from portal.core.forms import ActionForm, attach_rule_violation, submitted_and_done
from portal.core.htmx import render
from portal.core.query import int_or
from portal.core.rules import RuleViolation
from portal.core.uploads import send_stored

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


# -- the practice page: status, dialogue, documents, result; the operator's panel ----------------------------------


def _practice_page(practice: Practice, http_status: int = 200, **given):
    operator = services.is_operator(current_user)
    student = practice.student
    forms = {"message": MessageForm(formdata=None), "document": DocumentForm(formdata=None),
             "ask": AskForm(formdata=None),
             "outcome": OutcomeForm(formdata=None, findings=sorted(practice.finding_codes)),
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
        findings=rules.FINDINGS, nul_findings=rules.NUL_FINDINGS, event_labels=HISTORY_LABELS, event_detail=event_detail,
        preview=preview,
        preview_error=preview_error, editable=services.can_edit(current_user, practice),
        student_language=_("Italian") if (student_user.locale or "it") == "it" else _("English"),
        relationships=RELATIONSHIP_LABELS, consular=consular, country=country_name(practice.student.country),
        account_identifiers=any(services.account_identifiers(student_user)), send_by=services.send_by,
    ), http_status


@bp.get("/practices/<int:practice_id>")
@roles_required(*STUDENTS, *CAF, *UNIVERSITY)
def practice(practice_id: int):
    return _practice_page(services.practice_for(current_user, practice_id) or abort(404))


@bp.post("/practices/<int:practice_id>/messages")
@roles_required(*STUDENTS, *CAF)
def message_send(practice_id: int):
    practice = services.practice_for(current_user, practice_id) or abort(404)
    form = MessageForm()
    if submitted_and_done(form, lambda: services.send_message(current_user, practice, form.body.data)):
        flash(_l("Message sent."), "success")
        return redirect(url_for("caf.practice", practice_id=practice.id, _anchor="thread"), code=303)
    return _practice_page(practice, 422, message=form)


@bp.get("/documents/<int:document_id>")
@roles_required(*STUDENTS, *CAF, *UNIVERSITY)
def document(document_id: int):
    found = services.document_for(current_user, document_id) or abort(404)
    if not current_user.has_role(*STUDENTS):  # scans leave the CAF only with a trace of who looked
        audit.record("caf.document_viewed", actor=current_user, document=found.id, practice=found.practice_id)
    return send_stored(found, download=request.args.get("download") == "1")


@bp.get("/practices/<int:practice_id>/scans.zip")
@roles_required(*CAF, *UNIVERSITY)
def scans(practice_id: int):
    practice = services.practice_for(current_user, practice_id) or abort(404)
    response = send_file(services.scans_archive(current_user, practice), mimetype="application/zip",
                         as_attachment=True, download_name=f"iseeu-{practice.number or practice.id}-scans.zip")
    response.cache_control.private = True
    response.cache_control.no_store = True
    return response


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


@bp.post("/practices/<int:practice_id>/take")
@roles_required(*CAF)
def practice_take(practice_id: int):
    practice = services.practice_for(current_user, practice_id) or abort(404)
    return one_button(lambda: services.take(current_user, practice),
                      lambda _none: _l("The practice is yours to check."),
                      url_for("caf.practice", practice_id=practice.id))


@bp.post("/practices/<int:practice_id>/identifiers")
@roles_required(*CAF)
def practice_identifiers(practice_id: int):
    """The operator links the identifiers of a student whose account has none, after checking them."""
    practice = services.practice_for(current_user, practice_id) or abort(404)
    form = LinkIdentifiersForm()
    link = lambda: services.link_identifiers(current_user, practice, form.codice_persona.data or "",  # noqa: E731
                                             form.matricola.data or "", form.checked.data)
    if submitted_and_done(form, link):
        flash(_l("Identifiers linked: the practice is sent with them."), "success")
        return redirect(url_for("caf.practice", practice_id=practice.id), code=303)
    return _practice_page(practice, 422, identifiers=form)


def ready_text_for(practice: Practice, key: str) -> str:
    """A ready text in the student's language, whatever the operator's."""
    return conversation.in_language(practice.student.user.locale, lambda: READY_TEXTS[key][1])


@bp.post("/practices/<int:practice_id>/ask")
@roles_required(*CAF)
def practice_ask(practice_id: int):
    practice = services.practice_for(current_user, practice_id) or abort(404)
    form = AskForm()
    body = lambda: conversation.compose(ready_text_for(practice, form.ready_text.data)  # noqa: E731
                                        if form.ready_text.data in READY_TEXTS else "", form.body.data)
    if submitted_and_done(form, lambda: services.ask_student(current_user, practice, body())):
        flash(_l("Sent: the practice now waits for the student."), "success")
        return redirect(url_for("caf.practice", practice_id=practice.id), code=303)
    return _practice_page(practice, 422, ask=form)


@bp.post("/practices/<int:practice_id>/outcome")
@roles_required(*CAF)
def practice_outcome(practice_id: int):
    practice = services.practice_for(current_user, practice_id) or abort(404)
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
    practice = services.practice_for(current_user, practice_id) or abort(404)
    form = OriginalsForm()
    if practice.status != "awaiting_originals":
        attach_rule_violation(form, RuleViolation(_l("This practice is not waiting for its originals.")))
        return _practice_page(practice, 422, originals=form)
    confirm = lambda: services.confirm_originals(current_user, practice, form.match.data == "yes")  # noqa: E731
    if submitted_and_done(form, confirm):
        flash(_l("Originals checked: %(state)s.", state=practice.university_state), "success")
        return redirect(url_for("caf.practice", practice_id=practice.id), code=303)
    return _practice_page(practice, 422, originals=form)
