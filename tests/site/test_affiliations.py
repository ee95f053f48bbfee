"""The one flow for requests to affiliate a new provider (issue 20, point 3): who may ask for what, from which
service's pages, with which services switched on; one queue counted by both offices; one answer mail."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from portal.core.affiliations import AffiliationRequest
from portal.core.calendar import today_in_rome
from portal.extensions import db
from tests.conftest import login, outbox
from tests.helpers import visible_text

CHOSEN = re.compile(r'<input[^>]* checked [^>]*name="kind"[^>]*value="(\w+)"')
WALLET_KIND = "Un fornitore da pagare con il Conto Welfare"
DISCOUNTS_KIND = "Uno sconto presso un esercente"


def _form(client, query="") -> str:
    response = client.get(f"/affiliations{query}")
    assert response.status_code == 200
    return visible_text(response.get_data(as_text=True))


def test_staff_and_the_institution_choose_researchers_ask_for_a_discount_only(client, make_user):
    make_user("dipendente", roles=("dipendente",), accept_terms=True)
    make_user("ricercatrice", roles=("ricercatore",))
    make_user("dec", roles=("dec",))
    make_user("studente", roles=("studente",))
    make_user("ufficio", roles=("operatore_welfare",))
    for person, kinds in (("dec", {WALLET_KIND, DISCOUNTS_KIND}), ("ricercatrice", {DISCOUNTS_KIND})):
        login(client, person)
        page = _form(client)
        assert {kind for kind in (WALLET_KIND, DISCOUNTS_KIND) if kind in page} == kinds, person
        client.post("/auth/logout")
    for person in ("studente", "ufficio"):  # a student has no service that affiliates; the office answers, not asks
        login(client, person)
        assert client.get("/affiliations").status_code == 403, person
        client.post("/auth/logout")


def test_the_page_a_person_comes_from_chooses_the_kind_and_leads_back(client, signed_in):
    signed_in(roles=("dipendente",))
    from_wallet = client.get("/affiliations?kind=wallet").get_data(as_text=True)
    assert CHOSEN.findall(from_wallet) == ["wallet"] and 'href="/wallet/"' in from_wallet
    from_discounts = client.get("/affiliations?kind=discounts").get_data(as_text=True)
    assert CHOSEN.findall(from_discounts) == ["discounts"] and 'href="/discounts/"' in from_discounts
    odd = client.get("/affiliations?kind=" + "x" * 5000)  # an unknown kind chooses nothing, never a 500
    assert odd.status_code == 200 and " checked" not in odd.get_data(as_text=True)


def test_with_the_wallet_switched_off_staff_ask_for_discounts_only_and_without_either_the_pages_are_gone(
        app, client, signed_in):
    signed_in(roles=("dipendente", "operatore_welfare"))
    enabled = app.config["PORTAL_SERVICES"]
    try:
        app.config["PORTAL_SERVICES"] = tuple(key for key in enabled if key != "wallet")
        page = _form(client)
        assert DISCOUNTS_KIND in page and WALLET_KIND not in page
        assert client.post("/affiliations", data={"kind": "wallet", "name": "Nido", "reason": "x"}).status_code == 422
        app.config["PORTAL_SERVICES"] = ("caf", "childcare")
        assert client.get("/affiliations").status_code == 404
        assert client.get("/affiliations/manage").status_code == 404
    finally:
        app.config["PORTAL_SERVICES"] = enabled
    with app.app_context():
        assert db.session.scalar(select(AffiliationRequest)) is None


def test_one_queue_counted_by_both_offices_and_answered_in_the_persons_language(app, client, make_user):
    make_user("researcher", roles=("ricercatore",), locale="en", email="researcher@example.edu")
    make_user("ufficio", roles=("operatore_welfare", "dec"))
    login(client, "researcher")
    assert client.post("/affiliations", data={"kind": "discounts", "name": "CrossFit Lingotto", "town": "Torino",
                                              "reason": "A gym near the campus."}).status_code == 303
    page = visible_text(client.get("/affiliations").get_data(as_text=True))
    assert "CrossFit Lingotto · Waiting for an answer" in page
    client.post("/auth/logout")
    with app.app_context():
        row = db.session.scalar(select(AffiliationRequest))
        row.due_on = today_in_rome() - timedelta(days=1)  # past its 15 days
        db.session.commit()
        row_id = row.id
    login(client, "ufficio")
    home = visible_text(client.get("/").get_data(as_text=True))
    assert "1 segnalazione o richiesta da gestire" in home  # the discounts office's card
    assert "1 in ritardo" in visible_text(client.get("/wallet/manage").get_data(as_text=True))  # the wallet's page
    queue = visible_text(client.get("/affiliations/manage").get_data(as_text=True))
    assert "1 in attesa di risposta" in queue and "In ritardo" in queue and "Sconti" in queue
    assert client.post(f"/affiliations/manage/{row_id}", data={"status": "affiliated", "answer": ""}).status_code == 303
    mail = outbox(app, "researcher@example.edu")[-1]
    assert mail.subject.startswith("Your request to affiliate CrossFit Lingotto")
    assert "CrossFit Lingotto has joined: its offers appear among the discounts" in mail.body
    assert "/affiliations" in mail.body
    queue = visible_text(client.get("/affiliations/manage").get_data(as_text=True))
    assert "Nessuna richiesta in attesa." in queue and "Risposte recenti" in queue


def test_the_15_day_clock_marks_a_request_late_from_the_16th_day(app, client, make_user):
    """Asked today, due in 15 calendar days; on its due day it is still in time, the day after it is late (counted
    on the wallet's page, marked on the queue)."""
    make_user("dipendente", roles=("dipendente",))
    make_user("dec", roles=("dec",))
    login(client, "dipendente")
    for name in ("Nido Girotondo", "Piscina Comunale"):
        client.post("/affiliations", data={"kind": "wallet", "name": name, "reason": "Vicino alla sede."})
    today = today_in_rome()
    with app.app_context():
        rows = db.session.scalars(select(AffiliationRequest).order_by(AffiliationRequest.id)).all()
        assert [row.due_on for row in rows] == [today + timedelta(days=15)] * 2
        rows[0].due_on = today  # its 15th day: still in time
        rows[1].due_on = today - timedelta(days=1)  # its 16th day: late
        db.session.commit()
    mine = visible_text(client.get("/affiliations").get_data(as_text=True))  # the person is told too, once
    assert mine.count("In ritardo: l'ufficio ti deve ancora una risposta.") == 1
    late = mine.index("In ritardo: l'ufficio")
    assert mine.rindex("Piscina Comunale", 0, late) > mine.rfind("Nido Girotondo", 0, late)  # Piscina's, not Nido's
    client.post("/auth/logout")
    login(client, "dec")
    assert "1 in ritardo" in visible_text(client.get("/wallet/manage").get_data(as_text=True))
    queue = visible_text(client.get("/affiliations/manage").get_data(as_text=True))
    assert queue.count("In ritardo") == 1
    assert queue.index("Piscina Comunale") < queue.index("In ritardo") < queue.index("Nido Girotondo")


def test_a_switched_off_services_requests_leave_the_queue_and_cannot_be_answered(app, client, make_user):
    """Two open requests, one per service; with the wallet switched off the office sees and answers only the
    discount one (the wallet's stays stored, untouched, for when the wallet comes back)."""
    make_user("dipendente", roles=("dipendente",), accept_terms=True)
    make_user("ufficio", roles=("operatore_welfare",))
    login(client, "dipendente")
    for kind, name in (("wallet", "Nido Girotondo"), ("discounts", "Libreria Belgravia")):
        assert client.post("/affiliations", data={"kind": kind, "name": name, "town": "Torino",
                                                  "reason": "Vicino al campus."}).status_code == 303
    client.post("/auth/logout")
    with app.app_context():
        ids = {row.kind: row.id for row in db.session.scalars(select(AffiliationRequest))}
    login(client, "ufficio")
    enabled = app.config["PORTAL_SERVICES"]
    try:
        app.config["PORTAL_SERVICES"] = tuple(key for key in enabled if key != "wallet")
        queue = visible_text(client.get("/affiliations/manage").get_data(as_text=True))
        assert "Libreria Belgravia" in queue and "Nido Girotondo" not in queue
        assert "1 in attesa di risposta" in queue
        answer = {"status": "declined", "answer": "Troppo lontano."}
        assert client.post(f"/affiliations/manage/{ids['wallet']}", data=answer).status_code == 404
        assert client.post(f"/affiliations/manage/{ids['discounts']}", data=answer).status_code == 303
    finally:
        app.config["PORTAL_SERVICES"] = enabled
    with app.app_context():
        assert {row.kind: row.status for row in db.session.scalars(select(AffiliationRequest))} == {
            "wallet": "open", "discounts": "declined"}
