"""Each page's share image (render/share_image.py draws one): its file, kept in the
memo, and what the page's head says of it (`og:image` and its size and text)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from generator.memo.digests import digest
from generator.memo.memo import MISSING, Memo
from generator.memo.parallel import Work, run_shares
from generator.plan.pages import Page
from generator.render.share_image import HEIGHT, WIDTH, ShareText, share_png, shown_texts
from generator.render.typography import typeset

SHARE_FOLDER = "assets/share"  # each image named by its page and a digest of its bytes
TABLE = "share_images"


@dataclass(frozen=True)
class Share:
    """A page's share image: its file in the site, its bytes and what it shows."""

    name: str  # relative to the site's root: assets/share/timeline.1a2b3c4d5e.png
    png: bytes
    alt: str
    width: int = WIDTH
    height: int = HEIGHT


def share_images(
    pages: Sequence[Page], story_name: str, font: bytes, memo: Memo
) -> dict[str, Share]:
    """The share image of each page (by name) that can be shared: not one served at
    any missing address (the 404 page), nor one whose texts the font cannot draw."""
    wanted: dict[str, ShareText] = {}
    alts: dict[str, str] = {}
    for page in pages:
        # Typeset as the page's heading is: curly quotes and dashes.
        texts = ShareText(typeset(page.title), typeset(story_name))
        shown = None if page.kind.anywhere else shown_texts(texts, font)
        if shown is not None:
            wanted[page.table] = shown
            # The text as written (shown_texts may drop invisible formatting).
            alts[page.table] = " · ".join(
                text
                for text, drawn in ((texts.title, shown.title), (texts.name, shown.name))
                if drawn
            )
    # Kept under a digest of exactly what is drawn and the font it is drawn in (the
    # drawing code is in the generator's fingerprint, which keys the whole memo).
    font_key = digest(font) if memo.active else ""
    keys = {name: digest(font_key, text.title, text.name) for name, text in wanted.items()}
    pngs = {name: memo.get(TABLE, keys[name]) for name in wanted}
    missing = [name for name, png in pngs.items() if png is MISSING]
    drawn = run_shares(draw_images, font, [wanted[name] for name in missing], Work.IMAGES)
    for name, png in zip(missing, drawn, strict=True):
        pngs[name] = png
        memo.put(TABLE, keys[name], png)
    return {name: Share(image_name(name, png), png, alts[name]) for name, png in pngs.items()}


def draw_images(font: bytes, texts: Sequence[ShareText]) -> list[bytes]:
    """The PNG of each share image."""
    return [share_png(text, font) for text in texts]


def image_name(page_name: str, png: bytes) -> str:
    """Where a page's image is written: named by the page, and a digest of its bytes
    so that a changed image is a new address (a shared link's card is cached by it)."""
    return f"{SHARE_FOLDER}/{page_name.replace('/', '-')}.{digest(png)[:10]}.png"
