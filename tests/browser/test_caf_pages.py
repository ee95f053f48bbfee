"""The CAF in real Chromium at 375 px, Italian and English, with an axe scan of every page: a candidate abroad
from the form to CONFERMATO, an enrolled student from booking to CONFERMATO through an operator's day, and the
monthly file."""

import re
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from unittest.mock import patch
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.caf import services
from portal.caf.models import Appointment, ExchangeRate, Practice, Report, Student, Transmission
from portal.core.calendar import add_months, rome_wall_clock_to_utc, today_in_rome
from portal.extensions import db
from tests.browser.conftest import assert_accessible, assert_fits_the_screen, close_phone_context, phone_context
from tests.browser.test_journeys import sign_in
from tests.browser.test_phone_app import too_small
from tests.caf.conftest import PDF, in_person_practice, make_student, office, operator, worked_example_practice  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

TEXT = {
    "it": {"start": "Inizia la tua pratica", "birth": "Data di nascita", "save": "Salva", "add": "Aggiungi",
           "name": "Nome e cognome", "relationship": "Rapporto con lo studente", "next": "Avanti:",
           "income": "Reddito lordo", "currency": "Valuta", "document": "Documento", "of_whom": "Di chi",
           "files": "File", "upload": "Carica", "declaration": "Dichiaro", "send": "Invia la pratica",
           "receipt": "Ricevuta della pratica", "book_originals": "Prenota la verifica degli originali",
           "places": "posti liberi|posto libero", "book": "Prenota", "booked": "Prenotato",
           "cancel": "Annulla l'appuntamento", "reply": "Invia il messaggio", "message": "Messaggio",
           "pdf": "Scarica il PDF"},
    "en": {"start": "Start your practice", "birth": "Date of birth", "save": "Save", "add": "Add",
           "name": "Name and surname", "relationship": "Relationship to the student", "next": "Next:",
           "income": "Gross income", "currency": "Currency", "document": "Document", "of_whom": "Of whom",
           "files": "Files", "upload": "Upload", "declaration": "I declare", "send": "Send the practice",
           "receipt": "Receipt of", "book_originals": "Book the check of the originals",
           "places": "places free|place free", "book": "Book", "booked": "Booked",
           "cancel": "Cancel the appointment", "reply": "Send the message", "message": "Message",
           "pdf": "Download PDF"},
}


@pytest.fixture
def rate_for_this_year(app):
    with app.app_context():
        db.session.add(ExchangeRate(year=today_in_rome().year - 2, currency="USD", rate=Decimal("1.08")))
        db.session.commit()


@pytest.fixture
def other_tab(browser, live_server):
    """A second person's phone, signed in separately."""
    contexts = []

    def open_tab(language="it"):
        context = phone_context(browser, live_server, locale=f"{language}-IT")
        contexts.append(context)
        return context.new_page()

    yield open_tab
    for context in contexts:
        close_phone_context(context)


def check(page) -> None:
    assert_accessible(page)
    assert_fits_the_screen(page)


def _scan(tmp_path: Path) -> str:
    path = tmp_path / "scan.pdf"
    path.write_bytes(PDF)
    return str(path)


