from flask import Blueprint, render_template
from flask_babel import lazy_gettext as _l

from portal.core.feeds import register_events
from portal.core.navigation import ServiceEntry, register_service

bp = Blueprint("courses", __name__, url_prefix="/courses")


def _card(user) -> str:
    from portal.courses import services

    enrolments = services.enrolments_of(user)[:1] if user.has_role(*services.LEARNER_ROLES) else []
    meetings = services.todays_meetings(user) if user.has_role("docente") else []
    return render_template("courses/_card.html", enrolment=enrolments[0] if enrolments else None,
                           meetings=meetings)


register_service(ServiceEntry(
    key="courses", title=_l("Italian courses"), endpoint="courses.home",
    roles=frozenset({"studente", "dipendente", "centro_linguistico", "docente", "amministratore", "dec"}),
    description=_l("Courses of Italian for students and staff: enrol in a class, follow your attendance; the "
                   "language centre plans the periods and the teachers keep the register."),
    icon="it-note", card=_card,
))


def _calendar_events(user, since):
    from portal.courses import services

    return services.calendar_events(user, since)


register_events("courses", _calendar_events)

from portal.core import audit  # noqa: E402
from portal.courses import labels, models, routes  # noqa: E402,F401

audit.describe(labels.AUDIT_EVENTS, labels.AUDIT_DETAILS)
