"""Every password field has its Show/Hide button, in both languages, and without script it is not there at all."""

from __future__ import annotations

import re

import pytest

from tests.auth.test_accounts import _reset_link
from tests.conftest import login

TOGGLE = re.compile(r'<button type="button" class="btn portal-password-toggle" aria-controls="([a-z_]+)" '
                    r'data-password-toggle hidden\s+aria-label="([^"]+)" data-show-label="([^"]+)" '
                    r'data-hide-label="([^"]+)"\s+data-show-text="([^"]+)" data-hide-text="([^"]+)">')
WORDS = {"it": ("Mostra la password", "Nascondi la password", "Mostra", "Nascondi"),
         "en": ("Show password", "Hide password", "Show", "Hide")}


def _toggles(html: str, language: str) -> list[str]:
    """The fields that have a toggle; each toggle follows its own field and speaks the page's language."""
    show, hide, show_word, hide_word = WORDS[language]
    found = []
    for match in TOGGLE.finditer(html):
        field, label, show_label, hide_label, show_text, hide_text = match.groups()
        assert (label, show_label, hide_label, show_text, hide_text) == (show, show, hide, show_word, hide_word)
        tag = re.search(rf'<input[^>]* id="{field}"[^>]*>', html)
        assert 'type="password"' in tag.group(0)
        assert html.index("</div>", tag.end()) > match.start()  # in the field's own box, right after it
        found.append(field)
    return found


@pytest.mark.parametrize("language", ["it", "en"])
def test_sign_in_and_reset_pages_have_the_toggle(app, client, make_user, language):
    make_user(locale=language)
    login_page = client.get("/auth/login", headers={"Accept-Language": language}).get_data(as_text=True)
    assert _toggles(login_page, language) == ["password"]
    client.post("/auth/password/forgot", data={"access_code": "mario.rossi"}, headers={"Accept-Language": language})
    reset_page = client.get(_reset_link(app), headers={"Accept-Language": language}).get_data(as_text=True)
    assert _toggles(reset_page, language) == ["new_password", "confirm_password"]


@pytest.mark.parametrize("language", ["it", "en"])
def test_first_access_and_profile_pages_have_the_toggle(client, make_user, language):
    make_user(must_change=True, locale=language)
    login(client)
    first = client.get("/auth/first-access/password").get_data(as_text=True)
    assert _toggles(first, language) == ["new_password", "confirm_password"]
    make_user("giulia.verdi", locale=language)
    client.post("/auth/logout")
    login(client, "giulia.verdi")
    profile = client.get("/auth/profile").get_data(as_text=True)
    assert _toggles(profile, language) == ["current_password", "new_password", "confirm_password"]


def test_a_refused_change_keeps_the_toggle_next_to_the_error(client, make_user):
    make_user()
    login(client)
    response = client.post("/auth/profile/password", data={"current_password": "sbagliata", "new_password": "x",
                                                          "confirm_password": "y"})
    assert response.status_code == 422
    assert _toggles(response.get_data(as_text=True), "it") == ["current_password", "new_password", "confirm_password"]
