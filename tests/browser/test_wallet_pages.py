import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from stdnum.it import codicefiscale

from portal.core.affiliations import AffiliationRequest
from portal.core.calendar import today_in_rome
from portal.extensions import db
from portal.wallet import services
from portal.wallet.models import FamilyMember, Offer, Provider, Wallet
from tests.browser.conftest import assert_accessible, assert_fits_the_screen, close_phone_context, phone_context
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


def _seed_catalog(app):
    with app.app_context():
        provider = Provider(name="Cinema Massimo", city="Torino")
        db.session.add(provider)
        db.session.flush()
        db.session.add(Offer(provider_id=provider.id, area="care_leisure", tax_rule="recreation", use="voucher",
                             price_cents=5_000, title_it="Carnet cinema", title_en="Cinema tickets",
                             description_it="Dieci ingressi.", description_en="Ten tickets.",
                             data_shared_it="Nessun dato personale.", data_shared_en="No personal data."))
        shop = Provider(name="Supermercati Uniti", city="Torino")
        db.session.add(shop)
        db.session.flush()
        db.session.add(Offer(provider_id=shop.id, area="fringe", tax_rule="fringe", use="voucher",
                             price_cents=10_000, title_it="Buono spesa", title_en="Shopping voucher",
                             description_it="Spesa.", description_en="Shopping.",
                             data_shared_it="Nessuno.", data_shared_en="None."))
        db.session.commit()


@pytest.mark.parametrize("language", ["it", "en"])
def test_employee_finds_a_service_and_buys_a_voucher_on_a_phone(app, page, make_user, make_wallet, language):
    _seed_catalog(app)
    make_wallet(make_user(locale=language))
    sign_in(page)
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/wallet/catalog")
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.get_by_label(re.compile("^(Cerca|Search)$")).fill("cinema")
    expect(page.locator("#catalog-results")).not_to_contain_text(re.compile("Buono spesa|Shopping voucher"))
    page.get_by_role("link", name=re.compile("Carnet cinema|Cinema tickets")).click()
    expect(page.get_by_text(re.compile("Saldo dopo l'acquisto|Balance after purchase"))).to_be_visible()
    assert_accessible(page)
    assert_fits_the_screen(page)
    balance = page.locator("#wallet-balance [role=status]")
    expect(balance).to_contain_text("800")
    page.get_by_role("button", name=re.compile("Conferma e paga|Confirm and pay")).click()
    code = page.locator("#offer-buy .portal-otp")
    expect(code).to_have_text(re.compile(r"^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$"))
    expect(balance).to_contain_text("750")  # the live region heard walletChanged, without a reload
    assert_accessible(page)
    assert_fits_the_screen(page)
    voucher_code = code.inner_text()
    page.get_by_role("link", name=re.compile("buono stampabile|printable voucher")).click()
    expect(page.locator(".portal-otp")).to_have_text(voucher_code)
    assert_accessible(page)
    page.goto("/wallet/limits")
    assert_accessible(page)
    assert_fits_the_screen(page)
    assert page.console_errors == []


def test_employee_declares_a_child_and_the_fringe_limit_doubles(app, page, make_user, make_wallet):
    make_wallet(make_user())
    sign_in(page)
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/wallet/limits")
    expect(page.locator("#limit-fringe").locator("xpath=..")).to_contain_text("1.000,00")
    page.goto("/wallet/family")
    assert_accessible(page)
    page.get_by_role("link", name="Aggiungi un familiare").click()
    page.get_by_label(re.compile("^Nome e cognome")).fill("Luca Rossi")
    page.get_by_label(re.compile("^Parentela")).select_option("child")
    page.get_by_label(re.compile("^Data di nascita")).fill("2015-03-01")
    page.get_by_label(re.compile("^Codice fiscale")).fill("RSSLCU15C01L219" + codicefiscale.calc_check_digit("RSSLCU15C01L219"))
    page.get_by_text("Fiscalmente a mio carico").click()
    page.get_by_label(re.compile("^Il suo reddito annuo")).fill("0")  # art. 12 TUIR: within EUR 4,000
    page.get_by_role("button", name="Salva").click()
    expect(page.locator("#form-errors")).to_be_visible()  # the declaration was not ticked
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.get_by_text(re.compile("^Dichiaro che queste informazioni")).click()
    page.get_by_role("button", name="Salva").click()
    page.wait_for_url("**/wallet/family")
    expect(page.get_by_role("link", name="Luca Rossi")).to_be_visible()
    page.goto("/wallet/limits")
    expect(page.locator("#limit-fringe").locator("xpath=..")).to_contain_text("2.000,00")
    assert page.console_errors == []


@pytest.mark.parametrize("path", ["/wallet/manage/catalog", "/wallet/manage/providers/new", "/wallet/manage/offers/new",
                                  "/wallet/manage/payroll", "/wallet/manage/reimbursements", "/wallet/manage/info-email",
                                  "/wallet/manage/years/{year}/close", "/wallet/manage/forms",
                                  "/wallet/manage/certifications", "/wallet/manage/areas/new"])
