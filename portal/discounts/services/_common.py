"""What the discounts use cases share: who may do what, and today in Rome."""

from __future__ import annotations

from datetime import date

from portal.core.calendar import today_in_rome

MEMBER_ROLES = ("dipendente", "ricercatore")  # staff (who also have the wallet) and research staff (who do not)
OFFICE_ROLES = ("operatore_welfare",)  # the welfare provider's operators manage merchants and offers
INSTITUTION_ROLES = ("amministratore", "dec")  # the institution: figures, and requests for a new affiliation
REQUESTER_ROLES = (*MEMBER_ROLES, *INSTITUTION_ROLES)
FIGURES_ROLES = (*OFFICE_ROLES, *INSTITUTION_ROLES)
ALL_ROLES = frozenset({*MEMBER_ROLES, *OFFICE_ROLES, *INSTITUTION_ROLES})
PAGE_SIZE = 12  # offers per page of results: a short list on a phone, "Show more offers" adds the next 12


def is_office(user) -> bool:
    return user.has_role(*OFFICE_ROLES)


def is_member(user) -> bool:
    return user.has_role(*MEMBER_ROLES)


def today() -> date:
    return today_in_rome()
