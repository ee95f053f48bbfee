import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from portal.childcare import rules
from tests.browser.conftest import assert_accessible, assert_fits_the_screen
from tests.browser.test_journeys import sign_in
from tests.childcare.test_booking import open_day

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("july_bookable")]

TEXT = {
    "it": {"category": "Personale dell'ateneo", "phone": "Numero di telefono", "save": "Salva",
           "add_child": "Aggiungi un figlio", "name": "Nome e cognome del bambino", "birth": "Data di nascita",
           "book_tab": "Prenota", "to_pay": "Da pagare", "price": "3,50", "confirm": "Prenota · 3,50 €",
           "free": "24 liberi", "booked": "prenotato", "cancel": "Annulla", "ask": "Annullare la prenotazione di Lia",
           "nothing": "Non sarà addebitato nulla.", "yes": "Sì, annullala",
           "cancelled": "Prenotazione annullata", "none": "Nessuna prenotazione in arrivo",
           "join": "Mettiti in lista d'attesa per le", "joined": "è in lista d'attesa",
           "waiting": "Lia Rossi è in lista d'attesa per le", "receipt": "Ricevuta", "statement": "Estratto conto di"},
    "en": {"category": "Staff of the university", "phone": "Phone number", "save": "Save",
           "add_child": "Add a child", "name": "Child's name and surname", "birth": "Date of birth",
           "book_tab": "Book", "to_pay": "To pay", "price": "3.50", "confirm": "Book · €3.50",
           "free": "24 free", "booked": "booked", "cancel": "Cancel", "ask": "Cancel Lia Rossi's booking",
           "nothing": "Nothing will be charged.", "yes": "Yes, cancel it",
           "cancelled": "Cancelled.", "none": "No bookings to come",
           "join": "Join the waiting list for", "joined": "is on the waiting list",
           "waiting": "Lia Rossi is on the waiting list for", "receipt": "Receipt", "statement": "Statement for"},
}


@pytest.mark.parametrize("language", ["it", "en"])
def test_a_parent_registers_books_cancels_waits_and_prints_a_receipt_on_a_phone(app, page, make_user, language):
    words = TEXT[language]
    make_user("genitore", roles=("genitore",), locale=language)
    sign_in(page, "genitore")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/policino/")
    page.wait_for_url("**/policino/family")
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.get_by_role("button", name=words["save"]).click()
    expect(page.locator("#form-errors")).to_be_visible()
    assert_accessible(page)
    page.get_by_text(words["category"], exact=True).click()
    page.get_by_label(re.compile(words["phone"])).fill("011 555 0101")
    page.get_by_role("button", name=words["save"]).click()
    page.get_by_role("link", name=words["add_child"]).click()
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.get_by_label(re.compile(re.escape(words["name"]))).fill("Lia Rossi")
    page.get_by_label(re.compile(words["birth"])).fill("2023-05-10")
    page.get_by_role("button", name=words["save"]).click()
    expect(page.get_by_role("link", name="Lia Rossi")).to_be_visible()
    assert_accessible(page)

    day = open_day()
    start, second = rules.opening_blocks(day)[:2]
    page.goto(f"/policino/book?day={day.isoformat()}")
    expect(page.locator("#childcare-grid")).to_contain_text(words["free"])
    assert_accessible(page)
    assert_fits_the_screen(page)
    _chips_are_44_px(page)
    page.locator(f"label[for=start-{start:%H%M}]").click()  # htmx: the lengths appear, nothing reloads
    page.locator("label[for=blocks-2]").click()  # one hour: the price, live
    expect(page.locator("#booking-price")).to_contain_text(words["to_pay"])
    expect(page.locator("#booking-price")).to_contain_text(words["price"])
    assert "/policino/book?" in page.url and "blocks=2" in page.url  # the choice is in the address (back, reload)
    assert_accessible(page)
    assert_fits_the_screen(page)
    _chips_are_44_px(page)
    page.get_by_role("button", name=words["confirm"]).click()
    page.wait_for_url("**/policino/bookings")
    card = page.locator("main li[id^=stay-]")
    expect(card).to_have_count(1)  # one hour is one booking: one card, one cancel
    expect(card).to_contain_text(f"{start:%H:%M}–{rules.block_end(second):%H:%M} · Lia Rossi")
    expect(card).to_contain_text(words["price"])
    expect(card.get_by_role("link", name=re.compile(f"^{words['cancel']}"))).to_have_count(1)
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.goto(f"/policino/book?day={day.isoformat()}")
    expect(page.locator("#childcare-grid")).to_contain_text(words["booked"])
    page.goto("/policino/bookings")
    card.get_by_role("link", name=re.compile(f"^{words['cancel']}")).click()  # asks first, in the card
    expect(card.get_by_role("heading", level=2).nth(1)).to_contain_text(words["ask"])
    expect(card).to_contain_text(words["nothing"])
    assert_accessible(page)
    assert_fits_the_screen(page)
    card.get_by_role("button", name=words["yes"]).click()
    expect(page.locator("main")).to_contain_text(words["cancelled"])
    expect(page.locator("main")).to_contain_text(words["none"])
    page.goto("/policino/")
    assert_accessible(page)
    assert_fits_the_screen(page)

    _no_educators_on_duty(app, day)  # the day's first half hour has no places left
    page.goto(f"/policino/book?day={day.isoformat()}")
    expect(page.locator(f"#start-{start:%H%M}")).to_be_disabled()
    page.locator("main summary").click()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile(f"^{words['join']}")).click()
    expect(page.locator("main")).to_contain_text(words["joined"])
    assert_accessible(page)
    page.goto(f"/policino/book?day={day.isoformat()}")
    page.locator("main summary").click()
    expect(page.locator("main details")).to_contain_text(words["waiting"])

    _desk_records_a_payment(app, make_user)
    page.goto("/policino/account")
    expect(page.get_by_role("heading", name=re.compile(f"^{words['statement']}"))).to_be_visible()
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.get_by_role("link", name=re.compile(f"^{words['receipt']} 1\\W")).first.click()
    expect(page.locator("h1")).to_contain_text("Ricevuta")  # the document is Italian in both languages
    expect(page.locator("main")).to_contain_text(re.compile(r"7[,.]00"))
    assert_accessible(page)
    assert_fits_the_screen(page)
    assert page.console_errors == []


