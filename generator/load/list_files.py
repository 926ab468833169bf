"""Split a YAML file that is a block list into its top-level items, as text.

Each item of such a file starts with `- ` at the first column and runs until the
next one, so an item can be parsed, validated and cached on its own: editing one
event of ten thousand re-reads that event only. A file of any other shape (a
mapping, a flow list, a document marker) is not split and is read whole.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# Each pattern starts at a line break: the regex engine then looks for that one
# character, many times faster than for the start of every line.
# Where an item starts: a line that is `- ...` or a lone `-`.
ITEM_START = re.compile(r"\n-(?= |\n|$)")
# A top-level line that is not an item's start, a comment or indented: a mapping key,
# a flow list, a directive or a document marker (`---`).
OTHER_TOP_LEVEL = re.compile(r"\n(?:[^\s#-]|-(?! |\n|$))")
# What may come before the first item: blank lines and comments, indented or not.
PREAMBLE = re.compile(r"(?:[^\S\n]*(?:#[^\n]*)?\n)*")


def item_places(text: str) -> tuple[list[int], list[int], list[int]] | None:
    """Where each top-level item of a block-list YAML text starts and ends, and the
    line it starts on; None if it is not a block list."""
    lines = "\n" + text  # every line, the first too, follows a line break
    starts = [match.start() for match in ITEM_START.finditer(lines)]  # in text: +1 -1
    if not starts or OTHER_TOP_LEVEL.search(lines) or not PREAMBLE.fullmatch(text, 0, starts[0]):
        return None
    ends = [start - 1 for start in starts[1:]] + [len(text)]  # each ends before a line break
    first_lines = []
    line = text.count("\n", 0, starts[0]) + 1
    for start, end in zip(starts, ends, strict=True):
        first_lines.append(line)
        line += text.count("\n", start, end) + 1
    return starts, ends, first_lines


class ListFile(NamedTuple):
    """A list file cut into its items: its text, where each item starts and ends in
    it, and the line each starts on."""

    text: str
    starts: list[int]
    ends: list[int]
    first_lines: list[int]

    def item_text(self, index: int) -> str:
        """The text of the item at `index`."""
        return self.text[self.starts[index] : self.ends[index]]


def cut_list(text: str) -> ListFile | None:
    """A list file's text cut into its items; None if it is not a block list."""
    places = item_places(text)
    return ListFile(text, *places) if places is not None else None
