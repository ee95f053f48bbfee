"""The monthly report for the university."""

from __future__ import annotations

from datetime import date

from flask import Response, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import roles_required
from portal.childcare import bp, rules, services
from portal.childcare.forms import METHODS, PURPOSES
from portal.childcare.routes.common import STAFF, _month_bounds_or_404
from portal.core.actions import one_button
from portal.core.calendar import add_months, today_in_rome
from portal.core.dates import format_day
from portal.core.forms import ActionForm


def _report_month() -> tuple[str, tuple[date, date]]:
    just_ended = add_months(today_in_rome().replace(day=1), -1)
    first, last = _month_bounds_or_404(request.args.get("month"), just_ended)
    return first.strftime("%Y-%m"), (first, last)


@bp.get("/report")
@roles_required(*STAFF)
def report():
    """The monthly report for the university: printable, and as CSV."""
    month, (first, last) = _report_month()
    return render_template("childcare/report.html", month=month, report=services.monthly_report(first, last),
                           purposes=PURPOSES, methods=dict(METHODS), action=ActionForm(),
                           deadline=rules.report_deadline(first, services.settings()), today=today_in_rome(),
                           sent=services.duty("monthly_report", first))


@bp.post("/report/sent")
@roles_required(*STAFF)
def report_sent():
    """Record that the month's report reached the university, so nobody is reminded of it again."""
    month, (first, _last) = _report_month()
    return one_button(lambda: services.mark_report_sent(current_user, first),
                       lambda _task: _l("The report for %(month)s is marked as sent to the university.",
                                        month=format_day(first, "MMMM yyyy")),
                       url_for("childcare.report", month=month))


@bp.get("/report.csv")
@roles_required(*STAFF)
def report_csv():
    month, (first, last) = _report_month()
    return Response(services.report_csv(services.monthly_report(first, last)), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename=policino-baby-parking-{month}.csv"})

