"""Deadlines nobody used to remind: the monthly file by the 5th (the operators' pages and the daily command), and
the double-counting check before the year's last invoice (a page, a CSV, a reminder)."""

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from portal.caf import services
from portal.caf.models import Practice, Report, Student
from portal.core.calendar import add_months, rome_wall_clock_to_utc, today_in_rome
from portal.extensions import db
from tests.caf.conftest import in_person_practice, worked_example_practice
from tests.conftest import login, outbox


def switch_to(client, access_code: str) -> None:
    client.post("/auth/logout")
    assert login(client, access_code).status_code == 303


def decided_last_month(app, make_student, operator, access_code="studente", persona="12345678"):
    """An outcome decided on the 20th of last month, not sent yet."""
    user, student_id = make_student(access_code, codice_persona=persona)
    with app.test_request_context():
        practice = worked_example_practice(user, student_id)
        services.submit(user, practice, declaration=True)
        services.take(operator, practice)
        services.decide(operator, practice, {"no_translation"})
        last_month = add_months(today_in_rome().replace(day=1), -1)
        db.session.execute(Report.__table__.update().where(Report.practice_id == practice.id)
                           .values(decided_at=rome_wall_clock_to_utc(last_month.replace(day=20), 10)))
        db.session.commit()
        return last_month


def test_operators_see_the_monthly_file_coming_on_their_pages(app, client, make_student, operator, make_user):
    last_month = decided_last_month(app, make_student, operator)
    make_user("operatore.en", roles=("operatore_caf",), locale="en")
    switch_to(client, "operatore.en")
    due = add_months(last_month, 1).replace(day=5)
    for url in ("/caf/queue", "/caf/transmissions"):
        page = client.get(url).get_data(as_text=True)
        assert f"Monthly file of {last_month.strftime('%B %Y')}" in page
        assert "1 outcome not sent yet" in page and f"{due.day} {due.strftime('%B')} {due.year}" in page
        assert ("overdue since" in page) is (today_in_rome() > due)
    with app.test_request_context():
        services.transmit(operator, last_month.strftime("%Y-%m"))
        db.session.commit()
    assert "Monthly file of" not in client.get("/caf/queue").get_data(as_text=True)


def test_the_daily_command_reminds_the_operators_once_before_and_once_after_the_due_date(app, make_student, operator,
                                                                                       make_user):
    last_month = decided_last_month(app, make_student, operator)
    make_user("operatore2", roles=("operatore_caf",), locale="en")
    make_user("spento", roles=("operatore_caf",), active=False)
    due = add_months(last_month, 1).replace(day=5)
    with app.test_request_context():
        assert services.send_duty_reminders(due - timedelta(days=4)) == 0  # not yet
        assert services.send_duty_reminders(due - timedelta(days=3)) == 2  # the two active operators
        assert services.send_duty_reminders(due - timedelta(days=2)) == 0  # no daily nag
        assert services.send_duty_reminders(due) == 0
        assert services.send_duty_reminders(due + timedelta(days=1)) == 2  # once more, overdue
        assert services.send_duty_reminders(due + timedelta(days=2)) == 0
        db.session.commit()
    mails = outbox(app, "operatore2@example.edu")
    assert [mail.subject.split(" · ")[0] for mail in mails] == [
        f"Due soon: the CAF file of {last_month.strftime('%B %Y')} for the university",
        f"Overdue: the CAF file of {last_month.strftime('%B %Y')} for the university"]
    assert f"by {due.strftime('%d/%m/%Y')}: 1 outcome is not sent yet" in mails[0].body
    assert outbox(app, "spento@example.edu") == []


def test_nothing_is_reminded_once_the_file_is_sent(app, make_student, operator):
    last_month = decided_last_month(app, make_student, operator)
    with app.test_request_context():
        services.transmit(operator, last_month.strftime("%Y-%m"))
        db.session.commit()
        due = add_months(last_month, 1).replace(day=5)
        assert services.due_files() == []
        assert services.send_duty_reminders(due - timedelta(days=1)) == 0


def test_the_remind_command_also_reminds_the_operators(app, make_student, operator):
    decided_last_month(app, make_student, operator)
    result = app.test_cli_runner().invoke(args=["caf", "remind"])
    assert result.exit_code == 0, result.output
    assert "deadline reminders queued for the CAF operators" in result.output


