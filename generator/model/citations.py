"""Citations, and what a fact stated in a field rests on: the pieces every part of the
model uses to say where a statement comes from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from generator.errors import Location
from generator.model.fields import Ident, Markdown, doc, here, optional


@dataclass(frozen=True)
class Citation:
    """A verbatim quote from a source document, and whose words they are.

    Three voices are kept apart: the speaker (a person or body the source quotes or
    paraphrases), the outlets that relayed the words to the source ("Reuters
    reported"), and the publication itself, which is the source's publisher. A
    citation that names neither speaker nor relay is in the publication's own voice.
    """

    source: Ident = doc("id of the source quoted", ref="sources")
    quote: str = doc("the passage, word for word as in the source (checked at build time)")
    speaker: Ident | None = optional(
        "id of the actor whose words or claim these are; leave out for the publication's own words",
        ref="actors",
    )
    speaker_name: str | None = optional(
        "who said it, when they are not one of the actors: 'US officials'"
    )
    relayed_by: tuple[str, ...] = optional(
        "the outlets the publication got the words from, as it names them: 'Reuters', "
        "'news agencies'",
        (),
    )
    where: Location = here()


@dataclass(frozen=True)
class Basis:
    """What a fact stated in a field rests on: quotes, or the newsroom's own reading."""

    citations: tuple[Citation, ...] = optional("the quotes that support it", ())
    editorial: Markdown | None = optional(
        "the newsroom's own judgment, shown as such: 'Our reading: ...' (Markdown)"
    )
    where: Location = here()


@dataclass(frozen=True)
class Point:
    """One point of the explainer's "what to know" list: a line of text alone, or a
    mapping with its text and what it rests on."""

    SHORT_FORM: ClassVar[str] = "text"

    text: Markdown = doc("the point, in the explainer's words (inline Markdown)")
    citations: tuple[Citation, ...] = optional("the quotes that support it", ())
    editorial: Markdown | None = optional(
        "the newsroom's own judgment, shown as such, when no quote supports the point"
    )
    where: Location = here()


@dataclass(frozen=True)
class SourceNote:
    """Where a source is wrong or unclear, and what is known instead: a note on the
    source, not a correction of the site's own."""

    note: Markdown = doc("what the source gets wrong, and what is right (Markdown)")
    evidence: Markdown = doc("how that is known, with a link to the evidence (Markdown)")
    as_written: str | None = optional(
        "the source's words in error, e.g. 'Hilmi Isik': the note is shown beside every "
        "quote that contains them"
    )
    where: Location = here()
