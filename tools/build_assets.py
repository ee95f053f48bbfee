"""Build the static files every page loads: one stylesheet, one script, one icon sprite, each versioned by its content.

    make assets        # after changing a template, a class built in Python, portal.css or portal.js

Writes static/build/ afresh (and nothing else):

- portal-<hash>.css: Bootstrap Italia's stylesheet purged of the rules no page can use, then the fonts, the brand
  colour (PORTAL_PRIMARY_COLOR's default; another colour adds /brand.css, see portal/site/routes.py) and the
  portal's own portal.css, in that order (the order the pages used to load them in).
- portal-<hash>.js: htmx (vendored, unchanged), Bootstrap Italia's ES modules the portal uses (static/js/
  design-system.js and what it imports, linked into one script) and static/js/portal.js, in the order the pages
  used to run them.
- sprites-<hash>.svg: the symbols of Bootstrap Italia's sprite the portal names.
- favicon-<hash>.svg.
- manifest.json: the logical name of each file -> its versioned path (read by portal.asset_url()).
- a .br and a .gz beside each file, which WhiteNoise serves to browsers that accept them.

Purging keeps a rule when every class its selector needs is a word found in the templates, in portal/ (classes
built in Python), in the portal's JavaScript and in the bundled Bootstrap Italia and htmx code (the classes they
toggle: show, active, collapsing, htmx-request...), or in SAFELIST. A word written just before a template or f-string
placeholder (`alert-{{ category }}`, f"text-{tone}") keeps every class that starts with it. Unused @keyframes and
custom properties no kept rule reads go too. The output is committed; `make test` does not run this script, and a
test checks that the committed build is not older than its sources' names (tests/site/test_assets.py).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "static"
BUILD = STATIC / "build"
VENDOR = STATIC / "vendor" / "bootstrap-italia-2.18.3"
HTMX = STATIC / "vendor" / "htmx-2.0.11" / "htmx.min.js"
BOOTSTRAP_CSS = VENDOR / "css" / "bootstrap-italia.min.css"
SPRITE = VENDOR / "svg" / "sprites.svg"
OWN_CSS = (STATIC / "css" / "fonts.css", STATIC / "css" / "portal.css")
BRAND_TEMPLATE = ROOT / "templates" / "site" / "brand.css"
DEFAULT_COLOUR = "#003366"
JS_ENTRY = STATIC / "js" / "design-system.js"
OWN_JS = STATIC / "js" / "portal.js"
FAVICON = STATIC / "img" / "favicon.svg"

# States set by code this script cannot read as words: form validation states, Bootstrap's transition helpers.
SAFELIST = {
    "show", "showing", "hiding", "active", "disabled", "collapse", "collapsing", "collapsed", "fade", "expanded",
    "is-invalid", "is-valid", "was-validated", "invalid-feedback", "valid-feedback", "focus--mouse", "visually-hidden",
    "visually-hidden-focusable", "modal-open", "offcanvas-backdrop", "modal-backdrop",
}
WORD = re.compile(r"-?[A-Za-z_][A-Za-z0-9_-]*")
# `alert-{{ x }}`, `{% if %}`-joined names, f"bg-{x}", "text-" + x, `btn-${x}`
PREFIX = re.compile(r"([A-Za-z][A-Za-z0-9_-]*-)(?=\{\{|\{%|\{[A-Za-z_]|\$\{|[\"']\s*\+)")
CLASS = re.compile(r"\.((?:[A-Za-z0-9_-]|\\.)+)")
FUNCTIONAL_PSEUDO = re.compile(r":(?:not|is|where|has|nth-child|nth-last-child|-webkit-any|-moz-any)\(")
HASH_LENGTH = 12


def version(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:HASH_LENGTH]


# ---- what the portal uses ----------------------------------------------------------------------------------------

def source_files(js_modules: list[Path]) -> list[Path]:
    files = [path for path in (ROOT / "templates").rglob("*") if path.is_file()]
    files += [path for path in (ROOT / "portal").rglob("*.py")]
    files += [OWN_JS, HTMX, *js_modules, *OWN_CSS]
    return files


def used_words(files: list[Path]) -> tuple[set[str], tuple[str, ...]]:
    words: set[str] = set(SAFELIST)
    prefixes: set[str] = set()
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        words.update(WORD.findall(text))
        prefixes.update(PREFIX.findall(text))
    return words, tuple(sorted(prefixes))


# ---- the stylesheet ----------------------------------------------------------------------------------------------

def _split_selectors(prelude: str) -> list[str]:
    """A selector list split at its top-level commas (not those inside :is(...), :not(...))."""
    parts, depth, current = [], 0, []
    for char in prelude:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        if char == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    return [part for part in parts if part]


def _without_functional_arguments(selector: str) -> str:
    """Drop what is inside :not(), :is(), :has()...: a rule does not need those classes to be present."""
    out, index = [], 0
    while True:
        match = FUNCTIONAL_PSEUDO.search(selector, index)
        if not match:
            out.append(selector[index:])
            return "".join(out)
        out.append(selector[index:match.end() - 1])
        depth, cursor = 0, match.end() - 1
        while cursor < len(selector):
            if selector[cursor] == "(":
                depth += 1
            elif selector[cursor] == ")":
                depth -= 1
                if depth == 0:
                    break
            cursor += 1
        index = cursor + 1


def _attribute_free(selector: str) -> str:
    return re.sub(r"\[[^\]]*\]", "", selector)


def selector_used(selector: str, words: set[str], prefixes: tuple[str, ...]) -> bool:
    bare = _attribute_free(_without_functional_arguments(selector))
    for escaped in CLASS.findall(bare):
        name = re.sub(r"\\(.)", r"\1", escaped)
        if name not in words and not name.startswith(prefixes):
            return False
    return True


def purge_rules(rules, words, prefixes) -> list:
    import tinycss2

    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = _split_selectors(tinycss2.serialize(rule.prelude))
            used = [selector for selector in selectors if selector_used(selector, words, prefixes)]
            if used:
                kept.append((",".join(used), rule))
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports", "layer", "container") \
                and rule.content is not None:
            inner = purge_rules(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True),
                                words, prefixes)
            if inner:
                kept.append((None, (rule, inner)))
        elif rule.type == "at-rule":
            kept.append((None, rule))
    return kept


def _declarations(rule) -> list:
    import tinycss2

    return [item for item in tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)
            if item.type == "declaration"]


def serialize(kept, used_variables: set[str] | None, used_animations: set[str]) -> str:
    import tinycss2

    out = []
    for selector, rule in kept:
        if selector is not None:
            declarations = _declarations(rule)
            if used_variables is not None:
                declarations = [d for d in declarations if not d.name.startswith("--") or d.name in used_variables]
            if declarations:
                body = ";".join(f"{d.name}:{tinycss2.serialize(d.value).strip()}"
                                f"{' !important' if d.important else ''}" for d in declarations)
                out.append(f"{selector}{{{body}}}")
        elif isinstance(rule, tuple):
            at_rule, inner = rule
            body = serialize(inner, used_variables, used_animations)
            if body:
                out.append(f"@{at_rule.at_keyword} {tinycss2.serialize(at_rule.prelude).strip()}{{{body}}}")
        elif rule.lower_at_keyword.endswith("keyframes"):
            name = tinycss2.serialize(rule.prelude).strip()
            if name in used_animations:
                out.append(rule.serialize())
        else:
            out.append(rule.serialize())
    return "".join(out)


def purge_css(css: str, words: set[str], prefixes: tuple[str, ...], other_css: str, scripts: str) -> str:
    import tinycss2

    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    kept = purge_rules(rules, words, prefixes)
    # Custom properties and animations: keep those read by what is kept (to a fixed point: variables read
    # variables), by the portal's own stylesheets, or named in a script.
    everything = serialize(kept, None, set())
    declared = " ".join(re.findall(r"animation(?:-name)?:([^;}]*)", everything + other_css))
    animations = set(WORD.findall(declared))
    used_variables = set(re.findall(r"--[A-Za-z0-9_-]+", scripts + other_css))
    while True:
        text = serialize(kept, used_variables, animations)
        found = set(re.findall(r"var\(\s*(--[A-Za-z0-9_-]+)", text)) | used_variables
        if found == used_variables:
            return text
        used_variables = found


def brand_css(colour: str) -> str:
    from jinja2 import Template

    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return Template(BRAND_TEMPLATE.read_text()).render(colour=colour, rgb=f"{red}, {green}, {blue}")


def minify_css(css: str) -> str:
    import tinycss2

    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return "".join(rule.serialize() for rule in rules)


# ---- the script --------------------------------------------------------------------------------------------------

IMPORT = re.compile(r"^import\s+(?:(?P<default>[A-Za-z_$][\w$]*)|\{(?P<names>[^}]*)\})?\s*(?:from\s+)?"
                    r"['\"](?P<path>[^'\"]+)['\"];?\s*$", re.M)
EXPORT = re.compile(r"^export\s*\{(?P<names>[^}]*)\};?\s*$", re.M)


def module_graph(entry: Path) -> list[Path]:
    """The modules entry imports, each after those it imports (ES module evaluation order)."""
    order: list[Path] = []

    def visit(path: Path, trail: tuple[Path, ...]) -> None:
        if path in order:
            return
        if path in trail:
            raise SystemExit(f"circular import through {path}")
        for match in IMPORT.finditer(path.read_text()):
            target = match["path"]
            if not target.startswith("."):
                raise SystemExit(f"{path}: cannot bundle the bare import {target!r}")
            visit((path.parent / target).resolve(), (*trail, path))
        order.append(path)

    visit(entry.resolve(), ())
    return order


def link_modules(order: list[Path]) -> str:
    """One classic script: each module in a function of its own that returns its exports, in evaluation order."""
    names = {path: f"__portal_module_{index}" for index, path in enumerate(order)}
    out = []
    for path in order:
        source = path.read_text()
        header = []
        for match in IMPORT.finditer(source):
            target = names[(path.parent / match["path"]).resolve()]
            if match["default"]:
                header.append(f"const {match['default']} = {target}.default;")
            elif match["names"]:
                bindings = ", ".join(
                    part.strip().replace(" as ", ": ") for part in match["names"].split(",") if part.strip())
                header.append(f"const {{ {bindings} }} = {target};")
        exports = []
        for match in EXPORT.finditer(source):
            for part in match["names"].split(","):
                local, _, exported = part.strip().partition(" as ")
                if local:
                    exports.append(f"{(exported or local).strip()}: {local.strip()}")
        body = EXPORT.sub("", IMPORT.sub("", source))
        if re.search(r"^\s*(import|export)\b", body, re.M):
            raise SystemExit(f"{path}: an import or export this linker does not understand")
        relative = path.relative_to(STATIC)
        out.append(f"// {relative}\nconst {names[path]} = (function () {{\n\"use strict\";\n"
                   + "\n".join(header) + "\n" + body + f"\nreturn {{ {', '.join(exports)} }};\n}})();\n")
    return "".join(out)


def minify_js(script: str) -> str:
    """rjsmin, unless it would touch a template literal (it predates them): then comments are kept too."""
    import rjsmin

    small = rjsmin.jsmin(script)
    template = re.compile(r"`[^`]*`")
    # Every template literal of the result is one of the source's, unchanged (the source's comments may hold more).
    return small if all(literal in script for literal in template.findall(small)) else script


# ---- the sprite --------------------------------------------------------------------------------------------------

def sprite(words: set[str]) -> str:
    source = SPRITE.read_text()
    symbols = re.findall(r'<symbol id="([^"]+)".*?</symbol>', source, re.S)
    kept = [match.group(0) for match in re.finditer(r'<symbol id="([^"]+)".*?</symbol>', source, re.S)
            if match.group(1) in words]
    assert symbols, "no symbol found in the sprite"
    return '<svg xmlns="http://www.w3.org/2000/svg">' + "".join(kept) + "</svg>"


# ---- output ------------------------------------------------------------------------------------------------------

def write(name: str, data: bytes, manifest: dict[str, str]) -> None:
    import brotli

    stem, dot, suffix = name.rpartition(".")
    filename = f"{stem}-{version(data)}{dot}{suffix}"
    path = BUILD / filename
    path.write_bytes(data)
    path.with_name(filename + ".br").write_bytes(brotli.compress(data, quality=11))
    path.with_name(filename + ".gz").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    manifest[name] = f"build/{filename}"


def main() -> None:
    modules = module_graph(JS_ENTRY)
    words, prefixes = used_words(source_files(modules))
    own_css = "\n".join(minify_css(path.read_text()) for path in OWN_CSS)
    brand = minify_css(brand_css(DEFAULT_COLOUR))
    scripts = "\n".join(path.read_text() for path in (OWN_JS, HTMX, *modules))
    bootstrap = purge_css(BOOTSTRAP_CSS.read_text(), words, prefixes, own_css + brand, scripts)
    fonts, portal = (minify_css(path.read_text()) for path in OWN_CSS)
    stylesheet = "\n".join((
        "/* Built by tools/build_assets.py from Bootstrap Italia 2.18.3 (BSD-3-Clause), purged to the classes the "
        "portal uses, and the portal's own stylesheets. Do not edit: run make assets. */",
        bootstrap, fonts, brand, portal)) + "\n"
    script = "\n".join((
        "/* Built by tools/build_assets.py: htmx 2.0.11 (BSD-2-Clause), Bootstrap Italia 2.18.3's modules "
        "(BSD-3-Clause), the portal's own script. Do not edit: run make assets. */",
        HTMX.read_text().strip(),
        minify_js(link_modules(modules)),
        OWN_JS.read_text())) + "\n"

    if BUILD.exists():
        shutil.rmtree(BUILD)
    BUILD.mkdir(parents=True)
    manifest: dict[str, str] = {}
    write("portal.css", stylesheet.encode(), manifest)
    write("portal.js", script.encode(), manifest)
    write("sprites.svg", sprite(words).encode(), manifest)
    write("favicon.svg", FAVICON.read_bytes(), manifest)
    (BUILD / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    for name, path in sorted(manifest.items()):
        sizes = [(STATIC / path).stat().st_size, (STATIC / (path + ".br")).stat().st_size]
        print(f"{name:12} {path:40} {sizes[0]:>8} bytes, {sizes[1]:>7} with brotli", file=sys.stderr)


if __name__ == "__main__":
    main()
