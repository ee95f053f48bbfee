"""Fixtures of the services the site-wide tests use (made by the same factories as each service's own tests)."""

from __future__ import annotations

from functools import partial

import pytest

from tests import wallet_factories


@pytest.fixture
def plan_year(app):
    return wallet_factories.plan_year(app)


@pytest.fixture
def make_wallet(app, plan_year):
    """make_wallet(user, allocation_cents=180_000, coefficient="1", accept_rules=True): a wallet of this year."""
    return partial(wallet_factories.wallet, app, plan_year)


@pytest.fixture
def categories(app):
    return wallet_factories.reimbursement_categories(app)

