"""Brackets that cannot open a link, made plain before Python-Markdown reads a text
(and the parentheses after `](` that cannot hold a link's target, unclosed_link_parens):
it looks for the end of a link's text from every `[`, so thousands of `[` that no `]`
closes, or nested thousands deep, cost time quadratic in their number (8,000 took
11 s). A `[` that nothing closes can never start a link, and no link's text nests
brackets dozens deep: escaping them (`\\[`, and the `]` closing a deep one) shows the
same characters.

Only a text with many such brackets is touched (more than prose ever has), so an
ordinary text is given to Markdown exactly as written; and never a line of code (a
fence, an indented line) or a code span, where a backslash would show.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# More unclosed `[` than this in one stretch of text, and they are escaped; and
# brackets nested deeper than MOST_NESTED (a link's text nests one or two at most).
MOST_UNCLOSED = 32
MOST_NESTED = 8
_FENCE = re.compile(r"[ ]{0,3}(`{3,}|~{3,})")
_BACKTICKS = re.compile(r"`+")


def plain_unclosed_brackets(text: str) -> str:
    """The text with each `[` that no later `]` closes escaped, where there are many."""
    if text.count("[") <= MOST_UNCLOSED:
        return text
    lines = text.split("\n")
    # A fence opens a block of code only if a line of the same fence closes it later
    # (unclosed, Python-Markdown reads it as prose): the last line each fence stands alone on.
    last_alone = {
        line.strip(): n for n, line in enumerate(lines) if _FENCE.fullmatch(line.rstrip())
    }
    stretch: list[int] = []  # the numbers of consecutive lines of prose
    closing: str | None = None  # the fence that closes the block of code we are in
    for number, line in enumerate(lines):
        fence = _FENCE.match(line)
        code = closing is not None or line.startswith(("    ", "\t"))
        if closing is not None and line.strip() == closing:
            closing = None
        elif closing is None and fence and last_alone.get(fence.group(1), -1) > number:
            code, closing = True, fence.group(1)
        if code:
            escape_stretch(lines, stretch)
            stretch = []
        else:
            stretch.append(number)
    escape_stretch(lines, stretch)
    return "\n".join(lines)


def escape_stretch(lines: list[str], numbers: list[int]) -> None:
    """Escape the brackets of consecutive prose lines that cannot open a link, when
    they are many."""
    if not numbers:
        return
    text = "\n".join(lines[n] for n in numbers)
    code = code_spans(text)
    plain = plain_brackets(text, code) + unclosed_link_parens(text, code)
    if len(plain) <= MOST_UNCLOSED:
        return
    pieces, last = [], 0
    for offset in sorted(plain):
        pieces += [text[last:offset], "\\" + text[offset]]
        last = offset + 1
    pieces.append(text[last:])
    for number, line in zip(numbers, "".join(pieces).split("\n"), strict=True):
        lines[number] = line


def code_spans(text: str) -> list[tuple[int, int]]:
    """Where the code spans of a text lie: from a run of backticks to the next run of
    the same length."""
    spans = []
    opening: re.Match[str] | None = None
    for run in _BACKTICKS.finditer(text):
        if opening is None:
            opening = run
        elif len(run.group()) == len(opening.group()):
            spans.append((opening.start(), run.end()))
            opening = None
    return spans


def plain_brackets(text: str, code: list[tuple[int, int]]) -> list[int]:
    """The offsets of the brackets (outside code, not escaped) that cannot matter to a
    link: each `[` that no later `]` closes, and each pair nested deeper than
    MOST_NESTED among the pairs that close."""
    opened: list[int] = []
    pairs: dict[int, int] = {}  # where a pair opens -> where it closes
    for offset, character in brackets_outside_code(text, code):
        if character == "[":
            opened.append(offset)
        elif opened:
            pairs[opened.pop()] = offset
    plain = opened  # what nothing closes
    depth = 0
    closing: set[int] = set(pairs.values())
    for offset, _character in brackets_outside_code(text, code):
        if offset in pairs:
            depth += 1
            if depth > MOST_NESTED:
                plain += [offset, pairs[offset]]
        elif offset in closing:
            depth -= 1
    return plain


def unclosed_link_parens(text: str, code: list[tuple[int, int]]) -> list[int]:
    """The offsets of each `(` just after a `]` that no later `)` closes.

    Python-Markdown looks for the `)` of a link from each `](`, to the end of the
    paragraph when none closes it: 4,000 `[a](` took 9 s (16,000 characters), and
    four times as many sixteen times as long. No link starts at such a `(`."""
    opened: list[int] = []
    for offset, character in brackets_outside_code(text, code, "()"):
        if character == "(":
            opened.append(offset)
        elif opened:
            opened.pop()
    return [offset for offset in opened if offset and text[offset - 1] == "]"]


def brackets_outside_code(
    text: str, code: list[tuple[int, int]], marks: str = "[]"
) -> Iterator[tuple[int, str]]:
    """Each `[` and `]` (or other marks) of a text that is neither in code nor escaped."""
    escaped = False
    spans = iter(code)
    span = next(spans, None)
    for offset, character in enumerate(text):
        while span is not None and offset >= span[1]:
            span = next(spans, None)
        if span is not None and offset >= span[0]:
            continue
        if escaped:
            escaped = False
        elif character == "\\":
            escaped = True
        elif character in marks:
            yield offset, character
