"""Helpers shared by the request-level tests."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# What must never reach a reader's eyes: a tag, an entity left escaped, an attribute.
MARKUP_IN_TEXT = re.compile(r"<[a-zA-Z/!][^>]*>|&(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);|\bclass=\"")


class _TextOnly(HTMLParser):
    """The text a browser would show: no tags, no scripts, no styles, entities decoded once."""

    HIDDEN = {"script", "style", "template", "head", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The page's text as a person reads it: every run of whitespace (no-break spaces too) is one space."""
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    return " ".join(" ".join(parser.parts).split())


def assert_no_visible_markup(html: str) -> str:
    """Fails when escaped HTML would show on screen; returns the visible text for further checks."""
    text = visible_text(html)
    found = MARKUP_IN_TEXT.search(text)
    assert found is None, f"visible text holds markup: …{text[max(0, found.start() - 60):found.end() + 60]}…"
    return text
