import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_fits_the_screen
from tests.conftest import STRONG_PASSWORD, outbox

pytestmark = pytest.mark.browser
NEW_PASSWORD = "girasole-pianoforte-88-nebbia"


def sign_in(page, code="mario.rossi", password=STRONG_PASSWORD):
    page.goto("/auth/login")
    page.get_by_label(re.compile("Codice di accesso|Access code")).fill(code)
    page.get_by_label(re.compile("^Password")).fill(password)
    page.get_by_role("button", name=re.compile("^(Accedi|Sign in)$")).click()


@pytest.mark.parametrize("language", ["it", "en"])
def test_first_access_journey_on_a_phone(page, make_user, language):
    make_user(must_change=True, accept_terms=False, locale=language, full_name="Chiara Esposito")
    page.goto("/auth/login")
    assert page.locator("html").get_attribute("lang") == "it"
    assert_accessible(page)
    assert_fits_the_screen(page)
    sign_in(page)

    page.wait_for_url("**/auth/first-access/password")
    assert page.locator("html").get_attribute("lang") == language
    heading = "Scegli la tua password" if language == "it" else "Choose your password"
    assert page.get_by_role("heading", level=1).inner_text() == heading
    page.get_by_role("button", name=re.compile("Salva e continua|Save and continue")).click()
    assert page.locator("[aria-invalid='true']").count() == 2
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.get_by_label(re.compile("^(Nuova password|New password)")).fill(NEW_PASSWORD)
    page.get_by_label(re.compile("^(Ripeti la nuova password|Repeat the new password)")).fill(NEW_PASSWORD)
    page.get_by_role("button", name=re.compile("Salva e continua|Save and continue")).click()

    page.wait_for_url("**/auth/first-access/terms**")
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.get_by_text(re.compile("Ho letto e accetto|I have read and accept")).click()
    assert page.get_by_label(re.compile("Ho letto e accetto|I have read and accept")).is_checked()
    page.get_by_role("button", name=re.compile("^(Continua|Continue|Accetta e continua|Accept and continue)$")).click()

    page.wait_for_url(re.compile(r"/$"))
    greeting = "Ciao, Chiara" if language == "it" else "Hello, Chiara"
    assert page.get_by_role("heading", level=1).inner_text() == greeting
    assert_accessible(page)
    assert_fits_the_screen(page)
    assert page.console_errors == []


def test_language_switch_is_a_post_and_is_remembered(page, make_user):
    make_user()
    page.goto("/auth/login")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Sign in"
    page.goto("/legal/privacy")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Privacy notice"
    assert_accessible(page)
    page.get_by_role("button", name="Italiano").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Informativa sulla privacy"


