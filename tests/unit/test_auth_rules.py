from datetime import UTC, datetime, timedelta

import pytest

from portal.auth import rules
from portal.core.rules import RuleViolation

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
PERSONAL = ["mario.rossi", "Mario Rossi", "mario.rossi@example.edu", "Politecnico di Torino"]


@pytest.mark.parametrize("password", ["a-b-c-d-e-f", "x" * 11, "ciao ciao"])
def test_password_shorter_than_12_characters_is_refused(password):
    with pytest.raises(RuleViolation):
        rules.check_new_password(password, PERSONAL)


def test_password_of_12_unrelated_characters_is_accepted():
    rules.check_new_password("q7#Vd!p2Lm@9", PERSONAL)


def test_length_counts_characters_not_bytes():
    # 12 characters, 36 bytes in UTF-8: long enough.
    rules.check_new_password("漢字かなカナ雪月花風林火", PERSONAL)


def test_password_longer_than_128_characters_is_refused_not_truncated():
    with pytest.raises(RuleViolation):
        rules.check_new_password("correct horse battery staple " * 5, PERSONAL)
    rules.check_new_password(("correct horse battery staple " * 5)[:128], PERSONAL)


@pytest.mark.parametrize("password", ["passwordpassword", "mario.rossi2026", "Politecnico2026!", "MarioRossi1980!"])
def test_common_or_personal_passwords_are_refused(password):
    with pytest.raises(RuleViolation):
        rules.check_new_password(password, PERSONAL)


def test_no_composition_rules_a_passphrase_of_lowercase_words_is_fine():
    rules.check_new_password("violino tramonto brezza montagna", PERSONAL)


def test_lock_comes_with_the_fifth_failure_and_lasts_the_set_minutes():
    failures, locked = 0, None
    for _ in range(4):
        failures, locked = rules.after_failed_login(failures, 5, 15, NOW)
        assert locked is None
    failures, locked = rules.after_failed_login(failures, 5, 15, NOW)
    assert locked == NOW + timedelta(minutes=15)
    assert failures == 0
    assert rules.is_locked(locked, NOW + timedelta(minutes=14, seconds=59))
    assert not rules.is_locked(locked, NOW + timedelta(minutes=15))


def test_reset_token_is_single_use_time_limited_and_dies_with_a_password_change():
    created = NOW
    expires = NOW + timedelta(minutes=30)
    changed_before = NOW - timedelta(days=1)
    assert rules.reset_token_usable(created, expires, None, changed_before, NOW + timedelta(minutes=29))
    assert not rules.reset_token_usable(created, expires, None, changed_before, NOW + timedelta(minutes=30))
    assert not rules.reset_token_usable(created, expires, NOW, changed_before, NOW + timedelta(minutes=1))
    assert not rules.reset_token_usable(created, expires, None, NOW + timedelta(minutes=1), NOW + timedelta(minutes=2))


def test_session_ends_after_30_idle_minutes_or_12_hours():
    start = 1_000_000.0
    assert rules.session_end_reason(start, start, start + 29 * 60, 30, 12) is None
    assert rules.session_end_reason(start, start, start + 30 * 60, 30, 12) == "idle"
    active_until = start + 12 * 3600 - 1
    assert rules.session_end_reason(start, active_until - 60, active_until, 30, 12) is None
    assert rules.session_end_reason(start, start + 12 * 3600 - 60, start + 12 * 3600, 30, 12) == "absolute"
    assert rules.session_end_reason(None, None, start, 30, 12) == "absolute"


def test_seconds_left_is_the_nearer_of_the_two_limits():
    start = 1_000_000.0
    assert rules.seconds_left(start, start, start + 60, 30, 12) == 29 * 60
    late = start + 12 * 3600 - 600
    assert rules.seconds_left(start, late, late, 30, 12) == 600


def test_one_time_password_is_16_unambiguous_characters_in_groups():
    password = rules.new_one_time_password()
    groups = password.split("-")
    assert [len(group) for group in groups] == [4, 4, 4, 4]
    assert set("".join(groups)) <= set(rules.OTP_ALPHABET)
    assert not set("01lIO") & set(password)


@pytest.mark.parametrize("code,ok", [("mario.rossi", True), ("MARIO.Rossi ", True), ("ab", False),
                                     ("-mario", False), ("mario rossi", False), ("m" * 65, False)])
def test_access_codes(code, ok):
    if ok:
        assert rules.check_access_code(code) == code.strip().lower()
    else:
        with pytest.raises(RuleViolation):
            rules.check_access_code(code)


def test_tokens_are_stored_as_hashes():
    token, digest = rules.new_token()
    assert token not in digest and rules.hash_token(token) == digest and len(token) >= 40


@pytest.mark.parametrize(("ip", "address"), [
    ("203.0.113.7", "203.0.113.7"),
    ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
    ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
    ("::ffff:203.0.113.7", "203.0.113.7"),  # an IPv4 client seen through an IPv6 socket
    ("unknown", "unknown"),
])
def test_a_lock_applies_to_the_address_or_to_the_ipv6_network(ip, address):
    assert rules.lock_address(ip) == address


def test_an_access_code_digest_is_keyed_and_ignores_case():
    digest = rules.access_code_digest(" Mario.Rossi ", "key-one")
    assert digest == rules.access_code_digest("mario.rossi", "key-one")
    assert digest != rules.access_code_digest("mario.rossi", "key-two")
    assert len(digest) == 24 and "mario" not in digest
