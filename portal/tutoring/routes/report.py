"""The quarter's report for the DEC: read by the DEC and the coordinator, sent by the coordinator."""

from __future__ import annotations

from datetime import timedelta

from flask import render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import roles_required
from portal.core.actions import one_button
from portal.core.calendar import to_rome
from portal.core.forms import ActionForm
from portal.core.query import day_or
from portal.tutoring import bp, rules, services

READERS = (services.DEC, services.COORDINATOR)


def _quarter(text: str | None):
    """The quarter asked for; by default the last one that ended (the one whose report is due next), or the current
    one when that has no hours and this one has."""
    asked = day_or(text, None)
    return rules.quarter_of(asked) if asked is not None else services.report.default_quarter()


@bp.get("/report")
@roles_required(*READERS)
def report():
    quarter = _quarter(request.args.get("quarter"))
    found = services.report.quarter_report(quarter)
    sent_late = found.sent is not None and to_rome(found.sent.sent_at).date() > found.deadline.due_on
    return render_template("tutoring/report.html", report=found, action=ActionForm(), sent_late=sent_late,
                           last_day=rules.quarter_last_day(quarter),
                           previous=rules.quarter_of(quarter - timedelta(days=1)),
                           following=rules.next_quarter(quarter))


@bp.post("/report/send")
@roles_required(services.COORDINATOR)
def report_send():
    quarter = _quarter(request.args.get("quarter"))
    return one_button(lambda: services.report.send(current_user, quarter),
                      lambda _sent: _l("Sent: the DEC reads the report now."),
                      url_for("tutoring.report", quarter=quarter.isoformat()))


@bp.get("/contract")
@roles_required(services.DEC)
def contract():
    return render_template("tutoring/contract.html", view=services.contract.contract_view(),
                           free=rules.COMPLAINTS_FREE)
