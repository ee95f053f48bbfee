"""The tutoring service's use cases, by sub-domain; `from portal.tutoring import services` reaches them all."""

from portal.tutoring.services import contract, events, monthly, report, survey  # noqa: F401,E402
from portal.tutoring.services._common import (  # noqa: F401
                                              COORDINATOR,
                                              DEC,
                                              EVERYONE,
                                              OPERATOR,
                                              STAFF,
                                              STUDENT,
                                              UNIT,
                                              can_see_student,
                                              closures,
                                              operator_of,
                                              patron,
                                              student_for,
                                              student_of,
                                              today,
)
from portal.tutoring.services.caps import (  # noqa: F401
                                              ask_more,
                                              balance_of,
                                              book,
                                              cap_of,
                                              caps_of,
                                              decide_more,
                                              history,
                                              month_balances,
                                              queue,
                                              release,
                                              revise_cap,
                                              set_cap,
)
from portal.tutoring.services.health import add_diagnosis, add_document, open_document, open_health, purge  # noqa: F401
from portal.tutoring.services.referrals import (  # noqa: F401
                                              add_closure,
                                              all_closures,
                                              close_requests,
                                              open_requests,
                                              refer,
                                              remove_closure,
                                              requests_of,
)
from portal.tutoring.services.sessions import (  # noqa: F401
                                              agenda_of,
                                              assign,
                                              assignments_of,
                                              calendar_events,
                                              change_status,
                                              current_assignment,
                                              operators,
                                              record,
                                              session_for,
                                              sessions_of,
                                              students_of_operator,
)
