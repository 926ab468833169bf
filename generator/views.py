"""What each entry of a long list shows, gathered for the partial that renders it.

A page hands its long lists to partials (see pieces.py):

    {{ pieces("partials/event.html", views.events(events)) }}

Each View here is an item and `depends`: everything else its entry shows, as
plain values and whole items, looked up in the catalog. A `shape_*` function
makes the partial's variables from the item and `depends` alone. So whatever a
partial shows comes from its view, and an entry whose item and view are the
same as in the last build can keep its HTML.

The timeline's and the actors page's views are gathered only for the entries
that cannot be kept as they are (LazyViews): an entry is kept without its view
while its key and the list's context digest are as they were, so everything its
view looks up must be in one or the other.

When an entry starts to show something new, it must come into its view here, and
into its key or its list's context digest, and the test of kept pieces must edit
it (tests/test_pieces.py).
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Callable, Iterable
from functools import cached_property
from itertools import chain
from operator import itemgetter
from typing import Any, NamedTuple

from generator.catalog import Catalog, Excerpt, fragment_link
from generator.dates import PartialDate
from generator.model import Actor, Citation, Correction, Event, Source
from generator.pieces import LazyViews, View

UTF8 = ("utf-8", "surrogatepass")


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


class Views:
    """The views of a story's list entries, from its catalog (`views` in templates)."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    @cached_property
    def names_by_id(self) -> tuple[Callable[[Any], str], ...]:
        """Lookups by id: an actor's name, an offer's label, a source's publisher."""
        catalog, story = self.catalog, self.catalog.story
        return (
            {a.id: a.name for a in story.actors}.__getitem__,
            {o.id: catalog.offer_label(o) for o in story.offers}.__getitem__,
            {s.id: s.publisher for s in story.sources}.__getitem__,
        )

    def quoted(self, citations: Iterable[Citation]) -> list[Quoted]:
        """Citations with where their passages are listed and their sources (for
        partials/citations.html)."""
        listed = self.catalog.listed
        return [Quoted(c, *listed(c)) for c in citations]

    def events(self, events: Iterable[Event]) -> LazyViews:
        """Each event's entry on the timeline (partials/event.html): what it depends on
        besides the event: the names of its actors and offers, where its quotes are
        listed and their sources, and the publishers its corrections name.

        Gathered only for the events whose entries are not kept as they are: all of
        what they look up is in `events_context`."""
        key_of = self.catalog.story.item_keys.get
        return LazyViews(
            tuple(events), self.event_view, self.events_context, lambda event: key_of(id(event))
        )

    def event_view(self, event: Event) -> View:
        """One event's view (see events)."""
        name, label, publisher = self.names_by_id
        listed = self.catalog.listed
        return View(
            event,
            (
                tuple(map(name, event.actors)),
                tuple(map(label, event.offers)),
                tuple(map(listed, event.citations)),
                tuple(publisher(c.source) for c in event.corrections),
            ),
            shape_event,
        )

    @cached_property
    def events_context(self) -> str:
        """A digest of everything an event's view looks up besides the event: the
        actors' names, the offers' labels, the sources (their publishers, and each
        one whole, as a citation's view shows it) and where each quote stands in its
        source, which gives the anchor of the passage its citations link to
        (Catalog.listed)."""
        story = self.catalog.story
        names = tuple((a.id, a.name) for a in story.actors)
        labels = tuple((o.id, self.catalog.offer_label(o)) for o in story.offers)
        # Their repr, not their pickle: equal values give the same repr, where a pickle
        # also shows which of their strings are one object.
        digest = hashlib.sha256(repr((names, labels, story.sources)).encode(*UTF8))
        # The quotes are many: joined, with their lengths (which keeps the joins from
        # meaning two things), and their places as numbers; all done in C.
        quoted = story.quote_spans
        for strings in (list(map(itemgetter(0), quoted)), list(map(itemgetter(1), quoted))):
            digest.update(array("q", map(len, strings)).tobytes())
            digest.update("".join(strings).encode(*UTF8))
        digest.update(array("q", chain.from_iterable(quoted.values())).tobytes())
        return digest.hexdigest()

    def actors(self, actors: Iterable[Actor]) -> LazyViews:
        """Each actor's entry on the actors page (partials/actor.html): what it depends
        on besides the actor: the names of the actors it names, the publishers its
        corrections name, where its roles' quotes are listed, and the offers and
        events it is part of, as far as the entry shows them.

        Gathered only for the actors whose entries are not kept as they are: an
        entry's key names the actor and its events (actor_key), and all else that
        it looks up is in `actors_context`."""
        return LazyViews(tuple(actors), self.actor_view, self.actors_context, self.actor_key)

    def actor_view(self, actor: Actor) -> View:
        """One actor's view (see actors)."""
        name, label, publisher = self.names_by_id
        listed = self.catalog.listed
        return View(
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
                tuple((o.id, label(o.id), part) for o, part in self.catalog.offers_of(actor)),
                # Plain tuples, made Mentions for the partial (shape_actor): kept
                # pieces load and compare them in C, where a PartialDate is Python's.
                tuple(
                    (
                        e.id,
                        e.date.year,
                        e.date.month,
                        e.date.day,
                        e.approximate,
                        e.by_date,
                        e.title,
                        e.status,
                    )
                    for e in self.catalog.events_of(actor)
                ),
            ),
            shape_actor,
            self.actor_key(actor),
        )

    def actor_key(self, actor: Actor) -> str | None:
        """The key of an actor's entry: the actor's cache key, and a digest of its
        events' (the entry lists them); None when one of them was not read on its own."""
        keys = self.catalog.story.item_keys
        try:
            own = keys[id(actor)]
            events = "".join([keys[id(event)] for event in self.catalog.events_of(actor)])
        except KeyError:
            return None
        return f"{own}:{hashlib.sha256(events.encode()).hexdigest()}"

    @cached_property
    def actors_context(self) -> str:
        """A digest of everything an actor's view looks up besides the actor and its
        events: what an event's does (events_context), and who sells, buys and makes
        each offer (catalog.offers_of)."""
        parts = tuple((o.id, o.seller, o.buyer, o.maker) for o in self.catalog.story.offers)
        return hashlib.sha256((self.events_context + repr(parts)).encode(*UTF8)).hexdigest()

    def excerpts(self, excerpts: Iterable[Excerpt]) -> list[View]:
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
        "events": [
            Mention(event_id, PartialDate(year, month, day), *rest)
            for event_id, year, month, day, *rest in events
        ],
    }


def shape_excerpt(_item: None, depends: tuple[Any, ...]) -> dict[str, Any]:
    """What partials/excerpt.html is rendered with, made from its view."""
    anchor, text, source, attributions, used_by = depends
    # Where the passage stands in its source is not shown: it is not part of the view.
    excerpt = Excerpt(source, -1, -1, text, anchor, list(attributions), list(used_by))
    return {"excerpt": excerpt, "source": source, "original": fragment_link(excerpt)}
