from flask import Blueprint, render_template
from flask_babel import lazy_gettext as _l

from portal.auth.models import ROLES
from portal.core.navigation import ServiceEntry, register_service

bp = Blueprint("helpdesk", __name__, url_prefix="/help")


def _card(user) -> str:
    from portal.helpdesk import services

    queue = services.open_in_queue(user) if services.is_office(user) else None
    return render_template("helpdesk/_card.html", queue=queue)


register_service(ServiceEntry(
    key="helpdesk", title=_l("Help desk"), endpoint="helpdesk.home", roles=frozenset(ROLES),
    description=_l("Ask the office of a service or about the portal itself: write, attach a file, read the answer "
                   "here. Monday to Friday, 9:00-17:30."),
    icon="it-help-circle", card=_card,
))

from portal.core import audit  # noqa: E402
from portal.helpdesk import labels, models, routes  # noqa: E402,F401

audit.describe(labels.AUDIT_EVENTS, labels.AUDIT_DETAILS)
