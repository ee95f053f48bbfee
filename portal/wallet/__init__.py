from flask import Blueprint, render_template
from flask_babel import lazy_gettext as _l

from portal.auth import agreements
from portal.core import audit, legal
from portal.core.affiliations import Kind, register_kind
from portal.core.calendar import today_in_rome
from portal.core.navigation import ServiceEntry, register_service
from portal.wallet import labels, rules, services

bp = Blueprint("wallet", __name__, url_prefix="/wallet")


def _card(user) -> str:
    wallet = services.current_wallet(user) if user.has_role("dipendente") else None
    days_left = rules.days_until(today_in_rome(), wallet.plan_year.ends_on) if wallet else None
    fringe = services.fringe_status(user, wallet) if wallet else None
    return render_template("wallet/_card.html", wallet=wallet, days_left=days_left, fringe=fringe)


register_service(ServiceEntry(
    key="wallet", title=_l("Conto Welfare"), endpoint="wallet.home",
    roles=frozenset({"dipendente", "amministratore", "dec", "operatore_welfare"}),
    description=_l("Your yearly welfare wallet: balance, movements, services and reimbursements."),
    card=_card,
))


def _rules_to_accept(user):
    """A staff member's first sign-in asks for the plan's rules on the portal's terms screen (one screen, one accept)."""
    return services.rules_text() if user.has_role("dipendente") and services.rules_pending(user) else None


agreements.register(agreements.Agreement(key="welfare_rules", service="wallet", pending=_rules_to_accept,
                                         accept=services.accept_rules))
# One affiliation flow with the discounts portal (portal.core.affiliations): staff ask for a provider to pay with
# the wallet; the institution may too.
register_kind(Kind(
    key="wallet", label=_l("A provider to pay with Conto Welfare"),
    hint=_l("A school, a nursery, a sports centre, a health check-up...: a service of the welfare plan, paid from "
            "your wallet."),
    service=_l("Conto Welfare"), roles=frozenset({"dipendente", "amministratore", "dec"}), home="wallet.home",
    joined=_l("%(name)s is now affiliated: you will find its services in the Conto Welfare catalog."),
))
audit.describe(labels.AUDIT_EVENTS, labels.AUDIT_DETAILS)
legal.register_kinds(labels.LEGAL_KINDS)

from portal.wallet import routes  # noqa: E402,F401  (the pages need `bp` above)
