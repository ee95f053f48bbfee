"""Policino micro nido: a place lasts while the parent (for a grandchild, the staff grandparent) works or studies at
the university (issue 17 point 1; tender 27.1). The office records the last day of that link (from the call's
ranking, by hand, or updated later); after it no offer is made, an offer cannot be accepted and no fee is issued."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.childcare import services
from portal.childcare.models import NurseryCharge, NurseryPlace, NurseryYear
from portal.core.audit import AuditEvent
from portal.extensions import db
from tests.childcare_nursery_factories import BIRTH, START, TODAY, nursery_family, nursery_year
from tests.conftest import login
from tests.helpers import visible_text


@pytest.fixture
def office(app, make_user):
    return make_user("ufficio", roles=("amministratore",), full_name="Ufficio Welfare")


def _sign_in(client, code):
    client.post("/auth/logout")
    assert login(client, code).status_code == 303


def _until(app, place_id, day):
    with app.app_context():
        db.session.get(NurseryPlace, place_id).affiliated_until = day
        db.session.commit()


def test_an_ended_link_gets_no_offer_cannot_accept_and_the_office_can_renew_it(app, client, office, make_user):
    year_id = nursery_year(app, places=2)
    anna = nursery_family(app, make_user, "anna", [("Leo", "c", "full_time", None)], status="waiting")
    carlo = nursery_family(app, make_user, "carlo", [("Ugo", "e", "full_time", None)], status="waiting")
    _until(app, anna["places"][0], TODAY - timedelta(days=1))  # a research grant that ended yesterday
    with app.test_request_context():
        assert services.make_offers(None, db.session.get(NurseryYear, year_id)) == 1  # Ugo only
        db.session.commit()
        assert db.session.get(NurseryPlace, anna["places"][0]).status == "waiting"
        # an offer made before the contract ended cannot be accepted after it
        place = db.session.get(NurseryPlace, carlo["places"][0])
        place.affiliated_until = TODAY - timedelta(days=1)
        db.session.commit()
    _sign_in(client, "carlo")
    refused = client.post(f"/policino/nursery/places/{carlo['places'][0]}/accept", follow_redirects=True)
    text = visible_text(refused.get_data(as_text=True))
    assert "Il micro nido è per le famiglie dell'ateneo: il legame del genitore di Ugo carlo con l'ateneo è " \
           "terminato il" in text and "chiedi all'ufficio di aggiornarlo" in text
    with app.app_context():
        assert db.session.get(NurseryPlace, carlo["places"][0]).status == "offered"
        assert db.session.get(NurseryYear, year_id).taken == 0
    # the contract is renewed: the office updates the date, and the offer can be accepted
    _sign_in(client, "ufficio")
    page = visible_text(client.get(f"/policino/nursery/years/{year_id}").get_data(as_text=True))
    assert "Il legame del genitore con l'ateneo è terminato il" in page
    url = f"/policino/nursery/places/{carlo['places'][0]}/affiliation"
    assert client.post(url, data={"until": "not a date"}).status_code == 303
    with app.app_context():
        assert db.session.get(NurseryPlace, carlo["places"][0]).affiliated_until == TODAY - timedelta(days=1)
    assert client.post(url, data={"until": (TODAY + timedelta(days=365)).isoformat()}).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.event == "childcare.nursery_affiliation_set")) == 1
    _sign_in(client, "carlo")
    assert client.post(f"/policino/nursery/places/{carlo['places'][0]}/accept").status_code == 303
    with app.app_context():
        assert db.session.get(NurseryPlace, carlo["places"][0]).status == "enrolled"
    _sign_in(client, "anna")
    assert client.post(url, data={"until": ""}).status_code == 403


def test_a_place_does_not_continue_past_the_link_no_fee_after_it(app, client, office, make_user):
    """Leo's parent finishes the PhD on 31 January of the year's second half: fees to January, none from February;
    the office's page for February names him as not charged and why."""
    nursery_year(app)
    anna = nursery_family(app, make_user, "anna", [("Leo", "e", "full_time", None)])
    nursery_family(app, make_user, "carlo", [("Ugo", "a", "full_time", None)])
    _until(app, anna["places"][0], date(START + 1, 1, 31))
    with app.test_request_context():
        year = services.year_of(START)
        january = [fee.name for row in services.fee_preview(year, date(START + 1, 1, 1)) for fee in row.fees]
        february = [fee.name for row in services.fee_preview(year, date(START + 1, 2, 1)) for fee in row.fees]
        assert sorted(january) == ["Leo anna", "Ugo carlo"] and february == ["Ugo carlo"]
        office_user = db.session.get(type(anna["user"]), office.id)
        assert services.issue_fees(office_user, year, date(START + 1, 2, 1)) == 1
        db.session.commit()
        assert db.session.scalar(select(NurseryCharge.child_id).where(NurseryCharge.month == date(START + 1, 2, 1))) \
            != db.session.get(NurseryPlace, anna["places"][0]).child_id
    _sign_in(client, "ufficio")
    with app.app_context():
        year_id = db.session.scalar(select(NurseryYear.id))
    page = visible_text(client.get(f"/policino/nursery/years/{year_id}/charges?month={START + 1}-02")
                        .get_data(as_text=True))
    assert "Non addebitate questo mese" in page and "Leo anna: terminato il 31 gen" in page


def test_the_ranking_file_and_the_form_take_the_end_of_the_link(app, client, office, make_user):
    year_id = nursery_year(app)
    make_user("anna", roles=("genitore",), email="anna@example.edu")
    head = "rank;parent_email;child_name;birth_date;category;attendance;affiliated_until\n"
    wrong = head + f"1;anna@example.edu;Leo Bianchi;{BIRTH};c;full_time;31/12/2027\n"
    ended = head + f"1;anna@example.edu;Leo Bianchi;{BIRTH};c;full_time;{START - 1}-12-31\n"
    good = head + f"1;anna@example.edu;Leo Bianchi;{BIRTH};c;full_time;{START + 1}-12-31\n"
    _sign_in(client, "ufficio")
    url = f"/policino/nursery/years/{year_id}/ranking"
    for data, message in ((wrong, "AAAA-MM-GG"), (ended, "termina prima dell'anno del nido")):
        page = client.post(url, data={"file": (__import__("io").BytesIO(data.encode()), "r.csv")},
                           content_type="multipart/form-data")
        assert page.status_code == 422 and message in visible_text(page.get_data(as_text=True))
    from portal.core.csvio import to_payload

    assert client.post(f"{url}/apply", data={"payload": to_payload(good.encode())}).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(NurseryPlace.affiliated_until)) == date(START + 1, 12, 31)
