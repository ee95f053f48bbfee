"""Extreme input never gives a 500: every GET route of the app, signed in as each demo role, with extreme values in
its query parameters (issue 14, point 4).

The routes come from the app's url_map and the query parameter names from the views' source, so a route or a
parameter added later is probed too. A deterministic sweep sends the values the audit found (9999-12-31, 9999-12,
99999999999, "/\\r\\n/x"...) to every page each role can open; Hypothesis then mixes them with random ones (150
examples, derandomized so that `make test` is reproducible). The rest of the file tests issue 14 points 1, 2 (input),
4, 5 and 6 and issue 13 point 3 through requests.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.routing import IntegerConverter

from portal.extensions import db, limiter
from tests.conftest import STRONG_PASSWORD, login

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
    from portal.wallet.models import RulesAcceptance

    with app.test_request_context():
        users = demo.seed()
        for user in users:
            user.accepted_terms_version = 1
            if user.has_role("dipendente"):
                db.session.add(RulesAcceptance(user_id=user.id, version=1))
        db.session.commit()
        # the demo logins (not the Italian courses' 300 demo students, who never sign in)
        codes = [user.access_code for user in sorted(users, key=lambda user: user.id)]
    clients = {"anonymous": app.test_client()}
    for code in codes:
        limiter.reset()  # every demo account from one address: more sign-ins than the per-address limit allows
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


@settings(max_examples=150, deadline=None, database=None, derandomize=True,
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



# -- point 1: the open redirect through `next` ---------------------------------------------------------------


@pytest.mark.parametrize("target", ["/%09/evil.com", "/%0d%0a/evil.com", "%09//evil.com", "/%5Cevil.com",
                                    "https://evil.com", "/%0b/evil.com"])
def test_signing_in_never_redirects_off_the_site(client, make_user, target):
    make_user()
    response = client.post(f"/auth/login?next={target}", data={"access_code": "mario.rossi",
                                                               "password": STRONG_PASSWORD})
    assert response.status_code == 303
    assert response.headers["Location"] == "/"  # today: '//evil.com' for the first two


def test_signing_in_still_goes_back_to_the_page_asked_for(client, make_user):
    make_user()
    response = client.post("/auth/login?next=/auth/profile%3Ftab%3D1", data={"access_code": "mario.rossi",
                                                                             "password": STRONG_PASSWORD})
    assert response.headers["Location"] == "/auth/profile?tab=1"


@pytest.mark.parametrize("target", ["/\r\n/x", "/\t/evil.com", "\n//evil.com", "/\\evil.com"])
def test_the_language_switch_never_redirects_off_the_site_nor_fails(client, target):
    response = client.post("/language", data={"locale": "en", "next": target})
    assert response.status_code == 303 and response.headers["Location"] == "/"  # today: a 500, or '//evil.com'


def test_the_welfare_rules_page_sends_back_only_to_this_site(app, client, signed_in, plan_year):
    signed_in(accept_welfare_rules=False)
    from portal.core.legal import LegalText

    with app.app_context():
        version = LegalText.current("welfare_rules").version
    response = client.post("/wallet/rules?next=/%09/evil.com", data={"version": version, "accept": "y"})
    assert response.status_code == 303 and response.headers["Location"] == "/wallet/"


# -- point 2 (input half): single-line fields drop control and line-separator characters ---------------------


def _form_classes():
    import importlib
    import pkgutil

    from flask_wtf import FlaskForm

    import portal

    for module in pkgutil.walk_packages(portal.__path__, "portal."):
        if module.name.endswith(".forms"):
            importlib.import_module(module.name)
    seen, todo = [], list(FlaskForm.__subclasses__())
    while todo:
        form = todo.pop()
        seen.append(form)
        todo.extend(form.__subclasses__())
    return [form for form in seen if form.__module__.startswith("portal.")]


def test_every_single_line_field_of_every_form_drops_control_characters():
    from wtforms import EmailField, SearchField, StringField, TelField, TextAreaField, URLField
    from wtforms.fields.core import UnboundField

    from portal.core.forms import empty_to_none, single_line, strip

    single_line_fields = (StringField, EmailField, SearchField, TelField, URLField)
    forms = _form_classes()
    assert len(forms) > 40
    checked, missing = 0, []
    for form in forms:
        for name in dir(form):
            field = getattr(form, name, None)
            if not isinstance(field, UnboundField):
                continue
            filters = field.kwargs.get("filters", ())
            if field.field_class in single_line_fields:
                checked += 1
                if not {strip, empty_to_none, single_line} & set(filters):
                    missing.append(f"{form.__module__}.{form.__name__}.{name}")
            elif issubclass(field.field_class, TextAreaField):
                assert strip not in filters, f"{form.__name__}.{name}: a text area keeps its lines (strip_text)"
    assert checked > 60 and missing == []


def test_an_affiliation_request_name_is_stored_on_one_line(app, client, signed_in, make_wallet):
    from portal.core.affiliations import AffiliationRequest

    make_wallet(signed_in())
    response = client.post("/affiliations", data={
        "kind": "wallet", "name": "Asilo Nido\r\nBcc: tutti@example.edu", "town": "Torino\u2028centro",
        "website": "", "reason": "Nido aziendale\r\nvicino alla sede"})
    assert response.status_code == 303
    with app.app_context():
        row = db.session.scalars(select(AffiliationRequest)).one()
        assert row.name == "Asilo Nido Bcc: tutti@example.edu" and row.town == "Torino centro"
        assert row.reason == "Nido aziendale\nvicino alla sede"  # a text area keeps its lines (CR LF as LF)


def test_an_administrator_cannot_store_a_name_over_two_lines(app, client, signed_in):
    from portal.auth.models import User

    signed_in(roles=("amministratore",), access_code="admin")
    response = client.post("/admin/users/new", data={"access_code": "nuova.persona", "email": "n@example.edu",
                                                     "full_name": "Nuova\r\nPersona\x00", "locale": "it",
                                                     "roles": ["dipendente"]})
    assert response.status_code in (303, 400)
    with app.app_context():
        names = db.session.scalars(select(User.full_name).where(User.access_code == "nuova.persona")).all()
        assert names in ([], ["Nuova Persona"])


def test_a_nul_character_in_an_address_or_a_form_is_a_400(client, signed_in):
    signed_in(roles=("amministratore",), access_code="admin")
    assert client.get("/admin/users?q=%00").status_code == 400  # today: a 500 on PostgreSQL
    assert client.get("/admin/audit?user=a%00").status_code == 400
    assert client.get("/legal/terms%00").status_code == 400
    assert client.post("/admin/users/new", data={"access_code": "x", "full_name": "A\x00"}).status_code == 400
    assert client.get("/admin/users?q=rossi").status_code == 200


# -- point 4: money fields have a range, CAF amounts are numbers -----------------------------------------------


@pytest.fixture
def caf_practice(app, client, make_user):
    """A student abroad signed in, with a draft practice and a father in it."""
    from portal.caf.models import Member, Practice, Student

    user = make_user("studente", roles=("studente",), locale="en")
    with app.app_context():
        db.session.add(Student(user_id=user.id, kind="abroad", codice_persona="12345678", country="JP"))
        db.session.commit()
    assert login(client, "studente").status_code == 303
    assert client.post("/caf/practices/new").status_code == 303
    with app.app_context():
        practice_id = db.session.scalars(select(Practice.id)).one()
    base = f"/caf/practices/{practice_id}"
    assert client.post(f"{base}/members", data={"full_name": "Ken Tanaka", "relationship_to_student": "parent",
                                                "birth_date": "1970-01-01"}).status_code == 303
    with app.app_context():
        father = db.session.scalar(select(Member.id).where(Member.full_name == "Ken Tanaka"))
    return practice_id, base, father


@pytest.mark.parametrize("amount,message", [
    ("1E+400", "at most 2 decimals"), ("Infinity", "at most 2 decimals"), ("NaN", "at most 2 decimals"),
    ("-5", "at most 2 decimals"), ("１２０００", "at most 2 decimals"),
    ("12345678901234567", "Enter a number from 0 to 999,999,999,999.99."),
])
def test_an_extreme_caf_amount_is_refused_and_nothing_is_stored(app, client, caf_practice, amount, message):
    from portal.caf.models import Income

    practice_id, base, father = caf_practice
    response = client.post(f"{base}/lines/income", data={"member_id": father, "amount": amount, "currency": "USD"})
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(Income)).all() == []
    assert client.get(base).status_code == 200 and client.get(f"{base}/form/incomes").status_code == 200


def test_a_17_digit_income_in_euro_is_refused_with_the_range(app, client, caf_practice):
    from portal.caf.models import Practice

    practice_id, base, _father = caf_practice
    response = client.post(f"{base}/conditions", data={"italian_income": "12345678901234567", "years_away": "0"})
    assert response.status_code == 422
    assert "Enter an amount of at most €99,999,999.99." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Practice, practice_id).italian_income_cents == 0
    assert client.post(f"{base}/conditions", data={"italian_income": "99.999.999,99", "years_away": "0"}
                       ).status_code == 303


def test_a_caf_agenda_queue_and_grid_answer_extreme_days(app, client, make_user):
    from datetime import time as clock

    from portal.caf.models import Office, OfficeHours

    with app.app_context():
        office = Office(name="CAF", address="Via Roma 1", city="Milano", phone="02", email="caf@example.it",
                        slot_minutes=30, counters=1)
        office.hours = [OfficeHours(weekday=day, opens=clock(9), closes=clock(13)) for day in range(5)]
        db.session.add(office)
        db.session.commit()
    make_user("operatore", roles=("operatore_caf",))
    login(client, "operatore")
    for url in ("/caf/agenda?day=9999-12-31", "/caf/agenda?day=0001-01-01", "/caf/queue?older=99999999999",
                "/caf/queue?older=-99999999999", "/caf/transmissions?month=9999-12"):
        assert client.get(url).status_code == 200, url  # today: 500
    assert 'name="day" value="2099-12-31"' in client.get("/caf/agenda?day=9999-12-31").get_data(as_text=True)


# -- point 3 of issue 13: codice persona and matricola are ASCII digits ----------------------------------------


@pytest.mark.parametrize("codice_persona", ["１２３４５６７８", "١٢٣٤٥٦٧٨", "۱۲۳۴۵۶۷۸"])
def test_the_caf_profile_refuses_digits_of_another_script(app, client, make_user, codice_persona):
    from portal.caf.models import Student

    make_user("studente", roles=("studente",), locale="en")
    login(client, "studente")
    response = client.post("/caf/profile", data={"codice_persona": codice_persona, "matricola": "",
                                                 "kind": "abroad", "country": "IN"})
    assert response.status_code == 422
    assert "Type the digits 0 to 9 only" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(Student)).all() == []


def test_the_staff_roster_refuses_a_matricola_in_another_script(app, client, signed_in, plan_year):
    from portal.wallet.models import Wallet

    signed_in(roles=("amministratore",), access_code="admin", locale="en")
    roster = ("codice_fiscale;matricola;full_name;email;coefficient;hire_date;end_date;polincontri\n"
              "RSSMRA85T10A562S;٠١٢٣٤٥;Mario Rossi;mario.rossi@example.edu;1;2015-09-01;;si\n")
    response = client.post(f"/wallet/manage/years/{plan_year.id}/roster",
                           data={"file": (io.BytesIO(roster.encode()), "roster.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 422
    assert ("Line 2: the matricola holds digits of another script: write it with the digits 0 to 9 only."
            in response.get_data(as_text=True))
    with app.app_context():
        assert db.session.scalars(select(Wallet)).all() == []


def test_the_user_import_refuses_a_codice_persona_in_full_width_digits(app, client, signed_in):
    from portal.auth.models import User

    signed_in(roles=("amministratore",), access_code="admin", locale="en")
    content = "access_code;email;full_name;codice_persona\nli.wei;li@example.edu;Li Wei;１０２３４５６７\n"
    response = client.post("/admin/users/import", data={"file": (io.BytesIO(content.encode()), "users.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 422 and "the codice persona holds digits of another script" in \
        response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User).where(User.access_code == "li.wei")) is None


def test_the_payroll_file_refuses_a_stored_matricola_in_another_script(app, make_user, make_wallet):
    from datetime import UTC, date, datetime

    from flask_babel import force_locale

    from portal.core.rules import RuleViolation
    from portal.wallet import services
    from portal.wallet.models import Offer, PayrollBatch, Provider, Reimbursement, Wallet

    wallet = make_wallet(make_user(codice_fiscale="RSSMRA85T10A562S", locale="en"))
    with app.app_context():
        db.session.get(Wallet, wallet.id).matricola = "٠١٢٣٤٥"  # written before the check existed
        provider = Provider(name="Asili")
        db.session.add(provider)
        db.session.flush()
        offer = Offer(provider_id=provider.id, area="education", tax_rule="education", use="reimbursement",
                      title_it="Rette", title_en="Fees", description_it="d", description_en="d",
                      data_shared_it="x", data_shared_en="x")
        db.session.add(offer)
        db.session.flush()
        db.session.add(Reimbursement(wallet_id=wallet.id, offer_id=offer.id, tax_rule="education",
                                     amount_cents=10_000, approved_cents=10_000, expense_date=date(2026, 2, 1),
                                     provider_name="Asilo", status="approved",
                                     decided_at=datetime(2026, 3, 2, 9, tzinfo=UTC)))
        db.session.commit()
    with app.test_request_context(), force_locale("en"), pytest.raises(
            RuleViolation, match="the matricola of Mario Rossi is not 6 digits from 0 to 9"):
        services.export_payroll(None, "2026-03")
    with app.app_context():
        assert db.session.scalars(select(PayrollBatch)).all() == []


# -- point 6: downloads carry the extension of the detected type -----------------------------------------------


def test_a_pdf_uploaded_as_evil_html_downloads_as_evil_pdf(app, client, signed_in, plan_year):
    from portal.wallet.models import WelfareForm

    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    signed_in(roles=("amministratore",), access_code="ufficio")
    assert client.post("/wallet/manage/forms", data={
        "title_it": "Modulo", "title_en": "Form", "description_it": "x", "description_en": "x",
        "document": (io.BytesIO(pdf), "evil.html")}, content_type="multipart/form-data").status_code == 303
    with app.app_context():
        form_id = db.session.scalar(select(WelfareForm.id))
    download = client.get(f"/wallet/forms/{form_id}/file")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"] == "attachment; filename=evil.pdf"  # today: evil.html
