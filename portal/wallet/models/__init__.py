"""Conto Welfare: plan years, one wallet per person and year, and its append-only ledger; the catalog, family members,
orders, reimbursements, payroll files and what the welfare office publishes.

One module per part; every model is imported here (so that SQLAlchemy's metadata and Alembic see them all) and
re-exported, so that callers write `from portal.wallet.models import Wallet`:
  wallets         plan years, wallets, the ledger
  catalog         providers, areas, offers
  people          family members, rules acceptances, feedback, preferences, certifications
  reimbursements  orders, reimbursements with their documents and messages, payroll batches
  office          the forms the office publishes, its duties
"""

from portal.wallet.models.catalog import (
    Area,
    Offer,
    Provider,
)
from portal.wallet.models.office import (
    Duty,
    WelfareForm,
)
from portal.wallet.models.people import (
    Certification,
    FamilyMember,
    Feedback,
    Preferences,
    RulesAcceptance,
)
from portal.wallet.models.reimbursements import (
    Order,
    PayrollBatch,
    Reimbursement,
    ReimbursementDocument,
    ReimbursementMessage,
)
from portal.wallet.models.wallets import (
    LedgerEntry,
    PlanYear,
    Wallet,
)

__all__ = [
    "LedgerEntry", "PlanYear", "Wallet", "Area", "Offer", "Provider", "Certification",
    "FamilyMember", "Feedback", "Preferences", "RulesAcceptance", "Order", "PayrollBatch", "Reimbursement",
    "ReimbursementDocument", "ReimbursementMessage", "Duty", "WelfareForm",
]
