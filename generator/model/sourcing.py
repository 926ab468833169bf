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
        for basis in offer.basis.values():
            yield from basis.citations
    yield from point_citations(story)
    yield from summary_citations(story)


def point_citations(story: Story) -> list[Citation]:
    """The citations of the explainer's "what to know" points."""
    return [c for point in story.article.meta.what_to_know for c in point.citations]


def summary_citations(story: Story) -> list[Citation]:
    """The citations of what the site says of the story as a whole: the basis of its
    headline, standfirst and descriptions (the site's, each page's, the article's)."""
    site = story.site
    bases = [story.article.meta.basis, site.basis, *(page.basis for page in site.pages.texts())]
    return [c for basis in bases for each in basis.values() for c in each.citations]
