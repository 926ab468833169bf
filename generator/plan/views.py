"""What each entry of a long list shows, gathered for the partial that renders it.

A page hands its long lists to partials (render/entries.py):

    {{ entries("partials/event.html", views.events(events)) }}

Each View here is an item, `depends`: everything else its entry shows (the names
of the actors it links to, the anchors of its quotes...) as plain values and
whole items, looked up in the catalog, and `shape`: the function that makes the
partial's variables from those two alone. A partial sees nothing else, so its
HTML is a function of the view, and is kept under a digest of it (plain values
digest far faster than the objects shape makes of them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cached_property
from typing import Any, NamedTuple

from generator.model.citations import Citation
from generator.model.dates import PartialDate
from generator.model.story import Actor, Event, Source
from generator.plan.catalog import Catalog
from generator.plan.excerpts import Excerpt, Fact, fragment_link


class Named(NamedTuple):
    """A link to an actor or an offer: its id and the words the link shows."""

    id: str
    name: str


class Quoted(NamedTuple):
    """A citation, the anchor of its passage on the sources page, its source, whose
    words it gives (credits.voice: '' for the publication's own) and the source's
    notes on words it quotes (Catalog.listed)."""

    citation: Citation
    anchor: str
    source: Source
    voice: str
    notes: tuple[str, ...]


class Credit(NamedTuple):
    """The quotes of one fact from one source, credited once: the source, whose
    words they give (each voice once, '' for the publication's own words among
    others'; none when all are its own) and the quotes, in the order the fact cites
    them."""

    source: Source
    voices: tuple[str, ...]
    quotes: list[Quoted]


def credited(quotes: Iterable[Quoted]) -> list[Credit]:
    """A fact's quotes grouped by source, in the order each source is first cited,
    so that a page names each source once per fact (partials/citations.html)."""
    grouped: dict[str, list[Quoted]] = {}
    for quote in quotes:
        grouped.setdefault(quote.citation.source, []).append(quote)
    return [Credit(group[0].source, voices_of(group), group) for group in grouped.values()]


def voices_of(quotes: list[Quoted]) -> tuple[str, ...]:
    """('Fikri Işık', '') for a speaker's words and the publication's own, () for the
    publication's own alone. The template names the publication's own words with a
    word of their own (its_own_reporting): the credit names the publication next."""
    voices = dict.fromkeys(quote.voice for quote in quotes)
    if not any(voices):
        return ()
    # The publication's own words last: the credit then reads on into its name.
    return tuple(sorted(voices, key=lambda voice: not voice))


class Mention(NamedTuple):
    """An event as another page lists it: a dated link."""

    id: str
    date: PartialDate
    qualifier: str  # Event.date_qualifier
    title: str
    status: str


class View(NamedTuple):
    """One entry of a long list: what its partial is rendered with is shape(item, depends)."""

    shape: Callable[[Any, tuple[Any, ...]], dict[str, Any]]
    item: Any
    depends: tuple[Any, ...]

    def variables(self) -> dict[str, Any]:
        """What the partial is rendered with."""
        return self.shape(self.item, self.depends)


class Views:
    """The views of a story's list entries, from its catalog (`views` in templates)."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    @cached_property
    def names_by_id(self) -> tuple[Callable[[Any], str], ...]:
        """Lookups by id: an actor's name, an offer's label."""
        catalog, story = self.catalog, self.catalog.story
        return (
            {a.id: a.name for a in story.actors}.__getitem__,
            {o.id: catalog.offer_label(o) for o in story.offers}.__getitem__,
        )

    def quoted(self, citations: Iterable[Citation]) -> list[Credit]:
        """A fact's citations with where their passages are listed, grouped by source
        (for partials/citations.html)."""
        listed = self.catalog.listed
        return credited(Quoted(c, *listed(c)) for c in citations)

    def events(self, events: Iterable[Event]) -> list[View]:
        """Each event's entry on the timeline (partials/event.html): the event, the names
        of its actors and offers, and where its quotes are listed, their sources and
        whose words they give."""
        name, label = self.names_by_id
        catalog = self.catalog
        listed = catalog.listed
        return [
            View(
                shape_event,
                event,
                (
                    tuple(map(name, event.actors)),
                    tuple(map(label, event.offers)),
                    tuple(map(listed, event.citations)),
                    None if catalog.terms.settled(event.status) else catalog.as_of(event.citations),
                    tuple(catalog.disputes.of("events", event.id)),
                ),
            )
            for event in events
        ]

    def offer_events(self, events: Iterable[Event]) -> list[View]:
        """Each event's entry in an offer's list on the offers page
        (partials/offer_event.html): it shows the event alone."""
        return [View(shape_offer_event, event, ()) for event in events]

    def actors(self, actors: Iterable[Actor]) -> list[View]:
        """Each actor's entry on the actors page (partials/actor.html): the actor, the
        names of the actors it names, where its roles' quotes are listed, and the
        offers and events it is part of."""
        return [View(shape_actor, actor, self.actor_depends(actor)) for actor in actors]

    def actor_depends(self, actor: Actor) -> tuple[Any, ...]:
        """What an actor's entry shows besides the actor."""
        name, label = self.names_by_id
        listed = self.catalog.listed
        return (
            name(actor.part_of) if actor.part_of else None,
            tuple(
                (
                    name(role.organisation) if role.organisation else None,
                    tuple(map(listed, role.citations)),
                )
                for role in actor.roles
            ),
            tuple((o.id, label(o.id), part) for o, part in self.catalog.offers_of(actor)),
            tuple(
                (e.id, e.date.year, e.date.month, e.date.day)
                + (e.date_qualifier, e.title, e.status)
                for e in self.catalog.events_of(actor)
            ),
        )

    def passages(self, source: Source, numbers: Iterable[int] | None = None) -> list[View]:
        """Each passage's entry on the sources page (partials/excerpt.html): all of the
        source's, or those `numbers` (from 1: a part of a split page). A passage is
        not an item of the content: all it shows is made from the items citing it
        (Catalog.excerpt)."""
        if numbers is None:
            numbers = range(1, self.catalog.passage_count(source) + 1)
        return [
            View(shape_excerpt, None, self.excerpt_depends(self.catalog.excerpt(source, number)))
            for number in numbers
        ]

    def excerpt_depends(self, excerpt: Excerpt) -> tuple[Any, ...]:
        """What a passage's entry shows, as plain values: the source's notes on words
        the passage holds (as a fact citing it shows them) among them; where the
        passage stands in its source is not shown, so it is left out."""
        return (
            excerpt.anchor,
            excerpt.text,
            excerpt.source,
            tuple(excerpt.attributions),
            tuple(map(tuple, excerpt.used_by)),
            self.catalog.notes_on(excerpt.source.id, excerpt.text),
        )


def shape_event(event: Event, depends: tuple[Any, ...]) -> dict[str, Any]:
    """What partials/event.html is rendered with, made from the event and its view."""
    names, labels, cited, as_of, disputes = depends
    return {
        "event": event,
        "actors": followed_by(
            [Named(a, name) for a, name in zip(event.actors, names, strict=True)], ", "
        ),
        "offers": followed_by(
            [Named(o, label) for o, label in zip(event.offers, labels, strict=True)], ", "
        ),
        "citations": credited(Quoted(c, *at) for c, at in zip(event.citations, cited, strict=True)),
        "as_of": as_of,
        "disputes": disputes,
    }


def shape_actor(actor: Actor, depends: tuple[Any, ...]) -> dict[str, Any]:
    """What partials/actor.html is rendered with, made from the actor and its view."""
    part_of_name, roles, offers, events = depends
    return {
        "actor": actor,
        "part_of": Named(actor.part_of, part_of_name) if actor.part_of else None,
        "roles": [
            (
                role,
                Named(role.organisation, organisation) if role.organisation else None,
                credited(Quoted(c, *at) for c, at in zip(role.citations, listed, strict=True)),
            )
            for role, (organisation, listed) in zip(actor.roles, roles, strict=True)
        ],
        "offers": [(Named(offer_id, label), part) for offer_id, label, part in offers],
        "events": [
            Mention(event_id, PartialDate(year, month, day), *rest)
            for event_id, year, month, day, *rest in events
        ],
    }


def shape_offer_event(event: Event, _depends: tuple[Any, ...]) -> dict[str, Any]:
    """What partials/offer_event.html is rendered with: the event."""
    return {"event": event}


def shape_excerpt(_item: None, depends: tuple[Any, ...]) -> dict[str, Any]:
    """What partials/excerpt.html is rendered with, made from its view."""
    anchor, text, source, attributions, used_by, notes = depends
    facts = [Fact(*fact) for fact in used_by]
    excerpt = Excerpt(source, -1, -1, text, anchor, list(attributions), facts)
    return {
        "excerpt": excerpt,
        "source": source,
        "original": fragment_link(excerpt),
        "attributed": "; ".join(attributions),
        "uses": followed_by(facts, "; "),
        "notes": notes,
    }


def followed_by(items: list[Any], separator: str) -> list[tuple[Any, str]]:
    """Each item with what follows it in a list written out: the separator, or
    nothing after the last."""
    return [(item, separator) for item in items[:-1]] + [(item, "") for item in items[-1:]]
