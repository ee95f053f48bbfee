"""ISEEU parificato practices through their use cases: submission, dialogue, outcome, originals."""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from portal.caf import services
from portal.caf.models import Document, Event, Practice, Report, Student
from portal.core.calendar import to_rome, today_in_rome
from portal.core.rules import RuleViolation
from portal.extensions import db
from tests.caf.conftest import in_person_practice, pdf, worked_example_practice
from tests.conftest import login, outbox


def submitted_practice(app, make_student):
    user, student_id = make_student()
    with app.test_request_context():
        practice = worked_example_practice(user, student_id)
        services.submit(user, practice, declaration=True)
        db.session.commit()
        return user, practice.id


def test_a_student_without_provisioned_identifiers_claims_one_each_checked(app, make_user):
    user = make_user("studente", roles=("studente",))
    with app.test_request_context():
        for persona, matricola in (("", ""), ("1234567", ""), ("", "12345"), ("1234567a", "")):
            with pytest.raises(RuleViolation):
                services.save_student(user, persona, matricola, "abroad", "JP", "")
        for country in ("Japan", "XX", "EU"):  # a name, not a code; no such country; not a country
            with pytest.raises(RuleViolation) as refused:
                services.save_student(user, "12345678", "", "abroad", country, "")
            assert refused.value.field == "country"
        student = services.save_student(user, "", "123456", "enrolled", "", "")
        # Only a claim: the CAF links it after checking it.
        assert (student.codice_persona, student.matricola) == (None, None)
        assert (student.claimed_codice_persona, student.claimed_matricola) == (None, "123456")
        assert services.identifiers_pending(student)
        db.session.commit()


def test_a_student_cannot_claim_an_identifier_other_than_the_accounts(app, make_user):
    """The university provisioned the account: a different codice persona is refused, the account's is linked."""
    user = make_user("studente", roles=("studente",), codice_persona="12345678")
    make_user("proprietario", roles=("studente",), matricola="654321")
    with app.test_request_context():
        with pytest.raises(RuleViolation) as refused:
            services.save_student(user, "87654321", "", "abroad", "JP", "")
        assert refused.value.field == "codice_persona"
        with pytest.raises(RuleViolation) as refused:  # a matricola the account does not have is not the student's
            services.save_student(user, "12345678", "654321", "abroad", "JP", "")
        assert refused.value.field == "matricola"
        db.session.rollback()
        student = services.save_student(user, "", "", "abroad", "JP", "")
        assert (student.codice_persona, student.matricola) == ("12345678", None)
        db.session.commit()
    other = make_user("altro", roles=("studente",))
    with app.test_request_context():  # another account's identifiers cannot be claimed either
        for persona, matricola in (("12345678", ""), ("", "654321")):
            with pytest.raises(RuleViolation):
                services.save_student(other, persona, matricola, "enrolled", "", "")
            db.session.rollback()


def test_the_account_owner_is_linked_even_if_another_student_was_linked_to_it(app, make_user, operator):
    """An operator linked a codice persona to a student whose account had none; the university then gives it to
    another account: its owner is linked, the other link goes back to a claim."""
    first = make_user("primo", roles=("studente",))
    with app.test_request_context():
        student = services.save_student(first, "12345678", "", "abroad", "JP", "")
        db.session.commit()
        first_id = student.id
    owner = make_user("proprietario", roles=("studente",), codice_persona="12345678")
    with app.test_request_context():
        db.session.execute(Student.__table__.update().where(Student.id == first_id)
                           .values(codice_persona="12345678", claimed_codice_persona=None))
        db.session.commit()
        student = services.save_student(owner, "", "", "abroad", "JP", "")
        db.session.commit()
        assert student.codice_persona == "12345678"
        first_student = db.session.get(Student, first_id)
        assert (first_student.codice_persona, first_student.claimed_codice_persona) == (None, "12345678")


def test_submission_needs_every_required_document_and_the_declaration(app, make_student):
    user, student_id = make_student()
    with app.test_request_context():
        practice = services.start_remote_practice(user, db.session.get(Student, student_id))
        with pytest.raises(RuleViolation):
            services.submit(user, practice, declaration=True)
        db.session.rollback()
        practice = worked_example_practice(user, student_id)
        with pytest.raises(RuleViolation):
            services.submit(user, practice, declaration=False)
        assert practice.status == "draft" and practice.number is None


def test_submission_gives_a_number_a_release_date_and_a_receipt_in_english_and_italian(app, make_student):
    user, practice_id = submitted_practice(app, make_student)
    with app.app_context():
        practice = db.session.get(Practice, practice_id)
        assert practice.status == "submitted" and practice.number == f"2026-{practice.id:06d}"
        assert practice.first_submitted_at is not None
    (receipt,) = outbox(app, user.email)
    assert practice.number in receipt.subject
    assert "abbiamo preso in carico" in receipt.body and "we have taken charge" in receipt.body
    assert "CAF Milano" in receipt.body  # the CAF's contacts


