"""Policino (issue 13, points 12 and 13; issue 14, point 7): cards of 80 hours or more chosen at sale, the week's
activity plan for the university's staff, and the desk's openings of a child's health notes in the audit log."""

import json

import pytest
from sqlalchemy import func, select

from portal.childcare import services
from portal.childcare.models import Card, Child, Family, Payment, PlanSubscriber
from portal.core.audit import AuditEvent
from portal.core.calendar import today_in_rome
from portal.extensions import db
from tests.conftest import login, outbox


def _as_educator(client, make_user, access_code="educatrice"):
    client.post("/auth/logout", data={})
    make_user(access_code, roles=("educatore",), email=f"{access_code}@example.edu")
    login(client, access_code)


def _counts(app):
    with app.app_context():
        return (db.session.scalar(select(func.count(Card.id))), db.session.scalar(select(func.count(Payment.id))))


# -- point 12: cards of at least 80 hours ------------------------------------------------------------------


def test_the_desk_sells_a_card_of_100_hours_for_250_euro(app, client, parent, make_user):
    _as_educator(client, make_user)
    desk = client.get(f"/policino/families/{parent['family']}").get_data(as_text=True)
    assert 'name="hours"' in desk and 'value="80"' in desk
    done = client.post(f"/policino/families/{parent['family']}/cards", data={"method": "pos", "hours": "100"},
                       follow_redirects=True)
    assert "Tessera da 100 ore venduta a 250,00" in done.get_data(as_text=True)
    with app.app_context():
        card = db.session.scalar(select(Card))
        assert (card.blocks_total, card.blocks_used, card.price_cents) == (200, 0, 25_000)  # 100 h x 2.50
        payment = db.session.scalar(select(Payment))
        assert (payment.purpose, payment.amount_cents, payment.note, payment.card_id) == ("card", 25_000, "100 h",
                                                                                         card.id)
        assert services.card_hours_left(db.session.get(Family, parent["family"])) == 200
    client.post("/auth/logout", data={})
    login(client, "genitore")
    assert "Ricevuta 1/" in client.get("/policino/account").get_data(as_text=True)


@pytest.mark.parametrize("hours,message", [
    ("79", "da 80 a 500 ore"), ("0", "da 80 a 500 ore"), ("-100", "da 80 a 500 ore"), ("501", "da 80 a 500 ore"),
    ("99999999999999999999", "da 80 a 500 ore"), ("", "Scrivi le ore della tessera"),
    ("cento", "numero intero"), ("100,5", "numero intero"), ("１００", "numero intero"), ("1_00", "numero intero"),
])
def test_a_card_below_80_hours_or_not_a_whole_number_is_refused_and_nothing_is_written(
        app, client, parent, make_user, hours, message):
    _as_educator(client, make_user)
    refused = client.post(f"/policino/families/{parent['family']}/cards", data={"method": "pos", "hours": hours})
    assert refused.status_code == 422 and message in refused.get_data(as_text=True)
    assert _counts(app) == (0, 0)


def test_the_card_size_bound_is_a_setting(app, client, parent, make_user):
    _as_educator(client, make_user)
    app.config["PORTAL_CHILDCARE_CARD_MAX_HOURS"] = 1000
    try:
        assert client.post(f"/policino/families/{parent['family']}/cards",
                           data={"method": "cash", "hours": "1000"}).status_code == 303
    finally:
        app.config["PORTAL_CHILDCARE_CARD_MAX_HOURS"] = 500
    with app.app_context():
        assert db.session.scalar(select(Card.price_cents)) == 250_000


# -- point 13: the week's plan for the university's staff ---------------------------------------------------


def test_every_staff_member_reads_the_weeks_plan_and_may_have_it_by_mail(app, client, signed_in, make_user):
    staff = signed_in(roles=("dipendente",), access_code="impiegata", email="impiegata@example.edu")
    assert client.get("/policino/").headers["Location"].endswith("/policino/activities")
    empty = client.get("/policino/activities")
    assert empty.status_code == 200 and "non hanno ancora pubblicato" in empty.get_data(as_text=True)
    assert client.post("/policino/activities/emails", data={"plan_emails": "y"}).status_code == 303
    with app.app_context():
        assert db.session.get(PlanSubscriber, staff.id) is not None
    _as_educator(client, make_user)
    monday = services.week_of(today_in_rome())
    assert client.post("/policino/plan", data={"week_start": monday.isoformat(), "body_it": "Lunedì: musica e canto",
                                               "body_en": "Monday: music and singing"}).status_code == 303
    mails = [mail for mail in outbox(app, "impiegata@example.edu") if "musica e canto" in mail.body]
    assert len(mails) == 1 and "/policino/activities" in mails[0].body
    client.post("/auth/logout", data={})
    login(client, "impiegata")
    page = client.get("/policino/activities").get_data(as_text=True)
    assert "Lunedì: musica e canto" in page and "Questa settimana" in page
    assert client.post("/policino/activities/emails", data={}).status_code == 303  # unticked: no more mail
    with app.app_context():
        assert db.session.get(PlanSubscriber, staff.id) is None


