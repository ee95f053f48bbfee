"""The CAF's pages, one module per part of the service, all on the blueprint `portal.caf.bp`."""

from portal.caf.routes import appointments, practices, reference, review, transmission  # noqa: F401
