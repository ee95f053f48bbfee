"""Policino micro nido receipts for the INPS nursery bonus (issue 17 point 4): issued with the fee's payment when the
family's details are there, numbered with the payments and never reused or skipped, immutable (a correction is a new
receipt), a PDF each and a yearly bundle per child; only for the family and the staff."""

import threading

import pytest
from sqlalchemy import func, select

from portal.auth.models import User
from portal.childcare import services
from portal.childcare.models import Child, Family, NurseryCharge, NurseryReceipt, Payment, ReceiptCounter
from portal.core.rules import RuleViolation
from portal.extensions import db
from tests.childcare_nursery_factories import MONTH, TODAY, issue_month, nursery_family, nursery_year
from tests.conftest import login

PAYER_CF = "RSSMRA85T10A562S"
CHILD_CF = "BNCLEO24E01L219E"


@pytest.fixture
def office(app, make_user):
    return make_user("ufficio", roles=("amministratore",), full_name="Ufficio Welfare")


@pytest.fixture
def enrolled(app, make_user, office):
    """Anna with Leo (full time, ISEE 40,000: EUR 290.00) and Mia (3 days: 230.00 - 20 % = 184.00); the month
    issued."""
    nursery_year(app)
    family = nursery_family(app, make_user, "anna", [("Leo", "b", "full_time", 4_000_000),
                                                     ("Mia", "b", "vertical_3", 4_000_000)])
    family["charges"] = issue_month(app)
    return family


def _sign_in(client, code):
    client.post("/auth/logout")
    assert login(client, code).status_code == 303


def _details(app, family_id, child_cf=True):
    with app.app_context():
        family = db.session.get(Family, family_id)
        family.payer_codice_fiscale, family.address = PAYER_CF, "Via Roma 1, 10121 Torino"
        if child_cf:
            for child in family.children:
                child.codice_fiscale = CHILD_CF
        db.session.commit()


def _pay(client, charge_id, method="transfer", meals="116,00"):
    return client.post(f"/policino/nursery/charges/{charge_id}/pay",
                       data={"method": method, "paid_on": TODAY.isoformat(), "meals": meals})


def test_a_paid_month_gets_its_receipt_at_once_with_the_fee_and_the_meals_on_their_own_lines(app, client, enrolled):
    _details(app, enrolled["family"])
    _sign_in(client, "ufficio")
    leo = enrolled["charges"]["Leo anna"]
    assert _pay(client, leo).status_code == 303
    with app.app_context():
        receipt = db.session.scalar(select(NurseryReceipt))
        payment = db.session.scalar(select(Payment))
        # the fee EUR 290.00 (category b, over 32,000, full time) and the meals 116.00: the payment is 406.00
        assert (payment.amount_cents, receipt.fee_cents, receipt.meals_cents) == (40_600, 29_000, 11_600)
        assert (receipt.receipt_year, receipt.receipt_number) == (payment.receipt_year, payment.receipt_number)
        assert (receipt.payer_name, receipt.payer_codice_fiscale, receipt.child_codice_fiscale) == (
            "Parent anna", PAYER_CF, CHILD_CF)
        assert (receipt.nursery_name, receipt.nursery_tax_code, receipt.month) == (
            "Micro nido Policino", "01234560017", MONTH)
        receipt_id = receipt.id
    _sign_in(client, "anna")
    month = client.get("/policino/nursery/month").get_data(as_text=True)
    assert f"/policino/nursery/receipts/{receipt_id}.pdf" in month
    pdf = client.get(f"/policino/nursery/receipts/{receipt_id}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert "no-store" in pdf.headers["Cache-Control"]


def test_without_the_details_the_payment_is_recorded_and_the_receipt_waits_for_them(app, client, enrolled):
    _sign_in(client, "ufficio")
    assert _pay(client, enrolled["charges"]["Leo anna"], meals="").status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Payment)) == 1
        assert db.session.scalar(select(func.count()).select_from(NurseryReceipt)) == 0
    _sign_in(client, "anna")
    page = client.get("/policino/nursery/month").get_data(as_text=True)
    assert "/policino/nursery/receipt-details" in page
    with app.app_context():
        children = db.session.get(Family, enrolled["family"]).children
        fields = {f"child_{child.id}": CHILD_CF.lower() for child in children}
    url = "/policino/nursery/receipt-details"
    bad = {"payer_name": "Anna Bianchi", "payer_codice_fiscale": "RSSMRA85T10A562X", "address": "Via Roma 1"}
    assert client.post(url, data=dict(bad, **fields)).status_code == 422  # wrong check letter
    assert client.post(url, data=dict(bad, payer_codice_fiscale=PAYER_CF, address="")).status_code == 422
    with app.app_context():
        assert db.session.get(Family, enrolled["family"]).payer_codice_fiscale is None
        assert db.session.scalar(select(func.count()).select_from(NurseryReceipt)) == 0
    response = client.post(url, data=dict(bad, payer_codice_fiscale=PAYER_CF, **fields))
    assert response.status_code == 303
    with app.app_context():
        receipt = db.session.scalar(select(NurseryReceipt))
        assert (receipt.payer_name, receipt.payer_codice_fiscale, receipt.child_codice_fiscale) == (
            "Anna Bianchi", PAYER_CF, CHILD_CF)
        assert receipt.meals_cents == 0 and receipt.fee_cents == 29_000


