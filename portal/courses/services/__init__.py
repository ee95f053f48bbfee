"""Italian courses' use cases, one module per part: planning (periods, courses, deadlines), enrolment (seats and
waiting list), register (attendance). Each takes the acting user first, writes its audit row, and only flushes."""

from portal.courses.services._common import (ALL_ROLES, LEARNER_ROLES, OFFICE_ROLES, SEAT_TAGS,  # noqa: F401
                                             TEACHER_ROLES, is_office, settings)
from portal.courses.services.enrolment import (class_list, enrol, enrolment_in, enrolments_of,  # noqa: F401
                                               move, opens_for_user, plan_students, priority_group_of, promote,
                                               rank_of, seat_board, set_plan_students, waiting_position, withdraw)
from portal.courses.services.planning import (add_course, create_period, current_periods, name_teacher,  # noqa: F401
                                              period_plan, periods, send_activation, set_capacity, teachers)
from portal.courses.services.register import (all_present, attendance_of, calendar_events, mark,  # noqa: F401
                                              may_register, meeting_for, register_lines, set_topic,
                                              teacher_courses, todays_meetings)
