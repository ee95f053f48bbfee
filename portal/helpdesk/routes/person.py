"""A person's side: their conversations, opening one ("Need help?"), the conversation with its live thread,
writing, closing, rating, the attachments; the FAQ."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import background
from portal.core import audit
from portal.core.conversation import compose
from portal.core.forms import form_status, submitted_and_done
from portal.core.htmx import is_partial, live_region, polls
from portal.core.uploads import send_stored
from portal.extensions import db
from portal.helpdesk import bp, labels, rules, services
from portal.helpdesk.forms import CloseForm, MessageForm, NewConversationForm, RateForm, StaffReplyForm
from portal.helpdesk.models import conversation_tag
from portal.helpdesk.routes._common import answer_choices, conversation_or_404, ready_text, thread_context


@bp.get("/")
def home():
    return render_template("helpdesk/home.html", conversations=services.conversations_of(current_user),
                           office=services.is_office(current_user), labels=labels,
                           expected=rules.answer_expected(services.now(), services.hours()))


@bp.route("/new", methods=["GET", "POST"])
def new():
    offered = services.topics_for(current_user)
    form = NewConversationForm()
    form.topic.choices = [("", _l("Choose a topic"))] + [(topic, labels.TOPICS[topic]) for topic in offered]
    if request.method == "GET" and not form.topic.data:
        form.topic.data = request.args.get("topic") if request.args.get("topic") in offered \
            else rules.suggested_topic(request.args.get("from"), offered)
    opened = {}

    def use_case():
        opened["row"] = services.open_conversation(current_user, form.topic.data, form.subject.data,
                                                   form.body.data, request.files.getlist(form.files.name))

    if submitted_and_done(form, use_case):
        flash(_l("Sent: the answer will appear on this page, and we will tell you by mail."), "success")
        return redirect(url_for("helpdesk.conversation", conversation_id=opened["row"].id), code=303)
    return render_template("helpdesk/new.html", form=form,
                           expected=rules.answer_expected(services.now(), services.hours())), form_status(form)


def _conversation_page(found, http_status: int = 200, **given):
    staff = services.is_office_of(current_user, found)
    forms = {"message": MessageForm(formdata=None), "rate": RateForm(formdata=None)}
    if staff:
        from portal.helpdesk.forms import CallForm, HandOverForm

        forms.update(staff=StaffReplyForm(formdata=None), close=CloseForm(formdata=None), call=CallForm(formdata=None),
                     hand_over=HandOverForm(formdata=None))
    else:
        forms.update(close=CloseForm(formdata=None))
    forms.update(given)
    for name in ("staff", "close"):
        if name in forms and staff:
            forms[name].ready_answer.choices = answer_choices(found.topic)
    if "hand_over" in forms:
        forms["hand_over"].topic.choices = [(key, label) for key, label in labels.TOPICS.items()
                                            if key != found.topic]
    context = thread_context(found, staff)
    return render_template("helpdesk/conversation.html", found=found, staff=staff, forms=forms, labels=labels,
                           timing=services.timing(found) if staff else None,
                           expected=rules.answer_expected(services.now(), services.hours()),
                           **context), http_status


@bp.get("/c/<int:conversation_id>")
def conversation(conversation_id: int):
    return _conversation_page(conversation_or_404(conversation_id))


@bp.get("/c/<int:conversation_id>/thread")
@background
@polls(lambda user_id: (f"helpdesk.thread:{request.view_args['conversation_id']}:{user_id}",
                        (conversation_tag(request.view_args["conversation_id"]), f"users:{user_id}")))
def thread(conversation_id: int):
    """The live thread: polled every few seconds, 304 while nothing was written; from the shared cache while it is
    unchanged (the entry exists only for a user who was allowed to read it)."""
    if not is_partial():
        return redirect(url_for("helpdesk.conversation", conversation_id=conversation_id), code=303)

    def html() -> str:
        found = conversation_or_404(conversation_id)
        return render_template("helpdesk/_thread.html", found=found, labels=labels, live_update=True,
                               **thread_context(found, services.is_office_of(current_user, found)))

    return live_region(current_user.id, html)


@bp.post("/c/<int:conversation_id>/messages")
def send(conversation_id: int):
    found = conversation_or_404(conversation_id)
    staff = services.is_office_of(current_user, found)
    form = StaffReplyForm() if staff else MessageForm()
    if staff:
        form.ready_answer.choices = answer_choices(found.topic)

    def use_case():
        files = request.files.getlist(form.files.name)
        if staff:
            text = ready_text(found, form.ready_answer.data)
            body = compose(text, form.body.data)
            services.reply(current_user, found, body, files, internal=form.internal.data)
        else:
            services.reply(current_user, found, form.body.data, files)

    if submitted_and_done(form, use_case):
        flash(_l("Message sent."), "success")
        return redirect(url_for("helpdesk.conversation", conversation_id=found.id, _anchor="reply"), code=303)
    return _conversation_page(found, 422, **{"staff" if staff else "message": form})


@bp.post("/c/<int:conversation_id>/close")
def close(conversation_id: int):
    found = conversation_or_404(conversation_id)
    staff = services.is_office_of(current_user, found)
    form = CloseForm()
    form.ready_answer.choices = answer_choices(found.topic) if staff else [("", "")]

    def use_case():
        text = ready_text(found, form.ready_answer.data) if staff else ""
        services.close(current_user, found, text, form.body.data if staff else "")

    if submitted_and_done(form, use_case):
        flash(_l("Conversation closed."), "success")
        return redirect(url_for("helpdesk.conversation", conversation_id=found.id), code=303)
    return _conversation_page(found, 422, close=form)


@bp.post("/c/<int:conversation_id>/rate")
def rate(conversation_id: int):
    found = conversation_or_404(conversation_id)
    form = RateForm()
    if submitted_and_done(form, lambda: services.rate(current_user, found, form.rating.data)):
        flash(_l("Thank you: your rating helps us improve."), "success")
        return redirect(url_for("helpdesk.conversation", conversation_id=found.id), code=303)
    return _conversation_page(found, 422, rate=form)


@bp.get("/files/<int:attachment_id>")
def attachment(attachment_id: int):
    found = services.attachment_for(current_user, attachment_id) or abort(404)
    conversation_row = services.conversation_for(current_user, found.conversation_id)
    if conversation_row.user_id != current_user.id:  # the office opening a person's file leaves a trace
        audit.record("helpdesk.attachment_viewed", user=conversation_row.user, actor=current_user,
                     attachment=found.id, conversation=found.conversation_id)
        db.session.flush()
    return send_stored(found, download=request.args.get("download") == "1")


@bp.get("/faq")
def faq():
    words = (request.args.get("q") or "").strip()[:200]
    topics = sorted(set(services.topics_for(current_user)) | set(services.office_topics(current_user)))
    return render_template("helpdesk/faq.html", answers=services.faq(topics, words), words=words, labels=labels,
                           locale=str(get_locale()))
