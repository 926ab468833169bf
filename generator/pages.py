"""Plan the site: which pages exist, at which paths, from which templates."""

from __future__ import annotations

from dataclasses import dataclass

from generator.errors import ContentError, ContentErrors, Location
from generator.links import PAGE_PATHS, root_prefix
from generator.model import PageText, Story


@dataclass(frozen=True)
class Page:
    """One page of the site."""

    name: str
    path: str
    template: str
    title: str
    description: str
    intro: str = ""

    @property
    def root(self) -> str:
        """The relative prefix back to the site root."""
        return root_prefix(self.path)


def plan_pages(story: Story) -> list[Page]:
    """The site's pages; two pages at one path is an error, not an overwrite."""
    article = story.article.meta
    texts: dict[str, PageText] = {
        "timeline": story.site.pages.timeline,
        "actors": story.site.pages.actors,
        "offers": story.site.pages.offers,
        "sources": story.site.pages.sources,
        "not_found": story.site.pages.not_found,
    }
    pages = [Page("index", PAGE_PATHS["index"], "index.html", article.title, article.description)]
    for name, text in texts.items():
        pages.append(
            Page(name, PAGE_PATHS[name], f"{name}.html", text.title, text.description, text.intro)
        )
    seen: dict[str, str] = {}
    for page in pages:
        if page.path in seen:
            raise ContentErrors(
                [
                    ContentError(
                        Location(page.template),
                        f"pages '{seen[page.path]}' and '{page.name}' "
                        f"would both be written to {page.path}",
                    )
                ]
            )
        seen[page.path] = page.name
    return pages


def navigation(story: Story) -> list[tuple[str, str]]:
    """The site's main navigation: (page name, label), in reading order."""
    pages = story.site.pages
    return [
        ("index", story.site.home_label),
        ("timeline", pages.timeline.title),
        ("actors", pages.actors.title),
        ("offers", pages.offers.title),
        ("sources", pages.sources.title),
    ]
