from __future__ import annotations

import re

from flask import (
    Response,
    abort,
    before_render_template,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from sqlalchemy import text

from portal.auth.access import public
from portal.auth.models import LOCALES
from portal.core.forms import check_replayed_form, load_replay, remember_replay
from portal.core.legal import LegalText, public_kinds
from portal.core.navigation import services_for
from portal.core.security import local_target
from portal.core.text import legal_blocks
from portal.extensions import db, limiter
from portal.site import bp

HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


@bp.get("/")
def home():
    return render_template("site/home.html", services=services_for(current_user))


@bp.get("/legal/<kind>")
@public
def legal(kind: str):
    if kind not in public_kinds():
        abort(404)
    text_row = LegalText.current(kind)
    if text_row is None:
        abort(404)
    return render_template("site/legal.html", text=text_row, blocks=legal_blocks(text_row.body), kind=kind)


@bp.post("/language")
@public
def set_language():
    """Remember the choice: on the account when signed in, in the session otherwise."""
    locale = request.form.get("locale", "")
    if locale in LOCALES:
        session["locale"] = locale
        if current_user.is_authenticated:
            current_user.locale = locale
    target = local_target(request.form.get("next")) or url_for("site.home")
    remember_replay(request.form, target)
    return redirect(target, code=303)


bp.before_app_request(load_replay)
before_render_template.connect(check_replayed_form)


@bp.get("/healthz")
@public
@limiter.exempt
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any failure to reach the database means not ready
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")


@bp.get("/ping")
@public
@limiter.exempt
def ping():
    """Liveness without touching the database (also the benchmark's ceiling)."""
    return Response("ok", mimetype="text/plain")


@bp.get("/robots.txt")
@public
@limiter.exempt
def robots():
    return Response("User-agent: *\nDisallow: /\n", mimetype="text/plain")


@bp.get("/brand.css")
@public
@limiter.exempt
def brand_css():
    """Another institution colour than the default one (which the built stylesheet already has), as a stylesheet of
    CSS variables (the CSP forbids inline styles). Its address carries the colour (webapp.brand_url), so it is kept
    for a year."""
    from portal.site.webapp import brand_version, primary_colour

    colour = primary_colour()
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    body = render_template("site/brand.css", colour=colour, rgb=f"{red}, {green}, {blue}", only_variables=True)
    response = Response(body, mimetype="text/css")
    response.cache_control.public = True
    if request.args.get("v") == brand_version():
        response.cache_control.max_age = 31536000
        response.cache_control.immutable = True
    else:
        response.cache_control.max_age = 3600
    return response
