"""The help desk's rules: topics and who answers them, the clocks in working hours, which conversations are
welfare (kept from the institution's roles) or sensitive (mails carry a link, never the words), the states, the
five-level rating and the six-monthly satisfaction figures. Pure: plain values in, plain values out.

The welfare tender (customer care, "Portal duties"): chat, e-mail and phone, Monday to Friday 9:00-17:30, in Italian
and English; portal anomalies reported by the institution are resolved within 5 working days.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from portal.core.working_hours import (
    OfficeHours,
    add_working_days,
    add_working_minutes,
    is_open,
    next_opening,
    working_minutes_between,
)

# Topic -> the service that must be switched on for it (None: always offered).
TOPIC_SERVICE = {"wallet": "wallet", "tax": "wallet", "caf": "caf", "childcare": "childcare",
                 "tutoring": "tutoring", "courses": "courses", "discounts": "discounts", "portal": None,
                 "anomaly": None}
TOPICS = tuple(TOPIC_SERVICE)
# Who answers each topic: the welfare provider's operators the welfare side and the portal itself (the provider runs
# the portal, so its anomalies are theirs to fix); every other service its own office.
ANSWERED_BY = {"wallet": "operatore_welfare", "tax": "operatore_welfare", "discounts": "operatore_welfare",
               "portal": "operatore_welfare", "anomaly": "operatore_welfare", "caf": "operatore_caf",
               "childcare": "educatore", "tutoring": "coordinatore_tutorato", "courses": "centro_linguistico"}
OFFICE_ROLES = tuple(sorted(set(ANSWERED_BY.values())))
INSTITUTION_ROLES = ("dec", "amministratore")
# Health and family details live in welfare conversations: never visible to the institution's roles.
WELFARE_TOPICS = frozenset({"wallet", "tax"})
# A mail about these says that an answer arrived and links to it, never what it says.
SENSITIVE_TOPICS = frozenset({"wallet", "tax", "caf", "tutoring", "childcare"})
# Topics only some people open: wallet and tax advice are for staff (who have the wallet); anomalies are reported
# by the institution.
TOPIC_ROLES = {"wallet": frozenset({"dipendente"}), "tax": frozenset({"dipendente"}),
               "anomaly": frozenset(INSTITUTION_ROLES)}
# Which topic a page of a service suggests ("Need help?" from the wallet's pages opens a wallet conversation).
TOPIC_OF_BLUEPRINT = {"wallet": "wallet", "caf": "caf", "childcare": "childcare", "tutoring": "tutoring",
                      "courses": "courses", "discounts": "discounts"}

STATUSES = ("open", "waiting_user", "closed")  # open: the office's turn; waiting_user: the person's turn
CHANNELS = ("chat", "phone", "email")
RATINGS = (1, 2, 3, 4, 5)

FIRST_RESPONSE_MINUTES = 4 * 60  # a first answer within 4 working hours (half an office day)
RESOLUTION_DAYS = 2  # closed within 2 working days
ANOMALY_RESOLUTION_DAYS = 5  # the tender: a portal anomaly is resolved within 5 working days

DEFAULT_HOURS = OfficeHours()  # Mon-Fri 9:00-17:30, Italian holidays; the portal sets the city's patron day


def topics_for(roles: Iterable[str], services_on: Iterable[str]) -> list[str]:
    """The topics a person may open a conversation on: those of the switched-on services they use, the portal
    itself, wallet and tax advice for staff, anomalies for the institution."""
    held, on = set(roles), set(services_on)
    chosen = []
    for topic, service in TOPIC_SERVICE.items():
        if service is not None and service not in on:
            continue
        if topic in TOPIC_ROLES and not TOPIC_ROLES[topic] & held:
            continue
        chosen.append(topic)
    return chosen


def topics_answered_by(roles: Iterable[str]) -> list[str]:
    held = set(roles)
    return [topic for topic in TOPICS if ANSWERED_BY[topic] in held]


def may_see_as_office(roles: Iterable[str], topic: str) -> bool:
    """The office of the topic sees the conversation; the institution's roles never see a welfare one."""
    held = set(roles)
    if topic in WELFARE_TOPICS and held & set(INSTITUTION_ROLES):
        return False
    return ANSWERED_BY[topic] in held


def suggested_topic(blueprint: str | None, offered: Iterable[str]) -> str:
    """The topic preselected for a person coming from a page of `blueprint` (empty when none fits)."""
    if blueprint in TOPIC_OF_BLUEPRINT and TOPIC_OF_BLUEPRINT[blueprint] in set(offered):
        return TOPIC_OF_BLUEPRINT[blueprint]
    return ""


def resolution_days(topic: str) -> int:
    return ANOMALY_RESOLUTION_DAYS if topic == "anomaly" else RESOLUTION_DAYS


@dataclass(frozen=True)
class Clocks:
    first_due: datetime
    resolution_due: datetime


def clocks(topic: str, opened: datetime, hours: OfficeHours = DEFAULT_HOURS) -> Clocks:
    """When the first answer and the resolution are due, in office time from the moment the person wrote."""
    return Clocks(add_working_minutes(opened, FIRST_RESPONSE_MINUTES, hours),
                  add_working_days(opened, resolution_days(topic), hours))


def is_late(due: datetime, done: datetime | None, now: datetime) -> bool:
    """Late: done after it was due, or not done and the moment has passed."""
    return (done or now) > due


def minutes_taken(opened: datetime, done: datetime | None, now: datetime,
                  hours: OfficeHours = DEFAULT_HOURS) -> int:
    """Working minutes from the person's first message to `done` (or until now, while it is not done)."""
    return working_minutes_between(opened, done or now, hours)


def answer_expected(now: datetime, hours: OfficeHours = DEFAULT_HOURS) -> datetime | None:
    """None while the office is open; otherwise when it opens again (what the page tells the person)."""
    return None if is_open(now, hours) else next_opening(now, hours)


def half_year(day: date) -> tuple[int, int]:
    """The six-monthly report a day falls in: (year, 1) January-June, (year, 2) July-December."""
    return day.year, 1 if day.month <= 6 else 2


def half_year_bounds(year: int, half: int) -> tuple[date, date]:
    """First day of the half-year and first day of the next one."""
    if half == 1:
        return date(year, 1, 1), date(year, 7, 1)
    return date(year, 7, 1), date(year + 1, 1, 1)


def previous_half(year: int, half: int) -> tuple[int, int]:
    return (year, 1) if half == 2 else (year - 1, 2)


@dataclass(frozen=True)
class Satisfaction:
    counts: dict[int, int]  # level -> how many ratings

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def average(self) -> float | None:
        if not self.total:
            return None
        return sum(level * count for level, count in self.counts.items()) / self.total

    @property
    def satisfied_share(self) -> float | None:
        """The share rating 4 or 5 ("satisfied" or "very satisfied")."""
        if not self.total:
            return None
        return (self.counts.get(4, 0) + self.counts.get(5, 0)) / self.total


def satisfaction(ratings: Iterable[int]) -> Satisfaction:
    counts = dict.fromkeys(RATINGS, 0)
    for rating in ratings:
        if rating in counts:
            counts[rating] += 1
    return Satisfaction(counts)
