import re

import pytest
from sqlalchemy import func, select

from portal.auth.models import User
from portal.core.audit import AuditEvent
from portal.core.legal import LegalText
from portal.extensions import db
from tests.conftest import login, outbox

ADMIN_PAGES = ["/admin/users", "/admin/users/new", "/admin/users/import", "/admin/audit", "/admin/audit.csv",
               "/admin/texts", "/admin/texts/terms", "/admin/outbox"]


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_administrator_pages_are_refused_to_other_roles(signed_in, client, path):
    signed_in(roles=("dipendente", "dec", "operatore_caf"))
    assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_administrator_pages_open_for_administrators(signed_in, client, path):
    signed_in(roles=("amministratore",))
    assert client.get(path).status_code == 200


def _count_users(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def test_create_user_mails_a_one_time_password_and_forces_a_change(app, client, signed_in):
    signed_in(roles=("amministratore",), access_code="admin")
    response = client.post("/admin/users/new", data={
        "access_code": "Giulia.Verdi", "full_name": "Giulia Verdi", "email": "giulia@example.edu", "locale": "en",
        "codice_fiscale": "vrdglu90a41l219y", "codice_persona": "", "matricola": "123456", "roles": ["genitore", "studente"],
    })
    body = response.get_data(as_text=True)
    assert response.status_code == 200, body[:2000]
    password = re.search(r'class="portal-otp">([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})<', body).group(1)
    mail = outbox(app, "giulia@example.edu")[-1]
    assert password in mail.body and mail.locale == "en" and mail.sensitive
    with app.app_context():
        user = db.session.scalar(select(User).where(User.access_code == "giulia.verdi"))
        assert user.must_change_password and user.role_names == {"genitore", "studente"}
        assert user.codice_fiscale == "VRDGLU90A41L219Y" and user.codice_persona is None
    newcomer = app.test_client()
    assert login(newcomer, "giulia.verdi", password).status_code == 303
    assert newcomer.get("/").headers["Location"] == "/auth/first-access/password"


@pytest.mark.parametrize("field,value,message", [
    ("codice_fiscale", "RSSMRA85T10A562T", "codice fiscale non è valido"),
    ("codice_persona", "1234567", "esattamente 8 cifre"),
    ("matricola", "12345", "esattamente 6 cifre"),
    ("email", "not-an-address", "e-mail valido"),
    ("access_code", "a b", "codice di accesso ha da 3 a 64"),
])
def test_bad_user_data_is_refused_with_a_message_and_nothing_written(app, client, signed_in, field, value, message):
    signed_in(roles=("amministratore",), access_code="admin")
    before = _count_users(app)
    data = {"access_code": "nuovo.utente", "full_name": "Nuovo Utente", "email": "nuovo@example.edu", "locale": "it"}
    data[field] = value
    response = client.post("/admin/users/new", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _count_users(app) == before
    assert outbox(app) == []


def test_duplicate_identifiers_are_refused(app, client, signed_in, make_user):
    make_user(access_code="esistente", matricola="654321")
    signed_in(roles=("amministratore",), access_code="admin")
    response = client.post("/admin/users/new", data={"access_code": "altro", "full_name": "Altro", "email": "a@example.edu",
                                                      "locale": "it", "matricola": "654321"})
    assert response.status_code == 422 and "ha già questa matricola" in response.get_data(as_text=True)


def test_deactivation_ends_sessions_and_blocks_login(app, make_user, signed_in, client):
    target = make_user(access_code="target")
    other = app.test_client()
    login(other, "target")
    assert other.get("/").status_code == 200
    signed_in(roles=("amministratore",), access_code="admin")
    client.post(f"/admin/users/{target.id}/active", data={"active": "0"})
    assert other.get("/").status_code == 303
    assert login(app.test_client(), "target").status_code == 422
    client.post(f"/admin/users/{target.id}/active", data={"active": "1"})
    assert login(app.test_client(), "target").status_code == 303


def test_administrator_cannot_lock_themselves_out(app, client, signed_in):
    admin = signed_in(roles=("amministratore",), access_code="admin")
    client.post(f"/admin/users/{admin.id}/active", data={"active": "0"})
    response = client.post(f"/admin/users/{admin.id}", data={"access_code": "admin", "full_name": "A", "email": "a@example.edu",
                                                              "locale": "it", "roles": ["dipendente"]})
    assert response.status_code == 422
    with app.app_context():
        me = db.session.get(User, admin.id)
        assert me.active and me.role_names == {"amministratore"}


def test_role_change_is_audited(app, client, signed_in, make_user):
    target = make_user(access_code="target", roles=("dipendente",))
    signed_in(roles=("amministratore",), access_code="admin")
    response = client.post(f"/admin/users/{target.id}", data={"access_code": "target", "full_name": "Mario Rossi",
                                                               "email": "target@example.edu", "locale": "it",
                                                               "roles": ["dipendente", "dec"]})
    assert response.status_code == 303
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.event == "user.roles_changed"))
        assert event.details_dict == {"added": ["dec"], "removed": []}
        assert db.session.get(User, target.id).role_names == {"dipendente", "dec"}


def test_forced_reset_ends_sessions_and_requires_a_new_password(app, client, signed_in, make_user):
    target = make_user(access_code="target")
    other = app.test_client()
    login(other, "target")
    signed_in(roles=("amministratore",), access_code="admin")
    body = client.post(f"/admin/users/{target.id}/reset-password").get_data(as_text=True)
    password = re.search(r'class="portal-otp">([a-z2-9-]{19})<', body).group(1)
    assert other.get("/").status_code == 303
    fresh = app.test_client()
    assert login(fresh, "target", password).status_code == 303
    assert fresh.get("/").headers["Location"] == "/auth/first-access/password"


