"""Disputes as the pages show them: each claim or event on a side of one marked as
disputed, with links to what states the other sides."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from functools import cached_property

from generator.model.offers import Cell, Dispute, Offer, Side
from generator.model.story import Story
from generator.plan.links import slug

Link = tuple[str, str, str]  # label, page, anchor


def claim_anchor(claim_id: str) -> str:
    """The anchor of a claim (one with an id) in the comparison table."""
    return slug(f"claim-{claim_id}")


class Disputes:
    """The story's disputes, looked up by what they set against each other
    (`catalog.disputes` in templates)."""

    def __init__(self, story: Story, cell_label: Callable[[Offer, str], str]) -> None:
        self.story = story
        self.cell_label = cell_label
        self.event_titles: dict[str, str] = {e.id: e.title for e in story.events}

    @cached_property
    def claim_places(self) -> dict[str, tuple[Offer, str]]:
        """Each claim with an id, by id: the offer and the dimension of its cell."""
        return {
            claim.id: (offer, dimension_id)
            for offer in self.story.offers
            for dimension_id, cell in offer.terms.items()
            for claim in cell.claims
            if claim.id is not None
        }

    @cached_property
    def sides_of(self) -> dict[tuple[str, str], list[tuple[Dispute, Side]]]:
        """The disputes each claim or event is on a side of, with that side, by
        ("claims" or "events", id)."""
        found: dict[tuple[str, str], list[tuple[Dispute, Side]]] = defaultdict(list)
        for dispute in self.story.disputes:
            for side in dispute.sides:
                for claim_id in side.claims:
                    found["claims", claim_id].append((dispute, side))
                for event_id in side.events:
                    found["events", event_id].append((dispute, side))
        return dict(found)

    def side_links(self, side: Side) -> list[Link]:
        """Links to what states one side of a dispute."""
        links = []
        for claim_id in side.claims:
            offer, dimension_id = self.claim_places[claim_id]
            # Named by where it stands alone: the list item names the side already.
            where = self.cell_label(offer, dimension_id)
            links.append((where, "offers", claim_anchor(claim_id)))
        for event_id in side.events:
            links.append((self.event_titles[event_id], "timeline", event_id))
        return links

    def of(self, kind: str, item_id: str) -> list[tuple[Dispute, list[Link]]]:
        """The disputes a claim or an event (kind "claims" or "events") is on a side
        of, each with a link to every other side: who holds it, to the first claim or
        event that states it."""
        return [
            (
                dispute,
                [
                    (other.who, *self.side_links(other)[0][1:])
                    for other in dispute.sides
                    if other is not side
                ],
            )
            for dispute, side in self.sides_of.get((kind, item_id), [])
        ]

    def in_cell(self, cell: Cell) -> bool:
        """Whether any claim of a cell is on a side of a dispute."""
        return any(("claims", claim.id) in self.sides_of for claim in cell.claims if claim.id)

    def claim_anchor(self, claim_id: str) -> str:
        """The anchor of a claim in the comparison table."""
        return claim_anchor(claim_id)
