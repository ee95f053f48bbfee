"""What the tutoring pages share: deadlines in words, labels for the templates."""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import gettext as _

from portal.core.dates import format_day
from portal.tutoring import bp, labels, rules


def by_day(day: date) -> str:
    """'by Friday 14 March' / 'entro venerdì 14 marzo' (the year only when it is not this one)."""
    from portal.core.calendar import today_in_rome

    pattern = "EEEE d MMMM" if day.year == today_in_rome().year else "EEEE d MMMM y"
    return _("by %(day)s", day=format_day(day, pattern))


def long_day(day: date) -> str:
    from portal.core.calendar import today_in_rome

    return format_day(day, "EEEE d MMMM" if day.year == today_in_rome().year else "EEEE d MMMM y")


@bp.context_processor
def _tutoring_words() -> dict:
    from portal.core.calendar import today_in_rome

    return {"today_date": today_in_rome(), "next_quarter": rules.next_quarter, "one_day": timedelta(days=1), "by_day": by_day, "long_day": long_day, "hours": rules.hours_text, "services_l": labels.SERVICES,
            "kinds_l": labels.KINDS, "modes_l": labels.MODES, "activities_l": labels.ACTIVITIES,
            "statuses_l": labels.STATUSES, "more_l": labels.MORE_HOURS}
