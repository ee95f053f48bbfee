from flask import Blueprint, render_template
from flask_babel import lazy_gettext as _l

from portal.core.feeds import register_events
from portal.core.navigation import ServiceEntry, register_service

bp = Blueprint("caf", __name__, url_prefix="/caf")


def _card(user) -> str:
    student = services.student_of(user) if user.has_role("studente") else None
    practices = services.practices_of(student)[:1]
    booked = [a for a in services.appointments_of(student) if a.status == "booked"][:1]
    return render_template("caf/_card.html", student=student, practice=practices[0] if practices else None,
                           appointment=booked[0] if booked else None)


register_service(ServiceEntry(
    key="caf", title=_l("ISEEU parificato (CAF)"), endpoint="caf.home",
    roles=frozenset({"studente", "operatore_caf", "amministratore", "dec"}),
    description=_l("Your ISEEU parificato with the CAF: send your family's documents, follow your practice, book "
                   "an appointment."),
    icon="it-file", card=_card,
))


def _calendar_events(user, since):
    return services.calendar_events(user, since)


register_events("caf", _calendar_events)

from portal.caf import labels, models, routes, services  # noqa: E402,F401
from portal.core import audit  # noqa: E402

audit.describe(labels.AUDIT_EVENTS, labels.AUDIT_DETAILS)
