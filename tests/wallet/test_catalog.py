import re
import threading
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from stdnum.it import codicefiscale

from portal.core.audit import AuditEvent
from portal.core.calendar import today_in_rome
from portal.core.rules import RuleViolation
from portal.extensions import db
from portal.wallet import services
from portal.wallet.models import Area, FamilyMember, Offer, Order, Provider, Wallet
from tests.helpers import assert_no_visible_markup


@pytest.fixture
def catalog(app):
    """A provider and one service of each kind that matters to the rules."""
    with app.app_context():
        provider = Provider(name="Fornitore", city="Torino")
        db.session.add(provider)
        db.session.flush()

        def offer(key, **fields):
            row = Offer(provider_id=provider.id, title_it=key, title_en=key, description_it="d", description_en="d",
                        data_shared_it="Nessuno", data_shared_en="None", **fields)
            db.session.add(row)
            return row

        rows = {
            "cinema": offer("cinema", area="care_leisure", tax_rule="recreation", use="voucher", price_cents=5_000),
            "spesa": offer("spesa", area="fringe", tax_rule="fringe", use="voucher", price_cents=60_000),
            "pensione": offer("pensione", area="pension", tax_rule="pension", use="purchase", price_cents=None),
            "asilo": offer("asilo", area="education", tax_rule="education", use="reimbursement", price_cents=None),
            "gita": offer("gita", area="polincontri", tax_rule="recreation", use="purchase", price_cents=2_500),
        }
        db.session.commit()
        return {key: row.id for key, row in rows.items()}


def _buy(client, offer_id, **data):
    return client.post(f"/wallet/catalog/{offer_id}", data=dict({"confirm": "yes"}, **data))


def test_buying_a_voucher_debits_the_wallet_and_gives_an_unguessable_code(app, client, signed_in, make_wallet, catalog):
    wallet = make_wallet(signed_in())
    page = client.get(f"/wallet/catalog/{catalog['cinema']}").get_data(as_text=True)
    assert "Saldo dopo l'acquisto" in page and "1.750,00" in page and "Nessuno" in page
    response = _buy(client, catalog["cinema"])
    assert response.status_code == 303
    voucher = client.get(response.headers["Location"]).get_data(as_text=True)
    code = re.search(r'class="portal-otp">([A-Z2-9-]{19})<', voucher).group(1)
    with app.app_context():
        assert db.session.get(Wallet, wallet.id).balance_cents == 175_000
        order = db.session.scalar(select(Order))
        assert order.voucher_code == code and order.tax_rule == "recreation"
    _buy(client, catalog["cinema"])
    with app.app_context():
        codes = set(db.session.scalars(select(Order.voucher_code)))
        assert len(codes) == 2


def test_a_purchase_from_the_live_form_shows_the_voucher_and_refreshes_the_balance(app, client, signed_in,
                                                                                 make_wallet, catalog):
    make_wallet(signed_in())
    response = client.post(f"/wallet/catalog/{catalog['cinema']}", data={"confirm": "yes"},
                           headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "walletChanged" in response.headers["HX-Trigger"]
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith('<section id="offer-buy"') and re.search(r'class="portal-otp">[A-Z2-9-]{19}<', body)
    refused = client.post(f"/wallet/catalog/{catalog['cinema']}", data={"confirm": "yes", "beneficiary": "999"},
                          headers={"HX-Request": "true"})
    assert refused.status_code == 422 and "HX-Trigger" not in refused.headers
    assert refused.get_data(as_text=True).lstrip().startswith('<section id="offer-buy"')


def test_fringe_benefits_cannot_cross_1000_euro(app, client, signed_in, make_wallet, catalog):
    make_wallet(signed_in())
    assert _buy(client, catalog["spesa"]).status_code == 303  # 600
    page = client.get(f"/wallet/catalog/{catalog['spesa']}").get_data(as_text=True)
    assert "oltre il limite annuale" in page and "disabled" in page
    refused = _buy(client, catalog["spesa"])  # 1,200 > 1,000
    assert refused.status_code == 422 and "oltre il limite annuale" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Order)) == 1


