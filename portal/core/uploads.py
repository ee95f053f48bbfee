"""Uploaded documents: checked by content and size, stored privately under random names,
served only through routes that check who is asking."""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask import Response, abort, current_app, send_file
from flask_babel import lazy_gettext as _l
from sqlalchemy import Integer, String, event
from sqlalchemy.orm import Mapped, Session, mapped_column
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import ServiceUnavailable

from portal.core.rules import RuleViolation
from portal.core.types import UTCDateTime, utcnow
from portal.extensions import db

log = logging.getLogger(__name__)

# What the file must start with, whatever its name or the browser claim.
SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)


@dataclass(frozen=True)
class StoredFile:
    stored_name: str  # relative to the upload folder
    original_name: str
    content_type: str
    size: int
    sha256: str


class StoredFileColumns:
    """The columns every table of uploaded files has (a declarative mixin)."""

    stored_name: Mapped[str] = mapped_column(String(200), unique=True)
    original_name: Mapped[str] = mapped_column(String(150))
    content_type: Mapped[str] = mapped_column(String(50))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def keep(self, stored: StoredFile) -> None:
        self.stored_name, self.original_name = stored.stored_name, stored.original_name
        self.content_type, self.size, self.sha256 = stored.content_type, stored.size, stored.sha256


def send_stored(row: StoredFileColumns, download: bool = False) -> Response:
    """A private file, inline or as a download: never cached, sandboxed so that a PDF cannot run anything."""
    try:
        path = path_of(row.stored_name)
    except FileNotFoundError:
        abort(404)
    if not path.exists():
        abort(404)
    response = send_file(path, mimetype=row.content_type, as_attachment=download,
                         download_name=download_name(row.original_name, row.content_type), max_age=0)
    response.headers["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    response.cache_control.private = True
    response.cache_control.no_store = True
    return response


def upload_root() -> Path:
    root = Path(current_app.config.get("PORTAL_UPLOAD_DIR") or Path(current_app.instance_path) / "uploads")
    root.mkdir(parents=True, exist_ok=True)
    return root


def sniff(head: bytes) -> tuple[str, str] | None:
    for signature, content_type, extension in SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    return None


def clean_name(name: str) -> str:
    """The file name as the person knows it, safe to show and to put in a header."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|:*?')
    return cleaned.strip()[:150] or "document"


def download_name(original_name: str, content_type: str, longest: int = 150) -> str:
    """The name a stored file goes out under: the uploader's, with the extension of the type its content was found
    to be, never the uploader's own ('evil.html' holding a PDF is 'evil.pdf'); at most `longest` characters, the
    extension always kept."""
    extension = next((known for _signature, kind, known in SIGNATURES if kind == content_type), "bin")
    stem, dot, _extension = original_name.rpartition(".")
    stem = ((stem if dot else original_name) or "document")[:max(longest - len(extension) - 1, 1)]
    return f"{stem}.{extension}"


CHUNK = 64 * 1024


class StorageUnavailable(ServiceUnavailable):
    """The disk refused a document: the request answers 503 and rolls back, so nothing at all is saved."""

    message = _l("The document could not be stored now and nothing was saved. Try again in a few minutes; "
                 "if it happens again, contact the help desk.")


def _refuse(path: Path, message) -> None:
    path.unlink(missing_ok=True)
    raise RuleViolation(message, field="documents")


def store(upload: FileStorage, folder: str) -> StoredFile:
    """Check the file by content and size while copying it to disk in chunks (a few MB per upload never sit in
    memory), and tie it to the current transaction: if that rolls back, the file goes."""
    limit_mb = current_app.config["PORTAL_UPLOAD_FILE_MAX_MB"]
    name = clean_name(upload.filename or "")
    head = upload.stream.read(16)
    kind = sniff(head)
    if not head:
        raise RuleViolation(_l("%(name)s is empty.", name=name), field="documents")
    if kind is None:
        raise RuleViolation(_l("%(name)s is not a PDF, JPEG or PNG file.", name=name), field="documents")
    relative = f"{folder}/{secrets.token_hex(16)}.{kind[1]}"
    path = upload_root() / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(head), len(head)
    try:
        with open(path, "xb") as handle:  # never overwrite
            handle.write(head)
            while chunk := upload.stream.read(CHUNK):
                size += len(chunk)
                if size > limit_mb * 1024 * 1024:
                    handle.close()
                    _refuse(path, _l("%(name)s is larger than %(mb)d MB.", name=name, mb=limit_mb))
                digest.update(chunk)
                handle.write(chunk)
    except OSError as exc:  # disk full, quota, read-only or failing disk: no half file stays behind
        path.unlink(missing_ok=True)
        log.error("upload %s not stored: %s", relative, exc)
        raise StorageUnavailable() from exc
    db.session.info.setdefault(WRITTEN, []).append(path)
    return StoredFile(relative, name, kind[0], size, digest.hexdigest())


WRITTEN = "portal_written_files"


@event.listens_for(Session, "after_commit")
def _files_are_kept(session: Session) -> None:
    session.info.pop(WRITTEN, None)


@event.listens_for(Session, "after_rollback")
def _files_of_a_failed_transaction_are_removed(session: Session) -> None:
    for path in session.info.pop(WRITTEN, []):
        path.unlink(missing_ok=True)


def path_of(stored_name: str) -> Path:
    root = upload_root().resolve()
    path = (root / stored_name).resolve()
    if root not in path.parents:
        raise FileNotFoundError(stored_name)
    return path
