import io
import re

import pytest
from playwright.sync_api import expect

from portal.extensions import db
from portal.wallet import services
from portal.wallet.models import Wallet
from tests.browser.conftest import assert_accessible, assert_fits_the_screen
from tests.browser.test_journeys import sign_in

pytestmark = pytest.mark.browser


def test_the_balance_refreshes_itself_after_a_change(app, page, make_user, make_wallet):
    user = make_user()
    wallet = make_wallet(user)
    sign_in(page)
    page.wait_for_url(re.compile(r"/$"))
    page.get_by_role("link", name=re.compile("Apri Conto Welfare")).click()
    page.wait_for_url("**/wallet/")
    balance = page.locator("#wallet-balance [role=status]")
    expect(balance).to_contain_text("1.800,00")
    assert_accessible(page)
    assert_fits_the_screen(page)
    with app.test_request_context():
        services.post_entry(db.session.get(Wallet, wallet.id), "purchase", 12_000, "Abbonamento GTT")
        db.session.commit()
    page.evaluate("document.body.dispatchEvent(new CustomEvent('walletChanged'))")
    expect(balance).to_contain_text("1.680,00")
    page.get_by_role("link", name="Tutti i movimenti").click()
    expect(page.locator("#wallet-movements")).to_contain_text("Abbonamento GTT")
    page.get_by_label("Tipo").select_option("allocation")
    expect(page.locator("#wallet-movements")).not_to_contain_text("Abbonamento GTT")
    assert "kind=allocation" in page.url
    assert_accessible(page)
    assert_fits_the_screen(page)
    assert page.console_errors == []


def test_administrator_imports_a_roster_on_a_phone(app, page, make_user, plan_year):
    make_user(roles=("amministratore",), access_code="admin")
    sign_in(page, "admin")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/wallet/manage")
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.get_by_role("link", name=re.compile("Importa l'elenco")).click()
    assert_accessible(page)
    roster = ("codice_fiscale;matricola;full_name;email;coefficient;hire_date\n"
              "RSSMRA85T10A562S;012345;Mario Rossi;mario@example.edu;1;2015-09-01\n")
    page.get_by_label("File CSV").set_input_files(files=[{"name": "roster.csv", "mimeType": "text/csv",
                                                           "buffer": roster.encode()}])
    page.get_by_role("button", name="Mostra l'anteprima").click()
    expect(page.get_by_role("heading", name=re.compile("Anteprima"))).to_be_visible()
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.get_by_role("button", name="Applica l'elenco").click()
    page.wait_for_url("**/wallet/manage")
    expect(page.locator("#portal-alerts")).to_contain_text("1 nuovi conti")
    page.goto("/wallet/manage/years/new")
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.get_by_label(re.compile("^Importo a persona")).fill("mille euro")
    page.get_by_role("button", name="Salva").click()
    expect(page.locator("#form-errors")).to_be_visible()
    expect(page.get_by_text("Inserisci un importo in euro")).to_be_visible()
    assert_accessible(page)
    assert page.console_errors == []
