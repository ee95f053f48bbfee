import re
import time
from datetime import timedelta

from sqlalchemy import func, select

from portal.auth.models import LoginFailures, PasswordResetToken, TermsAcceptance, User
from portal.core.audit import AuditEvent
from portal.core.legal import LegalText
from portal.core.types import utcnow
from portal.extensions import db
from tests.conftest import STRONG_PASSWORD, csrf_token, login, outbox

NEW_PASSWORD = "girasole-pianoforte-88-nebbia"


def _user(app, code="mario.rossi") -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.access_code == code))
        db.session.expunge(user)
        return user


def _events(app, name):
    with app.app_context():
        return db.session.scalars(select(AuditEvent).where(AuditEvent.event == name)).all()


# -- login ----------------------------------------------------------------------------


def test_login_opens_a_fresh_session_and_lands_on_home(client, make_user):
    make_user()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    response = login(client)
    assert response.status_code == 303 and response.headers["Location"] == "/"
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"].endswith(":1")
    assert client.get("/").status_code == 200


def test_access_code_is_matched_without_case(client, make_user):
    make_user()
    assert login(client, "Mario.Rossi").status_code == 303


def test_every_login_failure_gives_the_same_message(app, client, make_user):
    make_user()
    make_user(access_code="spento", active=False)
    bodies = []
    for code, password in (("mario.rossi", "wrong-password-here"), ("nessuno", STRONG_PASSWORD),
                           ("spento", STRONG_PASSWORD)):
        response = login(client, code, password)
        assert response.status_code == 422
        body = response.get_data(as_text=True)
        bodies.append(re.search(r'<div class="alert alert-danger".*?</div>', body, re.S).group(0))
    assert bodies[0] == bodies[1] == bodies[2]
    reasons = sorted(event.details_dict["reason"] for event in _events(app, "login.failure"))
    assert reasons == ["inactive", "unknown_access_code", "wrong_password"]


def _failures(app, address="127.0.0.1"):
    with app.app_context():
        row = db.session.scalar(select(LoginFailures).where(LoginFailures.address == address))
        if row is not None:
            db.session.expunge(row)
        return row


