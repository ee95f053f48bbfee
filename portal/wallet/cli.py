"""`flask wallet ...` commands."""

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from portal.core.calendar import today_in_rome
from portal.core.cli import committed, write_file_or_echo
from portal.extensions import db
from portal.wallet.models import PlanYear
from portal.wallet.services import close_year as close
from portal.wallet.services import export_payroll, ledger_mismatches, send_reminders

wallet_cli = AppGroup("wallet", help="Conto Welfare.")


@wallet_cli.command("check")
def check() -> None:
    """Prove that every wallet's cached balance and totals equal its ledger (exit 1 if not)."""
    mismatches = ledger_mismatches()
    for wallet_id, name, cached, ledger in mismatches:
        click.echo(f"wallet {wallet_id}: {name} cached {cached} cents, ledger {ledger} cents")
    if mismatches:
        raise SystemExit(1)
    click.echo("every wallet balance equals its ledger")


@wallet_cli.command("payroll-export")
@click.option("--month", required=True, help="Month of approval, YYYY-MM.")
@click.option("--output", type=click.Path(dir_okay=False, writable=True), help="Write the file here (default: stdout).")
def payroll_export(month: str, output: str | None) -> None:
    """Reimbursements approved in MONTH and not yet exported, for the payroll (each exactly once)."""
    with committed():
        batch = export_payroll(None, month)
    if batch is None:
        click.echo(f"nothing new to export for {month}", err=True)
        return
    write_file_or_echo(batch.content, output)
    click.echo(f"batch {batch.id}: {batch.rows} reimbursements, {batch.total_cents} cents", err=True)


@wallet_cli.command("close-year")
@click.argument("year", type=int)
def close_year(year: int) -> None:
    """Expire every wallet's residual at the end of YEAR (no carry-over) and close the plan year."""
    plan_year = db.session.scalar(select(PlanYear).where(PlanYear.year == year))
    if plan_year is None:
        raise click.ClickException(f"no plan year {year}")
    with committed():
        count, expired = close(None, plan_year)
    click.echo(f"plan year {year} closed: {expired} cents expired from {count} wallets")


@wallet_cli.command("remind")
def remind() -> None:
    """Mail the welfare operators when the payroll file (by the 2nd) or the residual report (by 15 Jan) is nearly
    due and not done, and once more when overdue, then to the DEC too (run daily)."""
    with current_app.test_request_context():  # the mails link to pages: URLs need a request to be built
        sent = send_reminders(today_in_rome())
        db.session.commit()
    click.echo(f"{sent} reminders queued")
