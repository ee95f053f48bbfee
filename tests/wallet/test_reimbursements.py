import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from portal.core.audit import AuditEvent
from portal.core.calendar import today_in_rome
from portal.core.types import utcnow
from portal.extensions import db
from portal.wallet import services
from portal.wallet.models import (
    Certification,
    FamilyMember,
    Offer,
    Provider,
    Reimbursement,
    ReimbursementDocument,
    Wallet,
)
from tests.conftest import login, outbox

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _expense_day() -> str:
    return today_in_rome().isoformat()


def _send(client, category, amount="300,00", files=None, **extra):
    files = files if files is not None else [(io.BytesIO(PDF), "ricevuta.pdf")]
    data = {"category": str(category), "amount": amount, "expense_date": _expense_day(), "provider_name": "Asilo Nido",
            "declaration": "y", "documents": files, **extra}
    return client.post("/wallet/reimbursements/new", data=data, content_type="multipart/form-data")


def _files(app) -> list[Path]:
    root = Path(app.config["PORTAL_UPLOAD_DIR"])
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def _wallet(app, wallet_id) -> Wallet:
    with app.app_context():
        wallet = db.session.get(Wallet, wallet_id)
        db.session.expunge(wallet)
        return wallet


def test_a_request_reserves_its_amount_at_once(app, client, signed_in, make_wallet, categories):
    wallet = make_wallet(signed_in())
    before = len(_files(app))
    response = _send(client, categories["transport"], files=[(io.BytesIO(PDF), "ricevuta.pdf"), (io.BytesIO(PNG), "bonifico.png")])
    assert response.status_code == 303
    after = _wallet(app, wallet.id)
    assert after.balance_cents == 150_000 and after.pending_cents == 30_000
    assert len(_files(app)) == before + 2
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Inviata" in page and "ricevuta.pdf" in page and "bonifico.png" in page
    # the reservation means the same money cannot be spent twice
    assert _send(client, categories["transport"], amount="1.600,00").status_code == 422


@pytest.mark.parametrize("content,name,message", [
    (b"MZ\x90\x00 not a document", "ricevuta.pdf", "non è un file PDF, JPEG o PNG"),
    (b"", "vuoto.pdf", "è vuoto"),
])
def test_documents_are_checked_by_content_and_nothing_is_written(app, client, signed_in, make_wallet, categories,
                                                                 content, name, message):
    wallet = make_wallet(signed_in())
    before = len(_files(app))
    response = _send(client, categories["transport"], files=[(io.BytesIO(PDF), "buono.pdf"), (io.BytesIO(content), name)])
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert len(_files(app)) == before  # the good file written first was removed with the rollback
    assert _wallet(app, wallet.id).balance_cents == 180_000
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Reimbursement)) == 0


def test_documents_over_the_size_limit_are_refused(app, client, signed_in, make_wallet, categories):
    make_wallet(signed_in())
    app.config["PORTAL_UPLOAD_FILE_MAX_MB"] = 1
    try:
        big = PDF + b"0" * (1024 * 1024)
        response = _send(client, categories["transport"], files=[(io.BytesIO(big), "grande.pdf")])
    finally:
        app.config["PORTAL_UPLOAD_FILE_MAX_MB"] = 10
    assert response.status_code == 422 and "più grande di 1 MB" in response.get_data(as_text=True)


@pytest.mark.parametrize("field,value,message", [
    ("expense_date", "2001-01-01", "dentro l'anno del piano"),
    ("expense_date", (date.today() + timedelta(days=3)).isoformat(), "nel futuro"),
    ("declaration", "", "Spunta la dichiarazione"),
    ("amount", "0", "maggiore di zero"),
])
def test_bad_requests_are_refused_with_a_message(app, client, signed_in, make_wallet, categories, field, value, message):
    make_wallet(signed_in())
    response = _send(client, categories["transport"], **{field: value})
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Reimbursement)) == 0


def test_recreation_is_not_a_reimbursement_category(app, client, signed_in, make_wallet, categories):
    make_wallet(signed_in())
    with app.app_context():
        gym = Offer(provider_id=db.session.scalar(select(Provider.id)), area="care_leisure", tax_rule="recreation",
                    use="voucher", price_cents=1000, title_it="Palestra", title_en="Gym", description_it="d",
                    description_en="d", data_shared_it="x", data_shared_en="x")
        db.session.add(gym)
        db.session.commit()
        gym_id = gym.id
    form = client.get("/wallet/reimbursements/new").get_data(as_text=True)
    assert "Palestra" not in form and "Abbonamento annuale GTT" in form
    assert _send(client, gym_id).status_code == 422


