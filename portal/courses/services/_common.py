"""What the course use cases share: who may do what, the settings, the Torino calendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app

from portal.core.calendar import is_holiday, is_working_day

OFFICE_ROLES = ("centro_linguistico", "amministratore")
TEACHER_ROLES = ("docente",)
LEARNER_ROLES = ("studente", "dipendente")
ALL_ROLES = frozenset({*OFFICE_ROLES, *TEACHER_ROLES, *LEARNER_ROLES, "dec"})
# The live seat board is computed from these tables (a bulk UPDATE of a seat counter renews the table's tag).
SEAT_TAGS = ("courses_courses", "courses_enrolments", "courses_periods")


@dataclass(frozen=True)
class Settings:
    priority: tuple[str, ...]
    priority_days: int
    threshold: int
    patron: str
    retake_days: int


def settings() -> Settings:
    config = current_app.config
    return Settings(tuple(config["PORTAL_COURSES_PRIORITY"]), int(config["PORTAL_COURSES_PRIORITY_DAYS"]),
                    int(config["PORTAL_COURSES_ATTENDANCE_THRESHOLD"]), config["PORTAL_CITY_PATRON_DAY"],
                    int(config["PORTAL_COURSES_PLACEMENT_RETAKE_DAYS"]))


def closed(patron: str):
    """No lessons on the holidays of the city nor in the winter break (24 December – 6 January)."""
    from portal.courses.rules import in_winter_break

    return lambda day: is_holiday(day, patron) or in_winter_break(day)


def working(patron: str):
    return lambda day: is_working_day(day, patron)


def is_office(user) -> bool:
    return user.has_role(*OFFICE_ROLES)


def today_or(today: date | None) -> date:
    from portal.core.calendar import today_in_rome

    return today or today_in_rome()
