"""Italian courses' pages, one module per part of the service, all on the blueprint `portal.courses.bp`."""

from portal.courses.routes import (  # noqa: F401
    certificates,
    certification,
    contract,
    enrolment,
    exams,
    placement,
    planning,
    register,
)
