"""Policino's pages, one module per part of the service, all on the `childcare` blueprint."""

from portal.childcare.routes import (  # noqa: F401  (each module registers its views on the blueprint)
    accounts,
    booking,
    child_card,
    coordinator,
    day_register,
    family,
    nursery_day,
    nursery_family,
    nursery_office,
    nursery_parent,
    nursery_report,
    plan,
    report,
)
