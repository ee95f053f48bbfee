"""Policino's settings and clock, shared by every part of the service."""

from __future__ import annotations

from datetime import datetime

from flask import current_app

from portal.childcare import rules
from portal.core.calendar import ROME


def settings() -> rules.Settings:
    cfg = current_app.config
    opens = dict(item.split("=", 1) for item in cfg["PORTAL_CHILDCARE_OPENS_DAYS"])
    return rules.Settings(
        max_children=cfg["PORTAL_CHILDCARE_MAX_CHILDREN"],
        children_per_educator=cfg["PORTAL_CHILDCARE_CHILDREN_PER_EDUCATOR"],
        single_hour_cents=cfg["PORTAL_CHILDCARE_SINGLE_HOUR_CENTS"],
        card_hours=cfg["PORTAL_CHILDCARE_CARD_HOURS"],
        card_max_hours=cfg["PORTAL_CHILDCARE_CARD_MAX_HOURS"],
        card_hour_cents=cfg["PORTAL_CHILDCARE_CARD_HOUR_CENTS"],
        membership_max_cents=cfg["PORTAL_CHILDCARE_MEMBERSHIP_MAX_CENTS"],
        membership_max_months=cfg["PORTAL_CHILDCARE_MEMBERSHIP_MAX_MONTHS"],
        opens_days_before={group: int(opens.get(group, 0)) for group in rules.PRIORITY},
        cutoff_days_before=cfg["PORTAL_CHILDCARE_CUTOFF_DAYS"],
        patron_day=cfg["PORTAL_CITY_PATRON_DAY"],
        report_working_days=cfg["PORTAL_CHILDCARE_REPORT_WORKING_DAYS"],
        summer_calendar_by=cfg["PORTAL_CHILDCARE_SUMMER_CALENDAR_BY"],
        all_day_when_nursery_closed=cfg["PORTAL_CHILDCARE_ALL_DAY_WHEN_NURSERY_CLOSED"],
    )


def default_educators() -> int:
    return current_app.config["PORTAL_CHILDCARE_EDUCATORS"]


def now_in_rome() -> datetime:
    """Wall-clock time in Torino, naive: what the cut-off and the priority dates are written in."""
    return datetime.now(ROME).replace(tzinfo=None)
