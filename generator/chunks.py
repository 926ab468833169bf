"""Split a YAML file that is a block list into its top-level items, as text.

Each item of such a file starts with `- ` at the first column and runs until the
next one, so an item can be parsed, validated and cached on its own: editing one
event of ten thousand re-reads that event only. A file of any other shape (a
mapping, a flow list, a document marker) is not split and is read whole.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Chunk:
    """One top-level item of a list file: its text and the line it starts on."""

    first_line: int
    text: str


def split_items(text: str) -> list[Chunk] | None:
    """The top-level items of a block-list YAML text, or None if it is not one."""
    lines = text.split("\n")
    starts: list[int] = []
    for number, line in enumerate(lines):
        if line.startswith("- ") or line == "-":
            starts.append(number)
        elif line and not line[0].isspace() and not line.startswith("#"):
            return None  # a mapping key, a flow list, a directive or a document marker
        elif not starts and line.strip() and not line.lstrip().startswith("#"):
            return None  # indented text before the first item
    if not starts:
        return None
    ends = starts[1:] + [len(lines)]
    return [
        Chunk(start + 1, "\n".join(lines[start:end]))
        for start, end in zip(starts, ends, strict=True)
    ]
