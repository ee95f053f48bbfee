"""The office's side: the queue per topic and tab, taking a conversation, handing it over, logging a call, the
ready answers, and the six-monthly satisfaction figures."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import roles_required
from portal.core.actions import one_button
from portal.core.calendar import today_in_rome
from portal.core.forms import ActionForm, form_status, submitted_and_done
from portal.core.ids import is_ascii_digits
from portal.core.query import LARGEST_ID, int_or
from portal.extensions import db
from portal.helpdesk import bp, labels, rules, services
from portal.helpdesk.forms import CallForm, ContactForm, HandOverForm, ReadyAnswerForm
from portal.helpdesk.routes._common import conversation_or_404
from portal.helpdesk.routes.person import _conversation_page


def _office_topics_or_403() -> list[str]:
    topics = services.office_topics(current_user)
    if not topics:
        abort(403)
    return topics


@bp.get("/queue")
def queue():
    topics = _office_topics_or_403()
    topic = request.args.get("topic") if request.args.get("topic") in topics else topics[0]
    tab = request.args.get("tab") if request.args.get("tab") in services.TABS else "unassigned"
    page = int_or(request.args.get("page"), 1, minimum=1, maximum=LARGEST_ID // services.PAGE_SIZE)
    pagination = db.paginate(services.queue_query(current_user, topic, tab), page=page,
                             per_page=services.PAGE_SIZE, error_out=False)
    moment = services.now()
    rows = [(row, services.timing(row, moment)) for row in pagination.items]
    return render_template("helpdesk/queue.html", topics=topics, topic=topic, tab=tab, rows=rows,
                           pagination=pagination, counts=services.queue_counts(current_user, topics), labels=labels,
                           rules=rules, take_form=ActionForm())


@bp.post("/c/<int:conversation_id>/take")
def take(conversation_id: int):
    found = conversation_or_404(conversation_id)
    if not services.is_office_of(current_user, found):
        abort(404)
    back = url_for("helpdesk.conversation", conversation_id=found.id)
    return one_button(lambda: services.take(current_user, found),
                      lambda taken: _l("The conversation is yours.") if taken
                      else _l("Somebody else took it a moment ago."), back)


@bp.post("/c/<int:conversation_id>/hand-over")
def hand_over(conversation_id: int):
    found = conversation_or_404(conversation_id)
    if not services.is_office_of(current_user, found):
        abort(404)
    form = HandOverForm()
    form.topic.choices = [(key, label) for key, label in labels.TOPICS.items() if key != found.topic]
    if submitted_and_done(form, lambda: services.hand_over(current_user, found, form.topic.data, form.note.data)):
        flash(_l("Handed over to %(topic)s.", topic=labels.TOPICS[found.topic]), "success")
        still_mine = services.is_office_of(current_user, found)
        return redirect(url_for("helpdesk.conversation", conversation_id=found.id) if still_mine
                        else url_for("helpdesk.queue"), code=303)
    return _conversation_page(found, 422, hand_over=form)


@bp.post("/c/<int:conversation_id>/call")
def log_call(conversation_id: int):
    found = conversation_or_404(conversation_id)
    if not services.is_office_of(current_user, found):
        abort(404)
    form = CallForm()
    if submitted_and_done(form, lambda: services.log_call(current_user, found, form.body.data)):
        flash(_l("Call logged."), "success")
        return redirect(url_for("helpdesk.conversation", conversation_id=found.id), code=303)
    return _conversation_page(found, 422, call=form)


@bp.route("/contacts/new", methods=["GET", "POST"])
def record_contact():
    """A call or an e-mail from someone with no conversation on it: logged by hand as a new one in their name."""
    topics = _office_topics_or_403()
    form = ContactForm()
    form.topic.choices = [(topic, labels.TOPICS[topic]) for topic in topics]
    opened = []
    if submitted_and_done(form, lambda: opened.append(services.record_contact(
            current_user, form.person.data, form.topic.data, form.subject.data, form.body.data, form.channel.data))):
        flash(_l("Logged in the name of %(name)s.", name=opened[0].user.full_name), "success")
        return redirect(url_for("helpdesk.conversation", conversation_id=opened[0].id), code=303)
    return render_template("helpdesk/contact_form.html", form=form), form_status(form)


# -- ready answers -----------------------------------------------------------------------------------------------

@bp.get("/answers")
def answers():
    topics = _office_topics_or_403()
    return render_template("helpdesk/answers.html", answers=services.ready_answers(topics), labels=labels)


@bp.route("/answers/new", methods=["GET", "POST"], defaults={"answer_id": None})
@bp.route("/answers/<int:answer_id>", methods=["GET", "POST"])
def answer_form(answer_id: int | None):
    topics = _office_topics_or_403()
    answer = services.ready_answer_for(current_user, answer_id) or abort(404) if answer_id else None
    form = ReadyAnswerForm(obj=answer)
    form.topic.choices = [(topic, labels.TOPICS[topic]) for topic in topics]
    if submitted_and_done(form, lambda: services.save_ready_answer(current_user, answer, form.values())):
        flash(_l("Ready answer saved."), "success")
        return redirect(url_for("helpdesk.answers"), code=303)
    return render_template("helpdesk/answer_form.html", form=form, answer=answer), form_status(form)


# -- satisfaction ------------------------------------------------------------------------------------------------

@bp.get("/satisfaction")
@roles_required(*services.FIGURES_ROLES)
def satisfaction():
    year, half = rules.half_year(today_in_rome())
    chosen = request.args.get("half", "")
    if len(chosen) == 6 and is_ascii_digits(chosen[:4]) and chosen[4] == "-" and chosen[5] in "12":
        year, half = min(max(int(chosen[:4]), 2000), 2100), int(chosen[5])
    previous = rules.previous_half(year, half)
    return render_template("helpdesk/satisfaction.html", figures=services.half_year_figures(year, half),
                           previous=previous, following=(year, 2) if half == 1 else (year + 1, 1), labels=labels)
