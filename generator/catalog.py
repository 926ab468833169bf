"""Lookups the templates need, derived once from a validated story.

The model says what each thing is; the catalog answers the questions a page
asks across things: which events an actor took part in, which facts use an
excerpt, where a citation's excerpt is listed.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple
from urllib.parse import quote

from generator.links import slug
from generator.model import Actor, Citation, Correction, Dimension, Event, Offer, Source, Story

KIND_HEADINGS = (
    ("state", "States"),
    ("alliance", "Alliances"),
    ("organisation", "Organisations"),
    ("company", "Companies"),
    ("person", "People"),
)


class Fact(NamedTuple):
    """Something on the site that cites a source: its label and where it is shown.

    A tuple, so that comparing facts (a passage lists each once, and its entry's
    view holds them: views.py) is done in C.
    """

    label: str
    page: str
    anchor: str


@dataclass
class Excerpt:
    """A passage of a source that the site quotes, and the facts that quote it.

    Quotes that overlap in the source are one passage, so each sentence of a
    source is shown once on the sources page however many facts cite it.
    """

    source: Source
    start: int
    end: int
    text: str
    anchor: str = ""
    attributions: list[str] = field(default_factory=list)
    used_by: list[Fact] = field(default_factory=list)


FRAGMENT_WORDS = 5


def encode_fragment_text(text: str) -> str:
    """Percent-encode text for a text fragment, where '-', ',' and '&' are syntax.

    Every character but letters, digits and `_.~` is encoded as UTF-8 bytes: what
    urllib's quote does with no safe characters, plus '-', which it keeps. ASCII
    text (nearly every passage) is encoded by one str.translate: quote goes through
    a Python call per byte, a sixth of the time of the sources page.
    """
    if text.isascii():
        return text.translate(_ASCII_FRAGMENT_TEXT)
    return quote(text, safe="").replace("-", "%2D")


_ASCII_FRAGMENT_TEXT = {
    code: f"%{code:02X}" for code in range(128) if not (chr(code).isalnum() or chr(code) in "_.~")
}


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching spans joined, in order."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def fragment_link(excerpt: Excerpt) -> str:
    """The original article's address, opening at the quoted passage (a text fragment).

    A long passage is named by its first and last words (`text=start,end`), which
    keeps the address short and still highlights the whole passage.
    """
    words = excerpt.text.split()
    if len(words) > FRAGMENT_WORDS * 2:
        target = (
            encode_fragment_text(" ".join(words[:FRAGMENT_WORDS]))
            + ","
            + encode_fragment_text(" ".join(words[-FRAGMENT_WORDS:]))
        )
    else:
        target = encode_fragment_text(" ".join(words))
    return f"{excerpt.source.url.split('#')[0]}#:~:text={target}"


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
        self.events_by_actor: dict[str, list[Event]] = defaultdict(list)
        self.events_by_offer: dict[str, list[Event]] = defaultdict(list)
        for event in story.events:
            for actor_id in dict.fromkeys(event.actors):
                self.events_by_actor[actor_id].append(event)
            for offer_id in dict.fromkeys(event.offers):
                self.events_by_offer[offer_id].append(event)
        self.corrections_by_source: dict[str, list[tuple[Correction, Fact]]] = defaultdict(list)
        for actor in story.actors:
            for correction in actor.corrections:
                self.corrections_by_source[correction.source].append(
                    (correction, Fact(actor.name, "actors", actor.id))
                )
        for event in story.events:
            for correction in event.corrections:
                self.corrections_by_source[correction.source].append(
                    (correction, Fact(event.title, "timeline", event.id))
                )
        self.passages: dict[str, list[Excerpt]] = {}
        # Where each citation's passage is listed on the sources page, and its source,
        # by id() of the citation: a Citation hashes its fields in Python, an id in C,
        # and every citation looked up is one of the story's own.
        self.listed_at: dict[int, tuple[str, Source]] = {}
        self.citation_count = 0
        self.index_excerpts()

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

    def index_excerpts(self) -> None:
        """Group every citation into the source passage it quotes.

        Source by source: a passage's attributions and facts are listed in the order
        of the citations that quote it, as cited_facts gives them.
        """
        spans = self.story.quote_spans
        cited_in: dict[str, list[tuple[Citation, Fact, tuple[int, int]]]] = defaultdict(list)
        for citation, fact in self.cited_facts():
            cited_in[citation.source].append(
                (citation, fact, spans[citation.source, citation.quote])
            )
            self.citation_count += 1
        listed_at = self.listed_at
        for source in self.story.sources:
            text = self.story.source_texts.get(source.id, "")
            cited = cited_in.get(source.id, [])
            # An anchor is the source's slug and the passage's number: slugged once.
            prefix = slug(f"{source.id}-q")
            passages = self.passages[source.id] = [
                Excerpt(source, start, end, text[start:end], f"{prefix}{number}")
                for number, (start, end) in enumerate(
                    merge_spans(span for _c, _f, span in cited), start=1
                )
            ]
            starts = [passage.start for passage in passages]
            for citation, fact, (start, _end) in cited:
                # The passage that holds a quote is the last one starting at or before it.
                excerpt = passages[bisect.bisect_right(starts, start) - 1]
                listed_at[id(citation)] = (excerpt.anchor, source)
                if citation.attributed_to not in excerpt.attributions:
                    excerpt.attributions.append(citation.attributed_to)
                if fact not in excerpt.used_by:
                    excerpt.used_by.append(fact)

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
        return self.citation_count
