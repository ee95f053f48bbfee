"""The static files a page loads: one versioned stylesheet, one versioned script, a sprite of the icons used, each
served pre-compressed (WhiteNoise) to a browser that accepts brotli or gzip; and the pages themselves compressed
(Flask-Compress). Sizes are not timed here: `make bench-weight` measures them in Chromium."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import brotli
import pytest

from portal.site.webapp import PRELOADED_FONTS

ROOT = Path(__file__).resolve().parent.parent.parent
STATIC = ROOT / "static"
LINKED = re.compile(r'<(?:link rel="(?:stylesheet|icon)"|script) (?:href|src)="([^"]+)"')


def linked_files(html: str) -> list[str]:
    return LINKED.findall(html)


def test_the_first_page_loads_one_versioned_stylesheet_and_one_versioned_script(client):
    html = client.get("/auth/login").get_data(as_text=True)
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert len(stylesheets) == 1 and re.fullmatch(r"/static/build/portal-[0-9a-f]{12}\.css", stylesheets[0])
    assert len(scripts) == 1 and re.fullmatch(r"/static/build/portal-[0-9a-f]{12}\.js", scripts[0])
    assert "/brand.css" not in html  # the default colour is in the built stylesheet
    preloaded = re.findall(r'<link rel="preload" href="([^"]+)" as="font" type="font/woff2" crossorigin>', html)
    assert preloaded == [f"/static/{font}" for font in PRELOADED_FONTS]
    assert "autofocus" not in html or 'name="access_code"' in html  # only the sign-in field, at the top


@pytest.mark.parametrize(("accept", "encoding", "decode"), [
    ("br, gzip, deflate", "br", brotli.decompress),
    ("gzip, deflate", "gzip", gzip.decompress),
    ("identity", None, lambda body: body),
])
def test_static_files_come_compressed_when_the_browser_accepts_it(client, accept, encoding, decode):
    html = client.get("/auth/login").get_data(as_text=True)
    sprite = re.search(r'<use href="(/static/build/sprites-[0-9a-f]{12}\.svg)#', html)
    urls = linked_files(html) + ([sprite.group(1)] if sprite else [])
    assert len(urls) >= 3
    for url in urls:
        response = client.get(url, headers={"Accept-Encoding": accept})
        assert response.status_code == 200, url
        assert response.headers.get("Content-Encoding") == encoding, url
        assert "Accept-Encoding" in response.headers["Vary"], url
        original = (STATIC / url.removeprefix("/static/")).read_bytes()
        assert decode(response.get_data()) == original, url
        assert "max-age=315360000" in response.headers["Cache-Control"] and "immutable" in response.headers[
            "Cache-Control"], url
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "Access-Control-Allow-Origin" not in response.headers
        assert "Set-Cookie" not in response.headers
    assert client.get("/static/build/portal-000000000000.css").status_code == 404


def test_pages_and_fragments_come_compressed_and_answer_304_as_before(client, signed_in, make_wallet):
    plain = client.get("/auth/login", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers
    page = client.get("/auth/login", headers={"Accept-Encoding": "br, gzip"})
    assert page.headers["Content-Encoding"] == "br" and "Accept-Encoding" in page.headers["Vary"]
    # The same page, not its beginning: only the CSRF token differs between the two answers.
    token = re.compile(rb'value="[^"]{40,}"')
    assert token.sub(b"", brotli.decompress(page.get_data())) == token.sub(b"", plain.get_data())
    assert len(page.get_data()) < len(plain.get_data()) / 2
    assert client.get("/auth/login", headers={"Accept-Encoding": "gzip"}).headers["Content-Encoding"] == "gzip"
    # A request another site had the browser send is answered uncompressed (BREACH).
    foreign = client.get("/auth/login", headers={"Accept-Encoding": "br, gzip", "Sec-Fetch-Site": "cross-site"})
    assert "Content-Encoding" not in foreign.headers and "Sec-Fetch-Site" in foreign.headers["Vary"]

    make_wallet(signed_in())
    first = client.get("/wallet/balance", headers={"HX-Request": "true", "Accept-Encoding": "br"})
    assert first.status_code == 200
    etag = first.headers["ETag"]
    again = client.get("/wallet/balance", headers={"HX-Request": "true", "Accept-Encoding": "br", "If-None-Match": etag})
    assert again.status_code == 304


def test_the_build_is_complete_and_names_its_content():
    manifest = json.loads((STATIC / "build" / "manifest.json").read_text())
    assert set(manifest) == {"portal.css", "portal.js", "sprites.svg", "favicon.svg"}
    for path in manifest.values():
        data = (STATIC / path).read_bytes()
        import hashlib

        assert re.search(r"-([0-9a-f]{12})\.", path).group(1) == hashlib.sha256(data).hexdigest()[:12], path
        assert brotli.decompress((STATIC / (path + ".br")).read_bytes()) == data
        assert gzip.decompress((STATIC / (path + ".gz")).read_bytes()) == data
    css = (STATIC / manifest["portal.css"]).read_text()
    assert (STATIC / "css" / "portal.css").read_text().count(".skip-link") and ".skip-link:focus" in css
    assert "font-display:optional" in css.replace(" ", "") and "--portal-primary:#003366" in css.replace(" ", "")


def test_the_sprite_has_every_icon_the_templates_name():
    """A template naming a new icon needs `make assets` (tools/build_assets.py) to put it in the sprite."""
    manifest = json.loads((STATIC / "build" / "manifest.json").read_text())
    sprite = (STATIC / manifest["sprites.svg"]).read_text()
    named = set()
    for path in list((ROOT / "templates").rglob("*.html")) + list((ROOT / "portal").rglob("*.py")):
        named.update(re.findall(r"""icon\(\s*["'](it-[a-z0-9-]+)["']""", path.read_text()))
    assert named and {name for name in named if f'id="{name}"' not in sprite} == set()


def test_another_colour_adds_a_stylesheet_of_variables_kept_for_a_year(app, client):
    app.config["PORTAL_PRIMARY_COLOR"] = "#8A1538"
    try:
        html = client.get("/auth/login").get_data(as_text=True)
        brand = re.search(r'<link rel="stylesheet" href="(/brand\.css\?v=8a1538)">', html).group(1)
        response = client.get(brand)
        assert "--portal-primary: #8A1538" in response.get_data(as_text=True)
        assert "max-age=31536000" in response.headers["Cache-Control"] and "immutable" in response.headers[
            "Cache-Control"]
        assert "max-age=3600" in client.get("/brand.css?v=003366").headers["Cache-Control"]
    finally:
        app.config["PORTAL_PRIMARY_COLOR"] = "#003366"
