"""Links and pictures in Markdown that the page would drop, leaving only their text,
and what it would show as plain text although more was meant (a pasted HTML tag, a
bare address: markdown_prose.py): each is an error at its place, with what to write
instead. What the pages keep is decided in one place, plan/links.py (site_link,
kept_as_written), which the renderer follows too (render/markdown_links.py)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping

from generator.plan.kinds import lookups
from generator.plan.links import kept_as_written, site_link
from generator.validate.markdown_prose import (
    EXAMPLE_PICTURE,
    MAX_LIST_DEPTH,
    MAX_MARKS,
    MAX_QUOTE_DEPTH,
    Problem,
    bare_addresses,
    crowded_paragraphs,
    deep_lists,
    deep_quotes,
    prose,
    raw_html,
)

# What follows an inline link's `](`, to its `)`: the target, perhaps in angle
# brackets, and perhaps a title after it.
_TARGET = re.compile(r"\s*<?([^)\s>]*+)[^)\n]*+")
# All that Markdown reads between the parentheses of a link: a target, perhaps in
# angle brackets, and perhaps a title in quotes. Anything else is read into the
# target: `(event:x (A title))` links to the event `x (A title)`.
_WHOLE = re.compile(r"""\s*(?:<[^<>\n]*>|[^\s<>]*)(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*""")
# A reference definition, `[label]: target "title"`, which reference links point to;
# in a block quote too (`> [label]: target`).
DEFINITION = re.compile(r"^(?:[ ]{0,3}>[ ]?)*+[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)", re.MULTILINE)


def dropped(
    text: str, ids: Mapping[str, set[str]], pictures_here: bool = False
) -> Iterator[Problem]:
    """Each link or picture of a Markdown text that would be dropped, and each pasted
    tag, bare address or list nested too deep: (offset, what is wrong, what to write
    instead). `ids`: the ids of each kind, for bare ids. `pictures_here`: the text is
    the article's, whose pictures are checked with their files (validate/images.py)."""
    # Each search below only where the text has what it looks for: most texts have
    # links, few anything else. Measured gain: at 10,000 events, the story's texts
    # are checked in 0.30 s, against 1.2 s with every pattern run on every text.
    links, definitions, tags = "](" in text, "]:" in text, "<" in text
    # Else no list is nested so deep, by indentation or by markers on one line.
    if " " * 4 * MAX_LIST_DEPTH in text or "\t" in text or text.count(" ") > MAX_LIST_DEPTH:
        yield from deep_lists(text)
    if text.count(">") > MAX_QUOTE_DEPTH:  # else no quote is nested so deep
        yield from deep_quotes(text)
    if len(text) > MAX_MARKS:  # else no paragraph has so many marks
        yield from crowded_paragraphs(text)
    addresses = "://" in text or "www." in text.lower()
    if not (links or definitions or tags or addresses):
        return
    masked = prose(text)  # links in code are shown as code, as meant
    for start, image, target, whole in inline_links(masked) if links else ():
        if not image and site_link(target) and not _WHOLE.fullmatch(whole):
            yield (
                start,
                f"the link to '{target}' has more after it than a title in quotes: "
                "Markdown reads it all as where the link goes",
                f'put a title in quotes: [text]({target} "title")',
            )
            continue
        if image:
            if not pictures_here:
                yield (
                    start,
                    f"picture '{target}' is not shown: only the article's text shows pictures",
                    f"move it into article.md, as {EXAMPLE_PICTURE}, or link to it: "
                    "[its description](https://...)",
                )
            continue
        yield from dropped_link(start, target, ids)
    for match in DEFINITION.finditer(masked) if definitions else ():
        yield from dropped_link(match.start(1), match.group(1), ids)
    if tags:
        yield from raw_html(masked, pictures_here)
        yield from angled_site_links(masked)
    if addresses:
        yield from bare_addresses(masked)


def inline_links(text: str) -> Iterator[tuple[int, bool, str, str]]:
    """Each inline link or picture of a text, `[text](target "title")` or `![alt](x)`:
    where it starts, whether it is a picture, its target, and all between its
    parentheses.

    Found from each `](`, looking back to the `[` and on to the `)`, never past the
    `](` before or after it: each character is looked at about twice. The pattern
    this replaces was tried from every `[`, read the rest of the line from each and
    backtracked between the target and the title: 4,000 characters of `[a](` took
    26 s, 1,000 took 0.5 s. (And it read `[a](x [b](event:y)` as one link, to x,
    where Markdown sees text and then a link to event:y.)
    """
    openings = [match.start() for match in re.finditer(r"\]\(", text)]
    last_end = previous = 0
    for number, middle in enumerate(openings):
        low = max(last_end, text.rfind("]", previous, middle) + 1)
        low = max(low, text.rfind("\n", previous, middle) + 1)
        previous = middle
        start = text.find("[", low, middle)
        following = openings[number + 1] if number + 1 < len(openings) else len(text)
        end = text.find(")", middle + 2, following)
        target = _TARGET.fullmatch(text, middle + 2, end) if start >= 0 and end >= 0 else None
        if target is None:
            continue
        image = start > low and text[start - 1] == "!"
        yield start - image, image, target.group(1), text[middle + 2 : end]
        last_end = end + 1


# `<event:id>`: Markdown makes a link of an address in angle brackets only for
# http(s) and e-mail, so the page showed this as text, brackets and all, and a
# missing id in it passed the checks.
ANGLED = re.compile(r"<([a-z]+):([^<>\s]*)>")


def angled_site_links(text: str) -> Iterator[Problem]:
    """Each site link of a (masked) text written in angle brackets alone: not the
    target of a link, `[a](<event:id>)`, or of a definition, `[a]: <event:id>`."""
    schemes = {*lookups().items_of_scheme, "page"}
    for match in ANGLED.finditer(text):
        scheme, rest = match.groups()
        before = text[max(0, match.start() - 40) : match.start()].rstrip(" \t")
        if scheme in schemes and not before.endswith(("](", "]:")):
            yield (
                match.start(),
                f"'{match.group()}' is not a link: the page shows it as text",
                f"write it as a link: [its text]({scheme}:{rest})",
            )


def dropped_link(offset: int, target: str, ids: Mapping[str, set[str]]) -> Iterator[Problem]:
    """The problem of a link's target, if the page would drop the link."""
    if site_link(target) is not None or kept_as_written(target):
        return
    yield (
        offset,
        f"link to '{target}' would be dropped, leaving its text",
        what_instead(target, ids),
    )


def what_instead(target: str, ids: Mapping[str, set[str]]) -> str:
    """A hint for a target the page would drop."""
    schemes = [*lookups().page_of_scheme, "page"]
    scheme, colon, rest = target.partition(":")
    if colon and rest:
        close = difflib.get_close_matches(scheme, schemes, n=1, cutoff=0.6)
        if close:
            return f"did you mean '{close[0]}:{rest}'?"
    if target.lower().startswith("www."):
        return f"write the whole address: 'https://{target}'"
    for scheme_name, kind in lookups().items_of_scheme.items():
        if target in ids.get(kind, set()):
            return f"did you mean '{scheme_name}:{target}'?"
    return (
        "link to an address (https://...), mailto:, a #fragment, or the site's own "
        f"entries as {', '.join(f'{s}:id' for s in schemes[:-1])} or page:name"
    )
