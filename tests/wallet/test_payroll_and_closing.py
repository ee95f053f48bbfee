import threading
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from portal.core.audit import AuditEvent
from portal.core.rules import RuleViolation
from portal.extensions import db
from portal.wallet import rules, services
from portal.wallet.models import LedgerEntry, Offer, PayrollBatch, PlanYear, Provider, Reimbursement, Wallet


def test_payslip_month_is_the_month_after_approval():
    assert rules.payslip_month(2026, 3) == "04/2026"
    assert rules.payslip_month(2026, 12) == "01/2027"
    with pytest.raises(RuleViolation):
        rules.parse_month("2026-13")
    with pytest.raises(RuleViolation):
        rules.parse_month("marzo")


def test_the_payroll_page_offers_the_month_before_today():
    assert services.payroll_month_suggested(date(2026, 3, 31)) == "2026-02"
    assert services.payroll_month_suggested(date(2027, 1, 1)) == "2026-12"  # January: December of the year before


@pytest.fixture
def approved(app, make_user, make_wallet):
    """Three approved reimbursements: two in March 2026, one in April; one open request."""
    user = make_user(codice_fiscale="RSSMRA85T10A562S")
    wallet = make_wallet(user)
    with app.app_context():
        provider = Provider(name="Asili")
        db.session.add(provider)
        db.session.flush()
        offer = Offer(provider_id=provider.id, area="education", tax_rule="education", use="reimbursement",
                      title_it="Rette", title_en="Fees", description_it="d", description_en="d",
                      data_shared_it="x", data_shared_en="x")
        db.session.add(offer)
        db.session.flush()

        def request(cents, decided, status="approved"):
            row = Reimbursement(wallet_id=wallet.id, offer_id=offer.id, tax_rule="education", amount_cents=cents,
                                approved_cents=cents if status == "approved" else None, expense_date=date(2026, 2, 1),
                                provider_name="Asilo", status=status, decided_at=decided)
            db.session.add(row)
            return row

        march = [request(12_345, datetime(2026, 3, 1, 9, tzinfo=UTC)), request(5_000, datetime(2026, 3, 31, 22, 30, tzinfo=UTC))]
        request(7_000, datetime(2026, 4, 2, 9, tzinfo=UTC))
        request(1_000, None, status="submitted")
        db.session.commit()
        return [row.id for row in march]


def test_payroll_export_takes_each_approval_of_the_month_exactly_once(app, approved):
    with app.test_request_context():
        batch = services.export_payroll(None, "2026-03")
        db.session.commit()
        # 31 March 22:30 UTC is 00:30 on 1 April in Rome (summer time): it belongs to April
        assert batch.rows == 1 and batch.total_cents == 12_345
        lines = batch.content.splitlines()
        assert lines[0] == "codice_fiscale;matricola;competenza;codice_voce;importo;id_pratica;data_approvazione"
        assert lines[1] == f"RSSMRA85T10A562S;012345;04/2026;WLF01;123,45;{approved[0]};01/03/2026"
        assert services.export_payroll(None, "2026-03") is None  # nothing new the second time
        april = services.export_payroll(None, "2026-04")
        db.session.commit()
        assert april.rows == 2 and april.total_cents == 12_000
        statuses = dict(db.session.execute(select(Reimbursement.id, Reimbursement.status)).all())
        assert sorted(statuses.values()) == ["paid", "paid", "paid", "submitted"]


def test_payroll_columns_are_configurable(app, approved):
    app.config["PORTAL_PAYROLL_COLUMNS"] = ("matricola", "importo", "nome")
    try:
        with app.test_request_context():
            batch = services.export_payroll(None, "2026-03")
            assert batch.content.splitlines() == ["matricola;importo;nome", "012345;123,45;Mario Rossi"]
            db.session.rollback()
        app.config["PORTAL_PAYROLL_COLUMNS"] = ("matricola", "eta")
        with app.test_request_context(), pytest.raises(RuleViolation):
            services.export_payroll(None, "2026-03")
    finally:
        app.config["PORTAL_PAYROLL_COLUMNS"] = ("codice_fiscale", "matricola", "competenza", "codice_voce", "importo",
                                                "id_pratica", "data_approvazione")


def test_payroll_page_and_command(app, client, signed_in, approved):
    signed_in(roles=("dec",), access_code="dec")
    assert client.post("/wallet/manage/payroll", data={"month": "marzo"}).status_code == 422
    assert client.post("/wallet/manage/payroll", data={"month": "2026-03"}).status_code == 303
    with app.app_context():
        batch_id = db.session.scalar(select(PayrollBatch.id))
    download = client.get(f"/wallet/manage/payroll/{batch_id}.csv")
    assert download.status_code == 200 and "123,45" in download.get_data(as_text=True)
    result = app.test_cli_runner().invoke(args=["wallet", "payroll-export", "--month", "2026-04"])
    assert result.exit_code == 0 and "70,00" in result.output and "50,00" in result.output
    again = app.test_cli_runner().invoke(args=["wallet", "payroll-export", "--month", "2026-04"])
    assert "nothing new" in again.output


