"""`flask tutoring ...`: the health data purge after the contract; the quarterly report's reminders."""

from __future__ import annotations

from datetime import date

import click
from flask import current_app
from flask.cli import AppGroup

from portal.extensions import db
from portal.tutoring import rules, services

tutoring_cli = AppGroup("tutoring", help="Tutoring and LIS interpreting.")


@tutoring_cli.command("purge-health")
def purge_health() -> None:
    """Delete every diagnosis and medical document once PORTAL_TUTORING_HEALTH_RETENTION_MONTHS have passed since
    PORTAL_TUTORING_CONTRACT_END. Run it daily: before that day it does nothing."""
    end = date.fromisoformat(current_app.config["PORTAL_TUTORING_CONTRACT_END"])
    months = current_app.config["PORTAL_TUTORING_HEALTH_RETENTION_MONTHS"]
    removed = services.purge(end, months, services.today())
    if removed is None:
        click.echo(f"Health data are kept until {rules.health_purge_day(end, months).isoformat()}.")
        return
    db.session.commit()
    click.echo(f"Health data deleted: {removed} rows.")


@tutoring_cli.command("remind")
def remind() -> None:
    """Mail the DEC and the coordinator when the quarterly report is nearly due or late (run daily)."""
    with current_app.test_request_context():  # the mails link to pages: URLs need a request to be built
        queued = services.report.send_reminders(services.today())
        db.session.commit()
    click.echo(f"{queued} reminders queued")
