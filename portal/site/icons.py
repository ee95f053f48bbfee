"""The installable app's icons: the bundled emblem (static/img/favicon.svg) drawn white on the institution's colour,
as PNG files of any size, built by the app (no image library needed).

The emblem's shapes are those of the favicon, on its 32-unit grid. Each shape is convex, so a horizontal line
crosses it in one interval; every pixel row is sampled on a few sub-lines and each sub-line's interval adds its
exact horizontal coverage, which gives smooth (anti-aliased) edges.
"""

from __future__ import annotations

import math
import re
import struct
import zlib
from collections.abc import Callable
from functools import lru_cache

HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
DEFAULT_COLOUR = "#003366"
SIZES = (180, 192, 512)
PURPOSES = ("any", "maskable")
SUB_LINES = 4
GRID = 32.0

Interval = Callable[[float], "tuple[float, float] | None"]


def valid_colour(colour: str) -> str:
    """The configured colour if it is a #rrggbb value, the default blue otherwise."""
    return colour if HEX_COLOUR.fullmatch(colour or "") else DEFAULT_COLOUR


def _rect(x: float, y: float, width: float, height: float) -> Interval:
    def interval(line: float):
        return (x, x + width) if y <= line < y + height else None
    return interval


def _polygon(points: list[tuple[float, float]]) -> Interval:
    """A convex polygon: the span of its edges' crossings with the line."""
    edges = list(zip(points, points[1:] + points[:1], strict=True))

    def interval(line: float):
        xs = []
        for (x1, y1), (x2, y2) in edges:
            if y1 == y2 or not (min(y1, y2) <= line < max(y1, y2)):
                continue
            xs.append(x1 + (line - y1) * (x2 - x1) / (y2 - y1))
        return (min(xs), max(xs)) if len(xs) >= 2 else None
    return interval


def _rounded_square(size: float, radius: float) -> Interval:
    def interval(line: float):
        if not 0 <= line < size:
            return None
        dy = max(radius - line, line - (size - radius), 0.0)
        inset = radius - math.sqrt(max(radius * radius - dy * dy, 0.0)) if dy else 0.0
        return (inset, size - inset)
    return interval


# static/img/favicon.svg: a classical building (pediment, three columns, two steps).
EMBLEM = (
    ("rect", (6, 26, 20, 2)), ("rect", (8, 23, 16, 2)),
    ("rect", (9, 13, 3, 9)), ("rect", (14.5, 13, 3, 9)), ("rect", (20, 13, 3, 9)),
    ("polygon", [(16, 4), (26, 10), (26, 12), (6, 12), (6, 10)]),
)
EMBLEM_CENTRE = (16.0, 16.0)  # the middle of its bounding box (6..26 by 4..28)


def _coverage(size: int, shapes: list[Interval]) -> list[list[float]]:
    """For each pixel, the share of its area the shapes cover (0..1)."""
    rows = []
    for row in range(size):
        diff = [0.0] * (size + 2)
        extra = [0.0] * (size + 1)
        for sub in range(SUB_LINES):
            line = row + (sub + 0.5) / SUB_LINES
            for shape in shapes:
                span = shape(line)
                if span is None:
                    continue
                left, right = max(span[0], 0.0), min(span[1], float(size))
                if right <= left:
                    continue
                first, last = math.floor(left), math.floor(right)
                weight = 1.0 / SUB_LINES
                if first == last:
                    extra[first] += (right - left) * weight
                    continue
                extra[first] += (first + 1 - left) * weight
                if last < size:
                    extra[last] += (right - last) * weight
                diff[first + 1] += weight
                diff[last] -= weight
        running, cover = 0.0, []
        for x in range(size):
            running += diff[x]
            cover.append(min(running + extra[x], 1.0))
        rows.append(cover)
    return rows


def _scaled(scale: float, offset_x: float, offset_y: float) -> list[Interval]:
    shapes: list[Interval] = []
    for kind, spec in EMBLEM:
        if kind == "rect":
            x, y, width, height = spec
            shapes.append(_rect(offset_x + x * scale, offset_y + y * scale, width * scale, height * scale))
        else:
            shapes.append(_polygon([(offset_x + x * scale, offset_y + y * scale) for x, y in spec]))
    return shapes


def _png(size: int, pixels: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    stride = size * 4
    raw = b"".join(b"\x00" + pixels[row * stride:(row + 1) * stride] for row in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


@lru_cache(maxsize=16)
def icon_png(colour: str, size: int, purpose: str = "any") -> bytes:
    """The emblem white on `colour`, `size` pixels square.

    "any": the favicon's rounded square, the emblem filling it as in the favicon. "maskable": a full square, the
    emblem inside the central circle that every launcher's mask keeps (the safe zone, 80 % of the width).
    """
    if size not in SIZES or purpose not in PURPOSES:
        raise ValueError(f"no {purpose} icon of {size} px")
    red, green, blue = (int(valid_colour(colour)[i:i + 2], 16) for i in (1, 3, 5))
    if purpose == "maskable":
        background = [_rect(0, 0, size, size)]
        # The emblem's box (20 x 24 units) has a diagonal of 31.24 units: it fits a circle of 0.8 x size.
        scale = 0.8 * size / math.hypot(20, 24)
    else:
        background = [_rounded_square(size, size * 6 / GRID)]
        scale = size / GRID
    offset = size / 2 - EMBLEM_CENTRE[0] * scale
    back = _coverage(size, background)
    front = _coverage(size, _scaled(scale, offset, size / 2 - EMBLEM_CENTRE[1] * scale))
    pixels = bytearray(size * size * 4)
    for y in range(size):
        back_row, front_row = back[y], front[y]
        for x in range(size):
            alpha, white = back_row[x], front_row[x]
            at = (y * size + x) * 4
            # White over the colour, inside the background's own coverage.
            pixels[at] = round(red + (255 - red) * white)
            pixels[at + 1] = round(green + (255 - green) * white)
            pixels[at + 2] = round(blue + (255 - blue) * white)
            pixels[at + 3] = round(255 * max(alpha, white))
    return _png(size, bytes(pixels))
