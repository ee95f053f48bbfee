"""Texts a service asks people to accept at first access, asked on the portal's own terms screen.

A service registers what it asks (the wallet: the welfare plan's rules, to staff). When the portal's terms are
pending too, the terms screen shows every pending text and one accept records each acceptance, with the records
and audit events the service keeps on its own page. Once the portal's terms are accepted, each service asks on its
own page as before.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l

from portal.core.rules import RuleViolation


@dataclass(frozen=True)
class Agreement:
    key: str  # the name of the version field on the terms form: `<key>_version`
    service: str  # one of config.ALL_SERVICES: asked only where the service is on
    pending: Callable[[Any], Any]  # the text (title, version, body, published_at) the user still has to accept, or None
    accept: Callable[[Any, int], None]  # records the acceptance of that version; RuleViolation when it is stale

    @property
    def field(self) -> str:
        return f"{self.key}_version"


_AGREEMENTS: list[Agreement] = []


def register(agreement: Agreement) -> None:
    if all(known.key != agreement.key for known in _AGREEMENTS):
        _AGREEMENTS.append(agreement)


def pending_for(user) -> list[tuple[Agreement, Any]]:
    """The services' texts this user still has to accept, with the text each one shows."""
    enabled = current_app.config["PORTAL_SERVICES"]
    found = []
    for agreement in _AGREEMENTS:
        if agreement.service in enabled:
            text = agreement.pending(user)
            if text is not None:
                found.append((agreement, text))
    return found


def accept_shown(user, shown: list[tuple[Agreement, Any]], posted: Mapping[str, str]) -> None:
    """Record each text the screen showed, at the version it showed (a version changed meanwhile refuses all).

    A form without a text's version (sent from a screen that did not show it) accepts nothing for that text: the
    service asks for it on its own page later.
    """
    for agreement, _text in shown:
        raw = (posted.get(agreement.field) or "").strip()
        if not raw:
            continue
        if not raw.isdigit() or len(raw) > 9:
            raise RuleViolation(_l("The form was not valid. Please try again."))
        agreement.accept(user, int(raw))

