"""CAF's labels for the security log: its events, their details and coded values, in people's words."""

from flask_babel import lazy_gettext as _l

AUDIT_EVENTS = {
    "caf.booked": _l("CAF appointment booked"), "caf.appointment_moved": _l("CAF appointment moved"),
    "caf.appointment_cancelled": _l("CAF appointment cancelled"), "caf.checked_in": _l("CAF check-in"),
    "caf.no_show": _l("CAF student did not come"), "caf.closure_added": _l("CAF office closed on a day"),
    "caf.closure_removed": _l("CAF office closure removed"), "caf.document_viewed": _l("CAF document opened"),
    "caf.scans_downloaded": _l("CAF scans downloaded"), "caf.double_count_checked": _l("CAF double counting checked"),
    "caf.double_count_downloaded": _l("CAF double counting downloaded"),
    "caf.identifiers_from_account": _l("CAF identifiers taken from the account"),
    "caf.identifiers_linked": _l("CAF identifiers linked"), "caf.identifiers_unlinked": _l("CAF identifiers removed"),
    "caf.office_saved": _l("CAF office saved"), "caf.poor_countries_copied": _l("Poor countries copied to a year"),
    "caf.poor_country_added": _l("Poor country added"), "caf.poor_country_removed": _l("Poor country removed"),
    "caf.rate_saved": _l("Exchange rate saved"), "caf.slot_blocked": _l("CAF slot blocked"),
    "caf.slot_unblocked": _l("CAF slot opened again"), "caf.student_saved": _l("CAF student profile saved"),
    "caf.transmission_downloaded": _l("CAF monthly file downloaded"), "caf.transmitted": _l("CAF monthly file written"),
}
AUDIT_DETAILS = {
    "appointment": _l("Appointment"), "previous": _l("Previous appointment"), "office": _l("Office"),
    "cancelled": _l("Cancelled"), "document": _l("Document"), "practice": _l("Practice"),
    "old_codice_persona": _l("Codice persona before"), "new_codice_persona": _l("Codice persona after"),
    "old_matricola": _l("Matricola before"), "new_matricola": _l("Matricola after"),
    "codice_persona": _l("Codice persona"), "matricola": _l("Matricola"), "country": _l("Country"),
    "source_year": _l("Copied from year"), "currency": _l("Currency"), "rate": _l("Rate"), "slot": _l("Slot"),
    "transmission": _l("Monthly file"),
}
# How a member of the household is related to the student, in the forms and on the practice.
RELATIONSHIP_LABELS = {"student": _l("The student"), "parent": _l("Parent"), "spouse": _l("Spouse or partner"),
                       "sibling": _l("Brother or sister"), "child": _l("Son or daughter"), "other": _l("Other relative")}

# A practice's status, as the student reads it and as the CAF and the university read it.
STATUS_LABELS = {
    "draft": _l("Draft: not sent yet"), "submitted": _l("Sent: waiting for the CAF"),
    "waiting_student": _l("Waiting for you: see what the CAF asked"), "in_review": _l("Being checked by the CAF"),
    "awaiting_originals": _l("Waiting for the originals: book the check"), "concluded": _l("Concluded"),
}
STAFF_STATUS_LABELS = {**STATUS_LABELS, "waiting_student": _l("Waiting for the student"),
                       "awaiting_originals": _l("Waiting for the originals")}

# The steps of a practice's history.
HISTORY_LABELS = {
    "created": _l("Practice started"), "opened_in_person": _l("Practice opened at the office"),
    "member_saved": _l("Family member saved"), "member_removed": _l("Family member removed"),
    "income_added": _l("Income added"), "income_removed": _l("Income removed"),
    "building_added": _l("Building added"), "building_removed": _l("Building removed"),
    "movable_added": _l("Movable asset added"), "movable_removed": _l("Movable asset removed"),
    "conditions_saved": _l("Other figures saved"), "documents_added": _l("Documents uploaded"),
    "submitted": _l("Sent to the CAF"), "resubmitted": _l("Sent again to the CAF"), "message": _l("Message"),
    "asked_student": _l("Student asked for more"), "in_review": _l("Taken in review"), "outcome": _l("Outcome"),
    "originals_checked": _l("Originals checked"), "no_show": _l("Student did not come"),
    "sent_to_university": _l("Sent to the university"),
    "identifiers_linked": _l("Identifiers linked by the CAF"),
}

# An appointment's state.
APPOINTMENT_LABELS = {"booked": _l("Booked"), "cancelled": _l("Cancelled"), "attended": _l("Came"),
                      "no_show": _l("Did not come")}
