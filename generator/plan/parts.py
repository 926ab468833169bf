"""Which page holds each item: a big story's long pages split into parts.

A story with more than SPLIT_THRESHOLD events would put thousands of entries on
one page (at 10,000 events the timeline alone is 19 MB). Past it, the timeline,
the actors and the sources pages each become an index at their usual address and
parts beneath it: the timeline a part per year (`timeline/2013/`), the actors a
part per kind (`actors/state/`), the sources a part per source
(`sources/gazette/`), each group cut into pages of at most so many items
(`timeline/2013/2/`); a dense year is cut at month boundaries, each page named by
its months ("January–March 2019"). Every link into an item asks this module where it is
(Placement.holder): no template decides it. A story at or below the threshold has
no parts, and its pages are as they were.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from generator.model.dates import DateStyle, PartialDate
from generator.model.story import Story
from generator.plan.catalog import Catalog
from generator.plan.credits import fill
from generator.plan.links import slug

SPLIT_THRESHOLD = 300  # more events than this: the long pages are split into parts
# The most entries a part shows: measured at 10,000 synthetic events (docs/performance.md),
# an event's entry is about 2 KB, an actor's 3.5 KB, a passage's 0.7 KB, so that
# no part passes 500 KB (the largest are about 280 KB).
PART_SIZES = {"timeline": 150, "actors": 60, "sources": 300}
# A split story's offer card lists only its offer's first and latest so many events,
# and says how many more fall between: at 10,000 events an offer has about 700, and
# all of them made the offers page 611 KB. The timeline's overview draws them all.
OFFER_EVENTS_SHOWN = 5


@dataclass(frozen=True)
class Part:
    """One page of a split list: a group (a year, a kind of actor, a source), or
    one of the pages a large group is cut into."""

    page: str  # the page kind it is part of: "timeline"
    group: str  # what its entries share: "2013", "state", "gazette"
    label: str  # how a reader names the group: "2013", "States", "The Gazette, 1 May"
    number: int  # from 1, within its group
    count: int  # how many parts its group has
    items: tuple[Any, ...] = field(repr=False)  # its events or actors, or passage numbers

    @property
    def folder(self) -> str:
        """Its address relative to the site root: `timeline/2013/`, `timeline/2013/2/`."""
        more = f"{self.number}/" if self.number > 1 else ""
        return f"{self.page}/{slug(self.group)}/{more}"

    @property
    def path(self) -> str:
        """Its file, relative to the site root."""
        return self.folder + "index.html"


def cut(page: str, group: str, label: str, items: Sequence[Any], size: int) -> list[Part]:
    """A group's items cut into parts of at most `size`."""
    chunks = [list(items[start : start + size]) for start in range(0, len(items), size)]
    return numbered(page, group, chunks, lambda _chunk: label)


def numbered(
    page: str, group: str, chunks: list[list[Any]], label: Callable[[list[Any]], str]
) -> list[Part]:
    """A group's parts, one per chunk of its items, numbered in order and named by
    `label` (of the chunk)."""
    return [
        Part(page, group, label(chunk), number, len(chunks), tuple(chunk))
        for number, chunk in enumerate(chunks, start=1)
    ]


def cut_by_months(
    year: int, events: Sequence[Any], size: int, style: DateStyle, months_word: str
) -> list[Part]:
    """A dense year's events cut into parts at month boundaries: whole months packed
    into parts of at most `size` events, each part named by its months ("January–March
    2019"); a month of more than `size` events is cut into parts of its own. A reader
    then knows which page holds a date without opening them in turn."""
    runs: list[list[Any]] = []
    for event in events:  # in date order: the year's year-only events first
        if runs and runs[-1][0].date.month == event.date.month:
            runs[-1].append(event)
        else:
            runs.append([event])
    chunks: list[list[Any]] = []
    for run in runs:
        if chunks and len(chunks[-1]) + len(run) <= size:
            chunks[-1].extend(run)
        else:
            chunks += [run[start : start + size] for start in range(0, len(run), size)]
    return numbered(
        "timeline", str(year), chunks, lambda chunk: months_label(year, chunk, style, months_word)
    )