@pytest.mark.parametrize("language", ["it", "en"])
def test_a_candidate_abroad_goes_from_the_form_to_confermato(app, page, other_tab, make_student, operator, office,
                                                              rate_for_this_year, tmp_path, language):
    words = TEXT[language]
    make_student(locale=language)
    sign_in(page, "studente")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/caf/")
    check(page)
    page.get_by_role("button", name=words["start"]).click()
    page.wait_for_url("**/form/members")
    check(page)
    # The seven steps in one row of the phone, none ticked yet; "Add a parent" is a button of its own.
    tops = page.locator(".caf-stepper .caf-step-mark").evaluate_all(
        "marks => marks.map(mark => Math.round(mark.getBoundingClientRect().top))")
    assert len(tops) == 7 and len(set(tops)) == 1
    expect(page.locator(".caf-step-done")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("Aggiungi un genitore|Add a parent"))).to_be_visible()
    # The student's own date of birth comes first; saving without it is refused.
    page.get_by_role("button", name=words["save"], exact=True).click()
    expect(page.locator("#form-errors")).to_be_visible()
    check(page)
    page.get_by_label(re.compile(words["birth"])).fill("2004-05-01")
    page.get_by_role("button", name=words["save"], exact=True).click()
    page.get_by_label(re.compile(words["name"])).fill("Ken Tanaka")
    page.get_by_label(re.compile(words["relationship"])).select_option("parent")
    page.get_by_label(re.compile(words["birth"])).fill("1970-01-01")
    page.get_by_role("button", name=words["add"], exact=True).click()
    expect(page.locator("main")).to_contain_text("Ken Tanaka")
    expect(page.locator(".caf-step-nav .btn-primary")).to_have_text(re.compile(words["next"]))
    page.get_by_role("link", name=re.compile(words["next"])).click()
    expect(page.locator(".caf-step-done")).to_have_count(1)  # everyone's date of birth given: the family is ticked
    check(page)
    page.locator("#member_id").select_option(label="Ken Tanaka")
    page.get_by_label(re.compile(words["income"])).fill("24.000,00")
    page.get_by_label(re.compile(f"^{words['currency']}")).select_option("USD")  # the list, with the CAF's rate
    page.get_by_role("button", name=words["add"], exact=True).click()
    expect(page.locator("main")).to_contain_text("24000.00 USD")
    for step in ("buildings", "movables", "conditions"):
        page.get_by_role("link", name=re.compile(words["next"])).click()
        check(page)
    page.goto(page.url.replace("/conditions", "/documents"))
    check(page)
    assert too_small(page) == []
    while page.locator("form.caf-row-upload").count():  # each missing document from its own line, person set
        row = page.locator("form.caf-row-upload").first
        row.locator("input[type=file]").set_input_files(_scan(tmp_path))
        row.get_by_role("button", name=re.compile(f"^{words['upload']}")).click()
        page.wait_for_load_state()
    expect(page.locator(".badge.bg-danger")).to_have_count(0)
    check(page)
    page.get_by_role("link", name=re.compile(words["next"])).click()
    check(page)
    page.locator("label[for=declaration]").click()  # Bootstrap Italia draws the box on the label
    page.get_by_role("button", name=words["send"]).click()
    page.wait_for_url("**/receipt")
    # The student's language first and open, the other folded below; a PDF of both to download.
    mine, other = ("abbiamo preso in carico", "we have taken charge")[::1 if language == "it" else -1]
    expect(page.locator(f"main article.caf-receipt[lang={language}]")).to_contain_text(mine)
    expect(page.locator("main details.caf-receipt-other")).not_to_have_attribute("open", "")
    expect(page.get_by_text(other)).to_be_hidden()
    check(page)
    assert too_small(page) == []
    page.locator("main details.caf-receipt-other > summary").click()
    expect(page.get_by_text(other)).to_be_visible()
    check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=words["pdf"]).click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
    with app.app_context():
        practice = db.session.scalars(select(Practice)).one()
        practice_id = practice.id

    # The operator asks for a translation, in the student's language.
    desk = other_tab("it")
    sign_in(desk, "operatore")
    desk.wait_for_url(re.compile(r"/$"))
    desk.goto("/caf/queue")
    check(desk)
    desk.get_by_role("link", name=re.compile("Aiko Tanaka")).click()
    check(desk)
    desk.get_by_role("button", name=re.compile("^(Prendi in esame|Take in review)$")).click()
    desk.locator("#ready_text").select_option("translation")
    desk.get_by_role("button", name=re.compile("^(Invia e attendi lo studente|Send and wait for the student)$")).click()
    expect(desk.locator("main")).to_contain_text("translation" if language == "en" else "traduzione")
    check(desk)

    page.goto(f"/caf/practices/{practice_id}")
    check(page)
    page.locator("#thread textarea").fill("Uploaded the translation." if language == "en"
                                                          else "Ho caricato la traduzione.")
    page.get_by_role("button", name=words["reply"]).click()
    expect(page.locator("#thread")).to_contain_text("traduzione" if language == "it" else "translation")

    desk.reload()
    desk.get_by_role("button", name=re.compile("^(Prendi in esame|Take in review)$")).click()
    desk.get_by_role("button", name=re.compile("^(Registra l'esito|Record the outcome)$")).click()
    expect(desk.locator("main")).to_contain_text("DA CONFERMARE")
    check(desk)

    page.goto(f"/caf/practices/{practice_id}")
    expect(page.locator("main")).to_contain_text("DA CONFERMARE")
    check(page)
    page.get_by_role("link", name=words["book_originals"]).click()
    check(page)
    page.locator("main a", has_text="CAF Milano Leonardo").click()
    expect(page.locator("#caf-slots")).to_contain_text(re.compile(words["places"]))
    check(page)
    page.locator("#caf-slots a.caf-time").first.click()
    check(page)
    page.get_by_role("button", name=words["book"], exact=True).click()
    page.wait_for_url("**/caf/appointments")
    expect(page.get_by_role("link", name=words["cancel"])).to_be_visible()
    check(page)

    desk.goto(f"/caf/practices/{practice_id}")
    desk.locator("label[for=match-0]").click()
    desk.get_by_role("button", name=re.compile("^(Conferma|Confirm)$")).click()
    expect(desk.locator("main")).to_contain_text("CONFERMATO")
    page.goto(f"/caf/practices/{practice_id}")
    expect(page.locator("main")).to_contain_text("CONFERMATO")
    check(page)


