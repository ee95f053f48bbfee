"""The discounts portal's rules with figures worked out by hand: an offer's validity (both ends included), 'new this
week', what an offer must say, the weekly digest, reports, and the 15-day clock of a request for a new merchant."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from portal.core import rules as core_rules
from portal.core.rules import RuleViolation
from portal.discounts import rules

pytestmark = pytest.mark.pure

DRAFT = rules.OfferDraft(category="sport", redeem="code", code="UNIBICI20", link="", province="CN", town="Alba",
                         valid_from=date(2026, 12, 1), valid_to=date(2027, 3, 31))


def refusal(draft) -> str | None:
    with pytest.raises(RuleViolation) as caught:
        rules.check_offer(draft)
    return caught.value.field


# -- validity ------------------------------------------------------------------------------------------------------

def test_an_offer_runs_from_its_first_to_its_last_day_both_included():
    first, last = date(2026, 12, 1), date(2026, 12, 31)
    assert not rules.is_current(first, last, date(2026, 11, 30))  # the day before
    assert rules.is_current(first, last, first)
    assert rules.is_current(first, last, date(2026, 12, 15))
    assert rules.is_current(first, last, last)
    assert not rules.is_current(first, last, date(2027, 1, 1))  # gone by itself the day after


def test_a_one_day_offer_is_shown_on_that_day_only():
    day = date(2026, 12, 8)
    assert rules.is_current(day, day, day)
    assert not rules.is_current(day, day, date(2026, 12, 7))
    assert not rules.is_current(day, day, date(2026, 12, 9))


def test_a_draft_is_never_visible_and_a_published_offer_only_while_current():
    first, last = date(2026, 12, 1), date(2026, 12, 31)
    assert not rules.is_visible(False, first, last, date(2026, 12, 10))
    assert rules.is_visible(True, first, last, date(2026, 12, 10))
    assert not rules.is_visible(True, first, last, date(2027, 1, 1))
    assert not rules.is_visible(True, first, last, date(2026, 11, 30))


def test_new_this_week_is_today_and_the_six_days_before():
    today = date(2026, 11, 30)
    # 30 Nov - 6 days = 24 Nov: new; 23 Nov (7 days before) is not
    assert rules.is_new(date(2026, 11, 30), today)
    assert rules.is_new(date(2026, 11, 24), today)
    assert not rules.is_new(date(2026, 11, 23), today)
    assert not rules.is_new(None, today)
    assert not rules.is_new(date(2026, 12, 1), today)  # published tomorrow is not new yet
    assert rules.new_since(today) == date(2026, 11, 24)


# -- what an offer says --------------------------------------------------------------------------------------------

def test_a_complete_offer_passes():
    rules.check_offer(DRAFT)
    rules.check_offer(replace(DRAFT, redeem="card", code=""))
    rules.check_offer(replace(DRAFT, redeem="link", code="", link="https://shop.example.it/uni"))


@pytest.mark.parametrize(("change", "field"), [
    ({"category": "cars"}, "category"),
    ({"province": "MI"}, "province"),  # Milano is in Lombardy
    ({"town": "  "}, "town"),
    ({"redeem": "coupon"}, "redeem"),
    ({"code": " "}, "code"),
    ({"redeem": "link", "link": "http://shop.example.it"}, "link"),
    ({"redeem": "link", "link": ""}, "link"),
    ({"valid_to": date(2026, 11, 30)}, "valid_to"),
])
def test_an_offer_missing_something_is_refused_on_its_field(change, field):
    assert refusal(replace(DRAFT, **change)) == field


def test_every_piedmont_province_is_accepted():
    for province in ("TO", "CN", "AT", "AL", "NO", "VC", "BI", "VB"):
        rules.check_offer(replace(DRAFT, province=province))
    assert len(rules.PROVINCES) == 8


def test_an_offer_may_end_on_its_first_day_and_run_three_years_at_most():
    rules.check_offer(replace(DRAFT, valid_to=DRAFT.valid_from))
    # 3 * 366 = 1098 days: 1 Dec 2026 + 1098 days = 3 Dec 2029 passes, one day more is refused
    rules.check_offer(replace(DRAFT, valid_to=date(2029, 12, 3)))
    assert refusal(replace(DRAFT, valid_to=date(2029, 12, 4))) == "valid_to"


def test_publishing_once_and_never_an_ended_offer():
    today = date(2026, 11, 30)
    rules.check_publish(False, today, today)  # ends today: still worth publishing
    with pytest.raises(RuleViolation):
        rules.check_publish(True, date(2026, 12, 31), today)
    with pytest.raises(RuleViolation):
        rules.check_publish(False, date(2026, 11, 29), today)


def test_only_a_published_offer_is_withdrawn():
    rules.check_withdraw(True)
    with pytest.raises(RuleViolation):
        rules.check_withdraw(False)


# -- reports and requests ------------------------------------------------------------------------------------------

def test_a_report_names_what_went_wrong_and_other_needs_words():
    for reason in ("refused", "code", "closed"):
        rules.check_report(reason, "")
    rules.check_report("other", "Chiuso per ferie")
    with pytest.raises(RuleViolation) as caught:
        rules.check_report("other", "   ")
    assert caught.value.field == "details"
    with pytest.raises(RuleViolation) as caught:
        rules.check_report("", "testo")
    assert caught.value.field == "reason"


def test_a_report_is_handled_once():
    rules.check_report_handling("open")
    with pytest.raises(RuleViolation):
        rules.check_report_handling("handled")


def test_the_affiliation_clock_is_15_calendar_days():
    # 20 Dec + 15 days = 4 Jan (calendar days: Christmas and New Year count)
    assert rules.AFFILIATION_DAYS == 15
    assert rules.affiliation_due(date(2026, 12, 20)) == date(2027, 1, 4)
    # 14 Feb 2027 + 15 = 1 Mar 2027 (February of 28 days)
    assert rules.affiliation_due(date(2027, 2, 14)) == date(2027, 3, 1)
    due = date(2027, 1, 4)
    assert not rules.affiliation_overdue("open", due, due)  # the due day itself is in time
    assert rules.affiliation_overdue("open", due, date(2027, 1, 5))
    assert not rules.affiliation_overdue("affiliated", due, date(2027, 1, 5))
    assert not rules.affiliation_overdue("declined", due, date(2027, 2, 1))


def test_a_request_is_answered_once_and_a_refusal_says_why():
    # one flow with Conto Welfare: the rule is core's (portal.core.rules)
    core_rules.check_affiliation_handling("open", "affiliated", "")
    core_rules.check_affiliation_handling("open", "declined", "Non applica sconti.")
    with pytest.raises(RuleViolation) as caught:
        core_rules.check_affiliation_handling("open", "declined", "  ")
    assert caught.value.field == "answer"
    with pytest.raises(RuleViolation):
        core_rules.check_affiliation_handling("open", "maybe", "x")
    with pytest.raises(RuleViolation):
        core_rules.check_affiliation_handling("declined", "affiliated", "")
    with pytest.raises(RuleViolation):
        core_rules.check_affiliation_handling("affiliated", "declined", "Ci siamo sbagliati.")


def test_a_person_asks_only_for_what_they_may():
    core_rules.check_affiliation_kind("discounts", ("discounts",))  # a researcher: discounts only
    core_rules.check_affiliation_kind("wallet", ("wallet", "discounts"))  # staff: either
    with pytest.raises(RuleViolation) as caught:
        core_rules.check_affiliation_kind("wallet", ("discounts",))  # a researcher has no wallet
    assert caught.value.field == "kind"
    with pytest.raises(RuleViolation):
        core_rules.check_affiliation_kind("", ("wallet", "discounts"))


# -- the weekly digest ---------------------------------------------------------------------------------------------

def test_the_digest_goes_out_weekly():
    today = date(2026, 11, 30)
    assert rules.digest_due(None, today)  # never sent: now
    assert not rules.digest_due(date(2026, 11, 24), today)  # 6 days ago
    assert rules.digest_due(date(2026, 11, 23), today)  # 7 days ago
    assert not rules.digest_due(today, today)


def test_the_digest_lists_what_came_after_the_last_one():
    today = date(2026, 11, 30)
    assert rules.digest_since(None, today) == date(2026, 11, 24)  # the first: the last 7 days, today included
    assert rules.digest_since(date(2026, 11, 23), today) == date(2026, 11, 24)


def test_six_months_for_the_report_end_with_the_chosen_month():
    assert rules.month_firsts(date(2026, 11, 30), 6) == [
        date(2026, 6, 1), date(2026, 7, 1), date(2026, 8, 1), date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)]
    # across the new year: Oct, Nov, Dec 2026, Jan, Feb, Mar 2027
    assert rules.month_firsts(date(2027, 3, 5), 6)[0] == date(2026, 10, 1)
    assert rules.month_firsts(date(2027, 1, 1), 2) == [date(2026, 12, 1), date(2027, 1, 1)]
