"""The structured data of a split page (plan/parts.py): an item list that names and
links its entries rather than embedding each in full, so that it stays in
proportion to the page (at 10,000 events, the embedded items were 5.4 MB of the
single timeline page)."""

from __future__ import annotations

from typing import Any

from generator.model.story import Story
from generator.plan.catalog import Catalog
from generator.plan.links import slug
from generator.plan.pages import Page
from generator.plan.parts import Part, Placement
from generator.render.structured_parts import source_work


def address(story: Story, folder: str, anchor: str = "") -> dict[str, str]:
    """{'url': ...} for a folder of the site (and anchor) when the base URL is known."""
    if not story.site.base_url:
        return {}
    return {"url": story.site.base_url + folder + (f"#{anchor}" if anchor else "")}


def part_name(part: Part) -> str:
    """A part as its item list names it: its group, and its number if it has others."""
    return f"{part.label} ({part.number}/{part.count})" if part.count > 1 else part.label


def linked_items(
    page: Page, story: Story, catalog: Catalog, placement: Placement
) -> list[dict[str, Any]]:
    """What a split page's item list names: the index, its parts; a part, its
    entries (a source's part, the source), each by name and address."""
    part = page.part
    if part is None:
        return [
            {"@type": "CollectionPage", "name": part_name(p), **address(story, p.folder)}
            for p in placement.parts[page.name]
        ]
    if part.page == "timeline":
        return [
            {"@type": "Event", "name": event.title, **address(story, part.folder, event.id)}
            for event in part.items
        ]
    if part.page == "actors":
        types = catalog.terms.structured_types
        return [
            {
                "@type": types[actor.kind],
                "name": actor.name,
                **address(story, part.folder, slug(actor.id)),
            }
            for actor in part.items
        ]
    return [source_work(catalog.sources[part.group], catalog)]
