import io
import re
import threading
import time
from io import BytesIO

import pytest
from sqlalchemy import func, select

from portal.auth.models import User
from portal.core.legal import LegalText
from portal.core.rules import RuleViolation
from portal.extensions import db
from portal.wallet import services
from portal.wallet.models import LedgerEntry, RulesAcceptance, Wallet
from tests.conftest import outbox
from tests.helpers import assert_no_visible_markup

ROSTER = (
    "codice_fiscale;matricola;full_name;email;coefficient;hire_date;end_date;polincontri\n"
    "RSSMRA85T10A562S;012345;Mario Rossi;mario.rossi@example.edu;1;2015-09-01;;si\n"
    "VRDGLU90A41L219Y;045678;Giulia Verdi;giulia.verdi@example.edu;0,5;01/07/2026;;no\n"
)


def _entries(app, wallet_id):
    with app.app_context():
        return [(e.kind, e.amount_cents) for e in db.session.scalars(
            select(LedgerEntry).where(LedgerEntry.wallet_id == wallet_id).order_by(LedgerEntry.id))]


# -- employee pages --------------------------------------------------------------------------


def test_wallet_page_shows_balance_and_days_left(client, signed_in, make_wallet):
    user = signed_in(roles=("dipendente",))
    make_wallet(user)
    page = client.get("/wallet/").get_data(as_text=True)
    assert "1.800,00\xa0€" in page and "Scade tra" in page and "Chiedi un rimborso" in page and "Usa il credito" in page
    assert 'role="status"' in page and 'hx-trigger="every 30s, walletChanged from:body"' in page


def test_balance_fragment_answers_304_until_something_changes(app, client, signed_in, make_wallet):
    user = signed_in()
    wallet = make_wallet(user)
    first = client.get("/wallet/balance", headers={"HX-Request": "true"})
    assert first.status_code == 200 and "<html" not in first.get_data(as_text=True)
    assert "no-cache" in first.headers["Cache-Control"] and "private" in first.headers["Cache-Control"]
    etag = first.headers["ETag"]
    assert client.get("/wallet/balance", headers={"HX-Request": "true", "If-None-Match": etag}).status_code == 304
    with app.test_request_context():
        services.post_entry(db.session.get(Wallet, wallet.id), "purchase", 5_000, "Teatro")
        db.session.commit()
    changed = client.get("/wallet/balance", headers={"HX-Request": "true", "If-None-Match": etag})
    assert changed.status_code == 200 and "1.750,00" in changed.get_data(as_text=True)


def test_balance_polling_does_not_keep_the_session_alive(client, signed_in, make_wallet):
    user = signed_in()
    make_wallet(user)
    old = int(time.time()) - 600
    with client.session_transaction() as session:
        session["seen_at"] = old
    client.get("/wallet/balance", headers={"HX-Request": "true"})
    with client.session_transaction() as session:
        assert session["seen_at"] == old


def test_movements_filter_and_csv(app, client, signed_in, make_wallet):
    user = signed_in()
    wallet = make_wallet(user)
    with app.test_request_context():
        services.post_entry(db.session.get(Wallet, wallet.id), "purchase", 2_550, "=Cinema")
        db.session.commit()
    only_purchases = client.get("/wallet/movements?kind=purchase").get_data(as_text=True)
    assert "Cinema" in only_purchases and "Assegnazione" not in only_purchases.split('id="wallet-movements"')[1]
    csv_text = client.get("/wallet/movements.csv").get_data(as_text=True)
    assert csv_text.splitlines()[0] == "date;type;description;amount_eur"
    assert "purchase;'=Cinema;-25,50" in csv_text and "allocation;Conto Welfare;1800,00" in csv_text
    assert "Nessun movimento" in client.get("/wallet/movements?month=2001-01").get_data(as_text=True)
    assert client.get("/wallet/movements?month=nonsense").status_code == 200


def test_staff_without_a_wallet_are_told_whom_to_ask(client, signed_in, plan_year):
    signed_in()
    page = client.get("/wallet/").get_data(as_text=True)
    assert "Non hai un Conto Welfare" in page
    assert client.get("/wallet/balance", headers={"HX-Request": "true"}).status_code == 404
    assert client.get("/wallet/movements").status_code == 404


def test_opening_the_balance_fragment_url_shows_the_whole_wallet(client, signed_in, make_wallet):
    make_wallet(signed_in())
    response = client.get("/wallet/balance")
    assert response.status_code == 303 and response.headers["Location"].endswith("/wallet/")


