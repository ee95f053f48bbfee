"""Nobody reaches a conversation or a file that is not theirs: another person, another service's office, and the
institution's roles on a welfare conversation all get 404 — the page, the live thread, the files and every action."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.helpdesk.models import Conversation, HelpAttachment
from tests.conftest import login

HX = {"HX-Request": "true"}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def welfare(app, client, people):
    """Marco's wallet conversation with a file (a payslip), answered by the welfare office."""
    login(client, "dipendente")
    response = client.post("/help/new", data={"topic": "tax", "subject": "Figlio disabile",
                                              "body": "Mio figlio ha una disabilità: quali spese rientrano?",
                                              "files": [(io.BytesIO(PNG), "certificato.png")]},
                           content_type="multipart/form-data")
    assert response.status_code == 303
    client.post("/auth/logout")
    with app.app_context():
        conversation = db.session.scalar(select(Conversation))
        attachment = db.session.scalar(select(HelpAttachment))
        return conversation.id, attachment.id


def _every_door(client, conversation_id: int, attachment_id: int) -> dict[str, int]:
    base = f"/help/c/{conversation_id}"
    return {
        "page": client.get(base).status_code,
        "thread": client.get(f"{base}/thread", headers=HX).status_code,
        "file": client.get(f"/help/files/{attachment_id}").status_code,
        "write": client.post(f"{base}/messages", data={"body": "x"}).status_code,
        "close": client.post(f"{base}/close").status_code,
        "rate": client.post(f"{base}/rate", data={"rate-rating": "5"}).status_code,
        "take": client.post(f"{base}/take").status_code,
        "call": client.post(f"{base}/call", data={"call-body": "x"}).status_code,
        "hand-over": client.post(f"{base}/hand-over", data={"handover-topic": "portal", "handover-note": "x"}).status_code,
    }


@pytest.mark.parametrize("access_code", ["altro", "dec", "amministra", "caf", "studente"])
def test_nobody_else_reaches_a_welfare_conversation_or_its_file(app, client, welfare, access_code):
    conversation_id, attachment_id = welfare
    login(client, access_code)
    doors = _every_door(client, conversation_id, attachment_id)
    assert set(doors.values()) == {404}, doors
    with app.app_context():
        found = db.session.get(Conversation, conversation_id)
        assert (found.status, found.assignee_id, found.topic) == ("open", None, "tax")


def test_the_institutions_roles_cannot_open_the_welfare_queue(app, client, welfare):
    login(client, "dec")
    assert client.get("/help/queue?topic=tax").status_code == 403
    assert client.get("/help/answers").status_code == 403
    assert client.get("/help/satisfaction").status_code == 200  # counts only, no conversation


def test_a_person_with_the_dec_role_as_well_as_the_welfare_office_still_gets_404(app, client, make_user, welfare):
    make_user("doppio", roles=("operatore_welfare", "dec"), full_name="Doppio Ruolo")
    login(client, "doppio")
    conversation_id, attachment_id = welfare
    assert client.get(f"/help/c/{conversation_id}").status_code == 404
    assert client.get(f"/help/files/{attachment_id}").status_code == 404


def test_the_welfare_office_and_the_person_do_reach_it(app, client, welfare):
    conversation_id, attachment_id = welfare
    login(client, "ufficio")
    assert client.get(f"/help/c/{conversation_id}").status_code == 200
    assert client.get(f"/help/files/{attachment_id}").status_code == 200
    client.post("/auth/logout")
    login(client, "dipendente")
    assert client.get(f"/help/c/{conversation_id}").status_code == 200
    assert client.get(f"/help/files/{attachment_id}").status_code == 200


def test_a_cached_thread_is_never_served_to_someone_else(app, client, welfare):
    """The live thread's cache entry is per conversation and per user: Marco's cached thread does not answer Sara."""
    conversation_id, _attachment_id = welfare
    login(client, "dipendente")
    mine = client.get(f"/help/c/{conversation_id}/thread", headers=HX)
    assert mine.status_code == 200
    other = app.test_client()
    login(other, "altro")
    response = other.get(f"/help/c/{conversation_id}/thread", headers={**HX, "If-None-Match": mine.headers["ETag"]})
    assert response.status_code == 404


def test_huge_and_unknown_ids_are_404(app, client, welfare):
    login(client, "dipendente")
    for path in ("/help/c/99999999999999999999", "/help/c/0", "/help/files/99999999999", "/help/answers/123"):
        assert client.get(path).status_code in (403, 404), path


def test_odd_half_years_in_the_address_never_give_a_500(client, people):
    login(client, "dec")
    for half in ("²²²²-1", "٢٠٢٦-1", "9999-2", "0000-1", "2026-3", "x" * 500):
        assert client.get(f"/help/satisfaction?half={half}").status_code == 200, half