def test_uploads_are_checked_by_content(app, make_student):
    user, student_id = make_student()
    with app.test_request_context():
        practice = services.start_remote_practice(user, db.session.get(Student, student_id))
        with pytest.raises(RuleViolation):
            services.add_documents(user, practice, "identity", practice.members[0].id,
                                   [pdf("passport.pdf", b"MZ\x90\x00 not a pdf")])
        db.session.rollback()
        assert db.session.scalar(select(func.count(Document.id))) == 0


def test_the_operator_asks_the_student_who_answers_and_sends_again(app, make_student, operator):
    user, practice_id = submitted_practice(app, make_student)
    with app.test_request_context():
        practice = db.session.get(Practice, practice_id)
        services.ask_student(operator, practice, "Please upload the Apostille of your father's income.")
        db.session.commit()
        assert practice.status == "waiting_student"
        assert services.can_edit(user, practice)
        services.add_documents(user, practice, "income", practice.members[1].id, [pdf("apostille.pdf")])
        services.send_message(user, practice, "Done, uploaded.")
        services.submit(user, practice, declaration=True)
        db.session.commit()
        assert practice.status == "submitted"
        assert [m.from_caf for m in services.messages_of(practice)] == [True, False]
        first_submission = practice.first_submitted_at
    mails = outbox(app, user.email)
    assert len(mails) == 2 and "Apostille" in mails[1].body  # the receipt once, then the CAF's question
    with app.app_context():
        assert db.session.get(Practice, practice_id).first_submitted_at == first_submission


def test_a_remote_practice_computed_is_da_confermare_with_every_figure_kept(app, make_student, operator, usd_rate):
    user, practice_id = submitted_practice(app, make_student)
    with app.test_request_context():
        practice = db.session.get(Practice, practice_id)
        practice.first_submitted_at -= timedelta(days=40)  # submitted long before the CAF decides
        services.take(operator, practice)
        report = services.decide(operator, practice, set())
        db.session.commit()
        assert (report.state, report.iseeu_cents, report.ispeu_cents) == ("DA CONFERMARE", 2102529, 3963415)
        assert practice.status == "awaiting_originals"
        figures = json.loads(practice.calculation)
        assert figures["isr_cents"] == 3222222 and figures["buildings_cents"] == 8250000  # the land is not valued
        assert report.release_date == to_rome(practice.first_submitted_at).date()  # the first submission
        kinds = [event.kind for event in services.events_of(practice)]
        assert kinds[-1] == "outcome" and "submitted" in kinds
        assert all(event.actor_id for event in db.session.scalars(select(Event)))


def test_a_missing_exchange_rate_blocks_the_calculation_and_writes_nothing(app, make_student, operator):
    user, practice_id = submitted_practice(app, make_student)
    with app.test_request_context():
        practice = db.session.get(Practice, practice_id)
        services.take(operator, practice)
        db.session.commit()
        with pytest.raises(RuleViolation) as refused:
            services.decide(operator, practice, set())
        db.session.rollback()
        assert "USD" in str(refused.value)
        assert db.session.scalar(select(func.count(Report.id))) == 0
        assert db.session.get(Practice, practice_id).status == "in_review"


def test_a_remote_practice_not_computable_is_nul_and_never_computed(app, make_student, operator):
    user, practice_id = submitted_practice(app, make_student)
    with app.test_request_context():
        practice = db.session.get(Practice, practice_id)
        services.take(operator, practice)
        report = services.decide(operator, practice, {"no_translation"})  # no rate needed: nothing is computed
        # The tender: case 3 is sent as CONFERMATO with NUL in its own field, remotely as in person.
        assert (report.state, report.nul, report.iseeu_cents) == ("CONFERMATO", True, None)
        assert practice.university_state == "CONFERMATO" and practice.nul
        assert practice.status == "concluded"


def test_originals_that_match_confirm_and_that_differ_rectify(app, make_student, operator, usd_rate):
    user, practice_id = submitted_practice(app, make_student)
    with app.test_request_context():
        practice = db.session.get(Practice, practice_id)
        services.take(operator, practice)
        services.decide(operator, practice, {"no_legalisation"})
        assert practice.university_state == "DA CONFERMARE CON DIFFORMITA'" and practice.anomaly
        income = practice.incomes[0]
        services.remove_line(operator, practice, "income", income.id)
        services.add_line(operator, practice, "income", {"member_id": income.member_id, "amount": Decimal("30000"),
                                                         "currency": "USD", "description": "salary (original)"})
        report = services.confirm_originals(operator, practice, originals_match=False)
        assert report.state == "RETTIFICATO CONFERMATO" and report.iseeu_cents > 2102529
        assert report.release_date == to_rome(practice.first_submitted_at).date()
        assert practice.status == "concluded" and not services.can_edit(operator, practice)
        with pytest.raises(RuleViolation):
            services.confirm_originals(operator, practice, originals_match=True)