def test_wallet_is_only_for_staff_and_managers(client, signed_in):
    signed_in(roles=("studente",))
    assert client.get("/wallet/").status_code == 403
    assert client.get("/wallet/balance").status_code == 403
    assert client.get("/wallet/manage").status_code == 403


def test_home_card_shows_the_balance(client, signed_in, make_wallet):
    user = signed_in()
    make_wallet(user, allocation_cents=90_000)
    text = assert_no_visible_markup(client.get("/").get_data(as_text=True))
    assert "Conto Welfare Saldo disponibile 900,00 €" in text


# -- ledger ------------------------------------------------------------------------------------


def test_a_debit_beyond_the_balance_is_refused_and_writes_nothing(app, signed_in, make_wallet):
    wallet = make_wallet(signed_in(), allocation_cents=1_000)
    with app.test_request_context():
        with pytest.raises(RuleViolation):
            services.post_entry(db.session.get(Wallet, wallet.id), "purchase", 1_001)
        db.session.rollback()
    assert _entries(app, wallet.id) == [("allocation", 1_000)]


def test_wallet_check_proves_balances_equal_ledgers(app, signed_in, make_wallet):
    wallet = make_wallet(signed_in())
    runner = app.test_cli_runner()
    assert runner.invoke(args=["wallet", "check"]).exit_code == 0
    with app.app_context():
        db.session.get(Wallet, wallet.id).balance_cents = 1
        db.session.commit()
    result = runner.invoke(args=["wallet", "check"])
    assert result.exit_code == 1 and f"wallet {wallet.id}: balance cached 1 cents, ledger 180000 cents" in result.output


def test_racing_debits_for_the_last_euros_spend_them_once(app, make_user, make_wallet):
    wallet = make_wallet(make_user(), allocation_cents=10_000)
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def buy():
        with app.test_request_context():
            barrier.wait()
            try:
                services.post_entry(db.session.get(Wallet, wallet.id), "purchase", 6_000, "last euros")
                db.session.commit()
                outcomes.append("ok")
            except RuleViolation:
                db.session.rollback()
                outcomes.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=buy) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok"] + ["refused"] * 7
    with app.app_context():
        assert db.session.get(Wallet, wallet.id).balance_cents == 4_000
        assert services.ledger_mismatches() == []


# -- plan years and roster -------------------------------------------------------------------


def _upload(client, year_id, content: str):
    return client.post(f"/wallet/manage/years/{year_id}/roster", data={"file": (io.BytesIO(content.encode()), "roster.csv")},
                       content_type="multipart/form-data")


def _apply(client, year_id, preview_html: str):
    payload = re.search(r'name="payload" type="hidden" value="([^"]+)"', preview_html).group(1)
    return client.post(f"/wallet/manage/years/{year_id}/roster/apply", data={"payload": payload})


def test_roster_import_creates_accounts_and_prorated_allocations(app, client, signed_in, plan_year):
    signed_in(roles=("amministratore",), access_code="admin")
    preview = _upload(client, plan_year.id, ROSTER)
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "2 nuovi conti" in html and "2.700,00" in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Wallet)) == 0
    assert _apply(client, plan_year.id, html).status_code == 303
    with app.app_context():
        giulia = db.session.scalar(select(User).where(User.codice_fiscale == "VRDGLU90A41L219Y"))
        assert giulia.access_code == "vrdglu90a41l219y" and giulia.must_change_password
        assert giulia.role_names == {"dipendente"}
        wallet = db.session.scalar(select(Wallet).where(Wallet.user_id == giulia.id))
        assert wallet.balance_cents == 90_000 and not wallet.polincontri_member
    assert len(outbox(app)) == 2  # first-access mails


