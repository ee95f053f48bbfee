"""Policino deadlines (DOMAIN.md section 3; issue 5): the July calendar published by the end of May before July can
be booked, the monthly report sent within 10 working days, the educators reminded; a family's statement month by
month."""

from datetime import date, time, timedelta

import pytest
from sqlalchemy import delete, func, select

from portal.auth.models import User
from portal.childcare import rules, services
from portal.childcare.models import Child, Duty, Family, Payment
from portal.childcare.services.booking import _place_child
from portal.core.calendar import add_months, today_in_rome
from portal.core.rules import RuleViolation
from portal.core.types import utcnow
from portal.extensions import db
from tests.conftest import login, outbox


def _as_educator(client, make_user, access_code="educatrice"):
    client.post("/auth/logout", data={})
    make_user(access_code, roles=("educatore",))
    login(client, access_code)


def _first_july_opening(year: int) -> date:
    return next(date(year, 7, day) for day in range(1, 32) if rules.opening_blocks(date(year, 7, day)))


def test_july_opens_to_bookings_only_once_the_summer_calendar_is_published(app, client, parent, make_user):
    year = services.summer_year(today_in_rome())
    july = _first_july_opening(year)
    with app.test_request_context():
        db.session.execute(delete(Duty))  # the fixture's published summer
        db.session.commit()
        family = db.session.get(Family, parent["family"])
        states = {slot.state for day in services.grid(family.parent, date(year, 7, 1), 10) for slot in day.slots}
        assert states == {"unpublished"}
        with pytest.raises(RuleViolation) as refused:
            services.book(family.parent, db.session.get(Child, parent["child"]), july, time(8), time(8))
        assert "31/05" in str(refused.value.message)
    _as_educator(client, make_user)
    page = client.get("/policino/calendar").get_data(as_text=True)
    assert f"Pubblica il calendario di luglio {year}" in page
    # this year's call does not extend the micro nido to July: the baby parking is open all day
    assert client.post("/policino/calendar/summer/nursery", data={"nursery_open": "no"}).status_code == 303
    assert client.post("/policino/calendar/summer", data={}).status_code == 303
    mails = [mail for mail in outbox(app, "genitore@example.edu") if f"luglio {year}" in mail.subject]
    assert len(mails) == 1 and "aperto" in mails[0].body and "8:00-19:00" in mails[0].body
    again = client.post("/policino/calendar/summer", data={}, follow_redirects=True)
    assert "già stato pubblicato" in again.get_data(as_text=True)
    assert len([mail for mail in outbox(app, "genitore@example.edu") if f"luglio {year}" in mail.subject]) == 1
    with app.test_request_context():
        family = db.session.get(Family, parent["family"])
        states = {slot.state for day in services.grid(family.parent, date(year, 7, 1), 10) for slot in day.slots}
        assert "unpublished" not in states
        assert services.summer_year(today_in_rome()) == year and services.unpublished_summers(july, july) == set()


def test_the_summer_calendar_lists_the_july_closures(app, client, make_user):
    year = services.summer_year(today_in_rome())
    july = _first_july_opening(year)
    with app.test_request_context():
        services.add_closure(make_user("coordinatrice", roles=("educatore",)), july, "Disinfestazione")
        db.session.commit()
        days = services.summer_days(year)
    closed = next(item for item in days if item.day == july)
    assert closed.hours is None and closed.reason == "Disinfestazione"
    assert all(item.day.weekday() < 5 and item.day.month == 7 for item in days)
    assert sum(1 for item in days if item.hours) == sum(1 for item in days if rules.opening_blocks(item.day, {july}))


def test_the_monthly_report_is_marked_as_sent_once_and_only_after_the_month(app, client, make_user):
    _as_educator(client, make_user)
    last_month = add_months(today_in_rome().replace(day=1), -1)
    page = client.get(f"/policino/report?month={last_month:%Y-%m}").get_data(as_text=True)
    due = rules.report_deadline(last_month).due_on
    assert "Segna come inviato" in page and f"{due.day}" in page
    this_month = today_in_rome().strftime("%Y-%m")
    early = client.post(f"/policino/report/sent?month={this_month}", data={}, follow_redirects=True)
    assert "Il mese non è ancora finito" in early.get_data(as_text=True)
    assert client.post(f"/policino/report/sent?month={last_month:%Y-%m}", data={}).status_code == 303
    again = client.post(f"/policino/report/sent?month={last_month:%Y-%m}", data={}, follow_redirects=True)
    assert "già segnato come inviato" in again.get_data(as_text=True)
    with app.app_context():
        rows = db.session.execute(select(Duty.kind, Duty.period, Duty.done_at.is_not(None))).all()
    assert rows == [("monthly_report", last_month, True)]  # the refused month wrote nothing
    assert "Inviato all'ateneo il" in client.get(f"/policino/report?month={last_month:%Y-%m}").get_data(as_text=True)


