"""A staff member's first sign-in: the portal's terms and the welfare plan's rules on one screen, one accept."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal.auth.models import TermsAcceptance, User
from portal.core.audit import AuditEvent
from portal.core.legal import LegalText
from portal.extensions import db
from portal.wallet.models import RulesAcceptance
from tests.conftest import csrf_token, login

TERMS = "/auth/first-access/terms"


def _records(app) -> dict:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.access_code == "mario.rossi"))
        return {
            "terms_version": user.accepted_terms_version,
            "terms": db.session.scalar(select(func.count()).select_from(TermsAcceptance)),
            "rules": list(db.session.scalars(select(RulesAcceptance.version))),
            "events": sorted(db.session.scalars(select(AuditEvent.event).where(
                AuditEvent.event.in_(("terms.accepted", "wallet.rules_accepted"))))),
        }


NOTHING = {"terms_version": None, "terms": 0, "rules": [], "events": []}
BOTH = {"terms_version": 1, "terms": 1, "rules": [1], "events": ["terms.accepted", "wallet.rules_accepted"]}


def test_first_sign_in_shows_both_texts_on_one_screen_and_one_accept_records_both(app, client, make_user):
    make_user(accept_terms=False)
    login(client)
    assert client.get("/wallet/").headers["Location"].startswith(f"{TERMS}?next=/wallet/")
    page = client.get(f"{TERMS}?next=/wallet/").get_data(as_text=True)
    assert "Prima di iniziare" in page
    assert page.count("<details") == 2  # both texts, each collapsible
    assert "Condizioni d&#39;uso del portale" in page and "Regolamento" in page
    assert 'name="welfare_rules_version" value="1"' in page
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    assert main.count("<form") == 1 and main.count('type="submit"') == 1 and "Ho letto e accetto i testi qui sopra" in page
    done = client.post(f"{TERMS}?next=/wallet/", data={"version": "1", "welfare_rules_version": "1", "accept": "y"})
    assert done.status_code == 303 and done.headers["Location"] == "/wallet/"
    assert _records(app) == BOTH
    # Straight to the wallet: no second gate.
    assert client.get("/wallet/").status_code == 200
    # The same form again (a double click) records nothing more.
    assert client.post(TERMS, data={"version": "1", "welfare_rules_version": "1", "accept": "y"}).status_code == 303
    assert _records(app) == BOTH


def test_the_combined_screen_in_english(app, client, make_user):
    make_user(accept_terms=False, locale="en")
    login(client)
    page = client.get(TERMS, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Before you start" in page and "I have read and accept the texts above" in page
    assert "Accept and continue" in page


def test_without_the_box_ticked_nothing_is_recorded(app, client, make_user):
    make_user(accept_terms=False)
    login(client)
    refused = client.post(TERMS, data={"version": "1", "welfare_rules_version": "1"})
    assert refused.status_code == 422 and "Spunta la casella" in refused.get_data(as_text=True)
    assert _records(app) == NOTHING


@pytest.mark.parametrize("token", [None, "not-a-token"])
def test_a_missing_or_bad_csrf_token_records_nothing(app, client, make_user, token):
    make_user(accept_terms=False)
    login(client)
    app.config["WTF_CSRF_ENABLED"] = True
    data = {"version": "1", "welfare_rules_version": "1", "accept": "y"}
    if token:
        data["csrf_token"] = token
    assert client.post(TERMS, data=data).status_code == 400
    assert _records(app) == NOTHING
    # With the page's own token it goes through.
    data["csrf_token"] = csrf_token(client.get(TERMS).get_data(as_text=True))
    assert client.post(TERMS, data=data).status_code == 303
    assert _records(app) == BOTH


def test_rules_changed_while_reading_refuse_both_and_show_the_new_version(app, client, make_user):
    make_user(accept_terms=False)
    login(client)
    with app.app_context():
        db.session.add(LegalText(kind="welfare_rules", version=2, title_it="Regolamento 2", title_en="Rules 2",
                                 body_it="Nuovo testo.", body_en="New text."))
        db.session.commit()
    stale = client.post(TERMS, data={"version": "1", "welfare_rules_version": "1", "accept": "y"})
    assert stale.status_code == 422
    assert 'name="welfare_rules_version" value="2"' in stale.get_data(as_text=True)
    assert _records(app) == NOTHING  # the terms were not kept either: one accept, all or nothing
    garbled = client.post(TERMS, data={"version": "1", "welfare_rules_version": "2x", "accept": "y"})
    assert garbled.status_code == 422 and _records(app) == NOTHING
    assert client.post(TERMS, data={"version": "1", "welfare_rules_version": "2", "accept": "y"}).status_code == 303
    assert _records(app) == {**BOTH, "rules": [2]}


def test_who_accepted_the_terms_sees_only_the_plan_rules(app, client, make_user):
    make_user()  # terms accepted, rules not
    login(client)
    assert client.get("/wallet/").headers["Location"].startswith("/wallet/rules")
    page = client.get("/wallet/rules").get_data(as_text=True)
    assert "<details" not in page and "Condizioni d&#39;uso" not in page
    assert client.get("/").status_code == 200  # the portal's terms are not asked again
    assert client.post("/wallet/rules", data={"version": "1", "accept": "y"}).status_code == 303
    assert _records(app)["rules"] == [1] and _records(app)["terms"] == 0


def test_who_accepted_the_rules_sees_only_the_new_terms(app, client, make_user):
    user = make_user(accept_terms=False)
    with app.app_context():
        db.session.add(RulesAcceptance(user_id=user.id, version=1))
        db.session.commit()
    login(client)
    page = client.get(TERMS).get_data(as_text=True)
    assert "<details" not in page and "welfare_rules_version" not in page and "Prima di iniziare" not in page
    assert client.post(TERMS, data={"version": "1", "accept": "y"}).status_code == 303


def test_people_who_are_not_staff_see_only_the_terms(app, client, make_user):
    make_user(roles=("studente",), accept_terms=False)
    login(client)
    page = client.get(TERMS).get_data(as_text=True)
    assert "welfare_rules_version" not in page and "<details" not in page
    # A forged rules version from someone the rules are not asked of records no rules acceptance.
    assert client.post(TERMS, data={"version": "1", "welfare_rules_version": "1", "accept": "y"}).status_code == 303
    assert _records(app)["rules"] == [] and _records(app)["terms"] == 1


def test_with_the_wallet_off_the_rules_are_not_asked(app, client, make_user):
    make_user(accept_terms=False)
    login(client)
    services_on = app.config["PORTAL_SERVICES"]
    app.config["PORTAL_SERVICES"] = [key for key in services_on if key != "wallet"]
    try:
        assert "welfare_rules_version" not in client.get(TERMS).get_data(as_text=True)
    finally:
        app.config["PORTAL_SERVICES"] = services_on
