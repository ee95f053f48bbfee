"""`flask data mask`: a production copy for development and test with every personal value replaced, consistently
(the same person masks the same way everywhere), money and dates untouched, documents replaced by placeholders;
the source is never written (welfare tender §4.2.6, "tecniche di data masking")."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from sqlalchemy import Column, MetaData, String, Table, Text, create_engine, select, text
from stdnum.it import codicefiscale

from portal.site import masking
from portal.site.data import MARKER, portal_tables
from portal.site.placeholders import PLACEHOLDERS
from tests.site.scratch import PERSONAL, app_on, dispose, migrate, scratch_databases, seed_production

SIGNATURES = {"application/pdf": b"%PDF-", "image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff"}


@pytest.fixture
def production(tmp_path):
    """A migrated production database seeded with the demo data and documents, and a scratch factory."""
    with scratch_databases(tmp_path) as scratch:
        uploads = tmp_path / "production-uploads"
        source = scratch.url("source")
        app = app_on(source, uploads)
        migrate(app)
        seed_production(app)
        dispose(app)
        yield scratch, source, uploads


def _all_text(url: str) -> str:
    """Every value of every table of a database, as one text to search."""
    engine = create_engine(url)
    with engine.connect() as connection:
        parts = [repr(row) for table in portal_tables() for row in connection.execute(select(table))]
    engine.dispose()
    return "\n".join(parts)


def _fingerprint(url: str, uploads: Path) -> tuple[str, dict[str, str]]:
    files = {str(path.relative_to(uploads)): hashlib.sha256(path.read_bytes()).hexdigest()
             for path in sorted(uploads.rglob("*")) if path.is_file()}
    return hashlib.sha256(_all_text(url).encode()).hexdigest(), files


def _mask(app, *args: str):
    return app.test_cli_runner().invoke(args=["data", "mask", *args])


def _rows(url: str, sql: str) -> list:
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text(sql)).all()
    engine.dispose()
    return rows


def test_the_copy_holds_no_personal_value_and_the_same_person_masks_the_same_way(app, production, tmp_path):
    scratch, source, source_uploads = production
    before = _fingerprint(source, source_uploads)
    target, target_uploads = scratch.url("target"), tmp_path / "dev-uploads"
    key = tmp_path / "mask.key"
    key.write_text("a-development-masking-key-0123456789")

    result = _mask(app, "--source", source, "--target", target, "--uploads", str(target_uploads),
                   "--key-file", str(key), "--password", "sviluppo-locale-2026")
    assert result.exit_code == 0, result.output
    assert "documents replaced by placeholders" in result.output

    # The source, database and files, is exactly as it was.
    assert _fingerprint(source, source_uploads) == before

    # No name, e-mail, codice fiscale, identifier, phone or health note of production is left anywhere.
    copy = _all_text(target)
    for kind, values in PERSONAL.items():
        for value in values:
            assert value.casefold() not in copy.casefold(), (kind, value)
    # The micro nido's receipt details (the paying parent's codice fiscale and address, the child's codice fiscale)
    # and their copies on the receipts are masked too; a codice fiscale masks the same in the family and its receipts.
    originals_cf = {value for sql in ("SELECT payer_codice_fiscale FROM childcare_families",
                                      "SELECT codice_fiscale FROM childcare_children",
                                      "SELECT child_codice_fiscale FROM childcare_nursery_receipts")
                    for (value,) in _rows(source, sql) if value}
    addresses = {value for (value,) in _rows(source, "SELECT address FROM childcare_families") if value}
    assert originals_cf and addresses and _rows(source, "SELECT count(*) FROM childcare_nursery_receipts")[0][0]
    for value in originals_cf | addresses:
        assert value.casefold() not in copy.casefold(), value
    receipts = _rows(target, "SELECT r.payer_codice_fiscale, f.payer_codice_fiscale FROM childcare_nursery_receipts r "
                             "JOIN childcare_families f ON f.id = r.family_id")
    assert receipts and all(on_receipt == on_family and codicefiscale.is_valid(on_receipt)
                            for on_receipt, on_family in receipts)
    assert "secret content" not in "".join(path.read_bytes().decode("latin-1")
                                           for path in target_uploads.rglob("*") if path.is_file())

    # Every row came over, with the same ids, money and dates.
    for table in ("users", "wallets", "wallet_ledger", "caf_practices", "caf_members", "childcare_children",
                  "wallet_reimbursements", "audit_events", "outbox_mails"):
        assert _rows(source, f"SELECT count(*) FROM {table}") == _rows(target, f"SELECT count(*) FROM {table}")
    money = ("SELECT w.id, w.balance_cents, w.allocated_cents, w.spent_cents, sum(l.amount_cents) FROM wallets w "
             "JOIN wallet_ledger l ON l.wallet_id = w.id GROUP BY w.id, w.balance_cents, w.allocated_cents, "
             "w.spent_cents ORDER BY w.id")
    assert _rows(target, money) == _rows(source, money) and _rows(target, money)
    dates = "SELECT id, birth_date FROM childcare_children ORDER BY id"
    assert _rows(target, dates) == _rows(source, dates)
    assert _rows(target, "SELECT amount_cents, expense_date FROM wallet_reimbursements") == _rows(
        source, "SELECT amount_cents, expense_date FROM wallet_reimbursements")

    # The same person masks the same way in every table: identifiers, e-mails, names, codici fiscali.
    users = {row.access_code: row for row in _rows(target, "SELECT * FROM users ORDER BY id")}
    originals = {row.id: row for row in _rows(source, "SELECT * FROM users ORDER BY id")}
    assert not set(users) & {row.access_code for row in originals.values()}
    marco = next(row for row in users.values() if originals[row.id].access_code == "dipendente")
    assert _rows(target, f"SELECT matricola FROM wallets WHERE user_id = {marco.id}") == [(marco.matricola,)]
    for student in _rows(target, "SELECT user_id, codice_persona, matricola FROM caf_students"):
        user = next(row for row in users.values() if row.id == student.user_id)
        assert (student.codice_persona, student.matricola) == (user.codice_persona, user.matricola)
    assert _rows(target, "SELECT to_addr FROM outbox_mails") == [(marco.email,)]
    payroll = _rows(target, "SELECT content FROM wallet_payroll_batches")[0][0]
    assert f"{marco.codice_fiscale};{marco.matricola};450,00;{marco.full_name}" in payroll
    assert marco.full_name in _rows(target, "SELECT description FROM wallet_ledger WHERE kind = 'purchase'")[0][0]
    amara = next(row for row in users.values() if originals[row.id].access_code == "candidata")
    assert _rows(target, "SELECT full_name FROM caf_members ORDER BY position")[0][0] == amara.full_name
    grandfather = _rows(target, "SELECT full_name, phone FROM childcare_pickup_people")[0]
    phones = dict(_rows(target, "SELECT parent_id, phone FROM childcare_families"))
    giulia = next(row for row in users.values() if originals[row.id].access_code == "genitore")
    # Giulia's family and Marco's grandfather gave the same number: it masks the same; Marco's own differs.
    assert grandfather.phone == phones[giulia.id] != phones[marco.id]
    details = _rows(target, "SELECT details FROM audit_events WHERE event = 'user.updated'")[0][0]
    assert marco.email in details and marco.full_name in details

    # Masked identifiers keep their form: a valid codice fiscale, 8 and 6 ASCII digits.
    for row in users.values():
        assert row.codice_fiscale is None or codicefiscale.is_valid(row.codice_fiscale)
        assert row.codice_persona is None or re.fullmatch(r"[0-9]{8}", row.codice_persona)
        assert row.matricola is None or re.fullmatch(r"[0-9]{6}", row.matricola)
        assert row.email.endswith("@example.org")
    for (cf,) in _rows(target, "SELECT codice_fiscale FROM wallet_family_members"):
        assert codicefiscale.is_valid(cf) and cf != marco.codice_fiscale

    # Documents: a small valid file of the same type, where the row says, with its size and SHA-256.
    documents = _rows(target, "SELECT stored_name, original_name, content_type, size, sha256 FROM caf_documents "
                              "UNION ALL SELECT stored_name, original_name, content_type, size, sha256 FROM "
                              "wallet_reimbursement_documents UNION ALL SELECT stored_name, original_name, "
                              "content_type, size, sha256 FROM wallet_certifications")
    assert sorted(row.content_type for row in documents) == ["application/pdf", "image/jpeg", "image/png"]
    for row in documents:
        content = (target_uploads / row.stored_name).read_bytes()
        assert content == PLACEHOLDERS[row.content_type][0] and content.startswith(SIGNATURES[row.content_type])
        assert (row.size, row.sha256) == (len(content), hashlib.sha256(content).hexdigest())
        assert row.original_name.startswith("documento-")
    assert (target_uploads / MARKER).exists()

    # The copy works: a developer signs in to it with the copy's password.
    dev = app_on(target, target_uploads)
    response = dev.test_client().post("/auth/login", data={"access_code": marco.access_code,
                                                          "password": "sviluppo-locale-2026"})
    assert response.status_code == 303 and "/auth/login" not in response.headers["Location"]
    dispose(dev)

    # Same key, same pseudonyms: a second copy (replacing the first) maps every person the same way.
    again = _mask(app, "--source", source, "--target", target, "--uploads", str(target_uploads), "--key-file",
                  str(key), "--replace")
    assert again.exit_code == 0, again.output
    assert {row.access_code: (row.full_name, row.email, row.codice_fiscale, row.codice_persona, row.matricola)
            for row in _rows(target, "SELECT * FROM users")} == {
        code: (row.full_name, row.email, row.codice_fiscale, row.codice_persona, row.matricola)
        for code, row in users.items()}


def test_the_copy_never_writes_into_the_source_nor_into_a_database_that_is_not_empty(app, production, tmp_path):
    scratch, source, source_uploads = production
    before = _fingerprint(source, source_uploads)

    if source.startswith("sqlite"):  # the same file under another spelling
        alias = source.replace("/source.sqlite3", "/../" + Path(source.split("///")[1]).parent.name
                               + "/source.sqlite3")
    else:
        alias = source.replace("127.0.0.1", "localhost")
    result = _mask(app, "--source", source, "--target", alias, "--uploads", str(tmp_path / "x"), "--replace")
    assert result.exit_code != 0 and "never writes into the source" in result.output

    target, target_uploads = scratch.url("target"), tmp_path / "dev-uploads"
    assert _mask(app, "--source", source, "--target", target, "--uploads", str(target_uploads)).exit_code == 0
    refused = _mask(app, "--source", source, "--target", target, "--uploads", str(tmp_path / "other"))
    assert refused.exit_code != 0 and "The target is not empty" in refused.output

    # A folder of real documents is never emptied, even with --replace.
    other = scratch.url("other")
    real = tmp_path / "real-uploads"
    (real / "wallet").mkdir(parents=True)
    (real / "wallet" / "receipt.pdf").write_bytes(b"%PDF-1.4 a real receipt")
    refused = _mask(app, "--source", source, "--target", other, "--uploads", str(real), "--replace")
    assert refused.exit_code != 0 and "no masked copy wrote" in refused.output
    assert (real / "wallet" / "receipt.pdf").read_bytes() == b"%PDF-1.4 a real receipt"
    assert _fingerprint(source, source_uploads) == before


def test_every_text_column_of_every_table_has_a_masking_decision():
    assert masking.policy_problems(portal_tables()) == []


def test_a_new_personal_column_without_a_decision_fails_the_policy_check():
    tables = portal_tables()
    metadata = MetaData()
    users = next(table for table in tables if table.name == "users").to_metadata(metadata)
    users.append_column(Column("home_address", String(200)))
    notes = Table("childcare_health_notes", metadata, Column("id", primary_key=True), Column("body", Text))
    problems = masking.policy_problems([users, notes])
    assert "users.home_address: column without a masking decision" in problems
    assert "childcare_health_notes: table without a masking decision" in problems


# Columns kept as they are although their name sounds personal: each one is about an organisation or the portal.
KEPT_ON_PURPOSE = {
    "caf_offices.name", "caf_offices.address",  # the CAF's offices, published to students
    "wallet_providers.name", "affiliation_requests.name",  # companies
    "legal_texts.body_it", "legal_texts.body_en",  # the portal's published texts
    "childcare_nursery_receipts.nursery_name",  # the micro nido's name on its receipts
    "wallet_family_members.relationship",  # a code: child, spouse, parent...
    # discounts: merchants (businesses) and the offers' shop addresses, published to staff
    "discounts_merchants.name", "discounts_offers.address",
    # tutoring: the service's code, tutoring or lis
    "tutoring_requests.service", "tutoring_assignments.service", "tutoring_caps.service", "tutoring_sessions.service",
    "courses_cert_sessions.body", "courses_cert_numbers.body",  # a certifying body: CELI, CILS, PLIDA, CERT.IT
    "tutoring_monthly_forms.service",
    "helpdesk_ready_answers.body_it", "helpdesk_ready_answers.body_en",  # the office's published answers (the FAQ)
}
PERSONAL_NAMES = re.compile(r"name|mail|phone|address|codice|matricola|note|body|comment|message|detail|content|"
                            r"ip$|answer|service|description|allerg|picked_up|password|token|access_code|attachment")


def test_columns_that_sound_personal_are_masked_unless_kept_on_purpose():
    kept = [f"{table}.{column}" for table, decided in masking.POLICY.items() for column, action in decided.items()
            if action == masking.KEEP and PERSONAL_NAMES.search(column)]
    catalog = re.compile(r"^(wallet_areas|wallet_offers|wallet_forms)\.|\.attachment_(name|type)$")
    assert sorted(name for name in kept if not catalog.search(name)) == sorted(KEPT_ON_PURPOSE)


def test_masked_identifiers_are_distinct_valid_and_keyed():
    masker = masking.Masker(key=b"k" * 32)
    other = masking.Masker(key=b"z" * 32)
    spread = range(0, 10**8, 10**8 // 3000)
    personas = {masker.codice_persona(f"{n:08d}") for n in spread}
    matricole = {masker.matricola(f"{n:06d}") for n in range(3000)}
    assert len(personas) == len(spread) and len(matricole) == 3000
    assert all(re.fullmatch(r"[0-9]{8}", value) for value in personas)
    assert all(re.fullmatch(r"[0-9]{6}", value) for value in matricole)
    assert masker.matricola("245678") == masker.matricola("245678") != other.matricola("245678")
    assert masker.matricola("١٢٣٤٥٦").isascii()  # even a value typed with other digits becomes ASCII
    cf = masker.codice_fiscale("BNCMRC80A01L219U")
    assert codicefiscale.is_valid(cf) and cf == masker.codice_fiscale("bncmrc80a01l219u")
    assert masker.name("Marco  Bianchi") == masker.name("marco bianchi") != "Marco Bianchi"
    assert masker.text("") == "" and masker.text(None) is None
    note = masker.text("celiachia: pasti senza glutine", 200)
    assert "celiachia" not in note and note.startswith("[testo mascherato")


def test_placeholders_are_valid_files_of_their_type():
    pdf, png, jpeg = (PLACEHOLDERS[kind][0] for kind in ("application/pdf", "image/png", "image/jpeg"))
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    offset = int(pdf.rsplit(b"startxref", 1)[1].split()[0])
    assert pdf[offset:offset + 4] == b"xref"
    entries = pdf[offset:].split(b"\n")[3:8]  # objects 1 to 5: each offset points at its "N 0 obj"
    assert [pdf[int(entry[:10]):].split(b"\n")[0] for entry in entries] == [b"%d 0 obj" % n for n in range(1, 6)]
    assert png.startswith(SIGNATURES["image/png"]) and png.endswith(b"IEND\xaeB`\x82")
    assert jpeg.startswith(b"\xff\xd8\xff\xdb") and jpeg.endswith(b"\xff\xd9")


def test_known_values_are_replaced_inside_structured_text_and_nothing_else():
    masker = masking.Masker(key=b"k" * 32)
    for kind, value in ((masking.NAME, "Rosa D'Angelo"), (masking.NAME, "Li"), (masking.MATRICOLA, "054321"),
                        (masking.CODICE_PERSONA, "10234567"), (masking.PHONE, "+39 011 555 0101")):
        masker.learn(kind, value)
    line = ("Pagato a ROSA  d'angelo (matricola 054321, persona 10234567, tel. 011 555 0101, rosa@example.edu, "
            "BNCMRC80A01L219U); importo 054321,00 il 2026-02-10; Li ha firmato")
    scrubbed = masker.scrub(line)
    assert masker.name("Rosa D'Angelo") in scrubbed and "angelo" not in scrubbed.casefold()
    assert masker.matricola("054321") in scrubbed and masker.codice_persona("10234567") in scrubbed
    assert masker.phone("+39 011 555 0101") in scrubbed and "555" not in scrubbed
    assert "rosa@example.edu" not in scrubbed and "BNCMRC80A01L219U" not in scrubbed
    assert "il 2026-02-10" in scrubbed and "Li ha firmato" in scrubbed  # dates kept; a lone first name is not known
    assert masker.scrub("054321,054321") == f"{masker.matricola('054321')},{masker.matricola('054321')}"
    assert masker.scrub(scrubbed) == scrubbed  # pseudonyms are not masked again


def test_an_unreachable_database_is_a_clear_error(app, tmp_path):
    result = _mask(app, "--source", "postgresql+psycopg://nobody@127.0.0.1:9/none", "--target",
                   f"sqlite:///{tmp_path / 'dev.sqlite3'}", "--uploads", str(tmp_path / "u"))
    assert result.exit_code != 0 and "could not be reached" in result.output
    missing = _mask(app, "--source", f"sqlite:///{tmp_path / 'missing.sqlite3'}", "--target",
                    f"sqlite:///{tmp_path / 'dev.sqlite3'}", "--uploads", str(tmp_path / "u"))
    assert missing.exit_code != 0 and "no such database file" in missing.output
