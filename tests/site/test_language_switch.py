"""Switching language after a form came back with errors brings back the same form, in the other language.

The switch never re-submits the form's action: it carries the typed values (never a password, a file or the CSRF
token) to the GET page of that form, which is filled with them and checked again in the new language.
"""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from portal.caf.models import Member, Practice
from portal.childcare.models import Booking
from portal.extensions import db
from portal.wallet.models import Reimbursement
from tests.caf.conftest import make_student  # noqa: F401  (fixture)
from tests.childcare.conftest import parent  # noqa: F401  (fixture)
from tests.conftest import login
from tests.helpers import assert_no_visible_markup

SWITCH = re.compile(r'<form class="portal-language-switch"(.*?)</form>', re.S)
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def _switch_fields(html: str) -> list[tuple[str, str]]:
    import html as html_lib

    form = SWITCH.search(html)
    assert form, "no language switch on the page"
    return [(name, html_lib.unescape(value)) for name, value in HIDDEN.findall(form.group(1)) if name != "csrf_token"]


def _switch(client, page_html: str, locale: str):
    """Press the other language's button on the page, as a browser without JavaScript does, and follow it."""
    fields = _switch_fields(page_html)
    answer = client.post("/language", data=MultiDict([*fields, ("locale", locale)]))
    assert answer.status_code == 303
    return client.get(answer.headers["Location"]), fields


def _shown(page: str, name: str, value: str) -> bool:
    """The form's own field (not the language switch's hidden copy) shows the value."""
    return re.search(r'<input[^>]*\bname="%s"[^>]*\bvalue="%s"' % (re.escape(name), re.escape(value)), page) is not None


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_sign_in_error_switched_to_english_shows_the_sign_in_form_with_the_access_code_not_the_password(
        app, client, make_user):
    make_user(access_code="mario.rossi", locale="it")
    refused = login(client, "mario.rossi", password="sbagliata-123")
    page = refused.get_data(as_text=True)
    assert refused.status_code in (200, 401, 422) and 'lang="it"' in page
    english, fields = _switch(client, page, "en")
    assert english.status_code == 200
    text = assert_no_visible_markup(english.get_data(as_text=True))
    assert 'lang="en"' in english.get_data(as_text=True) and "Sign in" in text
    assert "Access code or password not valid" in text  # the refusal, said again in English
    assert _shown(english.get_data(as_text=True), "access_code", "mario.rossi")
    assert not any("sbagliata" in value for _, value in fields)  # a password never travels into the page


def test_wallet_reimbursement_error_switched_to_english_keeps_the_values_and_writes_nothing(
        app, client, signed_in, make_wallet, categories):
    user = signed_in(locale="it")
    make_wallet(user)
    refused = client.post("/wallet/reimbursements/new", content_type="multipart/form-data",
                          data={"category": str(categories["school"]), "amount": "12,3x", "expense_date": date.today().isoformat(),
                                "provider_name": "Asilo Nido Girotondo",
                                "documents": [(io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "ricevuta.pdf")]})
    assert refused.status_code == 422
    english, fields = _switch(client, refused.get_data(as_text=True), "en")
    assert english.status_code == 200 and english.request.path == "/wallet/reimbursements/new"
    page = english.get_data(as_text=True)
    text = assert_no_visible_markup(page)
    assert 'lang="en"' in page and _shown(page, "provider_name", "Asilo Nido Girotondo") and _shown(page, "amount", "12,3x")
    assert "Enter an amount in euro, such as 1.800,00." in text
    assert not any(name.endswith("documents") for name, _ in fields)  # files never travel
    assert _count(app, Reimbursement) == 0
    italian, _ = _switch(client, page, "it")
    assert "Inserisci un importo in euro" in assert_no_visible_markup(italian.get_data(as_text=True))


