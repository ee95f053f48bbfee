"""The educators' day register: arrivals, pick-ups by authorised people, late pick-ups charged."""

from datetime import datetime, time, timedelta

from sqlalchemy import func, select

from portal.auth.models import User
from portal.childcare import rules, services
from portal.childcare.models import Attendance, Child, ExtraBlock, Family, PickupPerson, StaffPresence
from portal.childcare.services.booking import _place_child
from portal.core.calendar import month_bounds, today_in_rome
from portal.extensions import db
from tests.conftest import login, outbox


def last_open_day():
    for offset in range(0, 20):
        day = today_in_rome() - timedelta(days=offset)
        if rules.opening_blocks(day):
            return day
    raise AssertionError("no opening day in the last weeks")


def _hhmm(moment: time, minutes: int = 0) -> str:
    return (datetime.combine(today_in_rome(), moment) + timedelta(minutes=minutes)).strftime("%H:%M")


def _booked_day(app, parent, blocks: int = 2):
    """A booking for the child in the day's first half hours, made as the desk would (no cut-off)."""
    day = last_open_day()
    starts = rules.opening_blocks(day)
    with app.test_request_context():
        family = db.session.get(Family, parent["family"])
        child = db.session.get(Child, parent["child"])
        child.allergies = "Latte"
        db.session.add(PickupPerson(family_id=family.id, full_name="Nonna Carla"))
        blocks_rows = services.lock_blocks(day, starts[:blocks])
        _place_child(family.parent, family, child, blocks_rows)
        db.session.commit()
    return day, starts


def _as_educator(client, make_user):
    client.post("/auth/logout", data={})
    make_user("educatrice", roles=("educatore",))
    login(client, "educatrice")


def test_a_late_pick_up_is_charged_for_the_half_hours_used(app, client, parent, make_user):
    day, starts = _booked_day(app, parent)
    _as_educator(client, make_user)
    page = client.get(f"/policino/register?day={day.isoformat()}").get_data(as_text=True)
    assert "Lia Rossi" in page and "Latte" in page
    arrive = {"child": parent["child"], "at": _hhmm(starts[0])}
    assert client.post(f"/policino/register/arrive?day={day.isoformat()}", data=arrive).status_code == 303
    assert client.post(f"/policino/register/arrive?day={day.isoformat()}", data=arrive).status_code == 422
    stranger = client.post(f"/policino/register/leave?day={day.isoformat()}",
                           data={"child": parent["child"], "picked_up_by": "Uno Sconosciuto", "at": _hhmm(starts[1])})
    assert stranger.status_code == 422
    late = client.post(f"/policino/register/leave?day={day.isoformat()}",
                       data={"child": parent["child"], "picked_up_by": "Nonna Carla", "at": _hhmm(starts[3], 5)})
    assert late.status_code == 303
    with app.app_context():
        attendance = db.session.scalar(select(Attendance))
        assert (attendance.picked_up_by, attendance.left_at) == ("Nonna Carla", time.fromisoformat(_hhmm(starts[3], 5)))
        extra = db.session.scalars(select(ExtraBlock).order_by(ExtraBlock.starts_at)).all()
        assert [(e.starts_at, e.charge, e.amount_cents) for e in extra] == [
            (starts[2], "single", 175), (starts[3], "single", 175)]
        family = db.session.get(Family, parent["family"])
        with app.test_request_context():
            assert services.account_totals(family).due_cents == 4 * 175  # two booked + two used late
    desk = client.get(f"/policino/families/{parent['family']}").get_data(as_text=True)
    assert "ritiro in ritardo" in desk


def test_a_child_who_does_not_come_is_still_charged_and_one_not_booked_cannot_arrive(app, client, parent,
                                                                                    make_user):
    day, starts = _booked_day(app, parent)
    with app.app_context():
        other = Child(family_id=parent["family"], full_name="Non Prenotato", birth_date=day - timedelta(days=900))
        db.session.add(other)
        db.session.commit()
        other_id = other.id
    _as_educator(client, make_user)
    refused = client.post(f"/policino/register/arrive?day={day.isoformat()}", data={"child": other_id})
    assert refused.status_code == 422 and "non è prenotato" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Attendance.id))) == 0
        with app.test_request_context():
            assert services.account_totals(db.session.get(Family, parent["family"])).due_cents == 2 * 175


