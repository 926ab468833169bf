"""Lookups the templates need, derived once from a validated story.

The model says what each thing is; the catalog answers the questions a page
asks across things: which events an actor took part in, which facts use an
excerpt, where a citation's excerpt is listed.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from functools import cached_property

from generator.model.story import (
    Actor,
    Citation,
    Correction,
    Dimension,
    Event,
    Offer,
    Source,
    Story,
)
from generator.plan.excerpts import Excerpt, Fact, merge_spans
from generator.plan.links import slug

KIND_HEADINGS = (
    ("state", "States"),
    ("alliance", "Alliances"),
    ("organisation", "Organisations"),
    ("company", "Companies"),
    ("person", "People"),
)


def cell_anchor(offer: Offer, dimension_id: str) -> str:
    """The anchor of one cell of the comparison table."""
    return slug(f"{offer.id}--{dimension_id}")


class Catalog:
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

    @cached_property
    def corrections_by_source(self) -> dict[str, list[tuple[Correction, Fact]]]:
        """Each correction, and the fact that carries it, by the id of the source it
        corrects."""
        found: dict[str, list[tuple[Correction, Fact]]] = defaultdict(list)
        for actor in self.story.actors:
            for correction in actor.corrections:
                found[correction.source].append((correction, Fact(actor.name, "actors", actor.id)))
        for event in self.story.events:
            for correction in event.corrections:
                found[correction.source].append(
                    (correction, Fact(event.title, "timeline", event.id))
                )
        return found

    def cited_facts(self) -> list[tuple[Citation, Fact]]:
        """Every citation in the story with the fact it supports, in page order."""
        items: list[Event | Actor | Offer] = [*self.story.events, *self.story.actors]
        items += self.story.offers
        return [pair for item in items for pair in self.facts_citing(item)]

    def facts_citing(self, item: Event | Actor | Offer) -> list[tuple[Citation, Fact]]:
        """An item's citations, each with the fact it supports (cited_facts' pairs of
        one item, in the same order); made once per item, as every passage it cites
        asks for them."""
        pairs = self.item_facts.get(id(item))
        if pairs is None:
            pairs = self.item_facts[id(item)] = self.make_facts_citing(item)
        return pairs

    def make_facts_citing(self, item: Event | Actor | Offer) -> list[tuple[Citation, Fact]]:
        if isinstance(item, Event):
            fact = Fact(f"{item.date.human()}: {item.title}", "timeline", item.id)
            return [(c, fact) for c in item.citations]
        if isinstance(item, Actor):
            pairs = []
            for role in item.roles:
                fact = Fact(f"{item.name}, {role.title}", "actors", item.id)
                pairs += [(c, fact) for c in role.citations]
            return pairs
        label = self.offer_label(item)
        pairs = [(c, Fact(label, "offers", item.id)) for c in item.citations]
        for dimension_id, cell in item.terms.items():
            fact = Fact(
                f"{label}: {self.dimensions[dimension_id].label}",
                "offers",
                cell_anchor(item, dimension_id),
            )
            pairs += [(c, fact) for claim in cell.claims for c in claim.citations]
        return pairs

    @cached_property
    def passage_spans(self) -> dict[str, list[tuple[int, int]]]:
        """Each source's quoted passages, in order, by source id: where its quotes stand
        (every quote of the story is cited), those that overlap or touch joined, so
        each sentence of a source is listed once however many facts cite it."""
        spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for (source_id, _quote), span in self.story.quote_spans.items():
            spans[source_id].append(span)
        return {source.id: merge_spans(spans.get(source.id, ())) for source in self.story.sources}

    @cached_property
    def passage_starts(self) -> dict[str, list[int]]:
        """Where each source's passages start, by source id (for bisecting)."""
        return {
            source_id: [start for start, _end in spans]
            for source_id, spans in self.passage_spans.items()
        }

    @cached_property
    def anchor_prefixes(self) -> dict[str, str]:
        """The start of the anchors of each source's passages: its slug (made once)."""
        return {source.id: slug(f"{source.id}-q") for source in self.story.sources}

    def passage_number(self, citation: Citation) -> int:
        """The number (from 1) of the passage of its source that holds a citation's
        quote: the last one starting at or before it."""
        start, _end = self.story.quote_spans[citation.source, citation.quote]
        return bisect.bisect_right(self.passage_starts[citation.source], start)

    def listed(self, citation: Citation) -> tuple[str, Source]:
        """Where a citation's passage is listed on the sources page, and its source."""
        number = self.passage_number(citation)
        return f"{self.anchor_prefixes[citation.source]}{number}", self.sources[citation.source]

    @cached_property
    def passage_numbers(self) -> dict[tuple[str, str], int]:
        """passage_number of every quote, by (source id, quote): for walking all the
        citations at once."""
        starts, right = self.passage_starts, bisect.bisect_right
        return {
            quoted: right(starts[quoted[0]], start)
            for quoted, (start, _end) in self.story.quote_spans.items()
        }

    @cached_property
    def citers(self) -> dict[str, list[list[Event | Actor | Offer]]]:
        """The items that cite each passage, by source id and passage (numbered from
        1, so at number - 1): each item once, in page order (as cited_facts gives
        their citations). What a passage shows comes from them alone (excerpt)."""
        story, numbers = self.story, self.passage_numbers
        found: dict[str, list[list[Event | Actor | Offer]]] = {
            source.id: [[] for _span in self.passage_spans[source.id]] for source in story.sources
        }

        def note(item: Event | Actor | Offer, citations: Iterable[Citation]) -> None:
            for citation in citations:
                citing = found[citation.source][numbers[citation.source, citation.quote] - 1]
                # An item's citations come one after another: once is the last one.
                if not citing or citing[-1] is not item:
                    citing.append(item)

        for event in story.events:
            note(event, event.citations)
        for actor in story.actors:
            for role in actor.roles:
                note(actor, role.citations)
        for offer in story.offers:
            note(offer, offer.citations)
            for cell in offer.terms.values():
                for claim in cell.claims:
                    note(offer, claim.citations)
        return found

    def passage_count(self, source: Source) -> int:
        """How many passages of a source the site quotes."""
        return len(self.passage_spans[source.id])

    def excerpt(self, source: Source, number: int) -> Excerpt:
        """A source's passage `number` (from 1), with who the citations quoting it
        attribute it to and the facts they support, in the order of those citations
        (as cited_facts gives them)."""
        start, end = self.passage_spans[source.id][number - 1]
        text = self.story.source_texts.get(source.id, "")
        excerpt = Excerpt(
            source, start, end, text[start:end], f"{self.anchor_prefixes[source.id]}{number}"
        )
        numbers = self.passage_numbers
        for item in self.citers[source.id][number - 1]:
            for citation, fact in self.facts_citing(item):
                if citation.source != source.id or numbers[source.id, citation.quote] != number:
                    continue
                if citation.attributed_to not in excerpt.attributions:
                    excerpt.attributions.append(citation.attributed_to)
                if fact not in excerpt.used_by:
                    excerpt.used_by.append(fact)
        return excerpt

    @cached_property
    def passages(self) -> dict[str, list[Excerpt]]:
        """Each source's passages (excerpt), by source id."""
        return {
            source.id: [
                self.excerpt(source, number) for number in range(1, self.passage_count(source) + 1)
            ]
            for source in self.story.sources
        }

    def excerpts_of(self, source: Source) -> list[Excerpt]:
        """A source's quoted passages, in the order they appear in it."""
        return self.passages[source.id]

    def corrections_of(self, source: Source) -> list[tuple[Correction, list[Fact]]]:
        """Errors found in a source, each once, with the facts that carry its correction."""
        found: dict[str, tuple[Correction, list[Fact]]] = {}
        for correction, fact in self.corrections_by_source.get(source.id, []):
            found.setdefault(correction.as_written, (correction, []))[1].append(fact)
        return list(found.values())

    def cell_anchor(self, offer: Offer, dimension_id: str) -> str:
        """The anchor of one cell of the comparison table."""
        return cell_anchor(offer, dimension_id)

    def offer_label(self, offer: Offer) -> str:
        """An offer as a reader names it: 'Russia: S-400'."""
        seller = self.actors[offer.seller]
        return f"{seller.short_name or seller.name}: {offer.system}"

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
        """Actors grouped by kind, in a fixed order of kinds, each group in content order."""
        return self.actor_groups

    @cached_property
    def actor_groups(self) -> list[tuple[str, str, list[Actor]]]:
        # Grouped once: the actors page and its structured data both list them.
        groups = []
        for kind, heading in KIND_HEADINGS:
            members = [a for a in self.story.actors if a.kind == kind]
            if members:
                groups.append((kind, heading, members))
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
        story = self.story
        return (
            sum(len(event.citations) for event in story.events)
            + sum(len(role.citations) for actor in story.actors for role in actor.roles)
            + sum(len(offer.citations) for offer in story.offers)
            + sum(
                len(claim.citations)
                for offer in story.offers
                for cell in offer.terms.values()
                for claim in cell.claims
            )
        )
