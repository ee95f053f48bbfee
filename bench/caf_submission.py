"""CAF peak: 50 students abroad send their practice at the same moment, each with 3 MB of scans, through HTTP.

Used by http_bench.py: `prepare` creates 50 students with a draft practice (the student and a parent, dates of
birth given) in the benchmark database; `peak` signs them in, then all at once each uploads the seven documents
the checklist asks for (3 MB in all) and sends the practice. Reports the latency of every upload and submission,
the answers, the peak memory of each gunicorn worker, and what the database holds afterwards.
"""

from __future__ import annotations

import statistics
import threading
import time
import uuid
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

STUDENTS = 50
TOTAL_BYTES = 3 * 1024 * 1024
PASSWORD = "lampone-fiume-27-vela"


def prepare(database_url: str) -> None:
    from portal import create_app
    from portal.auth.models import User
    from portal.auth.services import hash_password
    from portal.caf import services
    from portal.caf.models import Member, Student
    from portal.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.test_request_context():
        password = hash_password(PASSWORD)
        for index in range(STUDENTS):
            user = User(access_code=f"peak{index:02d}", full_name=f"Student {index:02d}", locale="en",
                        email=f"peak{index:02d}@example.com", password_hash=password, must_change_password=False,
                        accepted_terms_version=1)
            user.set_roles({"studente"})
            db.session.add(user)
            db.session.flush()
            student = Student(user_id=user.id, kind="abroad", codice_persona=f"{70000000 + index}", country="PE")
            db.session.add(student)
            db.session.flush()
            practice = services.start_remote_practice(user, student)
            practice.members[0].birth_date = date(2005, 1, 1)
            practice.members.append(Member(position=1, full_name=f"Parent {index:02d}",
                                           relationship_to_student="parent", birth_date=date(1975, 1, 1)))
        db.session.commit()


def _pdf(size: int) -> bytes:
    return b"%PDF-1.4\n" + b"0" * (size - 9)


def _multipart(fields: dict[str, str], files: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, filename, data in files:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f'Content-Type: application/pdf\r\n\r\n'.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _checklist(database_url: str) -> dict[str, tuple[int, list[tuple[str, str]]]]:
    """Each student's practice id and the (kind, member id) pairs its checklist asks for."""
    from portal import create_app
    from portal.auth.models import User
    from portal.caf import services
    from portal.caf.models import Practice, Student
    from portal.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.test_request_context():
        rows = db.session.execute(select(User.access_code, Practice).join(Student, Student.user_id == User.id)
                                  .join(Practice, Practice.student_id == Student.id)
                                  .where(User.access_code.like("peak%"))).all()
        return {code: (practice.id, [(kind, str(member.id) if member else "")
                                     for kind, member in services.missing_documents(practice)])
                for code, practice in rows}


def _worker_peak_kib(master_pid: int) -> list[int]:
    """VmHWM (peak resident memory) of each gunicorn worker."""
    peaks = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master_pid) and "VmHWM" in fields:
            peaks.append(int(fields["VmHWM"].split()[0]))
    return sorted(peaks)


def peak(base: str, database_url: str, master_pid: int, sign_in, request) -> dict:
    """`sign_in(base, code)` gives a session cookie; `request(base, path, cookie, data, headers)` one answer."""
    import re

    checklists = _checklist(database_url)
    cookies = {code: sign_in(base, code) for code in checklists}
    tokens = {}
    for code, (practice_id, _) in checklists.items():
        _, page, _ = request(base, f"/caf/practices/{practice_id}/form/documents", cookies[code], None, {})
        tokens[code] = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    memory_before = _worker_peak_kib(master_pid)
    barrier = threading.Barrier(len(checklists))
    uploads: list[tuple[int, float]] = []
    submits: list[tuple[int, float]] = []
    lock = threading.Lock()

    def student(code: str) -> None:
        practice_id, needed = checklists[code]
        size = TOTAL_BYTES // len(needed)
        barrier.wait()
        for kind, member_id in needed:
            body, content_type = _multipart({"csrf_token": tokens[code], "kind": kind, "member_id": member_id},
                                            [("files", f"{kind}.pdf", _pdf(size))])
            started = time.perf_counter()
            status, _, _ = request(base, f"/caf/practices/{practice_id}/documents", cookies[code], body,
                                   {"Content-Type": content_type})
            with lock:
                uploads.append((status, (time.perf_counter() - started) * 1000))
        started = time.perf_counter()
        status, _, _ = request(base, f"/caf/practices/{practice_id}/submit", cookies[code],
                               {"csrf_token": tokens[code], "declaration": "y"}, {})
        with lock:
            submits.append((status, (time.perf_counter() - started) * 1000))

    threads = [threading.Thread(target=student, args=(code,)) for code in checklists]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {"students": len(checklists), "megabytes_each": TOTAL_BYTES / 1024 / 1024,
            "seconds": round(elapsed, 2), "uploads": _summary(uploads, expected=303),
            "submissions": _summary(submits, expected=303), **_database(database_url),
            "worker_peak_rss_mib_before": [round(kib / 1024, 1) for kib in memory_before],
            "worker_peak_rss_mib_after": [round(kib / 1024, 1) for kib in _worker_peak_kib(master_pid)]}


def _summary(outcomes: list[tuple[int, float]], expected: int) -> dict:
    latencies = sorted(latency for _, latency in outcomes)
    return {"requests": len(outcomes), "ok": sum(1 for status, _ in outcomes if status == expected),
            "errors": sum(1 for status, _ in outcomes if status != expected),
            "p50_ms": round(statistics.median(latencies), 1),
            "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1], 1), "max_ms": round(latencies[-1], 1)}


def _database(database_url: str) -> dict:
    from portal import create_app
    from portal.caf.models import Document, Practice
    from portal.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        return {"practices_submitted": db.session.scalar(select(func.count(Practice.id))
                                                         .where(Practice.status == "submitted")),
                "documents_stored": db.session.scalar(select(func.count(Document.id))),
                "bytes_stored": db.session.scalar(select(func.coalesce(func.sum(Document.size), 0)))}
