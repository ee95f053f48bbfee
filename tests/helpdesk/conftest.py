"""Help desk's fixtures: people of each side (a staff member, the welfare office, the CAF office, the institution)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest


@pytest.fixture
def people(app, make_user):
    staff = make_user("dipendente", roles=("dipendente",), full_name="Marco Bianchi")
    other = make_user("altro", roles=("dipendente",), full_name="Sara Gallo", locale="en")
    office = make_user("ufficio", roles=("operatore_welfare",), full_name="Irene Costa")
    office2 = make_user("ufficio2", roles=("operatore_welfare",), full_name="Paolo Neri")
    caf = make_user("caf", roles=("operatore_caf",), full_name="Luca Verdi")
    admin = make_user("amministra", roles=("amministratore",), full_name="Anna Ferraris")
    dec = make_user("dec", roles=("dec",), full_name="Giulia Marino")
    student = make_user("studente", roles=("studente",), full_name="Li Wei", locale="en")
    return SimpleNamespace(staff=staff.id, other=other.id, office=office.id, office2=office2.id, caf=caf.id,
                           admin=admin.id, dec=dec.id, student=student.id)
