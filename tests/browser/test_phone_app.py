"""The portal as a phone app, in real Chromium at 375 px: tap targets of 44 x 44 px on every journey page, the
password's show/hide toggle, and the installable app's service worker with its offline page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from portal.caf.models import Student
from portal.childcare.models import Child, Family
from portal.core.calendar import today_in_rome
from portal.extensions import db
from tests.browser.conftest import assert_accessible, assert_fits_the_screen
from tests.browser.test_journeys import sign_in
from tests.caf.conftest import office  # noqa: F401 (fixture)
from tests.childcare.test_booking import open_day
from tests.conftest import STRONG_PASSWORD

pytestmark = pytest.mark.browser

MIN_TARGET = 44  # px: WCAG 2.5.5 (AAA), Apple's and the bar; 2.5.8 (AA) asks only 24

# Every visible control a person can tap, with its box; the target of a checkbox or radio button is the box and its
# label together (tapping the label ticks it). What is left out, and why:
# - a link inside a sentence (WCAG 2.5.8's inline exception): its height is the line of text around it, and making
#   it taller would break the paragraph. Told apart by its display (inline) and by text around it in its block;
# - what is not on the screen: the menu's links while it is closed, the skip link until it is focused, text for
#   screen readers only (a box of 1 px or less), anything hidden.
TAP_TARGETS = r"""
() => {
  const selector = "a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], "
    + "[tabindex]:not([tabindex='-1'])";
  const words = (text) => (text || "").replace(/\s+/g, " ").trim();
  const shown = (el) => {
    if (!el.checkVisibility({ checkOpacity: false, checkVisibilityCSS: true })) return false;
    const box = el.getBoundingClientRect();
    if (box.right <= 0 || box.left >= window.innerWidth) return false;
    return box.width > 1 && box.height > 1;
  };
  const inSentence = (el) => {
    if (el.tagName !== "A" || getComputedStyle(el).display !== "inline") return false;
    const block = el.parentElement.closest("p, li, td, th, dd, dt, small, figcaption, legend, label, .form-text");
    return Boolean(block) && words(block.innerText).length > words(el.innerText).length + 1;
  };
  const union = (a, b) => {
    const left = Math.min(a.left, b.left), top = Math.min(a.top, b.top);
    return { width: Math.max(a.right, b.right) - left, height: Math.max(a.bottom, b.bottom) - top };
  };
  const found = [];
  for (const el of document.querySelectorAll(selector)) {
    let box = el.getBoundingClientRect();
    let visible = shown(el);
    if (el.matches("input[type=checkbox], input[type=radio]") && el.labels && el.labels.length) {
      const label = el.labels[0];
      visible = visible || shown(label);
      box = union(box, label.getBoundingClientRect());
    }
    if (!visible || inSentence(el)) continue;
    const name = words(el.getAttribute("aria-label") || el.innerText || el.value || el.name || el.id);
    found.push({ name: el.tagName.toLowerCase() + " '" + name.slice(0, 40) + "'",
                 width: Math.round(box.width * 10) / 10, height: Math.round(box.height * 10) / 10 });
  }
  return found;
}
"""


def too_small(page) -> list[str]:
    return [f"{page.url.split('//', 1)[1].split('/', 1)[1] or '/'}: {t['name']} is {t['width']}x{t['height']}"
            for t in page.evaluate(TAP_TARGETS)
            if t["width"] < MIN_TARGET - 0.5 or t["height"] < MIN_TARGET - 0.5]


def _measure(page, problems: list[str], path: str | None = None, open_menu: bool = False) -> None:
    if path:
        page.goto(path)
    problems += too_small(page)
    if open_menu:
        page.get_by_role("button", name=re.compile("Mostra o nascondi il menu|Show or hide the menu")).click()
        page.locator("#main-nav .nav-link").first.wait_for(state="visible")
        problems += too_small(page)
        page.keyboard.press("Escape")
        page.reload()


@pytest.fixture
def journeys(app, make_user, make_wallet, office, july_bookable):  # noqa: F811
    """A staff parent with a wallet and a child, a student, a CAF operator, a Policino educator, a welfare admin."""
    parent = make_user("mario.rossi", roles=("dipendente", "genitore"))
    make_wallet(parent)
    student = make_user("studente", roles=("studente",), full_name="Aiko Tanaka", codice_persona="12345678")
    abroad = make_user("estero", roles=("studente",), full_name="Kenji Sato", codice_persona="87654321")
    make_user("operatore", roles=("operatore_caf",), full_name="Olga Operatrice")
    make_user("educatrice", roles=("educatore",), full_name="Elena Educatrice")
    make_user("admin", roles=("amministratore",), full_name="Ada Amministratrice")
    with app.app_context():
        family = Family(parent_id=parent.id, category="staff", phone="011 555")
        db.session.add(family)
        db.session.flush()
        db.session.add(Child(family_id=family.id, full_name="Lia Rossi",
                             birth_date=today_in_rome() - timedelta(days=3 * 365)))
        db.session.add(Student(user_id=student.id, kind="enrolled", codice_persona="12345678", matricola="654321",
                               country="IT"))
        db.session.add(Student(user_id=abroad.id, kind="abroad", codice_persona="87654321", country="JP"))
        db.session.commit()


def _sign_in_as(page, code: str) -> None:
    page.context.clear_cookies()
    sign_in(page, code)
    page.wait_for_url(re.compile(r"/$"))


@pytest.mark.parametrize("language", ["it", "en"])
def test_every_control_of_the_journeys_is_at_least_44_px_on_a_phone(page, journeys, language):
    problems: list[str] = []
    if language == "en":
        page.goto("/auth/login")
        page.get_by_role("button", name="English").click()
        page.wait_for_load_state()
    _measure(page, problems, "/auth/login")
    _measure(page, problems, "/auth/password/forgot")

    _sign_in_as(page, "mario.rossi")
    _measure(page, problems, open_menu=True)  # home, with the menu open too
    _measure(page, problems, "/wallet/")
    _measure(page, problems, "/wallet/movements")
    _measure(page, problems, "/wallet/reimbursements/new")
    _measure(page, problems, f"/policino/book?day={open_day().isoformat()}")
    page.locator("label[for^=start-]").first.click()  # the day's first start, then one half hour: the price
    page.locator("label[for=blocks-1]").click()
    page.locator("#booking-confirm button").wait_for()
    _measure(page, problems)
    _measure(page, problems, "/policino/bookings")
    _measure(page, problems, "/auth/profile")

    _sign_in_as(page, "studente")
    _measure(page, problems, "/caf/appointments")
    page.locator("main a", has_text="CAF Milano Leonardo").click()
    page.locator("#caf-slots").wait_for()
    _measure(page, problems)
    _sign_in_as(page, "estero")
    page.goto("/caf/")
    page.get_by_role("button", name=re.compile("Inizia la tua pratica|Start your practice")).click()
    page.wait_for_url("**/form/members")
    _measure(page, problems)

    _sign_in_as(page, "operatore")
    _measure(page, problems, "/caf/queue")
    _measure(page, problems, "/caf/agenda")
    _sign_in_as(page, "educatrice")
    _measure(page, problems, f"/policino/register?day={open_day().isoformat()}")
    _sign_in_as(page, "admin")
    _measure(page, problems, "/wallet/manage/reimbursements")
    _measure(page, problems, "/admin/users")
    assert problems == [], "controls smaller than 44 x 44 px:\n" + "\n".join(problems)


PASSWORD_WORDS = {"it": ("Mostra la password", "Nascondi la password", "Mostra", "Nascondi"),
                  "en": ("Show password", "Hide password", "Show", "Hide")}


@pytest.mark.parametrize("language", ["it", "en"])
def test_a_password_can_be_shown_by_keyboard_and_is_hidden_again_when_sent(page, make_user, language):
    show, hide, show_word, hide_word = PASSWORD_WORDS[language]
    make_user()
    page.goto("/auth/login")
    if language == "en":
        page.get_by_role("button", name="English").click()
        page.wait_for_load_state()
    field = page.locator("#password")
    toggle = page.get_by_role("button", name=show)
    expect(toggle).to_be_visible()
    expect(toggle).to_have_text(show_word)
    assert toggle.get_attribute("aria-controls") == "password"
    field.fill(STRONG_PASSWORD)
    field.focus()
    page.keyboard.press("Tab")  # the button comes right after its field
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")
    expect(field).to_have_attribute("type", "text")
    toggle = page.get_by_role("button", name=hide)
    expect(toggle).to_have_text(hide_word)
    expect(toggle).to_be_focused()
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.keyboard.press("Space")
    expect(field).to_have_attribute("type", "password")
    expect(page.get_by_role("button", name=show)).to_be_focused()
    page.keyboard.press("Space")
    expect(field).to_have_attribute("type", "text")

    # What the field is when the form leaves: read by a listener that runs after the portal's own.
    page.evaluate("""() => window.addEventListener("submit", () => sessionStorage.setItem(
        "sentAs", document.getElementById("password").type))""")
    page.locator("#access_code").fill("mario.rossi")
    page.get_by_role("button", name=re.compile("^(Accedi|Sign in)$")).click()
    page.wait_for_url(re.compile(r"/$"))
    assert page.evaluate("sessionStorage.getItem('sentAs')") == "password"
    assert page.console_errors == []  # the CSP ('self' only) let the portal's script do all of it


def test_the_password_pages_show_the_toggle_on_every_password(page, make_user):
    make_user(must_change=True, accept_terms=False)
    sign_in(page)
    page.wait_for_url("**/auth/first-access/password")
    expect(page.get_by_role("button", name="Mostra la password")).to_have_count(2)
    page.get_by_role("button", name="Mostra la password").first.click()
    expect(page.locator("#new_password")).to_have_attribute("type", "text")
    expect(page.locator("#confirm_password")).to_have_attribute("type", "password")
    assert too_small(page) == []
    assert_accessible(page)
    assert page.console_errors == []


def test_the_app_works_offline_with_its_offline_page_and_keeps_no_page(app, page, make_user, make_wallet):
    user = make_user()
    make_wallet(user)
    sign_in(page)
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/wallet/")
    scope = page.evaluate("navigator.serviceWorker.ready.then((registration) => registration.scope)")
    assert scope == page.url.split("/wallet/")[0] + "/"
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    stored = page.evaluate("""async () => {
        const names = await caches.keys();
        const urls = [];
        for (const name of names) {
            for (const request of await (await caches.open(name)).keys()) { urls.push(new URL(request.url).pathname); }
        }
        return {names, urls};
    }""")
    assert len(stored["names"]) == 1 and stored["names"][0].startswith("portal-static-")
    assert "/offline" in stored["urls"]
    assert not {"/", "/wallet/", "/auth/login", "/wallet/balance"} & set(stored["urls"])  # never a page
    assert all(url.startswith(("/static/", "/offline", "/brand.css", "/app-icon-")) for url in stored["urls"])

    page.context.set_offline(True)
    try:
        page.goto("/wallet/movements")
        expect(page.get_by_role("heading", level=1)).to_have_text("Sei offline")
        expect(page.locator("section[lang=en] h2")).to_have_text("You are offline")
        assert "1.800,00" not in page.inner_text("body")
        # Styled from the worker's cache: the portal's stylesheet applies (the brand header is coloured).
        colour = page.evaluate("getComputedStyle(document.querySelector('.it-header-center-wrapper')).backgroundColor")
        assert colour == "rgb(0, 51, 102)"
        assert_accessible(page)
        assert_fits_the_screen(page)
        assert too_small(page) == []
    finally:
        page.context.set_offline(False)
    # Back online, the page asked for comes back by itself.
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Sei offline", timeout=10_000)
    assert page.url.endswith("/wallet/movements")
    assert page.console_errors == []