def test_the_register_counts_children_present_against_places(app, client, parent, make_user):
    day, starts = _booked_day(app, parent)
    _as_educator(client, make_user)
    client.post(f"/policino/register/arrive?day={day.isoformat()}", data={"child": parent["child"],
                                                                           "at": _hhmm(starts[0])},
                headers={"HX-Request": "true"})
    with app.test_request_context():
        rows, counts = services.register(day)
    assert [row.child.full_name for row in rows] == ["Lia Rossi"]
    assert (counts[0].booked, counts[0].present, counts[0].places) == (1, 1, 24)
    assert client.post("/policino/register/arrive", data={"child": "999999"}).status_code == 404


def test_the_roster_cannot_fall_below_what_the_bookings_need(app, client, parent, make_user):
    day, starts = _booked_day(app, parent)
    _as_educator(client, make_user)
    url = f"/policino/register/roster?day={day.isoformat()}"
    refused = client.post(url, data={"start": _hhmm(starts[0]), "educators": "0"})
    assert refused.status_code == 422 and "almeno 1 educatore" in refused.get_data(as_text=True)
    assert client.post(url, data={"start": _hhmm(starts[0]), "educators": "2"}).status_code == 303
    with app.test_request_context():
        _, counts = services.register(day)
    assert (counts[0].educators, counts[0].places) == (2, 10)
    assert client.post(url, data={"start": "03:00", "educators": "2"}).status_code == 404


def test_the_monthly_report_counts_attendance_staff_hours_and_income(app, client, parent, make_user):
    day, starts = _booked_day(app, parent)
    _as_educator(client, make_user)
    client.post(f"/policino/register/arrive?day={day.isoformat()}", data={"child": parent["child"],
                                                                           "at": _hhmm(starts[0])})
    client.post(f"/policino/register/leave?day={day.isoformat()}",
                data={"child": parent["child"], "picked_up_by": "Nonna Carla", "at": _hhmm(starts[2], 10)})
    client.post(f"/policino/families/{parent['family']}/cards", data={"method": "pos", "hours": "80"})
    client.post(f"/policino/families/{parent['family']}/payments",
                data={"amount": "5,25", "method": "cash", "paid_on": today_in_rome().isoformat()})
    month = day.strftime("%Y-%m")
    with app.test_request_context():
        report = services.monthly_report(*month_bounds(month))
    assert [(row.day, row.count.starts_at, row.count.booked, row.count.present) for row in report.rows] == [
        (day, starts[0], 1, 1), (day, starts[1], 1, 1), (day, starts[2], 0, 1)]
    assert report.half_hours == {"single": 3, "card": 0, "free": 0}  # two booked, one after a late pick-up
    if today_in_rome().strftime("%Y-%m") == month:
        assert report.income_cents == 20_000 + 525 and report.cards_sold == 1
    page = client.get(f"/policino/report?month={month}")
    assert page.status_code == 200 and "Lia" not in page.get_data(as_text=True)  # numbers, not children
    csv = client.get(f"/policino/report.csv?month={month}")
    assert csv.status_code == 200 and csv.get_data(as_text=True).splitlines()[0].startswith("date;half_hour")
    assert client.get("/policino/report?month=2026-13").status_code == 404


def test_the_weeks_activity_plan_is_published_and_mailed_once_to_who_asked(app, client, parent, make_user):
    assert client.post("/policino/family/plan-emails", data={"plan_emails": "y"}).status_code == 303
    _as_educator(client, make_user)
    monday = services.week_of(today_in_rome())
    missing = client.post("/policino/plan", data={"week_start": monday.isoformat(), "body_it": "Lettura",
                                                  "body_en": ""})
    assert missing.status_code == 422
    tuesday = client.post("/policino/plan", data={"week_start": (monday + timedelta(days=1)).isoformat(),
                                                  "body_it": "Lettura", "body_en": "Reading"})
    assert tuesday.status_code == 422 and "lunedì" in tuesday.get_data(as_text=True)
    data = {"week_start": monday.isoformat(), "body_it": "Lunedì: teatro\nMartedì: musica",
            "body_en": "Monday: theatre\nTuesday: music"}
    assert client.post("/policino/plan", data=data).status_code == 303
    assert client.post("/policino/plan", data=dict(data, body_it="Lunedì: teatro\nMartedì: lettura")
                       ).status_code == 303
    mails = [m for m in outbox(app, "genitore@example.edu") if "teatro" in m.body]
    assert len(mails) == 1  # a correction is not mailed again
    client.post("/auth/logout", data={})
    login(client, "genitore")
    assert "Martedì: lettura" in client.get("/policino/").get_data(as_text=True)


