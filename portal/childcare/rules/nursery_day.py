"""The micro nido's day: the 9:30 meal count and who pays a meal, the educator/child ratio every 15 minutes, the
child's card (special diets and their certificates, medicines), the quarter of a report.

Sources: tender 27.5 ("Entro le ore 9:30 l'Esecutore deve provvedere a comunicare alla Ditta fornitrice il numero
dei pasti giornalieri"), 27.6 (meals at most EUR 5.80 a day, paid by the families), 29 ("1 figura educativa ogni
5 bambini" during the opening hours), 33 (monthly report "redatto in modo da facilitare la verifica del rapporto
educatori/bambini nel corso della giornata"; a quarterly report), 12 r) (a violated medical diet ends the
contract). Times are Europe/Rome wall clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l

from portal.core.rules import RuleViolation

MEAL_CUTOFF = time(9, 30)  # 27.5: the day's meals reach the caterer by 9:30
MEAL_MAX_CENTS = 580  # 27.6: "non potrà superare 5,80 euro"
SLICE_MINUTES = 15  # the ratio is verified every quarter of an hour (issue 17, point 7)
CHILDREN_PER_EDUCATOR = 5  # 29: "1 figura educativa ogni 5 bambini"
NURSERY_HOURS = (time(8, 0), time(16, 30))  # 27.2
CERTIFICATE_WARNING_DAYS = 30  # a medical diet's certificate is flagged this many days before it expires
WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


# -- meals ---------------------------------------------------------------------------------------------------


def meal_cutoff(day: date, cutoff: time = MEAL_CUTOFF) -> datetime:
    """The moment (Rome wall clock, naive) the day's meal count goes to the caterer."""
    return datetime.combine(day, cutoff)


def meal_charged(reported_absent_at: datetime | None, day: date, cutoff: time = MEAL_CUTOFF) -> bool:
    """A meal day is charged unless the absence was reported before the day's cut-off (Rome wall clock)."""
    return reported_absent_at is None or reported_absent_at >= meal_cutoff(day, cutoff)


def check_meals_open(sent_at: datetime | None) -> None:
    """The day's meals change only until the count has gone to the caterer."""
    if sent_at is not None:
        raise RuleViolation(_l("The meal count went to the caterer at %(time)s: today's meals can no longer "
                               "change.", time=sent_at.strftime("%H:%M")))


def check_meal_price(cents: int | None) -> int:
    """The price of a day's meals, set per nursery year: above zero and at most EUR 5.80 (27.6)."""
    if cents is None or not 0 < cents <= MEAL_MAX_CENTS:
        raise RuleViolation(_l("A day's meals cost more than EUR 0 and at most EUR 5.80."), field="meal_price")
    return cents


def meals_charged(meals: Iterable[tuple[date, datetime | None]], cutoff: time = MEAL_CUTOFF) -> int:
    """How many of a child's meal days (the day, when an absence was reported) the family pays."""
    return sum(1 for day, reported in meals if meal_charged(reported, day, cutoff))


def expected_on(attendance: str, days: str, day: date) -> bool:
    """A child enrolled with this attendance type (and fixed days for a vertical part time) comes on `day`."""
    if day.weekday() >= 5:
        return False
    if attendance.startswith("vertical"):
        return WEEKDAY_KEYS[day.weekday()] in days.split("-")
    return True


# -- the ratio every 15 minutes ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Presence:
    """Someone's stay in the rooms on a day; `left_at` None: still there (or not recorded)."""

    arrived_at: time
    left_at: time | None = None


@dataclass(frozen=True)
class RatioSlice:
    starts_at: time
    children: int
    educators: int
    per_educator: int = CHILDREN_PER_EDUCATOR

    @property
    def ends_at(self) -> time:
        return _plus(self.starts_at, SLICE_MINUTES)

    @property
    def breach(self) -> bool:
        return self.children > self.per_educator * self.educators


def _plus(moment: time, minutes: int) -> time:
    """A time of day `minutes` later (within the day: the nursery closes at 16:30)."""
    total = moment.hour * 60 + moment.minute + minutes
    return time(total // 60, total % 60)


def slice_starts(opens: time = NURSERY_HOURS[0], closes: time = NURSERY_HOURS[1]) -> list[time]:
    starts, moment = [], opens
    while moment < closes:
        starts.append(moment)
        moment = _plus(moment, SLICE_MINUTES)
    return starts


def ratio_slices(children: Iterable[Presence], educators: Iterable[Presence], opens: time = NURSERY_HOURS[0],
                 closes: time = NURSERY_HOURS[1], until: time | None = None,
                 per_educator: int = CHILDREN_PER_EDUCATOR) -> list[RatioSlice]:
    """The day in 15-minute slices: a child counts in a slice if present at any moment of it, an educator only if
    present for all of it (the stricter reading for the families); slices starting at or after `until` (now, on
    the day itself) are left out."""
    children, educators = list(children), list(educators)
    result = []
    for start in slice_starts(opens, closes):
        if until is not None and start >= until:
            break
        end = _plus(start, SLICE_MINUTES)
        present = sum(1 for stay in children if stay.arrived_at < end and (stay.left_at is None or
                                                                           stay.left_at > start))
        on_duty = sum(1 for stay in educators if stay.arrived_at <= start and (stay.left_at is None or
                                                                               stay.left_at >= end))
        result.append(RatioSlice(start, present, on_duty, per_educator))
    return result


def breaches(slices: Iterable[RatioSlice]) -> list[RatioSlice]:
    return [piece for piece in slices if piece.breach]


def quarter_months(year: int, quarter: int) -> list[date]:
    """The three months of a calendar quarter (1-4)."""
    if not 1 <= quarter <= 4:
        raise RuleViolation(_l("Choose a quarter from 1 to 4."), field="quarter")
    return [date(year, 3 * (quarter - 1) + index, 1) for index in (1, 2, 3)]


# -- the child's card ---------------------------------------------------------------------------------------


def certificate_status(medical: bool, expires_on: date | None, today: date,
                       warn_days: int = CERTIFICATE_WARNING_DAYS) -> str:
    """A special diet's certificate: "none" (not a medical diet), "missing", "expired", "expiring" (within
    `warn_days`), or "valid"."""
    if not medical:
        return "none"
    if expires_on is None:
        return "missing"
    if expires_on < today:
        return "expired"
    return "expiring" if expires_on <= today + timedelta(days=warn_days) else "valid"


def check_diet(description: str, medical: bool, expires_on: date | None) -> None:
    if not description.strip():
        raise RuleViolation(_l("Describe the diet."), field="description")
    if medical and expires_on is None:
        raise RuleViolation(_l("A medical diet needs the certificate's expiry date."), field="expires_on")


def check_medicine(name: str, dose: str, when: str) -> None:
    for value, field, message in ((name, "name", _l("Name the medicine.")), (dose, "dose", _l("Give the dose.")),
                                  (when, "schedule", _l("Say when it is given."))):
        if not value.strip():
            raise RuleViolation(message, field=field)
