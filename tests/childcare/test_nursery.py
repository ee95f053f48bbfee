"""Policino micro nido: the fee table, the ranking, offers and places, monthly fees, payments, the parent's month."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.auth.models import User
from portal.childcare import rules, services
from portal.childcare.models import NurseryCharge, NurseryFee, NurseryPlace, NurseryYear, Payment
from portal.core.mail import OutboxMail
from portal.core.rules import RuleViolation
from portal.extensions import db
from tests.childcare_nursery_factories import (
    BIRTH,
    MONTH,
    RANKING,
    START,
    TODAY,
    issue_month,
    nursery_family,
    nursery_year,
)
from tests.conftest import login


@pytest.fixture
def office(app, make_user):
    return make_user("ufficio", roles=("amministratore",), full_name="Ufficio Welfare")


def _sign_in(client, code):
    client.post("/auth/logout")
    assert login(client, code).status_code == 303


def test_only_the_office_edits_the_fee_table_and_a_bad_table_writes_nothing(app, client, office, make_user):
    year_id = nursery_year(app)
    make_user("edu", roles=("educatore",))
    _sign_in(client, "edu")
    assert client.get(f"/policino/nursery/years/{year_id}/fees").status_code == 403
    assert client.post(f"/policino/nursery/years/{year_id}/fees", data={}).status_code == 403
    _sign_in(client, "ufficio")
    page = client.get(f"/policino/nursery/years/{year_id}/fees")
    assert page.status_code == 200 and "290,00" in page.get_data(as_text=True)
    data = {"_".join(key): f"{cents / 100:.2f}".replace(".", ",") for key, cents in rules.TENDER_FEES.items()}
    bad = dict(data, ae_morning_high="170,00")  # lower than the 180,00 of the lower band
    response = client.post(f"/policino/nursery/years/{year_id}/fees", data=bad)
    assert response.status_code == 422
    assert "32.000" in response.get_data(as_text=True)  # the Italian message names the band
    for wrong in ("abc", "0", "-5", "99999999"):
        assert client.post(f"/policino/nursery/years/{year_id}/fees",
                           data=dict(data, f_full_time_single=wrong)).status_code == 422
    with app.app_context():
        assert db.session.get(NurseryFee, (year_id, "ae", "morning", "high")).cents == 21_500
    good = dict(data, ae_full_time_high="300,00")
    assert client.post(f"/policino/nursery/years/{year_id}/fees", data=good).status_code == 303
    with app.app_context():
        assert db.session.get(NurseryFee, (year_id, "ae", "full_time", "high")).cents == 30_000


def test_the_office_imports_a_ranking_preview_then_apply_and_a_bad_row_writes_nothing(app, client, office,
                                                                                       make_user):
    year_id = nursery_year(app)
    make_user("anna", roles=("genitore",), email="anna@example.edu")
    make_user("carlo", roles=("genitore",), email="carlo@example.edu")
    _sign_in(client, "anna")
    assert client.get(f"/policino/nursery/years/{year_id}/ranking").status_code == 403
    _sign_in(client, "ufficio")
    bad = RANKING + f"4;nobody@example.edu;Zoe;{BIRTH};a;full_time;;\n"
    response = client.post(f"/policino/nursery/years/{year_id}/ranking",
                           data={"file": (__import__("io").BytesIO(bad.encode()), "r.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Riga 5" in response.get_data(as_text=True) or "Line 5" in response.get_data(as_text=True)
    wrong_days = RANKING.replace("mon-wed-fri", "mon-wed")
    response = client.post(f"/policino/nursery/years/{year_id}/ranking",
                           data={"file": (__import__("io").BytesIO(wrong_days.encode()), "r.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 422 and "3" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(NurseryPlace)) == 0
    response = client.post(f"/policino/nursery/years/{year_id}/ranking",
                           data={"file": (__import__("io").BytesIO(RANKING.encode()), "r.csv")},
                           content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Mia Bianchi" in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(NurseryPlace)) == 0  # a preview writes nothing
    from portal.core.csvio import to_payload
    assert client.post(f"/policino/nursery/years/{year_id}/ranking/apply",
                       data={"payload": to_payload(RANKING.encode())}).status_code == 303
    with app.app_context():
        places = db.session.scalars(select(NurseryPlace).order_by(NurseryPlace.rank)).all()
        assert [(p.rank, p.child.full_name, p.attendance, p.days, p.isee_cents) for p in places] == [
            (1, "Leo Bianchi", "full_time", "", 4_000_000), (2, "Mia Bianchi", "vertical_3", "mon-wed-fri", 4_000_000),
            (3, "Ugo Verdi", "morning", "", None)]
        assert places[0].family_id == places[1].family_id
    # the same ranking again: refused, nothing doubled
    assert client.post(f"/policino/nursery/years/{year_id}/ranking/apply",
                       data={"payload": to_payload(RANKING.encode())}).status_code == 422


def test_preview_shows_each_fee_line_by_line_then_issue_once(app, client, office, make_user):
    year_id = nursery_year(app)
    two = nursery_family(app, make_user, "anna", [("Leo", "b", "full_time", 4_000_000), ("Mia", "b", "vertical_3",
                                                                                  4_000_000)])
    nursery_family(app, make_user, "franca", [("Ada", "f", "full_time", None), ("Bea", "f", "full_time", None)])
    nursery_family(app, make_user, "carlo", [("Ugo", "e", "morning", None)])
    _sign_in(client, "ufficio")
    month = MONTH.strftime("%Y-%m")
    html = client.get(f"/policino/nursery/years/{year_id}/charges?month={month}").get_data(as_text=True)
    # by hand: Leo 290,00; Mia 230,00 - 46,00 = 184,00; Ada 750,00; Bea 750,00 - 150,00 = 600,00; Ugo 215,00
    for figure in ("290,00", "230,00", "46,00", "184,00", "750,00", "150,00", "600,00", "215,00"):
        assert figure in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(NurseryCharge)) == 0
    assert client.post(f"/policino/nursery/years/{year_id}/charges/issue", data={"month": month}).status_code == 303
    assert client.post(f"/policino/nursery/years/{year_id}/charges/issue", data={"month": month}).status_code == 303
    with app.app_context():
        charges = {c.child.full_name: (c.base_cents, c.discount_cents, c.amount_cents, c.due_on)
                   for c in db.session.scalars(select(NurseryCharge))}
    due = MONTH.replace(day=5)
    assert charges == {"Leo anna": (29_000, 0, 29_000, due), "Mia anna": (23_000, 4_600, 18_400, due),
                       "Ada franca": (75_000, 0, 75_000, due), "Bea franca": (75_000, 15_000, 60_000, due),
                       "Ugo carlo": (21_500, 0, 21_500, due)}
    # a month the nursery does not run: refused, nothing written
    assert client.post(f"/policino/nursery/years/{year_id}/charges/issue",
                       data={"month": f"{START + 1}-08"}).status_code == 303
    assert client.post(f"/policino/nursery/years/{year_id}/charges/issue", data={"month": "nonsense"}).status_code \
        == 400
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(NurseryCharge)) == 5
    # an educator sees the preview but does not issue
    make_user("edu", roles=("educatore",))
    _sign_in(client, "edu")
    assert client.get(f"/policino/nursery/years/{year_id}/charges?month={month}").status_code == 200
    assert client.post(f"/policino/nursery/years/{year_id}/charges/issue", data={"month": month}).status_code == 403
    assert two["places"]


def test_the_desk_records_a_fee_payment_once_with_a_receipt(app, client, office, make_user):
    year_id = nursery_year(app)
    nursery_family(app, make_user, "carlo", [("Ugo", "e", "morning", None)])
    charge_id = issue_month(app)["Ugo carlo"]
    make_user("edu", roles=("educatore",))
    _sign_in(client, "edu")
    url = f"/policino/nursery/charges/{charge_id}/pay"
    assert client.post(url, data={"method": "pos", "paid_on": TODAY.isoformat()}).status_code == 303  # not allowed
    assert client.post(url, data={"method": "transfer", "paid_on": (TODAY + timedelta(days=1)).isoformat()}
                       ).status_code == 303  # in the future
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Payment)) == 0
    assert client.post(url, data={"method": "cheque", "paid_on": TODAY.isoformat()}).status_code == 303
    assert client.post(url, data={"method": "transfer", "paid_on": TODAY.isoformat()}).status_code == 303
    with app.app_context():
        payments = db.session.scalars(select(Payment)).all()
        assert [(p.amount_cents, p.method, p.purpose) for p in payments] == [(21_500, "cheque", "nursery")]
        assert db.session.get(NurseryCharge, charge_id).payment_id == payments[0].id
    assert client.post("/policino/nursery/charges/999999/pay", data={"method": "cheque"}).status_code == 404
    assert year_id


def test_unpaid_fees_past_the_5th_are_reminded_once_a_week(app, office, make_user):
    nursery_year(app)
    nursery_family(app, make_user, "carlo", [("Ugo", "e", "morning", None)])
    issue_month(app)
    with app.test_request_context():
        assert services.send_fee_reminders(MONTH.replace(day=5)) == 0  # due today: not yet
        assert services.send_fee_reminders(MONTH.replace(day=6)) == 1
        assert services.send_fee_reminders(MONTH.replace(day=12)) == 0  # reminded 6 days ago
        assert services.send_fee_reminders(MONTH.replace(day=13)) == 1
        db.session.commit()
        mails = db.session.scalars(select(OutboxMail).where(OutboxMail.to_addr == "carlo@example.edu")).all()
        assert len(mails) == 2 and "215,00" in mails[0].body


def test_the_cli_reminds_and_offers(app, office, make_user):
    nursery_year(app)
    nursery_family(app, make_user, "carlo", [("Ugo", "e", "morning", None)], status="waiting")
    result = app.test_cli_runner().invoke(args=["childcare", "nursery-remind"])
    assert result.exit_code == 0 and "1 places offered" in result.output


def test_offers_in_ranking_order_then_a_parent_accepts_and_others_cannot(app, client, office, make_user):
    year_id = nursery_year(app, places=2)
    first = nursery_family(app, make_user, "anna", [("Leo", "a", "full_time", None)], status="waiting")
    second = nursery_family(app, make_user, "carlo", [("Ugo", "e", "full_time", None)], status="waiting")
    third = nursery_family(app, make_user, "dora", [("Eva", "c", "full_time", None)], status="waiting")
    _sign_in(client, "ufficio")
    assert client.post(f"/policino/nursery/years/{year_id}/offers").status_code == 303
    with app.app_context():
        status = {p.child.full_name: p.status for p in db.session.scalars(select(NurseryPlace))}
        assert status == {"Leo anna": "offered", "Ugo carlo": "offered", "Eva dora": "waiting"}
    _sign_in(client, "carlo")
    assert client.post(f"/policino/nursery/places/{first['places'][0]}/accept").status_code == 404  # not his
    assert client.get("/policino/nursery").status_code == 200
    assert client.post(f"/policino/nursery/places/{second['places'][0]}/decline").status_code == 303
    _sign_in(client, "anna")
    assert client.post(f"/policino/nursery/places/{first['places'][0]}/accept").status_code == 303
    assert client.post(f"/policino/nursery/places/{first['places'][0]}/accept").status_code == 303  # refused
    with app.test_request_context():
        assert db.session.get(NurseryYear, year_id).taken == 1
        assert db.session.get(NurseryPlace, first["places"][0]).child.micro_nido
        # the declined place passes to the next in the ranking
        assert services.make_offers(None, db.session.get(NurseryYear, year_id)) == 1
        db.session.commit()
        assert db.session.get(NurseryPlace, third["places"][0]).status == "offered"
        # an offer past its day expires and is refused
        place = db.session.get(NurseryPlace, third["places"][0])
        place.expires_on = TODAY - timedelta(days=1)
        db.session.commit()
    _sign_in(client, "dora")
    assert client.post(f"/policino/nursery/places/{third['places'][0]}/accept").status_code == 303
    with app.app_context():
        assert db.session.get(NurseryPlace, third["places"][0]).status == "offered"
        assert db.session.get(NurseryYear, year_id).taken == 1


def test_forty_parents_accepting_the_last_place_at_once_leave_exactly_one_enrolled(app, office, make_user):
    year_id = nursery_year(app, places=20, taken=19)
    racers = []
    for index in range(40):
        family = nursery_family(app, make_user, f"g{index}", [("Bimbo", "a", "full_time", None)], status="offered")
        racers.append((family["user"].id, family["places"][0]))
    with app.app_context():
        db.session.execute(NurseryPlace.__table__.update().values(expires_on=TODAY + timedelta(days=3)))
        db.session.commit()
    barrier = threading.Barrier(len(racers))
    results: list[str] = []

    def race(user_id: int, place_id: int) -> None:
        barrier.wait()
        with app.test_request_context():
            user, place = db.session.get(User, user_id), db.session.get(NurseryPlace, place_id)
            try:
                services.accept_offer(user, place)
                db.session.commit()
                results.append("enrolled")
            except RuleViolation:
                db.session.rollback()
                results.append("full")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=race, args=racer) for racer in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count("enrolled") == 1 and results.count("full") == 39
    with app.app_context():
        assert db.session.get(NurseryYear, year_id).taken == 20
        assert db.session.scalar(select(func.count()).select_from(NurseryPlace)
                                 .where(NurseryPlace.status == "enrolled")) == 1


def test_the_attendance_type_changes_once_and_only_to_more_days(app, client, office, make_user):
    nursery_year(app)
    family = nursery_family(app, make_user, "anna", [("Leo", "a", "vertical_2", None)])
    other = nursery_family(app, make_user, "carlo", [("Ugo", "e", "vertical_2", None)])
    place_id = family["places"][0]
    _sign_in(client, "anna")
    url = f"/policino/nursery/places/{place_id}/attendance"
    assert client.get(url).status_code == 200
    assert client.get(f"/policino/nursery/places/{other['places'][0]}/attendance").status_code == 404
    assert client.post(url, data={"attendance": "vertical_3", "days": ["mon", "tue"]}).status_code == 422
    assert client.post(url, data={"attendance": "nonsense"}).status_code == 422
    with app.app_context():
        assert db.session.get(NurseryPlace, place_id).attendance == "vertical_2"
    assert client.post(url, data={"attendance": "vertical_3", "days": ["mon", "tue", "thu"]}).status_code == 303
    response = client.post(url, data={"attendance": "full_time"})
    assert response.status_code == 422
    with app.app_context():
        place = db.session.get(NurseryPlace, place_id)
        assert (place.attendance, place.days, place.attendance_changed_on) == ("vertical_3", "mon-tue-thu", TODAY)


def test_the_parent_reads_the_month_of_their_children_only(app, client, office, make_user):
    nursery_year(app)
    anna = nursery_family(app, make_user, "anna", [("Leo", "b", "full_time", 4_000_000), ("Mia", "b", "vertical_3",
                                                                                   4_000_000)])
    nursery_family(app, make_user, "carlo", [("Ugo", "e", "morning", None)])
    issue_month(app)
    _sign_in(client, "anna")
    html = client.get(f"/policino/nursery/month?month={MONTH:%Y-%m}").get_data(as_text=True)
    assert "Leo anna" in html and "Mia anna" in html and "184,00" in html and "46,00" in html
    assert "Ugo carlo" not in html
    assert client.get("/policino/nursery/month?month=2026-13").status_code == 404
    assert client.get("/policino/nursery/month?month=99999-01").status_code == 404
    _sign_in(client, "carlo")
    html = client.get(f"/policino/nursery/month?month={MONTH:%Y-%m}").get_data(as_text=True)
    assert "Ugo carlo" in html and "Leo anna" not in html
    assert anna["places"]


def test_the_nursery_pages_by_role(app, client, office, make_user):
    year_id = nursery_year(app)
    make_user("dip", roles=("dipendente",))
    _sign_in(client, "dip")
    for path in ("/policino/nursery", "/policino/nursery/month", "/policino/nursery/office",
                 f"/policino/nursery/years/{year_id}", f"/policino/nursery/years/{year_id}/charges"):
        assert client.get(path).status_code == 403, path
    _sign_in(client, "ufficio")
    assert client.get("/policino/nursery/office").status_code == 302
    assert client.get(f"/policino/nursery/years/{year_id}").status_code == 200
    assert client.get("/policino/nursery/years/99999").status_code == 404
    assert client.get(f"/policino/nursery/years/{year_id}/charges?month=1999-01").status_code == 200


def test_the_office_opens_a_year_with_the_tenders_table_and_not_twice(app, client, office):
    _sign_in(client, "ufficio")
    assert client.get("/policino/nursery/office").status_code == 200
    assert client.post("/policino/nursery/years", data={"start_year": "abc"}).status_code == 422
    assert client.post("/policino/nursery/years", data={"start_year": str(START)}).status_code == 303
    assert client.post("/policino/nursery/years", data={"start_year": str(START)}).status_code == 422
    with app.app_context():
        year = db.session.scalar(select(NurseryYear))
        assert year.fee_table() == rules.TENDER_FEES and (year.places, year.kept_for_part_time) == (20, 4)


def test_the_office_enters_an_applicant_by_hand_and_a_wrong_one_writes_nothing(app, client, office, make_user):
    year_id = nursery_year(app)
    make_user("anna", roles=("genitore",), email="anna@example.edu")
    url = f"/policino/nursery/years/{year_id}/applicants"
    _sign_in(client, "anna")
    assert client.get(url).status_code == 403
    _sign_in(client, "ufficio")
    assert client.get(url).status_code == 200
    good = {"parent_email": "anna@example.edu", "child_name": "Leo Bianchi", "birth_date": BIRTH.isoformat(),
            "category": "c", "attendance": "vertical_2", "days": ["mon", "thu"], "isee": "31.500,00", "grandchild": ""}
    for wrong in ({"grandchild": "yes"}, {"days": ["mon"]}, {"days": ["mon", "sun"]}, {"category": "z"},
                  {"isee": "tanto"}, {"parent_email": "nobody@example.edu"}, {"birth_date": str(TODAY)}, {"rank": "x"},
                  {"attendance": "weekends"}):
        response = client.post(url, data=dict(good, **wrong))
        assert response.status_code == 422, wrong
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(NurseryPlace)) == 0
    assert client.post(url, data=good).status_code == 303
    assert client.post(url, data=good).status_code == 422  # the same child twice
    assert client.post(url, data=dict(good, child_name="Mia Bianchi", rank="1")).status_code == 422  # rank taken
    assert client.post(url, data=dict(good, child_name="Mia Bianchi", isee="")).status_code == 303
    with app.app_context():
        places = db.session.scalars(select(NurseryPlace).order_by(NurseryPlace.rank)).all()
        assert [(p.rank, p.child.full_name, p.days, p.isee_cents) for p in places] == [
            (1, "Leo Bianchi", "mon-thu", 3_150_000), (2, "Mia Bianchi", "mon-thu", None)]


@pytest.mark.parametrize("name, value", [("PORTAL_CHILDCARE_NURSERY_PAYMENT_METHODS", "transfer,bitcoin"),
                                         ("PORTAL_CHILDCARE_NURSERY_OFFER_DAYS", "0"),
                                         ("PORTAL_CHILDCARE_NURSERY_MEAL_CENTS", "581")])
def test_wrong_nursery_settings_stop_the_start(name, value):
    from portal.config import ConfigError, portal_settings

    settings = portal_settings({})
    assert settings["PORTAL_CHILDCARE_NURSERY_PAYMENT_METHODS"] == ("transfer", "cheque")
    assert (settings["PORTAL_CHILDCARE_NURSERY_OFFER_DAYS"], settings["PORTAL_CHILDCARE_NURSERY_MEAL_CENTS"]) == (7, 580)
    assert portal_settings({"PORTAL_CHILDCARE_NURSERY_PAYMENT_METHODS": "transfer,cheque,pos"})[
        "PORTAL_CHILDCARE_NURSERY_PAYMENT_METHODS"] == ("transfer", "cheque", "pos")
    with pytest.raises(ConfigError, match=name.removeprefix("PORTAL_")):
        portal_settings({name: value})
