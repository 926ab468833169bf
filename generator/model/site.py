"""The site as a whole: its name, its publisher and the wording of each page."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from generator.errors import Location
from generator.model.citations import Basis
from generator.model.dates import PartialDate
from generator.model.fields import OWN, Markdown, Url, doc, here, optional


@dataclass(frozen=True)
class PageText:
    """The wording of one page: its heading, meta description and introduction."""

    title: str = doc("the page heading and navigation label")
    description: str = doc(
        "one sentence for search engines and link previews (give its basis)", fact=OWN
    )
    intro: Markdown = optional("a short paragraph under the heading (Markdown)", Markdown(""))
    basis: dict[str, Basis] = optional("what the description rests on", {})
    where: Location = here()


@dataclass(frozen=True)
class Pages:
    """The wording of each page of the site."""

    timeline: PageText = doc("the timeline page")
    actors: PageText = doc("the actors page")
    offers: PageText = doc("the offer comparison page")
    sources: PageText = doc("the sources page")
    not_found: PageText = doc("the page shown for a missing address")
    where: Location = here()

    def texts(self) -> tuple[PageText, ...]:
        """The wording of every page."""
        return tuple(getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "where")


@dataclass(frozen=True)
class Publisher:
    """Who publishes the explainer."""

    name: str = doc("the publisher's name")
    url: Url | None = optional("the publisher's home page, http(s)")
    where: Location = here()


@dataclass(frozen=True)
class Correction:
    """A correction of the site's own: an error it published, and when it was put right."""

    date: PartialDate = doc("the day the correction was made, YYYY-MM-DD")
    text: Markdown = doc("what was wrong and what it now says (Markdown)")
    where: Location = here()


@dataclass(frozen=True)
class Site:
    """The site as a whole."""

    title: str = doc("the site's name, shown in every page's header")
    description: str = doc("one sentence on what the site explains (give its basis)", fact=OWN)
    language: str = doc("the language of the content, as a BCP 47 tag such as 'en'")
    publisher: Publisher = doc("who publishes the explainer")
    pages: Pages = doc("the wording of each page")
    base_url: Url | None = optional(
        "the address the site is published at, e.g. 'https://example.org/story/'"
    )
    home_label: str = optional("the navigation label of the explainer page", "Explainer")
    corrections: tuple[Correction, ...] = optional(
        "the site's own corrections, each dated, listed on the sources page", ()
    )
    basis: dict[str, Basis] = optional("what the description rests on", {})
    where: Location = here()
