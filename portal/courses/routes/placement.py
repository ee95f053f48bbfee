"""The placement test: a learner takes it one question at a time and reads the suggestion; the language centre
edits the question bank (list, add, edit, retire, restore; the sample bank for an empty one)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import roles_required
from portal.core.actions import one_button
from portal.core.forms import ActionForm, form_status, submitted_and_done
from portal.core.query import int_or
from portal.core.rules import RuleViolation
from portal.courses import bp, rules, services
from portal.courses.forms import QuestionForm
from portal.courses.models import PlacementAttempt, PlacementQuestion
from portal.extensions import db

LEARNERS = services.LEARNER_ROLES
OFFICE = services.OFFICE_ROLES
placement_service = services.placement


@bp.get("/placement")
@roles_required(*LEARNERS)
def placement():
    status = placement_service.status_of(current_user)
    return render_template("courses/placement.html", status=status, action=ActionForm(),
                           retake_days=services.settings().retake_days, max_questions=rules.PLACEMENT_MAX_QUESTIONS)


@bp.post("/placement/start")
@roles_required(*LEARNERS)
def placement_start():
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        attempt = placement_service.start(current_user)
    except RuleViolation as violation:
        db.session.rollback()
        flash(violation.message, "danger")
        return redirect(url_for("courses.placement"), code=303)
    db.session.commit()
    return _next_page(attempt)


def _next_page(attempt: PlacementAttempt):
    if attempt.finished_at is not None:
        return redirect(url_for("courses.placement_result", attempt_id=attempt.id), code=303)
    return redirect(url_for("courses.placement_question"), code=303)


@bp.get("/placement/question")
@roles_required(*LEARNERS)
def placement_question():
    attempt = placement_service.running_attempt(current_user)
    if attempt is None or attempt.pending is None:
        return redirect(url_for("courses.placement"), code=303)
    return render_template("courses/placement_question.html", attempt=attempt, question=attempt.pending,
                           number=len(attempt.answers) + 1, action=ActionForm(), error=None)


@bp.post("/placement/answer")
@roles_required(*LEARNERS)
def placement_answer():
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    attempt = placement_service.running_attempt(current_user)
    if attempt is None:
        return redirect(url_for("courses.placement"), code=303)
    question = attempt.pending
    try:
        attempt = placement_service.answer(current_user, attempt, int_or(request.form.get("question"), None),
                                           int_or(request.form.get("answer"), None, maximum=9))
    except RuleViolation as violation:
        db.session.rollback()
        if violation.field == "answer" and question is not None:
            return render_template("courses/placement_question.html", attempt=attempt, question=question,
                                   number=len(attempt.answers) + 1, action=form, error=violation.message), 422
        flash(violation.message, "info")
        return redirect(url_for("courses.placement_question"), code=303)
    db.session.commit()
    return _next_page(attempt)


@bp.get("/placement/attempts/<int:attempt_id>")
@roles_required(*LEARNERS)
def placement_result(attempt_id: int):
    attempt = db.session.get(PlacementAttempt, attempt_id)
    if attempt is None or attempt.user_id != current_user.id or attempt.finished_at is None:
        abort(404)
    right = sum(1 for answer in attempt.answers if answer.right)
    return render_template("courses/placement_result.html", attempt=attempt, right=right)


# -- the bank -----------------------------------------------------------------------------------------------------


BANK_PAGE = 20


def _page_of(question: PlacementQuestion) -> int:
    """The page of its level's list (in use, or retired) a question is on."""
    before = [q.id for q in placement_service.bank(question.level, question.retired_at is not None)
              if q.id < question.id]
    return len(before) // BANK_PAGE + 1


@bp.get("/placement/questions")
@roles_required(*OFFICE)
def bank():
    level = request.args.get("level", "")
    level = level if level in rules.PLACEMENT_LEVELS else ""
    retired = request.args.get("retired") == "1"
    # 160 questions are a wall on a phone: 20 a page.
    questions = placement_service.bank(level or None, retired)
    pages = max(1, -(-len(questions) // BANK_PAGE))
    page = min(int_or(request.args.get("page"), 1, 1, 10_000), pages)
    return render_template("courses/bank.html", questions=questions[(page - 1) * BANK_PAGE:page * BANK_PAGE],
                           total=len(questions), page=page, pages=pages,
                           counts=placement_service.bank_counts(), level=level, retired=retired,
                           action=ActionForm(), levels=rules.PLACEMENT_LEVELS,
                           ready=placement_service.READY_PER_LEVEL)


def _save(question: PlacementQuestion | None, form: QuestionForm):
    return placement_service.save_question(current_user, question, form.level.data, form.prompt.data,
                                           form.texts(), form.correct_index())


@bp.route("/placement/questions/new", methods=["GET", "POST"])
@roles_required(*OFFICE)
def bank_new():
    form = QuestionForm()
    if submitted_and_done(form, lambda: _save(None, form)):
        flash(_l("Question added to the bank."), "success")  # the newest is the last of its level
        return redirect(url_for("courses.bank", level=form.level.data, page=10_000), code=303)
    return render_template("courses/bank_edit.html", form=form, question=None), form_status(form)


@bp.route("/placement/questions/<int:question_id>", methods=["GET", "POST"])
@roles_required(*OFFICE)
def bank_edit(question_id: int):
    question = db.get_or_404(PlacementQuestion, question_id)
    form = QuestionForm()
    if not form.is_submitted():
        form.level.data, form.prompt.data = question.level, question.prompt
        for index, text in enumerate(question.choices[:4]):
            getattr(form, f"choice_{index + 1}").data = text
        form.correct.data = str(question.correct + 1)
    if submitted_and_done(form, lambda: _save(question, form)):
        flash(_l("Question saved."), "success")
        return redirect(url_for("courses.bank", level=question.level, page=_page_of(question)), code=303)
    return render_template("courses/bank_edit.html", form=form, question=question,
                           action=ActionForm()), form_status(form)


@bp.post("/placement/questions/<int:question_id>/retire")
@roles_required(*OFFICE)
def bank_retire(question_id: int):
    question = db.get_or_404(PlacementQuestion, question_id)
    back = url_for("courses.bank", level=question.level, page=_page_of(question))
    return one_button(lambda: placement_service.retire_question(current_user, question),
                      lambda _q: _l("Question retired: it is no longer asked."), back)


@bp.post("/placement/questions/<int:question_id>/restore")
@roles_required(*OFFICE)
def bank_restore(question_id: int):
    question = db.get_or_404(PlacementQuestion, question_id)
    return one_button(lambda: placement_service.restore_question(current_user, question),
                      lambda _q: _l("Question back in the test."), url_for("courses.bank", level=question.level))


@bp.post("/placement/questions/sample")
@roles_required(*OFFICE)
def bank_sample():
    return one_button(lambda: placement_service.load_sample_bank(current_user),
                      lambda count: _l("%(count)d sample questions added.", count=count), url_for("courses.bank"))
