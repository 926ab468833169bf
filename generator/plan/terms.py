"""The story's kinds and statuses as the pages look them up (`terms` in templates):
each status by id, the statuses a page's key lists, each kind's structured-data type.

Made from the vocabulary alone: the partials see it (render/entries.py), and what
they render is kept under a digest of what they can see.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.model.offers import Offer
from generator.model.story import Event
from generator.model.vocabulary import Status, StructuredType, Vocabulary


class Terms:
    """Lookups over a story's vocabulary (vocabulary.yaml)."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.event_statuses = {s.id: s for s in vocabulary.event_statuses}
        self.offer_statuses = {s.id: s for s in vocabulary.offer_statuses}
        self.structured_types: dict[str, StructuredType] = {
            k.id: k.structured_type for k in vocabulary.actor_kinds
        }

    def event_status(self, status_id: str) -> Status:
        """An event status by id."""
        return self.event_statuses[status_id]

    def offer_status(self, status_id: str) -> Status:
        """An offer status by id."""
        return self.offer_statuses[status_id]

    def settled(self, event_status: str) -> bool:
        """Whether an event of this status stands as it is (it happened, and perhaps
        ended the matter), rather than being shown as of the date of its latest source."""
        return self.event_statuses[event_status].counts_as in ("settled", "ended")

    def event_key(self, events: Iterable[Event]) -> list[Status]:
        """The statuses some events have, in the order declared: the timeline's key."""
        return in_use(self.vocabulary.event_statuses, {event.status for event in events})

    def offer_key(self, offers: Iterable[Offer]) -> list[Status]:
        """The statuses some offers have, in the order declared: the comparison's key."""
        return in_use(self.vocabulary.offer_statuses, {offer.status for offer in offers})


def in_use(declared: Iterable[Status], used: set[str]) -> list[Status]:
    """The declared statuses that are used, in the order declared."""
    return [status for status in declared if status.id in used]
