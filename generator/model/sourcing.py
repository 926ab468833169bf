"""Where a story's statements come from: every citation it makes, and every record
whose fields may rest on a `basis` of their own."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.model.citations import Citation
from generator.model.story import Story


def records_with_bases(story: Story) -> Iterator[Any]:
    """Every record that may have a `basis`: the site, its pages, the explainer's
    front matter and the offers."""
    yield story.site
    yield from story.site.pages.texts()
    yield story.article.meta
    yield from story.offers


def all_citations(story: Story) -> Iterator[Citation]:
    """Every citation of the story."""
    for event in story.events:
        yield from event.citations
    for actor in story.actors:
        for role in actor.roles:
            yield from role.citations
    for offer in story.offers:
        yield from offer.citations
        for cell in offer.terms.values():
            for claim in cell.claims:
                yield from claim.citations
    for record in records_with_bases(story):
        for basis in record.basis.values():
            yield from basis.citations
    for point in story.article.meta.what_to_know:
        yield from point.citations


def front_citations(story: Story) -> list[Citation]:
    """The citations of what the explainer says of itself as a whole: its "what to
    know" points and the basis of its headline and descriptions."""
    meta, site = story.article.meta, story.site
    bases = [*meta.basis.values(), *site.basis.values()]
    bases += [basis for page in site.pages.texts() for basis in page.basis.values()]
    found = [c for point in meta.what_to_know for c in point.citations]
    return found + [c for basis in bases for c in basis.citations]
