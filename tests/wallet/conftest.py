from datetime import date
from decimal import Decimal

import pytest

from portal.extensions import db
from portal.wallet import services
from portal.wallet.models import PlanYear, Wallet


@pytest.fixture
def plan_year(app):
    """The plan of the current year (the wallet pages look for today's plan)."""
    from portal.core.calendar import today_in_rome

    with app.test_request_context():
        year = today_in_rome().year
        row = PlanYear(**services.default_plan_values(year))
        db.session.add(row)
        db.session.commit()
        return db.session.get(PlanYear, row.id)


@pytest.fixture
def make_wallet(app, plan_year):
    def factory(user, allocation_cents=180_000, coefficient="1"):
        with app.test_request_context():
            wallet = Wallet(user_id=user.id, plan_year_id=plan_year.id, coefficient=Decimal(coefficient),
                            matricola="012345", hired_on=date(2015, 9, 1), balance_cents=0, revision=0)
            db.session.add(wallet)
            db.session.flush()
            if allocation_cents:
                services.post_entry(wallet, "allocation", allocation_cents, "Conto Welfare")
            db.session.commit()
            return db.session.get(Wallet, wallet.id)

    return factory
