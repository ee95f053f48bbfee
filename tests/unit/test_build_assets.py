"""tools/build_assets.py: which Bootstrap Italia rules the purge keeps, and how the ES modules are linked."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

pytestmark = pytest.mark.pure

SPEC = importlib.util.spec_from_file_location(
    "build_assets", Path(__file__).resolve().parent.parent.parent / "tools" / "build_assets.py")
build = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(build)


@pytest.mark.parametrize(("selector", "kept"), [
    (".btn.btn-primary:hover", True),
    (".btn .btn-danger", False),  # one class no page uses
    ("a:not(.btn-danger)", True),  # classes inside :not() are not needed
    (".card:has(.unused-thing) .card-body", True),
    ("[class*=unused-col-]", True),  # attribute selectors are kept
    ("h2", True),
    (".alert-success", True),  # `alert-{{ category }}` keeps every alert-*
    (".collapsing", True),  # a state JavaScript sets, in the safelist
    (".col-md-1\\.5", False),
])
def test_a_rule_is_kept_when_every_class_it_needs_is_used(selector, kept):
    words = {"btn", "btn-primary", "card", "card-body"} | build.SAFELIST
    assert build.selector_used(selector, words, ("alert-",)) is kept


def test_selector_lists_split_at_top_level_commas_only():
    assert build._split_selectors(".a, .b:is(.c, .d) , h1") == [".a", ".b:is(.c, .d)", "h1"]


def test_words_written_before_a_placeholder_keep_their_prefix(tmp_path):
    (tmp_path / "a.html").write_text('<div class="alert alert-{{ kind }} bg-{% if x %}one{% endif %}">')
    (tmp_path / "b.py").write_text('classes = f"text-{tone} badge"\nother = "border-" + side\n')
    words, prefixes = build.used_words([tmp_path / "a.html", tmp_path / "b.py"])
    assert {"alert", "badge"} <= words
    assert set(prefixes) == {"alert-", "bg-", "text-", "border-"}


def test_modules_are_linked_in_evaluation_order(tmp_path, monkeypatch):
    monkeypatch.setattr(build, "STATIC", tmp_path)
    (tmp_path / "util.js").write_text("const two = 2;\nfunction add(a) { return a + two; }\nexport { add, two as TWO };\n")
    (tmp_path / "base.js").write_text("import { add, TWO as t } from './util.js';\nconst Base = add(t);\n"
                                      "export { Base as default };\n")
    (tmp_path / "entry.js").write_text("import './base.js';\nimport Base from './base.js';\nwindow.x = Base;\n")
    order = build.module_graph(tmp_path / "entry.js")
    assert [path.name for path in order] == ["util.js", "base.js", "entry.js"]
    script = build.link_modules(order)
    assert "const { add, TWO: t } = __portal_module_0;" in script
    assert "const Base = __portal_module_1.default;" in script
    assert "return { add: add, TWO: two };" in script and "return { default: Base };" in script
    assert "import " not in script and "export " not in script


def test_a_bare_import_stops_the_build(tmp_path):
    (tmp_path / "entry.js").write_text("import anime from 'animejs';\n")
    with pytest.raises(SystemExit):
        build.module_graph(tmp_path / "entry.js")