def test_cash_gets_no_receipt_for_the_bonus_and_the_desk_is_told_why(app, client, enrolled):
    _details(app, enrolled["family"])
    app.config["PORTAL_CHILDCARE_NURSERY_PAYMENT_METHODS"] = ("transfer", "cheque", "cash")
    _sign_in(client, "ufficio")
    charge_id = enrolled["charges"]["Leo anna"]
    assert _pay(client, charge_id, method="cash").status_code == 303
    response = client.post(f"/policino/nursery/charges/{charge_id}/receipt", follow_redirects=True)
    assert "contanti non è tracciabile" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(NurseryReceipt)) == 0


def test_meals_beyond_a_month_are_refused_and_nothing_is_written(app, client, enrolled):
    _details(app, enrolled["family"])
    _sign_in(client, "ufficio")
    assert _pay(client, enrolled["charges"]["Leo anna"], meals="133,41").status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Payment)) == 0


def test_a_correction_is_a_new_receipt_with_the_next_number_and_the_old_one_never_changes(app, client, enrolled,
                                                                                         make_user):
    _details(app, enrolled["family"])
    _sign_in(client, "ufficio")
    _pay(client, enrolled["charges"]["Leo anna"])
    _pay(client, enrolled["charges"]["Mia anna"])
    with app.app_context():
        first = db.session.scalar(select(NurseryReceipt).order_by(NurseryReceipt.id))
        first_id, first_number, year = first.id, first.receipt_number, first.receipt_year
        child_id = first.child_id
        db.session.get(Child, child_id).codice_fiscale = "BNCLEO24E01L219E"
        db.session.get(Family, enrolled["family"]).address = "Via Po 2, 10124 Torino"
        db.session.commit()
        first = db.session.get(NurseryReceipt, first_id)
        first.payer_address = "changed"
        with pytest.raises(ValueError):
            db.session.flush()
        db.session.rollback()
    assert client.post(f"/policino/nursery/receipts/{first_id}/correct").status_code == 303
    assert client.post(f"/policino/nursery/receipts/{first_id}/correct").status_code == 303  # refused: once
    with app.app_context():
        receipts = db.session.scalars(select(NurseryReceipt).order_by(NurseryReceipt.id)).all()
        assert len(receipts) == 3
        correction = receipts[-1]
        # two payments took numbers 1 and 2 of the year; the correction takes 3: none reused, none skipped
        assert correction.receipt_number == db.session.get(ReceiptCounter, year).last_number == first_number + 2
        assert correction.replaces_id == first_id and correction.payer_address == "Via Po 2, 10124 Torino"
        assert db.session.get(NurseryReceipt, first_id).payer_address == "Via Roma 1, 10121 Torino"
    page = client.get(f"/policino/nursery/children/{child_id}/receipts").get_data(as_text=True)
    assert f"/receipts/{correction.id}.pdf" in page and f"/receipts/{first_id}.pdf" not in page  # only in force
    bundle = client.get(f"/policino/nursery/children/{child_id}/receipts/{MONTH.year}.pdf")
    assert bundle.status_code == 200 and bundle.data.startswith(b"%PDF")
    make_user("edu", roles=("educatore",))
    _sign_in(client, "edu")
    assert client.post(f"/policino/nursery/receipts/{first_id}/correct").status_code == 403


