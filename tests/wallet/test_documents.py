"""Forms the office publishes for download; certifications staff upload and the office reviews."""

import io
from datetime import date

import pytest
from sqlalchemy import func, select

from portal.core import uploads
from portal.core.audit import AuditEvent
from portal.extensions import db
from portal.wallet.models import Certification, FamilyMember, WelfareForm
from tests.conftest import login, outbox
from tests.wallet.test_reimbursements import PDF, PNG


def _publish(client, title="Autocertificazione familiari a carico", content=PDF, name="modulo.pdf"):
    return client.post("/wallet/manage/forms", data={
        "title_it": title, "title_en": "Dependent family members self-certification",
        "description_it": "Da compilare e caricare firmata.", "description_en": "Fill in, sign, upload.",
        "document": (io.BytesIO(content), name)}, content_type="multipart/form-data")


def _send_certification(client, kind="pension", content=PDF, name="contributi.pdf", **extra):
    return client.post("/wallet/documents", data={"kind": kind, "note": "Fondo Espero", **extra,
                                                  "document": (io.BytesIO(content), name)},
                       content_type="multipart/form-data")


def test_staff_download_the_forms_the_office_publishes(app, client, signed_in, make_user, plan_year):
    signed_in(roles=("amministratore",), access_code="ufficio")
    assert _publish(client).status_code == 303
    with app.app_context():
        form_id = db.session.scalar(select(WelfareForm.id))
    client.post("/auth/logout", data={})
    signed_in(access_code="impiegata")
    page = client.get("/wallet/documents").get_data(as_text=True)
    assert "Autocertificazione familiari a carico" in page
    download = client.get(f"/wallet/forms/{form_id}/file")
    assert download.status_code == 200 and download.data == PDF
    assert "attachment" in download.headers["Content-Disposition"]
    assert "no-store" in download.headers["Cache-Control"] and "sandbox" in download.headers["Content-Security-Policy"]


def test_a_withdrawn_form_disappears_for_staff(app, client, signed_in, plan_year):
    signed_in(roles=("amministratore",), access_code="ufficio")
    _publish(client)
    with app.app_context():
        form_id = db.session.scalar(select(WelfareForm.id))
    assert client.post(f"/wallet/manage/forms/{form_id}/published", data={"published": "0"}).status_code == 303
    client.post("/auth/logout", data={})
    signed_in(access_code="impiegata")
    assert "Autocertificazione" not in client.get("/wallet/documents").get_data(as_text=True)
    assert client.get(f"/wallet/forms/{form_id}/file").status_code == 404


def test_a_form_that_is_not_a_document_is_refused_and_nothing_is_written(app, client, signed_in, plan_year):
    signed_in(roles=("amministratore",), access_code="ufficio")
    with app.app_context():
        files_before = sorted(uploads.upload_root().glob("wallet/forms/*"))
    response = _publish(client, content=b"<script>alert(1)</script>", name="modulo.pdf")
    assert response.status_code == 422 and "non è un file PDF, JPEG o PNG" in response.get_data(as_text=True)
    missing_title = _publish(client, title="")
    assert missing_title.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(WelfareForm)) == 0
    with app.app_context():
        assert sorted(uploads.upload_root().glob("wallet/forms/*")) == files_before


def test_a_certification_is_reviewed_and_the_employee_told_in_their_language(app, client, signed_in, make_user,
                                                                            plan_year):
    employee = signed_in(access_code="impiegata", locale="en", email="impiegata@example.edu")
    assert _send_certification(client).status_code == 303
    page = client.get("/wallet/documents").get_data(as_text=True)
    assert "contributi.pdf" in page and "Received" in page
    with app.app_context():
        row = db.session.scalar(select(Certification))
        assert (row.user_id, row.kind, row.status, row.note) == (employee.id, "pension", "received", "Fondo Espero")
        certification_id = row.id
    assert client.get(f"/wallet/certifications/{certification_id}/file").data == PDF

    make_user("verifica", roles=("operatore_welfare",))
    client.post("/auth/logout", data={})
    login(client, "verifica")
    queue = client.get("/wallet/manage/certifications").get_data(as_text=True)
    assert "contributi.pdf" in queue
    refused = client.post(f"/wallet/manage/certifications/{certification_id}",
                          data={"status": "rejected", "note": ""})
    assert refused.status_code == 422 and "Indica perché" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Certification, certification_id).status == "received"
    done = client.post(f"/wallet/manage/certifications/{certification_id}",
                       data={"status": "rejected", "note": "The document is not signed."})
    assert done.status_code == 303
    again = client.post(f"/wallet/manage/certifications/{certification_id}",
                        data={"status": "accepted", "note": ""})
    assert again.status_code == 422
    with app.app_context():
        row = db.session.get(Certification, certification_id)
        assert row.status == "rejected" and row.reviewed_at is not None
    mails = outbox(app, "impiegata@example.edu")
    assert mails and "could not accept" in mails[-1].body and "The document is not signed." in mails[-1].body


