"""Who is calling: the client address used for throttling and the audit log."""

from flask import request


def client_ip() -> str:
    # With PORTAL_TRUST_PROXY on, ProxyFix has already put the real address
    # in remote_addr; we never read X-Forwarded-For ourselves.
    return request.remote_addr or "unknown"


def user_agent() -> str:
    return (request.headers.get("User-Agent") or "")[:300]