def test_receipts_are_only_for_their_family_and_the_staff(app, client, enrolled, make_user):
    _details(app, enrolled["family"])
    _sign_in(client, "ufficio")
    _pay(client, enrolled["charges"]["Leo anna"])
    with app.app_context():
        receipt = db.session.scalar(select(NurseryReceipt))
        receipt_id, child_id = receipt.id, receipt.child_id
    nursery_family(app, make_user, "carlo", [("Ugo", "e", "morning", None)])
    _sign_in(client, "carlo")
    for url in (f"/policino/nursery/receipts/{receipt_id}.pdf", f"/policino/nursery/children/{child_id}/receipts",
                f"/policino/nursery/children/{child_id}/receipts/{MONTH.year}.pdf",
                "/policino/nursery/receipts/999999.pdf", f"/policino/nursery/children/{child_id}/receipts/99999.pdf"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/policino/nursery/charges/{enrolled['charges']['Mia anna']}/receipt").status_code == 403
    make_user("edu", roles=("educatore",))
    _sign_in(client, "edu")
    assert client.get(f"/policino/nursery/receipts/{receipt_id}.pdf").status_code == 200


def _race(app, target, args_list):
    barrier = threading.Barrier(len(args_list))
    results: list[str] = []

    def run(*args):
        barrier.wait()
        with app.test_request_context():
            try:
                target(*args)
                db.session.commit()
                results.append("done")
            except RuleViolation:
                db.session.rollback()
                results.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=args) for args in args_list]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_receipts_issued_and_corrected_at_once_never_share_or_skip_a_number(app, enrolled, office):
    _details(app, enrolled["family"])
    with app.test_request_context():
        user = db.session.get(User, office.id)
        for charge in db.session.scalars(select(NurseryCharge)):
            services.pay_charge(user, charge, "transfer", TODAY)
        db.session.commit()
        charges = list(db.session.scalars(select(NurseryCharge.id)))

    def issue(charge_id):
        services.issue_receipt(db.session.get(User, office.id), db.session.get(NurseryCharge, charge_id))

    results = _race(app, issue, [(charge_id,) for charge_id in charges for _ in range(3)])
    assert results.count("done") == 2
    with app.app_context():
        first = db.session.scalar(select(NurseryReceipt.id).order_by(NurseryReceipt.id))

    def correct(receipt_id):
        services.correct_receipt(db.session.get(User, office.id), db.session.get(NurseryReceipt, receipt_id))

    results = _race(app, correct, [(first,)] * 4)
    assert results.count("done") == 1
    with app.app_context():
        numbers = sorted(db.session.scalars(select(NurseryReceipt.receipt_number)))
        counter = db.session.scalar(select(ReceiptCounter.last_number))
        assert numbers == [1, 2, 3] and counter == 3


def test_the_desk_enters_the_details_for_a_parent_who_has_not_and_never_issues_without_them(app, client, enrolled):
    """Issue 17 point 4: a parent who gave the details on paper. The desk's payment says what the receipt lacks;
    pressing 'issue' anyway is refused with the same words; the desk's form (same checks) saves them and issues
    both waiting receipts; other parents cannot open the desk's form."""
    from tests.helpers import visible_text

    _sign_in(client, "ufficio")
    _pay(client, enrolled["charges"]["Leo anna"], meals="")
    page = visible_text(client.get(f"/policino/nursery/years/{_year_id(app)}/charges?month={MONTH:%Y-%m}",
                                   follow_redirects=True).get_data(as_text=True))
    assert ("La ricevuta per il bonus nido aspetta: mancano ancora questi dati: il codice fiscale del genitore che paga, "
            "l'indirizzo del genitore che paga, il codice fiscale del bambino.") in page
    issue = client.post(f"/policino/nursery/charges/{enrolled['charges']['Leo anna']}/receipt", follow_redirects=True)
    assert "il codice fiscale del genitore che paga" in visible_text(issue.get_data(as_text=True))
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(NurseryReceipt)) == 0
        children = db.session.get(Family, enrolled["family"]).children
        fields = {f"child_{child.id}": CHILD_CF for child in children}
    url = f"/policino/nursery/families/{enrolled['family']}/receipt-details"
    form = visible_text(client.get(url).get_data(as_text=True))
    assert "Famiglia di Parent anna" in form
    data = {"payer_name": "Anna Bianchi", "payer_codice_fiscale": PAYER_CF, "address": ""}
    assert client.post(url, data=dict(data, **fields)).status_code == 422  # no address: nothing saved
    with app.app_context():
        assert db.session.get(Family, enrolled["family"]).payer_codice_fiscale is None
    assert client.post(url, data=dict(data, address="Via Roma 1, 10121 Torino", **fields)).status_code == 303
    with app.app_context():
        receipt = db.session.scalar(select(NurseryReceipt))
        assert (receipt.payer_address, receipt.child_codice_fiscale) == ("Via Roma 1, 10121 Torino", CHILD_CF)
    assert client.get("/policino/nursery/families/99999/receipt-details").status_code == 404
    _sign_in(client, "anna")
    assert client.get(url).status_code == 403


def _year_id(app):
    from portal.childcare.models import NurseryYear

    with app.app_context():
        return db.session.scalar(select(NurseryYear.id))
