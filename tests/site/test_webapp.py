"""The installable web app: manifest, icons, service worker and offline page, at request level."""

from __future__ import annotations

import json
import re
import struct
import zlib

import pytest

from tests.helpers import visible_text


def _manifest(client, language="it"):
    response = client.get("/manifest.webmanifest", headers={"Accept-Language": language})
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    return json.loads(response.get_data(as_text=True))


def _png_pixels(data: bytes):
    """Width, height and RGBA rows of an 8-bit RGBA PNG with filter 0 (what the portal writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, chunks = 8, {}
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        assert struct.unpack(">I", data[at + 8 + length:at + 12 + length])[0] == zlib.crc32(kind + body)
        chunks[kind] = chunks.get(kind, b"") + body
        at += 12 + length
    width, height, depth, colour_type = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (depth, colour_type) == (8, 6)
    raw = zlib.decompress(chunks[b"IDAT"])
    stride = width * 4 + 1
    rows = [raw[row * stride + 1:(row + 1) * stride] for row in range(height)]
    return width, height, rows


def _pixel(rows, x, y):
    return tuple(rows[y][x * 4:x * 4 + 4])


def test_the_manifest_names_the_institution_in_its_colour(app, client):
    app.config.update(PORTAL_INSTITUTION_NAME="Politecnico di Milano", PORTAL_INSTITUTION_SHORT_NAME="PoliMi",
                      PORTAL_PRIMARY_COLOR="#8A1538")
    try:
        italian = _manifest(client, "it")
        english = _manifest(client, "en")
    finally:
        app.config.update(PORTAL_INSTITUTION_NAME="Politecnico di Torino", PORTAL_INSTITUTION_SHORT_NAME="PoliTo",
                          PORTAL_PRIMARY_COLOR="#003366")
    assert italian["name"] == "Portale dei servizi · Politecnico di Milano"
    assert english["name"] == "Services portal · Politecnico di Milano"
    assert italian["short_name"] == english["short_name"] == "PoliMi"
    assert (italian["lang"], english["lang"]) == ("it", "en")
    assert italian["theme_color"] == "#8A1538"
    assert italian["start_url"] == italian["scope"] == italian["id"] == "/"
    assert italian["display"] == "standalone"
    assert {(icon["sizes"], icon["purpose"]) for icon in italian["icons"]} == {
        ("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")}
    for icon in italian["icons"]:
        assert icon["type"] == "image/png"
        assert icon["src"].endswith("v=8a1538")  # a new colour is a new address: kept a year, never stale


def test_a_colour_that_is_not_a_colour_falls_back_to_the_default_blue(app, client):
    app.config["PORTAL_PRIMARY_COLOR"] = "red; background: url(x)"
    try:
        assert _manifest(client)["theme_color"] == "#003366"
    finally:
        app.config["PORTAL_PRIMARY_COLOR"] = "#003366"


@pytest.mark.parametrize("purpose, size", [("any", 192), ("any", 512), ("maskable", 512), ("maskable", 180)])
def test_the_icons_are_pngs_in_the_institutions_colour(app, client, purpose, size):
    app.config["PORTAL_PRIMARY_COLOR"] = "#8A1538"
    try:
        response = client.get(f"/app-icon-{purpose}-{size}.png?v=8a1538")
    finally:
        app.config["PORTAL_PRIMARY_COLOR"] = "#003366"
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert "immutable" in response.headers["Cache-Control"]
    width, height, rows = _png_pixels(response.data)
    assert (width, height) == (size, size)
    # On the favicon's 32-unit grid: (3, 16) is background left of the pediment, (16, 8) inside the pediment.
    unit = size / 32
    assert _pixel(rows, int(3 * unit), int(16 * unit)) == (0x8A, 0x15, 0x38, 255)
    assert _pixel(rows, int(16 * unit), int(9 * unit))[:3] == (255, 255, 255)
    corner = _pixel(rows, 0, 0)
    # The "any" icon is the favicon's rounded square (its corner is transparent); a maskable one is full-bleed.
    assert corner[3] == (0 if purpose == "any" else 255)


def test_unknown_icons_are_not_found(client):
    assert client.get("/app-icon-any-64.png").status_code == 404
    assert client.get("/app-icon-round-192.png").status_code == 404


def test_the_service_worker_is_served_from_the_root_and_always_revalidated(client):
    response = client.get("/service-worker.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert "no-cache" in response.headers["Cache-Control"]
    assert "max-age=0" in response.headers["Cache-Control"]
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "Set-Cookie" not in response.headers
    body = response.get_data(as_text=True)
    precached = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", body).group(1))
    assert "/offline" in precached
    assert any(re.fullmatch(r"/static/build/portal-[0-9a-f]{12}\.css", url) for url in precached)
    assert "/brand.css" not in " ".join(precached)  # the default colour is in the built stylesheet
    assert all(url.startswith(("/static/", "/brand.css", "/offline", "/app-icon-")) for url in precached)
    # Pages are never stored: the worker answers navigations from the network, or with the offline page.
    assert "cache.put" not in body


def test_the_worker_stores_every_static_file_a_page_loads(client, signed_in):
    """If the layout starts loading another file (or a new version), the worker's list follows it."""
    signed_in()
    page = client.get("/").get_data(as_text=True)
    loaded = set(re.findall(r'<(?:link rel="stylesheet"|script) (?:href|src)="([^"]+)"', page))
    loaded |= set(re.findall(r'<link rel="(?:icon|preload)" href="([^"]+)"', page))
    body = client.get("/service-worker.js").get_data(as_text=True)
    precached = set(json.loads(re.search(r"const PRECACHE = (\[.*?\]);", body).group(1)))
    assert loaded and loaded <= {url.replace("&amp;", "&") for url in precached}


def test_a_new_colour_installs_a_new_worker(app, client):
    before = client.get("/service-worker.js").get_data(as_text=True)
    app.config["PORTAL_PRIMARY_COLOR"] = "#8A1538"
    try:
        after = client.get("/service-worker.js").get_data(as_text=True)
    finally:
        app.config["PORTAL_PRIMARY_COLOR"] = "#003366"
    version = re.compile(r'const CACHE = "(portal-static-[0-9a-f]+)"')
    assert version.search(before).group(1) != version.search(after).group(1)


def test_the_offline_page_is_static_and_in_both_languages(client, signed_in):
    signed_in()  # even for a signed-in person: nothing of theirs is on it
    response = client.get("/offline")
    assert response.status_code == 200
    assert "public" in response.headers["Cache-Control"]
    assert "Set-Cookie" not in response.headers
    html = response.get_data(as_text=True)
    text = visible_text(html)
    assert "Sei offline" in text and "You are offline" in text
    assert "Mario Rossi" not in text
    assert 'name="csrf_token"' not in html
    assert '<section lang="en"' in html


def test_every_page_links_the_manifest_and_the_theme_colour(client):
    html = client.get("/auth/login").get_data(as_text=True)
    assert '<link rel="manifest" href="/manifest.webmanifest" data-service-worker="/service-worker.js"' in html
    assert '<meta name="theme-color" content="#003366">' in html
