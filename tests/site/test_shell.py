import re

import pytest
from babel.messages.pofile import read_po

from portal import create_app
from portal.config import ConfigError, build_config
from portal.core.navigation import ServiceEntry, register_service, unregister_service
from tests.conftest import login
from tests.helpers import assert_no_visible_markup


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_unreachable(tmp_path):
    broken = create_app({"TESTING": True, "SECRET_KEY": "x" * 40,
                         "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:1/none"})
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503 and response.get_json()["database"] == "unreachable"


def test_robots_and_noindex_everywhere(client):
    robots = client.get("/robots.txt")
    assert robots.get_data(as_text=True) == "User-agent: *\nDisallow: /\n"
    for path in ("/auth/login", "/robots.txt", "/nope"):
        assert client.get(path).headers["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in client.get("/auth/login").get_data(as_text=True)


def test_security_headers(client, signed_in):
    signed_in()
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'",
                      "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "no-store" in response.headers["Cache-Control"]
    assert "Strict-Transport-Security" not in response.headers
    secure = client.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_versioned_static_files_are_cached_for_a_year(client):
    page = client.get("/auth/login").get_data(as_text=True)
    css = re.search(r'href="(/static/build/portal-[0-9a-f]{12}\.css)"', page).group(1)
    response = client.get(css)
    assert response.status_code == 200
    assert "max-age=31536000" in response.headers["Cache-Control"] and "immutable" in response.headers["Cache-Control"]


def test_no_inline_scripts_or_styles_in_pages(client, signed_in):
    signed_in(roles=("amministratore",))
    for path in ("/", "/auth/profile", "/admin/users", "/admin/audit"):
        html = client.get(path).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), path
        assert " style=" not in html and "<style" not in html, path
        assert "hx-on" not in html, path


