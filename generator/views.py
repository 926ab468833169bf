"""What each entry of a long list shows, gathered for the partial that renders it.

A page hands its long lists to partials (see pieces.py):

    {{ pieces("partials/event.html", views.events(events)) }}

Each View here is an item and `depends`: everything else its entry shows, as
plain values and whole items, looked up in the catalog. A `shape_*` function
makes the partial's variables from the item and `depends` alone. So whatever a
partial shows comes from its view, and an entry whose item and view are the
same as in the last build can keep its HTML.

Every list's views (the timeline's events, the actors, the sources page's
passages, the events each offer lists) are gathered only for the entries that
cannot be kept as they are (LazyViews): an entry is kept without its view while
its key and the list's context digest are as they were, so everything its view
looks up must be in one or the other.

When an entry starts to show something new, it must come into its view here, and
into its key or its list's context digest, and the test of kept pieces must edit
it (tests/test_pieces.py).
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Callable, Iterable
from functools import cached_property, partial
from itertools import chain
from operator import itemgetter
from typing import Any, NamedTuple

from generator.catalog import Catalog, Excerpt, Fact, fragment_link
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
        self.actor_keys: dict[int, str | None] = {}  # actor_key's, by the actor's id()

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
        events = tuple(events)
        keys = self.catalog.story.keys_of(events)
        return LazyViews(events, self.event_view, self.events_context, keys)

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

    def offer_events(self, events: Iterable[Event]) -> LazyViews:
        """Each event's entry in an offer's list on the offers page
        (partials/offer_event.html): it shows the event alone."""
        events = tuple(events)
        keys = self.catalog.story.keys_of(events)
        return LazyViews(events, self.offer_event_view, EVENT_ALONE, keys)

    @staticmethod
    def offer_event_view(event: Event) -> View:
        """One event's view (see offer_events)."""
        return View(event, (), shape_offer_event)

    def actors(self, actors: Iterable[Actor]) -> LazyViews:
        """Each actor's entry on the actors page (partials/actor.html): what it depends
        on besides the actor: the names of the actors it names, the publishers its
        corrections name, where its roles' quotes are listed, and the offers and
        events it is part of, as far as the entry shows them.

        Gathered only for the actors whose entries are not kept as they are: an
        entry's key names the actor and its events (actor_key), and all else that
        it looks up is in `actors_context`."""
        actors = tuple(actors)
        keys = [self.actor_key(actor) for actor in actors]
        return LazyViews(actors, self.actor_view, self.actors_context, keys)

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
        events' (the entry lists them); None when one of them was not read on its own.
        Worked out once per actor: the list's keys and the actor's view both ask."""
        if id(actor) in self.actor_keys:
            return self.actor_keys[id(actor)]
        keys = self.catalog.story.item_keys
        try:
            own = keys[id(actor)]
            events = "".join([keys[id(event)] for event in self.catalog.events_of(actor)])
            key: str | None = f"{own}:{hashlib.sha256(events.encode()).hexdigest()}"
        except KeyError:
            key = None
        self.actor_keys[id(actor)] = key
        return key

    @cached_property
    def actors_context(self) -> str:
        """A digest of everything an actor's view looks up besides the actor and its
        events: what an event's does (events_context), and who sells, buys and makes
        each offer (catalog.offers_of)."""
        parts = tuple((o.id, o.seller, o.buyer, o.maker) for o in self.catalog.story.offers)
        return hashlib.sha256((self.events_context + repr(parts)).encode(*UTF8)).hexdigest()

    def passages(self, source: Source) -> LazyViews:
        """Each passage's entry on the sources page (partials/excerpt.html), by its index
        in the source. A passage is not an item of the content: all it shows is in its
        view (Catalog.excerpt), made from the items that cite it.

        Gathered only for the passages whose entries are not kept as they are: an
        entry's key names the passage and the items citing it (passage_keys), and
        all else that it looks up is in `passages_context`."""
        keys = self.passage_keys[source.id]
        return LazyViews(
            range(len(keys)), partial(self.passage_view, source), self.passages_context, keys
        )

    def passage_view(self, source: Source, index: int) -> View:
        """The view of a source's passage at `index` (see passages)."""
        excerpt = self.catalog.excerpt(source, index + 1)
        return View(
            None,
            (
                excerpt.anchor,
                excerpt.text,
                excerpt.source,
                tuple(excerpt.attributions),
                # Plain tuples, made Facts for the partial (shape_excerpt): kept pieces
                # load them in C, where a Fact is made by a Python call.
                tuple(map(tuple, excerpt.used_by)),
            ),
            shape_excerpt,
            self.passage_keys[source.id][index],
        )

    @cached_property
    def passage_keys(self) -> dict[str, list[str | None]]:
        """The keys of the passages' entries, by source id and passage index: a passage's
        anchor, and the cache keys of the items citing it (an offer, which is not read
        on its own, by its id: all the offers' citations are in passages_context); None
        when an item has no key."""
        catalog = self.catalog
        item_key = {
            **catalog.story.item_keys,
            **{id(offer): f"offer {offer.id}" for offer in catalog.story.offers},
        }.get
        found: dict[str, list[str | None]] = {}
        for source in catalog.story.sources:
            prefix = catalog.anchor_prefixes[source.id]
            keys: list[str | None] = []
            for number, citing in enumerate(catalog.citers[source.id], start=1):
                citing_keys = list(map(item_key, map(id, citing)))
                if None in citing_keys:
                    keys.append(None)
                    continue
                joined = " ".join(citing_keys)  # type: ignore[arg-type]
                if len(joined) > LONG_KEY:  # many items cite it: its key need not grow
                    joined = hashlib.sha256(joined.encode()).hexdigest()
                keys.append(f"{prefix}{number} {joined}")
            found[source.id] = keys
        return found

    @cached_property
    def passages_context(self) -> str:
        """A digest of everything a passage's view looks up besides the items citing it:
        the sources (each whole, and where each quote stands: events_context), their
        texts, and what the offers' citations quote and the facts they support (an
        offer's facts are named after its seller and the comparison's dimensions)."""
        story, catalog = self.catalog.story, self.catalog
        digest = hashlib.sha256(self.events_context.encode())
        for source in story.sources:
            text = story.source_texts.get(source.id, "").encode(*UTF8)
            digest.update(len(text).to_bytes(8, "little") + text)
        offers = tuple(
            (offer.id, tuple((c.source, c.quote, c.attributed_to, fact) for c, fact in pairs))
            for offer in story.offers
            for pairs in (catalog.facts_citing(offer),)
        )
        digest.update(repr(offers).encode(*UTF8))
        return digest.hexdigest()


