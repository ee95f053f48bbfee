"""The portal as an installable web app: manifest, icons, service worker and its offline page.

The service worker keeps only what is the same for everybody: the versioned static files the pages load, the
brand stylesheet and the offline page. Pages are always asked of the network and never stored; when the network is
gone, a navigation shows the offline page (both languages, no personal data).
"""

from __future__ import annotations

import hashlib
import json

from flask import Response, abort, current_app, render_template, url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _

from portal import asset_url
from portal.auth.access import asset
from portal.site import bp
from portal.site.icons import PURPOSES, SIZES, icon_png, valid_colour

# The static files every page's layout loads (templates/base.html and the fonts its stylesheet names): stored by the
# service worker when it installs, so the offline page and the next visits have them without the network. The
# built files (tools/build_assets.py) carry their content's hash in their name, the fonts their version.
BUILT_FILES = ("portal.css", "portal.js", "sprites.svg", "favicon.svg")
FONTS = "vendor/bootstrap-italia-2.18.3/fonts/Titillium_Web/titillium-web-v10-latin-ext_latin-{}.woff2"
# Preloaded by every page (the weights its text uses), so that they are there by the first paint: with
# font-display: optional, a font that arrives later is not swapped in (no text rewraps under the reader).
PRELOADED_FONTS = tuple(FONTS.format(weight) for weight in ("regular", "600", "700"))
VENDOR_FILES = PRELOADED_FONTS
DEFAULT_COLOUR = "#003366"  # the colour of the built stylesheet (tools/build_assets.py)
ICON_FILES = (("any", 192), ("any", 512), ("maskable", 512))


def primary_colour() -> str:
    return valid_colour(current_app.config["PORTAL_PRIMARY_COLOR"])


def _colour_version() -> str:
    return primary_colour().lstrip("#").lower()


def brand_version() -> str:
    return _colour_version()


def brand_url() -> str | None:
    """The stylesheet of another colour than the built one's, or None."""
    if primary_colour().lower() == DEFAULT_COLOUR:
        return None
    return url_for("site.brand_css", v=brand_version())


def icon_url(purpose: str, size: int) -> str:
    """Versioned by the colour: a new colour is a new URL, so the icons can be kept for a year."""
    return url_for("site.app_icon", purpose=purpose, size=size, v=_colour_version())


def precache_urls() -> list[str]:
    urls = [asset_url(name) for name in BUILT_FILES]
    urls += [url_for("static", filename=name) for name in VENDOR_FILES]
    urls += [brand] if (brand := brand_url()) else []
    urls += [url_for("site.offline")]
    urls += [icon_url(purpose, size) for purpose, size in ICON_FILES]
    return urls


@bp.app_context_processor
def inject_webapp():
    return {"theme_colour": primary_colour, "app_icon_url": icon_url, "brand_url": brand_url,
            "preloaded_fonts": PRELOADED_FONTS}


@bp.get("/manifest.webmanifest")
@asset
def manifest():
    """Name from the institution's settings, theme from PORTAL_PRIMARY_COLOR, in the visitor's language."""
    cfg = current_app.config
    home = url_for("site.home")
    data = {
        "id": home,
        "name": f"{_('Services portal')} · {cfg['PORTAL_INSTITUTION_NAME']}",
        "short_name": cfg["PORTAL_INSTITUTION_SHORT_NAME"],
        "description": _("The online services of %(name)s for its staff, students and families.",
                         name=cfg["PORTAL_INSTITUTION_NAME"]),
        "lang": str(get_locale()),
        "dir": "ltr",
        "start_url": home,
        "scope": home,
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": primary_colour(),
        "icons": [{"src": icon_url(purpose, size), "sizes": f"{size}x{size}", "type": "image/png",
                   "purpose": purpose} for purpose, size in ICON_FILES],
    }
    response = Response(json.dumps(data, ensure_ascii=False, indent=1), mimetype="application/manifest+json")
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    response.vary.add("Accept-Language")
    return response


@bp.get("/app-icon-<purpose>-<int:size>.png")
@asset
def app_icon(purpose: str, size: int):
    if purpose not in PURPOSES or size not in SIZES:
        abort(404)
    response = Response(icon_png(primary_colour(), size, purpose), mimetype="image/png")
    response.cache_control.public = True
    response.cache_control.max_age = 31536000
    response.cache_control.immutable = True
    return response


@bp.get("/service-worker.js")
@asset
def service_worker():
    """Served from the site's root so that its scope is the whole portal; always revalidated, so that a new
    release (new file versions, a new colour) installs a new worker and drops the old files."""
    urls = precache_urls()
    version = hashlib.sha256("\n".join(urls).encode()).hexdigest()[:12]
    body = render_template("site/service-worker.js", urls=urls, version=version, offline_url=url_for("site.offline"))
    response = Response(body, mimetype="text/javascript")
    response.cache_control.no_cache = True
    response.cache_control.max_age = 0
    return response


@bp.get("/offline")
@asset
def offline():
    """The page a navigation shows without the network: the same for everybody, in Italian and English."""
    sections = []
    for locale in ("it", "en"):
        with force_locale(locale):
            sections.append({
                "lang": locale,
                "title": _("You are offline"),
                "text": _("The portal needs the network to show your wallet, bookings and practices, and keeps "
                          "none of them on this device. Check your connection: the page comes back by itself "
                          "when the network does."),
                "retry": _("Try again"),
                "portal": _("Services portal"),
            })
    body = render_template("site/offline.html", sections=sections)
    response = Response(body, mimetype="text/html")
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response