def test_caf_form_step_error_on_a_post_only_url_comes_back_on_the_step_page_in_english(app, client, make_student):
    make_student(locale="it")
    assert login(client, "studente").status_code == 303
    client.post("/caf/practices/new")
    with app.app_context():
        practice = db.session.scalars(select(Practice)).one()
        me = practice.members[0]
        practice_id, member_id = practice.id, me.id
    future = (date.today() + timedelta(days=3)).isoformat()
    refused = client.post(f"/caf/practices/{practice_id}/members/{member_id}",
                          headers={"Referer": f"http://localhost/caf/practices/{practice_id}/form/members"},
                          data={"full_name": "Aiko Tanaka Sato", "birth_date": future})
    assert refused.status_code == 422
    english, _ = _switch(client, refused.get_data(as_text=True), "en")
    assert english.status_code == 200  # not 405: the POST-only URL is never asked for with GET
    assert english.request.path == f"/caf/practices/{practice_id}/form/members"
    page = english.get_data(as_text=True)
    assert 'lang="en"' in page and _shown(page, "full_name", "Aiko Tanaka Sato") and _shown(page, "birth_date", future)
    # the refusal came from the rule, not from the form's checks: it is carried and said again in English
    assert "The birth date cannot be in the future." in assert_no_visible_markup(page)
    italian, _ = _switch(client, page, "it")
    assert "La data di nascita non può essere nel futuro." in assert_no_visible_markup(italian.get_data(as_text=True))
    assert_no_visible_markup(page)
    with app.app_context():
        assert db.session.get(Member, member_id).birth_date is None  # nothing was saved by the switch


def test_a_post_only_url_without_a_referrer_falls_back_to_the_home_page(app, client, make_student):
    make_student()
    assert login(client, "studente").status_code == 303
    client.post("/caf/practices/new")
    with app.app_context():
        practice_id = db.session.scalars(select(Practice.id)).one()
    refused = client.post(f"/caf/practices/{practice_id}/members", data={"full_name": ""})
    assert refused.status_code == 422
    english, _ = _switch(client, refused.get_data(as_text=True), "en")
    assert english.status_code in (200, 302)
    assert english.request.path == "/"


def test_policino_booking_error_switched_to_english_shows_the_booking_form_again(app, client, parent):
    from tests.childcare.test_booking import first_blocks, open_day

    client.post("/language", data={"locale": "it"})  # the parent's own choice, Italian
    day = open_day()
    first, last = first_blocks(day, 2)
    refused = client.post("/policino/book/new", data={"child": parent["child"], "day": day.isoformat(),
                                                      "first": last.strftime("%H:%M"),
                                                      "last": first.strftime("%H:%M")})
    assert refused.status_code == 422
    english, _ = _switch(client, refused.get_data(as_text=True), "en")
    assert english.status_code == 200 and english.request.path == "/policino/book/new"
    page = english.get_data(as_text=True)
    assert 'lang="en"' in page and _shown(page, "day", day.isoformat())
    assert re.search(r'name="start" id="start-%s" value="%s" checked' % (last.strftime("%H%M"), last.strftime("%H:%M")),
                     page)  # the start chip chosen before
    assert_no_visible_markup(page)
    assert _count(app, Booking) == 0


def test_the_switch_keeps_nothing_for_another_page_and_a_get_page_is_unchanged(app, client, make_user):
    make_user(access_code="mario.rossi", locale="it")
    page = client.get("/auth/login").get_data(as_text=True)
    assert _switch_fields(page) == [("next", "/auth/login")]
    # values posted for one page are forgotten on the way to another one
    client.post("/language", data={"locale": "en", "next": "/auth/login", "replay_form": "LoginForm",
                                   "replay-access_code": "someone"})
    assert "someone" not in client.get("/legal/privacy").get_data(as_text=True)
    assert 'value="someone"' not in client.get("/auth/login").get_data(as_text=True)


def test_a_tampered_switch_never_fails_and_shows_nothing_it_does_not_know(app, client, make_user):
    make_user(access_code="mario.rossi", locale="it")
    for errors in ("5", '{"a": 1}', "[1, [2]]", '[["", "ngettext", ["a", "b", "c"], {}]]',
                   '[["", "gettext", ["%(x)s"], {}]]', '[["", "eval", ["x"], {}]]', "[" * 5000, "x" * 10_000):
        answer = client.post("/language", data={"locale": "en", "next": "/auth/login", "replay_form": "LoginForm",
                                                "replay-access_code": "mario.rossi", "replay_errors": errors})
        assert answer.status_code == 303
        page = client.get("/auth/login")
        assert page.status_code == 200 and _shown(page.get_data(as_text=True), "access_code", "mario.rossi")
    answer = client.post("/language", data={"locale": "en", "next": "/auth/login", "replay_form": "not a name",
                                            "replay-access_code": "x" * 5000})
    assert answer.status_code == 303 and client.get("/auth/login").status_code == 200
