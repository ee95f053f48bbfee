"""The DEC's contract figures (point 8), counted by hand for the second half of 2025."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from portal.courses.models import CertCandidate, CertSession, ContractReport, Period
from portal.extensions import db
from tests import courses_factories
from tests.conftest import login


def client_of(app, make_user, code, roles, **fields):
    make_user(code, roles=roles, **fields)
    client = app.test_client()
    assert login(client, code).status_code == 303
    return client


def _semester(app):
    """Period 1 of 2025/26 (from 1 October 2025): A1-1 intensive from 6 October, over by 31 October (completed in the
    second half of 2025); A2-1 three evenings from 20 October: 19 days in, 5 after the two weeks allowed, over in
    January 2026. Certifications held in the half: 3 full exams (one more withdrawn) and a make-up of 2 skills."""
    with app.app_context():
        period = Period(year=2025, number=1, starts_on=date(2025, 10, 1), ends_on=date(2026, 1, 31),
                        enrolment_opens_on=date(2025, 9, 10))
        db.session.add(period)
        db.session.commit()
        period_id = period.id
    courses_factories.course(app, period_id, "A1", pattern="intensive", starts_on=date(2025, 10, 6))
    courses_factories.course(app, period_id, "A2", pattern="evening", starts_on=date(2025, 10, 20))
    people = courses_factories.bulk_learners(app, 5)
    with app.app_context():
        full = CertSession(body="CILS", level="B1", written_on=date(2025, 11, 19), oral_on=date(2025, 11, 20))
        makeup = CertSession(body="CILS", level="B1", written_on=date(2025, 12, 10), oral_on=date(2025, 12, 10))
        db.session.add_all([full, makeup])
        db.session.flush()
        db.session.add_all([CertCandidate(session_id=full.id, user_id=user_id, kind="full", skills="reading",
                                          price_cents=11000, status="registered") for user_id in people[:3]])
        db.session.add(CertCandidate(session_id=full.id, user_id=people[3], kind="full", skills="reading",
                                     price_cents=11000, status="withdrawn"))
        db.session.add(CertCandidate(session_id=makeup.id, user_id=people[0], kind="makeup",
                                     skills="reading writing", price_cents=5500, status="registered"))
        db.session.commit()


def test_the_dec_reads_the_semesters_figures_and_records_the_report(app, make_user):
    _semester(app)
    dec = client_of(app, make_user, "dec", ("dec",))
    page = dec.get("/courses/contract?half=2025-2").get_data(as_text=True)
    # 1 course x 4,500.00; 3 certifications x 110.00 = 330.00; make-up 55.00: net 4,885.00
    # retention 0.5 % = 24.425 -> 24.43; A2-1 5 days late x 184.00 = 920.00; to be paid 4,885.00 - 24.43 - 920.00
    for figure in ("4.500,00", "330,00", "55,00", "4.885,00", "24,43", "920,00", "3.940,57", "A2-1"):
        assert figure in page, figure
    # the report: 31 Dec 2025 (Wed) -> Fri 2, Mon 5, (6 Epiphany), Wed 7, Thu 8, Fri 9 January 2026
    assert "9 gennaio 2026" in page and "In ritardo" in page
    csv = dec.get("/courses/contract/2025-2.csv").get_data(as_text=True).splitlines()
    assert csv[0] == "voce;quantita;prezzo_unitario;importo"
    assert csv[1] == "corsi_completati;1;4500,00;4500,00" and csv[-1] == "da_liquidare;;;3940,57"
    assert dec.post("/courses/contract/2025-2/report").status_code == 303
    again = dec.post("/courses/contract/2025-2/report", follow_redirects=True)
    assert "già registrato" in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(ContractReport.half_start)) == date(2025, 7, 1)
    assert "ricevuto in data" in dec.get("/courses/contract?half=2025-2").get_data(as_text=True)


def test_next_semester_counts_the_late_course_once_and_penalties_before(app, make_user):
    _semester(app)
    dec = client_of(app, make_user, "dec", ("dec",))
    page = dec.get("/courses/contract?half=2026-1").get_data(as_text=True)
    # A2-1 (40 evenings from 20 Oct 2025) ends in January 2026: 1 course, no new penalty
    assert "4.500,00" in page and "0 giorni" in page


def test_who_reads_the_figures_and_bad_semesters(app, make_user):
    assert client_of(app, make_user, "centro", ("centro_linguistico",)).get("/courses/contract").status_code == 403
    assert client_of(app, make_user, "stud", ("studente",)).get("/courses/contract").status_code == 403
    dec = client_of(app, make_user, "dec", ("dec",))
    for half in ("2026-3", "abc", "99999999999-1", "", "²-1", "٢٠٢٦-1"):  # superscript and Arabic digits
        assert dec.get(f"/courses/contract?half={half}").status_code == 200
    assert dec.get("/courses/contract/2026-3.csv").status_code == 303
    assert dec.post("/courses/contract/9999-1/report").status_code == 303
    future = dec.post("/courses/contract/2099-1/report", follow_redirects=True)
    assert "dopo la fine del semestre" in future.get_data(as_text=True)


def test_the_page_opens_on_the_current_semester_or_the_last_with_figures_named_in_words(app, make_user):
    from portal.courses.services import contract
    from tests.helpers import visible_text

    with app.app_context():
        # nothing anywhere: the current semester
        assert contract.parse_half(None, date(2026, 11, 30)) == (2026, 2)
    _semester(app)
    with app.app_context():
        # the figures of the second half of 2025 (and January 2026): not a past semester full of zeros
        assert contract.parse_half(None, date(2026, 2, 10)) == (2026, 1)
        assert contract.parse_half(None, date(2026, 11, 30)) == (2026, 1)
        assert contract.parse_half(None, date(2028, 11, 30)) == (2028, 2)  # more than two years on: the current
        assert contract.parse_half("2025-2", date(2026, 11, 30)) == (2025, 2)
    dec = client_of(app, make_user, "dec", ("dec",))
    text = visible_text(dec.get("/courses/contract?half=2025-2").get_data(as_text=True))
    assert "2° semestre 2025 (luglio–dicembre)" in text and "semestre 2 del" not in text
    assert "← 1° semestre 2025 (gennaio–giugno)" in text and "1° semestre 2026 (gennaio–giugno) →" in text
    english_dec = client_of(app, make_user, "dec.en", ("dec",), locale="en")
    english = visible_text(english_dec.get("/courses/contract?half=2025-2").get_data(as_text=True))
    assert "2nd half of 2025 (July–December)" in english
