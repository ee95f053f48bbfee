"""Every label of the tutoring service's codes, states and audit events."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

SERVICES = {"tutoring": _l("Specialised tutoring"), "lis": _l("LIS interpreting")}
KINDS = {"tutoring": _l("Specialised tutoring"), "lis": _l("LIS interpreting"),
         "both": _l("Tutoring and LIS interpreting")}
MODES = {"in_person": _l("In person"), "remote": _l("Remote")}
ACTIVITIES = {"lesson": _l("Lesson"), "exam": _l("Exam"), "teacher_meeting": _l("Meeting with a teacher"),
              "group_work": _l("Group work"), "offices": _l("At the offices"),
              "study_planning": _l("Study planning")}
STATUSES = {"planned": _l("Planned"), "held": _l("Held"), "cancelled_in_time": _l("Cancelled in time"),
            "cancelled_late": _l("Cancelled late"), "not_delivered": _l("Not delivered")}
SURVEY_LEVELS = {5: _l("Very well"), 4: _l("Well"), 3: _l("So and so"), 2: _l("Badly"), 1: _l("Very badly")}
FORM_STATUSES = {"open": _l("Waiting for the operator's signature"),
                 "operator_signed": _l("Signed by the operator: waiting for the student"),
                 "disputed": _l("The student disputes a line: the coordinator resolves it"),
                 "locked": _l("Signed by both: locked")}
EVENT_STATUSES = {"booked": lazy_pgettext("an event", "Booked"), "cancelled": lazy_pgettext("an event", "Cancelled")}
MORE_HOURS = {"open": _l("Waiting for the DEC"), "granted": _l("Granted"), "declined": _l("Declined")}

AUDIT_EVENTS = {
    "tutoring.referred": _l("Tutoring: student referred"), "tutoring.cap_set": _l("Tutoring: quarter's hours set"),
    "tutoring.cap_revised": _l("Tutoring: hours revised"),
    "tutoring.more_hours_asked": _l("Tutoring: more hours asked"),
    "tutoring.more_hours_decided": _l("Tutoring: request for more hours decided"),
    "tutoring.assigned": _l("Tutoring: operator assigned"),
    "tutoring.session_recorded": _l("Tutoring: session recorded"),
    "tutoring.session_changed": _l("Tutoring: session status changed"),
    "tutoring.health_opened": _l("Tutoring: health data opened"),
    "tutoring.diagnosis_added": _l("Tutoring: diagnosis added"),
    "tutoring.document_added": _l("Tutoring: medical document added"),
    "tutoring.document_opened": _l("Tutoring: medical document opened"),
    "tutoring.health_purged": _l("Tutoring: health data deleted after the contract"),
    "tutoring.closure_added": _l("Tutoring: closing day added"),
    "tutoring.closure_removed": _l("Tutoring: closing day removed"),
    "tutoring.form_signed": _l("Tutoring: monthly form signed by the operator"),
    "tutoring.form_confirmed": _l("Tutoring: monthly form confirmed by the student"),
    "tutoring.form_disputed": _l("Tutoring: a line of a monthly form disputed"),
    "tutoring.form_resolved": _l("Tutoring: a dispute on a monthly form resolved"),
    "tutoring.event_asked": _l("Tutoring: LIS for an event asked"),
    "tutoring.event_cancelled": _l("Tutoring: LIS for an event cancelled"),
    "tutoring.survey_answered": _l("Tutoring: questionnaire answered"),
    "tutoring.report_sent": _l("Tutoring: quarterly report sent to the DEC"),
}
AUDIT_DETAILS = {
    "student": _l("Student record"), "kind": _l("Kind of support"), "cap": _l("Hours cap"),
    "minutes": _l("Minutes"), "request": _l("Request"), "granted": _l("Granted"), "operator": _l("Operator"),
    "service": _l("Service"), "day": _l("Day"), "status": _l("Status"), "session": _l("Session"),
    "removed": _l("Removed"), "form": _l("Monthly form"), "lis_event": _l("Event"), "level": _l("Answer"),
    "quarter": _l("Quarter"),
}
