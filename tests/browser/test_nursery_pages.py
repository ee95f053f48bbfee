"""Policino micro nido on a phone, in Italian and English, with axe: the office imports the ranking and issues a
month's fees; a parent accepts a place and reads the month."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.childcare.models import NurseryCharge, NurseryPlace
from portal.extensions import db
from tests.browser.conftest import assert_accessible, assert_fits_the_screen
from tests.browser.test_journeys import sign_in
from tests.childcare_nursery_factories import BIRTH, MONTH, RANKING, TODAY, issue_month, nursery_family, nursery_year

pytestmark = pytest.mark.browser

TEXT = {
    "it": {"file": "Graduatoria (CSV)", "check": "Controlla il file", "import": "Importa questi richiedenti",
           "imported": "Graduatoria importata: 3 richiedenti.", "fees": "Rette mensili", "show": "Mostra",
           "issue": re.compile("^Emetti 3 rette"), "issued": "Rette mensili emesse: 3.", "unpaid": "Emessa, non pagata",
           "accept": "Accetta il posto", "welcome": "Benvenuti al micro nido", "month": "Il mese: presenze e rette",
           "discount": "Secondo figlio o successivi", "due": "Da pagare", "bad": "Riga 2",
           "details": "Inserisci i dati per le ricevute", "payer_cf": "Codice fiscale del genitore che paga",
           "address": "Indirizzo", "child_cf": "Codice fiscale di Leo anna", "save": "Salva i dati",
           "saved": "Dati salvati", "download": "Scarica la ricevuta", "absences": "Assenze",
           "absence_day": "Giorno dell'assenza", "report": "Segnala l'assenza", "reported": "Assenza segnalata",
           "summary": "Il mese in breve", "wrong_cf": "Questo codice fiscale non è valido"},
    "en": {"file": "Ranking (CSV)", "check": "Check the file", "import": "Import these applicants",
           "imported": "Ranking imported: 3 applicants.", "fees": "Monthly fees", "show": "Show",
           "issue": re.compile("^Issue 3 fees"), "issued": "3 monthly fees issued.", "unpaid": "Issued, not paid",
           "accept": "Accept the place", "welcome": "Welcome to the micro nido", "month": "The month: attendance and fees",
           "discount": "Second or further child", "due": "Due by", "bad": "Line 2",
           "details": "Give the receipt details", "payer_cf": "Codice fiscale of the parent who pays",
           "address": "Address", "child_cf": "Codice fiscale of Leo anna", "save": "Save the details",
           "saved": "Details saved", "download": "Download receipt", "absences": "Absences",
           "absence_day": "Day of the absence", "report": "Report the absence", "reported": "Absence reported",
           "summary": "The month in brief", "wrong_cf": "This codice fiscale is not valid"},
}


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_office_imports_the_ranking_and_issues_the_months_fees_on_a_phone(app, page, make_user, language):
    words = TEXT[language]
    make_user("ufficio", roles=("amministratore",), locale=language, full_name="Ufficio Welfare")
    make_user("anna", roles=("genitore",), email="anna@example.edu", full_name="Anna Bianchi")
    make_user("carlo", roles=("genitore",), email="carlo@example.edu", full_name="Carlo Verdi")
    year_id = nursery_year(app)
    sign_in(page, "ufficio")
    page.wait_for_url(re.compile(r"/$"))
    page.goto(f"/policino/nursery/years/{year_id}/ranking")
    assert_accessible(page)
    assert_fits_the_screen(page)
    bad = RANKING.replace("b;full_time", "z;full_time", 1)
    page.get_by_label(words["file"]).set_input_files({"name": "r.csv", "mimeType": "text/csv",
                                                      "buffer": bad.encode()})
    page.get_by_role("button", name=words["check"]).click()
    expect(page.locator("body")).to_contain_text(words["bad"])
    assert_accessible(page)
    page.get_by_label(words["file"]).set_input_files({"name": "r.csv", "mimeType": "text/csv",
                                                      "buffer": RANKING.encode()})
    page.get_by_role("button", name=words["check"]).click()
    expect(page.locator("body")).to_contain_text("Mia Bianchi")
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.get_by_role("button", name=words["import"]).click()
    expect(page.locator("body")).to_contain_text(words["imported"])
    assert_accessible(page)
    assert_fits_the_screen(page)
    with app.app_context():  # the families accept their offers (the parent's side has its own journey)
        for place in db.session.scalars(select(NurseryPlace)):
            place.status = "enrolled"
        db.session.commit()
    page.get_by_role("link", name=words["fees"], exact=True).click()
    page.get_by_label(re.compile("Mese|Month")).select_option(MONTH.strftime("%Y-%m"))
    page.get_by_role("button", name=words["show"], exact=True).click()
    expect(page.locator("body")).to_contain_text("184,00" if language == "it" else "€184.00")
    expect(page.locator("h2").first).to_contain_text(words["summary"])  # the totals come first
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.locator("summary").first.click()  # a family's fees, folded until asked for
    assert_accessible(page)
    page.get_by_role("button", name=words["issue"]).click()
    expect(page.locator("body")).to_contain_text(words["issued"])
    expect(page.locator("body")).to_contain_text(words["unpaid"])
    assert_accessible(page)
    assert_fits_the_screen(page)
    with app.app_context():
        assert len(db.session.scalars(select(NurseryCharge)).all()) == 3
    assert not page.console_errors


@pytest.mark.parametrize("language", ["it", "en"])
def test_a_parent_accepts_a_place_and_reads_the_month_on_a_phone(app, page, make_user, language):
    words = TEXT[language]
    make_user("ufficio", roles=("amministratore",))
    nursery_year(app)
    family = nursery_family(app, make_user, "anna", [("Leo", "b", "full_time", 4_000_000)])
    offered = nursery_family(app, make_user, "anna2", [("Mia", "b", "vertical_3", 4_000_000)], status="offered")
    with app.app_context():  # Mia is Leo's sister: the same family
        place = db.session.get(NurseryPlace, offered["places"][0])
        place.family_id = family["family"]
        place.child.family_id = family["family"]
        place.expires_on = TODAY + timedelta(days=3)
        from portal.auth.models import User
        db.session.get(User, family["user"].id).locale = language
        db.session.commit()
    sign_in(page, "anna")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/policino/nursery")
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.get_by_role("button", name=words["accept"]).click()
    expect(page.locator("body")).to_contain_text(words["welcome"])
    assert_accessible(page)
    issue_month(app)
    page.get_by_role("link", name=words["month"]).first.click()
    page.goto(f"/policino/nursery/month?month={MONTH:%Y-%m}")
    expect(page.locator("body")).to_contain_text(words["discount"])
    expect(page.locator("body")).to_contain_text("184,00" if language == "it" else "€184.00")
    assert_accessible(page)
    assert_fits_the_screen(page)
    # the receipt details, then the desk records the fee: the receipt for the nursery bonus is ready to download
    page.get_by_role("link", name=words["details"]).click()
    page.get_by_label(words["payer_cf"]).fill("RSSMRA85T10A562X")
    page.get_by_label(words["address"]).fill("Via Roma 1, 10121 Torino")
    page.get_by_label(words["child_cf"]).fill("BNCLEO24E01L219E")
    page.get_by_role("button", name=words["save"]).click()
    expect(page.locator("body")).to_contain_text(words["wrong_cf"])
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.get_by_label(words["payer_cf"]).fill("rssmra85t10a562s")
    page.get_by_label(re.compile(words["child_cf"].replace("Leo anna", "Mia anna2"))).fill("BNCMIA24E41L219F")
    page.get_by_role("button", name=words["save"]).click()
    expect(page.locator("body")).to_contain_text(words["saved"])
    with app.test_request_context():
        from portal.auth.models import User
        from portal.childcare import services
        office = db.session.scalar(select(User).where(User.access_code == "ufficio"))
        leo = next(c for c in db.session.scalars(select(NurseryCharge)) if c.child.full_name == "Leo anna")
        services.pay_fee(office, leo, "transfer", TODAY, 11_600)
        db.session.commit()
    page.goto(f"/policino/nursery/month?month={MONTH:%Y-%m}")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(words["download"])).click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert_accessible(page)
    assert_fits_the_screen(page)
    # an absence ahead
    page.get_by_role("link", name=words["absences"], exact=True).click()
    day = TODAY + timedelta(days=1)
    while day.weekday() >= 5 or (day.month, day.day) in ((12, 8), (12, 25), (12, 26), (1, 1), (1, 6)):
        day += timedelta(days=1)
    page.get_by_label(words["absence_day"]).fill(day.isoformat())
    page.get_by_role("button", name=words["report"]).click()
    expect(page.locator("body")).to_contain_text(words["reported"])
    assert_accessible(page)
    assert_fits_the_screen(page)
    assert not page.console_errors
    assert BIRTH


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_diary_the_calendar_and_the_receipts_on_a_phone(app, page, make_user, language):
    """The educator writes a child's day; the parent reads it, the nursery calendar and the year's receipts."""
    from portal.auth.models import User
    from portal.childcare import services
    from portal.childcare.models import Child, Family, NurseryClosure

    make_user("ufficio", roles=("amministratore",))
    make_user("edu", roles=("educatore",), locale=language)
    nursery_year(app)
    family = nursery_family(app, make_user, "anna", [("Leo", "b", "vertical_3", 4_000_000)])
    issue_month(app)
    with app.test_request_context():
        db.session.get(User, family["user"].id).locale = language
        home = db.session.get(Family, family["family"])
        home.payer_codice_fiscale, home.address = "RSSMRA85T10A562S", "Via Roma 1, 10121 Torino"
        for child in db.session.scalars(select(Child)):
            child.codice_fiscale = "BNCLEO24E01L219E"
        closed = TODAY + timedelta(days=3)
        while closed.weekday() >= 5:
            closed += timedelta(days=1)
        db.session.add(NurseryClosure(day=closed, reason="Formazione"))
        office = db.session.scalar(select(User).where(User.access_code == "ufficio"))
        services.pay_fee(office, db.session.scalar(select(NurseryCharge)), "cheque", TODAY, None)
        db.session.commit()
    sign_in(page, "edu")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/policino/nursery/diary/day")
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.locator("summary").first.click()
    page.get_by_label(re.compile("Riposo|Nap")).fill("75")
    page.get_by_role("button", name=re.compile("Salva il diario|Save the diary")).click()
    expect(page.locator("body")).to_contain_text("Diario salvato" if language == "it" else "Diary saved")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("^(Esci|Sign out)$")).first.click()
    sign_in(page, "anna")
    page.wait_for_url(re.compile(r"/$"))
    for url, text in (("/policino/nursery/diary", "75"), ("/policino/nursery/calendar", "Formazione"),
                      ("/policino/nursery", "lunedì, mercoledì, venerdì" if language == "it"
                       else "Monday, Wednesday, Friday")):
        page.goto(url)
        expect(page.locator("main")).to_contain_text(text)
        assert_accessible(page)
        assert_fits_the_screen(page)
    page.goto("/policino/nursery/month")
    page.get_by_role("link", name=re.compile("Tutte le ricevute|All receipts")).first.click()
    expect(page.locator("main")).to_contain_text(str(MONTH.year))
    assert_accessible(page)
    assert_fits_the_screen(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"Scarica le ricevute|Download the receipts")).click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert not page.console_errors