def test_management_pages_pass_axe_on_a_phone(app, page, make_user, plan_year, path):
    _seed_catalog(app)
    # the welfare provider's operators reach every one of these (the queues are theirs alone)
    make_user(roles=("operatore_welfare",), access_code="admin")
    sign_in(page, "admin")
    page.wait_for_url(re.compile(r"/$"))
    page.goto(path.format(year=plan_year.id))
    assert_accessible(page)
    assert_fits_the_screen(page)
    if path.endswith(("/new", "/forms")):
        page.get_by_role("button", name=re.compile("^(Salva|Pubblica)$")).click()
        expect(page.locator("#form-errors")).to_be_visible()
        assert_accessible(page)
    if path.endswith("/close"):  # the year is still running: refused with a message
        page.get_by_role("button", name=re.compile("^Chiudi")).click()
        expect(page.locator("#form-errors")).to_contain_text("ultimo giorno")
        assert_accessible(page)
    assert page.console_errors == []


def _operator_page(browser, live_server, access_code):
    context = phone_context(browser, live_server)
    page = context.new_page()
    sign_in(page, access_code)
    page.wait_for_url(re.compile(r"/$"))
    return context, page


def test_reimbursement_from_request_to_decision_on_a_phone(app, browser, live_server, page, make_user, make_wallet):
    employee = make_user()
    with app.app_context():
        provider = Provider(name="Asili")
        db.session.add(provider)
        db.session.flush()
        db.session.add(Offer(provider_id=provider.id, area="education", tax_rule="education", use="reimbursement",
                             title_it="Rette scolastiche", title_en="School fees", description_it="d",
                             description_en="d", data_shared_it="x", data_shared_en="x"))
        db.session.add(FamilyMember(user_id=employee.id, full_name="Luca Rossi", relationship="child",
                                    birth_date=date(today_in_rome().year - 6, 3, 1), codice_fiscale="RSSLCU20C01L219X",
                                    fiscally_dependent=True, yearly_income_cents=0))
        db.session.commit()
    make_wallet(employee)
    make_user(roles=("operatore_welfare",), access_code="verifica")
    make_user(roles=("operatore_welfare",), access_code="valida")
    sign_in(page)
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/wallet/reimbursements")
    assert_accessible(page)
    page.get_by_role("link", name="Chiedi un rimborso").click()
    assert_accessible(page)
    assert_fits_the_screen(page)

    page.get_by_label(re.compile("^Per chi")).select_option(label="Luca Rossi (Figlio o figlia)")
    page.get_by_label(re.compile("^Importo pagato")).fill("250,00")
    page.get_by_label(re.compile("^Data della spesa")).fill(today_in_rome().isoformat())
    page.get_by_label(re.compile("^Pagata a")).fill("Asilo Girotondo")
    page.get_by_label(re.compile("^Documenti")).set_input_files(files=[
        {"name": "ricevuta.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}])
    page.get_by_role("button", name="Invia la richiesta").click()
    expect(page.locator("#form-errors")).to_be_visible()  # the declaration is missing
    assert_accessible(page)
    page.get_by_label(re.compile("^Documenti")).set_input_files(files=[
        {"name": "ricevuta.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}])
    page.get_by_text(re.compile("^Dichiaro che la spesa")).click()
    page.get_by_role("button", name="Invia la richiesta").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rimborso")
    expect(page.locator("#portal-alerts")).to_contain_text("250,00")
    assert_accessible(page)
    assert_fits_the_screen(page)

    # the welfare operator who checks the documents proposes the amount...
    checker, other = _operator_page(browser, live_server, "verifica")
    other.goto("/wallet/manage/reimbursements")
    assert_accessible(other)
    assert_fits_the_screen(other)
    other.get_by_role("link", name=re.compile("Mario Rossi")).click()
    assert_accessible(other)
    assert_fits_the_screen(other)
    other.get_by_role("button", name="Prendi in verifica").click()
    other.wait_for_url("**/wallet/manage/reimbursements")
    other.get_by_role("link", name=re.compile("Mario Rossi")).click()
    other.get_by_label(re.compile("^Importo approvato")).fill("200,00")
    other.get_by_role("button", name=re.compile("^Documenti verificati")).click()
    expect(other.locator("#form-errors")).to_be_visible()
    expect(other.locator("main")).to_contain_text("Spiega perché")  # a lower amount needs a reason, next to it
    assert_accessible(other)
    other.get_by_label(re.compile("^Importo approvato")).fill("200,00")
    other.get_by_label(re.compile("^Messaggio al dipendente")).fill("La mensa non è compresa.")
    other.get_by_role("button", name=re.compile("^Documenti verificati")).click()
    other.wait_for_url("**/wallet/manage/reimbursements")
    expect(other.locator("#queue-results")).to_contain_text("verificata: da approvare")
    assert_accessible(other)
    assert_fits_the_screen(other)
    other.get_by_role("link", name=re.compile("Mario Rossi")).click()
    expect(other.get_by_role("status").filter(has_text="quattro occhi")).to_be_visible()
    expect(other.get_by_role("button", name="Approva")).to_have_count(0)  # not by who checked
    close_phone_context(checker)

    # ...and another one approves it
    approver, other = _operator_page(browser, live_server, "valida")
    other.goto("/wallet/manage/reimbursements")
    other.get_by_role("link", name=re.compile("Mario Rossi")).click()
    expect(other.get_by_role("status").filter(has_text="200,00")).to_be_visible()
    assert_accessible(other)
    assert_fits_the_screen(other)
    other.get_by_role("button", name="Approva").click()
    other.wait_for_url("**/wallet/manage/reimbursements")
    close_phone_context(approver)

    page.reload()
    expect(page.get_by_text("La mensa non è compresa.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Approvata")
    assert_accessible(page)
    assert page.console_errors == []


def test_first_visit_to_the_wallet_asks_for_the_rules(page, make_user, make_wallet):
    make_wallet(make_user(), accept_rules=False)
    sign_in(page)
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/wallet/")
    page.wait_for_url("**/wallet/rules**")
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.get_by_text("Ho letto il regolamento del piano welfare").click()
    page.get_by_role("button", name="Continua").click()
    page.wait_for_url("**/wallet/")
    page.get_by_role("link", name="Come chiedere un rimborso").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Come chiedere un rimborso")
    assert_accessible(page)
    assert_fits_the_screen(page)
    assert page.console_errors == []


@pytest.mark.parametrize("path", ["/wallet/feedback", "/wallet/providers/request", "/wallet/family",
                                  "/wallet/reimbursements", "/wallet/orders", "/wallet/guide/welfare_guide",
                                  "/wallet/limits", "/wallet/family/new"])
def test_employee_pages_pass_axe_on_a_phone(page, make_user, make_wallet, path):
    make_wallet(make_user())
    sign_in(page)
    page.wait_for_url(re.compile(r"/$"))
    page.goto(path)
    assert_accessible(page)
    assert_fits_the_screen(page)
    if path == "/wallet/family/new":  # a dependent child needs the income of the self-certification
        page.get_by_label("Nome e cognome").fill("Luca Rossi")
        page.get_by_label(re.compile("^Data di nascita")).fill("2015-03-01")
        page.get_by_label(re.compile("^Codice fiscale")).fill("RSSLCU15C01L219S")
        page.get_by_text(re.compile("^Fiscalmente a mio carico")).click()
        page.get_by_text(re.compile("^Dichiaro che queste informazioni")).click()
        page.get_by_role("button", name="Salva").click()
        expect(page.locator("main")).to_contain_text("reddito annuo del familiare")
        assert_accessible(page)
        assert_fits_the_screen(page)
    if path == "/wallet/limits":  # pension contributions paid elsewhere, refused when not an amount
        page.get_by_label(re.compile("^Contributi ai fondi pensione")).fill("molti")
        page.get_by_role("button", name="Salva la dichiarazione").click()
        expect(page.locator("#form-errors")).to_be_visible()
        assert_accessible(page)
    if path in ("/wallet/feedback", "/wallet/providers/request"):
        page.locator("main form button[type=submit]").first.click()
        expect(page.locator("#form-errors")).to_be_visible()
        assert_accessible(page)
    assert page.console_errors == []


def test_employee_sends_a_certification_from_a_phone(app, page, make_user, make_wallet, tmp_path):
    make_wallet(make_user())
    sign_in(page)
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/wallet/documents")
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.get_by_role("button", name="Invia la certificazione").click()
    expect(page.locator("#form-errors")).to_be_visible()
    assert_accessible(page)
    receipt = tmp_path / "contributi-2026.pdf"
    receipt.write_bytes(b"%PDF-1.4\n%%EOF\n")
    page.get_by_label("Che cosa certifica").select_option("pension")
    page.get_by_label("Documento").set_input_files(str(receipt))
    page.get_by_role("button", name="Invia la certificazione").click()
    expect(page.get_by_role("link", name="contributi-2026.pdf")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Ricevuta")
    assert_accessible(page)
    assert_fits_the_screen(page)
    assert page.console_errors == []


def test_overdue_affiliation_requests_stand_out(app, page, make_user):
    with app.app_context():
        db.session.add(AffiliationRequest(kind="wallet", name="Piscina", reason="Nuoto",
                                          due_on=today_in_rome() - timedelta(days=2)))
        db.session.commit()
    make_user(roles=("operatore_welfare",), access_code="ufficio")
    sign_in(page, "ufficio")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/wallet/manage/affiliations")  # the wallet's old address leads to the one queue
    page.wait_for_url(re.compile(r"/affiliations/manage$"))
    expect(page.get_by_text("In ritardo", exact=True)).to_be_visible()
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.get_by_role("button", name="Rifiuta").click()
    expect(page.locator("#form-errors")).to_contain_text("Scrivi il motivo")
    assert_accessible(page)


def test_dashboard_passes_axe_on_a_phone(app, page, make_user, make_wallet, plan_year):
    make_wallet(make_user())
    make_user(roles=("dec",), access_code="dec")
    sign_in(page, "dec")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/wallet/manage/dashboard")
    expect(page.get_by_role("img", name="Spesa per ambito")).to_be_visible()
    assert_accessible(page)
    assert_fits_the_screen(page)
    assert page.console_errors == []
