import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal.core.calendar import today_in_rome
from portal.extensions import db
from portal.wallet import services
from portal.wallet.models import Offer, Provider, Reimbursement, ReimbursementDocument, Wallet
from tests.conftest import login, outbox

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def categories(app):
    with app.app_context():
        provider = Provider(name="Asili")
        db.session.add(provider)
        db.session.flush()
        school = Offer(provider_id=provider.id, area="education", tax_rule="education", use="reimbursement",
                       title_it="Rette scolastiche", title_en="School fees", description_it="d", description_en="d",
                       data_shared_it="x", data_shared_en="x")
        utilities = Offer(provider_id=provider.id, area="fringe", tax_rule="fringe", use="reimbursement",
                          title_it="Bollette", title_en="Utility bills", description_it="d", description_en="d",
                          data_shared_it="x", data_shared_en="x")
        db.session.add_all([school, utilities])
        db.session.commit()
        return {"school": school.id, "utilities": utilities.id}


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
    response = _send(client, categories["school"], files=[(io.BytesIO(PDF), "ricevuta.pdf"), (io.BytesIO(PNG), "bonifico.png")])
    assert response.status_code == 303
    after = _wallet(app, wallet.id)
    assert after.balance_cents == 150_000 and after.pending_cents == 30_000
    assert len(_files(app)) == before + 2
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Inviata" in page and "ricevuta.pdf" in page and "bonifico.png" in page
    # the reservation means the same money cannot be spent twice
    assert _send(client, categories["school"], amount="1.600,00").status_code == 422


@pytest.mark.parametrize("content,name,message", [
    (b"MZ\x90\x00 not a document", "ricevuta.pdf", "non è un file PDF, JPEG o PNG"),
    (b"", "vuoto.pdf", "è vuoto"),
])
def test_documents_are_checked_by_content_and_nothing_is_written(app, client, signed_in, make_wallet, categories,
                                                                 content, name, message):
    wallet = make_wallet(signed_in())
    before = len(_files(app))
    response = _send(client, categories["school"], files=[(io.BytesIO(PDF), "buono.pdf"), (io.BytesIO(content), name)])
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
        response = _send(client, categories["school"], files=[(io.BytesIO(big), "grande.pdf")])
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
    response = _send(client, categories["school"], **{field: value})
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
    assert "Palestra" not in form and "Rette scolastiche" in form
    assert _send(client, gym_id).status_code == 422


def test_operator_approves_partly_with_a_reason_and_the_ledger_follows(app, client, signed_in, make_user, make_wallet,
                                                                       categories):
    employee = make_user(access_code="impiegato", email="impiegato@example.edu")
    wallet = make_wallet(employee)
    worker = app.test_client()
    login(worker, "impiegato")
    location = _send(worker, categories["school"]).headers["Location"]
    request_id = int(location.rsplit("/", 1)[1])
    signed_in(roles=("amministratore",), access_code="operatore")
    assert client.get("/wallet/manage/reimbursements").status_code == 200
    assert client.post(f"/wallet/manage/reimbursements/{request_id}", data={"decision": "take"}).status_code == 303
    no_reason = client.post(f"/wallet/manage/reimbursements/{request_id}", data={"decision": "approve", "amount": "200"})
    assert no_reason.status_code == 422 and "Spiega perché" in no_reason.get_data(as_text=True)
    too_much = client.post(f"/wallet/manage/reimbursements/{request_id}", data={"decision": "approve", "amount": "400"})
    assert too_much.status_code == 422
    ok = client.post(f"/wallet/manage/reimbursements/{request_id}",
                     data={"decision": "approve", "amount": "200", "message": "La mensa non è compresa."})
    assert ok.status_code == 303
    after = _wallet(app, wallet.id)
    assert after.balance_cents == 160_000 and after.pending_cents == 0 and after.spent_cents == 20_000
    with app.app_context():
        assert services.ledger_mismatches() == []
    mail = outbox(app, "impiegato@example.edu")[-1]
    assert "200,00" in mail.body and "La mensa non è compresa." in mail.body
    again = client.post(f"/wallet/manage/reimbursements/{request_id}", data={"decision": "reject", "message": "x"})
    assert again.status_code == 422  # decided requests stay decided


def test_rejection_releases_the_reservation_at_once(app, client, signed_in, make_user, make_wallet, categories):
    employee = make_user(access_code="impiegato")
    wallet = make_wallet(employee)
    worker = app.test_client()
    login(worker, "impiegato")
    request_id = int(_send(worker, categories["school"]).headers["Location"].rsplit("/", 1)[1])
    signed_in(roles=("dec",), access_code="dec")
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
    request_id = int(_send(worker, categories["school"]).headers["Location"].rsplit("/", 1)[1])
    signed_in(roles=("amministratore",), access_code="operatore")
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
    me = signed_in(roles=("dipendente", "amministratore"))
    make_wallet(me)
    request_id = int(_send(client, categories["school"]).headers["Location"].rsplit("/", 1)[1])
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
    request_id = int(_send(worker, categories["school"]).headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        document_id = db.session.scalar(select(ReimbursementDocument.id))
    own = worker.get(f"/wallet/documents/{document_id}")
    assert own.status_code == 200 and own.data == PDF and own.headers["Content-Type"] == "application/pdf"
    assert "sandbox" in own.headers["Content-Security-Policy"] and "no-store" in own.headers["Cache-Control"]
    signed_in(access_code="curioso")
    assert client.get(f"/wallet/documents/{document_id}").status_code == 404
    assert client.get(f"/wallet/reimbursements/{request_id}").status_code == 404
    assert client.get(f"/wallet/manage/reimbursements/{request_id}").status_code == 403
