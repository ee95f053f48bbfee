"""CAF use cases: each adds to the current transaction and only flushes.

One module per part of the service; every public name is re-exported here, so that callers write
`services.x(...)`. A test that patches a name (`today_in_rome`, `utcnow`) patches it in the module that looks it up.
"""

from portal.caf.services._common import (
    CAF_ROLES, UNIVERSITY_ROLES, change_hours_before, contacts, is_operator, is_university, now, rule_set,
    student_of,
)
from portal.caf.services.students import (
    account_identifiers, identifiers_pending, link_identifiers, save_student, sync_from_account,
)
from portal.caf.services.reference import (
    add_poor_country, consular_certificate_only, copy_poor_countries, poor_countries, poor_countries_table,
    poor_country_years, rates_for, rates_table, remove_poor_country, save_rate,
)
from portal.caf.services.practices import (
    EDITABLE_BY_CAF, EDITABLE_BY_STUDENT, LINES, add_documents, add_line, can_edit, document_for, documents_of,
    member_of, members_without_birth_date, missing_documents, open_in_person, practice_for, practice_number,
    practices_of, remove_line, remove_member, save_conditions, save_member, scans_archive, start_remote_practice,
    submit,
)
from portal.caf.services.dialogue import (
    ask_student, messages_of, send_message,
)
from portal.caf.services.review import (
    CAF_TURN, QueueFilter, answer_due, calculation_of, confirm_originals, decide, events_of, household_of,
    independent, preview, queue, queue_counts, release_date, reports_of, take,
)
from portal.caf.services.transmission import (
    DOUBLE_COUNT_COLUMNS, TRANSMISSION_COLUMNS, DoubleCountLine, Draft, DueFile, csv_of, double_count_check,
    double_count_csv, double_count_deadline, double_count_due, double_count_report, draft_transmission, due_files,
    file_deadline, mark_double_count_checked, operators, previous_month_text, send_by, send_duty_reminders,
    transmission_for, transmissions, transmit,
)
from portal.caf.services.offices import (
    SLOT_TAGS, AgendaDay, FreeSlot, OfficeValues, active_office, active_offices, all_offices, booking_window,
    closed_days, closures, ensure_slots, free_slots, grid_stale_at, office_for, opening_slots, remove_closure,
    save_office, shift_day, slot_for, slot_start,
)
from portal.caf.services.appointments import (
    active_appointment, add_closure, appointment_for, appointments_of, book, book_or_move, calendar_events,
    calendar_uid, cancel, check_in, day_agenda, mark_no_show, open_for_appointment, purpose_of, reschedule,
    send_reminders, set_blocked,
)

__all__ = [
    "CAF_ROLES", "UNIVERSITY_ROLES", "change_hours_before", "contacts", "is_operator", "is_university", "now",
    "rule_set", "student_of", "account_identifiers", "identifiers_pending", "link_identifiers", "save_student",
    "sync_from_account", "add_poor_country", "consular_certificate_only", "copy_poor_countries", "poor_countries",
    "poor_countries_table", "poor_country_years", "rates_for", "rates_table", "remove_poor_country", "save_rate",
    "EDITABLE_BY_CAF", "EDITABLE_BY_STUDENT", "LINES", "add_documents", "add_line", "can_edit", "document_for",
    "documents_of", "member_of", "members_without_birth_date", "missing_documents", "open_in_person",
    "practice_for", "practice_number", "practices_of", "remove_line", "remove_member", "save_conditions",
    "save_member", "scans_archive", "start_remote_practice", "submit", "ask_student", "messages_of", "send_message",
    "CAF_TURN", "QueueFilter", "answer_due", "calculation_of", "confirm_originals", "decide", "events_of",
    "household_of", "independent", "preview", "queue", "queue_counts", "release_date", "reports_of", "take",
    "DOUBLE_COUNT_COLUMNS", "TRANSMISSION_COLUMNS", "DoubleCountLine", "Draft", "DueFile", "csv_of",
    "double_count_check", "double_count_csv", "double_count_deadline", "double_count_due", "double_count_report",
    "draft_transmission", "due_files", "file_deadline", "mark_double_count_checked", "operators",
    "previous_month_text", "send_by", "send_duty_reminders", "transmission_for", "transmissions", "transmit",
    "SLOT_TAGS", "AgendaDay", "FreeSlot", "OfficeValues", "active_office", "active_offices", "all_offices",
    "booking_window", "closed_days", "closures", "ensure_slots", "free_slots", "grid_stale_at", "office_for",
    "opening_slots", "remove_closure", "save_office", "shift_day", "slot_for", "slot_start", "active_appointment",
    "add_closure", "appointment_for", "appointments_of", "book", "book_or_move", "calendar_events", "calendar_uid",
    "cancel", "check_in", "day_agenda", "mark_no_show", "open_for_appointment", "purpose_of", "reschedule",
    "send_reminders", "set_blocked",
]
