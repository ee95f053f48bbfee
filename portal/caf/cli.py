"""`flask caf ...` commands."""

import click
from flask import current_app
from flask.cli import AppGroup

from portal.caf.rules import FileRefused
from portal.caf.services import send_duty_reminders, send_reminders
from portal.caf.services import transmit as write_file
from portal.core.cli import committed, write_file_or_echo
from portal.extensions import db

caf_cli = AppGroup("caf", help="CAF: ISEEU parificato practices and appointments.")


@caf_cli.command("transmit")
@click.option("--month", required=True, help="The month whose outcomes are sent, YYYY-MM.")
@click.option("--output", type=click.Path(dir_okay=False, writable=True), help="Write the file here (default: stdout).")
def transmit(month: str, output: str | None) -> None:
    """Write the monthly file for the university: every outcome not sent yet, each once, checked first."""
    with current_app.test_request_context(), committed():  # the students' notices are rendered in their language
        try:
            transmission = write_file(None, month)
        except FileRefused as refused:
            for problem in refused.problems:
                click.echo(f"{problem.practice_number}: {problem.message}", err=True)
            raise
    if transmission is None:
        click.echo(f"nothing new to send for {month}", err=True)
        return
    write_file_or_echo(transmission.content, output)
    click.echo(f"transmission {transmission.id}: {transmission.rows} rows", err=True)


@caf_cli.command("remind")
def remind() -> None:
    """Run daily: mail every student with an appointment tomorrow, and the CAF operators when the monthly file or
    the double-counting check before the year's last invoice comes near (and once more when it is overdue)."""
    with current_app.test_request_context():
        sent = send_reminders()
        db.session.commit()
        duties = send_duty_reminders()
        db.session.commit()
    click.echo(f"{sent} reminders queued")
    click.echo(f"{duties} deadline reminders queued for the CAF operators")
