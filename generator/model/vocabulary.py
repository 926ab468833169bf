"""A story's own words (vocabulary.yaml): the kinds of its actors, the statuses of its
events and of the comparison's columns, what the comparison calls a column, and the
wording of every page.

Nothing here is the Turkey story's, or any story's: each story declares its own,
and `explainer new` writes a default set to start from. A kind or status a story
uses must be one it declared (checked like an id: `ref="actor_kinds"`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from generator.errors import Location
from generator.model.fields import Ident, doc, here, optional

# How a status reads at a glance: it happened (settled), it happened and put an end
# to it (ended: called off, dropped, refused), it is still to come or only planned
# (pending), or it rests on someone's word (reported). The pages style each status by
# what it counts as, so a story's own statuses need no stylesheet.
CountsAs = Literal["settled", "ended", "pending", "reported"]

# The structured-data (schema.org) types an actor may be described as.
StructuredType = Literal[
    "Person", "Country", "Organization", "GovernmentOrganization", "Corporation", "SportsTeam"
]

# The placeholders a word may hold, filled with the comparison's nouns.
NOUN_PLACEHOLDERS = ("{column}", "{columns}", "{Column}", "{Columns}")


@dataclass(frozen=True)
class ActorKind:
    """A kind of actor the story has, e.g. a state, a ministry, a club."""

    id: Ident = doc("the kind as actors' `kind:` names it, e.g. 'state' or 'ministry'")
    heading: str = doc("the heading over actors of this kind on the actors page, e.g. 'States'")
    structured_type: StructuredType = optional(
        "what search engines are told such an actor is (a schema.org type)", "Organization"
    )
    where: Location = here()


@dataclass(frozen=True)
class Status:
    """A status an event or a column of the comparison may have."""

    id: str = doc("the status as `status:` names it, e.g. 'expected' or 'contracted'")
    label: str = doc("how pages show it, e.g. 'Expected'")
    legend: str = doc("what it means, in a sentence, shown in the page's key")
    counts_as: CountsAs = doc(
        "'settled' (it happened, it stands), 'ended' (it happened and ended the matter: "
        "called off, dropped, refused), 'pending' (still to come, only planned or talked "
        "of) or 'reported' (it rests on someone's word): how pages mark it"
    )
    where: Location = here()


@dataclass(frozen=True)
class Vocabulary:
    """The words a story is told in."""

    actor_kinds: tuple[ActorKind, ...] = doc(
        "the kinds of actor, in the order the actors page groups them", min_items=1
    )
    event_statuses: tuple[Status, ...] = doc(
        "what an event may be: happened, expected, ...; in the order of the key", min_items=1
    )
    offer_statuses: tuple[Status, ...] = doc(
        "where a column of the comparison may stand: signed, rejected, ...", min_items=1
    )
    column: str = doc("what the comparison calls one of its columns: 'offer', 'bid', 'option'")
    columns: str = doc("the same, more than one: 'offers', 'bids', 'options'")
    words: dict[str, str] = optional(
        "the wording of the pages, by name; a name left out keeps the default wording "
        "that `explainer new` writes. {column}, {columns}, {Column} and {Columns} stand "
        "for the comparison's nouns",
        {},
        names="words",
    )
    where: Location = here()

    def noun_forms(self) -> dict[str, str]:
        """Each placeholder a word may hold, and the noun it stands for."""
        column, columns = self.column, self.columns
        return {
            "{column}": column,
            "{columns}": columns,
            "{Column}": column[:1].upper() + column[1:],
            "{Columns}": columns[:1].upper() + columns[1:],
        }
