"""Italian courses' pages, one module per part of the service, all on the blueprint `portal.courses.bp`."""

from portal.courses.routes import certificates, enrolment, placement, planning, register  # noqa: F401