@pytest.mark.parametrize("language", ["it", "en"])
def test_an_enrolled_student_books_and_an_operator_runs_the_day_to_confermato(app, page, other_tab, make_student,
                                                                             operator, office, rate_for_this_year,
                                                                             language):
    words = TEXT[language]
    make_student(kind="enrolled", matricola="654321", locale=language)
    sign_in(page, "studente")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/caf/appointments")
    check(page)
    page.locator("main a", has_text="CAF Milano Leonardo").click()
    page.locator("#caf-slots a.caf-time").first.click()
    page.get_by_role("button", name=words["book"], exact=True).click()
    page.wait_for_url("**/caf/appointments")
    check(page)
    with app.app_context():
        appointment = db.session.scalars(select(Appointment)).one()
        day, starts = appointment.slot.day, appointment.slot.starts_at

    desk = other_tab("it" if language == "it" else "en")
    sign_in(desk, "operatore")
    desk.wait_for_url(re.compile(r"/$"))
    desk.goto(f"/caf/agenda?day={day.isoformat()}")
    expect(desk.locator("main")).to_contain_text("Aiko Tanaka")
    check(desk)
    # The appointment's day has come: the operator checks the student in and opens the practice with them.
    moment = datetime.combine(day, starts, ZoneInfo("Europe/Rome")).astimezone(ZoneInfo("UTC")) + timedelta(minutes=5)
    with patch("portal.caf.services.appointments.today_in_rome", return_value=day), \
            patch("portal.caf.services.practices.today_in_rome", return_value=day), \
            patch("portal.caf.services.review.today_in_rome", return_value=day), \
            patch("portal.caf.routes.appointments.today_in_rome", return_value=day), \
            patch("portal.caf.services.appointments.utcnow", return_value=moment), \
            patch("portal.caf.services.practices.utcnow", return_value=moment), \
            patch("portal.caf.services.review.utcnow", return_value=moment):
        desk.reload()
        desk.get_by_role("button", name=re.compile("^(Presente|Here) Aiko Tanaka")).click()
        expect(desk.locator("main")).to_contain_text(re.compile("(Avvia la pratica|Start the practice)"))
        check(desk)
        desk.get_by_role("button", name=re.compile("(Avvia la pratica|Start the practice)")).click()
        desk.wait_for_url("**/form/members")
        check(desk)
        desk.get_by_label(re.compile("(Data di nascita|Date of birth)")).fill("2004-05-01")
        desk.get_by_role("button", name=re.compile("^(Salva|Save)$")).click()
        desk.get_by_role("link", name=re.compile("(Torna alla pratica|Back to practice)")).click()
        desk.get_by_role("button", name=re.compile("^(Registra l'esito|Record the outcome)$")).click()
        expect(desk.locator("main")).to_contain_text("CONFERMATO")
        check(desk)
    page.goto("/caf/")
    expect(page.locator("main")).to_contain_text("CONFERMATO")
    check(page)


