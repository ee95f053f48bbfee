"""Demonstration accounts for `make run`: one per role, loaded idempotently."""

from __future__ import annotations

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
    return users