def _login_from(client, address, access_code="mario.rossi", password=STRONG_PASSWORD):
    return client.post("/auth/login", data={"access_code": access_code, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(app, client, make_user):
    make_user()
    for _ in range(5):
        assert login(client, password="wrong-password-here").status_code == 422
    assert login(client).status_code == 422  # the right password, but locked from this address
    assert _failures(app).locked_until is not None
    assert len(_events(app, "login.locked")) == 1
    with app.app_context():
        row = db.session.scalar(select(LoginFailures))
        row.locked_until = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert login(client).status_code == 303
    assert _failures(app) is None  # signed in: this address starts again from nothing


def test_wrong_passwords_from_elsewhere_never_lock_the_owner_out(app, client, make_user):
    """An attacker who knows the access code: eleven wrong passwords from their address lock it there and hit
    the per-account throttle there; the owner, from another address, signs in as always."""
    make_user()
    attacker, owner = "203.0.113.7", "198.51.100.20"
    statuses = [_login_from(client, attacker, password="wrong-password-here").status_code for _ in range(11)]
    assert statuses[:10] == [422] * 10 and statuses[10] == 429
    assert _failures(app, attacker).locked_until is not None
    assert _login_from(client, owner).status_code == 303
    client.post("/auth/logout")
    assert _failures(app, attacker).locked_until is not None  # still locked where the guesses came from


def test_a_lock_covers_the_whole_ipv6_network_of_a_connection(app, client, make_user):
    make_user()
    for host in range(5):  # each guess from another address of the same /64
        _login_from(client, f"2001:db8:1:2::{host + 1}", password="wrong-password-here")
    assert _login_from(client, "2001:db8:1:2::99").status_code == 422  # locked for the network
    assert _login_from(client, "2001:db8:1:3::1").status_code == 303  # another network: the owner's


def test_a_new_password_unlocks_every_address(app, client, make_user):
    make_user()
    for _ in range(5):
        _login_from(client, "203.0.113.7", password="wrong-password-here")
    with app.test_request_context():
        from portal.auth import services

        services.change_password(db.session.scalar(select(User)), STRONG_PASSWORD, NEW_PASSWORD)
        db.session.commit()
    assert _failures(app, "203.0.113.7") is None
    assert _login_from(client, "203.0.113.7", password=NEW_PASSWORD).status_code == 303


def test_an_unknown_access_code_is_logged_as_a_keyed_hash_never_as_typed(app, client, make_user):
    """A password typed in the access-code field must not land in the security log: what is kept is
    HMAC-SHA256 with the secret key, which a dictionary of common passwords cannot reverse without it."""
    import hashlib
    import hmac

    make_user()
    typed = "Violino-Tramonto-42"
    assert login(client, typed, "whatever-password").status_code == 422
    client.post("/auth/password/forgot", data={"access_code": typed})
    expected = hmac.new(app.config["SECRET_KEY"].encode(), b"login-access-code:violino-tramonto-42",
                        hashlib.sha256).hexdigest()[:24]
    rows = [*_events(app, "login.failure"), *_events(app, "password.reset_requested")]
    assert len(rows) == 2
    for row in rows:
        assert "violino" not in row.details.lower() and "access_code" not in row.details_dict
        assert row.details_dict["access_code_digest"] == expected
        assert hashlib.sha256(b"violino-tramonto-42").hexdigest()[:24] not in row.details  # not a plain hash


def test_login_attempts_are_throttled_per_account(app, client, make_user):
    make_user()
    app.config["PORTAL_LOGIN_MAX_FAILURES"] = 1000  # see the throttle, not the lock
    try:
        statuses = [login(client, password="wrong-password-here").status_code for _ in range(11)]
    finally:
        app.config["PORTAL_LOGIN_MAX_FAILURES"] = 5
    assert statuses[:10] == [422] * 10 and statuses[10] == 429
    assert "Troppi tentativi" in login(client, password="x").get_data(as_text=True)


def test_login_attempts_are_throttled_per_address(app, client):
    statuses = [login(client, f"utente{i}", "whatever-password").status_code for i in range(31)]
    assert statuses[:30] == [422] * 30 and statuses[30] == 429


def test_next_parameter_only_goes_to_this_site(client, make_user):
    make_user()
    response = client.post("/auth/login?next=//evil.example/x",
                           data={"access_code": "mario.rossi", "password": STRONG_PASSWORD})
    assert response.headers["Location"] == "/"
    client.post("/auth/logout")
    response = client.post("/auth/login?next=/auth/profile",
                           data={"access_code": "mario.rossi", "password": STRONG_PASSWORD})
    assert response.headers["Location"] == "/auth/profile"


def test_pages_need_a_session(client):
    response = client.get("/auth/profile")
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/auth/login?next=/auth/profile")
    htmx = client.get("/auth/profile", headers={"HX-Request": "true"})
    assert htmx.status_code == 204 and htmx.headers["HX-Redirect"].startswith("/auth/login")


# -- first access -------------------------------------------------------------------


def test_first_access_forces_password_change_then_terms(app, client, make_user):
    make_user(must_change=True, accept_terms=False)
    assert login(client).headers["Location"] == "/"
    assert client.get("/").headers["Location"] == "/auth/first-access/password"
    assert client.get("/auth/profile").headers["Location"] == "/auth/first-access/password"

    weak = client.post("/auth/first-access/password", data={"new_password": "mario.rossi1", "confirm_password": "mario.rossi1"})
    assert weak.status_code == 422 and "troppo facile" in weak.get_data(as_text=True)
    same = client.post("/auth/first-access/password",
                       data={"new_password": STRONG_PASSWORD, "confirm_password": STRONG_PASSWORD})
    assert same.status_code == 422
    assert _user(app).must_change_password

    done = client.post("/auth/first-access/password", data={"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD})
    assert done.status_code == 303
    assert not _user(app).must_change_password

    assert client.get("/").headers["Location"].startswith("/auth/first-access/terms")
    refused = client.post("/auth/first-access/terms", data={"version": "1"})
    assert refused.status_code == 422 and "Spunta la casella" in refused.get_data(as_text=True)
    assert client.post("/auth/first-access/terms", data={"version": "1", "accept": "y"}).status_code == 303
    assert client.get("/").status_code == 200
    # The same form sent again (a second tab, a double click) changes nothing and is not an error.
    assert client.post("/auth/first-access/terms", data={"version": "1", "accept": "y"}).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(TermsAcceptance)) == 1


def test_a_new_version_of_the_terms_is_asked_again_at_next_login(app, client, make_user):
    make_user()
    login(client)
    assert client.get("/").status_code == 200
    with app.app_context():
        db.session.add(LegalText(kind="terms", version=2, title_it="Condizioni", title_en="Terms",
                                 body_it="Nuove regole", body_en="New rules"))
        db.session.commit()
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "Nuove regole" in page and "sono cambiate" in page
    stale = client.post("/auth/first-access/terms", data={"version": "1", "accept": "y"})
    assert stale.status_code == 422
    assert client.post("/auth/first-access/terms", data={"version": "2", "accept": "y"}).status_code == 303
    assert _user(app).accepted_terms_version == 2


# -- sessions -------------------------------------------------------------------------


def test_logout_is_a_post_and_ends_every_session_of_the_user(app, make_user):
    make_user()
    phone, laptop = app.test_client(), app.test_client()
    login(phone)
    login(laptop)
    assert client_get_status(phone, "/") == 200 and client_get_status(laptop, "/") == 200
    assert phone.get("/auth/logout").status_code == 405
    assert phone.post("/auth/logout").status_code == 303
    assert client_get_status(phone, "/") == 303
    assert client_get_status(laptop, "/") == 303


def client_get_status(client, path):
    return client.get(path).status_code


def test_password_change_needs_the_current_one_and_ends_other_sessions(app, make_user):
    make_user()
    phone, laptop = app.test_client(), app.test_client()
    login(phone)
    login(laptop)
    wrong = phone.post("/auth/profile/password", data={"current_password": "not-my-password",
                                                       "new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD})
    assert wrong.status_code == 422 and "non è corretta" in wrong.get_data(as_text=True)
    ok = phone.post("/auth/profile/password", data={"current_password": STRONG_PASSWORD,
                                                    "new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD})
    assert ok.status_code == 303
    assert phone.get("/").status_code == 200  # this session goes on
    assert laptop.get("/").status_code == 303  # the other one has ended
    assert login(app.test_client(), password=NEW_PASSWORD).status_code == 303


def test_idle_session_ends_after_30_minutes(app, client, make_user):
    make_user()
    login(client)
    with client.session_transaction() as session:
        session["seen_at"] = int(time.time()) - 29 * 60
    assert client.get("/").status_code == 200
    with client.session_transaction() as session:
        session["seen_at"] = int(time.time()) - 30 * 60 - 1
    response = client.get("/")
    assert response.status_code == 303 and response.headers["Location"].startswith("/auth/login")
    assert client.get("/").status_code == 303
    assert _events(app, "session.expired")[0].details_dict["reason"] == "idle"


def test_session_ends_after_12_hours_even_when_active(app, client, make_user):
    make_user()
    login(client)
    with client.session_transaction() as session:
        session["login_at"] = int(time.time()) - 12 * 3600 - 1
    assert client.get("/").status_code == 303
    assert _events(app, "session.expired")[0].details_dict["reason"] == "absolute"


def test_session_status_does_not_count_as_activity(client, make_user):
    make_user()
    login(client)
    old = int(time.time()) - 10 * 60
    with client.session_transaction() as session:
        session["seen_at"] = old
    data = client.get("/auth/session").get_json()
    assert data["authenticated"] and 19 * 60 <= data["seconds_left"] <= 20 * 60
    with client.session_transaction() as session:
        assert session["seen_at"] == old
    client.post("/auth/session/extend", headers={"HX-Request": "true"})
    with client.session_transaction() as session:
        assert session["seen_at"] > old


def test_cookie_flags(client, make_user):
    make_user()
    cookie = login(client).headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


# -- recovery -------------------------------------------------------------------------


def _reset_link(app, email="mario.rossi@example.edu") -> str:
    mails = outbox(app, email)
    assert mails, "no mail in the outbox"
    return re.search(r"http://localhost(/auth/password/reset/\S+)", mails[-1].body).group(1)


def test_forgot_password_mails_a_single_use_link(app, client, make_user):
    make_user()
    response = client.post("/auth/password/forgot", data={"access_code": "mario.rossi"})
    assert response.status_code == 303
    path = _reset_link(app)
    assert outbox(app)[-1].sensitive
    assert client.get(path).status_code == 200
    done = client.post(path, data={"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD})
    assert done.status_code == 303
    assert client.get(path).status_code == 404
    assert client.post(path, data={"new_password": "altro-segreto-99-lungo", "confirm_password": "altro-segreto-99-lungo"}).status_code == 404
    assert login(client, password=NEW_PASSWORD).status_code == 303


def test_reset_link_expires_after_30_minutes(app, client, make_user):
    make_user()
    client.post("/auth/password/forgot", data={"access_code": "mario.rossi"})
    path = _reset_link(app)
    with app.app_context():
        token = db.session.scalar(select(PasswordResetToken))
        assert token.expires_at - token.created_at == timedelta(minutes=30)
        token.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert client.get(path).status_code == 404


def test_reset_link_dies_when_the_password_changes(app, client, make_user):
    make_user()
    client.post("/auth/password/forgot", data={"access_code": "mario.rossi"})
    path = _reset_link(app)
    login(client)
    client.post("/auth/profile/password", data={"current_password": STRONG_PASSWORD, "new_password": NEW_PASSWORD,
                                                "confirm_password": NEW_PASSWORD})
    assert app.test_client().get(path).status_code == 404


def test_recovery_pages_do_not_reveal_whether_an_account_exists(app, client, make_user):
    make_user()
    known = client.post("/auth/password/forgot", data={"access_code": "mario.rossi"}, follow_redirects=True)
    unknown = client.post("/auth/password/forgot", data={"access_code": "nessuno"}, follow_redirects=True)
    assert known.status_code == unknown.status_code == 200
    assert _strip_csrf(known.get_data(as_text=True)) == _strip_csrf(unknown.get_data(as_text=True))
    known = client.post("/auth/access-code/forgot", data={"email": "mario.rossi@example.edu"}, follow_redirects=True)
    unknown = client.post("/auth/access-code/forgot", data={"email": "nobody@example.edu"}, follow_redirects=True)
    assert _strip_csrf(known.get_data(as_text=True)) == _strip_csrf(unknown.get_data(as_text=True))
    reminder = outbox(app, "mario.rossi@example.edu")[-1]
    assert "mario.rossi" in reminder.body and len(outbox(app)) == 2


def _strip_csrf(html: str) -> str:
    return re.sub(r'X-CSRFToken": "[^"]+"|name="csrf_token" value="[^"]+"', "", html)


def test_mail_is_written_in_the_recipients_language(app, client, make_user):
    make_user(locale="en")
    client.post("/auth/password/forgot", data={"access_code": "mario.rossi"}, headers={"Accept-Language": "it"})
    mail = outbox(app)[-1]
    assert mail.locale == "en" and mail.subject.startswith("Choose a new password")


# -- CSRF ------------------------------------------------------------------------------


def test_forms_without_the_csrf_token_are_refused(app, client, make_user):
    make_user()
    app.config["WTF_CSRF_ENABLED"] = True
    response = login(client)
    assert response.status_code == 400 and "Ricarica la pagina" in response.get_data(as_text=True)
    token = csrf_token(client.get("/auth/login").get_data(as_text=True))
    ok = client.post("/auth/login", data={"access_code": "mario.rossi", "password": STRONG_PASSWORD, "csrf_token": token})
    assert ok.status_code == 303
    # htmx sends the token in a header, read from <body hx-headers>.
    page = client.get("/").get_data(as_text=True)
    header_token = re.search(r'X-CSRFToken": "([^"]+)"', page).group(1)
    assert client.post("/auth/session/extend", headers={"HX-Request": "true"}).status_code == 400
    assert client.post("/auth/session/extend", headers={"HX-Request": "true", "X-CSRFToken": header_token}).status_code == 200
