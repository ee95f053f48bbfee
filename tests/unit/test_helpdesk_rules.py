"""The help desk's rules with figures computed by hand: clocks in office time (Mon-Fri 9:00-17:30) across a
weekend, a holiday, the city's patron day and the evening; topics and who sees them; ratings per half-year."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from portal.core.calendar import ROME
from portal.core.working_hours import OfficeHours
from portal.helpdesk import rules

pytestmark = pytest.mark.pure

TURIN = OfficeHours(patron="TO")  # San Giovanni, 24 June


def rome(*parts) -> datetime:
    return datetime(*parts, tzinfo=ROME)


def test_friday_afternoon_first_answer_is_due_on_monday_morning():
    # Fri 27 Nov 2026 16:00: 90 minutes to 17:30, the other 150 from Monday 9:00 -> 11:30
    due = rules.clocks("wallet", rome(2026, 11, 27, 16, 0), TURIN)
    assert due.first_due == rome(2026, 11, 30, 11, 30)
    # two working days = 1,020 minutes: Fri 90, Mon 510, Tue 420 -> Tue 1 Dec 16:00
    assert due.resolution_due == rome(2026, 12, 1, 16, 0)


def test_a_message_written_in_the_evening_starts_the_clock_at_nine_next_morning():
    due = rules.clocks("portal", rome(2026, 12, 1, 20, 0), TURIN)  # Tuesday evening
    assert due.first_due == rome(2026, 12, 2, 13, 0)  # Wednesday 9:00 + 4 h
    assert due.resolution_due == rome(2026, 12, 3, 17, 30)  # Wed + Thu in full: Thu 17:30


def test_the_immacolata_holiday_stops_the_clock():
    # Mon 7 Dec 2026 15:00: 150 min on Monday, Tue 8 Dec is a holiday, 90 more on Wednesday -> 10:30
    due = rules.clocks("caf", rome(2026, 12, 7, 15, 0), TURIN)
    assert due.first_due == rome(2026, 12, 9, 10, 30)
    # 1,020 minutes: Mon 150, Wed 510, Thu 360 -> Thu 10 Dec 15:00
    assert due.resolution_due == rome(2026, 12, 10, 15, 0)


def test_christmas_and_santo_stefano_then_the_weekend():
    # Thu 24 Dec 2026 17:00: 30 minutes; 25, 26 holidays, 27 Sunday; Mon 28 Dec 9:00 + 210 -> 12:30
    assert rules.clocks("tax", rome(2026, 12, 24, 17, 0), TURIN).first_due == rome(2026, 12, 28, 12, 30)


def test_the_patron_day_of_turin_is_not_a_working_day():
    # Tue 23 June 2026 17:00: 30 min; Wed 24 June San Giovanni; Thu 25 June 9:00 + 210 -> 12:30
    assert rules.clocks("courses", rome(2026, 6, 23, 17, 0), TURIN).first_due == rome(2026, 6, 25, 12, 30)
    assert rules.clocks("courses", rome(2026, 6, 23, 17, 0), OfficeHours()).first_due == rome(2026, 6, 24, 12, 30)


def test_a_portal_anomaly_is_resolved_within_five_working_days():
    # Fri 27 Nov 16:00 + 5 x 510 = 2,550 min: Fri 90, Mon-Thu 2,040, Fri 4 Dec 420 -> 16:00
    assert rules.resolution_days("anomaly") == 5 and rules.resolution_days("wallet") == 2
    assert rules.clocks("anomaly", rome(2026, 11, 27, 16, 0), TURIN).resolution_due == rome(2026, 12, 4, 16, 0)


def test_time_taken_counts_office_minutes_only():
    # Fri 17:00 -> Mon 10:00: 30 + 60 = 90 working minutes
    assert rules.minutes_taken(rome(2026, 11, 27, 17, 0), rome(2026, 11, 30, 10, 0), rome(2027, 1, 1), TURIN) == 90
    # still waiting: counted until now (Mon 9:15 -> 30 + 15)
    assert rules.minutes_taken(rome(2026, 11, 27, 17, 0), None, rome(2026, 11, 30, 9, 15), TURIN) == 45


def test_late_means_after_the_moment_it_was_due():
    due = rome(2026, 11, 30, 11, 30)
    assert not rules.is_late(due, rome(2026, 11, 30, 11, 30), rome(2026, 12, 5))
    assert rules.is_late(due, rome(2026, 11, 30, 11, 31), rome(2026, 11, 30, 9))
    assert rules.is_late(due, None, rome(2026, 11, 30, 11, 31))
    assert not rules.is_late(due, None, rome(2026, 11, 30, 11, 29))


def test_outside_the_opening_hours_the_page_says_when_the_office_opens():
    assert rules.answer_expected(rome(2026, 11, 28, 10, 0), TURIN) == rome(2026, 11, 30, 9, 0)  # Saturday
    assert rules.answer_expected(rome(2026, 12, 2, 8, 0), TURIN) == rome(2026, 12, 2, 9, 0)  # before opening
    assert rules.answer_expected(rome(2026, 12, 2, 17, 30), TURIN) == rome(2026, 12, 3, 9, 0)  # at closing
    assert rules.answer_expected(rome(2026, 12, 2, 17, 29), TURIN) is None
    assert rules.answer_expected(rome(2026, 12, 2, 9, 0), TURIN) is None


def test_topics_follow_the_services_a_person_uses():
    everything = ["wallet", "caf", "childcare", "tutoring", "courses", "discounts"]
    assert rules.topics_for({"dipendente"}, everything) == ["wallet", "tax", "caf", "childcare", "tutoring",
                                                            "courses", "discounts", "portal"]
    assert rules.topics_for({"studente"}, ["caf", "courses"]) == ["caf", "courses", "portal"]
    assert rules.topics_for({"dec"}, ["wallet"]) == ["portal", "anomaly"]  # no wallet advice for the institution
    assert rules.topics_for({"ricercatore"}, ["discounts"]) == ["discounts", "portal"]


def test_welfare_conversations_are_never_seen_by_the_institution():
    assert rules.may_see_as_office({"operatore_welfare"}, "wallet")
    assert rules.may_see_as_office({"operatore_welfare"}, "anomaly")
    assert not rules.may_see_as_office({"operatore_welfare", "dec"}, "tax")
    assert not rules.may_see_as_office({"amministratore"}, "wallet")
    assert not rules.may_see_as_office({"operatore_caf"}, "wallet")
    assert rules.may_see_as_office({"operatore_caf"}, "caf")
    assert rules.topics_answered_by({"educatore"}) == ["childcare"]


def test_sensitive_topics_get_a_link_and_never_the_words():
    assert rules.SENSITIVE_TOPICS == {"wallet", "tax", "caf", "tutoring", "childcare"}
    assert "discounts" not in rules.SENSITIVE_TOPICS and "portal" not in rules.SENSITIVE_TOPICS


def test_the_page_a_person_comes_from_suggests_the_topic():
    assert rules.suggested_topic("wallet", ["wallet", "portal"]) == "wallet"
    assert rules.suggested_topic("caf", ["wallet", "portal"]) == ""
    assert rules.suggested_topic("site", ["wallet", "portal"]) == ""
    assert rules.suggested_topic(None, ["portal"]) == ""
    assert rules.suggested_topic("discounts", ["discounts"]) == "discounts"


def test_half_years_and_satisfaction():
    assert rules.half_year(date(2026, 6, 30)) == (2026, 1)
    assert rules.half_year(date(2026, 7, 1)) == (2026, 2)
    assert rules.half_year_bounds(2026, 2) == (date(2026, 7, 1), date(2027, 1, 1))
    assert rules.half_year_bounds(2026, 1) == (date(2026, 1, 1), date(2026, 7, 1))
    assert rules.previous_half(2026, 1) == (2025, 2)
    assert rules.previous_half(2026, 2) == (2026, 1)
    figures = rules.satisfaction([5, 5, 4, 3, 1, 9])  # 9 is not a level
    assert figures.total == 5
    assert figures.average == pytest.approx(3.6)  # 18 / 5
    assert figures.satisfied_share == pytest.approx(0.6)  # 3 of 5 gave 4 or 5
    assert figures.counts == {1: 1, 2: 0, 3: 1, 4: 1, 5: 2}
    assert rules.satisfaction([]).average is None
