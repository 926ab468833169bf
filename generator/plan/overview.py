"""The timeline's overview of the years, drawn to scale: where events cluster, where
time passes with none, and which of the story's offers (the comparison's columns)
each concerns.

The drawing is made here as numbers (percentages of its width) and written by the
timeline template as SVG: no script, no style attribute. A row for all the
events, then one per offer that events concern; in each, a bar per month (per year,
for a story spanning more than MONTHLY_SPAN years, so a big story's drawing stays
small), its height in proportion to the events in it, on one scale for every row
(the tallest bar of all the events' row is the tallest of the drawing). An event
dated only to its year is drawn across its whole year, marked as vague.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from generator.model.story import Event
from generator.plan.catalog import Catalog

MONTHLY_SPAN = 20  # years: past this, a bar per year
ROW_HEIGHT = 40  # px of the drawing for each row: its label, then its bars
BAR_SPACE = 18  # px the tallest bar takes, below the label


@dataclass(frozen=True)
class Bar:
    """Events in one stretch of time, in one row: where it starts and how wide it is
    (percent of the drawing's width), how tall its bar is (px) and how many events."""

    x: str
    width: str
    y: int
    height: int
    count: int
    vague: bool  # dated to a year only, drawn across the year


@dataclass(frozen=True)
class Row:
    """One row of the drawing: its label, where its label and baseline are, its bars."""

    label: str
    label_y: int
    base_y: int
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Overview:
    """The drawing: its height, its rows, and a line and label at each year shown."""

    height: int
    rows: tuple[Row, ...]
    ticks: tuple[tuple[str, int], ...]  # (x, year): a line and label at its start

    @property
    def vague(self) -> bool:
        """Whether it draws events dated to a year only (the page then says how)."""
        return any(bar.vague for row in self.rows for bar in row.bars)


def day_number(year: int, month: int = 1, day: int = 1) -> int:
    """Days since the start of the calendar: positions are in proportion to these."""
    if year > datetime.MAXYEAR:  # the end of the last year an event may have: no date
        return datetime.date.max.toordinal() + 1
    return datetime.date(year, month, day).toordinal()


def overview(catalog: Catalog) -> Overview | None:
    """The timeline's overview of a story (None for a story without events)."""
    years = [year for year, _events in catalog.years()]
    if not years:
        return None
    first, last = years[0], years[-1]
    start, end = day_number(first), day_number(last + 1)
    monthly = last - first < MONTHLY_SPAN

    def x(year: int, month: int = 1) -> float:
        return (day_number(year, month) - start) * 100 / (end - start)

    def bucket(event: Event) -> tuple[int, int]:
        month = event.date.month if monthly else 0
        return event.date.year, month

    # One scale for every row: a row's bars can be compared with another's.
    most = max(Counter(bucket(event) for event in catalog.story.events).values())

    def bars(events: Iterable[Event], top: int) -> tuple[Bar, ...]:
        counts = Counter(bucket(event) for event in events)
        drawn = []
        for (year, month), count in sorted(counts.items()):
            vague = monthly and not month
            left = x(year, month or 1)
            right = x(year, month + 1) if 0 < month < 12 else x(year + 1)
            height = max(3, round(BAR_SPACE * count / most))
            base = top + ROW_HEIGHT - 4
            drawn.append(
                Bar(f"{left:.2f}%", f"{right - left:.2f}%", base - height, height, count, vague)
            )
        return tuple(drawn)

    # The first row's label, '', is the template's: words.overview_all.
    groups: list[tuple[str, Iterable[Event]]] = [("", catalog.story.events)]
    groups += [
        (catalog.offer_label(offer), catalog.events_of_offer(offer))
        for offer in catalog.story.offers
        if catalog.events_of_offer(offer)
    ]
    rows = tuple(
        Row(label, top + 13, top + ROW_HEIGHT - 4, bars(events, top))
        for number, (label, events) in enumerate(groups)
        for top in (number * ROW_HEIGHT,)
    )
    every = max(1, -(-(last - first + 1) // 8))  # at most about eight years marked
    ticks = tuple((f"{x(year):.2f}%", year) for year in range(first, last + 1, every))
    return Overview(len(rows) * ROW_HEIGHT + 18, rows, ticks)
