"""The database gone, the disk full: translated 503s that save nothing, never Werkzeug's bare English 500."""

from __future__ import annotations

import builtins
import errno
import os
from io import BytesIO
from pathlib import Path

import jinja2
import pytest
from sqlalchemy import func, select

from portal import create_app
from portal.core import uploads
from portal.extensions import db, limiter
from tests.conftest import login
from tests.logs import enabled

REFUSING_DATABASE = "postgresql+psycopg://portal@127.0.0.1:1/portal"  # nothing listens on port 1: refused at once


@pytest.fixture
def database_down(app):
    """The same portal, same secret key (so the same session cookies), whose database refuses every connection."""
    node = create_app({key: app.config[key] for key in (
        "TESTING", "SECRET_KEY", "PORTAL_ENV", "PORTAL_MAIL_BACKEND", "PORTAL_BASE_URL", "WTF_CSRF_ENABLED",
        "PORTAL_UPLOAD_DIR", "PORTAL_CACHE_URL", "PORTAL_CACHE_PREFIX")} | {"SQLALCHEMY_DATABASE_URI": REFUSING_DATABASE})
    yield node
    with node.app_context():
        db.session.remove()
        db.engine.dispose()
    limiter.init_app(app)  # the limiter is one object: bind its storage to the test app again


def _signed_in_cookie(client, signed_in, **fields) -> str:
    signed_in(**fields)
    return client.get_cookie("portal_session").value


@pytest.fixture
def logs(caplog):
    with enabled(caplog, "portal.errors"):
        yield caplog


def test_a_signed_in_page_answers_a_translated_503_while_the_database_refuses(client, signed_in, database_down, logs):
    cookie = _signed_in_cookie(client, signed_in, locale="it")
    down = database_down.test_client()
    down.set_cookie("portal_session", cookie)

    english = down.get("/", headers={"Accept-Language": "en-GB,en;q=0.8"})
    text = english.get_data(as_text=True)
    assert english.status_code == 503
    assert english.headers["Retry-After"] == "60"
    assert "Service temporarily unavailable" in text and "nothing was saved" in text
    assert "Internal Server Error" not in text
    assert 'id="portal-alerts"' in text, "the portal's own page, not the static fallback"
    assert "Mario Rossi" not in text, "the user was not looked up again for the page"

    italian = down.get("/wallet/", headers={"Accept-Language": "it"})
    assert italian.status_code == 503 and "Servizio temporaneamente non disponibile" in italian.get_data(as_text=True)

    # A chosen language is in the session, which needs no database.
    with down.session_transaction() as session:
        session["locale"] = "en"
    chosen = down.get("/", headers={"Accept-Language": "it"})
    assert chosen.status_code == 503 and "Service temporarily unavailable" in chosen.get_data(as_text=True)

    htmx = down.get("/", headers={"HX-Request": "true", "Accept-Language": "en"})
    assert htmx.status_code == 503 and htmx.headers["HX-Retarget"] == "#portal-alerts"
    assert "Service temporarily unavailable" in htmx.get_data(as_text=True)

    outage_lines = [r for r in logs.records if r.name == "portal.errors" and "database unreachable" in r.message]
    assert outage_lines and not any(r.exc_info for r in outage_lines), "one line per request, no traceback"


def test_a_visitor_gets_the_same_503(database_down):
    response = database_down.test_client().post("/auth/login", data={"access_code": "mario.rossi", "password": "x"},
                                                headers={"Accept-Language": "en"})
    assert response.status_code == 503
    assert 0 < int(response.headers["Retry-After"]) <= 60  # the login's rate limiter rewrites it in whole seconds
    assert "Service temporarily unavailable" in response.get_data(as_text=True)


def test_a_static_bilingual_page_when_no_error_page_can_be_rendered(client, signed_in, database_down):
    cookie = _signed_in_cookie(client, signed_in)
    database_down.jinja_env.loader = jinja2.DictLoader({})  # the templates cannot be read either
    down = database_down.test_client()
    down.set_cookie("portal_session", cookie)
    response = down.get("/", headers={"Accept-Language": "en"})
    text = response.get_data(as_text=True)
    assert response.status_code == 503 and response.headers["Retry-After"] == "60"
    assert "Servizio momentaneamente non disponibile" in text and "Service temporarily unavailable" in text
    assert "Internal Server Error" not in text


# -- a full disk during an upload --------------------------------------------------------------------------------


class FullDisk:
    """The file system with `free` bytes left: a write past them writes what fits and fails with ENOSPC."""

    def __init__(self, free: int) -> None:
        self.free = free

    def open(self, path, mode="r", *args, **kwargs):
        handle = builtins.open(path, mode, *args, **kwargs)
        return _FillingFile(handle, self) if "b" in mode and any(flag in mode for flag in "wxa") else handle


class _FillingFile:
    def __init__(self, handle, disk: FullDisk) -> None:
        self._handle, self._disk = handle, disk

    def write(self, data: bytes) -> int:
        fits = min(len(data), self._disk.free)
        self._handle.write(data[:fits])
        self._handle.flush()
        self._disk.free -= fits
        if fits < len(data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return fits

    def close(self) -> None:
        self._handle.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


def _stored_files(app) -> set[Path]:
    root = Path(app.config["PORTAL_UPLOAD_DIR"])
    return {path for path in root.rglob("*") if path.is_file()}


def test_a_full_disk_mid_upload_keeps_no_half_file_and_saves_nothing(app, client, make_user, monkeypatch):
    from portal.caf.models import Document, Practice, Student

    user = make_user("studente", roles=("studente",), full_name="Aiko Tanaka", locale="it")
    with app.app_context():
        db.session.add(Student(user_id=user.id, kind="abroad", codice_persona="12345678", country="JP"))
        db.session.commit()
    assert login(client, "studente").status_code == 303
    client.post("/caf/practices/new")
    with app.app_context():
        practice = db.session.scalars(select(Practice)).one()
        practice_id, member_id = practice.id, practice.members[0].id
    before = _stored_files(app)
    small = b"%PDF-1.4\n" + b"1" * 20_000
    scan = b"%PDF-1.4\n" + b"2" * (3 * 1024 * 1024)  # the second 3 MB scan: the disk fills up 1 MB into it
    monkeypatch.setattr(uploads, "open", FullDisk(free=len(small) + 1024 * 1024).open, raising=False)

    response = client.post(f"/caf/practices/{practice_id}/documents",
                           data={"kind": "identity", "member_id": str(member_id),
                                 "files": [(BytesIO(small), "passaporto.pdf"), (BytesIO(scan), "scansione.pdf")]},
                           content_type="multipart/form-data")

    text = response.get_data(as_text=True)
    assert response.status_code == 503 and response.headers["Retry-After"] == "60"
    assert "Non è stato possibile archiviare il documento ora e non è stato salvato nulla" in text
    assert _stored_files(app) == before, "a half-written (or an orphaned whole) file stayed on the disk"
    with app.app_context():
        assert db.session.scalar(select(func.count(Document.id))) == 0
    monkeypatch.undo()
    again = client.post(f"/caf/practices/{practice_id}/documents",
                        data={"kind": "identity", "member_id": str(member_id),
                              "files": [(BytesIO(small), "passaporto.pdf")]}, content_type="multipart/form-data")
    assert again.status_code == 303, "the disk has room again: the same upload goes through"
