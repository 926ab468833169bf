"""YAML syntax errors in plain words, placed where the mistake began.

PyYAML reports where it gave up, which is often lines after the mistake: a quote
left open on line 22 runs on to a later quote and fails at 27:24 with "did not
find expected key". Here such a quote is found where it opened, and the parser's
common complaints are said in words an editor uses.
"""

from __future__ import annotations

import re

# A value that opens a quote: after `key: ` or a list dash.
OPENING = re.compile(r"""^(\s*(?:-\s+)*(?:[^\s:#'"][^:#]*:\s+)?)(["'])""")

# The parser's complaints, and what they mean for an editor.
PLAIN_WORDS = (
    ("mapping values are not allowed",
     "a ':' followed by a space inside a value",
     "put the whole value in quotes, e.g. title: \"Talks: the final stage\""),
    ("did not find expected key",
     "a line does not fit the structure around it",
     "check its indentation against the lines above, and that keys end with ':'"),
    ("could not find expected ':'",
     "a line where a 'key: value' was expected has no ':'",
     "add the ':' after the key, or indent the line as part of the value above"),
    ("found character '\\t' that cannot start any token",
     "a tab character",
     "YAML indents with spaces, not tabs"),
    ("did not find expected '-' indicator",
     "a line breaks a list",
     "indent list items alike, each starting with '- '"),
)  # fmt: skip


def unclosed_quote(text: str, error_line: int) -> tuple[int, int, str] | None:
    """Where a quoted value opened and was never closed, at or before the line (from 0)
    the parser gave up on: (line, column, quote mark), both from 0."""
    lines = text.split("\n")
    for number in range(min(error_line, len(lines) - 1), -1, -1):
        match = OPENING.match(lines[number])
        if match is None:
            continue
        mark, rest = match.group(2), lines[number][match.end() :]
        closes = (
            rest.replace("\\\\", "").replace('\\"', "") if mark == '"' else rest.replace("''", "")
        )
        if mark not in closes:
            return number, match.start(2), mark
    return None


def plain_words(problem: str) -> tuple[str, str] | None:
    """The parser's complaint in an editor's words, with a hint; None if not known."""
    for complaint, words, hint in PLAIN_WORDS:
        if complaint in problem:
            return words, hint
    return None


def unacceptable_character(text: str, character: int) -> tuple[int, int, str]:
    """Where the character that YAML refused (a control character) first stands in
    the text: (line, column), both from 0, and the character shown as an escape.

    The parser gives its position in bytes (libyaml) or in characters (PyYAML's
    own reader); the character itself is the first YAML does not accept, so its
    first occurrence is the place either way.
    """
    at = max(text.find(chr(character)), 0)
    line = text.count("\n", 0, at)
    shown = f"\\x{character:02x}" if character < 0x100 else f"\\u{character:04x}"
    return line, at - (text.rfind("\n", 0, at) + 1), shown
