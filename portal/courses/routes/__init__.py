"""Italian courses' pages, one module per part of the service, all on the blueprint `portal.courses.bp`."""

from portal.courses.routes import enrolment, planning, register  # noqa: F401