def test_html_lang_and_language_switch_is_remembered(app, client, make_user):
    assert '<html lang="it">' in client.get("/auth/login").get_data(as_text=True)
    assert '<html lang="en">' in client.get("/auth/login", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    response = client.post("/language", data={"locale": "en", "next": "/auth/login"})
    assert response.status_code == 303 and response.headers["Location"] == "/auth/login"
    assert '<html lang="en">' in client.get("/auth/login").get_data(as_text=True)
    user = make_user()
    login(client)
    client.post("/language", data={"locale": "it", "next": "//evil.example"})
    from portal.auth.models import User
    from portal.extensions import db

    with app.app_context():
        assert db.session.get(User, user.id).locale == "it"
    other = app.test_client()
    login(other)
    assert '<html lang="it">' in other.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_error_pages_in_both_languages(client):
    it = client.get("/nope")
    assert it.status_code == 404 and "Pagina non trovata" in it.get_data(as_text=True)
    en = client.get("/nope", headers={"Accept-Language": "en"})
    assert "Page not found" in en.get_data(as_text=True)
    assert client.post("/healthz").status_code == 405
    assert "Azione non consentita" in client.post("/healthz").get_data(as_text=True)


def test_htmx_errors_are_a_small_fragment_in_the_alert_region(client):
    response = client.get("/nope", headers={"HX-Request": "true"})
    assert response.status_code == 404
    assert response.headers["HX-Retarget"] == "#portal-alerts"
    assert "<html" not in response.get_data(as_text=True)


def test_unexpected_errors_show_a_reference_and_save_nothing(tmp_path):
    from portal.auth.access import public

    other = create_app({"TESTING": True, "SECRET_KEY": "x" * 40,
                        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}"})

    @other.get("/boom-for-test")
    @public
    def boom():
        raise RuntimeError("boom")

    response = other.test_client().get("/boom-for-test")
    body = response.get_data(as_text=True)
    assert response.status_code == 500 and "Si è verificato un errore" in body
    assert re.search(r"Riferimento:.*[0-9A-F]{12}", body, re.S)


def test_uploads_over_the_limit_get_413(app, client, signed_in):
    signed_in(roles=("amministratore",))
    big = b"a" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    from io import BytesIO

    response = client.post("/admin/users/import", data={"file": (BytesIO(big), "big.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 413 and "File troppo grande" in response.get_data(as_text=True)


def test_navigation_shows_only_switched_on_services_the_roles_allow(app, client, signed_in):
    from flask_babel import lazy_gettext as _l

    register_service(ServiceEntry("newservice", _l("Profile"), "auth.profile", frozenset({"dipendente"}),
                                  description="new service card"))
    enabled = app.config["PORTAL_SERVICES"]
    app.config["PORTAL_SERVICES"] = (*enabled, "newservice")  # as if it were built and switched on
    try:
        signed_in(roles=("dipendente",))
        assert "new service card" in client.get("/").get_data(as_text=True)
        app.config["PORTAL_SERVICES"] = ("caf",)
        assert "new service card" not in client.get("/").get_data(as_text=True)
    finally:
        app.config["PORTAL_SERVICES"] = enabled
        unregister_service("newservice")


def test_home_cards_show_text_not_markup_in_both_languages(app, client, signed_in, make_wallet):
    user = signed_in(roles=("dipendente", "studente", "genitore"))
    make_wallet(user, allocation_cents=90_000)
    italian = assert_no_visible_markup(client.get("/").get_data(as_text=True))
    assert "Saldo disponibile 900,00 €" in italian
    client.post("/language", data={"locale": "en"})
    english = assert_no_visible_markup(client.get("/").get_data(as_text=True))
    assert "Balance available €900.00" in english


def test_legal_pages_are_public_and_filled_with_the_institution(client):
    page = client.get("/legal/accessibility").get_data(as_text=True)
    assert "Dichiarazione di accessibilità" in page and "Politecnico di Torino" in page and "{institution}" not in page
    assert "Privacy notice" in client.get("/legal/privacy", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert client.get("/legal/other").status_code == 404


def test_production_refuses_to_start_without_secret_or_database(tmp_path):
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        build_config(tmp_path, {"PORTAL_ENV": "production", "DATABASE_URL": "postgresql://x/y"})
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        build_config(tmp_path, {"PORTAL_ENV": "production", "SECRET_KEY": "change-me", "DATABASE_URL": "postgresql://x/y"})
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        build_config(tmp_path, {"PORTAL_ENV": "production", "SECRET_KEY": "s" * 40})
    config = build_config(tmp_path, {"PORTAL_ENV": "production", "SECRET_KEY": "s" * 40, "DATABASE_URL": "postgres://db/portal"})
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://db/portal"
    assert config["SESSION_COOKIE_SECURE"] is True


def test_development_defaults_just_work(tmp_path):
    config = build_config(tmp_path, {})
    assert config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///") and len(config["SECRET_KEY"]) > 40
    assert build_config(tmp_path, {})["SECRET_KEY"] == config["SECRET_KEY"]  # kept in instance/
    assert config["PORTAL_MAIL_BACKEND"] == "console"
    assert build_config(tmp_path, {"PORTAL_SERVICES": "caf, wallet"})["PORTAL_SERVICES"] == ("caf", "wallet")
    with pytest.raises(ConfigError):
        build_config(tmp_path, {"PORTAL_SERVICES": "casino"})


def test_italian_catalog_has_no_empty_or_fuzzy_entry():
    from portal import ROOT

    with open(ROOT / "translations/it/LC_MESSAGES/messages.po", "rb") as handle:
        catalog = read_po(handle)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            problems.append(message.id)
    assert problems == []


def test_every_string_in_the_code_is_in_the_catalog(tmp_path):
    """Fails when someone adds a string without running `make i18n`."""
    import subprocess
    import sys
    from pathlib import Path

    from portal import ROOT

    pot = tmp_path / "messages.pot"
    subprocess.run(
        [str(Path(sys.executable).parent / "pybabel"), "-q", "extract", "-F", "babel.cfg", "-k", "_l", "-k",
         "lazy_gettext", "-k", "lazy_ngettext:1,2", "-o", str(pot), "--no-location", "."],
        cwd=ROOT, check=True)
    with open(pot, "rb") as handle:
        extracted = {m.id for m in read_po(handle) if m.id}
    with open(ROOT / "translations/it/LC_MESSAGES/messages.po", "rb") as handle:
        known = {m.id for m in read_po(handle) if m.id}
    assert sorted(map(str, extracted - known)) == []


def test_htmx_attributes_are_written_as_data_attributes_so_pages_validate():
    """The W3C checker rejects unknown attributes such as hx-get; htmx 2 reads data-hx-get the same way."""
    import re
    from pathlib import Path

    bare = re.compile(r"(?<![\w-])hx-[a-z][a-z-]*(?::[\w:-]*)?\s*=")
    root = Path(__file__).parents[2]
    offenders = [str(path.relative_to(root)) for path in [*root.glob("templates/**/*.html"), *root.glob("portal/**/*.py")]
                 if bare.search(path.read_text(encoding="utf-8"))]
    assert offenders == []
