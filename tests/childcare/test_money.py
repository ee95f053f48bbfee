"""Policino money: cards sold at the desk, payments with yearly receipt numbers, statements, membership cards."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.childcare.models import Card, Family, Payment
from portal.core.calendar import today_in_rome
from portal.extensions import db
from tests.childcare.test_booking import _book, first_blocks, open_day
from tests.conftest import login


def _as_educator(client, make_user):
    client.post("/auth/logout", data={})
    make_user("educatrice", roles=("educatore",))
    login(client, "educatrice")


def test_the_desk_sells_a_card_and_records_payments_each_with_the_next_receipt(app, client, parent, make_user):
    day = open_day()
    blocks = first_blocks(day, 2)
    _book(client, parent["child"], day, blocks[0], blocks[1])  # 2 single half hours: 3,50
    _as_educator(client, make_user)
    desk = client.get(f"/policino/families/{parent['family']}").get_data(as_text=True)
    assert "Lia Rossi" in desk and "3,50" in desk
    assert client.post(f"/policino/families/{parent['family']}/cards",
                       data={"method": "pos", "hours": "80"}).status_code == 303
    bad = client.post(f"/policino/families/{parent['family']}/payments",
                      data={"amount": "-3", "method": "cash", "paid_on": today_in_rome().isoformat()})
    assert bad.status_code == 422
    future = client.post(f"/policino/families/{parent['family']}/payments",
                         data={"amount": "3,50", "method": "cash",
                               "paid_on": (today_in_rome() + timedelta(days=1)).isoformat()})
    assert future.status_code == 422
    assert client.post(f"/policino/families/{parent['family']}/payments",
                       data={"amount": "3,50", "method": "cash", "paid_on": today_in_rome().isoformat()}
                       ).status_code == 303
    with app.app_context():
        payments = db.session.scalars(select(Payment).order_by(Payment.id)).all()
        year = today_in_rome().year
        assert [(p.purpose, p.amount_cents, p.receipt_number, p.receipt_year) for p in payments] == [
            ("card", 20_000, 1, year), ("hours", 350, 2, year)]
        card = db.session.scalar(select(Card))
        assert (card.blocks_total, card.blocks_used, card.price_cents) == (160, 0, 20_000)
        receipt_id = payments[1].id
    client.post("/auth/logout", data={})
    login(client, "genitore")
    account = client.get("/policino/account").get_data(as_text=True)
    assert "Ricevuta 2/" in account and ">80<" in account
    receipt = client.get(f"/policino/receipts/{receipt_id}").get_data(as_text=True)
    assert "3,50" in receipt and "Contanti" in receipt


def test_a_receipt_of_another_family_is_404(app, client, parent, make_user):
    _as_educator(client, make_user)
    client.post(f"/policino/families/{parent['family']}/cards", data={"method": "transfer", "hours": "80"})
    with app.app_context():
        payment_id = db.session.scalar(select(Payment.id))
    client.post("/auth/logout", data={})
    make_user("altro", roles=("genitore",))
    login(client, "altro")
    assert client.get(f"/policino/receipts/{payment_id}").status_code == 404
    assert client.get("/policino/receipts/999999").status_code == 404
    assert client.get(f"/policino/families/{parent['family']}").status_code == 403


def test_an_other_family_books_after_approval_with_a_membership_card(app, client, parent, make_user):
    with app.app_context():
        db.session.get(Family, parent["family"]).category = "other"
        db.session.commit()
    day = open_day(2, 3)  # 'other' families may book 3 days ahead
    if not first_blocks(day, 1):
        return
    _as_educator(client, make_user)
    too_much = client.post(f"/policino/families/{parent['family']}/membership",
                           data={"price": "60", "months": "12", "method": "cash"})
    assert too_much.status_code == 422 and "50,00" in too_much.get_data(as_text=True)
    too_long = client.post(f"/policino/families/{parent['family']}/membership",
                           data={"price": "50", "months": "13", "method": "cash"})
    assert too_long.status_code == 422
    assert client.post(f"/policino/families/{parent['family']}/membership",
                       data={"price": "50", "months": "12", "method": "cash"}).status_code == 303
    with app.app_context():
        family = db.session.get(Family, parent["family"])
        assert family.approved_at is not None
        assert family.membership_valid_until > today_in_rome() + timedelta(days=360)
        assert db.session.scalar(select(Payment.purpose)) == "membership"
    client.post("/auth/logout", data={})
    login(client, "genitore")
    start = first_blocks(day, 1)[0]
    assert _book(client, parent["child"], day, start, start).status_code == 303


@pytest.mark.parametrize("method,path", [
    ("get", "/policino/families/999999"), ("post", "/policino/families/999999/payments"),
    ("post", "/policino/families/999999/cards"), ("post", "/policino/families/999999/membership"),
    ("get", "/policino/receipts/999999"), ("post", "/policino/calendar/2099-01-01/delete"),
    ("post", "/policino/calendar/not-a-day/delete")])
def test_unknown_ids_give_404_to_the_desk(client, signed_in, method, path):
    signed_in(roles=("educatore",), access_code="educatrice")
    assert getattr(client, method)(path).status_code == 404


@pytest.mark.parametrize("method,path", [
    ("get", "/policino/children/999999"), ("post", "/policino/bookings/999999/cancel"),
    ("post", "/policino/pickups/999999/delete"), ("get", "/policino/receipts/999999")])
def test_unknown_ids_give_404_to_parents(client, parent, method, path):
    assert getattr(client, method)(path).status_code == 404
