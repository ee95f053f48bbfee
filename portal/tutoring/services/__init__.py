"""The tutoring service's use cases, by sub-domain; `from portal.tutoring import services` reaches them all."""

from portal.tutoring.services._common import (COORDINATOR, DEC, EVERYONE, OPERATOR, STAFF, STUDENT, UNIT,  # noqa: F401
                                              can_see_student, closures, operator_of, patron, student_for, student_of,
                                              today)
from portal.tutoring.services.caps import (ask_more, balance_of, book, cap_of, caps_of, decide_more,  # noqa: F401
                                           history, month_balances, queue, release, revise_cap, set_cap)
from portal.tutoring.services.health import (add_diagnosis, add_document, open_document, open_health,  # noqa: F401
                                             purge)
from portal.tutoring.services.referrals import (add_closure, all_closures, close_requests, open_requests,  # noqa: F401
                                                refer, remove_closure, requests_of)
from portal.tutoring.services.sessions import (agenda_of, assign, assignments_of, calendar_events,  # noqa: F401
                                               change_status, current_assignment, operators, record, session_for,
                                               sessions_of, students_of_operator)
