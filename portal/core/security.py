"""Headers every response carries."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, request

CSP = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    # Bootstrap Italia draws some icons as data: SVG in its stylesheet.
    "img-src 'self' data:",
    "font-src 'self' data:",  # and one icon font Bootstrap Italia inlines
    "connect-src 'self'",
    "form-action 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
))


def apply_security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "same-origin"
    headers["X-Frame-Options"] = "DENY"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["X-Robots-Tag"] = "noindex, nofollow"
    if request.is_secure:
        headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    if request.endpoint == "static":
        response.cache_control.public = True
        response.cache_control.max_age = 31536000
        response.cache_control.immutable = True
    elif "Cache-Control" not in headers:
        # Pages may carry personal data: never kept by the browser or a proxy,
        # unless a view chose its own policy (e.g. an ETag-validated live region).
        response.cache_control.no_store = True
        response.cache_control.private = True
    return response


# What a browser removes from an address before reading it (WHATWG URL): tab, LF and CR anywhere, and C0 controls
# and spaces at either end. '/\t/evil.com' is '//evil.com' to a browser, so it is read the same way here first.
_REMOVED_ANYWHERE = str.maketrans("", "", "\t\n\r")
_TRIMMED = "".join(chr(code) for code in range(0x21))


def local_target(target: str | None) -> str | None:
    """A `next` address made safe to redirect to: normalised first as a browser would read it, then checked to be a
    path on this site (never a scheme, a host, a protocol-relative '//' or a backslash, no control character).
    Returns the normalised path, which is what the redirect must use, or None."""
    if not isinstance(target, str):
        return None
    path = target.translate(_REMOVED_ANYWHERE).strip(_TRIMMED)
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        return None
    if any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in path):
        return None
    parts = urlsplit(path)
    if parts.scheme or parts.netloc:
        return None
    return path


def refuse_nul_characters() -> None:
    """Before every request: a NUL character in the address or a form is no text a person typed, and PostgreSQL
    refuses it in any text column or query (a 500), so the request is answered 400 before anything reads it."""
    sources = [request.args, request.form] if request.method != "GET" else [request.args]
    if "\x00" in request.path or any("\x00" in name or "\x00" in value
                                      for values in sources for name, value in values.items(multi=True)):
        abort(400)