def test_two_exports_at_once_never_send_a_request_twice(app, approved):
    barrier = threading.Barrier(2)
    rows: list[int] = []

    def export():
        with app.test_request_context():
            barrier.wait()
            batch = services.export_payroll(None, "2026-04")
            db.session.commit()
            rows.append(batch.rows if batch else 0)
            db.session.remove()

    threads = [threading.Thread(target=export) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(rows) == [0, 2]


def _past_year(app, user, make_wallet_cents):
    with app.app_context():
        year = PlanYear(**services.default_plan_values(2025))
        db.session.add(year)
        db.session.flush()
        wallet = Wallet(user_id=user.id, plan_year_id=year.id, coefficient=1, balance_cents=0, revision=0)
        db.session.add(wallet)
        db.session.flush()
        with app.test_request_context():
            services.post_entry(wallet, "allocation", 180_000)
            if make_wallet_cents:
                services.post_entry(wallet, "purchase", make_wallet_cents)
        db.session.commit()
        return year.id, wallet.id


def test_closing_a_year_expires_every_residual_with_a_ledger_entry(app, client, signed_in):
    admin = signed_in(roles=("amministratore", "dipendente"), access_code="admin")
    year_id, wallet_id = _past_year(app, admin, 130_000)
    page = client.get(f"/wallet/manage/years/{year_id}/close").get_data(as_text=True)
    assert "500,00" in page
    assert client.post(f"/wallet/manage/years/{year_id}/close").status_code == 303
    with app.app_context():
        wallet = db.session.get(Wallet, wallet_id)
        assert wallet.balance_cents == 0
        assert db.session.scalar(select(LedgerEntry.amount_cents).where(LedgerEntry.kind == "expiry")) == -50_000
        assert db.session.get(PlanYear, year_id).closed_at is not None
        assert services.ledger_mismatches() == []
    again = client.post(f"/wallet/manage/years/{year_id}/close")
    assert again.status_code == 422 and "già chiuso" in again.get_data(as_text=True)
    report = client.get(f"/wallet/manage/years/{year_id}/residuals.csv").get_data(as_text=True)
    assert report.splitlines()[0] == "codice_fiscale;matricola;nome;assegnato;speso;scaduto;residuo"
    assert "1800,00;1300,00;500,00;0,00" in report


def test_a_year_cannot_close_before_its_end_or_with_open_requests(app, signed_in, plan_year):
    with app.test_request_context():
        with pytest.raises(RuleViolation, match="dopo il suo ultimo giorno|after its last day"):
            services.close_year(None, db.session.get(PlanYear, plan_year.id))
    with pytest.raises(RuleViolation):
        rules.check_year_can_close(date(2025, 12, 31), date(2026, 1, 15), False, 3)
    rules.check_year_can_close(date(2025, 12, 31), date(2026, 1, 1), False, 0)


def test_close_year_command(app, make_user):
    year_id, _ = _past_year(app, make_user(), 0)
    result = app.test_cli_runner().invoke(args=["wallet", "close-year", "2025"])
    assert result.exit_code == 0 and "180000 cents expired from 1 wallets" in result.output
    assert app.test_cli_runner().invoke(args=["wallet", "close-year", "2025"]).exit_code != 0


def test_payroll_re_downloads_and_the_residual_report_are_audited(app, client, signed_in, approved):
    dec = signed_in(roles=("dec",), access_code="dec")
    assert client.post("/wallet/manage/payroll", data={"month": "2026-03"}).status_code == 303
    with app.app_context():
        batch_id = db.session.scalar(select(PayrollBatch.id))
        year_id = db.session.scalar(select(PlanYear.id))
    for _ in range(2):
        assert client.get(f"/wallet/manage/payroll/{batch_id}.csv").status_code == 200
    assert client.get(f"/wallet/manage/years/{year_id}/residuals.csv").status_code == 200
    with app.app_context():
        events = db.session.execute(select(AuditEvent.event, AuditEvent.actor_id, AuditEvent.details)
                                    .where(AuditEvent.event.in_(("wallet.payroll_downloaded",
                                                                 "wallet.residuals_downloaded")))
                                    .order_by(AuditEvent.id)).all()
    assert [(event, actor) for event, actor, _ in events] == [("wallet.payroll_downloaded", dec.id)] * 2 + [
        ("wallet.residuals_downloaded", dec.id)]
    assert f'"batch": {batch_id}' in events[0][2]


def test_the_security_log_export_is_itself_audited(app, client, signed_in):
    admin = signed_in(roles=("amministratore",), access_code="admin")
    assert client.get("/admin/audit.csv?event=login.failure").status_code == 200
    with app.app_context():
        row = db.session.scalar(select(AuditEvent).where(AuditEvent.event == "audit_log.exported"))
        assert row.actor_id == admin.id and row.details_dict == {"filters": {"event": "login.failure"}, "rows": 0}
