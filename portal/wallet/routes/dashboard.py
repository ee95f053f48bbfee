"""The operators' overview, the dashboard and six-monthly report, and the information e-mails."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import roles_required
from portal.core import csvio
from portal.core.calendar import today_in_rome
from portal.core.forms import form_status, submitted_and_done
from portal.core.money import csv_amount
from portal.wallet import bp, rules, services
from portal.wallet.forms import InfoEmailForm
from portal.wallet.routes.common import MANAGERS

PERIODS = {"year": _l("Whole year"), "h1": _l("First half (January–June)"), "h2": _l("Second half (July–December)")}


@bp.get("/manage")
@roles_required(*MANAGERS)
def manage():
    overview = services.overview(today_in_rome())
    return render_template("wallet/manage.html", years=overview.years, counts=overview.wallet_counts,
                           feedback_count=overview.feedback_count, feedback_average=overview.feedback_average,
                           overdue_affiliations=overview.overdue_affiliations,
                           certifications_waiting=overview.certifications_waiting,
                           open_requests=overview.open_requests, duties=overview.duties,
                           operator=services.sees_documents(current_user))


def _dashboard_args():
    """The plan year and period asked for (the latest year and the whole of it by default), and their dates."""
    years = services.plan_years()
    if not years:
        return None, None, None, None, years
    chosen = next((row for row in years if str(row.id) == request.args.get("year")), years[0])
    period = request.args.get("period") if request.args.get("period") in PERIODS else "year"
    start, end = services.report_period(chosen, period)
    return chosen, period, start, end, years


@bp.get("/manage/dashboard")
@roles_required(*MANAGERS)
def dashboard():
    chosen, period, start, end, years = _dashboard_args()
    figures = services.dashboard(chosen, start, end) if chosen else None
    names = services.area_names()
    area_rows = [(names.get(key, key), cents) for key, cents in figures.by_area] if figures else []
    satisfaction_rows = ([(str(rules.SATISFACTION[level]), count) for level, count in figures.satisfaction]
                         if figures else [])
    return render_template("wallet/dashboard.html", figures=figures, plan_year=chosen, period=period, periods=PERIODS,
                           years=years, start=start, end=end, statuses=rules.STATUSES, area_rows=area_rows,
                           satisfaction_rows=satisfaction_rows)


@bp.get("/manage/dashboard.csv")
@roles_required(*MANAGERS)
def dashboard_csv():
    chosen, period, start, end, _ = _dashboard_args()
    if chosen is None:
        abort(404)
    figures = services.dashboard(chosen, start, end)
    rows = [("wallets", "", figures.wallets), ("active_wallets", "", figures.active_wallets),
            ("allocated_eur", "", csv_amount(figures.allocated)), ("spent_eur", "", csv_amount(figures.spent))]
    rows += [("spent_by_area_eur", key, csv_amount(cents)) for key, cents in figures.by_area]
    rows += [("spent_by_month_eur", month, csv_amount(cents)) for month, cents in figures.by_month]
    rows += [("service_uses", title, count) for title, count, _ in figures.top_services]
    rows += [("open_requests", status, count) for status, count, _ in figures.open_requests]
    rows += [("satisfaction_answers", str(level), count) for level, count in figures.satisfaction]
    body = csvio.write_rows(("figure", "key", "value"), rows)
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename=welfare-dashboard-{chosen.year}-{period}.csv"})


@bp.route("/manage/info-email", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def info_email():
    form = InfoEmailForm()
    sent: list[int] = []
    send = lambda: sent.append(services.send_info_email(  # noqa: E731
        current_user, {"it": form.subject_it.data, "en": form.subject_en.data},
        {"it": form.body_it.data, "en": form.body_en.data}))
    if submitted_and_done(form, send):
        flash(_l("E-mail queued for %(count)d people who asked for it.", count=sent[0]), "success")
        return redirect(url_for("wallet.manage"), code=303)
    return render_template("wallet/info_email.html", form=form, subscribers=services.info_email_subscribers()), \
        form_status(form)
