"""Who owns each statement: every quote's voice made plain, every stated fact backed.

A citation names its speaker as an actor's id or in words, never both. A field that
states a fact (its `fact` metadata: fields.py) is backed by an entry of its
record's `basis` (quotes, or an editorial note: the newsroom's own reading), or, for
a few fields, by its record's own citations. A "what to know" point carries either.
A basis names only such fields and holds something.

Malformed voices and bases are errors. A fact with nothing behind it is a warning
(an error under `check --strict`): the story can be built while it is written.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from generator.errors import ContentError, ErrorList, did_you_mean
from generator.model.fields import CITED, OWN
from generator.model.sourcing import all_citations, records_with_bases
from generator.model.story import Story

BASIS = "basis"


def fact_fields(record: Any) -> dict[str, str]:
    """A record's fields that state a fact, with what backs each (OWN or CITED)."""
    return {
        f.name: f.metadata["fact"]
        for f in dataclasses.fields(record)
        if f.metadata.get("fact") in (OWN, CITED)
    }


def check_ownership(story: Story) -> list[ContentError]:
    """Errors: a citation with two speakers, a basis for a field that states no fact,
    an empty basis."""
    errors = ErrorList()
    for citation in all_citations(story):
        if citation.speaker is not None and citation.speaker_name is not None:
            errors.add(
                citation.where.at("speaker_name"),
                "a citation names its speaker twice, as 'speaker' and 'speaker_name'",
                "keep 'speaker' for an actor's id, or 'speaker_name' for a speaker in words",
            )
    for record in records_with_bases(story):
        backed = fact_fields(record)
        for name, basis in record.basis.items():
            if name not in backed:
                errors.add(
                    record.where.at(BASIS),
                    f"basis: '{name}' is not a field that states a fact here",
                    did_you_mean(name, backed) or "the fields are: " + ", ".join(backed),
                )
            if not basis.citations and not basis.editorial:
                errors.add(
                    basis.where,
                    f"the basis of '{name}' is empty",
                    "give 'citations:' (quotes) or 'editorial:' (the newsroom's own reading)",
                )
    return errors.items


def unbacked_facts(story: Story) -> list[ContentError]:
    """Warnings: each stated fact with neither a citation nor an editorial note."""
    warnings = ErrorList()
    for record in records_with_bases(story):
        for name, backer in fact_fields(record).items():
            value = getattr(record, name)
            if not value or name in record.basis:
                continue
            if backer == CITED and record.citations:
                continue
            shown = value if len(str(value)) < 40 else str(value)[:37] + "..."
            warnings.add(
                record.where.at(name),
                f"{name} '{shown}' states a fact with nothing behind it",
                f"add 'basis: {{{name}: {{citations: [...]}}}}' with the quotes that support "
                f"it, or 'basis: {{{name}: {{editorial: \"Our reading: ...\"}}}}'",
            )
    for point in story.article.meta.what_to_know:
        if not point.citations and not point.editorial:
            warnings.add(
                point.where,
                "a 'what to know' point states facts with nothing behind it",
                "write it as 'text:' with 'citations:' (quotes), or with 'editorial:' "
                "(the newsroom's own reading)",
            )
    return warnings.items
