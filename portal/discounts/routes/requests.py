"""Asking for a new merchant is one flow with Conto Welfare's (portal.core.affiliations, pages under
/affiliations): the old address leads there, with the discounts' kind chosen."""

from __future__ import annotations

from flask import redirect, url_for

from portal.discounts import bp


@bp.get("/merchants/request")
def affiliation():
    return redirect(url_for("site.affiliations", kind="discounts"), code=301)
