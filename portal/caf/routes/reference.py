"""Offices, closures and the reference data: exchange rates, the decree of the particularly poor countries."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import roles_required
from portal.caf import bp, services
from portal.caf.forms import ClosureForm, CopyCountriesForm, OfficeForm, PoorCountryForm, RateForm
from portal.caf.models import Office
from portal.caf.routes._common import OFFICE_MANAGERS, _list_year, _removed_or_404
from portal.core.actions import one_button
from portal.core.calendar import today_in_rome
from portal.core.countries import country_name
from portal.core.forms import ActionForm, form_status, submitted_and_done
from portal.extensions import db

# -- offices, closures, exchange rates ----------------------------------------------------------------------


@bp.get("/offices")
@roles_required(*OFFICE_MANAGERS)
def offices():
    return _offices_page(ClosureForm(formdata=None))


def _offices_page(closure: ClosureForm, http_status: int = 200):
    everything = services.all_offices()
    closure.office_id.choices = [("", _("All offices"))] + [(office.id, office.name) for office in everything]
    return render_template("caf/offices.html", offices=everything, closure=closure, closures=services.closures(),
                           names={office.id: office.name for office in everything}, action=ActionForm()), http_status


@bp.route("/offices/new", methods=["GET", "POST"], defaults={"office_id": None})
@bp.route("/offices/<int:office_id>", methods=["GET", "POST"])
@roles_required(*OFFICE_MANAGERS)
def office(office_id: int | None):
    found = db.get_or_404(Office, office_id) if office_id is not None else None
    form = OfficeForm(obj=found)
    if found is not None and not form.is_submitted():
        form.fill_hours(found)
    if submitted_and_done(form, lambda: services.save_office(current_user, found, form.values())):
        flash(_l("%(name)s saved.", name=form.name.data), "success")
        return redirect(url_for("caf.offices"), code=303)
    return render_template("caf/office.html", form=form, office=found), form_status(form)


@bp.post("/closures")
@roles_required(*OFFICE_MANAGERS)
def closure_add():
    form = ClosureForm()
    form.office_id.choices = [("", "")] + [(office.id, office.name) for office in services.all_offices()]
    outcome = {}

    def add():
        chosen = services.office_for(form.office_id.data) if form.office_id.data else None
        outcome["closure"], outcome["cancelled"] = services.add_closure(current_user, chosen, form.day.data,
                                                                        form.reason.data or "")

    if submitted_and_done(form, add):
        flash(_l("Closed on %(day)s; appointments cancelled and students told: %(count)d.",
                 day=form.day.data.strftime("%d/%m/%Y"), count=outcome["cancelled"]), "success")
        return redirect(url_for("caf.offices"), code=303)
    return _offices_page(form, 422)


@bp.post("/closures/<int:closure_id>/delete")
@roles_required(*OFFICE_MANAGERS)
def closure_remove(closure_id: int):
    return one_button(lambda: _removed_or_404(services.remove_closure(current_user, closure_id)),
                      lambda _none: _l("The closure is removed: the day opens to bookings again."),
                      url_for("caf.offices"))


@bp.route("/rates", methods=["GET", "POST"])
@roles_required(*OFFICE_MANAGERS)
def rates():
    form = RateForm(formdata=None if request.method == "GET" else request.form,
                    year=today_in_rome().year - 2)
    if submitted_and_done(form, lambda: services.save_rate(current_user, form.year.data, form.currency.data,
                                                           form.rate.data)):
        flash(_l("Rate saved: %(currency)s %(year)d.", currency=form.currency.data.upper(), year=form.year.data),
              "success")
        return redirect(url_for("caf.rates"), code=303)
    return render_template("caf/rates.html", form=form, rates=services.rates_table()), form_status(form)


@bp.get("/poor-countries", defaults={"year": None})
@bp.get("/poor-countries/<int:year>")
@roles_required(*OFFICE_MANAGERS)
def poor_countries(year: int | None):
    return _poor_countries_page(_list_year(year), PoorCountryForm(formdata=None))


def _poor_countries_page(year: int, form: PoorCountryForm, copy: CopyCountriesForm | None = None,
                         http_status: int = 200):
    years = services.poor_country_years()
    copy = copy or CopyCountriesForm(formdata=None)
    copy.source_year.choices = [(other, str(other)) for other in years if other != year]
    shown = sorted({*years, year, today_in_rome().year, today_in_rome().year + 1}, reverse=True)
    return render_template("caf/poor_countries.html", year=year, years=shown, form=form, copy=copy,
                           countries=services.poor_countries_table(year), action=ActionForm()), http_status


@bp.post("/poor-countries/<int:year>")
@roles_required(*OFFICE_MANAGERS)
def poor_country_add(year: int):
    year, form = _list_year(year), PoorCountryForm()
    if submitted_and_done(form, lambda: services.add_poor_country(current_user, year, form.country.data)):
        flash(_l("%(country)s is on the list of %(year)d.", country=country_name(form.country.data), year=year),
              "success")
        return redirect(url_for("caf.poor_countries", year=year), code=303)
    return _poor_countries_page(year, form, http_status=422)


@bp.post("/poor-countries/<int:year>/copy")
@roles_required(*OFFICE_MANAGERS)
def poor_countries_copy(year: int):
    year, form = _list_year(year), CopyCountriesForm()
    form.source_year.choices = [(other, str(other)) for other in services.poor_country_years() if other != year]
    outcome = {}

    def copy():
        outcome["added"] = services.copy_poor_countries(current_user, form.source_year.data, year)

    if submitted_and_done(form, copy):
        flash(_l("%(count)d countries copied from the list of %(source)d.", count=outcome["added"],
                 source=form.source_year.data), "success")
        return redirect(url_for("caf.poor_countries", year=year), code=303)
    return _poor_countries_page(year, PoorCountryForm(formdata=None), form, http_status=422)


@bp.post("/poor-countries/<int:year>/<country>/delete")
@roles_required(*OFFICE_MANAGERS)
def poor_country_remove(year: int, country: str):
    return one_button(lambda: _removed_or_404(services.remove_poor_country(current_user, _list_year(year), country)),
                      lambda _none: _l("%(country)s is no longer on the list of %(year)d.",
                                       country=country_name(country), year=year),
                      url_for("caf.poor_countries", year=year))
