"""`flask discounts ...`: the weekly digest of new offers."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from portal.core.cli import committed
from portal.discounts import services

discounts_cli = AppGroup("discounts", help="Discounts portal.")


@discounts_cli.command("digest")
def digest() -> None:
    """Queue the weekly e-mail of new offers for everyone who asked for it (run it daily: each person gets it once a
    week, and only when there is something new). The outbox sends it (`flask mail send`)."""
    with current_app.test_request_context(), committed():  # each mail in its reader's language, with links
        sent = services.send_digests()
    click.echo(f"Weekly discount e-mails queued: {sent}.")
