"""Checks of the story's editorial apparatus that no single field can make: each side
of a dispute states something and stands on one side only, and the dates a
newsroom gives itself (publication, corrections) are whole days."""

from __future__ import annotations

from generator.errors import ContentError, ErrorList
from generator.model.story import Story


def check_editorial(story: Story) -> list[ContentError]:
    """Errors in the story's disputes and its own dates."""
    errors = ErrorList()
    for dispute in story.disputes:
        seen: dict[tuple[str, str], str] = {}
        for side in dispute.sides:
            if not side.claims and not side.events:
                errors.add(
                    side.where,
                    f"a side of dispute '{dispute.id}' names no claim and no event",
                    "give 'claims:' (ids of comparison claims) or 'events:' (event ids)",
                )
            for kind, ids in (("claim", side.claims), ("event", side.events)):
                for item_id in ids:
                    other = seen.setdefault((kind, item_id), side.who)
                    if other != side.who:
                        errors.add(
                            side.where,
                            f"{kind} '{item_id}' is on two sides of dispute '{dispute.id}'",
                            f"it is already on the side of {other}: keep it on one",
                        )
    meta = story.article.meta
    for date, where, what in (
        (meta.published, meta.where.at("published"), "published"),
        *(() if meta.updated is None else ((meta.updated, meta.where.at("updated"), "updated"),)),
        *((c.date, c.where.at("date"), "a correction's date") for c in story.site.corrections),
    ):
        if date.precision != "day":
            errors.add(where, f"{what} must be a whole day, YYYY-MM-DD, not '{date}'")
    if meta.updated is not None and meta.updated < meta.published:
        errors.add(
            meta.where.at("updated"),
            f"updated ({meta.updated}) is before published ({meta.published})",
            "give the date of the latest change, on or after the date first published",
        )
    return errors.items
