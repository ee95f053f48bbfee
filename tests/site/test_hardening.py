"""Extreme input never gives a 500: every GET route of the app, signed in as each demo role, with extreme values in
its query parameters (issue 14, point 4).

The routes come from the app's url_map and the query parameter names from the views' source, so a route or a
parameter added later is probed too. A deterministic sweep sends the values the audit found (9999-12-31, 9999-12,
99999999999, "/\\r\\n/x"...) to every page each role can open; Hypothesis then mixes them with random ones.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.routing import IntegerConverter

from portal.extensions import db

SOURCE = Path(__file__).resolve().parents[2] / "portal"
# request.args.get("name"), request.values.get("name"), args.get("name"), request.args["name"]
_READ = re.compile(r"""(?:request\.(?:args|values)|\bargs)(?:\.get\(|\[)\s*["']([A-Za-z_]\w*)["']""")


def query_names() -> list[str]:
    names = set()
    for path in SOURCE.rglob("*.py"):
        names.update(_READ.findall(path.read_text(encoding="utf-8")))
    # Forms read from the query string (TransmitForm(formdata=request.args)) name their fields "month"; the
    # generic ones every page may meet:
    return sorted(names | {"month", "page", "next", "day"})


QUERY_NAMES = query_names()


# What the audit sent, by the kind of parameter it reached; any other name gets the numbers' extreme.
AUDIT_VALUES = {"day": "9999-12-31", "from": "0001-01-01", "to": "9999-12-31", "week": "9999-12-31",
                "month": "9999-12", "older": "99999999999", "page": "99999999999999999999",
                "next": "/\r\n/x", "start": "99:99", "year": "99999999999"}
EXTREMES = ["9999-12-31", "0001-01-01", "9999-12", "0000-00", "2026-02-30", "99999999999", "-99999999999",
            "99999999999999999999", "1E+400", "-1E+400", "inf", "NaN", "0.001", "/\r\n/x", "/%09/evil.com",
            "//evil.com", "\x00", "１２３４５６７８", "٣٤", "\u2028", "'; --", "x" * 2000, "", "0", "-1"]
ROUTE_IDS = st.one_of(st.sampled_from([0, 1, 2, 3, 5, 2**31 - 1, 2**31, 2**63, 10**20]), st.integers(0, 50))
ROUTE_WORDS = st.sampled_from(["terms", "privacy", "welfare_guide", "members", "incomes", "movables", "conditions",
                               "documents", "submit", "x", "9999-12-31", "..", "١٢", "%00"])
VALUE = st.one_of(st.sampled_from(EXTREMES), st.text(max_size=30),
                  st.integers(-(10**30), 10**30).map(str), st.dates().map(lambda day: day.isoformat()))


def _is_int(rule, name: str) -> bool:
    return isinstance(rule._converters.get(name), IntegerConverter)


def _path(rule, ids: dict | None = None) -> str | None:
    values = {name: (ids or {}).get(name, 1 if _is_int(rule, name) else "x") for name in rule.arguments}
    try:
        return rule.build(values, append_unknown=False)[1]
    except Exception:  # a value the converter does not take
        return None


@pytest.fixture
def probe(app):
    """The demo accounts (terms and welfare rules accepted; 'nuovo' still at first access), a signed-in client for
    each and one signed out, and the GET routes."""
    from portal import demo
    from portal.auth.models import User
    from portal.wallet.models import RulesAcceptance

    with app.test_request_context():
        users = demo.seed()
        for user in users:
            user.accepted_terms_version = 1
            if user.has_role("dipendente"):
                db.session.add(RulesAcceptance(user_id=user.id, version=1))
        db.session.commit()
        codes = [user.access_code for user in db.session.scalars(select(User).order_by(User.id))]
    clients = {"anonymous": app.test_client()}
    for code in codes:
        client = app.test_client()
        password = demo.FIRST_ACCESS_PASSWORD if code == "nuovo" else demo.DEMO_PASSWORD
        assert client.post("/auth/login", data={"access_code": code, "password": password}).status_code == 303, code
        clients[code] = client
    rules = [rule for rule in app.url_map.iter_rules() if "GET" in rule.methods and rule.endpoint != "static"]
    return clients, rules


def _get(client, path: str, params: dict):
    response = client.get(path, query_string=params)
    assert response.status_code < 500, (path, params, response.status_code)
    return response


def test_every_get_route_survives_the_audit_values_as_every_role(probe):
    clients, rules = probe
    names = QUERY_NAMES
    assert {"day", "month", "older", "next", "page"} <= set(names)
    assert len(rules) > 60  # the whole app, not one blueprint
    audit = {name: AUDIT_VALUES.get(name, "99999999999999999999") for name in names}
    opened = 0
    for client in clients.values():
        for position, rule in enumerate(rules):
            path = _path(rule)
            if path is None:
                continue
            if _get(client, path, {}).status_code == 200:  # a page this role can open: every parameter at its worst
                opened += 1
                _get(client, path, audit)
                # and each parameter one of the other extremes, a different one from route to route
                _get(client, path, {name: EXTREMES[(position + index) % len(EXTREMES)]
                                    for index, name in enumerate(names)})
    assert opened > 100


@settings(max_examples=150, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_no_get_route_answers_500_to_extreme_query_values(probe, data):
    clients, rules = probe
    role = data.draw(st.sampled_from(sorted(clients)), label="role")
    rule = data.draw(st.sampled_from(rules), label="route")
    ids = {name: data.draw(ROUTE_IDS if _is_int(rule, name) else ROUTE_WORDS, label=name)
           for name in sorted(rule.arguments)}
    path = _path(rule, ids)
    if path is None:
        return
    params = data.draw(st.dictionaries(st.sampled_from(QUERY_NAMES), VALUE, min_size=1, max_size=6),
                       label="query")
    _get(clients[role], path, params)