def _operator(app, make_user, access_code: str):
    """A welfare operator of the provider, signed in on a client of their own."""
    make_user(access_code=access_code, roles=("operatore_welfare",), email=f"{access_code}@welfare.example.it")
    client = app.test_client()
    login(client, access_code)
    return client


def test_four_eyes_one_operator_checks_another_approves_and_the_ledger_follows(app, client, make_user, make_wallet,
                                                                                categories):
    employee = make_user(access_code="impiegato", email="impiegato@example.edu")
    wallet = make_wallet(employee)
    worker = app.test_client()
    login(worker, "impiegato")
    location = _send(worker, categories["transport"]).headers["Location"]
    request_id = int(location.rsplit("/", 1)[1])
    checker = _operator(app, make_user, "verifica")
    approver = _operator(app, make_user, "valida")
    url = f"/wallet/manage/reimbursements/{request_id}"
    assert checker.get("/wallet/manage/reimbursements").status_code == 200
    # nobody approves what was not checked first
    unchecked = approver.post(url, data={"decision": "approve"})
    assert unchecked.status_code == 422
    assert checker.post(url, data={"decision": "take"}).status_code == 303
    assert approver.post(url, data={"decision": "approve"}).status_code == 422
    no_reason = checker.post(url, data={"decision": "check", "amount": "200"})
    assert no_reason.status_code == 422 and "Spiega perché" in no_reason.get_data(as_text=True)
    assert checker.post(url, data={"decision": "check", "amount": "400"}).status_code == 422
    assert checker.post(url, data={"decision": "check", "amount": "200",
                                   "message": "La mensa non è compresa."}).status_code == 303
    # the operator who checked cannot approve: the button is not offered and the decision is refused
    page = checker.get(url).get_data(as_text=True)
    assert 'value="approve"' not in page and "quattro occhi" in page
    assert checker.post(url, data={"decision": "approve"}).status_code == 422
    with app.app_context():
        item = db.session.get(Reimbursement, request_id)
        assert (item.status, item.proposed_cents, item.approved_cents) == ("in_review", 20_000, None)
    assert 'value="approve"' in approver.get(url).get_data(as_text=True)
    assert approver.post(url, data={"decision": "approve"}).status_code == 303
    after = _wallet(app, wallet.id)
    assert after.balance_cents == 160_000 and after.pending_cents == 0 and after.spent_cents == 20_000
    with app.app_context():
        item = db.session.get(Reimbursement, request_id)
        assert item.checked_by.access_code == "verifica" and item.decided_by_id != item.checked_by_id
        assert services.ledger_mismatches() == []
    mail = outbox(app, "impiegato@example.edu")[-1]
    assert "200,00" in mail.body and "La mensa non è compresa." in mail.body
    again = approver.post(url, data={"decision": "reject", "message": "x"})
    assert again.status_code == 422  # decided requests stay decided


def test_the_database_refuses_an_approval_by_the_checker(app, make_user, make_wallet, categories):
    employee = make_user(access_code="impiegato")
    wallet = make_wallet(employee)
    operator = make_user(access_code="verifica", roles=("operatore_welfare",))
    with app.app_context():
        item = Reimbursement(wallet_id=wallet.id, offer_id=categories["transport"], tax_rule="transport",
                             amount_cents=1000, expense_date=today_in_rome(), provider_name="GTT", status="approved",
                             approved_cents=1000, checked_by_id=operator.id, decided_by_id=operator.id)
        db.session.add(item)
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_rejection_releases_the_reservation_at_once(app, client, signed_in, make_user, make_wallet, categories):
    employee = make_user(access_code="impiegato")
    wallet = make_wallet(employee)
    worker = app.test_client()
    login(worker, "impiegato")
    request_id = int(_send(worker, categories["transport"]).headers["Location"].rsplit("/", 1)[1])
    signed_in(roles=("operatore_welfare",), access_code="verifica")
    assert client.post(f"/wallet/manage/reimbursements/{request_id}", data={"decision": "reject"}).status_code == 422
    assert client.post(f"/wallet/manage/reimbursements/{request_id}",
                       data={"decision": "reject", "message": "Ricevuta non intestata."}).status_code == 303
    after = _wallet(app, wallet.id)
    assert after.balance_cents == 180_000 and after.pending_cents == 0


