from flask import Blueprint, render_template
from flask_babel import lazy_gettext as _l

from portal.core.navigation import ServiceEntry, register_service

bp = Blueprint("discounts", __name__, url_prefix="/discounts")


def _card(user) -> str:
    from portal.discounts import services

    queue = services.open_in_queue() if services.is_office(user) else None
    return render_template("discounts/_card.html", queue=queue)


register_service(ServiceEntry(
    key="discounts", title=_l("Discounts"), endpoint="discounts.home",
    roles=frozenset({"dipendente", "ricercatore", "operatore_welfare", "amministratore", "dec"}),
    description=_l("Discounts at merchants across Piedmont for staff and research staff: you pay the merchant "
                   "yourself, and nobody takes a commission."),
    icon="it-card", card=_card,
))

from portal.core import audit  # noqa: E402
from portal.discounts import labels, models, routes  # noqa: E402,F401

audit.describe(labels.AUDIT_EVENTS, labels.AUDIT_DETAILS)
