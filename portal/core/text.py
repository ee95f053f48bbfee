"""Administrators write legal texts as plain text; this turns it into safe HTML blocks.

Blank lines separate paragraphs, a line starting with '## ' is a heading and
lines starting with '- ' form a list. Nothing else is interpreted, so an
administrator cannot inject markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app


@dataclass(frozen=True)
class Block:
    kind: str  # heading | paragraph | list
    lines: tuple[str, ...]


def blocks(text: str) -> list[Block]:
    result: list[Block] = []
    for chunk in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in chunk.strip().split("\n") if line.strip()]
        if lines and lines[0].startswith("## "):
            result.append(Block("heading", (lines[0][3:].strip(),)))
            lines = lines[1:]
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            result.append(Block("list", tuple(line[2:].strip() for line in lines)))
        else:
            result.append(Block("paragraph", tuple(lines)))
    return result


PLACEHOLDERS = ("institution", "email", "phone", "address")


def fill(text: str, values: dict[str, str]) -> str:
    """Put the institution's details in place of {institution}, {email}, {phone}, {address}."""
    for name in PLACEHOLDERS:
        text = text.replace("{" + name + "}", values.get(name, ""))
    return text


def legal_blocks(body: str) -> list[Block]:
    """The blocks of a legal text with this deployment's details filled in."""
    cfg = current_app.config
    details = {"institution": cfg["PORTAL_INSTITUTION_NAME"], "email": cfg["PORTAL_CONTACT_EMAIL"],
               "phone": cfg["PORTAL_CONTACT_PHONE"], "address": cfg["PORTAL_CONTACT_ADDRESS"]}
    return blocks(fill(body, details))