def test_a_later_roster_adjusts_with_ledger_entries_and_keeps_what_was_spent(app, client, signed_in, plan_year):
    signed_in(roles=("amministratore",), access_code="admin")
    _apply(client, plan_year.id, _upload(client, plan_year.id, ROSTER).get_data(as_text=True))
    with app.test_request_context():
        mario = db.session.scalar(select(Wallet).join(Wallet.user).where(User.codice_fiscale == "RSSMRA85T10A562S"))
        services.post_entry(mario, "purchase", 150_000, "Campus estivo")
        db.session.commit()
        mario_id = mario.id
    update = ROSTER.replace("Mario Rossi;mario.rossi@example.edu;1;2015-09-01;;si",
                            "Mario Rossi;mario.rossi@example.edu;0,5;2015-09-01;30/06/2026;si")
    preview = _upload(client, plan_year.id, update).get_data(as_text=True)
    assert "1 persona in uscita" in preview and "1 invariato" in preview
    assert _apply(client, plan_year.id, preview).status_code == 303
    # 900 due, 1,800 given, 1,500 already spent: only the 300 left is taken back
    assert _entries(app, mario_id) == [("allocation", 180_000), ("purchase", -150_000), ("adjustment_down", -30_000)]
    with app.app_context():
        assert db.session.get(Wallet, mario_id).balance_cents == 0
        assert services.ledger_mismatches() == []
    again = _upload(client, plan_year.id, update).get_data(as_text=True)
    assert "2 invariati" in again


@pytest.mark.parametrize("bad_row,message", [
    ("RSSMRA85T10A562T;012345;X;x@example.edu;1;2015-09-01;;", "Riga 3: il codice fiscale non è valido."),
    ("BNCMRC80A01L219U;01234;X;x@example.edu;1;2015-09-01;;", "Riga 3: la matricola deve avere esattamente 6 cifre."),
    ("BNCMRC80A01L219U;012399;X;x@example.edu;1,2;2015-09-01;;", "Riga 3: il coefficiente di servizio"),
    ("BNCMRC80A01L219U;012399;X;x@example.edu;1;ieri;;", "Riga 3: la data di assunzione non è una data"),
    ("BNCMRC80A01L219U;012399;X;x@example.edu;1;2015-09-01;2014-01-01;", "Riga 3: la data di cessazione viene prima"),
    ("BNCMRC80A01L219U;012399;X;x@example.edu;1;2015-09-01;;forse", "Riga 3: l'iscrizione a Polincontri"),
    ("RSSMRA85T10A562S;012399;X;x@example.edu;1;2015-09-01;;", "compare anche alla riga 2"),
])
def test_a_bad_roster_row_is_reported_by_line_and_nothing_is_written(app, client, signed_in, plan_year, bad_row, message):
    signed_in(roles=("amministratore",), access_code="admin")
    lines = ROSTER.splitlines()
    response = _upload(client, plan_year.id, "\n".join([lines[0], lines[1], bad_row]) + "\n")
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Wallet)) == 0
        assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_plan_year_form_checks_its_input(app, client, signed_in, plan_year):
    signed_in(roles=("amministratore",), access_code="admin")
    data = {"year": "2099", "amount": "1.800,00", "starts_on": "2099-01-01", "ends_on": "2099-12-31",
            "expires_without_carry_over": "y", "fringe_limit": "1000", "fringe_limit_children": "2000",
            "pension_limit": "5300", "health_limit": "3615,20"}
    bad_amount = client.post("/wallet/manage/years/new", data=dict(data, amount="mille"))
    assert bad_amount.status_code == 422 and "Inserisci un importo in euro" in bad_amount.get_data(as_text=True)
    assert client.post("/wallet/manage/years/new", data=dict(data, amount="0")).status_code == 422
    assert client.post("/wallet/manage/years/new", data=dict(data, fringe_limit="")).status_code == 422
    assert client.post("/wallet/manage/years/new", data=dict(data, ends_on="2098-01-01")).status_code == 422
    overlap = client.post("/wallet/manage/years/new", data=dict(data, starts_on=f"{plan_year.year}-06-01"))
    assert overlap.status_code == 422 and "si sovrappone" in overlap.get_data(as_text=True)
    assert client.post("/wallet/manage/years/new", data=data).status_code == 303
    assert client.get("/wallet/manage/years/999999").status_code == 404


def test_dec_may_import_the_roster_but_not_edit_plan_years(client, signed_in, plan_year):
    signed_in(roles=("dec",), access_code="dec")
    assert client.get(f"/wallet/manage/years/{plan_year.id}/roster").status_code == 200
    assert client.get(f"/wallet/manage/years/{plan_year.id}").status_code == 403


# -- the plan's rules ----------------------------------------------------------------------------


