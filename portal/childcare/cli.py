"""`flask childcare ...` commands."""

import click
from flask import current_app
from flask.cli import AppGroup

from portal.childcare.services import current_year, make_offers, send_fee_reminders, send_meal_count, send_reminders
from portal.core.calendar import today_in_rome
from portal.core.rules import RuleViolation
from portal.extensions import db

childcare_cli = AppGroup("childcare", help="Policino baby parking.")


@childcare_cli.command("remind")
def remind() -> None:
    """Mail the educators when the monthly report or the summer calendar is nearly due or overdue (run daily)."""
    with current_app.test_request_context():  # the mails link to pages: URLs need a request to be built
        sent = send_reminders(today_in_rome())
        db.session.commit()
    click.echo(f"{sent} reminders queued")


@childcare_cli.command("nursery-remind")
def nursery_remind() -> None:
    """Mail the parents of micro nido fees past their due date (weekly per fee), expire unanswered offers and
    offer their places to the next in the ranking (run daily)."""
    with current_app.test_request_context():
        sent = send_fee_reminders(today_in_rome())
        year = current_year()
        offered = make_offers(None, year) if year is not None else 0
        db.session.commit()
    click.echo(f"{sent} fee reminders queued, {offered} places offered")


@childcare_cli.command("meal-count")
def meal_count() -> None:
    """Send today's micro nido meal count to the caterer (cron at 9:30 Europe/Rome, tender 27.5): once a day; if an
    educator sent it already, or the nursery is closed, says so and sends nothing."""
    with current_app.test_request_context():
        try:
            count = send_meal_count(None, today_in_rome())
        except RuleViolation as refused:
            db.session.rollback()
            click.echo(str(refused.message))
            return
        db.session.commit()
    click.echo(f"{count.meals} meals sent to the caterer ({count.special_diets} with special diets or allergies)")
