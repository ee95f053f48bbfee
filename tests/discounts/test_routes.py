"""The discounts pages through requests: who may open what, the search as you type and its SQL, revealing a code
(audited, counted), favourites, reports, requests for merchants on the 15-day clock, the office's offers, the
figures and the weekly digest."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from portal.auth.models import User
from portal.core.affiliations import AffiliationRequest
from portal.core.audit import AuditEvent
from portal.core.calendar import today_in_rome
from portal.core.mail import OutboxMail
from portal.discounts import services
from portal.discounts.models import (
    Digest,
    DiscountOffer,
    Favourite,
    Merchant,
    OfferMonth,
    OfferReport,
)
from portal.extensions import db
from tests import discounts_factories
from tests.conftest import login, outbox, sql_statements
from tests.helpers import visible_text

HX = {"HX-Request": "true"}


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


# -- who sees the portal -------------------------------------------------------------------------------------------

def test_a_researcher_without_a_wallet_finds_the_offers_and_reads_that_nobody_takes_a_commission(app, client, world):
    login(client, "ricercatrice")
    page = client.get("/discounts/").get_data(as_text=True)
    assert "20% su ogni riparazione della bici" in page
    assert "nessuna commissione" in page
    assert client.get("/wallet/").status_code == 403  # research staff have no wallet
    assert 'href="/discounts/"' in client.get("/").get_data(as_text=True)


def test_staff_see_the_discounts_and_a_student_does_not(app, client, world):
    login(client, "dipendente")
    assert client.get("/discounts/").status_code == 200
    client.post("/auth/logout")
    login(client, "studente")
    assert client.get("/discounts/").status_code == 403
    assert client.get(f"/discounts/offers/{world.offer}").status_code == 403


def test_members_cannot_open_the_office_pages(app, client, world):
    login(client, "ricercatrice")
    for path in ("/discounts/manage", "/discounts/manage/reports", "/affiliations/manage",
                 "/discounts/manage/merchants/new", f"/discounts/manage/offers/{world.offer}/preview",
                 "/discounts/figures"):
        assert client.get(path).status_code == 403, path


# -- the search ----------------------------------------------------------------------------------------------------

def test_the_search_as_you_type_answers_a_fragment_filtered_by_town_category_and_words(app, client, world):
    discounts_factories.offer(app, world.merchant, title="Biglietto ridotto al Teatro delle Rive", category="culture",
                              town="Novara", province="NO", redeem="card", code="")
    login(client, "ricercatrice")
    fragment = client.get("/discounts/search?town=novara", headers=HX).get_data(as_text=True)
    assert fragment.startswith('<div id="offer-results"')
    assert "Teatro delle Rive" in fragment and "riparazione" not in fragment
    # as the person types: the town's first letters are enough, the middle of a name is not
    assert "Teatro delle Rive" in client.get("/discounts/search?town=Nov", headers=HX).get_data(as_text=True)
    assert "Teatro delle Rive" not in client.get("/discounts/search?town=vara", headers=HX).get_data(as_text=True)
    assert "riparazione" in client.get("/discounts/search?category=sport", headers=HX).get_data(as_text=True)
    assert "Teatro" not in client.get("/discounts/search?province=CN", headers=HX).get_data(as_text=True)
    assert "Teatro" in client.get("/discounts/search?q=TEATRO", headers=HX).get_data(as_text=True)
    # the same address without htmx is the full page
    assert client.get("/discounts/search?town=Novara").status_code == 303


def test_the_search_never_fails_on_odd_input(app, client, world):
    login(client, "ricercatrice")
    for query in ("q=" + "x" * 5000, "q=%25_%5C", "category=nope&province=ZZ", "page=-1", "page=99999999999999999",
                  "page=abc", "town=" + "T" * 500, "new=1&favourites=1"):
        assert client.get(f"/discounts/search?{query}", headers=HX).status_code == 200, query
        assert client.get(f"/discounts/?{query}").status_code == 200, query
    # LIKE's wildcards are plain characters: "_" matches only an underscore
    assert "riparazione" not in client.get("/discounts/search?q=_", headers=HX).get_data(as_text=True)
    assert "riparazione" in client.get("/discounts/search?q=20%25", headers=HX).get_data(as_text=True)


def test_ended_offers_and_drafts_disappear_by_themselves(app, client, world):
    today = today_in_rome()
    ended = discounts_factories.offer(app, world.merchant, title="Offerta finita ieri",
                                      valid_from=today - timedelta(days=30), valid_to=today - timedelta(days=1))
    draft = discounts_factories.offer(app, world.merchant, title="Bozza in preparazione", published_on=None)
    last_day = discounts_factories.offer(app, world.merchant, title="Ultimo giorno oggi", valid_to=today)
    # both ends of the validity are days of the offer, in the search's SQL as in the offer's page
    first_day = discounts_factories.offer(app, world.merchant, title="Primo giorno oggi", valid_from=today)
    tomorrow = discounts_factories.offer(app, world.merchant, title="Comincia domani",
                                         valid_from=today + timedelta(days=1))
    login(client, "ricercatrice")
    page = client.get("/discounts/").get_data(as_text=True)
    assert "Offerta finita ieri" not in page and "Bozza in preparazione" not in page
    assert "Comincia domani" not in page
    assert "Ultimo giorno oggi" in page and "Primo giorno oggi" in page
    assert client.get(f"/discounts/offers/{ended}").status_code == 404
    assert client.get(f"/discounts/offers/{draft}").status_code == 404
    assert client.get(f"/discounts/offers/{tomorrow}").status_code == 404
    assert client.get(f"/discounts/offers/{last_day}").status_code == 200
    assert client.get(f"/discounts/offers/{first_day}").status_code == 200
    with app.app_context():  # the day after its last day the search no longer finds it, with no job to run
        found = services.search(db.session.get(User, world.researcher), services.clean_filters(
            "", "", "", "", False, False, 1), day=today + timedelta(days=1))
        titles = {offer.title for offer in found.offers}
        assert "Ultimo giorno oggi" not in titles and {"Primo giorno oggi", "Comincia domani"} <= titles
    assert client.get("/discounts/offers/999999").status_code == 404


def test_new_this_week_shows_the_offers_published_in_the_last_seven_days(app, client, world):
    today = today_in_rome()
    discounts_factories.offer(app, world.merchant, title="Pubblicata sei giorni fa",
                              published_on=today - timedelta(days=6))
    discounts_factories.offer(app, world.merchant, title="Pubblicata sette giorni fa",
                              published_on=today - timedelta(days=7))
    login(client, "ricercatrice")
    fragment = client.get("/discounts/search?new=1", headers=HX).get_data(as_text=True)
    assert "sei giorni fa" in fragment and "sette giorni fa" not in fragment


def test_the_search_with_2000_offers_takes_at_most_three_sql_statements(app, client, world):
    discounts_factories.bulk_offers(app, 2000)
    login(client, "ricercatrice")
    client.get("/discounts/search?town=Torino", headers=HX)  # the signed-in user is cached from here on
    for query in ("town=Torino", "q=bottega&category=food", "province=CN&new=1", "favourites=1", "page=3",
                  "more=1&page=2"):  # more=1: the rows "Show more offers" adds
        responses = []
        statements = sql_statements(app, lambda q=query: responses.append(
            client.get(f"/discounts/search?{q}", headers=HX)))
        assert responses[0].status_code == 200
        assert len(statements) <= 3, (query, statements)


# -- an offer: view, reveal, favourite, report ---------------------------------------------------------------------

def test_revealing_a_code_is_audited_and_counted_and_views_are_counted_without_names(app, client, world):
    login(client, "ricercatrice")
    page = client.get(f"/discounts/offers/{world.offer}").get_data(as_text=True)
    assert "UNIBICI20" not in page and "Mostra il codice" in page
    response = client.post(f"/discounts/offers/{world.offer}/reveal", headers=HX)
    assert response.status_code == 200 and "UNIBICI20" in response.get_data(as_text=True)
    assert response.get_data(as_text=True).lstrip().startswith("<section id=\"redeem\"")
    with app.app_context():
        month = db.session.scalar(select(OfferMonth).where(OfferMonth.offer_id == world.offer))
        assert (month.views, month.reveals) == (1, 1)
        assert month.month == today_in_rome().replace(day=1)
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.event == "discounts.code_revealed"))
        assert event.user_id == world.researcher and f'"offer": {world.offer}' in event.details
    # without JavaScript the offer's page comes back with the code
    assert "UNIBICI20" in client.post(f"/discounts/offers/{world.offer}/reveal").get_data(as_text=True)


def test_the_office_preview_is_not_counted_as_a_view(app, client, world):
    login(client, "ufficio")
    assert client.get(f"/discounts/offers/{world.offer}").status_code == 200
    assert count(app, OfferMonth) == 0


def test_an_offer_without_a_code_reveals_nothing_and_writes_nothing(app, client, world):
    card = discounts_factories.offer(app, world.merchant, redeem="card", code="")
    login(client, "ricercatrice")
    response = client.post(f"/discounts/offers/{card}/reveal")
    assert response.status_code == 303
    assert count(app, OfferMonth) == 0 and count(app, AuditEvent, AuditEvent.event == "discounts.code_revealed") == 0
    assert client.get(f"/discounts/offers/{card}/card").status_code == 200
    assert client.get(f"/discounts/offers/{world.offer}/card").status_code == 404


def test_favourites_are_each_persons_own(app, client, world):
    login(client, "ricercatrice")
    assert client.post(f"/discounts/offers/{world.offer}/favourite").status_code == 303
    assert "riparazione" in client.get("/discounts/search?favourites=1", headers=HX).get_data(as_text=True)
    client.post("/auth/logout")
    login(client, "dipendente")
    assert "riparazione" not in client.get("/discounts/search?favourites=1", headers=HX).get_data(as_text=True)
    client.post("/auth/logout")
    login(client, "ricercatrice")
    client.post(f"/discounts/offers/{world.offer}/favourite")
    assert count(app, Favourite) == 0


def test_a_report_needs_a_reason_in_italian_and_reaches_the_office_queue(app, client, world):
    login(client, "ricercatrice")
    response = client.post(f"/discounts/offers/{world.offer}/report", data={"details": "boh"})
    assert response.status_code == 422 and "Scegli cosa non ha funzionato." in response.get_data(as_text=True)
    response = client.post(f"/discounts/offers/{world.offer}/report", data={"reason": "other", "details": "  "})
    assert response.status_code == 422 and "Di' cosa non ha funzionato." in response.get_data(as_text=True)
    assert client.post(f"/discounts/offers/{world.offer}/report", data={"reason": "invented"}).status_code == 422
    assert count(app, OfferReport) == 0
    assert client.post(f"/discounts/offers/{world.offer}/report",
                       data={"reason": "code", "details": "x" * 1999}).status_code == 303
    assert client.post("/discounts/offers/424242/report", data={"reason": "code"}).status_code == 404
    client.post("/auth/logout")
    login(client, "ufficio")
    queue = client.get("/discounts/manage/reports").get_data(as_text=True)
    assert "Il codice non ha funzionato" in queue
    with app.app_context():
        report_id = db.session.scalar(select(OfferReport.id))
    assert client.post(f"/discounts/manage/reports/{report_id}").status_code == 303
    assert client.post(f"/discounts/manage/reports/{report_id}").status_code == 303  # refused, already handled
    assert client.post("/discounts/manage/reports/999999").status_code == 404
    assert count(app, OfferReport, OfferReport.status == "handled") == 1


# -- requests for a new merchant -----------------------------------------------------------------------------------

def test_a_researcher_asks_for_a_merchant_and_the_office_answers_on_the_15_day_clock(app, client, world):
    """The one affiliation flow (portal.core.affiliations), reached from the discounts' pages: a researcher, who has
    no wallet, may ask for a merchant's discount only."""
    login(client, "ricercatrice")
    home = client.get("/discounts/").get_data(as_text=True)
    assert 'href="/affiliations?kind=discounts"' in home
    assert client.get("/discounts/merchants/request").headers["Location"].endswith("/affiliations?kind=discounts")
    form = visible_text(client.get("/affiliations?kind=discounts").get_data(as_text=True))
    assert "Uno sconto presso un esercente" in form and "Conto Welfare" not in form
    assert client.post("/affiliations", data={"kind": "discounts", "name": "", "reason": ""}).status_code == 422
    assert client.post("/affiliations", data={"kind": "discounts", "name": "Libreria Belgravia",
                                              "website": "javascript:alert(1)", "reason": "Vicina"}).status_code == 422
    refused = client.post("/affiliations", data={"kind": "wallet", "name": "Nido", "reason": "Vicino"})
    assert refused.status_code == 422 and "Scegli che cosa chiedi" in visible_text(refused.get_data(as_text=True))
    assert count(app, AffiliationRequest) == 0
    assert client.post("/affiliations", data={"kind": "discounts", "name": "Libreria Belgravia", "town": "Torino",
                                              "reason": "Vicina al campus."}).status_code == 303
    with app.app_context():
        row = db.session.scalar(select(AffiliationRequest))
        assert row.kind == "discounts" and row.due_on == today_in_rome() + timedelta(days=15)
        row_id = row.id
    client.post("/auth/logout")
    login(client, "ufficio")
    response = client.post(f"/affiliations/manage/{row_id}", data={"status": "declined", "answer": " "})
    assert response.status_code == 422 and "Scrivi il motivo" in response.get_data(as_text=True)
    assert client.post(f"/affiliations/manage/{row_id}",
                       data={"status": "declined", "answer": "Non applica sconti."}).status_code == 303
    mails = outbox(app, "ricercatrice@example.edu")
    assert len(mails) == 1 and "Libreria Belgravia" in mails[0].subject and "Non applica sconti." in mails[0].body
    assert client.post("/affiliations/manage/999999", data={"status": "affiliated"}).status_code == 404


