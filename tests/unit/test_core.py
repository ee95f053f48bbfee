from datetime import date
from decimal import Decimal

import pytest
from flask_babel import force_locale

from portal.core import calendar, csvio, ids, money
from portal.core.rules import RuleViolation
from portal.core.text import blocks, fill


def test_money_is_formatted_per_locale(ctx):
    with force_locale("it"):
        assert money.format_money(180000).replace("\xa0", " ") == "1.800,00 €"
    with force_locale("en"):
        assert money.format_money(180000) == "€1,800.00"


@pytest.mark.parametrize("locale", ["it", "en"])
def test_money_is_formatted_exactly_as_babel_would(ctx, locale):
    from flask_babel import format_currency

    with force_locale(locale):
        for cents in (0, 1, 9, 10, 99, 100, 12345, 99999, 100000, 123456789, 180000000000, -1, -5050, -180000):
            assert money.format_money(cents) == format_currency(money.cents_to_decimal(cents), "EUR")
        assert money.format_money(Decimal("180000")) == money.format_money(180000)  # a SUM() on PostgreSQL


@pytest.mark.parametrize("amount,cents", [("1.005", 101), ("1.004", 100), ("0.125", 13), ("2.675", 268)])
def test_rounding_is_half_up_to_the_cent(amount, cents):
    assert money.round_half_up_to_cents(Decimal(amount)) == cents


@pytest.mark.parametrize("text,cents", [
    ("1800", 180000), ("1.800,50", 180050), ("1800,5", 180050), ("1800.50", 180050),
    ("1,800.50", 180050), ("1.800", 180000), ("0,01", 1), ("€ 12,30", 1230), ("12", 1200),
])
def test_parse_money_reads_what_people_type(text, cents):
    assert money.parse_money(text) == cents


@pytest.mark.parametrize("text", ["", "-5", "1,234,5", "12,345", "abc", "1.2.3,4,5", "10,001"])
def test_parse_money_refuses_ambiguous_or_bad_amounts(text):
    assert money.parse_money(text) is None


@pytest.mark.parametrize("text", ["0.001", "0,001", "0.000.001", "１２", "１.８００,５０", "٣٤", "१२", "1E+400", "inf",
                                  "9" * 40])
def test_parse_money_refuses_a_fraction_of_a_cent_and_digits_other_than_0_9(text):
    # '0.001' was read the Italian way as 1.000 thousandths: EUR 1.00; full-width digits were read as 0-9
    assert money.parse_money(text) is None


def test_a_money_field_has_a_range(ctx):
    from flask_wtf import FlaskForm
    from werkzeug.datastructures import MultiDict

    from portal.core.forms import MoneyField

    class Form(FlaskForm):
        amount = MoneyField()
        fee = MoneyField(maximum_cents=50_000)

    with force_locale("en"):
        form = Form(formdata=MultiDict({"amount": "12345678901234567", "fee": "500,01"}), meta={"csrf": False})
        assert not form.validate()
        assert form.amount.data is None and form.amount.errors == ["Enter an amount of at most €99,999,999.99."]
        assert form.fee.errors == ["Enter an amount of at most €500.00."]
        ok = Form(formdata=MultiDict({"amount": "99.999.999,99", "fee": "500"}), meta={"csrf": False})
        assert ok.validate() and (ok.amount.data, ok.fee.data) == (9_999_999_999, 50_000)


def test_codice_fiscale_is_checked_including_the_check_letter():
    assert ids.normalise_codice_fiscale("rssmra85t10a562s") == "RSSMRA85T10A562S"
    assert ids.normalise_codice_fiscale("RSSMRA85T10A562T") is None
    assert ids.normalise_codice_fiscale("RSSMRA85T10A562") is None


@pytest.mark.parametrize("value,ok", [("12345678", True), ("1234567", False), ("123456789", False), ("1234567a", False)])
def test_codice_persona_is_exactly_8_digits(value, ok):
    assert ids.is_codice_persona(value) is ok


