from flask import Blueprint, render_template
from flask_babel import lazy_gettext as _l

from portal.core.feeds import register_events
from portal.core.navigation import ServiceEntry, register_service

bp = Blueprint("tutoring", __name__, url_prefix="/tutoring")

ROLES = frozenset({"studente", "special_needs", "dec", "coordinatore_tutorato", "tutor", "dipendente"})


def _card(user) -> str:
    from portal.tutoring import labels, rules, services

    if user.has_role("studente") and not user.has_role(*services.STAFF):
        student = services.student_of(user)
        if student is None:
            return ""
        caps = [cap for cap in services.caps_of(student) if cap.quarter == rules.quarter_of(services.today())]
        return render_template("tutoring/_card.html", balances=[(cap, services.balance_of(cap)) for cap in caps],
                               services_l=labels.SERVICES, hours=rules.hours_text)
    if user.has_role(services.events.OFFICE) and not user.has_role(*services.STAFF):
        year = services.today().year
        return render_template("tutoring/_card_events.html", left=services.events.pool_left(year), year=year,
                               hours=rules.hours_text)
    return ""


register_service(ServiceEntry(
    key="tutoring", title=_l("Tutoring and LIS interpreting"), endpoint="tutoring.home", roles=ROLES,
    description=_l("Specialised tutoring and Italian Sign Language interpreting for students referred by the "
                   "Special Needs unit; LIS interpreting for the institution's events."),
    icon="it-hearing", card=_card,
))


def _calendar_events(user, since):
    from portal.tutoring import services

    return services.calendar_events(user, since)


register_events("tutoring", _calendar_events)

from portal.core import audit  # noqa: E402
from portal.tutoring import (  # noqa: E402,F401
    labels,  # noqa: E402
    models,
    routes,
)

audit.describe(labels.AUDIT_EVENTS, labels.AUDIT_DETAILS)
