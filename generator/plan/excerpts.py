"""The passages of sources the site quotes, the facts that quote them, and the link
that opens the original article at a passage (a text fragment)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import quote

from generator.model.story import Source


class Fact(NamedTuple):
    """Something on the site that cites a source: its label and where it is shown.

    A tuple, so that comparing facts (a passage lists each once, and its entry's
    view holds them: views.py) is done in C.
    """

    label: str
    page: str
    anchor: str


@dataclass
class Excerpt:
    """A passage of a source that the site quotes, and the facts that quote it.

    Quotes that overlap in the source are one passage, so each sentence of a
    source is shown once on the sources page however many facts cite it.
    """

    source: Source
    start: int
    end: int
    text: str
    anchor: str = ""
    attributions: list[str] = field(default_factory=list)
    used_by: list[Fact] = field(default_factory=list)


FRAGMENT_WORDS = 5


def encode_fragment_text(text: str) -> str:
    """Percent-encode text for a text fragment, where '-', ',' and '&' are syntax.

    Every character but letters, digits and `_.~` is encoded as UTF-8 bytes: what
    urllib's quote does with no safe characters, plus '-', which it keeps. ASCII
    text (nearly every passage) is encoded by one str.translate: quote goes through
    a Python call per byte, a sixth of the time of the sources page.
    """
    if text.isascii():
        return text.translate(_ASCII_FRAGMENT_TEXT)
    return quote(text, safe="").replace("-", "%2D")


def encode_fragment_words(words: Sequence[str]) -> str:
    """encode_fragment_text(" ".join(words)), word by word: a word of ASCII letters and
    digits alone (most words) is kept as it is, where encoding it would look each of
    its characters up (a tenth of the time of the sources page)."""
    return "%20".join(
        [
            word if word.isalnum() and word.isascii() else encode_fragment_text(word)
            for word in words
        ]
    )


_ASCII_FRAGMENT_TEXT = {
    code: f"%{code:02X}" for code in range(128) if not (chr(code).isalnum() or chr(code) in "_.~")
}


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching spans joined, in order."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def fragment_link(excerpt: Excerpt) -> str:
    """The original article's address, opening at the quoted passage (a text fragment).

    A long passage is named by its first and last words (`text=start,end`), which
    keeps the address short and still highlights the whole passage.
    """
    words = excerpt.text.split()
    if len(words) > FRAGMENT_WORDS * 2:
        target = (
            encode_fragment_words(words[:FRAGMENT_WORDS])
            + ","
            + encode_fragment_words(words[-FRAGMENT_WORDS:])
        )
    else:
        target = encode_fragment_words(words)
    if excerpt.source.url is None:
        return ""  # a source with no address: nothing to open
    return f"{excerpt.source.url.split('#')[0]}#:~:text={target}"
