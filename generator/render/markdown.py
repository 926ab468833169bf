"""Markdown to HTML that cannot carry markup of its own into the page.

Raw HTML in content is escaped, not passed through; links keep only safe
schemes, and the editor's `event:id`-style links become relative site links.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import unescape

from markupsafe import Markup, escape

from generator.render.brackets import plain_unclosed_brackets
from generator.render.markdown_links import (
    NO_FIGURES,
    ROOT_MARK,
    Figure,
    policy_href,
    relocated,
)
from generator.render.typography import Typesetter


def markdown_html(text: str, figures: Mapping[str, Figure] = NO_FIGURES) -> str:
    """Block Markdown as HTML, with ROOT_MARK where the root of the site belongs;
    `figures`: the story's pictures, by their file as the text names them."""
    text = text.replace("\x00", "")
    simple = simple_markdown_html(text)
    if simple is not None:
        return simple
    try:
        return full_markdown_html(plain_unclosed_brackets(text), figures)
    except RecursionError:
        # A safety net: each shape of nesting known to exhaust the stack (lists,
        # quotes) is refused where it is written (validate/markdown_prose.py).
        raise NestedTooDeep(text) from None


class NestedTooDeep(Exception):
    """A Markdown text nested deeper than the renderer's recursion goes; the build
    finds where the text is written (build.locate_text)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def full_markdown_html(text: str, figures: Mapping[str, Figure] = NO_FIGURES) -> str:
    """Any Markdown as HTML, through Python-Markdown: imported only when a text needs it
    (it is slow to import, and a story written in the simple subset never does)."""
    from generator.render.markdown_full import full_markdown_html as convert

    return convert(text, figures)


def render_markdown(
    text: str,
    root: str = "",
    cache: dict[str, str] | None = None,
    holder: Mapping[tuple[str, str], str] | None = None,
) -> Markup:
    """Block Markdown (paragraphs, lists, headings) as safe HTML for a page at `root`;
    `holder`: where a split page's items are (plan/parts.py), if any."""
    if cache is None:
        html = markdown_html(text)
    else:
        html = cache.get(text) or cache.setdefault(text, markdown_html(text))
    if holder and ROOT_MARK in html:
        html = relocated(html, holder)
    return Markup(html.replace(ROOT_MARK, str(escape(root))))


def render_inline(
    text: str,
    root: str = "",
    cache: dict[str, str] | None = None,
    holder: Mapping[tuple[str, str], str] | None = None,
) -> Markup:
    """One paragraph of Markdown as inline HTML, without the surrounding <p>."""
    html = str(render_markdown(text, root, cache, holder))
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


_TAG = re.compile(r"<[^>]*>")


def plain_text(text: str, cache: dict[str, str] | None = None) -> str:
    """Markdown as plain text on one line: for meta descriptions and structured data.

    The HTML comes from the Markdown converter itself, so removing its tags is safe.
    """
    html = cache.get(text) if cache is not None else None
    if html is None:
        html = markdown_html(text)
    return " ".join(unescape(_TAG.sub("", html)).split())


# Measured gain: a cold build of 10,000 events takes 1.42x as long with every text
# through Python-Markdown (bench/without_device.py fast_markdown).
# Most texts in a story are prose with a few links, emphases and headings. For those, the
# HTML is made here directly, an order of magnitude faster than by the full
# converter, and exactly as the full converter makes it (tests/test_markdown_fast.py
# compares the two on generated texts). Anything else — a character with a meaning
# of its own in Markdown or HTML, a line that could start a block, a `*` or a
# bracket not part of the patterns below — goes to the full converter.
_NOT_SIMPLE = re.compile(r"[\\`<>&_\t\r\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_BLOCK_START = re.compile(r"[#>=+-]|\*+(?:\s|$)|\d+[.)]|\s")  # heading, quote, list, rule, code
_HEADING = re.compile(r"(#{1,6}) ([^#\s][^#\n]*[^#\s]|[^#\s])")  # a block of one line
_MARK = re.compile(r"[\[\]*]")
_INLINE = re.compile(
    r"\[(?P<text>[^\[\]*\n]+)\]\((?P<target>[A-Za-z0-9:/?#=%.,;~+@$-]+)\)"
    r"|(?<!\*)\*\*(?P<strong>[^*\[\]\s](?:[^*\[\]\n]*[^*\[\]\s])?)\*\*(?!\*)"
    r"|(?<!\*)\*(?P<em>[^*\[\]\s](?:[^*\[\]\n]*[^*\[\]\s])?)\*(?!\*)"
)


def simple_markdown_html(text: str) -> str | None:
    """The HTML of a text in the simple subset of Markdown, or None for any other text.

    The subset: paragraphs of plain text, headings on a block of their own (`## A
    heading`, with no other `#`), `*em*`, `**strong**` and `[text](target)`.
    Characters with a meaning in Markdown or HTML (escapes, code, tags, entities,
    underscores, images), lines that could start a block or end in a line break,
    and any `*`, `[` or `]` outside those patterns put a text outside it.
    """
    if _NOT_SIMPLE.search(text) or "![" in text:
        return None
    blocks = []
    for block in re.split(r"\n{2,}", text.strip("\n")):
        heading = _HEADING.fullmatch(block)
        if heading:
            inline = simple_inline_html(heading[2])
            if inline is None:
                return None
            level = len(heading[1])
            blocks.append(f"<h{level}>{inline}</h{level}>")
            continue
        for line in block.split("\n"):
            if line and (_BLOCK_START.match(line) or line[-1].isspace()):
                return None
        if block:
            inline = simple_inline_html(block)
            if inline is None:
                return None
            blocks.append(f"<p>{inline}</p>")
    return "\n".join(blocks)


def simple_inline_html(block: str) -> str | None:
    """One paragraph's links and emphases as HTML, its prose typeset; None if it has
    other markup."""
    typeset = Typesetter()
    parts = []
    end = 0
    while (mark := _MARK.search(block, end)) is not None:
        match = _INLINE.match(block, mark.start())
        if match is None:
            return None
        parts.append(typeset(block[end : match.start()]))
        if match["text"] is not None:
            target = policy_href(match["target"])
            text = typeset(match["text"])
            parts.append(
                f'<a href="{target}">{text}</a>' if target is not None else f"<span>{text}</span>"
            )
        elif match["strong"] is not None:
            parts.append(f"<strong>{typeset(match['strong'])}</strong>")
        else:
            parts.append(f"<em>{typeset(match['em'])}</em>")
        end = match.end()
    parts.append(typeset(block[end:]))
    return "".join(parts)


_LINK = re.compile(r'<a href="([^"]*)"[^>]*>(.*?)</a>', re.DOTALL)


def first_links_only(html: str) -> Markup:
    """The HTML with only the first link to each address kept: a later link to the same
    address becomes its text. A reader then finds each name and event linked where it
    first comes up, and the rest of the text reads as text.

    The HTML is the Markdown renderer's own, whose links are `<a href="...">`, never
    nested, so a pattern finds them all.
    """
    seen: set[str] = set()

    def keep_first(link: re.Match[str]) -> str:
        if link[1] in seen:
            return link[2]
        seen.add(link[1])
        return link[0]

    return Markup(_LINK.sub(keep_first, html))