def _nul_then_confirmed(app, make_student, operator):
    """A candidate sent as NUL, who later came to an intake and was sent as CONFERMATO: counted twice."""
    user, student_id = make_student(codice_persona="12345678")
    month = today_in_rome().strftime("%Y-%m")
    with app.test_request_context():
        practice = worked_example_practice(user, student_id)
        services.submit(user, practice, declaration=True)
        services.take(operator, practice)
        services.decide(operator, practice, {"private_issuer"})
        services.transmit(operator, month)
        db.session.commit()
        nul_number = practice.number
        later = in_person_practice(operator, db.session.get(Student, student_id))
        services.add_line(operator, later, "income", {"member_id": later.members[0].id, "amount": Decimal("10800"),
                                                      "currency": "USD", "description": ""})
        services.decide(operator, later, set())
        services.transmit(operator, month)
        db.session.commit()
        return nul_number, later.number


def test_the_double_counting_report_lists_a_nul_later_confirmed_as_a_page_and_a_csv(app, client, make_student,
                                                                                     operator, make_user, usd_rate):
    nul_number, later_number = _nul_then_confirmed(app, make_student, operator)
    other, other_id = make_student("altro", codice_persona="87654321")  # a NUL never confirmed: not listed
    with app.test_request_context():
        practice = worked_example_practice(other, other_id)
        services.submit(other, practice, declaration=True)
        services.take(operator, practice)
        services.decide(operator, practice, {"no_translation"})
        services.transmit(operator, today_in_rome().strftime("%Y-%m"))
        db.session.commit()
        lonely = practice.number
    year = today_in_rome().year
    make_user("dec", roles=("dec",), locale="en")
    switch_to(client, "dec")
    page = client.get(f"/caf/double-counting?year={year}").get_data(as_text=True)
    assert nul_number in page and later_number in page and lonely not in page and "12345678" in page
    assert "Mark the check" not in page  # the CAF does the check
    csv = client.get(f"/caf/double-counting/{year}.csv")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    header, *rows = csv.get_data(as_text=True).strip().splitlines()
    assert header == "codice_persona;matricola;studente;pratica_nul;inviata_nul;pratica_confermata;stato;iseeu;inviata"
    assert len(rows) == 1 and rows[0].startswith(f"12345678;;Aiko Tanaka;{nul_number};")
    assert f";{later_number};CONFERMATO;10000,00;" in rows[0]
    assert client.post(f"/caf/double-counting/{year}/checked").status_code == 403
    assert "None: no student" in client.get(f"/caf/double-counting?year={year - 1}").get_data(as_text=True)
    switch_to(client, "studente")
    assert client.get(f"/caf/double-counting?year={year}").status_code == 403
    assert client.get(f"/caf/double-counting/{year}.csv").status_code == 403


def test_the_double_counting_check_is_reminded_before_the_last_invoice_until_marked_done(
        app, client, make_student, operator, make_user, usd_rate, monkeypatch):
    _nul_then_confirmed(app, make_student, operator)
    today = today_in_rome()
    monkeypatch.setitem(app.config, "PORTAL_CAF_DOUBLE_COUNT_CHECK_BY", (today + timedelta(days=3)).strftime("%m-%d")
                        if (today + timedelta(days=3)).year == today.year else "12-31")
    make_user("operatore.en", roles=("operatore_caf",), locale="en")
    with app.test_request_context():
        assert services.send_duty_reminders(today) == 2  # both operators
        assert services.send_duty_reminders(today) == 0
        db.session.commit()
    mail = outbox(app, "operatore.en@example.edu")[-1]
    assert f"Before the last invoice of {today.year}: the double-counting check" in mail.subject
    assert "the report lists 1." in mail.body
    switch_to(client, "operatore.en")
    assert f"Double-counting check of {today.year}" in client.get("/caf/queue").get_data(as_text=True)
    done = client.post(f"/caf/double-counting/{today.year}/checked")
    assert done.status_code == 303
    assert "Check marked as done on" in client.get(f"/caf/double-counting?year={today.year}").get_data(as_text=True)
    assert f"Double-counting check of {today.year}" not in client.get("/caf/queue").get_data(as_text=True)
    again = client.post(f"/caf/double-counting/{today.year}/checked", follow_redirects=True)
    assert "already marked as done" in again.get_data(as_text=True)
    with app.test_request_context():
        assert services.send_duty_reminders(today + timedelta(days=30)) == 0
        assert db.session.scalar(select(Practice.id).limit(1)) is not None
