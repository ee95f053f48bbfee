"""Strict CSV in and out: UTF-8, a known delimiter, the header checked, line numbers kept."""

from __future__ import annotations

import base64
import binascii
import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from portal.core.forms import single_line
from portal.core.rules import RuleViolation

DELIMITERS = (";", ",")
# Cells that a spreadsheet would run as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class CsvRow:
    line: int  # 1-based line number in the file, the header being line 1
    values: dict[str, str]


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RuleViolation(_l("The file is not UTF-8 text. Save it as 'CSV UTF-8' and try again.")) from exc


def read_rows(data: bytes, required: Sequence[str], optional: Sequence[str] = ()) -> list[CsvRow]:
    """Parse a CSV with a `;` or `,` delimiter. Header names are matched without case.

    Raises RuleViolation for an unreadable file or a wrong header; rows are
    returned with their line number for the caller's own checks.
    """
    text = decode(data)
    if not text.strip():
        raise RuleViolation(_l("The file is empty."))
    first_line = text.splitlines()[0]
    delimiter = max(DELIMITERS, key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [name.strip().lower() for name in next(reader)]
        missing = [name for name in required if name not in header]
        if missing:
            raise RuleViolation(_l("Line 1: missing columns: %(columns)s.", columns=", ".join(missing)))
        known = set(required) | set(optional)
        unknown = [name for name in header if name not in known]
        if unknown:
            raise RuleViolation(_l("Line 1: unknown columns: %(columns)s.", columns=", ".join(unknown)))
        rows = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                raise RuleViolation(
                    _l("Line %(line)d: %(found)d values instead of %(expected)d.",
                       line=reader.line_num, found=len(cells), expected=len(header))
                )
            # every cell is a one-line value (a code, a name, an address): no line break or control character
            rows.append(CsvRow(reader.line_num, {name: single_line(cell) for name, cell in zip(header, cells)}))
    except csv.Error as exc:
        raise RuleViolation(_l("Line %(line)d: the CSV is malformed (%(error)s).", line=reader.line_num, error=str(exc))) from exc
    return rows


NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


def safe_cell(value: object) -> str:
    """The cell as text, with a leading quote where a spreadsheet would run it as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES) and not NUMBER.fullmatch(text):
        return "'" + text
    return text


def write_rows(columns: Sequence[str], rows: Iterable[Sequence[object]], delimiter: str = ";") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return out.getvalue()


def to_payload(data: bytes) -> str:
    """An uploaded file carried in a hidden field from the preview to the apply step."""
    return base64.b64encode(data).decode()


def from_payload(payload: str) -> bytes | None:
    try:
        return base64.b64decode(payload.encode(), validate=True)
    except (binascii.Error, ValueError):
        return None
