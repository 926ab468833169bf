"""What the cross-checks and the quote search need to know of a part of the story.

Checking a story against itself (ids that exist, links that resolve, periods in
order) and finding its quotes both start from the same things: every Markdown
text, every citation's quote, every id named. Gathering them means walking every
object of the story, and a large story has hundreds of thousands.

So they are gathered item by item, as `Facts`, when an item is read, and kept
with the item in the memo: a build that reuses an item reuses its facts,
and walks only the items it read anew. The checks then work on the facts alone
(crosscheck.facts_agree) and walk the whole story only to report a problem where
it is written.
"""

from __future__ import annotations

import dataclasses
import re
import typing
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from typing import Any, NamedTuple

from generator.model.dates import PartialDate
from generator.model.fields import Markdown
from generator.model.story import Period
from generator.plan.kinds import lookups
from generator.validate.converter import editable_fields, type_hints
from generator.validate.markdown_prose import prose

PAGES = "pages"  # the kind of thing a [text](page:name) link names


@lru_cache(maxsize=4)
def internal_link_pattern(schemes: tuple[str, ...]) -> re.Pattern[str]:
    """Links an editor writes in Markdown to point into the site: [text](event:some-id),
    [text](page:timeline), for these schemes (those of the page kinds)."""
    # Every form Markdown reads as a link target: inline, with spaces or angle
    # brackets around the target and a title after it ([a]( <event:x> "title")),
    # and a reference definition ([r]: event:x) that reference-style links use.
    # A link's `](`, or a reference definition's start (in a block quote too); the
    # target may follow on the next line (after a quote's `>` there).
    gap = r"[ \t]*(?:\n(?:[ ]{0,3}>[ ]?)*+[ \t]*)?"
    start = r"(?:\]\(|^(?:[ ]{0,3}>[ ]?)*+[ ]{0,3}\[[^\]\n]+\]:)"
    opening = rf"{start}{gap}(?:<{gap})?"
    title = r"""(?:[ \t]+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?"""
    scheme = "(" + "|".join(map(re.escape, schemes)) + r"|page)"
    # The target never runs past the next `](`, nor is it given back: tried from every
    # `](` of `[a](event:x[a](event:x...`, it read the rest of the line from each, and
    # backtracked through it (3,000 of them, 33,000 characters, took 14 s).
    target = r":((?:(?!\]\()[^)\s>])*+)>?"
    return re.compile(opening + scheme + target + title + r"[ \t]*(?:\)|$)", re.MULTILINE)


def internal_links(text: str) -> Iterator[re.Match[str]]:
    """Each internal link in a Markdown text: group 1 its scheme, group 2 its target.
    Not those in code, which the page shows as written (an editor's example of a
    link is no link)."""
    return internal_link_pattern(tuple(lookups().items_of_scheme)).finditer(prose(text))


class Facts(NamedTuple):
    """What one part of a story holds that the checks and the quote search need.

    The pairs are kept flat, (a, b, a, b, ...): an item's facts are loaded with
    it in every warm build, and one tuple loads faster than a tuple of pairs.
    """

    texts: tuple[Markdown, ...]  # every Markdown text, in the order walked
    quotes: tuple[str, ...]  # source id, quote: of every citation
    names: tuple[str, ...]  # kind, id: of every id named, in a field or an internal link
    odd_periods: bool  # a period with no date, or one that ends before it starts


Entry = tuple[Any, dataclasses.Field[Any], Any]
# For each model class, the fields to visit: (field, listed, descend). A field is
# listed when a check needs its value (ids it refers to, Markdown, periods,
# citations); descended into when its type holds other model objects.
FieldPlan = tuple[tuple[dataclasses.Field[Any], bool, bool], ...]


def walk(value: Any) -> list[Entry]:
    """Every (object, field, value) below a model object that a check needs, depth first."""
    entries: list[Entry] = []
    _walk_into(value, entries)
    return entries


def _walk_into(value: Any, entries: list[Entry]) -> None:
    kind: type = type(value)
    if kind is tuple:
        for item in value:
            _walk_into(item, entries)
    elif kind is dict:
        for item in value.values():
            _walk_into(item, entries)
    else:
        for f, listed, descend in field_plan(kind):
            child = getattr(value, f.name)
            if listed:
                entries.append((value, f, child))
            if descend:
                _walk_into(child, entries)


@cache
def field_plan(cls: type) -> FieldPlan:
    """Which fields of a model class walk() lists and descends into (worked out once).

    None (an optional field left out) and plain values have no fields.
    """
    if not dataclasses.is_dataclass(cls) or cls is PartialDate:
        return ()
    hints = type_hints(cls)
    plan = []
    for f in editable_fields(cls):
        types = set(types_within(hints[f.name]))
        listed = (
            bool(f.metadata.get("ref") or f.metadata.get("key_ref"))
            or bool(types & {Markdown, Period})
            or f.name == "citations"
        )
        descend = any(dataclasses.is_dataclass(t) and t is not PartialDate for t in types)
        if listed or descend:
            plan.append((f, listed, descend))
    return tuple(plan)


def types_within(hint: Any) -> Iterator[Any]:
    """A type and every type inside it: `tuple[Claim, ...] | None` -> tuple, Claim, None..."""
    yield hint
    for argument in typing.get_args(hint):
        if argument is not Ellipsis:
            yield from types_within(argument)


def markdown_fields(entries: list[Entry]) -> Iterator[Entry]:
    """Each Markdown text among the entries, with its owner and field (lists unpacked)."""
    for owner, f, value in entries:
        kind: type = type(owner)
        if holds_markdown(kind, f.name):
            for item in value if isinstance(value, tuple) else (value,):
                if isinstance(item, str):  # not None: an optional text left out
                    yield owner, f, item


@cache
def holds_markdown(cls: type, name: str) -> bool:
    """Whether a field of a model class holds Markdown (a text, or a list of them):
    known by its type, as a Markdown text is a plain str (model.py)."""
    return Markdown in set(types_within(type_hints(cls)[name]))


def pairs(flat: Iterable[str]) -> Iterator[tuple[str, str]]:
    """The pairs of a flat run of them, as Facts keeps them: (a, b, c, d) -> (a, b), (c, d)."""
    items = iter(flat)
    return zip(items, items, strict=True)


def link_kind(scheme: str) -> str:
    """The kind of thing an internal link's scheme names: `event` -> `events`."""
    return PAGES if scheme == "page" else lookups().items_of_scheme[scheme]


def period_is_odd(period: Period) -> bool:
    """Whether a period has no date at all, or ends before it starts."""
    if period.start is None and period.end is None and period.as_of is None:
        return True
    return bool(period.start and period.end and period.end < period.start)


def facts_of(value: Any) -> Facts:
    """The facts of a model object (an item, or a whole part of the story), from what
    walk() lists: its Markdown texts, its citations' quotes, the ids it names (in
    fields and in internal links), and whether a period is odd."""
    entries = walk(value)
    texts = [text for _owner, _f, text in markdown_fields(entries)]
    quotes: list[str] = []
    names: list[str] = []
    odd = False
    for _owner, f, child in entries:
        if f.name == "citations":
            for citation in child:
                quotes += (citation.source, citation.quote)
        ref = f.metadata.get("ref") or f.metadata.get("key_ref")
        if ref and child is not None:
            for id_ in child if isinstance(child, tuple | dict) else (child,):
                names += (ref, id_)
        if type(child) is Period:
            odd = odd or period_is_odd(child)
    for text in texts:
        for match in internal_links(text):
            names += (link_kind(match.group(1)), match.group(2))
    return Facts(tuple(texts), tuple(quotes), tuple(names), odd)