def test_dependent_children_raise_the_fringe_limit_to_2000(app, client, signed_in, make_wallet, catalog):
    user = signed_in()
    make_wallet(user)
    with app.app_context():
        db.session.add(FamilyMember(user_id=user.id, full_name="Figlio", relationship="child",
                                    birth_date=date(2015, 3, 1), codice_fiscale="RSSMRA15C01L219X",
                                    fiscally_dependent=True, yearly_income_cents=0))
        db.session.commit()
    assert _buy(client, catalog["spesa"]).status_code == 303
    assert _buy(client, catalog["spesa"]).status_code == 303  # 1,200 <= 2,000
    assert _buy(client, catalog["spesa"]).status_code == 303  # 1,800
    assert _buy(client, catalog["spesa"]).status_code == 422  # 2,400 > 2,000


@pytest.mark.parametrize("income", [None, 400_001])
def test_a_child_without_a_valid_self_certification_does_not_raise_the_limit(app, client, signed_in, make_wallet,
                                                                             catalog, income):
    user = signed_in()
    make_wallet(user)
    with app.app_context():
        db.session.add(FamilyMember(user_id=user.id, full_name="Figlio", relationship="child",
                                    birth_date=date(2015, 3, 1), codice_fiscale="RSSMRA15C01L219X",
                                    fiscally_dependent=True, yearly_income_cents=income))
        db.session.commit()
    assert _buy(client, catalog["spesa"]).status_code == 303
    assert _buy(client, catalog["spesa"]).status_code == 422  # 1,200 > 1,000
    if income is None:
        assert "dichiara di nuovo il reddito" in client.get("/wallet/family").get_data(as_text=True)


def test_pension_contribution_of_free_amount_is_reviewed_then_confirmed(app, client, signed_in, make_wallet, catalog):
    wallet = make_wallet(signed_in())
    review = client.post(f"/wallet/catalog/{catalog['pensione']}", data={"amount": "250,50"})
    assert review.status_code == 200 and "1.549,50" in review.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Order)) == 0
    bad = client.post(f"/wallet/catalog/{catalog['pensione']}", data={"amount": "tanti"})
    assert bad.status_code == 422
    assert _buy(client, catalog["pensione"], amount="250,50").status_code == 303
    with app.app_context():
        assert db.session.get(Wallet, wallet.id).balance_cents == 180_000 - 25_050


def test_pension_limit_is_the_one_of_the_plan_year(app, signed_in, make_wallet, catalog):
    wallet = make_wallet(signed_in(), allocation_cents=0)
    with app.test_request_context():
        year = db.session.get(Wallet, wallet.id).plan_year
        assert year.pension_limit_cents == (516_457 if year.year <= 2025 else 530_000)


def test_the_preview_and_the_purchase_take_the_fixed_price_over_an_amount_entered(app, make_user, make_wallet,
                                                                                    catalog):
    user = make_user()
    wallet = make_wallet(user)  # 1,800.00
    with app.test_request_context():
        cinema = db.session.get(Offer, catalog["cinema"])  # 50.00, recreation: no yearly limit
        preview = services.purchase_preview(user, db.session.get(Wallet, wallet.id), cinema, 1)
        assert preview == services.PurchasePreview(amount=5_000, limit=None, used=0, balance_after=175_000,
                                                   over_limit=False, near_limit=False)
        order = services.purchase(user, cinema, 1)
        assert order.amount_cents == 5_000 and db.session.get(Wallet, wallet.id).balance_cents == 175_000
        # Without a wallet the page still shows the price, and nothing about a balance.
        assert services.purchase_preview(user, None, cinema, 1) == services.PurchasePreview(amount=5_000)


