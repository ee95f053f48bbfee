"""One flow for requests to affiliate a new provider or merchant (issue 20, point 3), shared by Conto Welfare and
the discounts portal: one table, one form, one office queue on the 15-day clock, one answer mail.

It lives in core because both services need it and services never import each other: the wallet's office page
counts the overdue requests, the discounts office's card the open ones, and either service may be switched off
without taking the flow with it. Each service registers the kind of request it offers (`register_kind`, from its
`__init__.py`); the pages are the site's (`portal/site/affiliations.py`, `/affiliations`), linked from both
services' pages. The rules (the clock, the answer) are in `portal.core.rules`.
"""

from flask_babel import lazy_gettext as _l

from portal.core import audit
from portal.core.affiliations.forms import AffiliationForm, HandleAffiliationForm
from portal.core.affiliations.kinds import Kind, enabled_kinds, kind, kinds_for, register_kind
from portal.core.affiliations.models import AffiliationRequest
from portal.core.affiliations.services import (
    handle_affiliation,
    handled_requests,
    open_count,
    open_requests,
    overdue_count,
    request_affiliation,
    requests_of,
)

STATES = {"open": _l("Waiting for an answer"), "affiliated": _l("Affiliated"), "declined": _l("Declined")}

audit.describe({"affiliation.requested": _l("Affiliation of a new provider requested"),
                "affiliation.handled": _l("Request for a new provider answered")},
               {"request": _l("Request"), "status": _l("Status"), "kind": _l("Asked for")})

__all__ = [
    "AffiliationForm", "AffiliationRequest", "HandleAffiliationForm", "Kind", "STATES", "enabled_kinds",
    "handle_affiliation", "handled_requests", "kind", "kinds_for", "open_count", "open_requests", "overdue_count",
    "register_kind", "request_affiliation", "requests_of",
]
