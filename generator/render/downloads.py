"""The data a reader can take away: the validated story as JSON, the comparison as CSV."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from functools import partial
from typing import Any

from generator.memo.digests import digest
from generator.memo.memo import Memo
from generator.model.dates import DateStyle, PartialDate
from generator.model.story import Event, Source, Story
from generator.plan.catalog import Catalog
from generator.validate.converter import editable_fields

# Version 2: citations name `speaker`, `speaker_name` and `relayed_by` (not
# `attributed_to`); dated records add `date_text`; sources carry `notes`; the site
# its `corrections`; the article its `published` and `as_of`; `disputes` is new.
# Version 3: sources have a `kind` and an `author`, and `url` may be null.
DATA_FORMAT = "explainer-story/3"
JSON_TABLE = "json"  # the memo table of the JSON download's lines


def json_ready(value: Any, style: DateStyle | None = None) -> Any:
    """What json writes for a model object: an object of its fields, or a date's ISO form.
    A dated record (an event, a source) also gets its date as the pages write it, in
    the story's `style`, which it must be given.

    Called by json's encoder for each value it cannot write itself; strings,
    numbers, lists (tuples) and mappings it writes without calling back.
    """
    if isinstance(value, PartialDate):
        return value.iso()
    kind: type = type(value)
    if not dataclasses.is_dataclass(kind):
        raise TypeError(f"cannot write {kind.__name__} as JSON")
    fields = {f.name: getattr(value, f.name) for f in editable_fields(kind)}
    if kind is Event or kind is Source:
        if style is None:
            raise TypeError(f"a {kind.__name__}'s date is written in the story's date style")
        date = value.date if kind is Event else value.published
        fields["date_text"] = style.words(date, value.date_qualifier)
    return fields


def to_json(value: Any, style: DateStyle | None = None) -> str:
    """A value as one line of JSON, non-ASCII text kept as it is; the dates of its
    records in the story's `style` (json_ready)."""
    default = json_ready if style is None else partial(json_ready, style=style)
    return json.dumps(value, ensure_ascii=False, default=default)


def story_json(story: Story, memo: Memo, style: DateStyle) -> bytes:
    """Every fact with its citations, dates and attributions, as the build validated them.

    One record per line: readable, diffable, and written by json's fast encoder.
    Each list item's line is kept (memo table `json`) under a digest of the item and
    of `style`, the story's way of writing dates (its records' date_text).
    """
    sections: dict[str, Any] = {
        "format": DATA_FORMAT,
        "site": story.site,
        # "updated" as the page shows it: the article's own date or a later correction's.
        "article": {
            **json_ready(story.article.meta),
            "updated": None if story.updated is None else json_ready(story.updated),
            "body": str(story.article.body),
        },
        "sources": story.sources,
        "actors": story.actors,
        "events": story.events,
        "dimensions": story.dimensions,
        "offers": story.offers,
        "disputes": story.disputes,
    }
    style_key = digest(repr(style))  # a line is made from its item and the style
    # Assembled as bytes, record by record, and joined once: the whole file as one
    # str would take two or four bytes a character as soon as it has a curly quote.
    pieces = [b"{\n"]
    for number, (key, value) in enumerate(sections.items()):
        if number:
            pieces.append(b",\n")
        pieces.append(f'  "{key}": '.encode())
        if not isinstance(value, tuple):
            pieces.append(to_json(value, style).encode("utf-8"))
        elif not value:
            pieces.append(b"[]")
        else:
            lines = [
                memo.kept("json", (style_key, item), partial(json_line, item, style))
                for item in value
            ]
            pieces += [b"[\n    ", b",\n    ".join(lines), b"\n  ]"]
    pieces.append(b"\n}\n")
    return b"".join(pieces)


def json_line(value: Any, style: DateStyle) -> bytes:
    """A model value as one line of JSON, in UTF-8."""
    return to_json(value, style).encode("utf-8")


OFFER_COLUMNS = (
    "dimension_id",
    "dimension",
    "offer_id",
    "offer",
    "reported",
    "claim_id",
    "disputes",
    "claim",
    "speaker",
    "relayed_by",
    "publication",
    "source_id",
    "quote",
)


def spreadsheet_safe(cell: str) -> str:
    """A cell a spreadsheet will not run as a formula: a leading = + - @ is quoted."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


# Excel on Windows reads a CSV file without a byte-order mark in the machine's
# legacy code page ("Fikri IÅŸÄ±k"); with one, as UTF-8. Other readers skip it
# (Python's "utf-8-sig", pandas, LibreOffice).
UTF8_BOM = b"\xef\xbb\xbf"


def offers_csv(story: Story, catalog: Catalog) -> bytes:
    """The comparison table in long form: one row per cited claim, one per empty cell;
    in UTF-8 with a byte-order mark, for Excel."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    rows: list[list[str]] = [list(OFFER_COLUMNS)]
    for dimension in story.dimensions:
        for offer in story.offers:
            head = [dimension.id, dimension.label, offer.id, catalog.offer_label(offer)]
            cell = offer.terms.get(dimension.id)
            if cell is None:
                rows.append([*head, "no"] + [""] * (len(OFFER_COLUMNS) - len(head) - 1))
                continue
            for claim in cell.claims:
                disputes = catalog.disputes.sides_of.get(("claims", claim.id or ""), [])
                for citation in claim.citations:
                    source = catalog.sources[citation.source]
                    rows.append(
                        [
                            *head,
                            "yes",
                            claim.id or "",
                            " ".join(dispute.id for dispute, _side in disputes),
                            claim.statement,
                            catalog.credits.speaker_of(citation),
                            "; ".join(citation.relayed_by),
                            catalog.credits.publication(source),
                            citation.source,
                            " ".join(citation.quote.split()),
                        ]
                    )
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    return UTF8_BOM + buffer.getvalue().encode("utf-8")
