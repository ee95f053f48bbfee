"""Conto Welfare use cases: each adds to the current transaction and only flushes.

One module per part of the service; every name callers use is re-exported here, so
`from portal.wallet import services; services.purchase(...)` works. A test that patches a name patches it
in the module that looks it up (e.g. `portal.wallet.services.catalog.today_in_rome`).
"""

from __future__ import annotations

from portal.wallet.services.access import WELFARE_OPERATORS, INSTITUTION, MANAGERS, sees_documents
from portal.wallet.services.ledger import (
    plan_year_for, current_plan_year, wallet_of, current_wallet, LiveBalance, balance_tags, live_balance,
    ledger_summary, post_entry, ledger_mismatches, save_plan_year, default_plan_values, plan_years,
    recent_movements, movements_month, movements_query,
)
from portal.wallet.services.roster import (
    ROSTER_REQUIRED, ROSTER_OPTIONAL, YES, NO, RosterRow, RosterChange, RosterPlan, plan_roster, apply_roster,
    family_of, family_member_of, save_family_member,
)
from portal.wallet.services.catalog import (
    areas, area_names, catalog_areas, ensure_default_areas, save_area, visible_offers, visible_offer, plan_limits,
    has_dependent_children, used_by_tax_rule, LimitStatus, limit_statuses, wallet_limit_cents, limit_check,
    declare_pension_paid_elsewhere, beneficiary_facts, new_voucher_code, purchase_amount, PurchasePreview,
    purchase_preview, purchase, orders_of, order_of, save_provider, save_offer, providers, all_offers,
)
from portal.wallet.services.reimbursements import (
    reimbursement_categories, request_reimbursement, reimbursements_of, reimbursement_for, answer_reimbursement,
    decide_reimbursement, reimbursement_queue, document_for, payroll_month_suggested, export_payroll,
    payroll_batch_for_download, payroll_batches,
)
from portal.wallet.services.closing import close_year, residual_report, residual_rows, year_totals
from portal.wallet.services.deadlines import DutyStatus, duties, send_reminders
from portal.wallet.services.engagement import (
    GUIDES, rules_text, guide_text, guides, rules_pending, accept_rules, request_affiliation, affiliations_of,
    affiliation_queue, handle_affiliation, give_feedback, feedback_summary, preferences_of, set_info_emails,
)
from portal.wallet.services.dashboard import (
    Overview, overview, REPORT_PERIODS, report_period, Dashboard, dashboard, info_email_subscribers,
    send_info_email,
)
from portal.wallet.services.documents import (
    forms_list, form_for, publish_form, set_form_published, certifications_of, certification_for,
    upload_certification, certification_queue, review_certification,
)

__all__ = [
    "WELFARE_OPERATORS", "INSTITUTION", "MANAGERS", "sees_documents", "plan_year_for", "current_plan_year",
    "wallet_of", "current_wallet", "LiveBalance", "balance_tags", "live_balance", "ledger_summary", "post_entry",
    "ledger_mismatches", "save_plan_year", "default_plan_values", "plan_years", "recent_movements",
    "movements_month", "movements_query", "ROSTER_REQUIRED", "ROSTER_OPTIONAL", "YES", "NO", "RosterRow",
    "RosterChange", "RosterPlan", "plan_roster", "apply_roster", "family_of", "family_member_of",
    "save_family_member", "areas", "area_names", "catalog_areas", "ensure_default_areas", "save_area",
    "visible_offers", "visible_offer", "plan_limits", "has_dependent_children", "used_by_tax_rule", "LimitStatus",
    "limit_statuses", "wallet_limit_cents", "limit_check", "declare_pension_paid_elsewhere", "beneficiary_facts",
    "new_voucher_code", "purchase_amount", "PurchasePreview", "purchase_preview", "purchase", "orders_of",
    "order_of", "save_provider", "save_offer", "providers", "all_offers", "reimbursement_categories",
    "request_reimbursement", "reimbursements_of", "reimbursement_for", "answer_reimbursement",
    "decide_reimbursement", "reimbursement_queue", "document_for", "payroll_month_suggested", "export_payroll",
    "payroll_batch_for_download", "payroll_batches", "close_year", "residual_report", "residual_rows",
    "year_totals", "DutyStatus", "duties", "send_reminders", "GUIDES", "rules_text", "guide_text", "guides",
    "rules_pending", "accept_rules", "request_affiliation", "affiliations_of", "affiliation_queue",
    "handle_affiliation", "give_feedback", "feedback_summary", "preferences_of", "set_info_emails", "Overview",
    "overview", "REPORT_PERIODS", "report_period", "Dashboard", "dashboard", "info_email_subscribers",
    "send_info_email", "forms_list", "form_for", "publish_form", "set_form_published", "certifications_of",
    "certification_for", "upload_certification", "certification_queue", "review_certification",
]
