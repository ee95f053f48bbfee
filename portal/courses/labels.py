"""Italian courses' labels: levels, modes, meeting patterns, marks, states, warnings and audit events."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

MODES = {"in_person": _l("In person"), "online": _l("Online"), "blended": _l("Blended: live and self-paced")}
PATTERNS = {"evening": _l("Three evenings a week, 19:00–20:30"),
            "evening_saturday": _l("Two evenings, 19:00–20:30, and Saturday morning"),
            "intensive": _l("Intensive: mornings, Monday to Friday")}
# "Present" alone is a column of Policino's register ("Presenti"): the mark has its own context.
MARKS = {"present": lazy_pgettext("attendance mark", "Present"), "late": _l("Late"), "absent": _l("Absent"), "excused": _l("Excused")}
MARK_SHORT = {"present": _l("P"), "late": _l("L"), "absent": _l("A"), "excused": _l("E")}
STATES = {"enrolled": lazy_pgettext("course enrolment", "Enrolled"), "waiting": _l("On the waiting list"),
          "withdrawn": lazy_pgettext("course enrolment", "Withdrawn")}
GROUPS = {"plan": _l("Students with Italian in their study plan"), "student": _l("Other students"),
          "staff": _l("Staff")}
DEADLINE_STATES = {"done": _l("Done"), "late": _l("Done late"), "overdue": _l("Overdue"), "open": _l("Due")}
WARNINGS = {
    "missing_levels": _l("No course of level %(levels)s in this period: at least one per level (A1, A2, B1, B2)."),
    "period_too_many": _l("%(count)d courses in this period: at most %(limit)d."),
    "late_start": _l("%(code)s starts after %(latest)s, more than two weeks into the period."),
    "class_size": _l("%(code)s has %(capacity)d seats: classes are of 70–80 students."),
    "year_too_few": _l("%(count)d courses in the academic year: at least %(limit)d."),
    "year_too_many": _l("%(count)d courses in the academic year: at most %(limit)d."),
    "year_level_short": _l("Fewer than %(limit)d courses of level %(levels)s in the academic year."),
}



def warning_text(code: str, figures: dict) -> str:
    """A plan warning in the reader's language, its dates formatted for them."""
    from datetime import date

    from portal.core.dates import format_day

    values = {name: format_day(value, "full") if isinstance(value, date) else value for name, value in figures.items()}
    return str(WARNINGS[code]) % values


AUDIT_EVENTS = {
    "courses.period_created": _l("Teaching period created"), "courses.course_added": _l("Italian course planned"),
    "courses.teacher_named": _l("Course teacher named"), "courses.activated": _l("Courses activation notice sent"),
    "courses.capacity_set": _l("Course seats changed"), "courses.enrolled": _l("Enrolled in an Italian course"),
    "courses.waiting": _l("On an Italian course's waiting list"),
    "courses.seat_from_waiting_list": _l("Seat given from the waiting list"),
    "courses.withdrawn": _l("Withdrawn from an Italian course"), "courses.moved": _l("Moved to another class"),
    "courses.plan_students_set": _l("Students with Italian in the plan updated"),
    "courses.placement_started": _l("Placement test started"),
    "courses.placement_done": _l("Placement test finished"),
    "courses.question_added": _l("Placement question added"),
    "courses.question_changed": _l("Placement question changed"),
    "courses.question_retired": _l("Placement question retired"),
    "courses.question_restored": _l("Placement question used again"),
    "courses.questions_loaded": _l("Sample placement questions added"),
    "courses.certificate_issued": _l("Attendance certificate issued"),
}
AUDIT_DETAILS = {"period": _l("Period"), "course": _l("Course"), "courses": _l("Courses"),
                 "capacity": _l("Seats"), "count": _l("How many"), "from_course": _l("From course"),
                 "question": _l("Question"), "level": _l("Level")}
