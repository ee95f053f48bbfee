"""Discounts portal's fixtures (made by tests/discounts_factories.py): a merchant with a running offer by code in
Alba, and people of each role."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests import discounts_factories


@pytest.fixture
def world(app, make_user):
    merchant = discounts_factories.merchant(app)
    offer = discounts_factories.offer(app, merchant)
    researcher = make_user("ricercatrice", roles=("ricercatore",), full_name="Elena Ricci")
    staff = make_user("dipendente", roles=("dipendente",), full_name="Marco Bianchi")
    office = make_user("ufficio", roles=("operatore_welfare",), full_name="Irene Costa")
    admin = make_user("amministra", roles=("amministratore",), full_name="Anna Ferraris")
    student = make_user("studente", roles=("studente",), full_name="Li Wei")
    return SimpleNamespace(merchant=merchant, offer=offer, researcher=researcher.id, staff=staff.id,
                           office=office.id, admin=admin.id, student=student.id)
