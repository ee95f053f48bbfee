"""Issue 16, points 2 and 9, on a phone (375 px) with axe: the language switch after a form error brings back the
same form in English on every service; the staff pages read in people's words in both languages."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from portal.core.calendar import today_in_rome
from portal.extensions import db
from tests.browser.conftest import assert_accessible, assert_fits_the_screen
from tests.browser.test_journeys import sign_in
from tests.caf.conftest import make_student, office, operator  # noqa: F401  (fixtures)
from tests.childcare.test_booking import open_day

pytestmark = pytest.mark.browser


def _to_english(page) -> None:
    """Press EN in the header, as a person does after reading an error in Italian."""
    assert page.locator("html").get_attribute("lang") == "it"
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)
    assert_fits_the_screen(page)


def test_sign_in_error_then_english_keeps_the_access_code(page, make_user):
    make_user(locale="it")
    sign_in(page, password="not-the-password-1")
    expect(page.locator("main")).to_contain_text("password non validi")
    _to_english(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Sign in"
    expect(page.locator("main")).to_contain_text("Access code or password not valid")
    assert page.get_by_label("Access code").input_value() == "mario.rossi"
    assert page.get_by_label(re.compile("^Password")).input_value() == ""  # a password never travels
    assert page.console_errors == []


def test_wallet_reimbursement_error_then_english_shows_the_form_with_its_error(page, make_user, make_wallet,
                                                                                 categories):
    make_wallet(make_user(locale="it"))
    sign_in(page)
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/wallet/reimbursements/new")
    page.locator("input[name=amount]").fill("12,3x")
    page.locator("input[name=provider_name]").fill("Asilo Nido Girotondo")
    page.locator("main form[enctype] button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Inserisci un importo in euro")
    _to_english(page)
    assert page.url.endswith("/wallet/reimbursements/new")
    expect(page.locator("main")).to_contain_text("Enter an amount in euro, such as 1.800,00.")
    assert page.locator("input[name=amount]").input_value() == "12,3x"
    assert page.locator("input[name=provider_name]").input_value() == "Asilo Nido Girotondo"
    assert page.console_errors == []


def test_caf_form_step_error_then_english_comes_back_on_the_step_not_a_405(app, page, make_student):
    make_student(locale="it")
    sign_in(page, "studente")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/caf/")
    page.get_by_role("button", name="Inizia la tua pratica").click()
    page.wait_for_url("**/form/members")
    future = (today_in_rome() + timedelta(days=3)).isoformat()
    page.get_by_label(re.compile("Data di nascita")).fill(future)
    page.get_by_role("button", name=re.compile("^Salva$")).click()
    expect(page.locator("main")).to_contain_text(re.compile("futuro|future"))
    _to_english(page)
    assert page.url.endswith("/form/members")
    assert page.get_by_label(re.compile("Date of birth")).input_value() == future
    expect(page.locator("main")).to_contain_text(re.compile("future", re.I))
    assert page.console_errors == []


@pytest.mark.usefixtures("july_bookable")
def test_policino_booking_error_then_english_shows_the_booking_form_again(app, page, make_user):
    from portal.childcare.models import Child, Family

    parent = make_user("genitore", roles=("genitore",), locale="it")
    day = open_day()
    with app.app_context():
        family = Family(parent_id=parent.id, category="staff", phone="011 555")
        db.session.add(family)
        db.session.flush()
        db.session.add(Child(family_id=family.id, full_name="Lia Rossi", birth_date=day - timedelta(days=3 * 365)))
        db.session.commit()
    from portal.childcare import rules

    first, second = rules.opening_blocks(day)[:2]
    sign_in(page, "genitore")
    page.wait_for_url(re.compile(r"/$"))
    page.goto(f"/policino/book?day={day.isoformat()}&start={first:%H:%M}&blocks=2")
    page.locator("#booking-confirm button").wait_for()
    _no_places_at(app, day, second)  # taken while the parent looked at the price
    page.locator("#booking-confirm button").click()
    expect(page.locator("main .alert")).to_contain_text("Non ci sono più posti alle " + second.strftime("%H:%M"))
    _to_english(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Book hours of care"
    expect(page.locator("#form-errors")).to_contain_text("No places left at " + second.strftime("%H:%M"))
    assert page.locator("#booking-chooser input[name=day]").input_value() == day.isoformat()
    assert page.locator(f"#start-{first:%H%M}").is_checked()  # the start chosen before
    assert page.console_errors == []


def _no_places_at(app, day, start) -> None:
    from portal.childcare import services

    with app.test_request_context():
        services.lock_blocks(day, [start])[0].educators = 0
        db.session.commit()


# -- staff pages in people's words --------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_security_log_reads_in_words_with_a_visible_access_code_filter(app, page, make_user, language):
    make_user("target")
    sign_in(page, "target", "wrong-password-xyz")
    expect(page.locator("main")).to_contain_text(re.compile("non validi|not valid"))
    make_user("admin", roles=("amministratore",), locale=language)
    sign_in(page, "admin")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/admin/audit")
    results = page.locator("#audit-results")
    expect(results).to_contain_text("Accesso rifiutato" if language == "it" else "Sign-in refused")
    expect(results).to_contain_text("password sbagliata" if language == "it" else "wrong password")
    expect(results).not_to_contain_text("login.failure")
    expect(results).not_to_contain_text('{"')
    if language == "en":
        expect(results).not_to_contain_text(re.compile(r"\b[AP]M\b"))
    field = page.get_by_label("Codice di accesso" if language == "it" else "Access code", exact=True)
    expect(field).to_be_visible()
    label = page.locator("label[for=user]").bounding_box()
    box = field.bounding_box()
    assert label and box and label["height"] > 0 and label["y"] < box["y"]  # shown above its field
    assert_accessible(page)
    assert_fits_the_screen(page)
    assert page.console_errors == []


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_caf_agenda_on_a_phone_shows_the_days_appointments_first(app, page, make_student, operator,  # noqa: F811
                                                                      office, language):  # noqa: F811
    from portal.caf import services
    from portal.caf.models import Office, Student

    user, student_id = make_student(kind="enrolled", matricola="654321")
    with app.test_request_context():
        slot = services.free_slots(db.session.get(Office, office))[0].slots[0]
        day = services.book(user, db.session.get(Student, student_id), slot.id).slot.day
        db.session.commit()
    operator.locale = language
    with app.app_context():
        from portal.auth.models import User

        db.session.get(User, operator.id).locale = language
        db.session.commit()
    sign_in(page, "operatore")
    page.wait_for_url(re.compile(r"/$"))
    page.goto(f"/caf/agenda?office={office}&day={day.isoformat()}")
    name = page.locator("section[aria-labelledby=agenda-appointments]").get_by_text("Aiko Tanaka").first
    expect(name).to_be_visible()
    switches = page.locator("#agenda-slots button", has_text=re.compile("^(Chiudi alle prenotazioni|Close to bookings)"))
    assert switches.count() >= 1 and not switches.first.is_visible()  # folded away until asked for
    assert name.bounding_box()["y"] < 812  # on the first screen of a phone
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.locator("#agenda-slots summary").click()
    expect(switches.first).to_be_visible()
    assert_accessible(page)
    assert page.console_errors == []


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_policino_register_opens_a_day_to_come_and_a_closed_day_read_only(page, make_user, language):
    from portal.childcare import rules

    make_user("educatrice", roles=("educatore",), locale=language)
    sign_in(page, "educatrice")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/policino/register")
    page.get_by_role("link", name="Giorno dopo" if language == "it" else "Next day").click()
    expect(page.locator("#childcare-register h2")).to_be_visible()
    ahead = next(today_in_rome() + timedelta(days=n) for n in range(1, 30)
                 if rules.opening_blocks(today_in_rome() + timedelta(days=n)))
    page.goto(f"/policino/register?day={ahead.isoformat()}")
    expect(page.locator("#childcare-register")).to_contain_text(
        "non è ancora arrivato" if language == "it" else "has not come yet")
    assert page.locator("#childcare-register form").count() == 0
    assert_accessible(page)
    assert_fits_the_screen(page)
    sunday = today_in_rome() - timedelta(days=(today_in_rome().weekday() + 1) % 7 or 7)
    page.goto(f"/policino/register?day={sunday.isoformat()}")
    expect(page.locator("#childcare-register")).to_contain_text(
        "chiuso in questo giorno" if language == "it" else "closed on this day")
    expect(page.get_by_role("button", name=re.compile("^(Inizio servizio|On duty)"))).to_have_count(0)
    assert_accessible(page)
    assert_fits_the_screen(page)
    assert page.console_errors == []
