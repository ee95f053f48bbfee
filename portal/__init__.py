"""The services portal: create_app() builds the Flask application."""

from __future__ import annotations

import hashlib
import json
import logging
import re
from pathlib import Path

from flask import Flask, current_app, request, session, url_for
from flask_babel import get_locale
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

from portal.config import build_config
from portal.core import cache, sqlite
from portal.core.audit import event_label, readable_details
from portal.core.dates import ago, days_since, format_clock, format_day, format_moment
from portal.core.forms import language_switch
from portal.core.i18n import install_template_gettext
from portal.core.money import format_money
from portal.core.navigation import services_for
from portal.core.numbers import format_hours, format_number
from portal.core.pieces import cached_piece
from portal.core.query import IdConverter
from portal.core.security import apply_security_headers, refuse_nul_characters
from portal.extensions import babel, csrf, db, htmx, limiter, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
    )
    app.config.update(build_config(Path(app.instance_path)))
    app.url_map.converters["int"] = IdConverter  # before any route: an id too large for the database is a 404
    if test_config:
        app.config.update(test_config)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(ROOT / "translations")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    if app.config["PORTAL_TRUST_PROXY"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]

    _serve_static_files(app)
    _init_extensions(app)
    _register_blueprints(app)
    _register_request_hooks(app)
    _register_templates(app)
    _register_cli(app)
    return app


def select_locale() -> str:
    """The user's saved choice, then the session, then the browser, then Italian."""
    from portal.auth.models import LOCALES

    if current_user and current_user.is_authenticated:
        return current_user.locale
    if session.get("locale") in LOCALES:
        return session["locale"]
    return request.accept_languages.best_match(LOCALES) or "it"


# Files whose address changes with their content: the build's portal-<hash>.css, and the vendored libraries whose
# folder names their version. Cached for a year and never revalidated.
VERSIONED = re.compile(r"^/static/(build/[^/]+-[0-9a-f]{12}\.\w+|vendor/[^/]+-\d[\w.]*/.+)$")
IF_NONE_MATCH_ENCODING = re.compile(r':(?:br|gzip)"')


def _serve_static_files(app: Flask) -> None:
    """WhiteNoise answers static/build and static/vendor before Flask sees the request: the .br or .gz written beside
    each file by tools/build_assets.py when the browser accepts it, with far-future caching for versioned names.
    Other static files (the ?v=<hash> addresses of static_url()) are still served by Flask."""
    from whitenoise import WhiteNoise

    from portal.core.security import CSP

    def headers(headers, path, url):
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Content-Security-Policy"] = CSP  # an SVG opened by itself runs no script
        headers["Cross-Origin-Resource-Policy"] = "same-origin"

    static = WhiteNoise(app.wsgi_app, autorefresh=app.debug, max_age=3600, allow_all_origins=False,
                        add_headers_function=headers, immutable_file_test=lambda path, url: bool(VERSIONED.match(url)))
    for folder in ("build", "vendor"):
        static.add_files(str(ROOT / "static" / folder), prefix=f"static/{folder}/")
    flask_app = static  # WhiteNoise first; the If-None-Match of a compressed page is made the page's own again

    def wsgi_app(environ, start_response):
        # Flask-Compress answers a compressed page with the ETag "<tag>:br"; the views compare the tag they made.
        if "HTTP_IF_NONE_MATCH" in environ:
            environ["HTTP_IF_NONE_MATCH"] = IF_NONE_MATCH_ENCODING.sub('"', environ["HTTP_IF_NONE_MATCH"])
        return flask_app(environ, start_response)

    app.wsgi_app = wsgi_app  # type: ignore[method-assign]


def _compress_pages(app: Flask) -> None:
    """Pages and fragments compressed with brotli or gzip by Flask-Compress (static files come compressed from
    WhiteNoise). Not for a request another site made the browser send (Sec-Fetch-Site: cross-site): a page that
    holds a secret (the CSRF token) and reflects what the address says must not be compressed for an attacker
    who measures its length (BREACH)."""
    from portal.extensions import compress

    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_BR_LEVEL", 5)
    app.config.setdefault("COMPRESS_STREAMS", False)  # downloads stream as they are
    app.config.setdefault("COMPRESS_REGISTER", False)
    compress.init_app(app)

    @app.after_request
    def compress_response(response):
        if request.headers.get("Sec-Fetch-Site") == "cross-site":
            response.vary.add("Sec-Fetch-Site")
            return response
        return compress.after_request(response)


def _init_extensions(app: Flask) -> None:
    from portal.auth.access import load_user

    db.init_app(app)
    with app.app_context():
        for engine in db.engines.values():
            sqlite.make_race_safe(engine)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True, compare_type=True)
    babel.init_app(app, locale_selector=select_locale)
    install_template_gettext(app)  # after Flask-Babel's own: looked up once per request, not per string
    csrf.init_app(app)
    htmx.init_app(app)
    limiter.init_app(app)
    cache.init_app(app)
    login_manager.init_app(app)
    login_manager.session_protection = None  # the session version does this job, and survives IP changes on phones

    login_manager.user_loader(load_user)
    _compress_pages(app)


