"""Discounts portal's labels: categories, provinces, ways to redeem, report reasons, states and audit events."""

from flask_babel import lazy_gettext as _l

CATEGORIES = {"food": _l("Food and drink"), "sport": _l("Sport"), "culture": _l("Culture"), "travel": _l("Travel"),
              "health": _l("Health and wellbeing"), "services": _l("Services"), "shopping": _l("Shopping"),
              "home": _l("Home and family")}
# Piedmont's provinces by their car code (the names are the same in both languages).
PROVINCES = {"TO": "Torino", "CN": "Cuneo", "AT": "Asti", "AL": "Alessandria", "NO": "Novara", "VC": "Vercelli",
             "BI": "Biella", "VB": "Verbano-Cusio-Ossola"}
REDEEM = {"code": _l("A code, revealed on tap"), "card": _l("Show your university card at the till"),
          "link": _l("A link to the merchant's site")}
REPORT_REASONS = {"refused": _l("The merchant did not apply the discount"), "code": _l("The code did not work"),
                  "closed": _l("The shop is closed or has moved"), "other": _l("Something else")}
REPORT_STATES = {"open": _l("Open"), "handled": _l("Handled")}

AUDIT_EVENTS = {
    "discounts.code_revealed": _l("Discount code revealed"),
    "discounts.merchant_saved": _l("Merchant saved"),
    "discounts.offer_saved": _l("Discount offer saved"),
    "discounts.offer_published": _l("Discount offer published"),
    "discounts.offer_withdrawn": _l("Discount offer withdrawn"),
    "discounts.offer_reported": _l("Discount offer reported as not working"),
    "discounts.report_handled": _l("Report of a discount offer handled"),
    "discounts.affiliation_requested": _l("New merchant requested"),
    "discounts.affiliation_handled": _l("Request for a new merchant answered"),
    "discounts.digest_chosen": _l("Weekly discounts mail chosen"),
}
AUDIT_DETAILS = {"offer": _l("Offer"), "merchant": _l("Merchant"), "report": _l("Report"),
                 "weekly": _l("Weekly mail"), "request": _l("Request"), "status": _l("Status")}