def test_the_preview_of_a_free_amount_shows_the_balance_after_and_the_yearly_limit(app, make_user, make_wallet,
                                                                                    catalog):
    user = make_user()
    wallet = make_wallet(user)  # 1,800.00
    with app.test_request_context():
        pension = db.session.get(Offer, catalog["pensione"])
        spesa = db.session.get(Offer, catalog["spesa"])  # 600.00, fringe: 1,000.00 a year
        assert services.purchase_preview(user, db.session.get(Wallet, wallet.id), pension, None) \
            == services.PurchasePreview(amount=None)
        assert services.purchase_preview(user, db.session.get(Wallet, wallet.id), pension, 25_050).balance_after \
            == 180_000 - 25_050
        first = services.purchase_preview(user, db.session.get(Wallet, wallet.id), spesa, None)
        # 600 of 1,000: under the 80 % warning (800), within the limit.
        assert (first.amount, first.limit, first.used, first.balance_after) == (60_000, 100_000, 0, 120_000)
        assert not first.over_limit and not first.near_limit
        services.purchase(user, spesa, None)
        second = services.purchase_preview(user, db.session.get(Wallet, wallet.id), spesa, None)
        # 600 used + 600 = 1,200 > 1,000: over the limit; the balance would be 1,800 - 1,200 = 600.
        assert (second.used, second.balance_after, second.over_limit) == (60_000, 60_000, True)
        with pytest.raises(RuleViolation):
            services.purchase(user, spesa, None)


def test_a_purchase_beyond_the_balance_is_refused(app, client, signed_in, make_wallet, catalog):
    make_wallet(signed_in(), allocation_cents=4_000)
    response = _buy(client, catalog["cinema"])
    assert response.status_code == 422 and "non basta" in response.get_data(as_text=True)


def test_reimbursement_services_cannot_be_bought(app, client, signed_in, make_wallet, catalog):
    make_wallet(signed_in())
    assert _buy(client, catalog["asilo"], amount="100").status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Order)) == 0


def test_recreation_is_never_a_cash_reimbursement(app, client, signed_in, catalog):
    signed_in(roles=("amministratore",), access_code="admin")
    with app.app_context():
        provider_id = db.session.scalar(select(Provider.id))
    response = client.post("/wallet/manage/offers/new", data={
        "provider": provider_id, "area": "care_leisure", "tax_rule": "recreation", "use": "reimbursement",
        "title_it": "Palestra", "title_en": "Gym", "description_it": "x", "description_en": "x",
        "data_shared_it": "x", "data_shared_en": "x"})
    assert response.status_code == 422 and "mai rimborsati in denaro" in response.get_data(as_text=True)


def test_polincontri_items_only_for_members(app, client, signed_in, make_wallet, catalog):
    wallet = make_wallet(signed_in())
    assert "gita" not in client.get("/wallet/catalog").get_data(as_text=True)
    assert client.get(f"/wallet/catalog/{catalog['gita']}").status_code == 404
    with app.app_context():
        db.session.get(Wallet, wallet.id).polincontri_member = True
        db.session.commit()
    assert "gita" in client.get("/wallet/catalog").get_data(as_text=True)
    assert client.get(f"/wallet/catalog/{catalog['gita']}").status_code == 200


def test_catalog_search_and_filters(client, signed_in, make_wallet, catalog):
    make_wallet(signed_in())
    results = client.get("/wallet/catalog?q=cine", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "cinema" in results and "spesa" not in results and "<html" not in results
    assert "spesa" in client.get("/wallet/catalog?area=fringe").get_data(as_text=True)
    assert "cinema" not in client.get("/wallet/catalog?use=purchase").get_data(as_text=True)


def test_another_persons_order_is_404(app, client, signed_in, make_user, make_wallet, catalog):
    other = make_user(access_code="altro", codice_fiscale="BNCMRC80A01L219U")
    make_wallet(other)
    with app.test_request_context():
        order = services.purchase(other, db.session.get(Offer, catalog["cinema"]), None)
        db.session.commit()
        order_id = order.id
    make_wallet(signed_in())
    assert client.get(f"/wallet/orders/{order_id}").status_code == 404
    assert "cinema" not in client.get("/wallet/orders").get_data(as_text=True)


def test_two_purchases_racing_for_the_last_euros(app, make_user, make_wallet, catalog):
    user = make_user()
    wallet = make_wallet(user, allocation_cents=7_000)  # enough for one cinema voucher of 50, not two
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def buy():
        with app.test_request_context():
            barrier.wait()
            try:
                services.purchase(db.session.get(type(user), user.id), db.session.get(Offer, catalog["cinema"]), None)
                db.session.commit()
                outcomes.append("ok")
            except RuleViolation as violation:
                db.session.rollback()
                outcomes.append(str(violation.message))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=buy) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 1 and len(outcomes) == 2
    assert "saldo non basta" in [outcome for outcome in outcomes if outcome != "ok"][0]
    with app.app_context():
        assert db.session.get(Wallet, wallet.id).balance_cents == 2_000
        assert db.session.scalar(select(func.count()).select_from(Order)) == 1


