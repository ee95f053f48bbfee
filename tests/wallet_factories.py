"""Conto Welfare rows for tests in any folder: plain functions, which each folder's conftest turns into fixtures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from portal.core.calendar import today_in_rome
from portal.extensions import db
from portal.wallet import services
from portal.wallet.models import Offer, PlanYear, Provider, RulesAcceptance, Wallet


def plan_year(app) -> PlanYear:
    """The welfare plan of the current year (the wallet pages look for today's plan)."""
    with app.test_request_context():
        row = PlanYear(**services.default_plan_values(today_in_rome().year))
        db.session.add(row)
        db.session.commit()
        return db.session.get(PlanYear, row.id)


def wallet(app, plan_year: PlanYear, user, allocation_cents=180_000, coefficient="1", accept_rules=True) -> Wallet:
    """A wallet of the plan year, allocated through the ledger; its owner has accepted the plan's rules."""
    with app.test_request_context():
        already = db.session.scalar(select(RulesAcceptance.id).where(RulesAcceptance.user_id == user.id))
        if accept_rules and already is None:
            db.session.add(RulesAcceptance(user_id=user.id, version=1))
        row = Wallet(user_id=user.id, plan_year_id=plan_year.id, coefficient=Decimal(coefficient),
                     matricola="012345", hired_on=date(2015, 9, 1), balance_cents=0, revision=0)
        db.session.add(row)
        db.session.flush()
        if allocation_cents:
            services.post_entry(row, "allocation", allocation_cents, "Conto Welfare")
        db.session.commit()
        return db.session.get(Wallet, row.id)


def reimbursement_categories(app) -> dict[str, int]:
    """Four kinds of expense paid back in cash, by name: school, utilities, transport, care."""
    with app.app_context():
        provider = Provider(name="Asili")
        db.session.add(provider)
        db.session.flush()
        school = Offer(provider_id=provider.id, area="education", tax_rule="education", use="reimbursement",
                       title_it="Rette scolastiche", title_en="School fees", description_it="d", description_en="d",
                       data_shared_it="x", data_shared_en="x")
        utilities = Offer(provider_id=provider.id, area="fringe", tax_rule="fringe", use="reimbursement",
                          title_it="Bollette", title_en="Utility bills", description_it="d", description_en="d",
                          data_shared_it="x", data_shared_en="x")
        # For the employee themselves (art. 51 c.2 d-bis): school fees are only for family members.
        transport = Offer(provider_id=provider.id, area="care_leisure", tax_rule="transport", use="reimbursement",
                          title_it="Abbonamento annuale GTT", title_en="GTT yearly pass", description_it="d",
                          description_en="d", data_shared_it="x", data_shared_en="x")
        care = Offer(provider_id=provider.id, area="care_leisure", tax_rule="care", use="reimbursement",
                     title_it="Assistenza domiciliare", title_en="Home care", description_it="d", description_en="d",
                     data_shared_it="x", data_shared_en="x")
        db.session.add_all([school, utilities, transport, care])
        db.session.commit()
        return {"school": school.id, "utilities": utilities.id, "transport": transport.id, "care": care.id}
