"""Identifiers cannot be claimed: they come from the account the university provisioned; on an account without any,
an operator links what the student says after checking it (audited old -> new); once a practice is sent they are
frozen, and each outcome keeps the identifiers it was decided for."""

import json

import pytest
from sqlalchemy import func, select

from portal.caf import services
from portal.caf.models import Event, Practice, Report, Student
from portal.core.audit import AuditEvent
from portal.core.rules import RuleViolation
from portal.extensions import db
from tests.caf.conftest import worked_example_practice
from tests.conftest import login


def switch_to(client, access_code: str) -> None:
    client.post("/auth/logout")
    assert login(client, access_code).status_code == 303


def test_the_profile_shows_the_accounts_identifiers_and_refuses_another(app, client, make_user):
    make_user("studente", roles=("studente",), locale="en", codice_persona="12345678")
    switch_to(client, "studente")
    form = client.get("/caf/profile").get_data(as_text=True)
    assert "12345678" in form and "Given by the university to your account" in form
    assert 'name="codice_persona"' not in form  # nothing to type
    claimed = client.post("/caf/profile", data={"codice_persona": "87654321", "matricola": "", "kind": "abroad",
                                                "country": "JP"})
    assert claimed.status_code == 422
    assert "not the identifier the university gave your account" in claimed.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Student.id))) == 0
    saved = client.post("/caf/profile", data={"kind": "abroad", "country": "JP"})
    assert saved.status_code == 303
    with app.app_context():
        student = db.session.scalars(select(Student)).one()
        assert (student.codice_persona, student.matricola, student.claimed_codice_persona) == ("12345678", None, None)


def test_on_an_account_without_identifiers_the_student_only_claims_one(app, client, make_user):
    make_user("studente", roles=("studente",), locale="en")
    switch_to(client, "studente")
    assert client.post("/caf/profile", data={"codice_persona": "12345678", "kind": "abroad",
                                             "country": "JP"}).status_code == 303
    with app.app_context():
        student = db.session.scalars(select(Student)).one()
        assert (student.codice_persona, student.claimed_codice_persona) == (None, "12345678")
    form = client.get("/caf/profile").get_data(as_text=True)
    assert 'value="12345678"' in form and "The CAF checks it and links it" in form


def _submitted_unlinked(app, make_user):
    """A candidate whose account has no identifiers, with a claim and a practice sent."""
    user = make_user("studente", roles=("studente",), locale="en", full_name="Aiko Tanaka")
    with app.test_request_context():
        student = services.save_student(user, "12345678", "", "abroad", "JP", "")
        practice = worked_example_practice(user, student.id)
        services.submit(user, practice, declaration=True)
        db.session.commit()
        assert (practice.codice_persona, practice.matricola) == (None, None)
        return user, practice.id


