"""Policino's pages, one module per part of the service, all on the `childcare` blueprint."""

from portal.childcare.routes import (  # noqa: F401  (each module registers its views on the blueprint)
    accounts,
    booking,
    coordinator,
    child_card,
    day_register,
    family,
    nursery_day,
    nursery_office,
    nursery_parent,
    plan,
    nursery_report,
    report,
)
