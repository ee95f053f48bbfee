"""`flask wallet ...` commands."""

import click
from flask.cli import AppGroup

from portal.cli import write_file_or_echo

wallet_cli = AppGroup("wallet", help="Conto Welfare.")


@wallet_cli.command("check")
def check() -> None:
    """Prove that every wallet's cached balance and totals equal its ledger (exit 1 if not)."""
    from portal.wallet.services import ledger_mismatches

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
    from portal.core.rules import RuleViolation
    from portal.extensions import db
    from portal.wallet.services import export_payroll

    try:
        batch = export_payroll(None, month)
    except RuleViolation as violation:
        db.session.rollback()
        raise click.ClickException(str(violation.message)) from violation
    db.session.commit()
    if batch is None:
        click.echo(f"nothing new to export for {month}", err=True)
        return
    write_file_or_echo(batch.content, output)
    click.echo(f"batch {batch.id}: {batch.rows} reimbursements, {batch.total_cents} cents", err=True)


@wallet_cli.command("close-year")
@click.argument("year", type=int)
def close_year(year: int) -> None:
    """Expire every wallet's residual at the end of YEAR (no carry-over) and close the plan year."""
    from sqlalchemy import select

    from portal.core.rules import RuleViolation
    from portal.extensions import db
    from portal.wallet.models import PlanYear
    from portal.wallet.services import close_year as close

    plan_year = db.session.scalar(select(PlanYear).where(PlanYear.year == year))
    if plan_year is None:
        raise click.ClickException(f"no plan year {year}")
    try:
        count, expired = close(None, plan_year)
    except RuleViolation as violation:
        db.session.rollback()
        raise click.ClickException(str(violation.message)) from violation
    db.session.commit()
    click.echo(f"plan year {year} closed: {expired} cents expired from {count} wallets")


@wallet_cli.command("remind")
def remind() -> None:
    """Mail the welfare operators when the payroll file (by the 2nd) or the residual report (by 15 Jan) is nearly
    due and not done, and once more when overdue, then to the DEC too (run daily)."""
    from flask import current_app

    from portal.core.calendar import today_in_rome
    from portal.extensions import db
    from portal.wallet.services import send_reminders

    with current_app.test_request_context():  # the mails link to pages: URLs need a request to be built
        sent = send_reminders(today_in_rome())
        db.session.commit()
    click.echo(f"{sent} reminders queued")
