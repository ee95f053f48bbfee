"""Labels of points 5, 6 and 8: outcomes, accommodations, skills, and their audit events."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

OUTCOMES = {"passed": _l("Passed"), "failed": lazy_pgettext("exam outcome", "Failed"), "absent": _l("Absent")}
ORAL = {"passed": _l("Oral passed"), "failed": _l("Oral failed")}
ACCOMMODATION_KINDS = {"dsa": _l("Specific learning disorder (DSA): extra time up to 30 percent"),
                       "disability": _l("Disability: extra time up to 50 percent")}
SKILLS = {"listening": _l("Listening"), "reading": _l("Reading"), "writing": _l("Writing"),
          "speaking": _l("Speaking"), "structures": _l("Structures")}
CANDIDATE_KINDS = {"full": _l("Full exam"), "makeup": _l("Make-up")}
EXPORT_COLUMNS = {"matricola": _l("Matricola"), "surname_name": _l("Name"), "email": _l("Email"),
                  "level": _l("Level"), "sitting": _l("Sitting"), "date": _l("Date"), "outcome": _l("Outcome"),
                  "grade": _l("Grade"), "oral": _l("Integrative oral")}
HALVES = {1: _l("1st half of %(year)s (January–June)"), 2: _l("2nd half of %(year)s (July–December)")}
# What `flask courses remind` reminds the office of.
REMINDERS = {"activation": _l("Activation notice of %(subject)s (courses and enrolled numbers)"),
             "teacher": _l("Teacher of %(subject)s named"),
             "candidate_list": _l("Candidate list of the %(subject)s certification session"),
             "half_year_report": _l("The provider's report of the %(subject)s")}


def half_name(year: int, half: int) -> str:
    """A billing semester as people say it: "1st half of 2026 (January–June)", "1° semestre 2026 (gennaio–giugno)"."""
    return str(HALVES[half]) % {"year": year}


def reminder_text(kind: str, subject: str) -> str:
    if kind == "half_year_report":
        year, _, half = subject.partition("-")
        subject = half_name(int(year), int(half))
    return str(REMINDERS[kind]) % {"subject": subject}


AUDIT_EVENTS = {
    "courses.exam_sitting_created": _l("Exam sitting created"), "courses.exam_turn_added": _l("Exam turn added"),
    "courses.examiner_added": _l("Examiner added to a sitting"),
    "courses.exam_registered": _l("Registered for an exam sitting"),
    "courses.exam_withdrawn": _l("Withdrawn from an exam sitting"), "courses.exam_result": _l("Exam result recorded"),
    "courses.accommodation_set": _l("Exam accommodation recorded"),
    "courses.accommodations_opened": _l("Exam accommodations opened"),
    "courses.exam_results_exported": _l("Exam results exported"),
    "courses.cert_session_created": _l("Certification session created"),
    "courses.cert_registered": _l("Registered for a certification session"),
    "courses.cert_withdrawn": _l("Withdrawn from a certification session"),
    "courses.cert_list_sent": _l("Candidate list sent"), "courses.cert_list_exported": _l("Candidate list exported"),
    "courses.cert_number_set": _l("Candidate number recorded"),
    "courses.cert_results": _l("Certification results recorded"),
    "courses.contract_report_received": _l("Half-yearly report received"),
}
AUDIT_DETAILS = {"sitting": _l("Sitting"), "session": _l("Session"), "kind": _l("Kind"), "half": _l("Semester")}

from portal.core import audit  # noqa: E402

audit.describe(AUDIT_EVENTS, AUDIT_DETAILS)
