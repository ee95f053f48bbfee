"""A2/B1 certification (point 6): sessions, registration until the list is due, the list exported and its deadline,
the hundred a year warned, results per skill, the make-up priced per skill (also after the contract), the body's
candidate number kept across sessions."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from portal.core.calendar import today_in_rome
from portal.courses.models import CertCandidate, CertNumber, CertResult, CertSession
from portal.extensions import db
from tests.conftest import login


def client_of(app, make_user, code, roles, **fields):
    make_user(code, roles=roles, **fields)
    client = app.test_client()
    assert login(client, code).status_code == 303
    return client


def new_session(office, app, body="CILS", level="B1", written_in=20, oral_in=21):
    today = today_in_rome()
    sent = office.post("/courses/certification", data={
        "body": body, "level": level, "written_on": (today + timedelta(days=written_in)).isoformat(),
        "oral_on": (today + timedelta(days=oral_in)).isoformat(), "place": "Aula 3"})
    assert sent.status_code == 303, sent.get_data(as_text=True)[:2000]
    with app.app_context():
        return db.session.scalar(select(CertSession.id).order_by(CertSession.id.desc()))


def test_register_export_the_list_results_and_a_make_up_priced_per_skill(app, make_user, monkeypatch):
    office = client_of(app, make_user, "centro", ("centro_linguistico",))
    first = new_session(office, app)
    student = client_of(app, make_user, "li.wei", ("studente",), full_name="Li Wei", matricola="123456")
    page = student.get("/courses/certification").get_data(as_text=True)
    assert "CILS B1" in page and "110,00" in page and "27,50" in page
    assert student.post(f"/courses/certification/{first}/register").status_code == 303
    with app.app_context():
        candidate = db.session.scalar(select(CertCandidate))
        assert (candidate.kind, candidate.skill_list, candidate.price_cents) == (
            "full", ["listening", "reading", "writing", "speaking", "structures"], 11000)
    # the office: the deadline, the candidate number, the list exported, then sent
    session_page = office.get(f"/courses/certification/{first}").get_data(as_text=True)
    due = today_in_rome() + timedelta(days=10)  # written in 20 days: the list 10 days before
    assert "Li Wei" in session_page and str(due.day) in session_page
    assert office.post(f"/courses/cert-candidates/{candidate.id}/number",
                       data={f"n{candidate.id}-number": "CILS-0042"}).status_code == 303
    listed = office.get(f"/courses/certification/{first}/candidates.csv")
    lines = listed.get_data(as_text=True).splitlines()
    assert lines[0].startswith("numero_candidato;cognome_nome;matricola")
    assert lines[1].startswith("CILS-0042;Li Wei;123456;li.wei@example.edu;CILS;B1;completo;")
    assert office.post(f"/courses/certification/{first}/send").status_code == 303
    assert student.post(f"/courses/cert-candidates/{candidate.id}/withdraw", follow_redirects=True).status_code == 200
    # results per skill: reading failed, writing missed
    results = office.post(f"/courses/cert-candidates/{candidate.id}/results", data={
        f"c{candidate.id}-listening": "passed", f"c{candidate.id}-reading": "failed",
        f"c{candidate.id}-writing": "absent", f"c{candidate.id}-speaking": "passed",
        f"c{candidate.id}-structures": "passed"})
    assert results.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count(CertResult.id))) == 5
    # a later session of the same body and level, after the contract: the make-up of 2 skills = 2 x 27.50 = 55.00
    monkeypatch.setitem(app.config, "PORTAL_COURSES_CONTRACT_END", today_in_rome().isoformat())
    second = new_session(office, app, written_in=40, oral_in=40)
    offer = student.get("/courses/certification").get_data(as_text=True)
    assert "Recupero proposto" in offer and "55,00" in offer and "n. di candidato CILS-0042" in offer
    assert student.post(f"/courses/certification/{second}/register").status_code == 303
    with app.app_context():
        makeup = db.session.scalar(select(CertCandidate).where(CertCandidate.session_id == second))
        assert (makeup.kind, makeup.skill_list, makeup.price_cents) == ("makeup", ["reading", "writing"], 5500)
    # after the contract a full exam is refused
    other = client_of(app, make_user, "staff", ("dipendente",))
    refused = other.post(f"/courses/certification/{second}/register", follow_redirects=True)
    assert "solo recuperi" in refused.get_data(as_text=True)
    # the number is kept: the second session's list carries it
    assert office.get(f"/courses/certification/{second}/candidates.csv").get_data(as_text=True).splitlines()[1] \
        .startswith("CILS-0042;")
    with app.app_context():
        assert db.session.scalar(select(func.count(CertNumber.id))) == 1


def test_registration_closes_when_the_list_is_due_and_sessions_too_close_are_refused(app, make_user):
    office = client_of(app, make_user, "centro", ("centro_linguistico",))
    today = today_in_rome()
    too_close = office.post("/courses/certification", data={
        "body": "CELI", "level": "A2", "written_on": (today + timedelta(days=9)).isoformat(),
        "oral_on": (today + timedelta(days=9)).isoformat()})
    assert too_close.status_code == 422 and "10 giorni" in too_close.get_data(as_text=True)
    for data, message in [({"body": "TOEFL", "level": "A2"}, None),
                          ({"body": "CELI", "level": "C2"}, None),
                          ({"body": "CELI", "level": "A2", "written_on": "2026-13-01"}, "data"),
                          ({"body": "CELI", "level": "A2", "place": "x" * 500}, "200"),
                          ({"body": "CELI", "level": "A2", "written_on": "9999-10-01", "oral_on": "9999-10-02"},
                           "due anni")]:
        base = {"written_on": (today + timedelta(days=30)).isoformat(),
                "oral_on": (today + timedelta(days=30)).isoformat()}
        sent = office.post("/courses/certification", data={**base, **data})
        assert sent.status_code == 422 and (message is None or message in sent.get_data(as_text=True)), data
    session_id = new_session(office, app, body="CELI", level="A2", written_in=10, oral_in=12)  # due today
    with app.app_context():
        assert db.session.scalar(select(func.count(CertSession.id))) == 1  # nothing else was written
    with app.app_context():
        db.session.get(CertSession, session_id).written_on = today + timedelta(days=9)  # now overdue
        db.session.commit()
    late = client_of(app, make_user, "late", ("studente",)).post(f"/courses/certification/{session_id}/register",
                                                                 follow_redirects=True)
    assert "chiuso" in late.get_data(as_text=True)
    assert "In ritardo" in office.get(f"/courses/certification/{session_id}").get_data(as_text=True)


def test_the_hundred_a_year_are_warned(app, make_user):
    office = client_of(app, make_user, "centro", ("centro_linguistico",))
    session_id = new_session(office, app)
    from tests.courses_factories import bulk_learners

    ids = bulk_learners(app, 101)
    with app.app_context():
        db.session.add_all([CertCandidate(session_id=session_id, user_id=user_id, kind="full", skills="reading",
                                          price_cents=11000) for user_id in ids])
        db.session.commit()
    page = office.get(f"/courses/certification/{session_id}").get_data(as_text=True)
    assert "101 certificazioni" in page and "al massimo 100" in page


def test_only_the_office_opens_a_session_and_others_candidacies_are_not_found(app, make_user):
    office = client_of(app, make_user, "centro", ("centro_linguistico",))
    session_id = new_session(office, app)
    student = client_of(app, make_user, "li.wei", ("studente",))
    done = student.post(f"/courses/certification/{session_id}/register", follow_redirects=True)
    assert "Iscrizione fatta" in done.get_data(as_text=True), done.get_data(as_text=True)[-3000:]
    with app.app_context():
        candidate_id = db.session.scalar(select(CertCandidate.id))
    other = client_of(app, make_user, "other", ("studente",))
    assert other.post(f"/courses/cert-candidates/{candidate_id}/withdraw").status_code == 404
    assert other.get(f"/courses/certification/{session_id}").status_code == 403
    assert other.get(f"/courses/certification/{session_id}/candidates.csv").status_code == 403
    assert client_of(app, make_user, "genitore", ("genitore",)).get("/courses/certification").status_code == 403
    assert office.get("/courses/certification/999999").status_code == 404
    assert office.post("/courses/cert-candidates/999999/results").status_code == 404
    bad = office.post(f"/courses/cert-candidates/{candidate_id}/results",
                      data={f"c{candidate_id}-reading": "won"}, follow_redirects=True)
    assert bad.status_code == 200
    long_number = office.post(f"/courses/cert-candidates/{candidate_id}/number",
                              data={f"n{candidate_id}-number": "x" * 31}, follow_redirects=True)
    assert "30" in long_number.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(CertNumber.id))) == 0
        assert db.session.scalar(select(func.count(CertResult.id))) == 0
