"""Documents as PDF (receipts, monthly forms, certificates): an HTML template rendered by WeasyPrint.

A document's template lives in `templates/<service>/pdf/` and is a whole HTML page with its own print styles; the
page a person sees in the browser includes the same text (its partials), so the PDF and the printed page say the
same thing. WeasyPrint needs Debian's Pango (`libpango-1.0-0`, `libpangoft2-1.0-0`): `.ci/run` installs it.

The renderer reads nothing from outside: only files under the portal's `static/` folder (the vendored fonts)
are fetched, every other URL (http, data, another file) is refused, so text typed by a person can never make the
server fetch something.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from flask import Response, current_app, render_template

from portal.core.uploads import download_name

PDF_TYPE = "application/pdf"


def _static_only_fetcher():
    """WeasyPrint's URL fetcher, limited to the files of `static/`."""
    from weasyprint.urls import URLFetcher

    static = Path(current_app.static_folder or "static").resolve()

    class StaticOnly(URLFetcher):
        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            path = Path(unquote(parsed.path)).resolve() if parsed.scheme == "file" else None
            if path is None or static not in path.parents or not path.is_file():
                raise ValueError(f"a PDF may only use the portal's static files, not {url[:80]}")
            return super().fetch(url, headers)

    return StaticOnly(allowed_protocols=("file",), allow_redirects=False)


def render_pdf(template: str, **context) -> bytes:
    """The PDF of `template` rendered with `context`; relative URLs in it point into `static/`."""
    from weasyprint import HTML  # imported when a document is made: it loads Pango, which most requests never need

    html = render_template(template, **context)
    base = Path(current_app.static_folder or "static").resolve().as_uri() + "/"
    return HTML(string=html, base_url=base, url_fetcher=_static_only_fetcher()).write_pdf()


def pdf_response(content: bytes, name: str) -> Response:
    """A PDF to download as `name` (its extension made .pdf), private and never stored by a cache."""
    response = Response(content, mimetype=PDF_TYPE)
    response.headers.set("Content-Disposition", "attachment", filename=download_name(name, PDF_TYPE))
    response.cache_control.private = True
    response.cache_control.no_store = True
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