def test_staff_accept_the_welfare_rules_before_using_the_wallet(app, client, signed_in, make_wallet):
    user = signed_in(accept_welfare_rules=False)
    make_wallet(user, accept_rules=False)
    response = client.get("/wallet/catalog")
    assert response.status_code == 303 and response.headers["Location"].startswith("/wallet/rules?next=/wallet/catalog")
    page = client.get("/wallet/rules").get_data(as_text=True)
    assert "Regolamento del piano welfare" in page and "prima di usare" in page.lower()
    assert client.get("/wallet/guide/welfare_limits").status_code == 200  # guides stay readable
    refused = client.post("/wallet/rules", data={"version": "1"})
    assert refused.status_code == 422 and "Spunta la casella" in refused.get_data(as_text=True)
    accepted = client.post("/wallet/rules?next=/wallet/catalog", data={"version": "1", "accept": "y"})
    assert accepted.status_code == 303 and accepted.headers["Location"] == "/wallet/catalog"
    assert client.get("/wallet/catalog").status_code == 200
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(RulesAcceptance)) == 1
        db.session.add(LegalText(kind="welfare_rules", version=2, title_it="Regole 2", title_en="Rules 2",
                                 body_it="Nuove regole", body_en="New rules"))
        db.session.commit()
    assert client.get("/wallet/").headers["Location"].startswith("/wallet/rules")  # a new version asks again
    assert client.post("/wallet/rules", data={"version": "1", "accept": "y"}).status_code == 422
    assert client.post("/wallet/rules", data={"version": "2", "accept": "y"}).status_code == 303


def test_managers_are_not_asked_to_accept_the_rules(client, signed_in):
    signed_in(roles=("amministratore",), access_code="admin")
    assert client.get("/wallet/manage").status_code == 200
    assert client.get("/wallet/guide/nonsense").status_code == 404


@pytest.mark.parametrize("path", ["/wallet/manage/providers/999999", "/wallet/manage/offers/999999",
                                  "/wallet/manage/reimbursements/999999", "/wallet/manage/payroll/999999.csv",
                                  "/wallet/manage/years/999999/roster", "/wallet/manage/years/999999/close",
                                  "/wallet/manage/years/999999/residuals.csv", "/wallet/orders/999999",
                                  "/wallet/reimbursements/999999", "/wallet/documents/999999", "/wallet/family/999999",
                                  "/wallet/catalog/999999", "/wallet/manage/areas/nessuna",
                                  "/wallet/forms/999999/file", "/wallet/certifications/999999/file"])
def test_unknown_ids_give_404(client, signed_in, path):
    signed_in(roles=("dipendente", "amministratore", "operatore_welfare"))
    assert client.get(path).status_code == 404


def test_unknown_affiliation_request_gives_404(client, signed_in):
    signed_in(roles=("operatore_welfare",), access_code="ufficio")
    assert client.post("/affiliations/manage/999999", data={"status": "declined"}).status_code == 404


def test_unknown_certification_gives_404(client, signed_in):
    signed_in(roles=("operatore_welfare",), access_code="verifica")
    assert client.post("/wallet/manage/certifications/999999", data={"status": "accepted"}).status_code == 404
    assert client.post("/wallet/manage/forms/999999/published", data={"published": "0"}).status_code == 404


def test_an_account_is_never_both_welfare_operator_and_university_role(app, client, signed_in, make_user):
    """The provider's operators see what the university's roles must not: one account cannot hold both."""


    target = make_user(access_code="irene", roles=("operatore_welfare",))
    signed_in(roles=("amministratore",), access_code="admin")
    mixed = client.post("/admin/users/new", data={
        "access_code": "misto", "full_name": "Misto", "email": "misto@example.edu", "locale": "it",
        "roles": ["operatore_welfare", "dec"]})
    assert mixed.status_code == 422 and "non può andare con i ruoli dell'Ateneo" in mixed.get_data(as_text=True)
    edit = client.post(f"/admin/users/{target.id}", data={
        "access_code": "irene", "full_name": target.full_name, "email": target.email, "locale": "it",
        "roles": ["operatore_welfare", "amministratore"]})
    assert edit.status_code == 422
    csv = ("access_code;email;full_name;locale;codice_fiscale;codice_persona;matricola;roles\n"
           "irene;irene@example.edu;Irene;it;;;;dec\n")
    imported = client.post("/admin/users/import", data={"file": (BytesIO(csv.encode()), "users.csv")},
                           content_type="multipart/form-data")
    assert imported.status_code == 422 and "Riga 2" in imported.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, target.id).role_names == {"operatore_welfare"}
        assert db.session.scalar(select(User).where(User.access_code == "misto")) is None
    ok = client.post("/admin/users/new", data={
        "access_code": "davide", "full_name": "Davide", "email": "davide@example.edu", "locale": "it",
        "roles": ["operatore_welfare"]})
    assert ok.status_code == 200
