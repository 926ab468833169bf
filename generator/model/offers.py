"""The offer comparison: its rows (dimensions), its columns (offers) and their
cells of cited claims, and the disputes that set claims or events against each other
(offers.yaml)."""

from __future__ import annotations

from dataclasses import dataclass

from generator.errors import Location
from generator.model.citations import Basis, Citation
from generator.model.fields import CITED, OWN, Ident, Markdown, doc, here, optional


@dataclass(frozen=True)
class Claim:
    """One statement of fact, backed by one or more citations."""

    statement: Markdown = doc("the claim, in the explainer's words (inline Markdown)")
    citations: tuple[Citation, ...] = doc("the quotes that support it", min_items=1)
    id: Ident | None = optional("an id, for naming the claim in a dispute")
    where: Location = here()


@dataclass(frozen=True)
class Dimension:
    """A row of the offer comparison, e.g. price or delivery."""

    id: Ident = doc("unique id, used as the key of offers' terms")
    label: str = doc("the row heading, e.g. 'Price'")
    question: str = optional("what the row answers, e.g. 'What would it cost?'", "")
    where: Location = here()


@dataclass(frozen=True)
class Cell:
    """What the sources say about one offer on one dimension."""

    claims: tuple[Claim, ...] = doc("each claim with its citations", min_items=1)
    answer: str = optional(
        "the claims in a few words, for the scorecard that opens the page (e.g. "
        "'$3.4bn'); without one it says the question is answered in the table",
        "",
    )
    where: Location = here()


@dataclass(frozen=True)
class Offer:
    """A system offered to, or sought by, the buyer."""

    id: Ident = doc("unique id, used in links")
    system: str = doc("the system offered, as the sources name it")
    seller: Ident = doc(
        "id of the actor selling (backed by the offer's citations)", ref="actors", fact=CITED
    )
    buyer: Ident = doc(
        "id of the actor buying (backed by the offer's citations)", ref="actors", fact=CITED
    )
    status: str = doc(
        "where the offer stands as of its latest source (give its basis): one of the "
        "offer statuses of vocabulary.yaml",
        ref="offer_statuses",
        fact=OWN,
    )
    summary: Markdown = doc("the offer in a sentence (Markdown)")
    citations: tuple[Citation, ...] = doc("the quotes that establish the offer", min_items=1)
    maker: Ident | None = optional(
        "id of the company that makes the system (give its basis)", ref="actors", fact=OWN
    )
    basis: dict[str, Basis] = optional(
        "what the status and maker rest on, by field name: citations or an editorial note",
        {},
    )
    terms: dict[Ident, Cell] = optional(
        "what the sources say, by dimension id; leave a dimension out when they say nothing",
        {},
        key_ref="dimensions",
    )
    where: Location = here()


@dataclass(frozen=True)
class Side:
    """One side of a dispute: who holds it, and the claims and events that state it."""

    who: str = doc("who holds this side, e.g. 'Bloomberg' or 'US officials'")
    claims: tuple[Ident, ...] = optional(
        "ids of the comparison's claims on this side", (), ref="claims"
    )
    events: tuple[Ident, ...] = optional("ids of the events that give this side", (), ref="events")
    where: Location = here()


@dataclass(frozen=True)
class Dispute:
    """A contradiction between sources or speakers, set out once: each side shows it
    is disputed and links to the others."""

    id: Ident = doc("unique id, used in links")
    about: Markdown = doc("what is disputed, in a sentence (inline Markdown)")
    sides: tuple[Side, ...] = doc("the sides, each with its claims or events", min_items=2)
    where: Location = here()


@dataclass(frozen=True)
class Offers:
    """The offers file: the comparison's rows and the offers compared."""

    dimensions: tuple[Dimension, ...] = doc("the rows of the comparison, in order", min_items=1)
    offers: tuple[Offer, ...] = doc("the columns of the comparison, in order", min_items=1)
    disputes: tuple[Dispute, ...] = optional(
        "where the sources or speakers contradict each other, each listed once", ()
    )
    where: Location = here()
