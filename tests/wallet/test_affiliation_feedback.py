from datetime import date, timedelta

from sqlalchemy import func, select

from portal.core.calendar import today_in_rome
from portal.extensions import db
from portal.wallet import rules
from portal.wallet.models import AffiliationRequest, Feedback, Preferences
from tests.conftest import login, outbox


def test_affiliation_is_due_in_15_calendar_days():
    assert rules.affiliation_due(date(2026, 12, 20)) == date(2027, 1, 4)
    assert not rules.affiliation_overdue("open", date(2026, 3, 15), date(2026, 3, 15))
    assert rules.affiliation_overdue("open", date(2026, 3, 15), date(2026, 3, 16))
    assert not rules.affiliation_overdue("declined", date(2026, 3, 15), date(2026, 3, 16))


def _staff(app, signed_in):
    return signed_in(access_code="impiegata", email="impiegata@example.edu")


def test_affiliation_request_flow(app, client, signed_in, make_user):
    worker_user = _staff(app, signed_in)
    bad = client.post("/wallet/providers/request", data={"provider_name": "", "service": "", "website": "ftp:x"})
    assert bad.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AffiliationRequest)) == 0
    ok = client.post("/wallet/providers/request", data={"provider_name": "Piscina Comunale", "city": "Torino",
                                                         "service": "Corsi di nuoto per bambini"})
    assert ok.status_code == 303
    with app.app_context():
        row = db.session.scalar(select(AffiliationRequest))
        assert row.due_on == today_in_rome() + timedelta(days=15) and row.requested_by_id == worker_user.id
        row.due_on = today_in_rome() - timedelta(days=1)
        db.session.commit()
        row_id = row.id
    manager = app.test_client()
    make_user(access_code="dec", roles=("dec",))
    login(manager, "dec")
    assert "1 in ritardo" in manager.get("/wallet/manage").get_data(as_text=True)
    page = manager.get("/wallet/manage/affiliations").get_data(as_text=True)
    assert "In ritardo" in page and "Piscina Comunale" in page
    no_reason = manager.post(f"/wallet/manage/affiliations/{row_id}", data={"status": "declined"})
    assert no_reason.status_code == 422 and "Scrivi il motivo" in no_reason.get_data(as_text=True)
    done = manager.post(f"/wallet/manage/affiliations/{row_id}", data={"status": "affiliated", "answer": "Fatto."})
    assert done.status_code == 303
    assert "Piscina Comunale" in outbox(app, "impiegata@example.edu")[-1].body
    again = manager.post(f"/wallet/manage/affiliations/{row_id}", data={"status": "declined", "answer": "x"})
    assert again.status_code == 422
    assert client.get("/wallet/manage/affiliations").status_code == 403


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