def test_an_in_person_practice_is_confirmed_at_once(app, make_student, operator, usd_rate, office):
    user, student_id = make_student(kind="enrolled", matricola="654321")
    with app.test_request_context():
        student = db.session.get(Student, student_id)
        practice = in_person_practice(operator, student)
        services.add_line(operator, practice, "income", {"member_id": practice.members[0].id,
                                                         "amount": Decimal("10800"), "currency": "USD",
                                                         "description": ""})
        report = services.decide(operator, practice, set())
        assert report.state == "CONFERMATO" and report.iseeu_cents == 1000000  # 10,800 USD / 1.08, alone
        nul = services.decide  # the in-person NUL case keeps CONFERMATO with the NUL marker
        other = services.open_in_person(operator, student, None)
        with pytest.raises(RuleViolation, match="date of birth|data di nascita"):  # no made-up birth date reaches a result
            nul(operator, other, {"private_issuer"})
        services.save_member(operator, other, other.members[0], {
            "full_name": "Aiko Tanaka", "relationship_to_student": "student", "birth_date": date(2004, 5, 1),
            "disabled": False})
        report = nul(operator, other, {"private_issuer"})
        assert (report.state, report.nul) == ("CONFERMATO", True)


def test_an_independent_student_is_assessed_alone(app, make_student, operator, usd_rate):
    user, practice_id = submitted_practice(app, make_student)
    with app.test_request_context():
        practice = db.session.get(Practice, practice_id)
        services.add_line(operator, practice, "income", {"member_id": practice.members[0].id,
                                                         "amount": Decimal("10800"), "currency": "USD",
                                                         "description": "own work"})
        services.save_conditions(operator, practice, {"years_away": 3, "family_owns_dwelling": False,
                                                      "own_income_last_year_cents": 1_000_000,
                                                      "own_income_year_before_cents": 0})
        result = services.preview(practice)
        assert result.scale == Decimal("1.00") and result.iseeu_cents == 1000000


def test_another_students_practice_and_documents_are_not_found(app, make_student, make_user):
    user, practice_id = submitted_practice(app, make_student)
    other, _ = make_student("altro", codice_persona="87654321")
    with app.test_request_context():
        assert services.practice_for(other, practice_id) is None
        document = db.session.scalars(select(Document)).first()
        assert services.document_for(other, document.id) is None
        assert services.document_for(user, document.id) is not None


def test_a_file_over_the_size_limit_is_refused_and_nothing_stays_on_disk(app, make_student):
    import os

    user, student_id = make_student()
    limit = app.config["PORTAL_UPLOAD_FILE_MAX_MB"]
    with app.test_request_context():
        practice = services.start_remote_practice(user, db.session.get(Student, student_id))
        db.session.commit()
        folder = os.path.join(app.config["PORTAL_UPLOAD_DIR"], "caf", str(practice.id))
        before = set(os.listdir(folder)) if os.path.isdir(folder) else set()
        big = b"%PDF-1.7\n" + b"0" * (limit * 1024 * 1024)
        with pytest.raises(RuleViolation) as refused:
            services.add_documents(user, practice, "identity", practice.members[0].id, [pdf("big.pdf", big)])
        db.session.rollback()
        assert "big.pdf" in str(refused.value)
        kept = services.add_documents(user, practice, "identity", practice.members[0].id,
                                      [pdf("ok.pdf", big[: 1024 * 1024])])
        db.session.commit()
        assert kept[0].size == 1024 * 1024
        added = set(os.listdir(folder)) - before
    assert added == {os.path.basename(kept[0].stored_name)}  # the refused one was removed


def test_the_students_mails_link_to_the_practice_and_the_appointments(app, make_student):
    user, practice_id = submitted_practice(app, make_student)
    (receipt,) = outbox(app, user.email)
    assert f"http://localhost/caf/practices/{practice_id}" in receipt.body


def test_the_queue_shows_when_each_answer_is_due_and_filters_the_overdue(app, make_student, operator):
    """The CAF answers within PORTAL_CAF_ANSWER_DAYS (15) of the first submission; waiting for the student pauses it."""
    ages = {"vecchia": 20, "scade": 13, "nuova": 1, "attesa": 30}
    ids = {}
    for number, (code, days) in enumerate(ages.items()):
        user, student_id = make_student(code, codice_persona=f"1234567{number}")
        with app.test_request_context():
            practice = worked_example_practice(user, student_id)
            services.submit(user, practice, declaration=True)
            practice.first_submitted_at -= timedelta(days=days)
            if code == "attesa":
                services.ask_student(operator, practice, "Please upload the translation.")
            db.session.commit()
            ids[code] = practice.id
    with app.test_request_context():
        def numbers(**filters):
            return {practice.id for practice in services.queue(services.QueueFilter(**filters))}

        assert numbers(due_within_days=-1) == {ids["vecchia"]}
        assert numbers(due_within_days=3) == {ids["vecchia"], ids["scade"]}
        assert numbers() == set(ids.values())
        today = today_in_rome()
        late = db.session.get(Practice, ids["vecchia"])
        assert services.answer_due(late) == today - timedelta(days=5)
        assert services.answer_due(db.session.get(Practice, ids["attesa"])) is None  # the student's turn
    client = app.test_client()
    assert login(client, "operatore").status_code == 303
    page = client.get("/caf/queue?due=overdue", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert page.count("list-group-item") == 1 and "scaduto il" in page  # the operator reads Italian
    assert "risposta entro il" in client.get("/caf/queue?due=7").get_data(as_text=True)
