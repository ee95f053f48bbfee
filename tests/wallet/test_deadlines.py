"""The welfare operators' deadlines (tender §4.2.5): the payroll file by the 2nd of each month, the residual of
every wallet at 31 December counted by 15 January; shown on the management page and reminded daily."""

from datetime import date

from babel.dates import format_date
from sqlalchemy import select

from portal.auth.models import User
from portal.core.calendar import today_in_rome
from portal.core.types import utcnow
from portal.extensions import db
from portal.wallet import rules, services
from portal.wallet.models import Duty, PlanYear
from tests.conftest import login, outbox


def _plan_year(app, year: int) -> None:
    with app.app_context():
        db.session.add(PlanYear(**services.default_plan_values(year)))
        db.session.commit()


def test_the_due_dates():
    assert rules.payroll_deadline(date(2026, 10, 1)) == rules.Deadline("payroll", date(2026, 10, 1),
                                                                       date(2026, 11, 2), date(2026, 11, 1))
    assert rules.payroll_deadline(date(2026, 12, 1)).due_on == date(2027, 1, 2)
    assert rules.residuals_deadline(2026) == rules.Deadline("residuals", date(2026, 1, 1), date(2027, 1, 15),
                                                            date(2027, 1, 8))
    assert not rules.payroll_month_closed(date(2026, 10, 1), date(2026, 10, 31))
    assert rules.payroll_month_closed(date(2026, 10, 1), date(2026, 11, 1))


def test_operators_are_reminded_before_and_after_and_the_dec_when_overdue(app, make_user):
    for code, roles in (("irene", ("operatore_welfare",)), ("davide", ("operatore_welfare",)), ("elena", ("dec",)),
                        ("anna", ("amministratore",)), ("marco", ("dipendente",))):
        make_user(code, roles=roles, email=f"{code}@example.edu")
    _plan_year(app, 2026)
    with app.test_request_context():
        db.session.add_all([Duty(kind="payroll", period=date(2026, month, 1), done_at=utcnow()) for month in (8, 9)])
        db.session.commit()
    runs = {}
    for day in (date(2026, 10, 31), date(2026, 11, 1), date(2026, 11, 2), date(2026, 11, 3), date(2026, 11, 4)):
        with app.test_request_context():
            runs[day] = services.send_reminders(day)
            db.session.commit()
    assert list(runs.values()) == [0, 2, 0, 3, 0]
    mails = outbox(app, "irene@example.edu")
    assert [mail.subject.split(" · ")[0] for mail in mails] == [
        "Conto Welfare: il flusso per gli stipendi di ottobre 2026 è da inviare entro il 02/11/26"] * 2
    assert "non è ancora stato esportato" in mails[1].body and "/wallet/manage/payroll" in mails[1].body
    assert len(outbox(app, "elena@example.edu")) == 1  # the contract manager hears of it once it is late
    assert outbox(app, "anna@example.edu") == [] and outbox(app, "marco@example.edu") == []


def test_exporting_a_month_marks_it_done_even_when_empty(app, make_user):
    _plan_year(app, 2026)
    with app.test_request_context():
        pending = services.duties(date(2026, 11, 3))
        assert [(item.deadline.kind, item.deadline.period, item.overdue) for item in pending] == [
            ("payroll", date(2026, 9, 1), True), ("payroll", date(2026, 10, 1), True),
            ("payroll", date(2026, 11, 1), False), ("residuals", date(2026, 1, 1), False)]
        assert services.export_payroll(None, "2026-10") is None  # nothing approved in October
        db.session.commit()
        october = next(item for item in services.duties(date(2026, 11, 3)) if item.deadline.period.month == 10)
        assert october.done_at is not None and not october.overdue
        # a month not over yet is not done by an early export
        month = today_in_rome().replace(day=1)
        services.export_payroll(None, month.strftime("%Y-%m"))
        db.session.commit()
        assert db.session.get(Duty, ("payroll", month)) is None or db.session.get(
            Duty, ("payroll", month)).done_at is None


def test_the_residual_report_is_due_by_15_january_and_done_when_the_year_closes(app, make_user):
    _plan_year(app, 2025)
    with app.test_request_context():
        residuals = [item for item in services.duties(date(2026, 1, 16)) if item.deadline.kind == "residuals"]
        assert [(item.deadline.period.year, item.overdue) for item in residuals] == [(2025, True)]
        make_user("irene", roles=("operatore_welfare",), email="irene@example.edu")
        assert services.send_reminders(date(2026, 1, 16)) >= 1
        db.session.commit()
    assert "il residuo al 31 dicembre di ogni conto 2025 era da contare" in outbox(app, "irene@example.edu")[-1].body
    with app.test_request_context():  # no operator account yet: the administrators hear of it
        make_user("anna", roles=("amministratore",), email="anna@example.edu")
        db.session.execute(Duty.__table__.update().values(reminded_on=None))

        db.session.execute(User.__table__.update().where(User.access_code == "irene").values(active=False))
        assert services.send_reminders(date(2026, 1, 16)) >= 1
        db.session.commit()
    assert outbox(app, "anna@example.edu")
    result = app.test_cli_runner().invoke(args=["wallet", "close-year", "2025"])
    assert result.exit_code == 0
    with app.test_request_context():
        residuals = [item for item in services.duties(date(2026, 1, 16)) if item.deadline.kind == "residuals"]
        assert residuals[0].done_at is not None and not residuals[0].overdue
        assert db.session.scalar(select(Duty.done_at).where(Duty.kind == "residuals")) is not None


def test_the_management_page_shows_the_next_due_date_and_the_command_runs(app, client, make_user, plan_year):
    make_user("irene", roles=("operatore_welfare",))
    login(client, "irene")
    today = today_in_rome()
    page = client.get("/wallet/manage").get_data(as_text=True)
    upcoming = rules.payroll_deadline(today.replace(day=1)).due_on
    duties = page.split('id="wallet-duties"')[1].split("</ul>")[0]
    assert "Flusso per gli stipendi" in duties and f"scadenza {format_date(upcoming, locale='it')}" in duties
    assert "Conteggio dei residui" in duties
    assert f"scadenza {format_date(date(today.year + 1, 1, 15), locale='it')}" in duties
    result = app.test_cli_runner().invoke(args=["wallet", "remind"])
    assert result.exit_code == 0 and "reminders queued" in result.output
