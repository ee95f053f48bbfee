"""Discounts portal's rows for tests in any folder (and the bench): plain functions, which each folder's conftest (or
test) uses."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import insert

from portal.core.calendar import today_in_rome
from portal.discounts.models import DiscountOffer, Merchant
from portal.extensions import db

PROVINCES = ("TO", "CN", "AT", "AL", "NO", "VC", "BI", "VB")
TOWNS = {"TO": "Torino", "CN": "Cuneo", "AT": "Asti", "AL": "Alessandria", "NO": "Novara", "VC": "Vercelli",
         "BI": "Biella", "VB": "Verbania"}
CATEGORIES = ("food", "sport", "culture", "travel", "health", "services", "shopping", "home")


def merchant(app, name: str = "Cicli Ruota Libera") -> int:
    with app.app_context():
        row = Merchant(name=name, website="https://ruotalibera.example.it")
        db.session.add(row)
        db.session.commit()
        return row.id


def offer(app, merchant_id: int, **fields) -> int:
    """A running, published offer redeemed by code in Alba (CN), unless told otherwise: its id."""
    today = today_in_rome()
    values = {"title": "20% su ogni riparazione della bici", "category": "sport", "redeem": "code",
              "code": "UNIBICI20", "town": "Alba", "province": "CN", "address": "Via Cavour 12",
              "valid_from": today - timedelta(days=10), "valid_to": today + timedelta(days=60),
              "published_on": today - timedelta(days=10), "conditions": "Una volta per persona al giorno."}
    values.update(fields)
    with app.app_context():
        row = DiscountOffer(merchant_id=merchant_id, **values)
        db.session.add(row)
        db.session.commit()
        return row.id


def bulk_offers(app, count: int, merchants: int = 200) -> None:
    """`count` running offers of `merchants` merchants across the eight provinces, in two INSERTs."""
    today = today_in_rome()
    with app.app_context():
        first = db.session.execute(insert(Merchant).returning(Merchant.id), [
            {"name": f"Bottega {number:04d}", "website": "", "phone": ""} for number in range(merchants)]).scalars()
        ids = list(first)
        db.session.execute(insert(DiscountOffer), [
            {"merchant_id": ids[number % len(ids)], "title": f"Sconto {number % 30 + 5}% da Bottega {number:04d}",
             "category": CATEGORIES[number % 8], "redeem": ("code", "card", "link")[number % 3],
             "code": f"UNI{number:05d}" if number % 3 == 0 else "",
             "link": "https://shop.example.it" if number % 3 == 2 else "", "conditions": "",
             "address": "Via Roma 1", "town": TOWNS[PROVINCES[number % 8]], "province": PROVINCES[number % 8],
             "valid_from": today - timedelta(days=number % 20), "valid_to": today + timedelta(days=30 + number % 90),
             "published_on": today - timedelta(days=number % 40)} for number in range(count)])
        db.session.commit()
