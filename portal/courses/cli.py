"""`flask courses ...` commands."""

import click
from flask import current_app
from flask.cli import AppGroup

from portal.core.calendar import today_in_rome
from portal.courses.services.reminders import send_reminders
from portal.extensions import db

courses_cli = AppGroup("courses", help="Italian courses and certification.")


@courses_cli.command("remind")
def remind() -> None:
    """Mail the language centre when a course's activation notice (7 days before the start), its teacher (5 working
    days before), a certification session's candidate list (10 days before the written test) or the provider's
    half-yearly report (5 working days after the semester) is near and not done, and once more when overdue; and
    students, once, when an exam registration or a make-up session closes in 3 days (run daily)."""
    with current_app.test_request_context():  # the mails link to pages: URLs need a request to be built
        sent = send_reminders(today_in_rome())
        db.session.commit()
    click.echo(f"{sent} reminders queued")