def months_label(year: int, events: Sequence[Any], style: DateStyle, months_word: str) -> str:
    """'March 2019', 'January–March 2019', or '2019' for year-only events alone."""
    months = [event.date.month for event in events if event.date.month]
    if not months:
        return str(year)
    last = style.write(PartialDate(year, months[-1], 0))
    if months[0] == months[-1]:
        return last
    return fill(months_word, first=style.months[months[0] - 1], last=last)


class Placement:
    """The parts of each split page, and which part holds each item's anchor."""

    def __init__(self, story: Story, catalog: Catalog) -> None:
        self.split = len(story.events) > SPLIT_THRESHOLD
        self.story = story
        self.catalog = catalog

    @cached_property
    def parts(self) -> dict[str, list[Part]]:
        """Each split page's parts, in reading order, by page name (none if not split)."""
        if not self.split:
            return {}
        catalog, sizes = self.catalog, PART_SIZES
        style, months_word = catalog.date_style, self.story.vocabulary.words["part_months"]
        size = sizes["timeline"]
        timeline = [
            part
            for year, events in catalog.years()
            for part in (
                cut("timeline", str(year), str(year), events, size)
                if len(events) <= size
                else cut_by_months(year, events, size, style, months_word)
            )
        ]
        actors = [
            part
            for kind, heading, members in catalog.actors_by_kind()
            for part in cut("actors", kind, heading, members, sizes["actors"])
        ]
        sources = [
            part
            for source in self.story.sources
            for numbers in (range(1, catalog.passage_count(source) + 1),)
            for part in cut("sources", source.id, source.title, numbers, sizes["sources"])
            or [Part("sources", source.id, source.title, 1, 1, ())]
        ]
        return {"timeline": timeline, "actors": actors, "sources": sources}

    @cached_property
    def holder(self) -> dict[tuple[str, str], str]:
        """(page name, anchor) -> the folder of the part that holds it: an item's own
        anchor, and a group's (`year-2013`, `kind-state`, a source's id) at its
        first part. Anchors not here are on the page itself."""
        found: dict[tuple[str, str], str] = {}
        for part in (p for parts in self.parts.values() for p in parts):
            anchors = self.anchors(part)
            if part.number == 1:
                anchors.append(group_anchor(part))
            for anchor in anchors:
                found[part.page, anchor] = part.folder
        return found

    def anchors(self, part: Part) -> list[str]:
        """The anchors of a part's entries."""
        if part.page == "sources":
            prefix = slug(f"{part.group}-q")
            return [f"{prefix}{number}" for number in part.items]
        return [slug(item.id) for item in part.items]

    def neighbours(self, part: Part) -> tuple[Part | None, Part | None]:
        """The parts before and after one, in reading order (None at either end)."""
        parts = self.parts[part.page]
        at = next(n for n, other in enumerate(parts) if other.folder == part.folder)
        return (parts[at - 1] if at else None, parts[at + 1] if at + 1 < len(parts) else None)

    def offer_events(self, events: Sequence[Any]) -> tuple[Sequence[Any], int, Sequence[Any]]:
        """An offer's events as its card lists them: (the first, how many are left out
        between, the latest). All of them first when the story is not split, or when
        listing them costs no more than one line, so that at least two are left out."""
        if not self.split or len(events) <= 2 * OFFER_EVENTS_SHOWN + 1:
            return events, 0, ()
        shown = OFFER_EVENTS_SHOWN
        return events[:shown], len(events) - 2 * shown, events[-shown:]

    def year_links(self) -> list[tuple[int, str, int, list[Part]]]:
        """Each year of the timeline: (year, where its events are, how many there are,
        its parts when it has several): the page's own section, or the year's first
        part, and then each of its parts, so that a reader reaches a month of a dense
        year from the overview."""
        by_year: dict[str, list[Part]] = {}
        for part in self.parts.get("timeline", ()):
            by_year.setdefault(part.group, []).append(part)
        return [
            (
                year,
                self.holder.get(("timeline", f"year-{year}"), ""),
                len(events),
                parts if len(parts := by_year.get(str(year), [])) > 1 else [],
            )
            for year, events in self.catalog.years()
        ]


def group_anchor(part: Part) -> str:
    """The anchor of a group's heading, on its first part."""
    if part.page == "timeline":
        return f"year-{part.group}"
    if part.page == "actors":
        return f"kind-{slug(part.group)}"
    return slug(part.group)