def test_offices_rates_and_the_monthly_file_pages(app, page, make_user, make_student, operator, office,
                                                   rate_for_this_year):
    user, student_id = make_student(kind="enrolled", matricola="654321")
    with app.test_request_context():
        operator_user = db.session.scalar(select(type(user)).where(type(user).access_code == "operatore"))
        practice = in_person_practice(operator_user, db.session.get(Student, student_id))
        services.decide(operator_user, practice, {"no_legalisation"})
        db.session.commit()
    sign_in(page, "operatore")
    page.wait_for_url(re.compile(r"/$"))
    for url in ("/caf/offices", f"/caf/offices/{office}", "/caf/offices/new", "/caf/rates"):
        page.goto(url)
        check(page)
    page.goto("/caf/rates")
    page.get_by_role("button", name=re.compile("^(Salva il cambio|Save the rate)$")).click()
    expect(page.locator("#form-errors")).to_be_visible()
    check(page)
    month = today_in_rome().strftime("%Y-%m")
    page.goto(f"/caf/transmissions?month={month}")
    expect(page.locator("main")).to_contain_text("CONFERMATO CON DIFFORMITA'")
    check(page)
    page.get_by_role("button", name=re.compile("^(Scrivi il file|Write the file)$")).click()
    expect(page.locator("main")).to_contain_text(re.compile("(1 riga|1 row)"))
    check(page)
    with app.app_context():
        assert db.session.scalar(select(Transmission.rows)) == 1
    page.get_by_role("link", name=re.compile("^(Doppi conteggi|Double counting)$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("(Verifica dei doppi conteggi|"
                                                                         "Double-counting check)"))
    check(page)


@pytest.mark.parametrize("language", ["it", "en"])
def test_an_operator_links_a_claimed_codice_persona_and_sees_the_monthly_file_due(
        app, page, other_tab, make_user, operator, rate_for_this_year, language):
    """The account has no identifiers: the student's claim waits for the operator, who checks and links it; an
    outcome of last month not sent yet is announced on the operator's pages."""
    user = make_user("candidato", roles=("studente",), locale=language, full_name="Noor Haddad")
    make_user("sportello", roles=("operatore_caf",), locale=language)
    with app.test_request_context():
        student = services.save_student(user, "10555444", "", "abroad", "MA", "")
        practice = worked_example_practice(user, student.id)
        services.submit(user, practice, declaration=True)
        practice_id = practice.id
        db.session.commit()
    with app.test_request_context():
        other = make_user("giulia", roles=("studente",), matricola="231456")
        linked = services.save_student(other, "", "", "enrolled", "IT", "")
        decided = in_person_practice(operator, linked)
        services.decide(operator, decided, {"no_translation"})
        last_month = add_months(today_in_rome().replace(day=1), -1)
        db.session.execute(Report.__table__.update().values(decided_at=rome_wall_clock_to_utc(
            last_month.replace(day=20), 10)))
        db.session.commit()
    sign_in(page, "sportello")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/caf/queue")
    expect(page.locator("main .alert").first).to_contain_text(re.compile("(File mensile di|Monthly file of)"))
    check(page)
    page.goto(f"/caf/practices/{practice_id}")
    expect(page.locator("main")).to_contain_text("10555444")
    check(page)
    page.get_by_role("button", name=re.compile("^(Associa gli identificativi|Link the identifiers)$")).click()
    expect(page.locator("#form-errors")).to_be_visible()
    check(page)
    page.locator("label[for=checked]").click()
    page.get_by_role("button", name=re.compile("^(Associa gli identificativi|Link the identifiers)$")).click()
    expect(page.locator("main")).not_to_contain_text(re.compile("(Associa gli identificativi|Link the identifiers)"))
    check(page)
    with app.app_context():
        assert db.session.get(Practice, practice_id).codice_persona == "10555444"
    phone = other_tab(language)
    sign_in(phone, "candidato")
    phone.wait_for_url(re.compile(r"/$"))
    phone.goto("/caf/profile")
    expect(phone.locator("main")).to_contain_text("10555444")
    check(phone)


@pytest.mark.parametrize("language", ["it", "en"])
def test_a_new_student_links_the_identifiers_first(page, make_user, language):
    make_user("nuovo.studente", roles=("studente",), locale=language, full_name="Noor Haddad")
    sign_in(page, "nuovo.studente")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/caf/")
    page.wait_for_url("**/caf/profile")
    check(page)
    page.get_by_role("button", name=re.compile("^(Salva|Save)$")).click()
    expect(page.locator("#form-errors")).to_be_visible()
    check(page)
    page.get_by_label(re.compile("^Matricola")).fill("123456")
    page.locator("label[for=kind-0]").click()
    page.get_by_label(re.compile("^(Paese in cui vive la tua famiglia|Country where your family lives)")).select_option(
        "MA")
    page.get_by_role("button", name=re.compile("^(Salva|Save)$")).click()
    page.wait_for_url(re.compile(r"/caf/$"))
    expect(page.get_by_role("button", name=TEXT[language]["start"])).to_be_visible()
    check(page)


@pytest.mark.parametrize("language", ["it", "en"])
def test_a_student_from_a_particularly_poor_country_sends_only_the_consular_certificate(
        app, page, other_tab, make_student, operator, tmp_path, language):
    make_student(locale=language, country="ML")
    desk = other_tab("it")
    sign_in(desk, "operatore")
    desk.wait_for_url(re.compile(r"/$"))
    desk.goto("/caf/poor-countries")
    check(desk)
    desk.get_by_role("button", name="Aggiungi all'elenco").click()
    expect(desk.locator("#form-errors")).to_be_visible()
    check(desk)
    desk.locator("#country").select_option("ML")
    desk.get_by_role("button", name="Aggiungi all'elenco").click()
    expect(desk.locator("main ul.list-group")).to_contain_text("Mali")
    check(desk)

    sign_in(page, "studente")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/caf/")
    page.get_by_role("button", name=TEXT[language]["start"]).click()
    page.wait_for_url("**/form/members")
    expect(page.locator("main")).to_contain_text(re.compile("(particularly poor countries|Paesi particolarmente poveri)"))
    expect(page.locator("nav.mb-4 ol")).not_to_contain_text(re.compile("(Income|Reddito)"))
    check(page)
    page.get_by_label(re.compile(TEXT[language]["birth"])).fill("2004-05-01")
    page.get_by_role("button", name=TEXT[language]["save"], exact=True).click()
    page.get_by_role("link", name=re.compile(TEXT[language]["next"])).click()
    page.wait_for_url("**/form/documents")
    for kind in ("identity", "consular"):
        row = page.locator("form.caf-row-upload", has=page.locator(f"input[name=kind][value={kind}]"))
        row.locator("input[type=file]").set_input_files(_scan(tmp_path))
        row.get_by_role("button", name=re.compile(f"^{TEXT[language]['upload']}")).click()
        page.wait_for_load_state()
    expect(page.locator(".badge.bg-danger")).to_have_count(0)
    check(page)
    page.get_by_role("link", name=re.compile(TEXT[language]["next"])).click()
    page.locator("label[for=declaration]").click()
    page.get_by_role("button", name=TEXT[language]["send"]).click()
    page.wait_for_url("**/receipt")
    with app.app_context():
        practice_id = db.session.scalars(select(Practice)).one().id

    desk.goto(f"/caf/practices/{practice_id}")
    desk.get_by_role("button", name="Prendi in esame").click()
    expect(desk.locator("main")).to_contain_text("certificato consolare")
    desk.get_by_role("button", name="Registra l'esito").click()  # no exchange rate entered: none is needed
    expect(desk.locator("main")).to_contain_text("DA CONFERMARE")
    expect(desk.locator("label[for=match-1]")).to_have_count(0)  # nothing to rectify
    check(desk)
    page.goto(f"/caf/practices/{practice_id}")
    expect(page.locator("main")).to_contain_text(re.compile("(consular certificate|certificato consolare)"))
    expect(page.locator("main")).not_to_contain_text("ISEEU €")
    check(page)
