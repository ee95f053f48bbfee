"""The live balance must stay cheap with the real population loaded: 1,050 wallets, 50,000 entries."""

from datetime import date

import pytest
from sqlalchemy import insert, select

from portal.auth.models import User
from portal.extensions import db
from portal.wallet.models import LedgerEntry, RulesAcceptance, Wallet
from tests.conftest import login, sql_statements


@pytest.fixture
def population(app, plan_year, make_user):
    """1,050 staff wallets and 50,000 ledger entries, inserted in bulk."""
    me = make_user()
    with app.app_context():
        db.session.add(RulesAcceptance(user_id=me.id, version=1))
        db.session.execute(insert(User), [
            {"access_code": f"staff{i:04d}", "email": f"staff{i}@example.edu", "full_name": f"Staff {i}",
             "locale": "it", "password_hash": "x", "must_change_password": False} for i in range(1, 1050)])
        user_ids = [me.id] + list(db.session.scalars(select(User.id).where(User.access_code.like("staff%"))))
        db.session.execute(insert(Wallet), [
            {"user_id": user_id, "plan_year_id": plan_year.id, "coefficient": 1, "hired_on": date(2015, 1, 1),
             "balance_cents": 180_000 - 47 * 100, "allocated_cents": 180_000, "spent_cents": 47 * 100,
             "pending_cents": 0, "revision": 48} for user_id in user_ids])
        wallet_ids = list(db.session.scalars(select(Wallet.id)))
        rows = []
        for wallet_id in wallet_ids:
            rows.append({"wallet_id": wallet_id, "kind": "allocation", "amount_cents": 180_000, "description": ""})
            rows += [{"wallet_id": wallet_id, "kind": "purchase", "amount_cents": -100, "description": "caffè"}
                     for _ in range(47)]
        db.session.execute(insert(LedgerEntry), rows[:50_000])
        db.session.commit()
    return me


def _count_statements(app, client, path, headers=None) -> tuple[int, int]:
    responses = []
    statements = sql_statements(app, lambda: responses.append(client.get(path, headers=headers or {})))
    return responses[0].status_code, len(statements)


def test_wallet_page_and_live_balance_use_few_statements(app, client, population):
    login(client)
    client.get("/")  # warm the shared cache, as a running portal has it
    status, page_statements = _count_statements(app, client, "/wallet/")
    assert status == 200 and page_statements <= 6  # 6th: the fringe-benefit meter, in one statement
    status, fragment_statements = _count_statements(app, client, "/wallet/balance", {"HX-Request": "true"})
    assert status == 200 and fragment_statements <= 2