def test_more_documents_loop(app, client, signed_in, make_user, make_wallet, categories):
    employee = make_user(access_code="impiegato")
    make_wallet(employee)
    worker = app.test_client()
    login(worker, "impiegato")
    request_id = int(_send(worker, categories["transport"]).headers["Location"].rsplit("/", 1)[1])
    signed_in(roles=("operatore_welfare",), access_code="verifica")
    client.post(f"/wallet/manage/reimbursements/{request_id}", data={"decision": "ask", "message": "Manca il bonifico."})
    page = worker.get(f"/wallet/reimbursements/{request_id}").get_data(as_text=True)
    assert "Manca il bonifico." in page and "Rispondi all'operatore" in page
    empty = worker.post(f"/wallet/reimbursements/{request_id}", data={"message": ""}, content_type="multipart/form-data")
    assert empty.status_code == 422
    answered = worker.post(f"/wallet/reimbursements/{request_id}",
                           data={"message": "Eccolo.", "documents": [(io.BytesIO(PNG), "bonifico.png")]},
                           content_type="multipart/form-data")
    assert answered.status_code == 303
    with app.app_context():
        item = db.session.get(Reimbursement, request_id)
        assert item.status == "submitted" and len(item.documents) == 2
        assert [m.body for m in item.messages] == ["Manca il bonifico.", "Eccolo."]


def test_four_eyes_an_operator_cannot_decide_their_own_request(app, client, signed_in, make_wallet, categories):
    me = signed_in(roles=("dipendente", "operatore_welfare"))
    make_wallet(me)
    request_id = int(_send(client, categories["transport"]).headers["Location"].rsplit("/", 1)[1])
    page = client.get(f"/wallet/manage/reimbursements/{request_id}").get_data(as_text=True)
    assert "un altro operatore" in page
    refused = client.post(f"/wallet/manage/reimbursements/{request_id}", data={"decision": "approve"})
    assert refused.status_code == 422
    with app.app_context():
        assert db.session.get(Reimbursement, request_id).status == "submitted"


def test_open_fringe_requests_count_towards_the_limit(app, client, signed_in, make_wallet, categories):
    make_wallet(signed_in())
    assert _send(client, categories["utilities"], amount="700").status_code == 303
    refused = _send(client, categories["utilities"], amount="400")
    assert refused.status_code == 422 and "oltre il limite annuale" in refused.get_data(as_text=True)