def test_two_fringe_vouchers_bought_at_once_never_pass_the_yearly_limit(app, make_user, make_wallet, catalog):
    """Fringe benefits: EUR 1,000 a year without dependent children (DOMAIN.md section 2). Two vouchers of
    EUR 600 bought at the same moment: the balance (EUR 1,800) covers both, the limit only one. Real threads,
    on SQLite (a file) and on PostgreSQL alike."""
    user = make_user()
    wallet = make_wallet(user)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def buy():
        with app.test_request_context():
            barrier.wait()
            try:
                services.purchase(db.session.get(type(user), user.id), db.session.get(Offer, catalog["spesa"]), None)
                db.session.commit()
                outcomes.append("ok")
            except RuleViolation as violation:
                db.session.rollback()
                outcomes.append(str(violation.message))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=buy) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 1 and len(outcomes) == 2, outcomes
    assert "limite annuale" in [outcome for outcome in outcomes if outcome != "ok"][0]
    with app.app_context():
        assert db.session.get(Wallet, wallet.id).balance_cents == 120_000  # 1,800 - 600
        assert db.session.scalar(select(func.sum(Order.amount_cents))) == 60_000
        assert services.ledger_mismatches() == []


def test_a_limit_checked_against_a_wallet_that_changed_since_is_not_written(app, make_user, make_wallet, catalog):
    """The write itself proves the limit: a movement posted after the check (here by a second session, as a
    racing request would) makes the checked purchase write nothing, whatever the locks did."""

    user = make_user()
    wallet = make_wallet(user)
    with app.test_request_context():
        checked = db.session.get(Wallet, wallet.id)
        revision = checked.revision
        with Session(db.engine) as other:  # another request buys meanwhile and commits
            other_wallet = other.get(Wallet, wallet.id)
            other_wallet.balance_cents -= 60_000
            other_wallet.revision += 1
            other.commit()
        with pytest.raises(RuleViolation) as refused:
            services.post_entry(checked, "purchase", 60_000, "spesa", checked_revision=revision)
        assert "cambiato mentre l'operazione era in corso" in str(refused.value.message)
        db.session.rollback()
    with app.app_context():
        assert db.session.get(Wallet, wallet.id).balance_cents == 120_000  # only the other purchase


def test_a_debit_the_balance_no_longer_covers_is_not_written(app, make_user, make_wallet):
    """The balance as the database holds it when it writes decides, not the copy read before."""

    wallet = make_wallet(make_user(), allocation_cents=10_000)
    with app.test_request_context():
        stale = db.session.get(Wallet, wallet.id)
        assert stale.balance_cents == 10_000
        with Session(db.engine) as other:
            other.get(Wallet, wallet.id).balance_cents = 3_000
            other.commit()
        with pytest.raises(RuleViolation) as refused:
            services.post_entry(stale, "purchase", 6_000, "last euros")
        assert "saldo non basta" in str(refused.value.message)
        db.session.rollback()
    with app.app_context():
        assert db.session.get(Wallet, wallet.id).balance_cents == 3_000


# -- family ------------------------------------------------------------------------------------

CHILD = {"full_name": "Luca Rossi", "relationship": "child", "birth_date": "2015-03-01",
         "codice_fiscale": "RSSLCU15C01L219X", "fiscally_dependent": "y", "yearly_income": "0", "declaration": "y"}


def test_family_member_is_saved_with_a_timestamped_declaration(app, client, signed_in):
    signed_in()
    data = dict(CHILD, codice_fiscale="RSSLCU15C01L219" + codicefiscale.calc_check_digit("RSSLCU15C01L219"))
    assert client.post("/wallet/family/new", data=dict(data, declaration="")).status_code == 422
    assert client.post("/wallet/family/new", data=dict(data, codice_fiscale="RSSLCU15C01L219A")).status_code in (422,)
    assert client.post("/wallet/family/new", data=dict(data, birth_date="2999-01-01")).status_code == 422
    assert client.post("/wallet/family/new", data=data).status_code == 303
    assert client.post("/wallet/family/new", data=data).status_code == 422  # same codice fiscale twice
    with app.app_context():
        member = db.session.scalar(select(FamilyMember))
        assert member.fiscally_dependent and member.declared_at is not None and member.yearly_income_cents == 0


