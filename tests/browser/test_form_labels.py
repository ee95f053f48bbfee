"""Form labels at 375 px: a label that wraps to two lines stays clear of the field above it and of its own field
(Bootstrap Italia lifts `.form-group label.active` over the field, one line high), on the tutoring referral and a
CAF form, Italian and English."""

from __future__ import annotations

import pytest

from tests.browser.conftest import close_phone_context, phone_context
from tests.browser.test_journeys import sign_in

pytestmark = pytest.mark.browser

OVERLAPS = """() => {
  const box = (element) => element.getBoundingClientRect();
  const meet = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const fields = [...document.querySelectorAll("main input:not([type=hidden]), main select, main textarea")]
    .filter((field) => field.offsetParent !== null);
  const found = [];
  for (const label of document.querySelectorAll("main .form-group label")) {
    if (label.offsetParent === null) continue;
    for (const field of fields) {
      if (field.type !== "checkbox" && field.type !== "radio" && meet(box(label), box(field))) {
        found.push(`${label.textContent.trim()} over ${field.name}`);
      }
    }
  }
  return found;
}"""


@pytest.mark.parametrize("language", ["it", "en"])
def test_no_label_covers_a_field_at_375_px(app, browser, live_server, make_user, make_caf_student, language):
    make_user("unita", roles=("special_needs",), full_name="Laura Moretti", locale=language)
    make_caf_student(language)
    for code, address in (("unita", "/tutoring/refer"), ("studente", "/caf/profile")):
        context = phone_context(browser, live_server, locale=f"{language}-IT")
        try:
            tab = context.new_page()
            sign_in(tab, code)
            tab.goto(address)
            assert tab.locator("main .form-group label").count() > 1, address
            assert tab.evaluate(OVERLAPS) == [], address
        finally:
            close_phone_context(context)


@pytest.fixture
def make_caf_student(make_user):
    def factory(language):
        return make_user("studente", roles=("studente",), full_name="Aiko Tanaka", locale=language,
                         codice_persona="12345678")
    return factory
