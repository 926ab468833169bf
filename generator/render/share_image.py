"""A page's share image: the picture a link to it shows when it is shared (`og:image`).

1200 x 630 pixels, the size Open Graph and X (Twitter) cards show whole: the page's
title, large, and the story's name, drawn with Pillow in the theme's share font
(load/templates.py). Pillow because drawing text well (hinting, anti-aliasing,
kerning) needs a font rasteriser, and its wheels bring their own FreeType and zlib,
pinned with it in constraints.txt: the same title gives the same bytes on every
machine that installs those pins. Its text layout is the basic one, which needs no
system library, so it is the same wherever the build runs.

The basic layout neither reorders right-to-left text nor shapes joining scripts, and
a font draws only its own characters: a text it cannot draw faithfully (a character
the font lacks, a right-to-left one) is left out of the picture rather than drawn
wrong, and a page with neither text drawable has no share image.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from generator.load.font_characters import font_characters

if TYPE_CHECKING:
    from PIL import ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
BACKGROUND = (251, 250, 247)  # the theme's --bg, --text and --accent
TEXT = (28, 27, 25)
ACCENT = (155, 28, 28)
RULE = 30  # the rule's ink: about the theme's --rule
TITLE_SIZES = range(76, 43, -4)  # the largest that fits: a long title shrinks
TITLE_TOP, TITLE_BOTTOM = 168, HEIGHT - 72
NAME_SIZES = (34, 30, 26)
NAME_BASELINE = 100
LINE_HEIGHT = 1.2
ELLIPSIS = "\u2026"
# More than the lines hold at the smallest size, even of the narrowest characters.
MOST_CHARACTERS = 2000
COMPRESSION = 3  # zlib level: 6 took 1.4x the time (18 ms) for files 0.8x the size
SHADES = 32  # of each ink: smooth edges, and fewer colours compress better
# Directions the basic layout cannot lay out: right-to-left letters and the controls
# that reorder a line.
RIGHT_TO_LEFT = frozenset({"R", "AL", "RLE", "RLO", "RLI", "LRE", "LRO", "FSI"})


@dataclass(frozen=True)
class ShareText:
    """What a share image shows: the page's title and the story's name."""

    title: str
    name: str


def drawable(text: str, characters: frozenset[int]) -> str:
    """The text as the basic layout draws it in a font of these characters (without
    its invisible formatting characters), or "" when it cannot draw it faithfully.
    Of a text far longer than the lines hold, the start: no more can show."""
    text = text[:MOST_CHARACTERS]
    if any(unicodedata.bidirectional(character) in RIGHT_TO_LEFT for character in text):
        return ""
    shown = "".join(c for c in text if unicodedata.category(c) != "Cf")
    if all(ord(c) in characters or c.isspace() for c in shown) and not shown.isspace():
        return shown
    return ""


def shown_texts(text: ShareText, font: bytes) -> ShareText | None:
    """The texts the image can show (one it cannot draw is ""), or None: neither."""
    characters = characters_of(font)
    title, name = drawable(text.title, characters), drawable(text.name, characters)
    return ShareText(title, name) if title or name else None


@lru_cache(maxsize=2)
def characters_of(font: bytes) -> frozenset[int]:
    """The characters a font (checked as it was read) maps: read once, not for each
    page (a millisecond each)."""
    return font_characters(font) or frozenset()


def share_png(text: ShareText, font: bytes) -> bytes:
    """The PNG of a share image showing these texts (those shown_texts keeps)."""
    # Pillow is imported only to draw: a warm build, whose images are all kept, does
    # without its import (PIL.Image's alone takes longer than drawing an image).
    from PIL import Image, ImageChops, ImageDraw

    # Each ink is drawn as a coverage mask, and the picture made of the two masks
    # through a palette of their blends with the background: the few colours that
    # anti-aliased text needs, written without quantising a full-colour picture
    # (which took five times as long as the drawing).
    ink = Image.new("L", (WIDTH, HEIGHT))
    accent = Image.new("L", (WIDTH, HEIGHT))
    ImageDraw.Draw(accent).rectangle((0, 0, WIDTH - 1, 13), fill=255)
    ImageDraw.Draw(ink).rectangle((MARGIN, HEIGHT - 44, WIDTH - MARGIN - 1, HEIGHT - 43), fill=RULE)
    width = WIDTH - 2 * MARGIN
    if text.name:
        name_font, (line,) = fit(text.name, font, NAME_SIZES, width, lambda size: 1)
        ImageDraw.Draw(accent).text((MARGIN, NAME_BASELINE), line, 255, name_font, anchor="ls")
    if text.title:
        title_font, lines = fit(text.title, font, TITLE_SIZES, width, title_lines)
        step = round(title_font.size * LINE_HEIGHT)
        baseline = TITLE_TOP + round(title_font.size * 0.95)
        draw = ImageDraw.Draw(ink)
        for number, line in enumerate(lines):
            draw.text((MARGIN, baseline + number * step), line, 255, title_font, anchor="ls")
    # The ink's blends first, then the accent's: the masks never overlap, so the
    # larger index is the pixel's.
    picture = ImageChops.lighter(
        ink.point([shade(level) for level in range(256)]),
        accent.point([SHADES + shade(level) if level else 0 for level in range(256)]),
    )
    picture.putpalette(PALETTE)
    output = io.BytesIO()
    picture.save(output, "PNG", compress_level=COMPRESSION)
    return output.getvalue()


def shade(coverage: int) -> int:
    """The palette's step (of SHADES) nearest a mask's coverage (0-255)."""
    return (coverage * (SHADES - 1) + 127) // 255


def blends(start: tuple[int, int, int], end: tuple[int, int, int]) -> list[int]:
    """SHADES colours from start to end, as a palette's flat list of R, G, B."""
    pairs = list(zip(start, end, strict=True))
    return [round(a + (b - a) * n / (SHADES - 1)) for n in range(SHADES) for a, b in pairs]


