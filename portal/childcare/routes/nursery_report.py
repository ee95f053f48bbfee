"""The micro nido's monthly report (page, CSV, PDF) and the quarterly report, for the coordinator, the office and
the DEC: the ratio every 15 minutes, attendance per child, staff on duty."""

from __future__ import annotations

from datetime import date

from flask import Response, abort, render_template, request

from portal.auth.access import roles_required
from portal.childcare import bp, rules, services
from portal.childcare.routes.common import STAFF, _month_bounds_or_404
from portal.core.calendar import add_months, today_in_rome
from portal.core.pdf import pdf_response, render_pdf
from portal.core.query import int_or


def _month() -> date:
    just_ended = add_months(today_in_rome().replace(day=1), -1)
    first, _last = _month_bounds_or_404(request.args.get("month"), just_ended)
    return first


def _context(month: date) -> dict:
    return {"month": month, "report": services.month_report(month), "today": today_in_rome(),
            "deadline": rules.report_deadline(month, services.settings()),
            "sent": services.duty("monthly_report", month), "previous": add_months(month, -1),
            "next": add_months(month, 1)}


@bp.get("/nursery/report")
@roles_required(*STAFF)
def nursery_report():
    """The month as the university verifies it; due within 10 working days of its end."""
    return render_template("childcare/nursery/report.html", **_context(_month()))


@bp.get("/nursery/report.csv")
@roles_required(*STAFF)
def nursery_report_csv():
    month = _month()
    return Response(services.nursery_report_csv(services.month_report(month)), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename=policino-micro-nido-{month:%Y-%m}.csv"})


@bp.get("/nursery/report.pdf")
@roles_required(*STAFF)
def nursery_report_pdf():
    month = _month()
    return pdf_response(render_pdf("childcare/nursery/pdf/report.html", **_context(month)),
                        f"policino-micro-nido-{month:%Y-%m}")


@bp.get("/nursery/report/quarter")
@roles_required(*STAFF)
def nursery_quarter():
    """The quarter's months side by side: days open, children's days, breaches of 1:5, educators' hours."""
    today = today_in_rome()
    year = int_or(request.args.get("year"), today.year)
    quarter = int_or(request.args.get("quarter"), (today.month - 1) // 3 + 1)
    if not 2000 <= year <= 2100 or not 1 <= quarter <= 4:
        abort(404)
    return render_template("childcare/nursery/quarter.html", year=year, quarter=quarter,
                           months=services.quarter_report(year, quarter))
