"""What a Markdown text shows as plain text although the editor meant more: a pasted
HTML tag (the renderer escapes raw HTML, so `<img src=...>` shows as its source) and a
bare address (`www.example.org`, which no page turns into a link); and a list nested
or a quote nested deeper than the renderer can go (deep_lists, deep_quotes), and a
paragraph with more marks than it reads in time (crowded_paragraphs).

Both are found in the text's prose: code, where an editor writes such things on
purpose, is masked first (`prose`), keeping every offset.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict, deque
from collections.abc import Iterator

from generator.model.media import MEDIA_FOLDER

Problem = tuple[int, str, str]  # offset in the text, what is wrong, what to write instead

# An indented code block: lines indented by four spaces or a tab after a blank line
# (a list item's second paragraph is indented so too: masking it may leave a mistake
# unreported, never report one that is not there).
_CODE_BLOCK = re.compile(r"(?:^|\n)\n((?:(?: {4}|\t)[^\n]*(?:\n|$)|[ \t]*\n)+)")
_BACKTICKS = re.compile(r"`+")
_PARAGRAPH_END = re.compile(r"(?=\n\n)")
_NOT_A_LINE_BREAK = re.compile(r"[^\n]")


def blank(match: re.Match[str]) -> str:
    """The matched text as spaces, its line breaks kept."""
    return _NOT_A_LINE_BREAK.sub(" ", match.group(0))


def prose(text: str) -> str:
    """The text with its code replaced by spaces (line breaks kept): same offsets."""
    # Most texts have no code: looking for a backtick or an indented line first spares
    # the patterns (see dropped_links.dropped for what that saves).
    if "\n    " in text or "\n\t" in text:
        text = _CODE_BLOCK.sub(blank, text)
    if "`" not in text:
        return text
    pieces, last = [], 0
    for start, end in code_spans(text):
        pieces += [text[last:start], _NOT_A_LINE_BREAK.sub(" ", text[start:end])]
        last = end
    return "".join(pieces) + text[last:]


def code_spans(text: str) -> Iterator[tuple[int, int]]:
    """Where each code span lies: a run of backticks, to the next run of as many in
    its paragraph (with none, the run is shown as typed, and the next run is tried).

    Each run's closing run is looked up, not searched for: a pattern that searched
    from every run read to the paragraph's end from each (runs of 1, 2, ... 800
    backticks, 320,000 characters, took 7 s)."""
    runs = [(run.start(), run.end()) for run in _BACKTICKS.finditer(text)]
    later: dict[int, deque[int]] = defaultdict(deque)  # by length: the runs, in order
    for number, (start, end) in enumerate(runs):
        later[end - start].append(number)
    breaks = [found.start() for found in _PARAGRAPH_END.finditer(text)]
    number = 0
    while number < len(runs):
        start, end = runs[number]
        alike = later[end - start]
        while alike and alike[0] <= number:
            alike.popleft()
        if alike:
            closing = runs[alike[0]]
            paragraph_end = bisect_left(breaks, end)
            if paragraph_end == len(breaks) or breaks[paragraph_end] + 2 > closing[0]:
                yield start, closing[1]
                number = alike[0] + 1
                continue
        number += 1


# An HTML tag as an editor pastes it: `<img src="x.jpg">`, `<a href=...>`, `</a>`.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])([^<>]*)>")
# Attributes that load or link something: a tag with one meant a picture, a link or
# an embedded player, which the page would not show.
_LOADS = re.compile(r"(?<![\w-])(?:src|href|srcset|poster|data)\s*=", re.IGNORECASE)
_PICTURES = frozenset({"img", "picture", "source"})
EXAMPLE_PICTURE = f'![what it shows]({MEDIA_FOLDER}/photo.jpg "Credit: Photographer / Agency")'


def raw_html(text: str, pictures_here: bool) -> Iterator[Problem]:
    """Each HTML tag of a (masked) text that meant a picture, a link or an embed: the
    page shows it as its source. `pictures_here`: whether the text may show pictures
    (the article's), for the hint."""
    for match in _TAG.finditer(text):
        closing, name, attributes = match.group(1), match.group(2).lower(), match.group(3)
        if closing or not (name in _PICTURES or name == "a" or _LOADS.search(attributes)):
            continue
        if name in _PICTURES:
            what = "not as a picture"
            hint = (
                f"write the picture in Markdown, {EXAMPLE_PICTURE}, with its file in "
                f"content/{MEDIA_FOLDER}/"
                if pictures_here
                else f"pictures go in the article's text (article.md): {EXAMPLE_PICTURE}"
            )
        elif name == "a":
            what, hint = "not as a link", "write the link in Markdown: [its text](https://...)"
        else:
            what = "not embedded"
            hint = "pages embed nothing from elsewhere: link to it, [what it is](https://...)"
        yield (
            match.start(),
            f"HTML <{name}> is shown as text, {what}: raw HTML is escaped",
            hint,
        )


# What is a link already, or stands for one: an inline link or image, an autolink
# (`<https://...>`), a raw tag (reported above), a reference definition.
_LINKED = re.compile(
    r"!?\[[^\]\n]*\]\([^)\n]*\)|<[^<>\n]*>|^ {0,3}\[[^\]\n]+\]:[^\n]*", re.MULTILINE
)
_BARE = re.compile(r"(?<![\w@/.:\\-])(?:https?://|www\.(?=[a-z0-9]))[^\s<>]+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}'\"*_"  # punctuation that ends a sentence, not an address


def bare_addresses(text: str) -> Iterator[Problem]:
    """Each address written as plain text in a (masked) text's prose, outside links:
    `www.example.org` or `https://example.org`, which the page shows as text, not as
    a link. Not made links by guesswork: the scheme (http or https) and where the
    address ends are the editor's to say, as for a link to `www.` (dropped_links)."""
    outside = _LINKED.sub(lambda m: " " * len(m.group(0)), text)
    for match in _BARE.finditer(outside):
        address = match.group(0).rstrip(_TRAILING)
        if address.lower().startswith("www."):
            hint = f"make it a link: [{address}](https://{address})"
        else:
            hint = f"make it a link: <{address}>, or [its name]({address})"
        yield match.start(), f"'{address}' is not a link: the page shows it as plain text", hint


# Python-Markdown reads a nested list by recursion, a level per 4 columns of
# indentation: some 240 levels exhaust Python's stack (a RecursionError, no page).
MAX_LIST_DEPTH = 100
# At least this indented, in a block quote too (`> ` first).
_DEEP = re.compile(rf"^(?:[ ]{{0,3}}>[ ]?)*+([ \t]{{{MAX_LIST_DEPTH},}})", re.MULTILINE)
_ITEM = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
# Or nested on one line, each item's text starting with the next one's marker:
# `- - - x` (some 300 levels exhausted the stack as well).
_CHAINED = re.compile(rf"^[ \t]*+(?:(?:[-*+]|\d{{1,9}}[.)])[ \t]++){{{MAX_LIST_DEPTH + 1},}}", re.M)


def deep_lists(text: str) -> Iterator[Problem]:
    """The first list item of a text nested deeper than MAX_LIST_DEPTH levels."""
    chained = _CHAINED.search(text) if text.count(" ") > MAX_LIST_DEPTH else None
    if chained:
        depth = len(re.findall(r"[ \t]+", chained.group().strip(" \t") + " "))
        yield (
            chained.start(),
            f"a list nested {depth} levels deep: pages show at most {MAX_LIST_DEPTH}",
            "make the deep levels a list of their own",
        )
        return
    for match in _DEEP.finditer(text):
        end = text.find("\n", match.start())
        indented = text[match.start(1) : end if end >= 0 else None].expandtabs(4)
        body = indented.lstrip(" ")
        depth = (len(indented) - len(body)) // 4
        if depth > MAX_LIST_DEPTH and _ITEM.match(body):
            yield (
                match.start(),
                f"a list nested {depth} levels deep: pages show at most {MAX_LIST_DEPTH}",
                "indent the item less, or make the deep levels a list of their own",
            )
            return


# Python-Markdown reads each level of a block quote again for the level inside it:
# a text whose lines quote ever deeper costs the cube of its length (1,000 lines
# took 4.6 s, 4,000 took 87 s). At most 20 levels, the cost grows with the length
# (16,000 lines at 20 levels: 0.65 s).
MAX_QUOTE_DEPTH = 20
# The markers a line starts with: quotes, with list items between them (`> - > x`).
_MARKERS = re.compile(r"^[ \t]*(?:(?:>|[-*+]|\d{1,9}[.)])[ \t]*)+", re.MULTILINE)


def deep_quotes(text: str) -> Iterator[Problem]:
    """The first line of a text that quotes deeper than MAX_QUOTE_DEPTH levels."""
    for match in _MARKERS.finditer(text):
        depth = match.group(0).count(">")
        if depth > MAX_QUOTE_DEPTH:
            yield (
                match.start(),
                f"a quote nested {depth} levels deep: pages show at most {MAX_QUOTE_DEPTH}",
                "quote less deeply: a '>' for each level",
            )
            return


# Python-Markdown copies the rest of a paragraph for each mark it reads there (an
# escape, a code span, an emphasis, a bracket, an entity, a heading or rule line): a
# paragraph of n marks costs n times its length. Counted in code too, where a code
# span is such a mark (`a`a`a...: 160,000 characters took 70 s). 80,000 escapes took 1.7 s, 320,000
# took 43 s; `a\\n=\\n` 10,000 times, 15 s. At most MAX_MARKS in each paragraph (a
# paragraph of prose has a few dozen), the cost grows with the length.
MAX_MARKS = 2000
_MARKS = re.compile(r"[\\`\[\]*_<&]|^[ ]{0,3}(?:#|=+[ \t]*$|-+[ \t]*$)", re.MULTILINE)
_BLANK_LINE = re.compile(r"\n[ \t]*(?=\n)")


def crowded_paragraphs(text: str) -> Iterator[Problem]:
    """The first paragraph of a text with more than MAX_MARKS marks."""
    start = 0
    ends = [blank.start() for blank in _BLANK_LINE.finditer(text)] + [len(text)]
    for end in ends:
        count = sum(1 for _ in _MARKS.finditer(text, start, end))
        if count > MAX_MARKS:
            yield (
                end - len(text[start:end].lstrip()),
                f"a paragraph with {count} Markdown marks (escapes, code, emphases, "
                f"brackets, headings or rules with no blank line between them): pages "
                f"read at most {MAX_MARKS} in one",
                "split it into paragraphs with blank lines, or write fewer marks",
            )
            return
        start = end
