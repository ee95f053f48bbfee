"""The services the portal offers, and who may see each in the menu and on the home page.

Each service blueprint registers itself here when it is built; the shell only
shows what is registered, switched on (PORTAL_SERVICES) and allowed by role.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import current_app
from markupsafe import Markup


@dataclass(frozen=True)
class ServiceEntry:
    key: str  # one of config.ALL_SERVICES
    title: object  # lazy translated string
    endpoint: str
    roles: frozenset[str]
    description: object = ""
    icon: str = "it-folder"
    # Renders the home-page card body for a user (the service fills its own card).
    card: Callable[..., str] | None = field(default=None, compare=False)

    def card_html(self, user) -> Markup:
        """The card body as markup: `card` returns a rendered template, which the home page must not escape."""
        return Markup(self.card(user)) if self.card else Markup("")


_REGISTRY: dict[str, ServiceEntry] = {}


def register_service(entry: ServiceEntry) -> None:
    _REGISTRY[entry.key] = entry


def unregister_service(key: str) -> None:
    _REGISTRY.pop(key, None)


def services_for(user) -> list[ServiceEntry]:
    """Switched-on services the user holds a role for, in the configured order."""
    enabled = current_app.config["PORTAL_SERVICES"]
    roles = user.role_names if getattr(user, "is_authenticated", False) else frozenset()
    return [
        _REGISTRY[key]
        for key in enabled
        if key in _REGISTRY and _REGISTRY[key].roles & roles
    ]