def test_documents_only_for_the_owner_and_the_operators(app, client, signed_in, make_user, make_wallet, categories):
    employee = make_user(access_code="impiegato")
    make_wallet(employee)
    worker = app.test_client()
    login(worker, "impiegato")
    request_id = int(_send(worker, categories["transport"]).headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        document_id = db.session.scalar(select(ReimbursementDocument.id))
    own = worker.get(f"/wallet/documents/{document_id}")
    assert own.status_code == 200 and own.data == PDF and own.headers["Content-Type"] == "application/pdf"
    assert "sandbox" in own.headers["Content-Security-Policy"] and "no-store" in own.headers["Cache-Control"]
    signed_in(access_code="curioso")
    assert client.get(f"/wallet/documents/{document_id}").status_code == 404
    assert client.get(f"/wallet/reimbursements/{request_id}").status_code == 404
    assert client.get(f"/wallet/manage/reimbursements/{request_id}").status_code == 403


@pytest.mark.parametrize("role", ["amministratore", "dec"])
def test_the_institution_never_opens_a_receipt_or_a_request(app, client, signed_in, make_user, make_wallet,
                                                          categories, role):
    """Tender §4.2.6: no sensitive data reaches the institution; its roles see figures and statuses only."""
    employee = make_user(access_code="impiegato")
    make_wallet(employee)
    worker = app.test_client()
    login(worker, "impiegato")
    request_id = int(_send(worker, categories["transport"]).headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        document_id = db.session.scalar(select(ReimbursementDocument.id))
    signed_in(roles=(role,), access_code="ateneo")
    assert client.get(f"/wallet/documents/{document_id}").status_code == 403
    assert client.get(f"/wallet/documents/{document_id}?download=1").status_code == 403
    assert client.get("/wallet/manage/reimbursements").status_code == 403
    assert client.get(f"/wallet/manage/reimbursements/{request_id}").status_code == 403
    assert client.post(f"/wallet/manage/reimbursements/{request_id}", data={"decision": "take"}).status_code == 403
    page = client.get("/wallet/manage").get_data(as_text=True)
    assert "/wallet/manage/reimbursements" not in page and "/wallet/manage/certifications" not in page
    assert "richieste di rimborso aperte 1" in page  # the status, as a number


def test_every_opening_of_a_receipt_is_audited(app, client, signed_in, make_user, make_wallet, categories):
    employee = make_user(access_code="impiegato")
    make_wallet(employee)
    worker = app.test_client()
    login(worker, "impiegato")
    request_id = int(_send(worker, categories["transport"]).headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        document_id = db.session.scalar(select(ReimbursementDocument.id))
    operator = _operator(app, make_user, "verifica")
    assert operator.get(f"/wallet/manage/reimbursements/{request_id}").status_code == 200
    assert operator.get(f"/wallet/documents/{document_id}").status_code == 200
    assert operator.get(f"/wallet/documents/{document_id}?download=1").status_code == 200
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).where(AuditEvent.event == "wallet.document_opened")
                                  .order_by(AuditEvent.id)).all()
        assert len(rows) == 2
        assert all(row.actor.access_code == "verifica" and row.user_id == employee.id for row in rows)
        assert rows[0].details_dict == {"document": document_id, "request": request_id}


@pytest.fixture
def family(app):
    """Family members of the employee `impiegato` (created by the test): who may a benefit be for."""

    def factory(user, **members):
        ids = {}
        with app.app_context():
            for key, values in members.items():
                member = FamilyMember(user_id=user.id, codice_fiscale=f"RSSMRA00A01L219{len(ids)}", **values)
                db.session.add(member)
                db.session.flush()
                ids[key] = member.id
            db.session.commit()
        return ids

    return factory


def test_school_fees_are_for_family_members_even_if_not_dependent(app, client, signed_in, make_wallet, categories,
                                                                 family):
    me = signed_in()
    make_wallet(me)
    ids = family(me, sister={"full_name": "Sorella", "relationship": "sibling", "birth_date": date(1995, 1, 1),
                             "fiscally_dependent": False, "yearly_income_cents": 3_000_000})
    myself = _send(client, categories["school"])
    assert myself.status_code == 422 and "per i tuoi familiari" in myself.get_data(as_text=True)
    assert _send(client, categories["school"], beneficiary=str(ids["sister"])).status_code == 303


def test_transport_passes_only_for_me_or_a_dependent_family_member(app, client, signed_in, make_wallet, categories,
                                                                  family):
    me = signed_in()
    make_wallet(me)
    today = today_in_rome()
    ids = family(
        me,
        son={"full_name": "Figlio", "relationship": "child", "birth_date": date(today.year - 10, 1, 1),
             "fiscally_dependent": True, "yearly_income_cents": 0},
        daughter={"full_name": "Figlia", "relationship": "child", "birth_date": date(today.year - 26, 1, 1),
                  "fiscally_dependent": False, "yearly_income_cents": 900_000},
        # declared dependent before the income was asked: not enough any more
        old={"full_name": "Vecchia dichiarazione", "relationship": "spouse", "birth_date": date(1980, 1, 1),
             "fiscally_dependent": True},
    )
    assert _send(client, categories["transport"], amount="10").status_code == 303
    assert _send(client, categories["transport"], amount="10", beneficiary=str(ids["son"])).status_code == 303
    for key in ("daughter", "old"):
        refused = _send(client, categories["transport"], amount="10", beneficiary=str(ids[key]))
        assert refused.status_code == 422 and "familiare fiscalmente a carico" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Reimbursement)) == 2


def test_care_only_for_family_members_aged_75_or_certified(app, client, signed_in, make_wallet, categories, family):
    me = signed_in()
    wallet = make_wallet(me)
    today = today_in_rome()
    ids = family(
        me,
        grandmother={"full_name": "Nonna", "relationship": "other", "birth_date": date(today.year - 80, 1, 1)},
        father={"full_name": "Padre", "relationship": "parent", "birth_date": date(today.year - 70, 1, 1)},
    )
    assert _send(client, categories["care"], amount="10").status_code == 422  # not for the employee
    assert _send(client, categories["care"], amount="10", beneficiary=str(ids["grandmother"])).status_code == 303
    refused = _send(client, categories["care"], amount="10", beneficiary=str(ids["father"]))
    assert refused.status_code == 422 and "75 anni" in refused.get_data(as_text=True)
    with app.app_context():  # the office accepts a certification of non-self-sufficiency for the father
        row = Certification(user_id=me.id, plan_year_id=db.session.get(Wallet, wallet.id).plan_year_id, kind="care",
                            family_member_id=ids["father"], status="accepted", reviewed_at=utcnow(),
                            stored_name="x", original_name="c.pdf", content_type="application/pdf", size=1,
                            sha256="0" * 64)
        db.session.add(row)
        db.session.commit()
    assert _send(client, categories["care"], amount="10", beneficiary=str(ids["father"])).status_code == 303
