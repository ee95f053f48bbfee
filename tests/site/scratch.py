"""Throw-away databases for the copy, backup and restore tests: a SQLite file, or a PostgreSQL database with a
random name created next to TEST_DATABASE_URL's (on 127.0.0.1) and dropped afterwards."""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from portal import ROOT, create_app
from portal.config import normalise_database_url
from portal.extensions import db


def on_postgresql() -> bool:
    return os.environ.get("TEST_DATABASE_URL", "sqlite") != "sqlite"


class Scratch:
    def __init__(self, tmp_path):
        self.tmp_path, self.created = tmp_path, []
        self.base = make_url(normalise_database_url(os.environ["TEST_DATABASE_URL"])) if on_postgresql() else None

    def url(self, label: str) -> str:
        if self.base is None:
            return f"sqlite:///{self.tmp_path / f'{label}.sqlite3'}"
        name = f"portal_{label}_{uuid.uuid4().hex[:8]}"
        with create_engine(self.base, isolation_level="AUTOCOMMIT").connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        self.created.append(name)
        return self.base.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        if self.base is None:
            return
        engine = create_engine(self.base, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            for name in self.created:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


@contextmanager
def scratch_databases(tmp_path):
    scratch = Scratch(tmp_path)
    try:
        yield scratch
    finally:
        scratch.drop_all()


def app_on(url: str, uploads) -> object:
    """The portal on another database, as a deployment configured with DATABASE_URL would be."""
    return create_app({
        "TESTING": True, "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "SQLALCHEMY_DATABASE_URI": url, "PORTAL_ENV": "testing", "PORTAL_MAIL_BACKEND": "smtp",
        "PORTAL_ARGON2_TIME_COST": 1, "PORTAL_ARGON2_MEMORY_KIB": 1024, "PORTAL_ARGON2_PARALLELISM": 1,
        "PORTAL_BASE_URL": "http://localhost", "WTF_CSRF_ENABLED": False, "PORTAL_UPLOAD_DIR": str(uploads),
        "PORTAL_CACHE_URL": "memory://",
    })


def migrate(app) -> None:
    from flask_migrate import upgrade

    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        db.session.remove()


def dispose(app) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


# What the seeded production holds beyond the demo data, to be found nowhere in a masked copy.
PERSONAL = {
    "names": ["Anna Ferraris", "Marco Bianchi", "Li Wei", "Giulia Verdi", "Paolo Neri", "Amara Okafor",
              "Chiara Esposito", "Tommaso Verdi", "Alice Bianchi", "Chidi Okafor", "Lucia Bianchi", "Rosa Fontanella",
              "Giorgio Bianchi"],
    "emails": ["admin@example.edu", "marco.bianchi@example.edu", "li.wei@example.edu", "giulia.verdi@example.edu",
               "amara.okafor@example.com"],
    "codici_fiscali": ["BNCMRC80A01L219U", "BNCLCU10M41L219V"],
    "identifiers": ["10234567", "245678", "231456", "10987654", "054321"],
    "notes": ["celiachia", "allergia alle arachidi", "diabete", "terapia", "senza lattosio", "tachipirina",
              "2,5 ml di sciroppo", "se la febbre supera"],
    "phones": ["+39 011 555 0101", "+39 333 1234567"],
}


def seed_production(app) -> None:
    """The demo data, plus documents on disk, health notes, messages, a family member, a payroll file, audit
    events and a mail: every kind of personal data the portal keeps."""
    import io
    from datetime import date

    from sqlalchemy import select
    from werkzeug.datastructures import FileStorage

    from portal.auth.models import User
    from portal.caf.models import Document, Message, Practice
    from portal.childcare.models import Child, ChildDiet, ChildMedicine, Family, Meal, MealCount, PickupPerson
    from portal.core import audit, mail, uploads
    from portal.demo import seed
    from portal.site.placeholders import PLACEHOLDERS
    from portal.wallet import services as wallet_services
    from portal.wallet.models import (
        Certification,
        FamilyMember,
        PayrollBatch,
        Reimbursement,
        ReimbursementDocument,
        ReimbursementMessage,
        Wallet,
    )

    def upload(content_type: str, name: str, folder: str) -> uploads.StoredFile:
        data = PLACEHOLDERS[content_type][0] + b"%% secret content of " + name.encode()
        return uploads.store(FileStorage(io.BytesIO(data), filename=name), folder)

    with app.test_request_context():
        seed()
        marco = db.session.scalar(select(User).where(User.access_code == "dipendente"))
        marco.matricola = "054321"
        wallet = db.session.scalar(select(Wallet).where(Wallet.user_id == marco.id))
        wallet.matricola = "054321"
        wallet_services.post_entry(wallet, "purchase", 3_100, "Abbonamento GTT per Marco Bianchi", area="transport")
        daughter = FamilyMember(user_id=marco.id, full_name="Lucia Bianchi", relationship="child",
                                birth_date=date(2010, 8, 1), codice_fiscale="BNCLCU10M41L219V",
                                fiscally_dependent=True)
        db.session.add(daughter)
        db.session.flush()
        request = Reimbursement(wallet_id=wallet.id, offer_id=1, beneficiary_id=daughter.id, tax_rule="education",
                                amount_cents=45_000, expense_date=date(2026, 2, 10),
                                provider_name="Studio dentistico Dott.ssa Rosa Fontanella")
        db.session.add(request)
        db.session.flush()
        document = ReimbursementDocument(reimbursement_id=request.id, uploaded_by_id=marco.id)
        document.keep(upload("application/pdf", "fattura Lucia Bianchi.pdf", "wallet"))
        db.session.add(document)
        db.session.add(ReimbursementMessage(reimbursement_id=request.id, author_id=marco.id, status_after="submitted",
                                            body="Lucia Bianchi ha la celiachia, allego la fattura."))
        certification = Certification(user_id=marco.id, plan_year_id=wallet.plan_year_id, kind="dependency",
                                      family_member_id=daughter.id, note="Certificato: diabete di Lucia")
        certification.keep(upload("image/png", "certificato.png", "wallet"))
        db.session.add(certification)
        db.session.add(PayrollBatch(month="2026-02", created_by_id=marco.id, rows=1, total_cents=45_000, content=(
            "codice_fiscale;matricola;importo;nome\r\nBNCMRC80A01L219U;054321;450,00;Marco Bianchi\r\n")))

        practice = db.session.scalar(select(Practice))
        caf_file = Document(practice_id=practice.id, kind="identity", uploaded_by_id=practice.student.user_id)
        caf_file.keep(upload("image/jpeg", "passaporto Amara Okafor.jpg", "caf"))
        db.session.add(caf_file)
        db.session.add(Message(practice_id=practice.id, author_id=practice.student.user_id,
                               body="Mio padre Chidi Okafor è in terapia, il reddito è più basso."))

        family = db.session.scalar(select(Family).where(Family.parent_id == marco.id))
        family.phone = "+39 333 1234567"
        child = db.session.scalar(select(Child).where(Child.family_id == family.id))
        child.allergies, child.notes = "allergia alle arachidi", "celiachia: pasti senza glutine"
        db.session.add(PickupPerson(family_id=family.id, full_name="Giorgio Bianchi", relationship_to_child="nonno",
                                    phone="+39 011 555 0101"))
        # the child's card and a meal count (a Saturday: the demo's counts are on school days): health data, blanked
        # in a copy
        db.session.add(ChildDiet(child_id=child.id, description="dieta senza lattosio", medical=True,
                                 certificate_expires_on=date(2027, 6, 30)))
        db.session.add(ChildMedicine(child_id=child.id, name="tachipirina", dose="2,5 ml di sciroppo",
                                     schedule="se la febbre supera 38,5", authorised_by_id=marco.id))
        db.session.add(MealCount(day=date(2026, 11, 7), meals=1, special_diets=1))
        db.session.flush()
        db.session.add(Meal(day=date(2026, 11, 7), child_id=child.id, family_id=family.id,
                            diet="dieta senza lattosio"))

        audit.record("user.updated", user=marco, actor=marco, email="marco.bianchi@example.edu",
                     name="Marco Bianchi")
        audit.record("login.failure", reason="unknown_access_code", access_code="BNCMRC80A01L219U")
        mail.enqueue(marco.email, "it", "access_code", user=marco, link="http://localhost/x")
        db.session.commit()
