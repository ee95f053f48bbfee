"""The discounts portal's rules: which offers are shown, what an offer must say, the weekly digest and reports
(requests to affiliate a merchant are one flow with Conto Welfare's: `portal.core.affiliations`). Pure: plain values in, plain values or RuleViolation out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

from portal.core.rules import (  # noqa: F401 (rules.AFFILIATION_DAYS ...: one clock with Conto Welfare)
    AFFILIATION_DAYS,
    RuleViolation,
    affiliation_due,
    affiliation_overdue,
)

# Issue 20: food, sport, culture, travel, health, services, shopping... (codes; labels in labels.py)
CATEGORIES = ("food", "sport", "culture", "travel", "health", "services", "shopping", "home")
# The tender asks for coverage across Piedmont: its eight provinces (ISTAT car codes).
PROVINCES = ("TO", "CN", "AT", "AL", "NO", "VC", "BI", "VB")
# How an offer is redeemed: a code revealed on tap (and audited), a card shown at the till, a link.
REDEEM = ("code", "card", "link")
NEW_DAYS = 7  # "new this week": published in the last 7 days, today included
DIGEST_DAYS = 7  # the digest of new offers is weekly
LONGEST_VALIDITY_DAYS = 3 * 366  # an offer runs at most three years: a longer one is a typing mistake
REPORT_REASONS = ("refused", "code", "closed", "other")


@dataclass(frozen=True)
class OfferDraft:
    """What the office writes about an offer, as plain values."""

    category: str
    redeem: str
    code: str
    link: str
    province: str
    town: str
    valid_from: date
    valid_to: date


def is_current(valid_from: date, valid_to: date, today: date) -> bool:
    """An offer is shown from its first day to its last day, both included; after it, it disappears by itself."""
    return valid_from <= today <= valid_to


def is_visible(published: bool, valid_from: date, valid_to: date, today: date) -> bool:
    """Staff and researchers see a published offer while it is current; a draft only the office sees (preview)."""
    return published and is_current(valid_from, valid_to, today)


def is_new(published_on: date | None, today: date) -> bool:
    """'New this week': published today or in the six days before (7 days, today included)."""
    return published_on is not None and today - timedelta(days=NEW_DAYS) < published_on <= today


def new_since(today: date) -> date:
    """The first day that still counts as 'new this week'."""
    return today - timedelta(days=NEW_DAYS - 1)


def check_offer(draft: OfferDraft) -> None:
    """An offer the office saves: a known category, province and way to redeem it, what that way needs, a town, and
    a validity that ends on or after its first day and lasts at most three years."""
    if draft.category not in CATEGORIES:
        raise RuleViolation(_l("Choose a category."), field="category")
    if draft.province not in PROVINCES:
        raise RuleViolation(_l("Choose a province of Piedmont."), field="province")
    if not draft.town.strip():
        raise RuleViolation(_l("Write the town."), field="town")
    if draft.redeem not in REDEEM:
        raise RuleViolation(_l("Choose how the discount is redeemed."), field="redeem")
    if draft.redeem == "code" and not draft.code.strip():
        raise RuleViolation(_l("Write the code people reveal at the till or online."), field="code")
    if draft.redeem == "link" and not draft.link.startswith("https://"):
        raise RuleViolation(_l("Write the link, starting with https://."), field="link")
    if draft.valid_to < draft.valid_from:
        raise RuleViolation(_l("The offer must end on or after its first day."), field="valid_to")
    if (draft.valid_to - draft.valid_from).days > LONGEST_VALIDITY_DAYS:
        raise RuleViolation(_l("An offer runs for three years at most."), field="valid_to")


def check_publish(published: bool, valid_to: date, today: date) -> None:
    """The office publishes a draft once, and never one already over."""
    if published:
        raise RuleViolation(_l("This offer is already published."))
    if valid_to < today:
        raise RuleViolation(_l("This offer has already ended: change its dates first."))


def check_withdraw(published: bool) -> None:
    if not published:
        raise RuleViolation(_l("This offer is not published: there is nothing to withdraw."))


def check_report(reason: str, details: str) -> None:
    """A report of an offer that did not work names what happened; 'other' needs a word of explanation."""
    if reason not in REPORT_REASONS:
        raise RuleViolation(_l("Choose what went wrong."), field="reason")
    if reason == "other" and not details.strip():
        raise RuleViolation(_l("Say what went wrong."), field="details")


def check_report_handling(status: str) -> None:
    if status != "open":
        raise RuleViolation(_l("This report has already been handled."))


def digest_due(last_sent_on: date | None, today: date) -> bool:
    """The digest goes out weekly: the first time, then once 7 days have passed since the last one."""
    return last_sent_on is None or (today - last_sent_on).days >= DIGEST_DAYS


def digest_since(last_sent_on: date | None, today: date) -> date:
    """A digest lists the offers published after the last one (the first digest: the last 7 days)."""
    if last_sent_on is None:
        return today - timedelta(days=DIGEST_DAYS - 1)
    return last_sent_on + timedelta(days=1)


def month_firsts(last: date, count: int) -> list[date]:
    """The first days of `count` months ending with the month of `last`, oldest first (six for the report)."""
    year, month = last.year, last.month
    firsts = []
    for _ in range(count):
        firsts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]