def test_educators_come_on_and_go_off_duty_with_their_times(app, client, parent, make_user):
    day, starts = _booked_day(app, parent)
    _as_educator(client, make_user)
    with app.test_request_context():
        educator_id = db.session.scalar(select(User.id).where(User.access_code == "educatrice"))
    url = f"/policino/register/staff/{{}}?day={day.isoformat()}"
    enter = {"educator": educator_id, "at": _hhmm(starts[0], -15)}
    assert client.post(url.format("enter"), data=enter).status_code == 303
    twice = client.post(url.format("enter"), data=enter)
    assert twice.status_code == 422 and "già in servizio" in twice.get_data(as_text=True)
    too_early = client.post(url.format("leave"), data={"educator": educator_id, "at": _hhmm(starts[0], -30)})
    assert too_early.status_code == 422
    assert client.post(url.format("leave"), data={"educator": educator_id, "at": _hhmm(starts[1], 10)}).status_code == 303
    overlapping = client.post(url.format("enter"), data={"educator": educator_id, "at": _hhmm(starts[1])})
    assert overlapping.status_code == 422, "a second stay cannot start before the first ended"
    not_an_educator = client.post(url.format("enter"), data={"educator": parent["user"].id, "at": _hhmm(starts[0])})
    assert not_an_educator.status_code == 422
    with app.test_request_context():
        stays = db.session.scalars(select(StaffPresence)).all()
        _, counts = services.register(day)
    assert [(stay.arrived_at.strftime("%H:%M"), stay.left_at.strftime("%H:%M")) for stay in stays] == [
        (_hhmm(starts[0], -15), _hhmm(starts[1], 10))]
    assert counts[0].staff == ("Mario Rossi",) and counts[1].staff == ("Mario Rossi",)
    page = client.get(f"/policino/register?day={day.isoformat()}").get_data(as_text=True)
    assert f"{_hhmm(starts[0], -15)}–{_hhmm(starts[1], 10)}" in page


def test_the_ratio_is_checked_against_the_educators_present_once_they_are_entered():
    six_children = dict(starts_at=time(16, 30), booked=6, present=6, educators=5, places=24)
    assert not services.BlockCount(**six_children, staff=("Anna",)).ratio_ok
    assert services.BlockCount(**six_children, staff=("Anna", "Bruno")).ratio_ok
    assert services.BlockCount(**six_children).ratio_ok, "nobody entered yet: only the places count"
    assert not services.BlockCount(starts_at=time(16, 30), booked=11, present=11, educators=2, places=10).ratio_ok


def test_the_report_names_the_educators_present_in_each_half_hour(app, client, parent, make_user):
    day, starts = _booked_day(app, parent)
    _as_educator(client, make_user)
    with app.test_request_context():
        educator_id = db.session.scalar(select(User.id).where(User.access_code == "educatrice"))
    client.post(f"/policino/register/arrive?day={day.isoformat()}", data={"child": parent["child"],
                                                                           "at": _hhmm(starts[0])})
    client.post(f"/policino/register/staff/enter?day={day.isoformat()}",
                data={"educator": educator_id, "at": _hhmm(starts[0])})
    client.post(f"/policino/register/staff/leave?day={day.isoformat()}",
                data={"educator": educator_id, "at": _hhmm(starts[1])})
    csv = client.get(f"/policino/report.csv?month={day.strftime('%Y-%m')}").get_data(as_text=True).splitlines()
    assert csv[0].endswith("educators_present;educator_names;within_places_and_ratio")
    first, second = csv[1].split(";"), csv[2].split(";")
    assert first[6:] == ["1", "Mario Rossi", "yes"] and second[6:8] == ["0", ""]