def test_students_cannot_ask_for_merchants(app, client, world):
    login(client, "studente")
    assert client.get("/discounts/merchants/request", follow_redirects=True).status_code == 403
    assert client.post("/affiliations", data={"kind": "discounts", "name": "X", "reason": "Y"}).status_code == 403
    assert count(app, AffiliationRequest) == 0


# -- the office: merchants and offers ------------------------------------------------------------------------------

def offer_data(**changes) -> dict:
    today = today_in_rome()
    data = {"title": "10% sul conto", "category": "food", "redeem": "code", "code": "UNI10", "link": "",
            "town": "Cuneo", "province": "CN", "address": "Via Roma 3", "conditions": "",
            "valid_from": today.isoformat(), "valid_to": (today + timedelta(days=90)).isoformat()}
    data.update(changes)
    return data


def test_the_office_adds_a_merchant_and_an_offer_previews_and_publishes_it(app, client, world):
    login(client, "ufficio")
    assert client.post("/discounts/manage/merchants/new", data={"name": "cicli ruota libera"}).status_code == 422
    assert client.post("/discounts/manage/merchants/new", data={"name": "Trattoria Il Glicine"}).status_code == 303
    with app.app_context():
        merchant_id = db.session.scalar(select(Merchant.id).where(Merchant.name == "Trattoria Il Glicine"))
    path = f"/discounts/manage/merchants/{merchant_id}/offers/new"
    for bad, message in ((offer_data(code=""), "Scrivi il codice"),
                         (offer_data(redeem="link", link="http://x"), "https://"),
                         (offer_data(valid_to="2000-01-01"), "deve finire"),
                         (offer_data(valid_to="9999-12-31"), "tre anni"),
                         (offer_data(province="MI"), ""), (offer_data(valid_from="31/02/2026"), "")):
        response = client.post(path, data=bad)
        assert response.status_code == 422 and message in response.get_data(as_text=True), bad
    assert count(app, DiscountOffer, DiscountOffer.merchant_id == merchant_id) == 0
    response = client.post(path, data=offer_data())
    assert response.status_code == 303 and "/preview" in response.location
    with app.app_context():
        offer = db.session.scalar(select(DiscountOffer).where(DiscountOffer.merchant_id == merchant_id))
        assert offer.published_on is None and offer.code == "UNI10"
        offer_id = offer.id
    preview = client.get(f"/discounts/manage/offers/{offer_id}/preview").get_data(as_text=True)
    assert "Anteprima" in preview and "UNI10" in preview
    assert client.post(f"/discounts/manage/offers/{offer_id}/publish").status_code == 303
    with app.app_context():
        assert db.session.get(DiscountOffer, offer_id).published_on == today_in_rome()
    client.post("/auth/logout")
    login(client, "ricercatrice")
    assert "10% sul conto" in client.get("/discounts/search?town=cuneo", headers=HX).get_data(as_text=True)