@pytest.mark.parametrize("value,ok", [("123456", True), ("12345", False), ("1234567", False), ("12345x", False)])
def test_matricola_is_exactly_6_digits(value, ok):
    assert ids.is_matricola(value) is ok


# Arabic-Indic, extended Arabic-Indic (Persian), full-width and Devanagari digits: `\d` took them all
OTHER_DIGITS = ["١٢٣٤٥٦٧٨", "۱۲۳۴۵۶۷۸", "１２３４５６７８", "१२३४५६७८", "1234567٨"]


@pytest.mark.parametrize("value", OTHER_DIGITS)
def test_codice_persona_and_matricola_take_ascii_digits_only(value):
    assert not ids.is_codice_persona(value)
    assert not ids.is_matricola(value[-6:])
    assert ids.has_other_digits(value) and not ids.has_other_digits("12345678")
    assert ids.is_ascii_digits("12345678", 8) and not ids.is_ascii_digits(value, 8)


@pytest.mark.parametrize("value,message", [
    ("１２３４５６７８", "Type the digits 0 to 9 only: the keyboard wrote digits of another script."),
    ("١٢٣٤٥٦٧٨", "Type the digits 0 to 9 only: the keyboard wrote digits of another script."),
    ("1234", "The codice persona has exactly 8 digits."),
])
def test_the_identifier_fields_say_why_a_code_is_refused(ctx, value, message):
    from flask_wtf import FlaskForm
    from werkzeug.datastructures import MultiDict
    from wtforms import StringField

    from portal.core.forms import codice_persona_check, matricola_check, strip

    class Form(FlaskForm):
        codice_persona = StringField(filters=[strip], validators=[codice_persona_check])
        matricola = StringField(filters=[strip], validators=[matricola_check])

    with force_locale("en"):
        form = Form(formdata=MultiDict({"codice_persona": value, "matricola": value[:6]}), meta={"csrf": False})
        assert not form.validate()
        assert [str(error) for error in form.codice_persona.errors] == [message]
        assert form.matricola.errors


@pytest.mark.parametrize("value,expected", [
    ("Mario\r\nRossi", "Mario Rossi"), ("Bcc:\nx@evil", "Bcc: x@evil"), ("a\u2028b\u2029c\x85d", "a b c d"),
    ("\tcode\x00\x1b[31m\x7f\x9b ", "code[31m"), ("Zoë O’Brien", "Zoë O’Brien"), (None, None),
])
def test_single_line_values_drop_control_and_line_separator_characters(value, expected):
    from portal.core.forms import single_line, strip

    assert single_line(value) == expected and strip(value) == expected


def test_text_areas_keep_their_lines_without_other_control_characters():
    from portal.core.forms import strip_text

    assert strip_text("  Buongiorno,\r\nallego\x00 il modulo.\r\tGrazie\x1b ") == "Buongiorno,\nallego il modulo.\n\tGrazie"


def test_csv_cells_are_single_line_values():
    rows = csvio.read_rows('a;b\n"Mario\r\nRossi";x\x00y\n'.encode(), ["a", "b"])
    assert rows[0].values == {"a": "Mario Rossi", "b": "xy"}


@pytest.mark.parametrize("target,expected", [
    ("/wallet/?year=2", "/wallet/?year=2"), ("/", "/"), ("/caf/agenda?day=2026-12-01", "/caf/agenda?day=2026-12-01"),
    ("/\t/evil.com", None), ("/%09/evil.com", "/%09/evil.com"), ("/\r\n/x", None), ("\t//evil.com", None),
    (" /\n/evil.com", None), ("//evil.com", None), ("/\\evil.com", None), ("https://evil.com", None),
    ("javascript:alert(1)", None), ("evil.com", None), ("/a\tb", "/ab"), ("/a\x00b", None), ("/a\x85b", None),
    ("", None), (None, None),
])
def test_a_next_address_is_normalised_then_checked(target, expected):
    from portal.auth.access import is_safe_next
    from portal.core.security import local_target

    assert local_target(target) == expected
    assert is_safe_next(target) is (expected is not None and expected == target)


