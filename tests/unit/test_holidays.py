"""The Italian calendar from the `holidays` package: national holidays and the city's patron day by province."""

from datetime import date

import pytest

from portal import config
from portal.core import calendar


def test_easter_monday_2027_is_the_29th_of_march():
    assert calendar.easter_sunday(2027) == date(2027, 3, 28)
    assert date(2027, 3, 29) in calendar.national_holidays(2027)
    assert date(2027, 3, 30) not in calendar.national_holidays(2027)
    assert calendar.add_working_days(date(2027, 3, 26), 1) == date(2027, 3, 30)  # Friday -> over Pasquetta


@pytest.mark.parametrize(("province", "day", "other"), [
    ("TO", date(2026, 6, 24), date(2026, 12, 7)),  # Torino: San Giovanni, not Sant'Ambrogio
    ("MI", date(2026, 12, 7), date(2026, 6, 24)),  # Milano: Sant'Ambrogio, not San Giovanni
])
def test_a_province_code_gives_its_capitals_patron_day(province, day, other):
    assert calendar.patron_day(day.year, province) == day
    assert calendar.patron_day(day.year + 1, province) == day.replace(year=day.year + 1)
    assert calendar.is_holiday(day, province) and not calendar.is_holiday(other, province)
    assert not calendar.is_holiday(day)  # no city given: only the national holidays
    assert calendar.holidays(day.year, province) == calendar.holidays(day.year, day.strftime("%m-%d"))


def test_a_patron_day_that_is_a_national_holiday_adds_nothing():
    # Bologna's San Petronio is 4 October, San Francesco's national holiday from 2026
    assert calendar.patron_day(2026, "BO") is None
    assert calendar.holidays(2026, "BO") == calendar.national_holidays(2026)
    assert calendar.patron_day(2025, "BO") == date(2025, 10, 4)


def test_working_days_skip_milans_patron_day():
    assert calendar.add_working_days(date(2026, 12, 4), 1, "MI") == date(2026, 12, 9)  # Fri -> 7 and 8 Dec closed
    assert calendar.add_working_days(date(2026, 12, 4), 1, "TO") == date(2026, 12, 7)


def test_the_default_patron_days_are_torino_for_the_city_and_milano_for_the_caf():
    settings = config.portal_settings({})
    assert settings["PORTAL_CITY_PATRON_DAY"] == "TO" and settings["PORTAL_CAF_PATRON_DAY"] == "MI"


@pytest.mark.parametrize("value", ["TO", "MI", "06-24", "6-24", "12-07", ""])
def test_a_patron_day_setting_is_a_province_a_day_or_empty(value):
    assert config.portal_settings({"PORTAL_CITY_PATRON_DAY": value, "PORTAL_CAF_PATRON_DAY": value})


@pytest.mark.parametrize("value", ["XX", "to", "Torino", "02-30", "02-29", "24-06", "13-01", "1206", "06-24-1"])
def test_a_patron_day_setting_that_is_neither_is_refused_at_start_up(value):
    for name in ("PORTAL_CITY_PATRON_DAY", "PORTAL_CAF_PATRON_DAY"):
        with pytest.raises(config.ConfigError, match=name):
            config.portal_settings({name: value})
