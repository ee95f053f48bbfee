"""Policino's labels for the security log: its events, their details and coded values, in people's words."""

from flask_babel import lazy_gettext as _l

AUDIT_EVENTS = {
    "childcare.booked": _l("Policino hours booked"), "childcare.cancelled": _l("Policino booking cancelled"),
    "childcare.checked_in": _l("Child arrived"), "childcare.checked_out": _l("Child left"),
    "childcare.child_saved": _l("Child saved"), "childcare.family_saved": _l("Family saved"),
    "childcare.closure_added": _l("Baby parking closed on a day"),
    "childcare.closure_removed": _l("Baby parking closure removed"),
    "childcare.nursery_closure_added": _l("Micro nido closed on a day"),
    "childcare.nursery_closure_removed": _l("Micro nido closure removed"),
    "childcare.health_notes_opened": _l("Health notes opened"), "childcare.july_nursery_set": _l("Micro nido in July set"),
    "childcare.membership_sold": _l("Membership card sold"), "childcare.payment_recorded": _l("Payment recorded"),
    "childcare.pickup_added": _l("Person who picks up added"), "childcare.pickup_removed": _l("Person who picks up removed"),
    "childcare.plan_emails": _l("Activity plan e-mails chosen"), "childcare.plan_published": _l("Activity plan published"),
    "childcare.roster_set": _l("Educators' roster set"), "childcare.staff_entered": _l("Start of duty"),
    "childcare.staff_left": _l("End of duty"), "childcare.waiting_joined": _l("Joined the waiting list"),
    "childcare.waiting_placed": _l("Placed from the waiting list"),
    "childcare.monthly_report_done": _l("Monthly report done"), "childcare.summer_calendar_done": _l("Summer calendar done"),
}
AUDIT_DETAILS = {
    "child": _l("Child"), "blocks": _l("Half hours"), "block": _l("Half hour"), "booking": _l("Booking"),
    "in_time": _l("In time"), "extra": _l("Extra time"), "family": _l("Family"), "category": _l("Category"),
    "months": _l("Months"), "payment": _l("Payment"), "purpose": _l("Purpose"), "amount_cents": _l("Amount"),
    "person": _l("Person"), "wanted": _l("Wanted"), "mailed": _l("Mailed"), "week": _l("Week"),
    "educator": _l("Educator"), "educators": _l("Educators"), "nursery_open": _l("Micro nido open"),
    "period": _l("Period"),
}

# The micro nido.
AUDIT_EVENTS |= {
    "childcare.nursery_year_opened": _l("Micro nido year opened"),
    "childcare.nursery_fees_saved": _l("Micro nido fee table saved"),
    "childcare.nursery_fees_issued": _l("Micro nido monthly fees issued"),
    "childcare.nursery_fee_paid": _l("Micro nido fee paid"),
    "childcare.nursery_ranking_imported": _l("Micro nido ranking imported"),
    "childcare.nursery_offers_made": _l("Micro nido places offered"),
    "childcare.nursery_applicant_added": _l("Micro nido applicant added to the ranking"),
    "childcare.nursery_place_accepted": _l("Micro nido place accepted"),
    "childcare.nursery_affiliation_set": _l("Micro nido: end of the parent's link with the university set"),
    "childcare.nursery_place_declined": _l("Micro nido place declined"),
    "childcare.nursery_attendance_changed": _l("Micro nido attendance type changed"),
}
AUDIT_DETAILS |= {
    "year": _l("Year"), "month": _l("Month"), "count": _l("How many"), "charge": _l("Monthly fee"),
    "place": _l("Place"), "before": _l("Before"), "after": _l("After"),
}
NURSERY_STATUSES = {
    "waiting": _l("Waiting"), "offered": _l("Offered"), "enrolled": _l("Enrolled"), "declined": _l("Declined"),
    "expired": _l("Offer expired"), "withdrawn": _l("Withdrawn"),
}

# The micro nido's day: register, meals, the child's card.
AUDIT_EVENTS |= {
    "childcare.marked_absent": _l("Micro nido child marked absent"),
    "childcare.meal_count_sent": _l("Meal count sent to the caterer"),
    "childcare.meal_price_set": _l("Micro nido meal price set"),
    "childcare.child_card_opened": _l("Child's card opened"),
    "childcare.child_card_saved": _l("Child's card changed"),
}
AUDIT_DETAILS |= {"day": _l("Day")}
WEEKDAYS = {"mon": _l("Monday"), "tue": _l("Tuesday"), "wed": _l("Wednesday"), "thu": _l("Thursday"),
            "fri": _l("Friday")}
FAMILY_FEE_STATES = {"paid": _l("All paid"), "unpaid": _l("To pay"), "pending": _l("To issue")}

# The micro nido for families.
AUDIT_EVENTS |= {
    "childcare.nursery_receipt_issued": _l("Micro nido receipt issued"),
    "childcare.nursery_receipt_corrected": _l("Micro nido receipt corrected"),
    "childcare.nursery_receipt_details_saved": _l("Micro nido receipt details saved"),
    "childcare.nursery_absence_reported": _l("Micro nido absence reported"),
    "childcare.nursery_absence_withdrawn": _l("Micro nido absence withdrawn"),
    "childcare.nursery_diary_written": _l("Micro nido diary written"),
}
AUDIT_DETAILS |= {"receipt": _l("Receipt"), "day": _l("Day"), "until": _l("Until"), "replaces": _l("In place of")}

# Why the micro nido is closed on a day (rules.nursery_closed_reason): the register says it instead of asking for one.
NURSERY_CLOSED = {
    "weekend": _l("It runs Monday to Friday."),
    "august": _l("It is closed in August."),
    "july": _l("It does not run this July: the rooms run as baby parking, 8:00–19:00."),
    "holiday": _l("It is a holiday."),
    "university": _l("The university is closed."),
    "nursery": _l("It is one of the micro nido's closing days: the rooms run as baby parking."),
}