def _family_cf(base: str) -> str:
    return base + codicefiscale.calc_check_digit(base)


@pytest.mark.parametrize("relationship,age,income,saved", [
    # art. 12 TUIR: EUR 2,840.51 in general, EUR 4,000 for a child aged 24 or less at 31 December
    ("spouse", 40, "2.840,51", True), ("spouse", 40, "2.840,52", False),
    ("child", 24, "4.000,00", True), ("child", 24, "4.000,01", False),
    ("child", 25, "4.000,00", False), ("child", 25, "2.840,51", True),
    ("child", 10, "", False),  # dependent without an income declared
])
def test_dependency_is_checked_against_the_income_limits(app, client, signed_in, relationship, age, income, saved):
    signed_in()
    year = today_in_rome().year
    data = dict(CHILD, relationship=relationship, birth_date=f"{year - age}-06-15", yearly_income=income,
                codice_fiscale=_family_cf("RSSLCU15C01L219"))
    response = client.post("/wallet/family/new", data=data)
    assert response.status_code == (303 if saved else 422)
    if not saved:
        page = response.get_data(as_text=True)
        assert "non è fiscalmente a carico" in page or "reddito annuo del familiare" in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(FamilyMember)) == (1 if saved else 0)


def test_a_relative_not_dependent_needs_no_income(app, client, signed_in):
    signed_in()
    data = dict(CHILD, fiscally_dependent="", yearly_income="", codice_fiscale=_family_cf("RSSLCU15C01L219"))
    assert client.post("/wallet/family/new", data=data).status_code == 303


def test_other_relatives_are_dependent_only_if_living_together_or_maintained(app, client, signed_in):
    signed_in()
    base = "VRDNNA50A41L219"
    data = dict(CHILD, relationship="parent", full_name="Anna Verdi", birth_date="1950-01-01",
                codice_fiscale=base + codicefiscale.calc_check_digit(base))
    refused = client.post("/wallet/family/new", data=data)
    assert refused.status_code == 422 and "conviva con te" in refused.get_data(as_text=True)
    assert client.post("/wallet/family/new", data=dict(data, lives_with_employee="y")).status_code == 303


def test_another_persons_family_member_is_404(app, client, signed_in, make_user):
    other = make_user(access_code="altro")
    with app.app_context():
        member = FamilyMember(user_id=other.id, full_name="X", relationship="child", birth_date=date(2015, 1, 1),
                              codice_fiscale="RSSMRA15A01L219X")
        db.session.add(member)
        db.session.commit()
        member_id = member.id
    signed_in()
    assert client.get(f"/wallet/family/{member_id}").status_code == 404
    assert client.post(f"/wallet/family/{member_id}", data=CHILD).status_code == 404


def test_limits_page_shows_used_and_remaining(client, signed_in, make_wallet, catalog):
    make_wallet(signed_in())
    _buy(client, catalog["spesa"])
    page = client.get("/wallet/limits").get_data(as_text=True)
    fringe = page.split('id="limit-fringe"')[1].split("</section>")[0]
    assert "600,00" in fringe and "1.000,00" in fringe and "400,00" in fringe
    assert "5.300,00" in page or "5.164,57" in page  # the pension limit of the plan year


def test_home_card_shows_the_fringe_benefit_limit(client, signed_in, make_wallet, catalog):
    make_wallet(signed_in())
    _buy(client, catalog["spesa"])
    text = assert_no_visible_markup(client.get("/").get_data(as_text=True))
    assert "Fringe benefit: 600,00 € usati su 1.000,00 €, restano 400,00 €" in text


