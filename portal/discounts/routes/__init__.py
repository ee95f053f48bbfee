"""Discounts portal's pages, one module per part of the service, all on the blueprint `portal.discounts.bp`."""

from portal.discounts.routes import finding, office, requests  # noqa: F401