def _no_educators_on_duty(app, day) -> None:
    from portal.childcare import rules, services
    from portal.extensions import db

    with app.test_request_context():
        block = services.lock_blocks(day, rules.opening_blocks(day)[:1])[0]
        block.educators = 0
        db.session.commit()


def _desk_records_a_payment(app, make_user) -> None:
    from sqlalchemy import select

    from portal.childcare import services
    from portal.childcare.models import Family
    from portal.core.calendar import today_in_rome
    from portal.extensions import db

    educator = make_user("educatrice", roles=("educatore",))
    with app.test_request_context():
        services.record_payment(educator, db.session.scalar(select(Family)), 700, "pos", "hours", today_in_rome())
        db.session.commit()


def test_the_coordinators_calendar_on_a_phone(page, make_user):
    make_user("educatrice", roles=("educatore",))
    sign_in(page, "educatrice")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/policino/")
    page.wait_for_url("**/policino/register")
    assert_accessible(page)
    page.get_by_role("link", name="Calendario").click()
    page.wait_for_url("**/policino/calendar")
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.get_by_role("button", name="Chiudi questo giorno").click()
    expect(page.locator("#form-errors")).to_be_visible()
    assert_accessible(page)
    day = open_day()
    page.locator("#day").fill(day.isoformat())  # the university closure (the micro nido has its own form)
    page.get_by_label(re.compile("^Motivo")).fill("Chiusura di ateneo")
    page.get_by_role("button", name="Chiudi questo giorno").click()
    expect(page.locator("main")).to_contain_text("Chiusura di ateneo")
    assert_accessible(page)
    # the micro nido's closing days: refused for a day it is closed anyway, then entered
    page.get_by_label("Giorno di chiusura del micro nido").fill(day.isoformat())
    page.get_by_role("button", name="Chiudi il micro nido in questo giorno").click()
    expect(page.locator("main")).to_contain_text("non è comunque aperto")
    assert_accessible(page)
    nursery_day = open_day(10, 20)
    page.get_by_label("Giorno di chiusura del micro nido").fill(nursery_day.isoformat())
    page.get_by_label(re.compile("^Perché")).fill("Vacanze dei nidi comunali")
    page.get_by_role("button", name="Chiudi il micro nido in questo giorno").click()
    expect(page.locator("main")).to_contain_text("Vacanze dei nidi comunali")
    assert_accessible(page)
    # the yearly July switch, before publishing
    page.get_by_text("No: il baby parking è aperto tutto il giorno, 8:00-19:00", exact=True).click()
    page.get_by_role("button", name="Salva").click()
    expect(page.locator("main")).to_contain_text("il micro nido resta chiuso")
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.locator("summary", has_text="Giorni di apertura a luglio").click()
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.get_by_role("button", name=re.compile("^Pubblica il calendario di luglio")).click()
    expect(page.locator("main")).to_contain_text("le famiglie sono state avvisate")
    assert_accessible(page)
    assert page.console_errors == []