PALETTE = blends(BACKGROUND, TEXT) + blends(BACKGROUND, ACCENT)


def title_lines(size: int) -> int:
    """How many lines of a title at this size fit between its top and bottom."""
    return max(1, (TITLE_BOTTOM - TITLE_TOP) // round(size * LINE_HEIGHT))


@lru_cache(maxsize=32)
def font_at(font: bytes, size: int) -> ImageFont.FreeTypeFont:
    """The font at a size (kept: a page's image asks for each size it tries)."""
    from PIL import ImageFont

    return ImageFont.truetype(io.BytesIO(font), size, layout_engine=ImageFont.Layout.BASIC)


def fit(
    text: str, font: bytes, sizes: Sequence[int], width: int, most_lines: Callable[[int], int]
) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which the text wraps within its lines, and its lines; past
    the smallest size, the lines that fit, the last ending in an ellipsis."""
    for size in sizes:
        sized = font_at(font, size)
        lines = wrap(text, sized, width, most_lines(size) + 1)
        if len(lines) <= most_lines(size):
            return sized, lines
    kept = lines[: most_lines(size)]
    # A story's own font may lack the ellipsis: three full stops then.
    ellipsis = ELLIPSIS if ord(ELLIPSIS) in characters_of(font) else "..."
    kept[-1] = ellipsised(f"{kept[-1]} {lines[len(kept)]}", sized, width, ellipsis)
    return sized, kept


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int, most: int) -> list[str]:
    """The text in lines no wider than `width`, broken at spaces (a word wider than
    a line, between its characters): its first `most` lines, or fewer."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        if len(lines) >= most:
            return lines[:most]
        joined = f"{line} {word}" if line else word
        if not too_wide(joined, font, width):
            line = joined
            continue
        if line:
            lines.append(line)
        while too_wide(word, font, width) and len(lines) < most:
            cut = longest_start(word, font, width)
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines[:most]


def longest_start(text: str, font: ImageFont.FreeTypeFont, width: int, end: str = "") -> int:
    """How many of the text's first characters (at least 1), followed by `end`, fit
    `width`: a binary search, as a start is never narrower than a shorter one."""
    low, high = 1, min(len(text), most_characters(font, width))
    while low < high:
        middle = (low + high + 1) // 2
        if not too_wide(text[:middle].rstrip() + end, font, width):
            low = middle
        else:
            high = middle - 1
    return low


def most_characters(font: ImageFont.FreeTypeFont, width: int) -> int:
    """The most characters a line can hold, taking none to be narrower than a
    quarter of the font's size (a line of narrower ones is only cut shorter)."""
    return 4 * width // int(font.size)


def too_wide(text: str, font: ImageFont.FreeTypeFont, width: int) -> bool:
    """Whether a text is wider than `width` (measured only when it may not be: the
    measure takes time in proportion to the text)."""
    return len(text) > most_characters(font, width) or font.getlength(text) > width


def ellipsised(
    text: str, font: ImageFont.FreeTypeFont, width: int, ellipsis: str = ELLIPSIS
) -> str:
    """The longest start of the text, ending in an ellipsis, that fits `width`."""
    if not too_wide(text, font, width):
        return text
    end = longest_start(text, font, width, ellipsis)
    cut = text[:end]
    if " " in cut.strip() and not text[end : end + 1].isspace():
        cut = cut.rsplit(" ", 1)[0]  # a whole word rather than part of one
    return cut.rstrip() + ellipsis