def test_english_staff_read_and_get_the_plan_in_english(app, client, signed_in, make_user):
    signed_in(roles=("dipendente",), access_code="staffer", email="staffer@example.edu", locale="en")
    client.post("/policino/activities/emails", data={"plan_emails": "y"})
    _as_educator(client, make_user)
    client.post("/policino/plan", data={"week_start": services.week_of(today_in_rome()).isoformat(),
                                        "body_it": "Teatro", "body_en": "Theatre"})
    mails = outbox(app, "staffer@example.edu")
    assert len(mails) == 1 and "Theatre" in mails[0].body and "Teatro" not in mails[0].body
    client.post("/auth/logout", data={})
    login(client, "staffer")
    assert "Theatre" in client.get("/policino/activities").get_data(as_text=True)


def test_a_family_and_a_staff_member_who_is_also_a_parent_get_the_plan_once(app, client, parent, make_user):
    assert client.post("/policino/family/plan-emails", data={"plan_emails": "y"}).status_code == 303
    assert client.post("/policino/activities/emails", data={"plan_emails": "y"}).status_code == 303  # again
    _as_educator(client, make_user)
    client.post("/policino/plan", data={"week_start": services.week_of(today_in_rome()).isoformat(),
                                        "body_it": "Lettura animata", "body_en": "Story time"})
    assert len([m for m in outbox(app, "genitore@example.edu") if "Lettura animata" in m.body]) == 1


def test_students_do_not_open_the_staff_plan_page(client, signed_in):
    signed_in(roles=("studente",), access_code="studentessa")
    assert client.get("/policino/activities").status_code == 403
    assert client.post("/policino/activities/emails", data={"plan_emails": "y"}).status_code == 403


# -- issue 14 point 7: the desk opening a child's health notes is audited ------------------------------------


def test_the_desk_opens_a_childs_health_notes_on_purpose_and_each_opening_is_audited(app, client, parent, make_user):
    with app.app_context():
        child = db.session.get(Child, parent["child"])
        child.allergies, child.notes = "Arachidi", "Asma lieve: inalatore nello zaino"
        db.session.commit()
    _as_educator(client, make_user)
    desk = client.get(f"/policino/families/{parent['family']}").get_data(as_text=True)
    assert "Lia Rossi" in desk and "Arachidi" not in desk and "Asma" not in desk  # not shown in passing
    url = f"/policino/families/{parent['family']}/children/{parent['child']}/health"
    assert url in desk
    notes = client.get(url)
    assert notes.status_code == 200 and "Arachidi" in notes.get_data(as_text=True) and "Asma lieve" in \
        notes.get_data(as_text=True)
    client.get(url)
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.event == "childcare.health_notes_opened")
                                    .order_by(AuditEvent.id)).all()
        educator_id = db.session.scalar(select(AuditEvent.actor_id).where(
            AuditEvent.event == "childcare.health_notes_opened"))
        assert len(events) == 2 and educator_id is not None
        assert json.loads(events[0].details) == {"child": parent["child"], "family": parent["family"]}
        assert "Arachidi" not in events[0].details


def test_health_notes_of_a_child_of_another_family_or_for_a_parent_are_refused(app, client, parent, make_user):
    assert client.get(f"/policino/families/{parent['family']}/children/{parent['child']}/health").status_code == 403
    _as_educator(client, make_user)
    with app.app_context():
        other = make_user("altro", roles=("genitore",))
        family = Family(parent_id=other.id, category="staff")
        db.session.add(family)
        db.session.commit()
        other_family = family.id
    assert client.get(f"/policino/families/{other_family}/children/{parent['child']}/health").status_code == 404
    assert client.get(f"/policino/families/999999/children/{parent['child']}/health").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count(AuditEvent.id)).where(
            AuditEvent.event == "childcare.health_notes_opened")) == 0


def test_a_card_bound_below_the_fewest_hours_stops_the_start():
    from portal.config import ConfigError, portal_settings

    assert portal_settings({})["PORTAL_CHILDCARE_CARD_MAX_HOURS"] == 500
    with pytest.raises(ConfigError, match="CARD_MAX_HOURS"):
        portal_settings({"PORTAL_CHILDCARE_CARD_MAX_HOURS": "79"})
