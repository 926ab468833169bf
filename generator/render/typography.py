"""Typographic quotes and dashes for prose written with a keyboard's straight marks.

Applied to the text of Markdown prose only (never to a cited quote, which the pages
show as its source has it), piece by piece in reading order: a piece of text is
the run between two pieces of markup, and a mark's direction depends only on the
character before it, carried from one piece to the next. The fast path for simple
Markdown and the full converter cut a text into the same pieces, so both give the
same HTML (tests/test_markdown_fast.py).
"""

from __future__ import annotations

import re

# After these (or at the start of a block) a quote mark opens; after anything else
# it closes, or it is an apostrophe: "the 'final' stage", Turkey's.
_OPENS_AFTER = frozenset(" \t\n\u00a0([{/\u2014\u2013\u201c\u2018")
_DASHES = re.compile(r"---|--|(?<=\s)-(?=\s)")
_DASH_FOR = {"---": "\u2014", "--": "\u2013", "-": "\u2013"}  # a spaced hyphen is a dash
_MARKS = re.compile("[\"']")
_ADDRESS = re.compile(r"://|^www\.|^mailto:")  # link text that is an address stays as typed
_CURLED = {
    ('"', True): "\u201c",
    ('"', False): "\u201d",
    ("'", True): "\u2018",
    ("'", False): "\u2019",
}


_TAG = re.compile(r"<[^<>]*>")  # a tag typed into the text, shown as text: as typed


def typeset(text: str, before: str = "") -> str:
    """The text with straight quote marks curled and `--`, `---` and a spaced hyphen
    made dashes; `before`: the character preceding the text in its block, if any."""
    if not text or ("-" not in text and '"' not in text and "'" not in text):
        return text
    if "<" in text and _TAG.search(text):
        # Around a tag, as around markup: the text is typeset as if the tag were not there.
        parts = []
        end = 0
        for tag in _TAG.finditer(text):
            parts += [typeset(text[end : tag.start()], before), tag.group()]
            before = parts[-2][-1:] or before
            end = tag.end()
        parts.append(typeset(text[end:], before))
        return "".join(parts)
    text = _DASHES.sub(lambda match: _DASH_FOR[match.group()], text)
    if '"' not in text and "'" not in text:
        return text
    parts = []
    end = 0
    for mark in _MARKS.finditer(text):
        start = mark.start()
        previous = text[start - 1] if start else before
        parts += [text[end:start], _CURLED[mark.group(), not previous or previous in _OPENS_AFTER]]
        end = start + 1
    parts.append(text[end:])
    return "".join(parts)


class Typesetter:
    """Typesets the pieces of one block in reading order, remembering the last
    character written so that a mark right after a piece of markup turns the right way."""

    def __init__(self) -> None:
        self.last = ""

    def __call__(self, text: str) -> str:
        typeset_text = text if _ADDRESS.search(text) else typeset(text, self.last)
        if typeset_text:
            self.last = typeset_text[-1]
        return typeset_text
