"""Help desk's pages, one module per side, all on the blueprint `portal.helpdesk.bp`."""

from portal.helpdesk.routes import office, person  # noqa: F401
