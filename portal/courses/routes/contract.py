"""The DEC's contract figures (point 8): a semester's services and amounts, the report's deadline, the CSV."""

from __future__ import annotations

from flask import Response, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import roles_required
from portal.core.actions import one_button
from portal.core.calendar import today_in_rome
from portal.core.forms import ActionForm
from portal.courses import bp, labels, labels_exams
from portal.courses.services import contract


@bp.get("/contract")
@roles_required(*contract.READERS)
def contract_figures():
    year, half = contract.parse_half(request.args.get("half"))
    data = contract.semester(year, half)
    previous = (year, 1) if half == 2 else (year - 1, 2)
    following = (year + 1, 1) if half == 2 else (year, 2)
    return render_template("courses/contract.html", data=data, action=ActionForm(), labels=labels,
                           half_name=labels_exams.half_name(year, half),
                           previous_name=labels_exams.half_name(*previous),
                           following_name=labels_exams.half_name(*following),
                           state=contract.deadline_state(data.deadline, data.received_on),
                           previous=f"{previous[0]}-{previous[1]}", following=f"{following[0]}-{following[1]}",
                           ended=today_in_rome() > data.last, dec=current_user.has_role("dec"))


@bp.post("/contract/<int:year>-<int:half>/report")
@roles_required("dec")
def contract_report(year: int, half: int):
    if half not in (1, 2) or not 2000 <= year <= 2100:
        return redirect(url_for("courses.contract_figures"), code=303)
    return one_button(lambda: contract.record_report(current_user, year, half),
                      lambda _r: _l("Report recorded as received today."),
                      url_for("courses.contract_figures", half=f"{year}-{half}"))


@bp.get("/contract/<int:year>-<int:half>.csv")
@roles_required(*contract.READERS)
def contract_csv(year: int, half: int):
    if half not in (1, 2) or not 2000 <= year <= 2100:
        return redirect(url_for("courses.contract_figures"), code=303)
    body = contract.semester_csv(contract.semester(year, half))
    return Response(body, mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename=rendiconto-corsi-{year}-{half}.csv"})
