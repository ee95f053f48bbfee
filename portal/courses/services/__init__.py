"""Italian courses' use cases, one module per part: planning (periods, courses, deadlines), enrolment (seats and
waiting list), register (attendance), placement (the test and its bank), certificates
(attendance certificates). Each takes the acting user first, writes its audit row, and only flushes."""

from portal.courses.services import certificates, placement  # noqa: F401,E402
from portal.courses.services._common import (  # noqa: F401
                                             ALL_ROLES,
                                             LEARNER_ROLES,
                                             OFFICE_ROLES,
                                             SEAT_TAGS,
                                             TEACHER_ROLES,
                                             is_office,
                                             settings,
)
from portal.courses.services.enrolment import (  # noqa: F401
                                             class_list,
                                             enrol,
                                             enrolment_in,
                                             enrolments_of,
                                             move,
                                             opens_for_user,
                                             plan_students,
                                             priority_group_of,
                                             promote,
                                             rank_of,
                                             seat_board,
                                             set_plan_students,
                                             waiting_position,
                                             withdraw,
)
from portal.courses.services.planning import (  # noqa: F401
                                             add_course,
                                             create_period,
                                             current_periods,
                                             name_teacher,
                                             period_plan,
                                             periods,
                                             send_activation,
                                             set_capacity,
                                             teachers,
)
from portal.courses.services.register import (  # noqa: F401
                                             all_present,
                                             attendance_of,
                                             calendar_events,
                                             class_attendance,
                                             mark,
                                             may_register,
                                             meeting_for,
                                             register_lines,
                                             set_topic,
                                             teacher_courses,
                                             todays_meetings,
)