def test_movements_can_be_filtered_by_area(client, signed_in, make_wallet, catalog):
    make_wallet(signed_in())
    _buy(client, catalog["cinema"])
    _buy(client, catalog["spesa"])
    leisure = client.get("/wallet/movements?area=care_leisure").get_data(as_text=True).split('id="wallet-movements"')[1]
    assert "cinema" in leisure and "spesa" not in leisure
    csv_text = client.get("/wallet/movements.csv?area=fringe").get_data(as_text=True)
    assert "spesa" in csv_text and "cinema" not in csv_text


def _area(client, editing="", **fields):
    data = {"code": "trasporti", "name_it": "Trasporti", "name_en": "Transport", "position": "60", "active": "y",
            **fields}
    return client.post(f"/wallet/manage/areas/{editing}" if editing else "/wallet/manage/areas/new", data=data)


def test_administrators_add_an_area_in_both_languages(app, client, signed_in, make_user, make_wallet, catalog):
    signed_in(roles=("amministratore",), access_code="ufficio")
    assert _area(client, code="Trasporti pubblici").status_code == 422  # not a code
    assert _area(client, code="education").status_code == 422  # taken
    assert _area(client).status_code == 303
    assert "Trasporti" in client.get("/wallet/manage/catalog").get_data(as_text=True)
    offer_page = client.get("/wallet/manage/offers/new").get_data(as_text=True)
    assert '<option value="trasporti">Trasporti</option>' in offer_page
    with app.app_context():
        db.session.get(Offer, catalog["cinema"]).area = "trasporti"
        db.session.commit()
    client.post("/auth/logout", data={})
    make_wallet(signed_in(access_code="impiegato", locale="en"))
    page = client.get("/wallet/catalog?area=trasporti").get_data(as_text=True)
    assert ">Transport</option>" in page and "cinema" in page and '(<span lang="it">Trasporti</span>)' in page


def test_a_required_area_cannot_be_withdrawn_but_can_be_renamed(app, client, signed_in, catalog):
    signed_in(roles=("dec",), access_code="ufficio")
    refused = _area(client, editing="education", name_it="Scuola", name_en="School", active="")
    assert refused.status_code == 422 and "non può essere ritirato" in refused.get_data(as_text=True)
    assert _area(client, editing="education", name_it="Istruzione e scuola", name_en="School").status_code == 303
    with app.app_context():
        area = db.session.get(Area, "education")
        assert (area.name_it, area.active) == ("Istruzione e scuola", True)
    assert client.get("/wallet/manage/areas/nessuna").status_code == 404


def test_a_withdrawn_or_members_only_area_hides_its_services(app, client, signed_in, make_user, make_wallet, catalog):
    signed_in(roles=("amministratore",), access_code="ufficio")
    _area(client)
    with app.app_context():
        db.session.get(Offer, catalog["cinema"]).area = "trasporti"
        db.session.commit()
    assert _area(client, editing="trasporti", active="").status_code == 303
    client.post("/auth/logout", data={})
    make_wallet(signed_in(access_code="impiegato"))
    assert "cinema" not in client.get("/wallet/catalog").get_data(as_text=True)
    assert client.get(f"/wallet/catalog/{catalog['cinema']}").status_code == 404
    with app.app_context():
        area = db.session.get(Area, "trasporti")
        area.active, area.members_only = True, True
        db.session.commit()
    assert client.get(f"/wallet/catalog/{catalog['cinema']}").status_code == 404  # not a member


def test_pension_paid_elsewhere_reduces_what_the_wallet_may_pay_in(app, client, signed_in, make_wallet, catalog):
    """Art. 10 e-bis TUIR: EUR 5,164.57 up to 2025, EUR 5,300 from 2026 for all contributions of the year; what
    the employee declares as paid elsewhere is taken off what the wallet may still pay into a fund."""

    wallet = make_wallet(signed_in(), allocation_cents=1_000_000)
    with app.app_context():
        limit = db.session.get(Wallet, wallet.id).plan_year.pension_limit_cents
    assert client.post("/wallet/limits", data={"amount": "-5"}).status_code == 422
    assert client.post("/wallet/limits", data={"amount": "100.000,01"}).status_code == 422
    declared = limit - 20_000  # EUR 200 of room left
    assert client.post("/wallet/limits", data={"amount": f"{declared / 100:.2f}".replace(".", ",")}).status_code == 303
    page = client.get("/wallet/limits").get_data(as_text=True)
    pension = page.split('id="limit-pension"')[1].split("</section>")[0]
    assert "200,00" in pension  # remaining
    refused = _buy(client, catalog["pensione"], amount="200,01")
    assert refused.status_code == 422 and "oltre il limite annuale" in refused.get_data(as_text=True)
    assert _buy(client, catalog["pensione"], amount="200,00").status_code == 303
    with app.app_context():
        assert db.session.get(Wallet, wallet.id).pension_paid_elsewhere_cents == declared
        assert db.session.scalar(select(func.count()).select_from(AuditEvent)
                                 .where(AuditEvent.event == "wallet.pension_elsewhere_declared")) == 1


