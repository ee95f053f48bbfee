"""The monthly form through requests (operator signs, student disputes or confirms, coordinator resolves, lock,
PDF), the LIS events' pool, the questionnaire and its complaint counter."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from sqlalchemy import func, select

from portal.auth.models import User
from portal.core.calendar import today_in_rome
from portal.extensions import db
from portal.tutoring import rules, services
from portal.tutoring.models import (
    FormDispute,
    LisEvent,
    LisEventPool,
    MonthlyForm,
    QuarterReport,
    SurveyAnswer,
    TutoredStudent,
    TutoringSession,
)
from tests.conftest import login
from tests.helpers import visible_text
from tests.tutoring.conftest import working_day


@pytest.fixture
def last_month(app, world):
    """Two held tutoring sessions (2 h and 1 h 30) and a late cancellation (1 h) in the month before this one."""
    today = today_in_rome()
    month = date(today.year, today.month, 1) - timedelta(days=1)
    month = date(month.year, month.month, 1)
    with app.test_request_context():
        dec = db.session.get(User, world.dec)
        coordinator = db.session.get(User, world.coordinator)
        student = db.session.get(TutoredStudent, world.student)
        quarter = rules.quarter_of(month)
        if services.cap_of(student.id, "tutoring", quarter) is None:
            services.set_cap(dec, student, "tutoring", quarter, 600, [None, None, None])
        first = working_day(month + timedelta(days=2), 1)
        second = working_day(first + timedelta(days=1), 1)
        services.record(coordinator, student, "tutoring", first, time(9), time(11), "in_person", "lesson", "held")
        services.record(coordinator, student, "tutoring", second, time(14), time(15, 30), "remote", "exam", "held")
        late = services.record(coordinator, student, "tutoring", second, time(16), time(17), "remote", "lesson")
        services.change_status(coordinator, late, "cancelled_late", "Il treno non è arrivato.")
        db.session.commit()
    return month


def url(world, month, tail="") -> str:
    return f"/tutoring/students/{world.student}/forms/tutoring/{month.year}/{month.month}{tail}"


def form_row(month) -> MonthlyForm | None:
    return db.session.scalar(select(MonthlyForm).where(MonthlyForm.month == month))


def test_the_form_lists_the_months_lines_and_totals(client, world, last_month):
    login(client, "studente")
    text = visible_text(client.get(url(world, last_month)).get_data(as_text=True))
    # 2 h + 1 h 30 held = 3 h 30; 1 h cancelled late; month 4 h 30 of the quarter's 10 h
    assert "Ore svolte: 3 h 30 min" in text and "Totale del mese: 4 h 30 min" in text
    assert "Ore del trimestre: 10 h" in text and "Annullato in ritardo" in text


def test_sign_dispute_resolve_sign_confirm_lock_and_pdf(app, client, world, last_month):
    login(client, "tutor2")
    assert client.post(url(world, last_month, "/sign")).status_code == 303
    with app.app_context():
        assert form_row(last_month).status == "operator_signed"
        assert form_row(last_month).month_minutes == 270  # 120 + 90 + 60
        line = db.session.scalars(select(TutoringSession).where(TutoringSession.status == "held")).first().id
    client.post("/auth/logout")
    login(client, "studente")
    refused = client.post(url(world, last_month, "/dispute"), data={"session_id": line, "reason": "  "})
    assert refused.status_code == 422
    assert client.post(url(world, last_month, "/dispute"), data={"session_id": 999999, "reason": "x"}
                       ).status_code == 422
    assert client.post(url(world, last_month, "/dispute"),
                       data={"session_id": line, "reason": "Finita mezz'ora prima."}).status_code == 303
    assert client.post(url(world, last_month, "/confirm")).status_code == 303  # refused: disputed, flashed
    with app.app_context():
        assert form_row(last_month).status == "disputed"
        assert db.session.scalar(select(func.count()).select_from(FormDispute)) == 1
    client.post("/auth/logout")
    login(client, "coordinatore")
    page = visible_text(client.get(url(world, last_month)).get_data(as_text=True))
    assert "Finita mezz'ora prima." in page
    assert client.post(url(world, last_month, "/resolve"), data={"resolution": ""}).status_code == 422
    assert client.post(url(world, last_month, "/resolve"),
                       data={"resolution": "Verificato con l'operatore: orario giusto."}).status_code == 303
    assert client.get(url(world, last_month, "/pdf")).status_code == 404  # not locked
    client.post("/auth/logout")
    login(client, "tutor2")
    client.post(url(world, last_month, "/sign"))
    client.post("/auth/logout")
    login(client, "studente")
    assert client.post(url(world, last_month, "/confirm")).status_code == 303
    with app.app_context():
        row = form_row(last_month)
        assert row.status == "locked" and row.student_signed_at and row.operator_signed_at
    client.post("/auth/logout")
    login(client, "coordinatore")
    pdf = client.get(url(world, last_month, "/pdf"))
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    # locked: the month's sessions no longer change, and no session is added to it
    with app.app_context():
        planned_day = working_day(last_month + timedelta(days=12), 1)
    response = client.post(f"/tutoring/students/{world.student}/sessions",
                           data={"service": "tutoring", "day": planned_day.isoformat(), "starts": "09:00",
                                 "ends": "10:00", "mode": "in_person", "activity": "lesson", "status": "held"})
    assert response.status_code == 422
    assert "il modulo di questo mese è firmato" in visible_text(response.get_data(as_text=True)).lower()


def test_who_signs_what(app, client, world, last_month, make_user):
    login(client, "tutor")  # the LIS operator held none of these sessions
    client.post(url(world, last_month, "/sign"))
    with app.app_context():
        assert form_row(last_month).status == "open"  # recording the sessions made the row; nobody signed
    client.post("/auth/logout")
    login(client, "studente")
    assert client.post(url(world, last_month, "/sign")).status_code == 403
    assert client.post(url(world, last_month, "/confirm")).status_code == 303  # nothing to confirm yet
    with app.app_context():
        assert form_row(last_month).status == "open"  # recording the sessions made the row; nobody signed
    client.post("/auth/logout")
    login(client, "altro")
    assert client.get(url(world, last_month)).status_code == 404


@pytest.mark.parametrize("tail", ["/tutoring/2026/13", "/tutoring/1999/1", "/tutoring/2026/0", "/tutti/2026/1",
                                  "/tutoring/99999999999/1"])
def test_a_wrong_month_or_service_is_404(client, world, tail):
    login(client, "coordinatore")
    assert client.get(f"/tutoring/students/{world.student}/forms{tail}").status_code == 404
    assert client.get("/tutoring/students/999999/forms/tutoring/2026/1").status_code == 404


# -- LIS for the institution's events ------------------------------------------------------------------------------

def event_data(**changes) -> dict:
    day = working_day(today_in_rome(), 1)
    data = {"title": "Cerimonia di laurea", "office": "Servizio Orientamento", "place": "Aula Magna",
            "day": day.isoformat(), "starts": "10:00", "ends": "13:00"}
    data.update(changes)
    return data


def test_an_office_asks_and_the_pool_is_never_exceeded(app, client, world, make_user):
    make_user("ufficio", roles=("dipendente",), full_name="Marco Bianchi")
    login(client, "ufficio")
    assert client.post("/tutoring/events", data=event_data()).status_code == 303  # 3 h
    assert client.post("/tutoring/events", data=event_data(starts="08:00", ends="14:00")).status_code == 303  # 6 h
    refused = client.post("/tutoring/events", data=event_data(starts="14:00", ends="15:05"))  # 1 h 5 > 1 h left
    assert refused.status_code == 422
    assert "supererebbe le 10 ore dell'anno per gli eventi: 1 h rimaste" in visible_text(refused.get_data(as_text=True))
    with app.app_context():
        assert db.session.scalar(select(LisEventPool.booked_minutes)) == 540
        assert db.session.scalar(select(func.count()).select_from(LisEvent)) == 2
    assert client.post("/tutoring/events", data=event_data(starts="14:00", ends="15:00")).status_code == 303
    text = visible_text(client.get("/tutoring/events").get_data(as_text=True))
    assert "0 h rimaste su 10 h" in text


def test_cancelling_gives_the_hours_back_and_only_the_asker_or_the_dec_cancels(app, client, world, make_user):
    make_user("ufficio", roles=("dipendente",))
    make_user("ufficio2", roles=("dipendente",))
    login(client, "ufficio")
    day = working_day(today_in_rome() + timedelta(days=1), 1)
    client.post("/tutoring/events", data=event_data(day=day.isoformat()))
    with app.app_context():
        event_id = db.session.scalar(select(LisEvent.id))
    client.post("/auth/logout")
    login(client, "ufficio2")
    assert client.post(f"/tutoring/events/{event_id}/cancel").status_code == 404
    assert "Cerimonia" not in client.get("/tutoring/events").get_data(as_text=True)
    client.post("/auth/logout")
    login(client, "coordinatore")
    assert "Cerimonia di laurea" in client.get("/tutoring/events").get_data(as_text=True)
    assert client.post("/tutoring/events", data=event_data()).status_code == 403
    assert client.post(f"/tutoring/events/{event_id}/cancel").status_code == 403
    client.post("/auth/logout")
    login(client, "dec")
    assert client.post(f"/tutoring/events/{event_id}/cancel").status_code == 303
    with app.app_context():
        assert db.session.scalar(select(LisEventPool.booked_minutes)) == 0
        assert db.session.get(LisEvent, event_id).status == "cancelled"
    assert client.post(f"/tutoring/events/{event_id}/cancel").status_code == 303  # refused, flashed
    with app.app_context():
        assert db.session.scalar(select(LisEventPool.booked_minutes)) == 0


@pytest.mark.parametrize("changes", [{"title": "x" * 201}, {"day": "2026-13-40"}, {"day": "1999-01-01"},
                                     {"starts": "25:00"}, {"ends": "09:00"}, {"office": ""},
                                     {"day": "9999999-01-01"}])
def test_bad_event_input_is_refused_and_nothing_is_written(app, client, world, make_user, changes):
    make_user("ufficio", roles=("dipendente",))
    login(client, "ufficio")
    assert client.post("/tutoring/events", data=event_data(**changes)).status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LisEvent)) == 0


def test_odd_years_on_the_events_page_never_give_a_500(client, world):
    login(client, "dec")
    for year in ("²²²²", "٢٠٢٦", "9999", "0000", "99999999999999999999"):
        assert client.get(f"/tutoring/events?year={year}").status_code == 200, year


def test_students_do_not_see_the_events(client, world):
    login(client, "studente")
    assert client.get("/tutoring/events").status_code == 403
    assert client.get("/tutoring/events?year=abcd").status_code == 403


# -- the questionnaire and the complaint counter -------------------------------------------------------------------

def test_the_student_answers_once_a_quarter(app, client, world):
    login(client, "studente")
    page = visible_text(client.get(f"/tutoring/students/{world.student}").get_data(as_text=True))
    assert "Come va il servizio per te?" in page
    assert client.post("/tutoring/survey", data={"level": "9"}).status_code == 422
    assert client.post("/tutoring/survey", data={"comment": "x" * 501, "level": "2"}).status_code == 422
    assert client.post("/tutoring/survey", data={"level": "2", "comment": "Orari che cambiano."}).status_code == 303
    assert client.post("/tutoring/survey", data={"level": "5"}).status_code == 422
    with app.app_context():
        assert [(row.level, row.comment) for row in db.session.scalars(select(SurveyAnswer))] == [
            (2, "Orari che cambiano.")]
    page = visible_text(client.get(f"/tutoring/students/{world.student}").get_data(as_text=True))
    assert "Come va il servizio per te?" not in page


def test_the_dec_reads_the_counter_and_the_penalty(app, client, world):
    with app.app_context():
        quarter = rules.quarter_of(today_in_rome())
        for index, level in enumerate((1, 2, 2, 1, 3)):
            db.session.add(SurveyAnswer(student_id=world.student, quarter=date(quarter.year - index - 1, 1, 1),
                                        level=level))
        db.session.commit()
    login(client, "dec")
    text = visible_text(client.get("/tutoring/satisfaction").get_data(as_text=True))
    # four answers of 1 or 2: one after the third, 100 euro
    assert "4 risposte dicono che il servizio va male." in text and "100,00" in text
    client.post("/auth/logout")
    for code in ("coordinatore", "studente", "tutor"):
        login(client, code)
        assert client.get("/tutoring/satisfaction").status_code == 403
        client.post("/auth/logout")



# -- the quarterly report ------------------------------------------------------------------------------------------

def test_the_quarterly_report_counts_the_signed_forms_and_is_sent_once(app, client, world, last_month):
    quarter = rules.quarter_of(last_month).isoformat()
    login(client, "dec")
    text = visible_text(client.get(f"/tutoring/report?quarter={quarter}").get_data(as_text=True))
    assert "Ore nei moduli firmati: 0 h" in text and "1 modulo mensile non è ancora firmato da entrambi." in text
    client.post("/auth/logout")
    with app.test_request_context():
        student = db.session.get(TutoredStudent, world.student)
        services.monthly.operator_sign(db.session.get(User, world.tutor),
                                       services.monthly.view(student, "tutoring", last_month))
        services.monthly.student_sign(db.session.get(User, world.student_user),
                                      services.monthly.view(student, "tutoring", last_month))
        db.session.commit()
    login(client, "coordinatore")
    text = visible_text(client.get(f"/tutoring/report?quarter={quarter}").get_data(as_text=True))
    # 2 h + 1 h 30 held + 1 h cancelled late = 4 h 30 signed; 4.5 × 25.00 = 112.50
    assert "Ore nei moduli firmati: 4 h 30 min" in text and "112,50" in text
    over = today_in_rome() >= rules.next_quarter(rules.quarter_of(last_month)) - timedelta(days=1)
    client.post(f"/tutoring/report/send?quarter={quarter}")
    client.post(f"/tutoring/report/send?quarter={quarter}")  # a second time: refused
    with app.app_context():
        sent = db.session.scalars(select(QuarterReport)).all()
        assert [(row.minutes, row.amount_cents) for row in sent] == ([(270, 11250)] if over else [])
    client.post("/auth/logout")
    for code, status in (("dec", 200), ("studente", 403), ("tutor2", 403), ("unita", 403)):
        login(client, code)
        assert client.get(f"/tutoring/report?quarter={quarter}").status_code == status
        assert client.get("/tutoring/report?quarter=9999-99-99").status_code == status
        client.post("/auth/logout")
    login(client, "dec")
    assert client.post(f"/tutoring/report/send?quarter={quarter}").status_code == 403


def test_a_session_saved_while_the_form_is_signed_is_counted_or_refused(app, client, world, last_month):
    """The form's row is locked by both: the signature counts every session saved before it, and a session saved after
    it is refused. Never a signed month that misses one of its sessions (the quarterly report bills what is signed)."""
    import threading

    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("the race needs PostgreSQL's concurrent writers")
    login(client, "tutor2")
    extra_day = working_day(last_month + timedelta(days=15), 1)
    barrier = threading.Barrier(2)

    def sign():
        barrier.wait()
        client.post(url(world, last_month, "/sign"))

    def record():
        with app.test_request_context():
            barrier.wait()
            try:
                services.record(db.session.get(User, world.coordinator), db.session.get(TutoredStudent, world.student),
                                "tutoring", extra_day, time(10), time(11), "in_person", "lesson", "held")
                db.session.commit()
            except Exception:  # noqa: BLE001 - refused because the month is signed: the other order
                db.session.rollback()
            finally:
                db.session.remove()

    threads = [threading.Thread(target=sign), threading.Thread(target=record)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with app.app_context():
        form = form_row(last_month)
        counted = db.session.scalar(select(func.coalesce(func.sum(TutoringSession.minutes), 0)).where(
            TutoringSession.student_id == world.student, TutoringSession.service == "tutoring",
            TutoringSession.day >= last_month, TutoringSession.day < (last_month + timedelta(days=32)).replace(day=1),
            TutoringSession.status.in_(rules.COUNTED)))
        assert form.status == "operator_signed"
        assert form.month_minutes == counted and counted in (270, 330)
