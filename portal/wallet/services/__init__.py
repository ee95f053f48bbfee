"""Conto Welfare use cases: each adds to the current transaction and only flushes.

One module per part of the service; every name callers use is re-exported here, so
`from portal.wallet import services; services.purchase(...)` works. A test that patches a name patches it
in the module that looks it up (e.g. `portal.wallet.services.catalog.today_in_rome`).
"""

from __future__ import annotations

from portal.wallet.services.access import INSTITUTION, MANAGERS, WELFARE_OPERATORS, sees_documents
from portal.wallet.services.catalog import (
    LimitStatus,
    PurchasePreview,
    all_offers,
    area_names,
    areas,
    beneficiary_facts,
    catalog_areas,
    declare_pension_paid_elsewhere,
    ensure_default_areas,
    fringe_status,
    has_dependent_children,
    limit_check,
    limit_statuses,
    new_voucher_code,
    order_of,
    orders_of,
    plan_limits,
    providers,
    purchase,
    purchase_amount,
    purchase_preview,
    save_area,
    save_offer,
    save_provider,
    used_by_tax_rule,
    visible_offer,
    visible_offers,
    wallet_limit_cents,
)
from portal.wallet.services.closing import close_year, residual_report, residual_rows, year_totals
from portal.wallet.services.dashboard import (
    REPORT_PERIODS,
    Dashboard,
    Overview,
    dashboard,
    info_email_subscribers,
    overview,
    report_period,
    send_info_email,
)
from portal.wallet.services.deadlines import DutyStatus, duties, send_reminders
from portal.wallet.services.documents import (
    certification_for,
    certification_queue,
    certifications_of,
    form_for,
    forms_list,
    publish_form,
    review_certification,
    set_form_published,
    upload_certification,
)
from portal.wallet.services.engagement import (
    GUIDES,
    accept_rules,
    feedback_summary,
    give_feedback,
    guide_text,
    guides,
    preferences_of,
    rules_pending,
    rules_text,
    set_info_emails,
)
from portal.wallet.services.ledger import (
    LiveBalance,
    balance_tags,
    current_plan_year,
    current_wallet,
    default_plan_values,
    ledger_mismatches,
    ledger_summary,
    live_balance,
    movements_month,
    movements_query,
    plan_year_for,
    plan_years,
    post_entry,
    recent_movements,
    save_plan_year,
    wallet_of,
)
from portal.wallet.services.reimbursements import (
    answer_reimbursement,
    decide_reimbursement,
    document_for,
    export_payroll,
    payroll_batch_for_download,
    payroll_batches,
    payroll_month_suggested,
    reimbursement_categories,
    reimbursement_for,
    reimbursement_queue,
    reimbursements_of,
    request_reimbursement,
)
from portal.wallet.services.roster import (
    NO,
    ROSTER_OPTIONAL,
    ROSTER_REQUIRED,
    YES,
    RosterChange,
    RosterPlan,
    RosterRow,
    apply_roster,
    family_member_of,
    family_of,
    plan_roster,
    save_family_member,
)

__all__ = [
    "WELFARE_OPERATORS", "INSTITUTION", "MANAGERS", "sees_documents", "plan_year_for", "current_plan_year",
    "wallet_of", "current_wallet", "LiveBalance", "balance_tags", "live_balance", "ledger_summary", "post_entry",
    "ledger_mismatches", "save_plan_year", "default_plan_values", "plan_years", "recent_movements",
    "movements_month", "movements_query", "ROSTER_REQUIRED", "ROSTER_OPTIONAL", "YES", "NO", "RosterRow",
    "RosterChange", "RosterPlan", "plan_roster", "apply_roster", "family_of", "family_member_of",
    "save_family_member", "areas", "area_names", "catalog_areas", "ensure_default_areas", "save_area",
    "visible_offers", "visible_offer", "plan_limits", "has_dependent_children", "used_by_tax_rule", "LimitStatus",
    "limit_statuses", "fringe_status", "wallet_limit_cents", "limit_check", "declare_pension_paid_elsewhere", "beneficiary_facts",
    "new_voucher_code", "purchase_amount", "PurchasePreview", "purchase_preview", "purchase", "orders_of",
    "order_of", "save_provider", "save_offer", "providers", "all_offers", "reimbursement_categories",
    "request_reimbursement", "reimbursements_of", "reimbursement_for", "answer_reimbursement",
    "decide_reimbursement", "reimbursement_queue", "document_for", "payroll_month_suggested", "export_payroll",
    "payroll_batch_for_download", "payroll_batches", "close_year", "residual_report", "residual_rows",
    "year_totals", "DutyStatus", "duties", "send_reminders", "GUIDES", "rules_text", "guide_text", "guides",
    "rules_pending", "accept_rules", "give_feedback", "feedback_summary", "preferences_of", "set_info_emails", "Overview",
    "overview", "REPORT_PERIODS", "report_period", "Dashboard", "dashboard", "info_email_subscribers",
    "send_info_email", "forms_list", "form_for", "publish_form", "set_form_published", "certifications_of",
    "certification_for", "upload_certification", "certification_queue", "review_certification",
]
