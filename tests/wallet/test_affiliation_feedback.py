from datetime import date, timedelta

from sqlalchemy import func, select

from portal.core.affiliations import AffiliationRequest
from portal.core.calendar import today_in_rome
from portal.extensions import db
from portal.wallet import rules
from portal.wallet.models import Feedback, Preferences
from tests.conftest import login, outbox
from tests.helpers import visible_text


def test_affiliation_is_due_in_15_calendar_days():
    assert rules.affiliation_due(date(2026, 12, 20)) == date(2027, 1, 4)
    assert not rules.affiliation_overdue("open", date(2026, 3, 15), date(2026, 3, 15))
    assert rules.affiliation_overdue("open", date(2026, 3, 15), date(2026, 3, 16))
    assert not rules.affiliation_overdue("declined", date(2026, 3, 15), date(2026, 3, 16))


def _staff(app, signed_in):
    return signed_in(access_code="impiegata", email="impiegata@example.edu")


def test_affiliation_request_flow(app, client, signed_in, make_user):
    """Staff ask for a provider from the wallet's pages; the request joins the one queue shared with the discounts
    portal (portal.core.affiliations), which the wallet's office page counts and the office answers."""
    worker_user = _staff(app, signed_in)
    feedback = client.get("/wallet/feedback").get_data(as_text=True)
    assert 'href="/affiliations?kind=wallet"' in feedback  # the wallet's page leads to the one form
    old = client.get("/wallet/providers/request")  # the old address (bookmarks, old mails) leads there too
    assert old.status_code == 301 and old.headers["Location"].endswith("/affiliations?kind=wallet")
    form = visible_text(client.get("/affiliations?kind=wallet").get_data(as_text=True))
    assert "Un fornitore da pagare con il Conto Welfare" in form and "Uno sconto presso un esercente" in form
    bad = client.post("/affiliations?kind=wallet", data={"kind": "wallet", "name": "", "reason": "",
                                                         "website": "ftp:x"})
    assert bad.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AffiliationRequest)) == 0
    ok = client.post("/affiliations?kind=wallet", data={"kind": "wallet", "name": "Piscina Comunale", "town": "Torino",
                                                        "reason": "Corsi di nuoto per bambini"})
    assert ok.status_code == 303
    with app.app_context():
        row = db.session.scalar(select(AffiliationRequest))
        assert row.kind == "wallet" and row.requested_by_id == worker_user.id
        assert row.due_on == today_in_rome() + timedelta(days=15)
        row.due_on = today_in_rome() - timedelta(days=1)
        db.session.commit()
        row_id = row.id
    watcher = app.test_client()  # the institution follows the queue and its clock
    make_user(access_code="dec", roles=("dec",))
    login(watcher, "dec")
    assert "1 in ritardo" in watcher.get("/wallet/manage").get_data(as_text=True)
    assert watcher.get("/wallet/manage/affiliations").headers["Location"].endswith("/affiliations/manage")
    page = visible_text(watcher.get("/affiliations/manage").get_data(as_text=True))
    assert "In ritardo" in page and "Piscina Comunale" in page and "Conto Welfare" in page
    assert watcher.post(f"/affiliations/manage/{row_id}", data={"status": "affiliated"}).status_code == 403
    manager = app.test_client()  # the welfare provider's office answers
    make_user(access_code="ufficio", roles=("operatore_welfare",))
    login(manager, "ufficio")
    no_reason = manager.post(f"/affiliations/manage/{row_id}", data={"status": "declined"})
    assert no_reason.status_code == 422 and "Scrivi il motivo" in no_reason.get_data(as_text=True)
    done = manager.post(f"/affiliations/manage/{row_id}", data={"status": "affiliated", "answer": "Fatto."})
    assert done.status_code == 303
    mail = outbox(app, "impiegata@example.edu")[-1]
    assert "Piscina Comunale" in mail.subject and "catalogo del Conto Welfare" in mail.body
    again = manager.post(f"/affiliations/manage/{row_id}", data={"status": "declined", "answer": "x"})
    assert again.status_code == 422
    assert client.get("/affiliations/manage").status_code == 403
    assert "Fatto." in visible_text(client.get("/affiliations").get_data(as_text=True))


def test_feedback_on_five_levels_and_opt_in_emails(app, client, signed_in):
    user = _staff(app, signed_in)
    assert client.post("/wallet/feedback", data={"comment": "senza voto"}).status_code == 422
    assert client.post("/wallet/feedback", data={"rating": "6"}).status_code == 422
    assert client.post("/wallet/feedback", data={"rating": "4", "comment": "Comodo"}).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Feedback.rating)) == 4
        assert db.session.get(Preferences, user.id) is None  # opt-in: nothing until asked
    page = client.get("/wallet/feedback").get_data(as_text=True)
    assert "Molto soddisfatto" in page and 'name="info_emails"' in page and "checked" not in page.split('name="info_emails"')[1][:40]
    client.post("/wallet/preferences", data={"info_emails": "y"})
    with app.app_context():
        assert db.session.get(Preferences, user.id).info_emails is True
    client.post("/wallet/preferences", data={})
    with app.app_context():
        assert db.session.get(Preferences, user.id).info_emails is False


def test_information_emails_reach_only_those_who_opted_in_in_their_language(app, client, signed_in, make_user):
    yes_it = make_user(access_code="si.it", email="si.it@example.edu")
    yes_en = make_user(access_code="si.en", email="si.en@example.edu", locale="en")
    make_user(access_code="no", email="no@example.edu")
    with app.app_context():
        db.session.add_all([Preferences(user_id=yes_it.id, info_emails=True),
                            Preferences(user_id=yes_en.id, info_emails=True)])
        db.session.commit()
    signed_in(roles=("amministratore",), access_code="admin")
    assert client.post("/wallet/manage/info-email", data={"subject_it": "x"}).status_code == 422
    response = client.post("/wallet/manage/info-email", data={
        "subject_it": "Nuovi servizi", "subject_en": "New services", "body_it": "Ciao", "body_en": "Hello"})
    assert response.status_code == 303
    mails = {mail.to_addr: mail for mail in outbox(app)}
    assert set(mails) == {"si.it@example.edu", "si.en@example.edu"}
    assert mails["si.it@example.edu"].subject == "Nuovi servizi" and "Ciao" in mails["si.it@example.edu"].body
    assert mails["si.en@example.edu"].subject == "New services" and "Hello" in mails["si.en@example.edu"].body
