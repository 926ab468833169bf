"""The data a reader can take away: the validated story as JSON, the comparison as CSV."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from typing import Any

from generator.catalog import Catalog
from generator.dates import PartialDate
from generator.model import Story

DATA_FORMAT = "explainer-story/1"


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def plain_data(value: Any) -> Any:
    """A model value as JSON-ready data: dataclasses become objects, dates ISO strings."""
    if isinstance(value, str | int | float | bool | None):
        return value
    if isinstance(value, PartialDate):
        return value.iso()
    if isinstance(value, tuple | list):
        return [plain_data(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain_data(item) for key, item in value.items()}
    names = _FIELD_NAMES.get(type(value))
    if names is None:
        names = _FIELD_NAMES[type(value)] = tuple(
            f.name for f in dataclasses.fields(value) if not f.metadata.get("internal")
        )
    return {name: plain_data(getattr(value, name)) for name in names}


def story_json(story: Story) -> bytes:
    """Every fact with its citations, dates and attributions, as the build validated them.

    One record per line: readable, diffable, and written by json's fast encoder.
    """
    sections: dict[str, Any] = {
        "format": DATA_FORMAT,
        "site": plain_data(story.site),
        "article": {**plain_data(story.article.meta), "body": str(story.article.body)},
        "sources": plain_data(story.sources),
        "actors": plain_data(story.actors),
        "events": plain_data(story.events),
        "dimensions": plain_data(story.dimensions),
        "offers": plain_data(story.offers),
    }
    parts = []
    for key, value in sections.items():
        if isinstance(value, list):
            records = ",\n    ".join(json.dumps(item, ensure_ascii=False) for item in value)
            parts.append(f'  "{key}": [\n    {records}\n  ]' if value else f'  "{key}": []')
        else:
            parts.append(f'  "{key}": {json.dumps(value, ensure_ascii=False)}')
    return ("{\n" + ",\n".join(parts) + "\n}\n").encode("utf-8")


OFFER_COLUMNS = (
    "dimension_id",
    "dimension",
    "offer_id",
    "offer",
    "reported",
    "disputed",
    "claim",
    "attributed_to",
    "source_id",
    "quote",
)


def spreadsheet_safe(cell: str) -> str:
    """A cell a spreadsheet will not run as a formula: a leading = + - @ is quoted."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def offers_csv(story: Story, catalog: Catalog) -> bytes:
    """The comparison table in long form: one row per cited claim, one per empty cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    rows: list[list[str]] = [list(OFFER_COLUMNS)]
    for dimension in story.dimensions:
        for offer in story.offers:
            head = [dimension.id, dimension.label, offer.id, catalog.offer_label(offer)]
            cell = offer.terms.get(dimension.id)
            if cell is None:
                rows.append([*head, "no", "", "", "", "", ""])
                continue
            for claim in cell.claims:
                for citation in claim.citations:
                    rows.append(
                        [
                            *head,
                            "yes",
                            cell.disputed or "",
                            claim.statement,
                            citation.attributed_to,
                            citation.source,
                            " ".join(citation.quote.split()),
                        ]
                    )
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8")