def test_educators_are_reminded_before_and_after_the_report_is_due_until_it_is_sent(app, client, make_user):
    make_user("educatrice", roles=("educatore",))
    make_user("seconda", roles=("educatore",), email="seconda@example.edu")
    make_user("genitore", roles=("genitore",))
    october = rules.report_deadline(date(2026, 10, 1))  # remind from 10 Nov, due 13 Nov
    with app.test_request_context():
        db.session.add(Duty(kind="monthly_report", period=date(2026, 9, 1), done_at=utcnow()))
        db.session.commit()
    runs = {}
    for day in (date(2026, 11, 9), october.remind_from, date(2026, 11, 11), date(2026, 11, 16),
                date(2026, 11, 17)):
        with app.test_request_context():
            runs[day] = services.send_reminders(day)
            db.session.commit()
    assert list(runs.values()) == [0, 2, 0, 2, 0]
    mails = outbox(app, "educatrice@example.edu")
    assert [mail.subject.split(" · ")[0] for mail in mails] == ["Policino: il resoconto di ottobre 2026 va inviato entro il 13/11/26"] * 2
    assert "non risulta ancora inviato" in mails[1].body and "/policino/report?month=2026-10" in mails[1].body
    assert outbox(app, "genitore@example.edu") == []
    with app.test_request_context():
        assert [item.deadline.period for item in services.pending_duties(date(2026, 12, 1))] == [date(2026, 10, 1)]
        services.mark_report_sent(db.session.scalar(select(User).limit(1)), date(2026, 10, 1))
        db.session.commit()
        assert services.pending_duties(date(2026, 11, 17)) == [] and services.send_reminders(date(2026, 11, 17)) == 0


def test_the_summer_calendar_reminder_and_the_register_shows_what_is_pending(app, client, make_user):
    with app.test_request_context():
        make_user("educatrice", roles=("educatore",))
        pending = services.pending_duties(date(2027, 5, 20))  # nothing was ever sent
        assert [(item.deadline.kind, item.deadline.period, item.overdue) for item in pending] == [
            ("monthly_report", date(2027, 3, 1), True), ("monthly_report", date(2027, 4, 1), True),
            ("summer_calendar", date(2027, 7, 1), False)]
        assert [item.deadline.period for item in services.pending_duties(date(2027, 5, 10))] == [date(2027, 3, 1)]
        assert [item.deadline.period for item in services.pending_duties(date(2027, 7, 20))] == [
            date(2027, 5, 1), date(2027, 6, 1)]  # the July calendar is no longer asked for once July has come
        assert services.send_reminders(date(2027, 5, 20)) == 3
        db.session.commit()
    assert [mail.subject.split(" · ")[0] for mail in outbox(app, "educatrice@example.edu")] == [
        "Policino: il resoconto di marzo 2027 va inviato entro il 14/04/27",
        "Policino: il resoconto di aprile 2027 va inviato entro il 14/05/27",
        "Policino: il calendario di luglio 2027 va pubblicato entro il 31/05/27"]
    login(client, "educatrice")
    last_month = add_months(today_in_rome().replace(day=1), -1)
    register = client.get("/policino/register").get_data(as_text=True)
    if today_in_rome() >= rules.report_deadline(last_month).remind_from:
        assert f"/policino/report?month={last_month:%Y-%m}" in register
    result = app.test_cli_runner().invoke(args=["childcare", "remind"])
    assert result.exit_code == 0 and "reminders queued" in result.output


def test_the_statement_goes_month_by_month_with_what_was_owed_before(app, client, parent, make_user):
    this_month = today_in_rome().replace(day=1)
    before = add_months(this_month, -1)
    day_before = next(before + timedelta(days=n) for n in range(31) if rules.opening_blocks(before + timedelta(days=n)))
    day_now = next(this_month + timedelta(days=n) for n in range(31)
                   if rules.opening_blocks(this_month + timedelta(days=n)))
    with app.test_request_context():
        family = db.session.get(Family, parent["family"])
        child = db.session.get(Child, parent["child"])
        for day, count in ((day_before, 2), (day_now, 1)):
            _place_child(family.parent, family, child, services.lock_blocks(day, rules.opening_blocks(day)[:count]))
        db.session.commit()
    _as_educator(client, make_user)
    client.post(f"/policino/families/{parent['family']}/payments",
                data={"amount": "3,50", "method": "cash", "paid_on": today_in_rome().isoformat()})
    with app.test_request_context():
        family = db.session.get(Family, parent["family"])
        earlier = services.statement(family, before, this_month - timedelta(days=1))
        now = services.statement(family, this_month, add_months(this_month, 1) - timedelta(days=1))
        assert (earlier.opening_cents, earlier.charged_cents, earlier.paid_for_hours_cents, earlier.closing_cents) == (
            0, 350, 0, 350)
        assert (now.opening_cents, now.charged_cents, now.paid_for_hours_cents, now.closing_cents) == (
            350, 175, 350, 175)
        assert services.account_totals(family).due_cents == 175
        assert db.session.scalar(select(func.count(Payment.id))) == 1
    client.post("/auth/logout", data={})
    login(client, "genitore")
    page = client.get(f"/policino/account?month={this_month:%Y-%m}").get_data(as_text=True)
    assert "Dovuto dai mesi precedenti" in page and "3,50" in page and "1,75" in page
    old = client.get(f"/policino/account?month={before:%Y-%m}").get_data(as_text=True)
    assert "Ricevuta" not in old.split("Tutte le ricevute")[0]  # paid this month, not in the earlier statement
    assert client.get("/policino/account?month=2026-13").status_code == 404