def test_query_values_are_read_strictly_and_kept_in_range():
    from portal.core import query

    today = date(2026, 11, 29)
    assert query.day_or("2026-12-01", today) == date(2026, 12, 1)
    assert query.day_or("9999-12-31", today) == date(2099, 12, 31)
    assert query.day_or("0001-01-01", today) == date(2000, 1, 1)
    for bad in ("2026-02-30", "２０２６-01-01", "20261201", "2026-W01-1", "", None, "1E+400"):
        assert query.day_or(bad, today) == today
    assert query.month_or("9999-12", None) == date(2099, 12, 1) and query.month_or("2026-3", None) == date(2026, 3, 1)
    assert query.month_or("2026-13", None) is None and query.month_or("0000-00", None) is None
    assert query.int_or("99999999999", None, maximum=3650) == 3650
    assert query.int_or("9" * 5000, 0) == query.LARGEST_ID
    for bad in ("-1", "1E+400", "inf", "NaN", "1.5", "١٢", "１２", " ", None):
        assert query.int_or(bad, None) is None
    assert query.int_or("0", 1, minimum=1) == 1
    assert calendar.month_bounds("9999-12") is None and calendar.month_bounds("2026-02") == (date(2026, 2, 1),
                                                                                               date(2026, 2, 28))
    assert calendar.month_bounds("２０２６-02") is None


@pytest.mark.parametrize("name,content_type,expected", [
    ("evil.html", "application/pdf", "evil.pdf"), ("ricevuta.PDF", "application/pdf", "ricevuta.pdf"),
    ("foto.jpeg", "image/jpeg", "foto.jpg"), ("scan.pdf", "image/png", "scan.png"), ("nome", "application/pdf",
                                                                                    "nome.pdf"),
    (".html", "application/pdf", "document.pdf"), ("a.b.svg", "image/png", "a.b.png"),
])
def test_a_download_is_named_with_the_extension_of_its_detected_type(name, content_type, expected):
    from portal.core.uploads import download_name

    assert download_name(name, content_type) == expected
    assert download_name("x" * 300 + ".html", "application/pdf", longest=60) == "x" * 56 + ".pdf"


def test_easter_and_italian_holidays():
    assert calendar.easter_sunday(2026) == date(2026, 4, 5)
    assert calendar.easter_sunday(2027) == date(2027, 3, 28)
    days = calendar.holidays(2026, "06-24")
    assert date(2026, 4, 6) in days  # Pasquetta
    assert date(2026, 6, 24) in days  # San Giovanni, Torino
    assert date(2026, 8, 15) in days and date(2026, 12, 8) in days
    assert date(2026, 10, 4) in days  # San Francesco, national again from 2026
    assert date(2025, 10, 4) not in calendar.holidays(2025)
    assert date(2026, 6, 23) not in days


def test_rome_wall_clock_follows_daylight_saving():
    assert calendar.rome_wall_clock_to_utc(date(2026, 7, 1), 16, 30).hour == 14
    assert calendar.rome_wall_clock_to_utc(date(2026, 1, 15), 16, 30).hour == 15


def test_csv_reader_checks_header_and_reports_lines():
    rows = csvio.read_rows("a;b\n1;2\n\n3;4\n".encode(), ["a", "b"])
    assert [(row.line, row.values) for row in rows] == [(2, {"a": "1", "b": "2"}), (4, {"a": "3", "b": "4"})]
    with pytest.raises(RuleViolation, match="missing"):
        csvio.read_rows(b"a;c\n1;2\n", ["a", "b"])
    with pytest.raises(RuleViolation, match="Line 3"):
        csvio.read_rows(b"a,b\n1,2\n3\n", ["a", "b"])
    with pytest.raises(RuleViolation, match="UTF-8"):
        csvio.read_rows("a;b\nà;è\n".encode("latin-1"), ["a", "b"])


