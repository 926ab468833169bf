"""Plan the site: which pages exist, at which paths, from which templates, in which order."""

from __future__ import annotations

from dataclasses import dataclass

from generator.errors import ContentError, ContentErrors, Location
from generator.model.story import Story
from generator.plan import kinds
from generator.plan.kinds import PageKind
from generator.plan.links import root_prefix


@dataclass(frozen=True)
class Page:
    """One page of the site: its kind and its wording."""

    kind: PageKind
    title: str
    description: str
    intro: str = ""

    @property
    def name(self) -> str:
        """The page's name, as links and templates know it: `timeline`."""
        return self.kind.name

    @property
    def path(self) -> str:
        """Where the page is written, relative to the site's root."""
        return self.kind.path

    @property
    def template(self) -> str:
        """The template that renders it."""
        return self.kind.template

    @property
    def root(self) -> str:
        """The relative prefix back to the site root."""
        return root_prefix(self.path)


def plan_pages(story: Story) -> list[Page]:
    """A page of each kind; two pages at one path is an error, not an overwrite."""
    pages = []
    for kind in kinds.PAGE_KINDS:
        wording = kind.wording(story)
        pages.append(Page(kind, wording.title, wording.description, wording.intro))
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
    return [
        (kind.name, kind.nav_label(story))
        for kind in kinds.PAGE_KINDS
        if kind.nav_label is not None
    ]
