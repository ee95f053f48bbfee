"""Conto Welfare's pages, one module per part of the service, all on the wallet's blueprint (`wallet.<name>`)."""

from portal.wallet.routes import (  # noqa: F401  (each module registers its pages)
    catalog,
    closing,
    dashboard,
    documents,
    engagement,
    ledger,
    reimbursements,
    roster,
)
