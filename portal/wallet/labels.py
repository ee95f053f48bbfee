"""Conto Welfare's labels for the security log: its events, their details and coded values, in people's words;
and the names of the texts it shows (edited by administrators like the portal's own)."""

from flask_babel import lazy_gettext as _l

AUDIT_EVENTS = {
    "wallet.affiliation_requested": _l("Provider affiliation asked"),
    "wallet.affiliation_handled": _l("Provider affiliation handled"), "wallet.area_saved": _l("Welfare area saved"),
    "wallet.certification_uploaded": _l("Certification sent"),
    "wallet.certification_reviewed": _l("Certification reviewed"), "wallet.family_declared": _l("Family declared"),
    "wallet.form_published": _l("Form published"), "wallet.form_withdrawn": _l("Form withdrawn"),
    "wallet.info_email_sent": _l("Information e-mail sent"), "wallet.info_emails": _l("Information e-mails chosen"),
    "wallet.offer_saved": _l("Offer saved"), "wallet.payroll_exported": _l("Payroll file written"),
    "wallet.plan_year_saved": _l("Plan year saved"), "wallet.provider_saved": _l("Provider saved"),
    "wallet.reimbursement_decided": _l("Reimbursement decided"), "wallet.roster_imported": _l("Staff list imported"),
    "wallet.rules_accepted": _l("Welfare plan rules accepted"), "wallet.year_closed": _l("Plan year closed"),
}
AUDIT_DETAILS = {
    "area": _l("Area"), "batch": _l("Batch"), "certification": _l("Certification"), "decision": _l("Decision"),
    "dependent": _l("Dependent"), "member": _l("Family member"), "relationship": _l("Relationship"),
    "expired_cents": _l("Expired"), "total_cents": _l("Total"), "amount_cents": _l("Amount"), "ended": _l("Ended"),
    "new": _l("New"), "form": _l("Form"), "offer": _l("Offer"), "opted_in": _l("Wants them"),
    "provider": _l("Provider"), "recipients": _l("Recipients"), "request": _l("Request"), "subject": _l("Subject"),
    "wallets": _l("Wallets"),
}
# The plan's texts, shown inside the service; registered with portal.core.legal.
LEGAL_KINDS = {
    "welfare_rules": _l("Conto Welfare: rules of the welfare plan"),
    "welfare_guide": _l("Conto Welfare: how the portal works"),
    "welfare_reimbursements": _l("Conto Welfare: how to ask for a reimbursement"),
    "welfare_limits": _l("Conto Welfare: tax limits explained"),
}
