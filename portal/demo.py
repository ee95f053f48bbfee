"""Demonstration accounts for `make run`: one per role, loaded idempotently."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from portal.auth.models import User
from portal.auth.services import hash_password
from portal.extensions import db

DEMO_PASSWORD = "lampone-fiume-27-vela"
FIRST_ACCESS_PASSWORD = "primo-accesso-demo"

# access code, full name, e-mail, locale, roles, extra identifiers
DEMO_USERS = (
    ("admin", "Anna Ferraris", "admin@example.edu", "it", {"amministratore"}, {}),
    ("dipendente", "Marco Bianchi", "marco.bianchi@example.edu", "it", {"dipendente", "genitore"},
     {"codice_fiscale": "BNCMRC80A01L219U"}),
    ("studente", "Li Wei", "li.wei@example.edu", "en", {"studente"}, {"codice_persona": "10234567", "matricola": "245678"}),
    ("genitore", "Giulia Verdi", "giulia.verdi@example.edu", "it", {"genitore", "studente"}, {"matricola": "231456"}),
    ("operatore", "Paolo Neri", "paolo.neri@caf.example.it", "it", {"operatore_caf"}, {}),
    ("educatore", "Sara Gallo", "sara.gallo@example.it", "it", {"educatore"}, {}),
    ("tutor", "Luca Conti", "luca.conti@example.it", "it", {"tutor"}, {}),
    ("dec", "Elena Greco", "elena.greco@example.edu", "it", {"dec"}, {}),
)


def seed() -> list[User]:
    """Create what is missing; never overwrite accounts that exist (someone may be using them)."""
    users = []
    for code, name, email, locale, roles, extra in DEMO_USERS:
        user = db.session.scalar(select(User).where(User.access_code == code))
        if user is None:
            user = User(access_code=code, full_name=name, email=email, locale=locale, active=True,
                        password_hash=hash_password(DEMO_PASSWORD), must_change_password=False, **extra)
            user.set_roles(roles)
            db.session.add(user)
        users.append(user)
    newcomer = db.session.scalar(select(User).where(User.access_code == "nuovo"))
    if newcomer is None:
        newcomer = User(access_code="nuovo", full_name="Chiara Esposito", email="chiara.esposito@example.edu",
                        locale="it", active=True, password_hash=hash_password(FIRST_ACCESS_PASSWORD),
                        must_change_password=True)
        newcomer.set_roles({"dipendente"})
        db.session.add(newcomer)
    users.append(newcomer)
    db.session.flush()
    _seed_wallets(users)
    return users


def _seed_wallets(users: list[User]) -> None:
    """This year's welfare plan and a wallet for each demo staff member."""
    from portal.core.calendar import today_in_rome
    from portal.wallet import services as wallet_services
    from portal.wallet.models import PlanYear, Wallet
    from portal.wallet.rules import allocation_cents

    year = today_in_rome().year
    plan_year = db.session.scalar(select(PlanYear).where(PlanYear.year == year))
    if plan_year is None:
        plan_year = PlanYear(**wallet_services.default_plan_values(year))
        db.session.add(plan_year)
        db.session.flush()
    for user, coefficient in ((users[1], Decimal("1")), (users[-1], Decimal("0.5"))):
        if wallet_services.wallet_of(user, plan_year) is None:
            wallet = Wallet(user_id=user.id, plan_year_id=plan_year.id, coefficient=coefficient, matricola=None,
                            hired_on=date(year - 5, 9, 1), balance_cents=0, revision=0)
            db.session.add(wallet)
            db.session.flush()
            wallet_services.post_entry(wallet, "allocation",
                                       allocation_cents(plan_year.amount_cents, coefficient), f"Conto Welfare {year}")
