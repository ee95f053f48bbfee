from flask import Blueprint, render_template
from flask_babel import lazy_gettext as _l

from portal.core.affiliations import Kind, register_kind
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

# One affiliation flow with Conto Welfare (portal.core.affiliations): staff, researchers (who have no wallet: this
# is the only kind they may ask for) and the institution ask for a merchant's discount.
register_kind(Kind(
    key="discounts", label=_l("A discount at a merchant"),
    hint=_l("A shop, a gym, a theatre...: a discount for staff and research staff, which you pay yourself."),
    service=_l("Discounts"), roles=frozenset({"dipendente", "ricercatore", "amministratore", "dec"}),
    home="discounts.home",
    joined=_l("%(name)s has joined: its offers appear among the discounts as soon as they are published."),
))

from portal.core import audit  # noqa: E402
from portal.discounts import labels, models, routes  # noqa: E402,F401

audit.describe(labels.AUDIT_EVENTS, labels.AUDIT_DETAILS)
