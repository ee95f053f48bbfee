"""A2/B1 certification (point 6): sessions (the office creates them; students and staff register, with a make-up
proposed when they failed or missed a skill), a session's candidates for the office (numbers, results, the list
and its deadline)."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import roles_required
from portal.core.actions import one_button
from portal.core.calendar import today_in_rome
from portal.core.forms import ActionForm, form_status, submitted_and_done
from portal.core.query import int_or
from portal.courses import bp, labels, labels_exams, rules, services
from portal.courses.forms_exams import CertSessionForm, NumberForm, cert_result_form
from portal.courses.models import CertCandidate, CertSession
from portal.courses.services import certification as certs
from portal.extensions import db

OFFICE = services.OFFICE_ROLES
LEARNERS = services.LEARNER_ROLES


def _home(form=None, status: int = 200):
    office = current_user.has_role(*OFFICE)
    learner = current_user.has_role(*LEARNERS)
    sessions = certs.sessions() if office else certs.sessions(upcoming=True)
    return render_template(
        "courses/certification.html", sessions=sessions, office=office, learner=learner,
        form=form or CertSessionForm(formdata=None), action=ActionForm(), labels=labels_exams,
        deadlines={session.id: rules.candidate_list_deadline(session.written_on) for session in sessions},
        counts={session.id: certs.year_count(session) for session in sessions} if office else {},
        limit=rules.CERT_YEAR_MAX, prices=certs.prices(),
        proposals={s.id: certs.makeup_proposal(current_user, s.body, s.level) for s in sessions} if learner else {},
        mine={s.id: certs.candidate_of(current_user, s) for s in sessions} if learner else {},
        candidacies=certs.my_candidacies(current_user) if learner else [],
        results_of=certs.results_of, number_of=certs.my_number), status


@bp.route("/certification", methods=["GET", "POST"])
@roles_required(*OFFICE, *LEARNERS)
def certification():
    form = CertSessionForm()
    if request.method == "POST" and not current_user.has_role(*OFFICE):
        abort(403)
    if submitted_and_done(form, lambda: certs.create_session(current_user, form.body.data, form.level.data,
                                                             form.written_on.data, form.oral_on.data,
                                                             form.place.data or "")):
        flash(_l("Certification session created."), "success")
        return redirect(url_for("courses.certification"), code=303)
    return _home(form, form_status(form))


@bp.post("/certification/<int:session_id>/register")
@roles_required(*LEARNERS)
def cert_register(session_id: int):
    session = db.get_or_404(CertSession, session_id)
    return one_button(lambda: certs.register(current_user, session),
                      lambda candidate: _l("You are registered: %(kind)s.",
                                           kind=labels_exams.CANDIDATE_KINDS[candidate.kind]),
                      url_for("courses.certification"))


@bp.post("/cert-candidates/<int:candidate_id>/withdraw")
@roles_required(*LEARNERS)
def cert_withdraw(candidate_id: int):
    candidate = db.get_or_404(CertCandidate, candidate_id)
    if candidate.user_id != current_user.id:
        abort(404)
    return one_button(lambda: certs.withdraw(current_user, candidate), lambda _c: _l("You have withdrawn."),
                      url_for("courses.certification"))


def _session_page(session: CertSession, status: int = 200):
    people = certs.candidates(session)
    results = certs.all_results(session)
    result_forms = {c.id: cert_result_form(c.skill_list)(formdata=None, prefix=f"c{c.id}",
                                                          **results.get(c.id, {})) for c in people}
    deadline = rules.candidate_list_deadline(session.written_on)
    return render_template(
        "courses/cert_session.html", session=session, people=people, numbers=certs.numbers(session),
        results=results, result_forms=result_forms, number_form=NumberForm(formdata=None), action=ActionForm(),
        deadline=deadline, state=rules.Deadline(deadline.due_on, session.list_sent_on).state(today_in_rome()),
        labels=labels_exams, course_labels=labels, count=certs.year_count(session), limit=rules.CERT_YEAR_MAX,
        makeups={c.id: rules.makeup_skills(results.get(c.id, {}), c.skill_list) for c in people},
        open_candidate=int_or(request.args.get("candidate"), 0)), status


@bp.get("/certification/<int:session_id>")
@roles_required(*OFFICE)
def cert_session(session_id: int):
    return _session_page(db.get_or_404(CertSession, session_id))


@bp.post("/certification/<int:session_id>/send")
@roles_required(*OFFICE)
def cert_send(session_id: int):
    session = db.get_or_404(CertSession, session_id)
    return one_button(lambda: certs.send_list(current_user, session),
                      lambda count: _l("Candidate list of %(count)d people marked as sent.", count=count),
                      url_for("courses.cert_session", session_id=session.id))


@bp.get("/certification/<int:session_id>/candidates.csv")
@roles_required(*OFFICE)
def cert_list(session_id: int):
    session = db.get_or_404(CertSession, session_id)
    filename, body = certs.candidate_list_csv(current_user, session)
    return Response(body, mimetype="text/csv", headers={"Content-Disposition": f"attachment; filename={filename}"})


def _office_candidate(candidate_id: int) -> CertCandidate:
    return db.get_or_404(CertCandidate, candidate_id)


@bp.post("/cert-candidates/<int:candidate_id>/number")
@roles_required(*OFFICE)
def cert_number(candidate_id: int):
    candidate = _office_candidate(candidate_id)
    form = NumberForm(prefix=f"n{candidate.id}")
    if submitted_and_done(form, lambda: certs.set_number(current_user, candidate, form.number.data)):
        flash(_l("Candidate number recorded: it is kept for the next sessions of %(body)s.",
                 body=candidate.session.body), "success")
    else:
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors) or _l("Check the form."), "danger")
    return redirect(url_for("courses.cert_session", session_id=candidate.session_id, candidate=candidate.id)
                    + f"#c{candidate.id}", code=303)


@bp.post("/cert-candidates/<int:candidate_id>/results")
@roles_required(*OFFICE)
def cert_results(candidate_id: int):
    candidate = _office_candidate(candidate_id)
    form = cert_result_form(candidate.skill_list)(prefix=f"c{candidate.id}")
    outcomes = {skill: getattr(form, skill).data for skill in candidate.skill_list}
    if submitted_and_done(form, lambda: certs.record_results(current_user, candidate, outcomes)):
        flash(_l("Results recorded for %(name)s.", name=candidate.user.full_name), "success")
    else:
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors) or _l("Check the form."), "danger")
    return redirect(url_for("courses.cert_session", session_id=candidate.session_id, candidate=candidate.id)
                    + f"#c{candidate.id}", code=303)
