"""Lookups the templates need, derived once from a validated story.

The model says what each thing is; the catalog answers the questions a page
asks across things: which events an actor took part in, which facts use an
excerpt, where a citation's excerpt is listed.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import quote as percent_encode

from generator.links import slug
from generator.model import Actor, Citation, Correction, Dimension, Event, Offer, Source, Story
from generator.quotes import fold, locate

KIND_HEADINGS = (
    ("state", "States"),
    ("alliance", "Alliances"),
    ("organisation", "Organisations"),
    ("company", "Companies"),
    ("person", "People"),
)


@dataclass(frozen=True)
class Fact:
    """Something on the site that cites a source: its label and where it is shown."""

    label: str
    page: str
    anchor: str


@dataclass
class Excerpt:
    """A passage of a source that the site quotes, and the facts that quote it."""

    source: Source
    quote: str
    start: int
    anchor: str = ""
    attributions: list[str] = field(default_factory=list)
    used_by: list[Fact] = field(default_factory=list)
    original_text: str = ""


def cell_anchor(offer: Offer, dimension_id: str) -> str:
    """The anchor of one cell of the comparison table."""
    return slug(f"{offer.id}--{dimension_id}")


class Catalog:
    """Indexes over a story, built once per build."""

    def __init__(self, story: Story) -> None:
        self.story = story
        self.actors: dict[str, Actor] = {a.id: a for a in story.actors}
        self.events: dict[str, Event] = {e.id: e for e in story.events}
        self.offers: dict[str, Offer] = {o.id: o for o in story.offers}
        self.dimensions: dict[str, Dimension] = {d.id: d for d in story.dimensions}
        self.sources: dict[str, Source] = {s.id: s for s in story.sources}
        self.excerpts: dict[tuple[str, str], Excerpt] = {}
        for citation, fact in self.cited_facts():
            self.add_excerpt(citation, fact)
        for _source_id, group in itertools.groupby(
            sorted(self.excerpts.values(), key=lambda x: (x.source.id, x.start, x.quote)),
            key=lambda x: x.source.id,
        ):
            for number, excerpt in enumerate(group, start=1):
                excerpt.anchor = slug(f"{excerpt.source.id}-q{number}")

    def cited_facts(self) -> list[tuple[Citation, Fact]]:
        """Every citation in the story with the fact it supports, in page order."""
        pairs: list[tuple[Citation, Fact]] = []
        for event in self.story.events:
            fact = Fact(f"{event.date.human()}: {event.title}", "timeline", event.id)
            pairs += [(c, fact) for c in event.citations]
        for actor in self.story.actors:
            for role in actor.roles:
                fact = Fact(f"{actor.name}, {role.title}", "actors", actor.id)
                pairs += [(c, fact) for c in role.citations]
        for offer in self.story.offers:
            pairs += [
                (c, Fact(self.offer_label(offer), "offers", offer.id)) for c in offer.citations
            ]
            for dimension_id, cell in offer.terms.items():
                label = f"{self.offer_label(offer)}: {self.dimensions[dimension_id].label}"
                fact = Fact(label, "offers", cell_anchor(offer, dimension_id))
                pairs += [(c, fact) for claim in cell.claims for c in claim.citations]
        return pairs

    def add_excerpt(self, citation: Citation, fact: Fact) -> None:
        """Index a citation under its excerpt, merging citations of the same passage."""
        key = (citation.source, fold(citation.quote))
        excerpt = self.excerpts.get(key)
        if excerpt is None:
            text = self.story.source_texts.get(citation.source, "")
            span = locate(citation.quote, text) or (len(text), len(text))
            excerpt = Excerpt(
                self.sources[citation.source],
                citation.quote,
                span[0],
                original_text=text[span[0] : span[1]],
            )
            self.excerpts[key] = excerpt
        if citation.attributed_to not in excerpt.attributions:
            excerpt.attributions.append(citation.attributed_to)
        if fact not in excerpt.used_by:
            excerpt.used_by.append(fact)

    def excerpt_of(self, citation: Citation) -> Excerpt:
        """The excerpt a citation quotes."""
        return self.excerpts[(citation.source, fold(citation.quote))]

    def excerpts_of(self, source: Source) -> list[Excerpt]:
        """A source's quoted excerpts, in the order they appear in it."""
        found = [x for x in self.excerpts.values() if x.source.id == source.id]
        return sorted(found, key=lambda x: (x.start, x.quote))

    def fragment_link(self, excerpt: Excerpt) -> str:
        """The original article's address, opening at the quoted passage (a text fragment)."""
        words = " ".join((excerpt.original_text or excerpt.quote).split())
        encoded = percent_encode(words, safe="")
        # In text fragments '-', ',' and '&' are syntax; percent_encode leaves '-' alone.
        encoded = encoded.replace("-", "%2D")
        return f"{excerpt.source.url.split('#')[0]}#:~:text={encoded}"

    def corrections_of(self, source: Source) -> list[tuple[Correction, str, str, str]]:
        """Errors found in a source: each correction with the page, anchor and name it is on."""
        found = []
        for actor in self.story.actors:
            found += [(c, "actors", actor.id, actor.name) for c in actor.corrections]
        for event in self.story.events:
            found += [(c, "timeline", event.id, event.title) for c in event.corrections]
        return [entry for entry in found if entry[0].source == source.id]

    def offer_label(self, offer: Offer) -> str:
        """An offer as a reader names it: 'Russia: S-400'."""
        seller = self.actors[offer.seller]
        return f"{seller.short_name or seller.name}: {offer.system}"

    def years(self) -> list[tuple[int, list[Event]]]:
        """Events grouped by year, oldest first."""
        grouped: dict[int, list[Event]] = defaultdict(list)
        for event in self.story.events:
            grouped[event.date.year].append(event)
        return sorted(grouped.items())

    def actors_by_kind(self) -> list[tuple[str, str, list[Actor]]]:
        """Actors grouped by kind, in a fixed order of kinds, each group in content order."""
        groups = []
        for kind, heading in KIND_HEADINGS:
            members = [a for a in self.story.actors if a.kind == kind]
            if members:
                groups.append((kind, heading, members))
        return groups

    def events_of(self, actor: Actor) -> list[Event]:
        """The events an actor took part in, oldest first."""
        return [e for e in self.story.events if actor.id in e.actors]

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
        return [e for e in self.story.events if offer.id in e.offers]

    def dimension(self, dimension_id: str) -> Dimension:
        """A comparison dimension by id."""
        return self.dimensions[dimension_id]

    def quote_count(self) -> int:
        """How many citations the story has (each one's quote is verified)."""
        return len(self.cited_facts())