def test_an_operator_links_the_claimed_identifiers_after_checking_them_audited(app, client, make_user, usd_rate):
    user, practice_id = _submitted_unlinked(app, make_user)
    make_user("operatore", roles=("operatore_caf",), locale="en")
    operator = make_user("operatore2", roles=("operatore_caf",), locale="en")
    with app.test_request_context():
        practice = db.session.get(Practice, practice_id)
        services.take(operator, practice)
        with pytest.raises(RuleViolation, match="codice persona or matricola first|codice persona o la matricola"):
            services.decide(operator, practice, set())  # nothing goes to the university without identifiers
        db.session.rollback()
        assert db.session.scalar(select(func.count(Report.id))) == 0
        db.session.commit()
    switch_to(client, "operatore")
    page = client.get(f"/caf/practices/{practice_id}").get_data(as_text=True)
    assert "The student says: codice persona 12345678" in page
    unchecked = client.post(f"/caf/practices/{practice_id}/identifiers", data={"codice_persona": "12345678"})
    assert unchecked.status_code == 422 and "Confirm that you checked" in unchecked.get_data(as_text=True)
    bad = client.post(f"/caf/practices/{practice_id}/identifiers", data={"codice_persona": "1234", "checked": "y"})
    assert bad.status_code == 422
    with app.app_context():
        assert db.session.get(Practice, practice_id).codice_persona is None
    linked = client.post(f"/caf/practices/{practice_id}/identifiers",
                         data={"codice_persona": "12345678", "matricola": "", "checked": "y"})
    assert linked.status_code == 303
    with app.app_context():
        practice = db.session.get(Practice, practice_id)
        assert (practice.codice_persona, practice.student.codice_persona) == ("12345678", "12345678")
        assert practice.student.claimed_codice_persona is None
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.event == "caf.identifiers_linked")).one()
        assert json.loads(event.details)["old_codice_persona"] is None
        assert json.loads(event.details)["new_codice_persona"] == "12345678"
        assert event.user_id == user.id
        assert db.session.scalar(select(Event.detail).where(Event.kind == "identifiers_linked")) == \
            "codice persona — → 12345678, matricola — → —"
    corrected = client.post(f"/caf/practices/{practice_id}/identifiers",
                            data={"codice_persona": "12345679", "checked": "y"})
    assert corrected.status_code == 303  # a mistake is corrected before the outcome, old -> new in the log
    with app.test_request_context():
        details = [json.loads(row.details) for row in db.session.scalars(
            select(AuditEvent).where(AuditEvent.event == "caf.identifiers_linked").order_by(AuditEvent.id))]
        assert (details[1]["old_codice_persona"], details[1]["new_codice_persona"]) == ("12345678", "12345679")
        report = services.decide(operator, db.session.get(Practice, practice_id), set())
        db.session.commit()
        assert report.codice_persona == "12345679"
    frozen = client.post(f"/caf/practices/{practice_id}/identifiers", data={"codice_persona": "12345678",
                                                                           "checked": "y"})
    assert frozen.status_code == 422 and "can no longer change" in frozen.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Practice, practice_id).codice_persona == "12345679"


def test_the_link_is_refused_for_a_provisioned_account_or_another_accounts_identifier(app, client, make_user,
                                                                                      make_student):
    user, practice_id = _submitted_unlinked(app, make_user)
    make_user("proprietario", roles=("studente",), matricola="654321")
    make_user("operatore", roles=("operatore_caf",), locale="en")
    switch_to(client, "operatore")
    owned = client.post(f"/caf/practices/{practice_id}/identifiers", data={"matricola": "654321", "checked": "y"})
    assert owned.status_code == 422 and "belongs to another account" in owned.get_data(as_text=True)
    other, other_id = make_student("altro", codice_persona="87654321")
    with app.test_request_context():
        practice = worked_example_practice(other, other_id)
        services.submit(other, practice, declaration=True)
        db.session.commit()
        provisioned_id = practice.id
    refused = client.post(f"/caf/practices/{provisioned_id}/identifiers",
                          data={"codice_persona": "11111111", "checked": "y"})
    assert refused.status_code == 422 and "come from the account" in refused.get_data(as_text=True)
    assert client.post(f"/caf/practices/{practice_id}/identifiers",
                       data={"codice_persona": "12345678", "checked": "y"}).status_code == 303
    switch_to(client, "studente")
    assert client.post(f"/caf/practices/{practice_id}/identifiers",
                       data={"codice_persona": "12345678", "checked": "y"}).status_code == 403


def test_once_a_practice_is_sent_its_identifiers_are_frozen(app, make_user, make_student, operator, usd_rate):
    """The university corrects the account after the practice was sent: the practice and its outcome keep the
    identifiers it was sent with; a practice sent afterwards gets the new ones."""
    user, student_id = make_student()
    with app.test_request_context():
        practice = worked_example_practice(user, student_id)
        services.submit(user, practice, declaration=True)
        db.session.commit()
        practice_id = practice.id
        db.session.execute(type(user).__table__.update().where(type(user).id == user.id)
                           .values(codice_persona="87654321", matricola="654321"))
        db.session.commit()
        student = services.save_student(db.session.get(type(user), user.id), "", "", "abroad", "JP", "")
        assert (student.codice_persona, student.matricola) == ("87654321", "654321")
        practice = db.session.get(Practice, practice_id)
        services.take(operator, practice)
        report = services.decide(operator, practice, set())
        assert (report.codice_persona, report.matricola) == ("12345678", None)
        later = services.open_in_person(operator, student, None)
        assert (later.codice_persona, later.matricola) == ("87654321", "654321")
