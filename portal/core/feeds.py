"""What goes into each person's private calendar feed ("My calendar").

Each service registers a function that returns a user's events as `ics.CalendarEvent`s (stable UIDs, times
as aware datetimes); the feed asks every switched-on service and knows none of them. A service never imports
another: course meetings, exam sittings or tutoring sessions join the feed by registering here.
Events carry only what a calendar needs (when, where, what): never health data or notes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta

from flask import current_app
from flask_babel import force_locale, gettext

from portal.core.ics import CalendarEvent, feed
from portal.core.types import utcnow

# How far back the feed goes: recent appointments stay visible in the calendar, older ones fall out of it.
PAST_DAYS = 90

# (user, since) -> the user's events ending after `since` (UTC).
EventSource = Callable[..., Iterable[CalendarEvent]]

_SOURCES: dict[str, EventSource] = {}


def register_events(service: str, source: EventSource) -> None:
    """`service` is the service's key (config.ALL_SERVICES): its events appear while it is switched on."""
    _SOURCES[service] = source


def unregister_events(service: str) -> None:
    _SOURCES.pop(service, None)


def events_for(user, since: datetime) -> list[CalendarEvent]:
    enabled = current_app.config["PORTAL_SERVICES"]
    events: list[CalendarEvent] = []
    for key in enabled:
        if key in _SOURCES:
            events.extend(_SOURCES[key](user, since))
    return sorted(events, key=lambda event: (event.starts, event.uid))


def calendar_for(user, now: datetime | None = None) -> str:
    """The user's feed as iCalendar text, in the user's language.

    The same events give the same text (its DTSTAMP is the latest change, not the time of the request), so the
    ETag changes only when an event does.
    """
    now = now or utcnow()
    with force_locale(user.locale or "it"):
        events = events_for(user, now - timedelta(days=PAST_DAYS))
        name = gettext("%(institution)s: my calendar", institution=current_app.config["PORTAL_INSTITUTION_SHORT_NAME"])
    stamp = datetime.fromtimestamp(max((event.sequence for event in events), default=0), UTC)
    return feed(events, name, stamp)
