"""Students from the year's "particularly poor countries" need only a consular certificate: no calculation."""

from datetime import date

import pytest
from sqlalchemy import func, select

from portal.caf import services
from portal.caf.models import PoorCountry, Practice, Student
from portal.core.calendar import today_in_rome
from portal.core.rules import RuleViolation
from portal.extensions import db
from tests.caf.conftest import pdf

YEAR = 2026


@pytest.fixture
def mali_listed(app, operator):
    with app.test_request_context():
        services.add_poor_country(operator, YEAR, "ML")
        db.session.commit()


def consular_practice(app, make_student):
    """A student from Mali: the practice holds only the identity and the consular certificate, sent."""
    user, student_id = make_student(country="ML")
    with app.test_request_context():
        practice = services.start_remote_practice(user, db.session.get(Student, student_id))
        practice.rule_year = YEAR
        services.save_member(user, practice, practice.members[0], {
            "full_name": "Awa Traoré", "relationship_to_student": "student", "birth_date": date(2004, 5, 1),
            "disabled": False})
        assert [kind for kind, _ in services.missing_documents(practice)] == ["identity", "consular"]
        for kind, member in services.missing_documents(practice):
            services.add_documents(user, practice, kind, member.id if member else None, [pdf()])
        services.submit(user, practice, declaration=True)
        db.session.commit()
        return user, practice.id


def test_the_practice_of_a_listed_country_needs_only_identity_and_consular_certificate(app, make_student,
                                                                                        mali_listed):
    user, practice_id = consular_practice(app, make_student)
    with app.app_context():
        assert db.session.get(Practice, practice_id).status == "submitted"


def test_an_unlisted_country_or_another_years_list_asks_for_the_whole_practice(app, make_student, operator):
    user, student_id = make_student(country="ML")
    with app.test_request_context():
        services.add_poor_country(operator, YEAR - 1, "ML")  # last year's decree does not count
        services.add_poor_country(operator, YEAR, "NP")
        practice = services.start_remote_practice(user, db.session.get(Student, student_id))
        practice.rule_year = YEAR
        kinds = {kind for kind, _ in services.missing_documents(practice)}
        assert "consular" not in kinds and {"income", "property", "family"} <= kinds


def test_decided_on_the_certificate_without_exchange_rates_and_confirmed_after_the_originals(
        app, make_student, operator, mali_listed):
    user, practice_id = consular_practice(app, make_student)
    with app.test_request_context():
        practice = db.session.get(Practice, practice_id)
        services.take(operator, practice)
        report = services.decide(operator, practice, set())  # no rates were entered: none are needed
        assert (report.state, report.iseeu_cents, report.ispeu_cents) == ("DA CONFERMARE", None, None)
        assert report.consular_certificate and practice.consular_certificate and practice.calculation == ""
        with pytest.raises(RuleViolation):
            services.confirm_originals(operator, practice, originals_match=False)  # no figures to correct
        confirmed = services.confirm_originals(operator, practice, originals_match=True)
        assert (confirmed.state, confirmed.iseeu_cents, confirmed.consular_certificate) == ("CONFERMATO", None, True)
        db.session.commit()
        transmission = services.transmit(operator, today_in_rome().strftime("%Y-%m"))
        header, *rows = transmission.content.strip().splitlines()
        assert header.endswith(";certificato_consolare")
        # Decided and confirmed in the same month: the university gets the final state once.
        assert [row.split(";")[2:5] + row.split(";")[-1:] for row in rows] == [["CONFERMATO", "", "", "S"]]


def test_a_certificate_not_from_the_competent_authority_is_still_nul(app, make_student, operator, mali_listed):
    user, practice_id = consular_practice(app, make_student)
    with app.test_request_context():
        practice = db.session.get(Practice, practice_id)
        services.take(operator, practice)
        report = services.decide(operator, practice, {"private_issuer"})
        assert (report.state, report.nul) == ("CONFERMATO", True)  # case 3: CONFERMATO with NUL


def test_the_decision_keeps_how_the_practice_was_assessed_when_the_list_changes(app, make_student, operator,
                                                                                mali_listed):
    user, practice_id = consular_practice(app, make_student)
    with app.test_request_context():
        practice = db.session.get(Practice, practice_id)
        services.take(operator, practice)
        services.decide(operator, practice, set())
        services.remove_poor_country(operator, YEAR, "ML")
        db.session.commit()
        assert services.consular_certificate_only(db.session.get(Practice, practice_id))


def test_the_list_takes_each_country_once_refuses_what_is_not_a_country_and_copies_a_year(app, operator):
    with app.test_request_context():
        assert services.add_poor_country(operator, YEAR, "ml") is not None
        assert services.add_poor_country(operator, YEAR, "ML") is None
        for wrong in ("Mali", "XX", "EU", ""):
            with pytest.raises(RuleViolation) as refused:
                services.add_poor_country(operator, YEAR, wrong)
            assert refused.value.field == "country"
        services.add_poor_country(operator, YEAR, "NP")
        services.add_poor_country(operator, YEAR + 1, "NP")
        assert services.copy_poor_countries(operator, YEAR, YEAR + 1) == 1  # only Mali was missing
        assert services.poor_countries(YEAR + 1) == {"ML", "NP"}
        with pytest.raises(RuleViolation):
            services.copy_poor_countries(operator, YEAR - 5, YEAR + 2)  # nothing to copy
        with pytest.raises(RuleViolation):
            services.copy_poor_countries(operator, YEAR, YEAR)
        assert services.remove_poor_country(operator, YEAR, "NP") and not services.remove_poor_country(
            operator, YEAR, "NP")
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(PoorCountry)) == 3