def test_the_desk_sells_a_card_and_the_parent_prints_the_receipt(app, page, make_user):
    from portal.childcare.models import Child, Family
    from portal.extensions import db

    parent = make_user("genitore", roles=("genitore",))
    with app.app_context():
        family = Family(parent_id=parent.id, category="staff", phone="011 1")
        db.session.add(family)
        db.session.flush()
        db.session.add(Child(family_id=family.id, full_name="Lia Rossi", birth_date=open_day() - timedelta(days=3 * 365),
                             allergies="Arachidi"))
        db.session.commit()
    make_user("educatrice", roles=("educatore",))
    sign_in(page, "educatrice")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/policino/families")
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.get_by_role("link", name=parent.full_name).click()
    expect(page.locator("main")).not_to_contain_text("Arachidi")  # health notes are opened on purpose (audited)
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.get_by_role("link", name=re.compile("^Allergie e note")).click()
    expect(page.locator("main")).to_contain_text("Arachidi")
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.go_back()
    page.get_by_role("button", name="Registra ed emetti la ricevuta").click()
    expect(page.locator("#form-errors")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Ore della tessera").fill("79")
    page.get_by_role("button", name="Vendi la tessera").click()
    expect(page.locator("main")).to_contain_text("Una tessera ha da 80 a 500 ore")
    assert_accessible(page)
    page.get_by_label("Ore della tessera").fill("100")
    page.get_by_role("button", name="Vendi la tessera").click()
    expect(page.locator("main")).to_contain_text("Ricevuta 1/")
    page.get_by_role("link", name=re.compile(r"^Ricevuta 1\W")).first.click()
    expect(page.locator("h1")).to_contain_text("Ricevuta")
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.context.clear_cookies()
    sign_in(page, "genitore")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/policino/account")
    expect(page.locator("main")).to_contain_text("250,00")
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.get_by_role("link", name=re.compile("^Mese precedente")).click()
    expect(page.get_by_role("heading", name=re.compile("^Estratto conto di"))).to_be_visible()
    expect(page.locator("main")).to_contain_text("Nessun addebito né pagamento in questo mese")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^Mese successivo")).click()
    page.get_by_role("link", name=re.compile(r"^Ricevuta 1\W")).first.click()
    expect(page.locator("main")).to_contain_text("Tessera a ore")
    assert_accessible(page)
    assert page.console_errors == []


def test_an_educator_runs_the_register_on_a_phone(app, page, make_user):
    from portal.childcare import rules, services
    from portal.childcare.models import Child, Family
    from portal.childcare.services.booking import _place_child
    from portal.extensions import db
    from tests.childcare.test_register import last_open_day

    parent = make_user("genitore", roles=("genitore",))
    day = last_open_day()
    with app.test_request_context():
        family = Family(parent_id=parent.id, category="staff", phone="011 1")
        db.session.add(family)
        db.session.flush()
        child = Child(family_id=family.id, full_name="Lia Rossi", birth_date=day - timedelta(days=3 * 365),
                      allergies="Latte")
        db.session.add(child)
        db.session.flush()
        _place_child(parent, family, child, services.lock_blocks(day, rules.opening_blocks(day)[:2]))
        db.session.commit()
    make_user("educatrice", roles=("educatore",))
    sign_in(page, "educatrice")
    page.wait_for_url(re.compile(r"/$"))
    page.goto(f"/policino/register?day={day.isoformat()}")
    expect(page.locator("#childcare-register")).to_contain_text("Latte")
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.get_by_role("button", name=re.compile("^Presente")).click()
    expect(page.locator("#childcare-register")).to_contain_text("Presente dalle")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("^Ritirato")).click()
    expect(page.locator("#childcare-register")).to_contain_text(f"da {parent.full_name}")
    assert_accessible(page)
    assert_fits_the_screen(page)
    staff = page.locator("#childcare-register li", has=page.get_by_role("button", name=re.compile("^Inizio servizio")))
    staff.locator("summary").click()
    staff.locator("input[type=time]").fill("23:59")  # an entry later than any exit tapped now
    page.get_by_role("button", name=re.compile("^Inizio servizio")).click()
    expect(page.locator("#childcare-register")).to_contain_text("in servizio dalle 23:59")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("^Fine servizio")).click()  # before the entry: refused, with why
    expect(page.locator("#form-errors")).to_contain_text("L'uscita deve essere successiva all'ingresso")
    assert_accessible(page)
    assert page.console_errors == []


