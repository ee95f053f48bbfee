"""What the wallet's pages share: who may open them, the employee's own wallet, decisions taken from a list."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.core.forms import submitted_and_done
from portal.wallet import rules, services
from portal.wallet.models import Wallet

MANAGERS = services.MANAGERS  # the institution's roles and the welfare operators: aggregates, catalog, files
OPERATORS = services.WELFARE_OPERATORS  # the provider's operators: documents, certifications, family data
PER_PAGE = 25


def own_wallet_or_none() -> Wallet | None:
    return services.current_wallet(current_user) if current_user.has_role("dipendente") else None


def beneficiary_choices() -> list[tuple[int, str]]:
    """Whom a purchase or a reimbursement is for: the employee, or one of the family members they declared."""
    return [(0, _l("Myself"))] + [(member.id, f"{member.full_name} ({rules.RELATIONSHIPS[member.relationship]})")
                                  for member in services.family_of(current_user)]


def uploads(field) -> list:
    return [upload for upload in (field.data or []) if getattr(upload, "filename", "")]


def decided_in_list(form, use_case, message, endpoint: str, page):
    """A decision posted from a list: back to the list when done, or the list with the error on that row (422)."""
    if submitted_and_done(form, use_case):
        flash(message(), "success")
        return redirect(url_for(endpoint), code=303)
    return page(), 422