def test_csv_export_neutralises_formulas():
    out = csvio.write_rows(["x"], [["=HYPERLINK(1)"], ["-2+3"], ["-25,50"], ["ok"]])
    assert out.splitlines() == ["x", "'=HYPERLINK(1)", "'-2+3", "-25,50", "ok"]


def test_legal_text_markup_is_plain_and_safe():
    result = blocks("## Title\n\nA <b>paragraph</b>\nsecond line\n\n- one\n- two")
    assert [(b.kind, b.lines) for b in result] == [
        ("heading", ("Title",)), ("paragraph", ("A <b>paragraph</b>", "second line")), ("list", ("one", "two"))]
    assert [b.kind for b in blocks("## Heading\n- item one\n- item two")] == ["heading", "list"]
    assert fill("{institution} {email} {other}", {"institution": "PoliTo", "email": "a@b"}) == "PoliTo a@b {other}"


def test_hx_trigger_events_accumulate(ctx):
    from flask import Response

    from portal.core.htmx import trigger

    response = trigger(trigger(Response(), "walletChanged"), "ordersChanged", "walletChanged")
    import json

    assert json.loads(response.headers["HX-Trigger"]) == {"walletChanged": None, "ordersChanged": None}


def test_is_holiday_knows_the_patron_day():
    assert calendar.is_holiday(date(2026, 6, 24), "06-24")
    assert not calendar.is_holiday(date(2026, 6, 24))



def test_add_months_keeps_the_day_or_takes_the_last_of_the_month():
    assert calendar.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert calendar.add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert calendar.add_months(date(2026, 11, 22), 12) == date(2027, 11, 22)
    assert calendar.add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)


def test_working_days_skip_weekends_holidays_and_the_patron_day():
    assert calendar.add_working_days(date(2026, 10, 30), 1) == date(2026, 11, 2)  # Friday -> Monday
    assert calendar.add_working_days(date(2026, 6, 23), 1, "06-24") == date(2026, 6, 25)  # San Giovanni
    assert calendar.add_working_days(date(2026, 6, 23), 1) == date(2026, 6, 24)
    assert calendar.add_working_days(date(2026, 12, 31), 2) == date(2027, 1, 5)  # Capodanno, weekend
    assert calendar.add_working_days(date(2027, 1, 7), -1) == date(2027, 1, 5)  # Epifania, backwards
    assert calendar.add_working_days(date(2026, 11, 23), 0) == date(2026, 11, 23)


def test_a_calendar_invitation_is_valid_icalendar_with_folded_escaped_lines():
    from datetime import UTC, datetime

    from portal.core.ics import CalendarEvent, invitation

    event = CalendarEvent(uid="caf-7@portal", starts=datetime(2026, 12, 1, 8, 30, tzinfo=UTC),
                          ends=datetime(2026, 12, 1, 9, tzinfo=UTC), summary="Appuntamento CAF; originali",
                          location="Via Ampère 2, Milano", description="x" * 200)
    text = invitation(event, "caf@example.edu", datetime(2026, 11, 23, tzinfo=UTC))
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and text.endswith("END:VCALENDAR\r\n")
    assert "METHOD:REQUEST" in lines and "DTSTART:20261201T083000Z" in lines
    assert "SUMMARY:Appuntamento CAF\\; originali" in lines
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = "".join(line[1:] if line.startswith(" ") else "\n" + line for line in lines).split("\n")
    assert "DESCRIPTION:" + "x" * 200 in unfolded
    cancelled = invitation(CalendarEvent(**{**event.__dict__, "cancelled": True, "sequence": 1}), "caf@example.edu",
                           datetime(2026, 11, 23, tzinfo=UTC))
    assert "METHOD:CANCEL" in cancelled and "STATUS:CANCELLED" in cancelled and "SEQUENCE:1" in cancelled
