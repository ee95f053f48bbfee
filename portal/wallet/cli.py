"""`flask wallet ...` commands."""

import click
from flask.cli import AppGroup

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

