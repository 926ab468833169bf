"""Lookups the templates need, derived once from a validated story.

The model says what each thing is; the catalog answers the questions a page
asks across things: which events an actor took part in, which facts use an
excerpt, where a citation's excerpt is listed.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from generator.dates import PartialDate
from generator.links import slug
from generator.model import Actor, Citation, Correction, Dimension, Event, Offer, Source, Story
from generator.pieces import View

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


class Named(NamedTuple):
    """A link to an actor or an offer: its id and the words the link shows."""

    id: str
    name: str


class Quoted(NamedTuple):
    """A citation, the anchor of its passage on the sources page, and its source."""

    citation: Citation
    anchor: str
    source: Source


class Mention(NamedTuple):
    """An event as another page lists it: a dated link."""

    id: str
    date: PartialDate
    approximate: bool
    by_date: bool
    title: str
    status: str


class Corrected(NamedTuple):
    """A correction and the publisher of the source it corrects."""

    correction: Correction
    publisher: str


FRAGMENT_WORDS = 5


_NOT_UNRESERVED = re.compile(r"[^A-Za-z0-9_.~]+")


def encode_fragment_text(text: str) -> str:
    """Percent-encode text for a text fragment, where '-', ',' and '&' are syntax.

    Every character but letters, digits and `_.~` is encoded as UTF-8 bytes (what
    urllib's quote with no safe characters does, plus '-'), a run at a time.
    """
    return _NOT_UNRESERVED.sub(
        lambda run: "".join(f"%{byte:02X}" for byte in run[0].encode("utf-8")), text
    )


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching spans joined, in order."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def shape_event(event: Event, depends: tuple[Any, ...]) -> dict[str, Any]:
    """What partials/event.html is rendered with, made from the event and its view."""
    names, labels, cited, publishers = depends
    return {
        "event": event,
        "actors": [Named(a, name) for a, name in zip(event.actors, names, strict=True)],
        "offers": [Named(o, label) for o, label in zip(event.offers, labels, strict=True)],
        "citations": [
            Quoted(c, anchor, source)
            for c, (anchor, source) in zip(event.citations, cited, strict=True)
        ],
        "corrections": [
            Corrected(c, publisher)
            for c, publisher in zip(event.corrections, publishers, strict=True)
        ],
    }


def shape_actor(actor: Actor, depends: tuple[Any, ...]) -> dict[str, Any]:
    """What partials/actor.html is rendered with, made from the actor and its view."""
    part_of_name, publishers, roles, offers, events = depends
    return {
        "actor": actor,
        "part_of": Named(actor.part_of, part_of_name) if actor.part_of else None,
        "corrections": [
            Corrected(c, publisher)
            for c, publisher in zip(actor.corrections, publishers, strict=True)
        ],
        "roles": [
            (
                role,
                Named(role.organisation, organisation) if role.organisation else None,
                [Quoted(c, *at) for c, at in zip(role.citations, listed, strict=True)],
            )
            for role, (organisation, listed) in zip(actor.roles, roles, strict=True)
        ],
        "offers": [(Named(offer_id, label), part) for offer_id, label, part in offers],
        "events": events,
    }


def shape_excerpt(_item: None, depends: tuple[Any, ...]) -> dict[str, Any]:
    """What partials/excerpt.html is rendered with, made from its view."""
    anchor, text, source, attributions, used_by = depends
    # Where the passage stands in its source is not shown: it is not part of the view.
    excerpt = Excerpt(source, -1, -1, text, anchor, list(attributions), list(used_by))
    return {"excerpt": excerpt, "source": source, "original": fragment_link(excerpt)}


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
        self.excerpt_by_citation: dict[Citation, Excerpt] = {}
        # Where each citation's passage is listed on the sources page, and its source.
        self.listed_at: dict[Citation, tuple[str, Source]] = {}
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
        """Group every citation into the source passage it quotes."""
        cited = [(citation, fact, self.span_of(citation)) for citation, fact in self.cited_facts()]
        self.citation_count = len(cited)
        spans_by_source: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for citation, _fact, span in cited:
            spans_by_source[citation.source].append(span)
        for source in self.story.sources:
            text = self.story.source_texts.get(source.id, "")
            spans = merge_spans(spans_by_source[source.id])
            self.passages[source.id] = [
                Excerpt(source, start, end, text[start:end], slug(f"{source.id}-q{number}"))
                for number, (start, end) in enumerate(spans, start=1)
            ]
        starts = {source_id: [x.start for x in found] for source_id, found in self.passages.items()}
        for citation, fact, (start, _end) in cited:
            # The passage that holds a quote is the last one starting at or before it.
            position = bisect.bisect_right(starts[citation.source], start) - 1
            excerpt = self.passages[citation.source][position]
            self.excerpt_by_citation[citation] = excerpt
            self.listed_at[citation] = (excerpt.anchor, excerpt.source)
            if citation.attributed_to not in excerpt.attributions:
                excerpt.attributions.append(citation.attributed_to)
            if fact not in excerpt.used_by:
                excerpt.used_by.append(fact)

    def span_of(self, citation: Citation) -> tuple[int, int]:
        """Where a citation's quote stands in its source text (found when it was checked)."""
        return self.story.quote_spans[(citation.source, citation.quote)]

    def excerpt_of(self, citation: Citation) -> Excerpt:
        """The source passage a citation of the story quotes."""
        return self.excerpt_by_citation[citation]

    def excerpts_of(self, source: Source) -> list[Excerpt]:
        """A source's quoted passages, in the order they appear in it."""
        return self.passages[source.id]

    def excerpt_views(self, excerpts: Iterable[Excerpt]) -> list[View]:
        """Each passage's entry on the sources page (partials/excerpt.html). A passage is
        not an item of the content, so all it shows is in the view."""
        return [
            View(
                None,
                (
                    excerpt.anchor,
                    excerpt.text,
                    excerpt.source,
                    tuple(excerpt.attributions),
                    tuple(excerpt.used_by),
                ),
                shape_excerpt,
                excerpt.anchor,
            )
            for excerpt in excerpts
        ]

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

    @cached_property
    def names_by_id(self) -> tuple[Callable[[Any], str], ...]:
        """Lookups by id: an actor's name, an offer's label, a source's publisher."""
        return (
            {a.id: a.name for a in self.story.actors}.__getitem__,
            {o.id: self.offer_label(o) for o in self.story.offers}.__getitem__,
            {s.id: s.publisher for s in self.story.sources}.__getitem__,
        )

    def quoted(self, citations: Iterable[Citation]) -> list[Quoted]:
        """Citations with where their passages are listed and their sources (for
        macros.citations)."""
        listed = self.listed_at
        return [Quoted(c, *listed[c]) for c in citations]

    def event_views(self, events: Iterable[Event]) -> list[View]:
        """Each event's entry on the timeline (partials/event.html): what it depends on
        besides the event: the names of its actors and offers, where its quotes are
        listed and their sources, and the publishers its corrections name."""
        name, label, publisher = self.names_by_id
        listed = self.listed_at.__getitem__
        return [
            View(
                event,
                (
                    tuple(map(name, event.actors)),
                    tuple(map(label, event.offers)),
                    tuple(map(listed, event.citations)),
                    tuple(publisher(c.source) for c in event.corrections),
                ),
                shape_event,
            )
            for event in events
        ]

    def actor_views(self, actors: Iterable[Actor]) -> list[View]:
        """Each actor's entry on the actors page (partials/actor.html): what it depends
        on besides the actor: the names of the actors it names, the publishers its
        corrections name, where its roles' quotes are listed, and the offers and
        events it is part of, as far as the entry shows them."""
        name, label, publisher = self.names_by_id
        listed = self.listed_at.__getitem__
        return [
            View(
                actor,
                (
                    name(actor.part_of) if actor.part_of else None,
                    tuple(publisher(c.source) for c in actor.corrections),
                    tuple(
                        (
                            name(role.organisation) if role.organisation else None,
                            tuple(map(listed, role.citations)),
                        )
                        for role in actor.roles
                    ),
                    tuple((o.id, label(o.id), part) for o, part in self.offers_of(actor)),
                    tuple(
                        Mention(e.id, e.date, e.approximate, e.by_date, e.title, e.status)
                        for e in self.events_of(actor)
                    ),
                ),
                shape_actor,
            )
            for actor in actors
        ]

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
