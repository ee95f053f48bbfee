from babel.dates import get_day_names
from flask import Blueprint, render_template
from flask_babel import format_decimal, get_locale
from flask_babel import lazy_gettext as _l

from portal.childcare import labels, services
from portal.core import audit
from portal.core.feeds import register_events
from portal.core.navigation import ServiceEntry, register_service

bp = Blueprint("childcare", __name__, url_prefix="/policino")


@bp.app_template_filter("half_hours")
def half_hours(blocks: int) -> str:
    """Half-hour blocks as hours in the reader's language: 159 -> '79,5'."""
    return format_decimal(blocks / 2, format="#,##0.#")


@bp.app_template_filter("weekdays")
def weekdays(days: str) -> str:
    """A vertical part time's fixed days as the reader's weekday names: 'mon-wed-fri' -> 'Monday, Wednesday, Friday'."""
    names = get_day_names("wide", locale=get_locale())  # Monday is 0; Italian names are lower case mid-sentence
    index = {key: number for number, key in enumerate(labels.WEEKDAYS)}
    return ", ".join(names[index[day]] if day in index else day for day in (days or "").split("-") if day)


def _card(user) -> str:
    family = services.family_of(user)
    upcoming = services.upcoming_stays(family, limit=3)
    return render_template("childcare/_card.html", family=family, upcoming=upcoming,
                           card_blocks=services.card_hours_left(family))


register_service(ServiceEntry(
    key="childcare", title=_l("Policino baby parking"), endpoint="childcare.home",
    roles=frozenset({"genitore", "educatore", "amministratore", "dec", "dipendente"}),
    description=_l("Book hours of care for your children at the Policino baby parking."),
    card=_card,
))


register_events("childcare", services.calendar_events)

from portal.childcare import routes  # noqa: E402,F401  (the views need `bp`)

audit.describe(labels.AUDIT_EVENTS, labels.AUDIT_DETAILS)
