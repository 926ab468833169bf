"""Bidi controls in content text: each text's own directional formatting ends with it.

An embedding or override (U+202A-U+202E) lasts until its U+202C, an isolate (U+2066-
U+2068) until its U+2069, or else to the end of the paragraph. A page puts a text
among others (`Ferrocarril Sur: Tram line: Delivery`, a name in a link, in a title),
so one opened and not closed in a name reversed everything the page wrote after it
within that paragraph. The text is kept as written, and what it leaves open is closed
at its end, as if it stood in an element of its own: the Unicode bidi algorithm's
own matching, innermost first.
"""

from __future__ import annotations

import re

EMBEDDINGS = "\u202a\u202b\u202d\u202e"  # LRE, RLE, LRO, RLO: closed by PDF
ISOLATES = "\u2066\u2067\u2068"  # LRI, RLI, FSI: closed by PDI
PDF, PDI = "\u202c", "\u2069"
_CONTROLS = re.compile(f"[{EMBEDDINGS}{ISOLATES}{PDF}{PDI}]")


def has_bidi_controls(text: str) -> bool:
    """Whether a text has an embedding, override or isolate, or a closer of one."""
    return _CONTROLS.search(text) is not None


def close_bidi(text: str) -> str:
    """The text with every embedding, override and isolate it leaves open closed at its end."""
    if not _CONTROLS.search(text):
        return text  # nearly every text: nothing to close
    return text + "".join(reversed(left_open(text)))


def left_open(text: str) -> list[str]:
    """The closers of what is open at the end of the text, outermost first.

    As in UAX #9 (X1-X8): a PDI closes the innermost open isolate and whatever
    embeddings were opened inside it; a PDF closes the innermost embedding opened
    since the last open isolate; an unmatched closer does nothing. (A paragraph
    break would close everything, but a blank line is one only in Markdown; a
    closer left over where the text has more paragraphs does nothing.)
    """
    stack: list[str] = []
    for match in _CONTROLS.finditer(text):
        character = match.group()
        if character in EMBEDDINGS:
            stack.append(PDF)
        elif character in ISOLATES:
            stack.append(PDI)
        elif character == PDI and PDI in stack:
            del stack[len(stack) - 1 - stack[::-1].index(PDI) :]
        elif character == PDF and stack and stack[-1] == PDF:
            stack.pop()
    return stack
