"""Discounts portal's use cases, one module per part: catalog (finding, revealing, favourites), office (merchants,
offers, figures), engagement (reports, affiliation requests, the weekly digest). Each takes the acting user first,
writes its audit row, and only flushes."""

from portal.discounts.services._common import (  # noqa: F401
    ALL_ROLES,
    FIGURES_ROLES,
    INSTITUTION_ROLES,
    MEMBER_ROLES,
    OFFICE_ROLES,
    PAGE_SIZE,
    REQUESTER_ROLES,
    is_member,
    is_office,
    today,
)
from portal.discounts.services.catalog import (  # noqa: F401
    Filters,
    Results,
    clean_filters,
    count_view,
    favourites_among,
    is_favourite,
    offer_for,
    reveal,
    search,
    toggle_favourite,
    towns,
)
from portal.discounts.services.engagement import (  # noqa: F401
    digest_of,
    handle_report,
    open_in_queue,
    report,
    report_queue,
    send_digests,
    set_digest,
)
from portal.discounts.services.office import (  # noqa: F401
    Figures,
    figures,
    merchants,
    offers_of_office,
    publish,
    save_merchant,
    save_offer,
    withdraw,
)
