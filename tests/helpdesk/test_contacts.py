"""A call or an e-mail from a person with no conversation on it yet (issue 20, point 8): the office logs it by hand
as a new conversation in the person's name; the person finds it, with the office's summary, and is told by mail."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.extensions import db
from portal.helpdesk.models import Conversation, HelpMessage
from tests.conftest import login, outbox
from tests.helpers import visible_text

CALL = {"person": "dipendente", "channel": "phone", "topic": "wallet", "subject": "Rimborso del nido",
        "body": "Ha chiesto quando arriva il rimborso: spiegato che il bonifico parte con lo stipendio."}


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_the_office_logs_a_call_in_the_persons_name_and_the_person_reads_it(app, client, people):
    login(client, "ufficio")
    form = visible_text(client.get("/help/contacts/new").get_data(as_text=True))
    assert "Registra una telefonata o un'e-mail" in form
    response = client.post("/help/contacts/new", data=CALL)
    assert response.status_code == 303
    with app.app_context():
        found = db.session.scalar(select(Conversation))
        message = db.session.scalar(select(HelpMessage))
        assert (found.user_id, found.assignee_id, found.channel, found.status) == (
            people.staff, people.office, "phone", "waiting_user")
        assert found.first_response_at is not None and message.from_staff and message.channel == "phone"
        conversation_id = found.id
    assert response.headers["Location"].endswith(f"/help/c/{conversation_id}")
    mail = outbox(app)[-1]
    assert "Spiegato" not in mail.body and f"/help/c/{conversation_id}" in mail.body  # wallet: a link, no words
    client.post("/auth/logout")
    login(client, "dipendente")
    page = visible_text(client.get(f"/help/c/{conversation_id}").get_data(as_text=True))
    assert "Telefonata" in page and "spiegato che il bonifico parte con lo stipendio" in page


def test_the_person_is_found_by_e_mail_whatever_the_case(app, client, people):
    with app.app_context():
        from portal.auth.models import User
        email = db.session.get(User, people.staff).email
    login(client, "ufficio")
    response = client.post("/help/contacts/new", data={**CALL, "channel": "email", "person": f" {email.upper()} "})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Conversation.user_id)) == people.staff
        assert db.session.scalar(select(Conversation.channel)) == "email"


def test_an_unknown_person_a_topic_they_do_not_use_or_not_the_offices_writes_nothing(app, client, people):
    login(client, "ufficio")
    refusals = [
        ({"person": "nessuno"}, "Nessuno ha questo codice di accesso o indirizzo e-mail."),
        ({"person": "ufficio"}, "Nessuno ha questo codice di accesso o indirizzo e-mail."),  # oneself
        ({"person": "studente"}, "Li Wei non usa questo servizio: scegli un altro argomento."),  # no wallet
        ({"topic": "caf"}, "Non è una opzione valida"),  # the CAF's office answers it, not the welfare office
        ({"channel": "chat"}, "Non è una opzione valida"),
        ({"subject": " "}, "Di' in poche parole di che cosa si tratta."),
        ({"body": "x" * 5001}, "5000"),
    ]
    for change, words in refusals:
        response = client.post("/help/contacts/new", data={**CALL, **change})
        assert response.status_code == 422, change
        text = visible_text(response.get_data(as_text=True))
        assert words in text, (change, words)
    assert _count(app, Conversation) == 0 and _count(app, HelpMessage) == 0


def test_only_an_office_logs_a_contact(app, client, people):
    for code in ("dipendente", "dec", "studente"):
        login(client, code)
        assert client.get("/help/contacts/new").status_code == 403, code
        assert client.post("/help/contacts/new", data=CALL).status_code == 403, code
        client.post("/auth/logout")
    login(client, "caf")  # the CAF's office logs a CAF call for a student
    response = client.post("/help/contacts/new", data={**CALL, "person": "studente", "topic": "caf",
                                                       "subject": "ISEE", "body": "Which documents: explained."})
    assert response.status_code == 303
    assert _count(app, Conversation) == 1
