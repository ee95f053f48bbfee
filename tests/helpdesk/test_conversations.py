"""The help desk through requests: opening a conversation from a service's page, files, the live thread and its
304s, the office's answers (ready ones in the person's language, internal notes kept from the person), mails that
never carry a sensitive answer, hand-over, logged calls, closing and rating, the FAQ and the satisfaction figures."""

from __future__ import annotations

import io
from datetime import datetime

from sqlalchemy import func, select

from portal.core.calendar import ROME
from portal.extensions import db
from portal.helpdesk.models import Conversation, HelpAttachment, HelpMessage, ReadyAnswer
from tests.conftest import login, outbox
from tests.helpers import visible_text

HX = {"HX-Request": "true"}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def open_one(client, topic="wallet", subject="Rimborso dell'asilo", body="Quando arriva il rimborso?", **extra):
    response = client.post("/help/new", data={"topic": topic, "subject": subject, "body": body, **extra},
                           content_type="multipart/form-data")
    assert response.status_code == 303, visible_text(response.get_data(as_text=True))[:2000]
    return response.headers["Location"]


def switch(client, access_code):
    client.post("/auth/logout")
    login(client, access_code)


def test_need_help_is_on_every_page_and_the_wallet_page_preselects_the_wallet(app, client, people):
    login(client, "dipendente")
    home = client.get("/").get_data(as_text=True)
    assert "Serve aiuto?" in visible_text(home)
    assert 'href="/help/new?from=discounts"' in client.get("/discounts/").get_data(as_text=True)
    page = client.get("/help/new?from=wallet").get_data(as_text=True)
    assert '<option selected value="wallet">' in page
    assert '<option selected value="wallet">' not in client.get("/help/new?from=site").get_data(as_text=True)


def test_a_person_opens_a_conversation_with_a_file_and_the_office_answers(app, client, people):
    login(client, "dipendente")
    location = open_one(client, files=[(io.BytesIO(PNG), "ricevuta.png")])
    page = visible_text(client.get(location).get_data(as_text=True))
    assert "Quando arriva il rimborso?" in page and "ricevuta.png" in page
    with app.app_context():
        found = db.session.scalar(select(Conversation))
        assert (found.topic, found.status, found.user_id, found.channel) == ("wallet", "open", people.staff, "chat")
        attachment = db.session.scalar(select(HelpAttachment))
    assert client.get(f"/help/files/{attachment.id}").data == PNG
    switch(client, "ufficio")
    assert "Rimborso dell'asilo" in visible_text(client.get("/help/queue?topic=wallet").get_data(as_text=True))
    assert client.post(f"{location}/messages", data={"body": "Arriva con lo stipendio di dicembre."}).status_code == 303
    with app.app_context():
        found = db.session.get(Conversation, found.id)
        assert found.status == "waiting_user" and found.assignee_id == people.office
        assert found.first_response_at is not None
    assert client.get(f"/help/files/{attachment.id}").data == PNG  # the office opens it (and it is audited)


def test_bad_input_is_refused_with_a_reason_and_nothing_is_written(app, client, people):
    login(client, "dipendente")
    response = client.post("/help/new", data={"topic": "wallet", "subject": "", "body": ""})
    assert response.status_code == 422
    assert "Scriva un messaggio." in visible_text(response.get_data(as_text=True))
    response = client.post("/help/new", data={"topic": "anomaly", "subject": "x", "body": "y"})  # not theirs
    assert response.status_code == 422
    response = client.post("/help/new", data={"topic": "wallet", "subject": "x", "body": "y",
                                              "files": [(io.BytesIO(b"MZ\x90 not a document"), "virus.pdf")]},
                           content_type="multipart/form-data")
    assert response.status_code == 422
    assert "non è un file PDF, JPEG o PNG" in visible_text(response.get_data(as_text=True))
    response = client.post("/help/new", data={"topic": "wallet", "subject": "x", "body": "y" * 5001})
    assert response.status_code == 422
    assert count(app, Conversation) == 0 and count(app, HelpMessage) == 0 and count(app, HelpAttachment) == 0


