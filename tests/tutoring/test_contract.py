"""The DEC's contract page (tender par. 6, 12 g, 20): what is spent at the hourly price, the month the money runs
out, the penalties for services not delivered and for complaints after the third, the 10 % threshold."""

from __future__ import annotations

from datetime import date, time

from portal.auth.models import User
from portal.core.calendar import today_in_rome
from portal.extensions import db
from portal.tutoring import rules, services
from portal.tutoring.models import LisEvent, SurveyAnswer, TutoredStudent, TutoringSession
from tests.conftest import login
from tests.helpers import visible_text
from tests.tutoring.test_paperwork import last_month  # noqa: F401 (a fixture)


def _add_penalties_and_an_event(app, world, past_event_day):
    """One service not delivered (yesterday's planned LIS session), a 2 h event held on `past_event_day`, one still
    to come (1 h), a cancelled one (3 h, never billed), five reports of dissatisfaction (two after the third)."""
    with app.test_request_context():
        coordinator = db.session.get(User, world.coordinator)
        student = db.session.get(TutoredStudent, world.student)
        missed = services.record(coordinator, student, "lis", world.past, time(9), time(10), "in_person", "lesson")
        services.change_status(coordinator, missed, "not_delivered", "")
        pool = services.events.pool_of(past_event_day.year)
        db.session.add_all([
            LisEvent(pool_id=pool.id, title="Inaugurazione", office="Rettorato", day=past_event_day, starts=time(10),
                     ends=time(12), minutes=120),
            LisEvent(pool_id=pool.id, title="Annullato", office="Rettorato", day=past_event_day, starts=time(14),
                     ends=time(17), minutes=180, status="cancelled"),
            LisEvent(pool_id=services.events.pool_of(world.future.year).id, title="Convegno", office="Rettorato",
                     day=world.future, starts=time(9), ends=time(10), minutes=60),
        ])
        for index in range(5):
            db.session.add(SurveyAnswer(student_id=world.student, quarter=date(2000 + index, 1, 1), level=1))
        db.session.commit()


def test_the_dec_reads_spending_pace_and_penalties(app, client, world, last_month):  # noqa: F811
    event_day = date(last_month.year, last_month.month, 1)
    _add_penalties_and_an_event(app, world, event_day)
    login(client, "dec")
    text = visible_text(client.get("/tutoring/contract").get_data(as_text=True))
    # sessions 2 h + 1 h 30 held + 1 h cancelled late = 4 h 30; the event held 2 h (the cancelled one nothing):
    # 6 h 30 × 25.00 = 162.50 of 75,000.00
    assert "Il contratto vale 75.000,00 € (IVA esclusa)." in text
    assert "Speso: 162,50 € (0 %)" in text
    assert "Sedute degli studenti: 4 h 30 min svolte o annullate in ritardo" in text
    assert "LIS agli eventi dell'ateneo: 2 h" in text
    assert "Restano: 74.837,50 €" in text
    # the pace from the first billed day, the event's
    with app.app_context():
        month = rules.runs_out(7_500_000, 16_250, event_day, today_in_rome())
    from portal.core.dates import format_day
    with app.test_request_context(headers={"Accept-Language": "it"}):
        assert f"i fondi finiscono a {format_day(month, 'MMMM y')}" in text
    # penalties: 1 not delivered (100.00), five reports, two after the third (200.00): 300.00 of 7,500.00 (4 %)
    assert "1 servizio concordato e non erogato: 100,00 €" in text
    assert "5 segnalazioni di insoddisfazione (le prime 3 senza penale): 200,00 €" in text
    assert "Penali in tutto: 300,00 €" in text
    assert "Il 10 % del contratto è 7.500,00 €; penali finora: 4 % del contratto." in text
    assert "Le penali hanno raggiunto la soglia del 10 %" not in text
    # the DEC's home and the report link to it
    home = visible_text(client.get("/tutoring/").get_data(as_text=True))
    assert "Spesi 162,50 € su 75.000,00 €." in home and "Penali: 300,00 €" in home
    assert 'href="/tutoring/contract"' in client.get("/tutoring/report").get_data(as_text=True)


def test_the_threshold_and_an_early_end_of_the_money_are_warned(app, client, world, last_month):  # noqa: F811
    _add_penalties_and_an_event(app, world, date(last_month.year, last_month.month, 1))
    app.config["PORTAL_TUTORING_CONTRACT_BUDGET_CENTS"] = 300_000  # 3,000.00: 10 % is 300.00, the penalties' sum
    login(client, "dec")
    text = visible_text(client.get("/tutoring/contract").get_data(as_text=True))
    assert "Le penali hanno raggiunto la soglia del 10 %" in text
    assert "Il 10 % del contratto è 300,00 €; penali finora: 100 % del contratto." in text
    app.config["PORTAL_TUTORING_CONTRACT_BUDGET_CENTS"] = 20_000  # 200.00: 37.50 left lasts days, not years
    text = visible_text(client.get("/tutoring/contract").get_data(as_text=True))
    assert "I fondi finiscono prima della fine del contratto" in text
    app.config["PORTAL_TUTORING_CONTRACT_BUDGET_CENTS"] = 300_100  # 10 % is 300.10: not reached by 300.00
    text = visible_text(client.get("/tutoring/contract").get_data(as_text=True))
    assert "Le penali hanno raggiunto la soglia del 10 %" not in text


def test_nothing_spent_has_no_pace(client, world):
    login(client, "dec")
    text = visible_text(client.get("/tutoring/contract").get_data(as_text=True))
    assert "Speso: 0,00 € (0 %)" in text and "Non è stato ancora speso nulla" in text
    assert "Nessuno: ogni servizio concordato è stato erogato." in text


def test_only_the_dec_opens_it(client, world):
    for code in ("coordinatore", "tutor", "studente", "unita"):
        login(client, code)
        assert client.get("/tutoring/contract").status_code == 403
        assert "/tutoring/contract" not in client.get("/tutoring/").get_data(as_text=True)
        client.post("/auth/logout")


def test_a_not_delivered_session_is_listed_for_the_dec(app, client, world):
    with app.test_request_context():
        coordinator = db.session.get(User, world.coordinator)
        student = db.session.get(TutoredStudent, world.student)
        missed = services.record(coordinator, student, "tutoring", world.past, time(15), time(16, 30), "remote",
                                 "exam")
        services.change_status(coordinator, missed, "not_delivered", "")
        db.session.commit()
        assert db.session.get(TutoringSession, missed.id).status == "not_delivered"
    login(client, "dec")
    text = visible_text(client.get("/tutoring/contract").get_data(as_text=True))
    assert "15:00–16:30 · Paola Riva · Tutorato" in text