# The context of entries that look nothing up (a digest of nothing): kept while their
# items' keys are the same.
EVENT_ALONE = hashlib.sha256(b"").hexdigest()
LONG_KEY = 200  # characters of citing items' keys in a passage's key: more are digested


def shape_event(event: Event, depends: tuple[Any, ...]) -> dict[str, Any]:
    """What partials/event.html is rendered with, made from the event and its view."""
    names, labels, cited, publishers = depends
    return {
        "event": event,
        "actors": followed_by(
            [Named(a, name) for a, name in zip(event.actors, names, strict=True)], ", "
        ),
        "offers": followed_by(
            [Named(o, label) for o, label in zip(event.offers, labels, strict=True)], ", "
        ),
        "citations": [
            Quoted(c, anchor, source)
            for c, (anchor, source) in zip(event.citations, cited, strict=True)
        ],
        "corrections": [
            Corrected(c, publisher)
            for c, publisher in zip(event.corrections, publishers, strict=True)
        ],
    }


def shape_offer_event(event: Event, _depends: tuple[Any, ...]) -> dict[str, Any]:
    """What partials/offer_event.html is rendered with: the event."""
    return {"event": event}


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
    facts = [Fact(*fact) for fact in used_by]
    excerpt = Excerpt(source, -1, -1, text, anchor, list(attributions), facts)
    return {
        "excerpt": excerpt,
        "source": source,
        "original": fragment_link(excerpt),
        "attributed": ", ".join(attributions),
        "uses": followed_by(facts, "; "),
    }


def followed_by(items: list[Any], separator: str) -> list[tuple[Any, str]]:
    """Each item with what follows it in a list written out: the separator, or
    nothing after the last."""
    return [(item, separator) for item in items[:-1]] + [(item, "") for item in items[-1:]]