def test_the_monthly_report_passes_axe_on_a_phone(page, make_user):
    make_user("coordinatrice", roles=("dec",))
    sign_in(page, "coordinatrice")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/policino/report")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Resoconto del baby parking")
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.get_by_role("button", name="Segna come inviato all'ateneo").click()
    expect(page.locator("main")).to_contain_text("Inviato all'ateneo il")
    assert_accessible(page)
    from portal.core.calendar import add_months, today_in_rome

    last_month = add_months(today_in_rome().replace(day=1), -1)
    page.goto("/policino/register")
    # Last month's report is sent: the register no longer asks for it.
    expect(page.locator(f'main a[href="/policino/report?month={last_month:%Y-%m}"]')).to_have_count(0)
    assert_accessible(page)
    assert page.console_errors == []


def test_the_activity_plan_page_on_a_phone(page, make_user):
    make_user("educatrice", roles=("educatore",))
    sign_in(page, "educatrice")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/policino/plan")
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.get_by_role("button", name="Pubblica").click()
    expect(page.locator("#form-errors")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Attività (italiano)").fill("Lunedì: teatro")
    page.get_by_label("Attività (inglese)").fill("Monday: theatre")
    page.get_by_role("button", name="Pubblica").click()
    expect(page.locator("main")).to_contain_text("Programma pubblicato")
    assert_accessible(page)
    assert page.console_errors == []


STAFF_PLAN = {
    "it": {"title": "Policino: le attività della settimana", "week": "Questa settimana", "tick": "Inviami",
           "save": "Salva", "saved": "Riceverai il programma delle attività per e-mail", "empty": "non hanno ancora"},
    "en": {"title": "Policino: the week's activities", "week": "This week", "tick": "Send me",
           "save": "Save", "saved": "You will get the activity plan by e-mail", "empty": "have not published"},
}


@pytest.mark.parametrize("language", ["it", "en"])
def test_a_staff_member_reads_the_weeks_plan_and_asks_for_it_by_mail_on_a_phone(app, page, make_user, language):
    from portal.childcare import services
    from portal.core.calendar import today_in_rome
    from portal.extensions import db

    words = STAFF_PLAN[language]
    make_user("impiegato", roles=("dipendente",), locale=language)
    sign_in(page, "impiegato")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/policino/")
    page.wait_for_url("**/policino/activities")
    expect(page.get_by_role("heading", level=1)).to_have_text(words["title"])
    expect(page.locator("main")).to_contain_text(words["empty"])
    assert_accessible(page)
    assert_fits_the_screen(page)
    educator = make_user("educatrice", roles=("educatore",))
    with app.test_request_context():
        services.publish_plan(educator, services.week_of(today_in_rome()), "Lunedì: teatro", "Monday: theatre")
        db.session.commit()
    page.reload()
    expect(page.get_by_role("heading", name=words["week"])).to_be_visible()
    expect(page.locator("main")).to_contain_text("Monday: theatre" if language == "en" else "Lunedì: teatro")
    page.locator("label[for=plan_emails]").click()
    page.get_by_role("button", name=words["save"]).click()
    expect(page.locator("main")).to_contain_text(words["saved"])
    expect(page.get_by_label(re.compile(words["tick"]))).to_be_checked()
    assert_accessible(page)
    assert_fits_the_screen(page)
    assert page.console_errors == []


CHIPS = """
() => [...document.querySelectorAll("#booking .portal-chip, #booking .portal-day")]
  .filter((el) => el.getBoundingClientRect().width > 1)
  .map((el) => { const b = el.getBoundingClientRect(); return [el.innerText.replace(/\\s+/g, " "), b.width, b.height]; })
"""


def _chips_are_44_px(page) -> None:
    """Every day of the strip and every chip is a target of at least 44 x 44 px on the phone."""
    boxes = page.evaluate(CHIPS)
    assert boxes, "no chips on the page"
    small = [(text, round(width), round(height)) for text, width, height in boxes if width < 44 or height < 44]
    assert small == [], small