def test_another_users_id_gives_404(client, signed_in):
    signed_in(roles=("amministratore",), access_code="admin")
    assert client.get("/admin/users/999999").status_code == 404


# -- CSV import ----------------------------------------------------------------------

GOOD_CSV = (
    "access_code;email;full_name;locale;codice_fiscale;codice_persona;matricola;roles\n"
    "anna.bianchi;anna@example.edu;Anna Bianchi;it;;12345678;;dipendente|genitore\n"
    "li.wei;li@example.edu;Li Wei;en;;;245678;studente\n"
    "esistente;nuova@example.edu;Esistente Cambiato;;;;;dec\n"
)


def _upload(client, content: str):
    from io import BytesIO

    return client.post("/admin/users/import", data={"file": (BytesIO(content.encode()), "users.csv")},
                       content_type="multipart/form-data")


def test_import_shows_a_preview_then_applies(app, client, signed_in, make_user):
    make_user(access_code="esistente", roles=("dipendente",), locale="en")
    signed_in(roles=("amministratore",), access_code="admin")
    before = _count_users(app)
    preview = _upload(client, GOOD_CSV)
    body = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Anteprima" in body
    assert "2 nuove utenze" in body and "1 utenza modificata" in body
    assert _count_users(app) == before  # nothing written by the preview
    payload = re.search(r'name="payload" type="hidden" value="([^"]+)"', body).group(1)
    applied = client.post("/admin/users/import/apply", data={"payload": payload})
    assert applied.status_code == 303
    assert _count_users(app) == before + 2
    with app.app_context():
        existing = db.session.scalar(select(User).where(User.access_code == "esistente"))
        assert existing.email == "nuova@example.edu" and existing.full_name == "Esistente Cambiato"
        assert existing.locale == "en"  # empty cell: kept
        assert existing.role_names == {"dipendente", "dec"}  # added, never removed
        assert db.session.scalar(select(User).where(User.access_code == "li.wei")).locale == "en"
    assert len(outbox(app)) == 2  # the two new people get their one-time password


@pytest.mark.parametrize("bad_line,message", [
    ("bad;x@example.edu;Bad;it;;1234567;;dipendente", "Riga 3: il codice persona deve avere esattamente 8 cifre."),
    ("bad;x@example.edu;Bad;it;;;;pilota", "Riga 3: ruoli sconosciuti: pilota."),
    ("anna.bianchi;x@example.edu;Dup;it;;;;", "anna.bianchi"),
    ("bad;x@example.edu;Bad;fr;;;;", "Riga 3: la lingua"),
])
def test_import_with_a_bad_row_reports_the_line_and_writes_nothing(app, client, signed_in, bad_line, message):
    signed_in(roles=("amministratore",), access_code="admin")
    before = _count_users(app)
    content = GOOD_CSV.splitlines()[0] + "\n" + GOOD_CSV.splitlines()[1] + "\n" + bad_line + "\n"
    response = _upload(client, content)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _count_users(app) == before and outbox(app) == []


def test_import_apply_rechecks_the_file(app, client, signed_in):
    import base64

    signed_in(roles=("amministratore",), access_code="admin")
    bad = base64.b64encode(b"access_code;email\nx;y\n").decode()
    response = client.post("/admin/users/import/apply", data={"payload": bad})
    assert response.status_code == 422 and "colonne mancanti" in response.get_data(as_text=True)


# -- audit log, texts, outbox --------------------------------------------------------


def test_audit_log_filters_and_exports_without_secrets(app, client, make_user, signed_in):
    make_user(access_code="target")
    login(app.test_client(), "target", "wrong-password-xyz")
    signed_in(roles=("amministratore",), access_code="admin")
    page = client.get("/admin/audit?event=login.failure").get_data(as_text=True)
    results = page.split('id="audit-results"')[1]
    assert "Accesso rifiutato" in results and "Accesso eseguito" not in results  # event names, not keys
    csv_text = client.get("/admin/audit.csv?user=target").get_data(as_text=True)
    assert csv_text.startswith("at_utc;event;user;actor;ip;user_agent;details")
    assert "login.failure" in csv_text and "wrong-password-xyz" not in csv_text


def test_publishing_terms_creates_a_new_version(app, client, signed_in):
    signed_in(roles=("amministratore",), access_code="admin")
    empty = client.post("/admin/texts/privacy", data={"title_it": "", "title_en": "x", "body_it": "x", "body_en": "x"})
    assert empty.status_code == 422
    response = client.post("/admin/texts/terms", data={"title_it": "Condizioni", "title_en": "Terms",
                                                       "body_it": "Testo nuovo", "body_en": "New text"})
    assert response.status_code == 303
    with app.app_context():
        assert LegalText.current_version("terms") == 2
        assert db.session.scalar(select(func.count()).select_from(LegalText).where(LegalText.kind == "terms")) == 2
    # the administrator who published it must accept it too
    assert client.get("/").headers["Location"].startswith("/auth/first-access/terms")


def test_outbox_hides_secrets_in_production(app, client, signed_in, make_user):
    make_user(access_code="target")
    app.test_client().post("/auth/password/forgot", data={"access_code": "target"})
    signed_in(roles=("amministratore",), access_code="admin")
    app.config["PORTAL_ENV"] = "production"
    try:
        page = client.get("/admin/outbox").get_data(as_text=True)
    finally:
        app.config["PORTAL_ENV"] = "testing"
    assert "/auth/password/reset/" not in page and "non viene mostrato" in page
