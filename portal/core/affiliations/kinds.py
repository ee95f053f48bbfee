"""What a person may ask to affiliate, registered by the services that offer it (core never imports them back).

The wallet registers `wallet` (a provider to pay with Conto Welfare), the discounts portal `discounts` (a merchant's
discount the person pays themselves). A kind is offered while its service is switched on (PORTAL_SERVICES) and to
the roles it names: a researcher, who has no wallet, is offered the discounts' kind only."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app


@dataclass(frozen=True)
class Kind:
    key: str  # the service's key, which is also the request's `kind`
    label: object  # lazy: what the person asks for, as the choice on the form says it
    hint: object  # lazy: one sentence under the choice
    service: object  # lazy: the service's name, on the office's queue
    roles: frozenset[str]  # who may ask for this kind
    home: str  # the service's page: the way back from the form
    joined: object  # lazy, with %(name)s: what the answer mail says when the provider is affiliated


_KINDS: dict[str, Kind] = {}


def register_kind(kind: Kind) -> None:
    _KINDS[kind.key] = kind


def kind(key: str) -> Kind | None:
    return _KINDS.get(key)


def enabled_kinds() -> list[Kind]:
    """The kinds of the switched-on services, in the configured order of the services."""
    return [_KINDS[key] for key in current_app.config["PORTAL_SERVICES"] if key in _KINDS]


def kinds_for(user) -> list[Kind]:
    """What this person may ask for."""
    roles = user.role_names if getattr(user, "is_authenticated", False) else frozenset()
    return [entry for entry in enabled_kinds() if entry.roles & roles]