def _register_blueprints(app: Flask) -> None:
    # The factory imports the parts of the portal (auth, site, admin, the services) when it builds the app, not at
    # the top: they import names of this package (ROOT, static_url, create_app), and `import portal.<anything>`
    # would otherwise load the whole portal.
    from portal.admin import bp as admin_bp
    from portal.auth import bp as auth_bp
    from portal.caf import bp as caf_bp
    from portal.caf.cli import caf_cli
    from portal.childcare import bp as childcare_bp
    from portal.childcare.cli import childcare_cli
    from portal.courses import bp as courses_bp
    from portal.courses.cli import courses_cli
    from portal.discounts import bp as discounts_bp
    from portal.discounts.cli import discounts_cli
    from portal.helpdesk import bp as helpdesk_bp
    from portal.site import bp as site_bp
    from portal.site import errors
    from portal.tutoring import bp as tutoring_bp
    from portal.tutoring.cli import tutoring_cli
    from portal.wallet import bp as wallet_bp
    from portal.wallet.cli import wallet_cli

    app.register_blueprint(site_bp)
    app.register_blueprint(auth_bp, url_prefix="/auth")
    app.register_blueprint(admin_bp)
    # A service switched off in PORTAL_SERVICES is not reachable at all.
    if "wallet" in app.config["PORTAL_SERVICES"]:
        app.register_blueprint(wallet_bp)
        app.cli.add_command(wallet_cli)
    if "caf" in app.config["PORTAL_SERVICES"]:
        app.register_blueprint(caf_bp)
        app.cli.add_command(caf_cli)
    if "childcare" in app.config["PORTAL_SERVICES"]:
        app.register_blueprint(childcare_bp)
        app.cli.add_command(childcare_cli)
    if "tutoring" in app.config["PORTAL_SERVICES"]:
        app.register_blueprint(tutoring_bp)
        app.cli.add_command(tutoring_cli)
    if "courses" in app.config["PORTAL_SERVICES"]:
        app.register_blueprint(courses_bp)
        app.cli.add_command(courses_cli)
    if "discounts" in app.config["PORTAL_SERVICES"]:
        app.register_blueprint(discounts_bp)
        app.cli.add_command(discounts_cli)
    if "helpdesk" in app.config["PORTAL_SERVICES"]:
        app.register_blueprint(helpdesk_bp)
    errors.register(app)


def _register_request_hooks(app: Flask) -> None:
    from portal.auth.access import guard

    app.before_request(refuse_nul_characters)
    app.before_request(guard)

    @app.after_request
    def commit_or_roll_back(response):
        # One transaction per request: kept when the request succeeded, undone otherwise. Read-only requests
        # commit too: a ROLLBACK makes psycopg forget its prepared statements, which costs PostgreSQL far more.
        if not db.session.registry.has() or _untouched(db.session()):
            return response  # nothing was read or written (a poll answered from the cache)
        if response.status_code < 400:
            db.session.commit()
        else:
            db.session.rollback()
        return response

    app.after_request(apply_security_headers)


def _untouched(session) -> bool:
    return not (session.in_transaction() or session.new or session.dirty or session.deleted)


_static_hashes: dict[str, str] = {}


def static_url(filename: str) -> str:
    """A URL that changes when the file changes, so static files can be cached for a year."""
    if filename not in _static_hashes or current_app.debug:
        path = Path(current_app.static_folder or "") / filename
        _static_hashes[filename] = hashlib.sha256(path.read_bytes()).hexdigest()[:12] if path.exists() else "0"
    return url_for("static", filename=filename, v=_static_hashes[filename])


_asset_manifest: dict[str, str] = {}


def asset_url(name: str) -> str:
    """The address of one of the files tools/build_assets.py builds (portal.css, portal.js, sprites.svg,
    favicon.svg): its name carries its content's hash, so it is cached for a year."""
    from flask import current_app

    if not _asset_manifest or current_app.debug:
        manifest = Path(current_app.static_folder or "") / "build" / "manifest.json"
        _asset_manifest.update(json.loads(manifest.read_text()))
    return url_for("static", filename=_asset_manifest[name])


def _register_templates(app: Flask) -> None:
    from portal.auth.models import LOCALE_LABELS, ROLE_LABELS

    app.jinja_env.globals.update(
        static_url=static_url,
        asset_url=asset_url,
        cached_piece=cached_piece,
        services_for=services_for,
        locale_labels=LOCALE_LABELS,
        role_labels=ROLE_LABELS,
        language_switch=language_switch,
        event_label=event_label,
        readable_details=readable_details,
    )
    app.jinja_env.filters.update(
        money=format_money,
        date=format_day,
        datetime=format_moment,
        clock=format_clock,
        ago=ago,
        days_since=days_since,
        number=format_number,
        hours=format_hours,
    )

    @app.context_processor
    def inject_portal():
        cfg = app.config
        return {
            "portal": {
                "name": cfg["PORTAL_INSTITUTION_NAME"],
                "short_name": cfg["PORTAL_INSTITUTION_SHORT_NAME"],
                "url": cfg["PORTAL_INSTITUTION_URL"],
                "logo_url": cfg["PORTAL_LOGO_URL"],
                "email": cfg["PORTAL_CONTACT_EMAIL"],
                "phone": cfg["PORTAL_CONTACT_PHONE"],
                "address": cfg["PORTAL_CONTACT_ADDRESS"],
                "idle_minutes": cfg["PORTAL_IDLE_TIMEOUT_MINUTES"],
                "warning_seconds": cfg["PORTAL_IDLE_WARNING_SECONDS"],
            },
            "current_locale": str(get_locale()),
        }


def _register_cli(app: Flask) -> None:
    from portal.cli import register

    register(app)
