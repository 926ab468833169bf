"""Lookups the templates need, derived once from a validated story.

The model says what each thing is; the catalog answers the questions a page
asks across things: which events an actor took part in, which facts use an
excerpt, where a citation's excerpt is listed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import cached_property

from generator.model.citations import Citation
from generator.model.dates import PartialDate
from generator.model.offers import Dimension, Offer
from generator.model.sourcing import all_citations
from generator.model.story import Actor, Event, Source, Story
from generator.plan.disputes import Disputes
from generator.plan.excerpts import Fact
from generator.plan.passages import CitedPassages, cell_anchor
from generator.plan.terms import Terms


class Catalog(CitedPassages):
    """Indexes over a story, each made when first asked for: a page rendered in
    another process makes there what it alone needs (the sources page, its
    passages and the facts that quote them), and a warm build, which gathers few
    views, looks few citations up."""

    def __init__(self, story: Story) -> None:
        self.story = story
        self.actors: dict[str, Actor] = {a.id: a for a in story.actors}
        self.events: dict[str, Event] = {e.id: e for e in story.events}
        self.offers: dict[str, Offer] = {o.id: o for o in story.offers}
        self.dimensions: dict[str, Dimension] = {d.id: d for d in story.dimensions}
        self.sources: dict[str, Source] = {s.id: s for s in story.sources}
        self.item_facts: dict[int, list[tuple[Citation, Fact]]] = {}  # facts_citing's, by id
        self.disputes = Disputes(story, self.cell_label)
        self.terms = Terms(story.vocabulary)

    @cached_property
    def events_by_actor(self) -> dict[str, list[Event]]:
        """The events each actor took part in, oldest first, by actor id."""
        found: dict[str, list[Event]] = defaultdict(list)
        for event in self.story.events:
            for actor_id in dict.fromkeys(event.actors):
                found[actor_id].append(event)
        return found

    @cached_property
    def events_by_offer(self) -> dict[str, list[Event]]:
        """The events that concern each offer, oldest first, by offer id."""
        found: dict[str, list[Event]] = defaultdict(list)
        for event in self.story.events:
            for offer_id in dict.fromkeys(event.offers):
                found[offer_id].append(event)
        return found

    def latest_source(self, citations: Iterable[Citation]) -> Source:
        """The most recent of the sources some citations quote: what a state they
        report is current as of."""
        sources = [self.sources[c.source] for c in citations]
        return max(sources, key=lambda source: source.published)

    def as_of(self, citations: Iterable[Citation]) -> tuple[PartialDate, str]:
        """The date an ongoing state is shown "as of", and its qualifier: the
        publication date of its latest source."""
        source = self.latest_source(citations)
        return source.published, source.date_qualifier

    def offer_status_as_of(self, offer: Offer) -> tuple[PartialDate, str]:
        """The date an offer's status is shown as of: its basis's latest source, or
        (for an editorial reading) the latest source the offer cites anywhere."""
        basis = offer.basis.get("status")
        if basis is not None and basis.citations:
            return self.as_of(basis.citations)
        found = [*offer.citations]
        for cell in offer.terms.values():
            found += [c for claim in cell.claims for c in claim.citations]
        return self.as_of(found)

    def cell_anchor(self, offer: Offer, dimension_id: str) -> str:
        """The anchor of one cell of the comparison table."""
        return cell_anchor(offer, dimension_id)

    def years(self) -> list[tuple[int, list[Event]]]:
        """Events grouped by year, oldest first."""
        return self.events_by_year

    @cached_property
    def events_by_year(self) -> list[tuple[int, list[Event]]]:
        # Grouped once: the timeline and its structured data both list them.
        grouped: dict[int, list[Event]] = defaultdict(list)
        for event in self.story.events:
            grouped[event.date.year].append(event)
        return sorted(grouped.items())

    def actors_by_kind(self) -> list[tuple[str, str, list[Actor]]]:
        """Actors grouped by kind, in the order the story declares its kinds, each group
        in content order."""
        return self.actor_groups

    @cached_property
    def actor_groups(self) -> list[tuple[str, str, list[Actor]]]:
        # Grouped once: the actors page and its structured data both list them.
        groups: list[tuple[str, str, list[Actor]]] = []
        for kind in self.story.vocabulary.actor_kinds:
            members = [a for a in self.story.actors if a.kind == kind.id]
            if members:
                groups.append((kind.id, kind.heading, members))
        return groups

    def events_of(self, actor: Actor) -> list[Event]:
        """The events an actor took part in, oldest first."""
        return self.events_by_actor.get(actor.id, [])

    def offers_of(self, actor: Actor) -> list[tuple[Offer, str]]:
        """The offers an actor made, received or makes the system for, with its part."""
        parts = []
        for offer in self.story.offers:
            for part, who in (
                ("seller", offer.seller),
                ("buyer", offer.buyer),
                ("maker", offer.maker),
            ):
                if who == actor.id:
                    parts.append((offer, part))
        return parts

    def events_of_offer(self, offer: Offer) -> list[Event]:
        """The events that concern an offer, oldest first."""
        return self.events_by_offer.get(offer.id, [])

    def dimension(self, dimension_id: str) -> Dimension:
        """A comparison dimension by id."""
        return self.dimensions[dimension_id]

    def quote_count(self) -> int:
        """How many citations the story has (each one's quote is verified)."""
        return sum(1 for _citation in all_citations(self.story))
