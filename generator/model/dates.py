"""Dates known to a year, a month or a day, as sources give them."""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Precision = Literal["year", "month", "day"]

_PATTERN = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", re.ASCII)


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known only as precisely as its source allows.

    Ordering puts a year before its months and a month before its days, so an
    event dated "2015" sorts before one dated "2015-03".
    """

    year: int
    month: int = 0
    day: int = 0

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; raise ValueError with the reason."""
        # Whole: a date with a space or a line break around it is not one, for the
        # schemas as for the build (with `$`, "2024-03\n" had passed).
        match = _PATTERN.fullmatch(text)
        if not match:
            raise ValueError(f"'{text}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
        year = int(match.group(1))
        month = int(match.group(2) or 0)
        day = int(match.group(3) or 0)
        if match.group(2) and not 1 <= month <= 12:
            raise ValueError(f"'{text}' has no month {month}")
        if match.group(3):
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueError(
                    f"'{text}' is not a day: {calendar.month_name[month]} {year} has {last} days"
                )
        return cls(year, month, day)

    @property
    def precision(self) -> Precision:
        """How precisely the date is known."""
        if self.day:
            return "day"
        return "month" if self.month else "year"

    def iso(self) -> str:
        """The machine-readable form, at the date's own precision (for `<time datetime>`)."""
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def __str__(self) -> str:
        return self.iso()


@dataclass(frozen=True)
class DateStyle:
    """How a story's pages write a date in words: its month names, the order of day,
    month and year, and the words for the qualifiers "about" and "by" (the
    vocabulary's `months`, `date_day`, `date_month`, `date_about`, `date_by`)."""

    months: tuple[str, ...]
    day_form: str  # e.g. "{day} {month} {year}"
    month_form: str  # e.g. "{month} {year}"
    about: str
    by: str

    @classmethod
    def from_words(cls, words: Mapping[str, str]) -> DateStyle:
        """The style a story's words set (whole_vocabulary checked there are 12 months)."""
        return cls(
            month_names(words["months"]),
            words["date_day"],
            words["date_month"],
            words["date_about"],
            words["date_by"],
        )

    def write(self, value: PartialDate) -> str:
        """The date in words: '2015', 'September 2013', '21 April 2017'."""
        if not value.month:
            return str(value.year)
        form = self.day_form if value.day else self.month_form
        month = self.months[value.month - 1]
        return (
            form.replace("{day}", str(value.day))
            .replace("{month}", month)
            .replace("{year}", str(value.year))
        )

    def qualifier(self, qualifier: str) -> str:
        """The words for a date's qualifier ('about', 'by' or '')."""
        return self.about if qualifier == "about" else self.by if qualifier == "by" else ""

    def words(self, value: PartialDate, qualifier: str = "") -> str:
        """The date in words with its qualifier: 'by 2015', 'about 1 March 2019'."""
        written = self.write(value)
        return f"{self.qualifier(qualifier)} {written}" if qualifier else written


def month_names(text: str) -> tuple[str, ...]:
    """The month names of a comma-separated list."""
    return tuple(name.strip() for name in text.split(","))
