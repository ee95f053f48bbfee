"""Pieces of the page layout that are the same for many requests, rendered once per worker.

The header's brand, the menu and the footer of `base.html` depend only on the language, the page (the menu marks
it) and the user's roles, never on the user or the request: `{% call cached_piece("nav", …) %}…{% endcall %}`
renders its body the first time a key is seen and reuses the HTML afterwards. Every page is cheaper by the 30-odd
`url_for` and translated strings they hold, which matters most where many people press one button at once (the
booking rushes, bench/http_bench.py). Per-user parts (the name, the form tokens, the language switch) stay outside.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from flask import current_app, request
from flask_babel import get_locale
from markupsafe import Markup

MAX_PIECES = 4096  # languages × pages × sets of roles: far fewer in practice; a bound all the same


def cached_piece(*key: Hashable, caller: Callable[[], str]) -> Markup:
    """The body of the `{% call %}` for this language, address prefix and `key`, rendered once per worker (each
    time in debug mode, where templates reload)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if app.debug or app.jinja_env.auto_reload:
        return Markup(caller())
    pieces: dict = app.extensions.setdefault("portal_pieces", {})
    full_key = (str(get_locale()), request.script_root, *key)
    found = pieces.get(full_key)
    if found is None:
        if len(pieces) >= MAX_PIECES:
            pieces.clear()
        found = pieces[full_key] = Markup(caller())
    return found