def test_certifications_refuse_bad_files_and_other_peoples_family(app, client, signed_in, make_user, plan_year):
    other = make_user("altro", roles=("dipendente",))
    with app.app_context():
        member = FamilyMember(user_id=other.id, full_name="Figlio Altrui", relationship="child",
                              birth_date=date(2015, 5, 5), codice_fiscale="RSSMRA15E05L219X", fiscally_dependent=True)
        db.session.add(member)
        db.session.commit()
        member_id = member.id
    signed_in(access_code="impiegata")
    assert _send_certification(client, content=b"MZ\x90\x00").status_code == 422
    response = _send_certification(client, family_member=str(member_id))
    assert response.status_code == 422
    assert _send_certification(client, kind="health_records").status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Certification)) == 0


def test_another_persons_certification_is_404(app, client, signed_in, make_user, plan_year):
    signed_in(access_code="impiegata")
    _send_certification(client, content=PNG, name="foto.png")
    with app.app_context():
        certification_id = db.session.scalar(select(Certification.id))
    client.post("/auth/logout", data={})
    signed_in(access_code="collega")
    assert client.get(f"/wallet/certifications/{certification_id}/file").status_code == 404
    assert client.get("/wallet/certifications/999999/file").status_code == 404
    assert client.get("/wallet/forms/999999/file").status_code == 404


@pytest.mark.parametrize("role", ["amministratore", "dec"])
def test_the_institution_never_sees_a_certification_nor_a_family_member(app, client, signed_in, make_user, plan_year,
                                                                      role):
    """Tender §4.2.6: a certification (health, non-self-sufficiency) never reaches the institution's roles."""
    employee = signed_in(access_code="impiegata")
    with app.app_context():
        member = FamilyMember(user_id=employee.id, full_name="Nonna Pina", relationship="other",
                              birth_date=date(1940, 5, 5), codice_fiscale="PNIGNN40E45L219X")
        db.session.add(member)
        db.session.commit()
        member_id = member.id
    assert _send_certification(client, kind="care", family_member=str(member_id)).status_code == 303
    with app.app_context():
        certification_id = db.session.scalar(select(Certification.id))
    client.post("/auth/logout", data={})
    signed_in(roles=(role,), access_code="ateneo")
    assert client.get(f"/wallet/certifications/{certification_id}/file").status_code == 403
    assert client.get("/wallet/manage/certifications").status_code == 403
    assert client.post(f"/wallet/manage/certifications/{certification_id}",
                       data={"status": "accepted"}).status_code == 403
    for page in ("/wallet/manage", "/wallet/manage/dashboard", "/wallet/"):
        text = client.get(page).get_data(as_text=True)
        assert "Nonna Pina" not in text and "contributi.pdf" not in text
    with app.app_context():
        # the security log, which the institution may ask for, names no kind of certification
        details = " ".join(db.session.scalars(select(AuditEvent.details)))
        assert "care" not in details and "Nonna" not in details


def test_every_opening_of_a_certification_is_audited_and_nobody_reviews_their_own(app, client, signed_in, make_user,
                                                                                 plan_year):
    operator = signed_in(roles=("dipendente", "operatore_welfare"), access_code="verifica")
    assert _send_certification(client).status_code == 303
    with app.app_context():
        certification_id = db.session.scalar(select(Certification.id))
    own = client.post(f"/wallet/manage/certifications/{certification_id}", data={"status": "accepted"})
    assert own.status_code == 422 and "un altro operatore" in own.get_data(as_text=True)
    colleague = app.test_client()
    make_user("valida", roles=("operatore_welfare",))
    login(colleague, "valida")
    assert colleague.get(f"/wallet/certifications/{certification_id}/file").status_code == 200
    assert colleague.post(f"/wallet/manage/certifications/{certification_id}",
                          data={"status": "accepted"}).status_code == 303
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).where(AuditEvent.event == "wallet.certification_opened")).all()
        assert [(row.actor.access_code, row.user_id) for row in rows] == [("valida", operator.id)]
