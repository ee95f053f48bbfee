"""The tutoring pages, one module per part of the service, all on the blueprint `portal.tutoring.bp`."""

from portal.tutoring.routes import events, health, monthly, pages, report, students  # noqa: F401