def test_a_transport_pass_is_bought_for_me_or_a_dependent_only(app, client, signed_in, make_wallet):
    me = signed_in()
    make_wallet(me)
    today = today_in_rome()
    with app.app_context():
        provider = Provider(name="GTT")
        db.session.add(provider)
        db.session.flush()
        pass_ = Offer(provider_id=provider.id, area="care_leisure", tax_rule="transport", use="purchase",
                      price_cents=31_000, title_it="Abbonamento", title_en="Pass", description_it="d",
                      description_en="d", data_shared_it="x", data_shared_en="x")
        son = FamilyMember(user_id=me.id, full_name="Figlio", relationship="child", codice_fiscale="A" * 16,
                           birth_date=date(today.year - 12, 1, 1), fiscally_dependent=True, yearly_income_cents=0)
        brother = FamilyMember(user_id=me.id, full_name="Fratello", relationship="sibling", codice_fiscale="B" * 16,
                               birth_date=date(1980, 1, 1), fiscally_dependent=False)
        db.session.add_all([pass_, son, brother])
        db.session.commit()
        offer_id, son_id, brother_id = pass_.id, son.id, brother.id
    refused = _buy(client, offer_id, beneficiary=str(brother_id))
    assert refused.status_code == 422 and "familiare fiscalmente a carico" in refused.get_data(as_text=True)
    assert _buy(client, offer_id, beneficiary=str(son_id)).status_code == 303
    assert _buy(client, offer_id).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Order)) == 2


def _meter(client) -> str:
    page = client.get("/wallet/").get_data(as_text=True)
    return page.split('aria-labelledby="wallet-fringe-title"', 1)[1].split("</section>", 1)[0]


@pytest.mark.parametrize(("child_income", "limit", "percent", "left"), [
    (None, "1.000,00", 60, "400,00"),  # no child: EUR 1,000 a year; 600 used is 60 %
    (0, "2.000,00", 30, "1.400,00"),  # a dependent child doubles it: 600 of 2,000 is 30 %
    (400_001, "1.000,00", 60, "400,00"),  # a child earning more than EUR 4,000 is not dependent
])
def test_wallet_home_fringe_meter(app, client, signed_in, make_wallet, catalog, child_income, limit, percent, left):
    user = signed_in()
    wallet = make_wallet(user)
    if child_income is not None:
        with app.app_context():
            db.session.add(FamilyMember(user_id=user.id, full_name="Figlio", relationship="child",
                                        birth_date=date(2015, 3, 1), codice_fiscale="RSSMRA15C01L219X",
                                        fiscally_dependent=True, yearly_income_cents=child_income))
            db.session.commit()
    assert 'aria-valuenow="0"' in _meter(client)
    assert _buy(client, catalog["spesa"]).status_code == 303  # 600.00 of fringe benefits
    _buy(client, catalog["cinema"])  # recreation: not a fringe benefit, not on the meter
    meter = _meter(client)
    assert f'aria-valuenow="{percent}"' in meter and f"portal-progress-{percent // 10 * 10}" in meter
    assert f"600,00\xa0€ usati su {limit}\xa0€, restano {left}\xa0€" in meter
    with app.test_request_context():  # the one-statement meter agrees with the limits page's figures
        row = db.session.get(Wallet, wallet.id)
        full = next(status for status in services.limit_statuses(row.user, row) if status.rule.key == "fringe")
        assert services.fringe_status(row.user, row) == full
