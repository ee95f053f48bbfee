"""Headers every response carries."""

from __future__ import annotations

from flask import request

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
