"""Top-level commands: `flask seed-demo`, `flask mail send`, `flask users create-admin`."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from portal.auth.accounts import UserData, create_user
from portal.core.cli import committed
from portal.core.mail import send_pending
from portal.demo import DEMO_PASSWORD, FIRST_ACCESS_PASSWORD, seed
from portal.extensions import db
from portal.site.cli import data_cli


def register(app: Flask) -> None:
    mail_cli = AppGroup("mail", help="The outbox of e-mails.")
    users_cli = AppGroup("users", help="Accounts.")

    @mail_cli.command("send")
    @click.option("--limit", default=200, show_default=True, help="At most this many mails in one run.")
    def mail_send(limit: int) -> None:
        """Deliver the mails that are due; failures are retried later with a growing delay.

        Exits with 1 when some mail failed and none was sent."""
        sent, failed = send_pending(limit=limit)
        click.echo(f"sent {sent}, failed {failed}")
        if failed and not sent:  # the mail server (or every mail) is failing: cron and monitoring should know
            raise SystemExit(1)

    @users_cli.command("create-admin")
    @click.option("--access-code", required=True)
    @click.option("--email", required=True)
    @click.option("--name", "full_name", required=True)
    @click.option("--locale", type=click.Choice(["it", "en"]), default="it")
    def create_admin(access_code: str, email: str, full_name: str, locale: str) -> None:
        """The first administrator of a new deployment; prints a one-time password."""
        with committed():
            user, password = create_user(None, UserData(access_code, email, full_name, locale,
                                                        roles={"amministratore"}), notify=False)
        click.echo(f"Administrator {user.access_code} created. One-time password: {password}")

    @app.cli.command("seed-demo")
    def seed_demo() -> None:
        """Load demonstration accounts (idempotent) and print how to sign in."""
        users = seed()
        db.session.commit()
        click.echo("\nDemo logins (access code / password):")
        width = max(len(user.access_code) for user in users)
        for user in users:
            roles = ", ".join(sorted(user.role_names)) or "-"
            password = FIRST_ACCESS_PASSWORD + " (first access)" if user.must_change_password else DEMO_PASSWORD
            click.echo(f"  {user.access_code:<{width}} {password:<34} {roles}")

    app.cli.add_command(mail_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(data_cli)
