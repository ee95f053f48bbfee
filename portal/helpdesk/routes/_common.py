"""What the help desk's pages share: a conversation or a 404, the ready answers offered to the office, a ready
answer in the person's language, the thread as the reader sees it."""

from __future__ import annotations

from datetime import datetime

from babel import dates as babel_dates
from flask import abort
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.core.calendar import to_rome, today_in_rome
from portal.core.dates import format_day, formatting_locale
from portal.core.query import int_or
from portal.helpdesk import bp, services
from portal.helpdesk.models import Conversation


def conversation_or_404(conversation_id: int) -> Conversation:
    """Another person's conversation, or a welfare one for the institution's roles, does not exist for them."""
    return services.conversation_for(current_user, conversation_id) or abort(404)


def answer_choices(topic: str) -> list[tuple[str, str]]:
    locale = str(get_locale())
    return [("", _l("No ready answer: I write my own"))] + [(str(answer.id), answer.title(locale))
                                                 for answer in services.ready_answers([topic])]


def ready_text(found: Conversation, answer_id: str | None) -> str:
    """The ready answer in the *person's* language, whatever the operator's; empty when none was chosen."""
    chosen = int_or(answer_id, None)
    if not chosen:
        return ""
    answer = services.ready_answer_for(current_user, chosen)
    if answer is None or answer.topic != found.topic:
        return ""
    return answer.body(found.user.locale)


def thread_context(found: Conversation, staff: bool) -> dict:
    return {"messages": services.messages_of(found, staff), "staff_view": staff}


@bp.app_template_filter("closed_until")
def closed_until(moment: datetime) -> str:
    """When the office opens again, as the sentence the person reads: "... from 9:00 today", "... from 9:00
    tomorrow", "... from Monday at 9:00" (the weekday up to six days ahead, then the date too)."""
    local = to_rome(moment)
    clock = babel_dates.format_time(local.time(), "H:mm", locale=formatting_locale())
    days = (local.date() - today_in_rome()).days
    if days <= 0:
        return str(_l("The help desk is closed now: we will answer from %(time)s today.", time=clock))
    if days == 1:
        return str(_l("The help desk is closed now: we will answer from %(time)s tomorrow.", time=clock))
    day = format_day(local.date(), "EEEE" if days < 7 else "EEEE d MMMM")
    return str(_l("The help desk is closed now: we will answer from %(day)s at %(time)s.", day=day, time=clock))


@bp.app_template_filter("working_time")
def working_time(minutes: int) -> str:
    """Working minutes as "2 h 05 min" (an office day is 8 h 30 min)."""
    hours, left = divmod(max(int(minutes), 0), 60)
    return f"{hours} h {left:02d} min" if hours else f"{left} min"