def test_password_recovery_through_the_outbox_link(app, page, make_user):
    make_user()
    page.goto("/auth/login")
    page.get_by_role("link", name="Hai dimenticato la password?").click()
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.get_by_label(re.compile("Codice di accesso")).fill("mario.rossi")
    page.get_by_role("button", name="Invia il link").click()
    page.wait_for_url("**/auth/login")
    assert "abbiamo inviato" in page.locator("#portal-alerts").inner_text()

    link = re.search(r"http://localhost(\S+)", outbox(app, "mario.rossi@example.edu")[-1].body).group(1)
    page.goto(link)
    assert_accessible(page)
    page.get_by_label(re.compile("^Nuova password")).fill(NEW_PASSWORD)
    page.get_by_label(re.compile("^Ripeti la nuova password")).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Salva la nuova password").click()
    page.wait_for_url("**/auth/login")
    sign_in(page, password=NEW_PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    page.goto(link)
    assert page.get_by_role("heading", level=1).inner_text() == "Link non valido"


def test_logout_ends_the_session(page, make_user):
    make_user()
    sign_in(page)
    page.wait_for_url(re.compile(r"/$"))
    page.get_by_role("button", name="Esci").click()
    page.wait_for_url("**/auth/login")
    assert "Sei uscito" in page.locator("#portal-alerts").inner_text()
    page.goto("/auth/profile")
    assert "/auth/login" in page.url


def test_mobile_menu_opens_and_lists_the_users_services(page, make_user):
    make_user(roles=("amministratore",))
    sign_in(page)
    page.wait_for_url(re.compile(r"/$"))
    menu = page.get_by_role("link", name="Amministrazione")
    assert not menu.is_visible()
    page.get_by_role("button", name="Mostra o nascondi il menu").click()
    menu.wait_for(state="visible")
    assert_accessible(page)
    menu.click()
    page.wait_for_url("**/admin/users")
    assert_fits_the_screen(page)


@pytest.mark.parametrize("path", ["/", "/auth/profile", "/admin/users", "/admin/users/new", "/admin/users/import",
                                  "/admin/audit", "/admin/texts", "/admin/texts/terms", "/admin/outbox",
                                  "/legal/accessibility", "/legal/terms", "/auth/password/forgot",
                                  "/auth/access-code/forgot", "/nope"])
def test_every_page_passes_axe_and_fits_a_phone(page, make_user, path):
    page.set_viewport_size({"width": 360, "height": 740})  # the narrowest phone we support
    make_user(roles=("amministratore", "dipendente"))
    sign_in(page)
    page.wait_for_url(re.compile(r"/$"))
    page.goto(path)
    assert_accessible(page)
    assert_fits_the_screen(page)
    assert page.console_errors == []


def test_live_user_search_updates_the_results(page, make_user):
    make_user(roles=("amministratore",))
    make_user(access_code="giulia.verdi", full_name="Giulia Verdi")
    sign_in(page)
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/admin/users")
    page.get_by_label("Cerca").fill("giulia")
    expect(page.locator("#user-results")).not_to_contain_text("Mario Rossi")
    expect(page.locator("#user-results")).to_contain_text("Giulia Verdi")
    assert "q=giulia" in page.url
    assert page.console_errors == []


def test_idle_warning_offers_to_stay_signed_in(app, page, make_user):
    make_user()
    app.config["PORTAL_IDLE_WARNING_SECONDS"] = 30 * 60 - 2  # warn two seconds after any activity
    try:
        sign_in(page)
        page.wait_for_url(re.compile(r"/$"))
        warning = page.get_by_role("alertdialog", name="Sei ancora lì?")
        warning.wait_for(state="visible", timeout=8000)
        assert_accessible(page)
        page.wait_for_timeout(1500)
        warning.get_by_role("button", name="Resta collegato").click()
        expect(warning.get_by_role("status")).to_have_text("Fatto: resti collegato.")
        assert page.request.get("/auth/session").json()["seconds_left"] >= 30 * 60 - 2
        assert page.console_errors == []
    finally:
        app.config["PORTAL_IDLE_WARNING_SECONDS"] = 120


def test_administrator_creates_a_user_and_imports_a_file_on_a_phone(page, make_user):
    make_user(roles=("amministratore",), access_code="admin")
    sign_in(page, "admin")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/admin/users/new")
    page.get_by_label(re.compile("^Codice di accesso")).fill("giulia.verdi")
    page.get_by_label(re.compile("^Nome e cognome")).fill("Giulia Verdi")
    page.get_by_label(re.compile("^Indirizzo e-mail")).fill("giulia@example.edu")
    page.get_by_text("Genitore", exact=True).click()
    page.get_by_role("button", name="Crea utente").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Utente creato")
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.get_by_role("link", name="Torna all'utente").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Giulia Verdi")
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.goto("/admin/users/import")
    page.get_by_label("File CSV").set_input_files(files=[{"name": "utenti.csv", "mimeType": "text/csv", "buffer": (
        "access_code;email;full_name;roles\nanna.neri;anna@example.edu;Anna Neri;studente\n").encode()}])
    page.get_by_role("button", name="Mostra l'anteprima").click()
    expect(page.get_by_role("heading", name=re.compile("Anteprima"))).to_be_visible()
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.get_by_role("button", name="Applica l'importazione").click()
    page.wait_for_url("**/admin/users")
    expect(page.locator("#portal-alerts")).to_contain_text("1 utenze create")
    assert page.console_errors == []