def test_the_live_thread_answers_304_until_the_office_writes(app, client, people):
    login(client, "dipendente")
    location = open_one(client)
    first = client.get(f"{location}/thread", headers=HX)
    assert first.status_code == 200 and first.headers["ETag"]
    again = client.get(f"{location}/thread", headers={**HX, "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    office = app.test_client()
    login(office, "ufficio")
    office.post(f"{location}/messages", data={"body": "Ecco la risposta."})
    changed = client.get(f"{location}/thread", headers={**HX, "If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200
    assert "Ecco la risposta." in visible_text(changed.get_data(as_text=True))
    assert client.get(f"{location}/thread").status_code == 303  # not htmx: the whole page


def test_internal_notes_and_their_files_never_reach_the_person(app, client, people):
    login(client, "dipendente")
    location = open_one(client)
    switch(client, "ufficio")
    client.post(f"{location}/messages", data={"body": "Nota: verificare la busta paga.", "internal": "y",
                                              "files": [(io.BytesIO(PNG), "busta.png")]},
                content_type="multipart/form-data")
    assert "Nota: verificare" in visible_text(client.get(location).get_data(as_text=True))
    with app.app_context():
        note_file = db.session.scalar(select(HelpAttachment)).id
        assert db.session.scalar(select(Conversation.status)) == "open"  # a note is not an answer
    assert outbox(app) == []
    switch(client, "dipendente")
    assert "Nota: verificare" not in visible_text(client.get(location).get_data(as_text=True))
    assert "Nota: verificare" not in client.get(f"{location}/thread", headers=HX).get_data(as_text=True)
    assert client.get(f"/help/files/{note_file}").status_code == 404


def test_a_ready_answer_goes_out_in_the_persons_language(app, client, people):
    with app.app_context():
        answer = ReadyAnswer(topic="wallet", title_it="Tempi del rimborso", title_en="Refund times",
                             body_it="Il rimborso arriva con lo stipendio.", body_en="The refund comes with your pay.")
        db.session.add(answer)
        db.session.commit()
        answer_id = answer.id
    login(client, "altro")  # Sara writes in English
    location = open_one(client, subject="Refund", body="When?")
    switch(client, "ufficio")  # Irene works in Italian
    page = visible_text(client.get(location).get_data(as_text=True))
    assert "Tempi del rimborso" in page
    client.post(f"{location}/close", data={"close-ready_answer": str(answer_id), "close-body": "Buona giornata."})
    with app.app_context():
        last = db.session.scalar(select(HelpMessage).where(HelpMessage.from_staff.is_(True)))
        assert last.body == "The refund comes with your pay.\n\nBuona giornata."
        assert db.session.scalar(select(Conversation.status)) == "closed"


def test_the_mail_of_a_sensitive_answer_carries_a_link_and_never_the_words(app, client, people):
    login(client, "dipendente")
    wallet = open_one(client)
    discounts = open_one(client, topic="discounts", subject="Codice", body="Il codice non va.")
    switch(client, "ufficio")
    client.post(f"{wallet}/messages", data={"body": "Il tuo ISEE risulta 12.000 euro."})
    client.post(f"{discounts}/messages", data={"body": "Prova il codice UNI20."})
    sent = outbox(app, "dipendente@example.edu")
    assert len(sent) == 2
    assert "12.000" not in sent[0].body and f"http://localhost{wallet}" in sent[0].body and sent[0].sensitive
    assert "Prova il codice UNI20." in sent[1].body and f"http://localhost{discounts}" in sent[1].body


def test_the_office_logs_a_phone_call_and_the_person_sees_it_as_a_call(app, client, people):
    login(client, "dipendente")
    location = open_one(client)
    switch(client, "ufficio")
    assert client.post(f"{location}/call", data={"call-body": "Spiegato al telefono come chiedere il rimborso."}
                       ).status_code == 303
    switch(client, "dipendente")
    page = visible_text(client.get(location).get_data(as_text=True))
    assert "Telefonata" in page and "Spiegato al telefono" in page


def test_hand_over_moves_the_conversation_to_another_office(app, client, people):
    login(client, "studente")
    location = open_one(client, topic="caf", subject="ISEE", body="Which documents?")
    switch(client, "caf")
    response = client.post(f"{location}/hand-over", data={"handover-topic": "portal", "handover-note": "Domanda sul portale."})
    assert response.status_code == 303 and response.headers["Location"].endswith("/help/queue")
    assert client.get(location).status_code == 404  # no longer the CAF's
    switch(client, "ufficio")
    assert "Domanda sul portale." in visible_text(client.get(location).get_data(as_text=True))


def test_rating_once_and_only_after_closing(app, client, people):
    login(client, "dipendente")
    location = open_one(client)
    assert client.post(f"{location}/rate", data={"rate-rating": "5"}).status_code == 422
    client.post(f"{location}/close")
    assert client.post(f"{location}/rate", data={"rate-rating": "9"}).status_code == 422
    assert client.post(f"{location}/rate", data={"rate-rating": "4"}).status_code == 303
    assert client.post(f"{location}/rate", data={"rate-rating": "1"}).status_code == 422
    with app.app_context():
        assert db.session.scalar(select(Conversation.rating)) == 4
    assert "Soddisfatto" in visible_text(client.get(location).get_data(as_text=True))
    switch(client, "dec")
    page = visible_text(client.get("/help/satisfaction").get_data(as_text=True))
    assert "1 conversazione chiusa" in page and "1 valutazione, media 4 su 5" in page
    switch(client, "dipendente")  # a second answer rated 5: the average 4.5 reads the Italian way
    second = open_one(client, subject="Altro")
    client.post(f"{second}/close")
    assert client.post(f"{second}/rate", data={"rate-rating": "5"}).status_code == 303
    switch(client, "dec")
    page = visible_text(client.get("/help/satisfaction").get_data(as_text=True))
    assert "2 valutazioni, media 4,5 su 5" in page and "5: 1 · 4: 1 · 3: 0 · 2: 0 · 1: 0" in page


def test_the_faq_shows_published_answers_and_finds_them_by_word(app, client, people):
    with app.app_context():
        db.session.add_all([
            ReadyAnswer(topic="portal", title_it="Come cambio la password?", title_en="How do I change my password?",
                        body_it="Dal tuo profilo.", body_en="From your profile.", published=True),
            ReadyAnswer(topic="portal", title_it="Nota interna", title_en="Internal", body_it="x", body_en="x"),
            ReadyAnswer(topic="wallet", title_it="Scadenza del credito", title_en="When the credit expires",
                        body_it="Il 31 dicembre.", body_en="On 31 December.", published=True)])
        db.session.commit()
    login(client, "studente")
    page = visible_text(client.get("/help/faq").get_data(as_text=True))
    assert "Come cambio la password?" not in page  # the student reads English
    assert "How do I change my password?" in page
    assert "Internal" not in page and "When the credit expires" not in page  # not a student's topic
    assert "How do I change" not in visible_text(client.get("/help/faq?q=credit").get_data(as_text=True))
    assert "How do I change" in visible_text(client.get("/help/faq?q=profile").get_data(as_text=True))


def test_outside_the_opening_hours_the_page_says_when_the_answer_comes(app, client, people, monkeypatch):
    from portal.helpdesk import services

    saturday = datetime(2026, 11, 28, 10, 0, tzinfo=ROME)
    monkeypatch.setattr(services, "now", lambda: saturday)
    monkeypatch.setattr("portal.helpdesk.routes._common.today_in_rome", lambda: saturday.date())
    login(client, "dipendente")
    assert "ti risponderemo da lunedì alle 9:00" in visible_text(client.get("/help/new").get_data(as_text=True))
    thursday_evening = datetime(2026, 12, 3, 18, 0, tzinfo=ROME)
    monkeypatch.setattr(services, "now", lambda: thursday_evening)
    monkeypatch.setattr("portal.helpdesk.routes._common.today_in_rome", lambda: thursday_evening.date())
    assert "ti risponderemo da domani alle 9:00" in visible_text(client.get("/help/").get_data(as_text=True))
    early = datetime(2026, 12, 3, 7, 45, tzinfo=ROME)
    monkeypatch.setattr(services, "now", lambda: early)
    client.post("/auth/logout")
    login(client, "altro")  # Sara reads English
    assert "we will answer from 9:00 today" in visible_text(client.get("/help/new").get_data(as_text=True))
    open_hour = datetime(2026, 12, 3, 10, 0, tzinfo=ROME)
    monkeypatch.setattr(services, "now", lambda: open_hour)
    assert "closed now" not in visible_text(client.get("/help/new").get_data(as_text=True))


def test_the_anomaly_topic_is_the_institutions_with_a_five_day_clock(app, client, people, monkeypatch):
    from portal.helpdesk.services import conversations

    friday = datetime(2026, 11, 27, 16, 0, tzinfo=ROME)
    monkeypatch.setattr(conversations, "now", lambda: friday)
    login(client, "dec")
    location = open_one(client, topic="anomaly", subject="Pagina lenta", body="Il registro è lento.")
    with app.app_context():
        found = db.session.scalar(select(Conversation))
        assert found.resolution_due_at == datetime(2026, 12, 4, 16, 0, tzinfo=ROME)  # 5 working days
        assert found.first_due_at == datetime(2026, 11, 30, 11, 30, tzinfo=ROME)
    switch(client, "ufficio")
    assert client.get(location).status_code == 200