def test_the_office_withdraws_an_offer_and_it_is_gone_at_once(app, client, world):
    login(client, "ufficio")
    assert client.post(f"/discounts/manage/offers/{world.offer}/withdraw").status_code == 303
    client.post(f"/discounts/manage/offers/{world.offer}/withdraw")  # refused: a draft already
    client.post("/auth/logout")
    login(client, "ricercatrice")
    assert client.get(f"/discounts/offers/{world.offer}").status_code == 404


def test_a_link_offer_keeps_no_code(app, client, world):
    login(client, "ufficio")
    response = client.post(f"/discounts/manage/offers/{world.offer}",
                           data=offer_data(redeem="link", link="https://shop.example.it/uni", code="LEFTOVER"))
    assert response.status_code == 303
    with app.app_context():
        offer = db.session.get(DiscountOffer, world.offer)
        assert (offer.redeem, offer.code, offer.link) == ("link", "", "https://shop.example.it/uni")
    assert client.get("/discounts/manage/offers/999999").status_code == 404


# -- figures and digest --------------------------------------------------------------------------------------------

def test_the_figures_count_views_and_reveals_per_month_and_category(app, client, world):
    login(client, "ricercatrice")
    client.get(f"/discounts/offers/{world.offer}")
    client.get(f"/discounts/offers/{world.offer}")
    client.post(f"/discounts/offers/{world.offer}/reveal")
    client.post("/auth/logout")
    login(client, "amministra")
    page = client.get("/discounts/figures").get_data(as_text=True)
    assert "<svg" in page and "Sport" in page
    assert "<td class=\"text-end\">2</td><td class=\"text-end\">1</td>" in page  # 2 views, 1 code revealed
    for month in ("2026-13", "abc", "0001-01", "9999-12"):
        assert client.get(f"/discounts/figures?month={month}").status_code == 200


def test_the_weekly_digest_goes_through_the_outbox_to_those_who_opted_in_once_a_week(app, client, world):
    discounts_factories.offer(app, world.merchant, title="Ingresso prova gratuito", published_on=today_in_rome())
    login(client, "ricercatrice")
    assert client.post("/discounts/digest", data={"weekly": "y"}).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Digest.weekly).where(Digest.user_id == world.researcher))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["discounts", "digest"])
    assert result.exit_code == 0 and "1" in result.output
    mails = outbox(app, "ricercatrice@example.edu")
    # the first digest lists the offers of the last 7 days: not the one published 10 days ago
    assert len(mails) == 1 and "Ingresso prova gratuito" in mails[0].body and "riparazione" not in mails[0].body
    runner.invoke(args=["discounts", "digest"])
    assert len(outbox(app, "ricercatrice@example.edu")) == 1  # a week has not passed
    client.post("/discounts/digest", data={})
    with app.app_context():
        assert not db.session.scalar(select(Digest.weekly).where(Digest.user_id == world.researcher))
    assert count(app, OutboxMail, OutboxMail.to_addr == "dipendente@example.edu") == 0
