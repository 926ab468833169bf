"""Plan the site: which pages exist, at which paths, from which templates, in which order."""

from __future__ import annotations

from dataclasses import dataclass

from generator.errors import ContentError, ContentErrors, Location
from generator.model.story import Story
from generator.plan import kinds
from generator.plan.credits import fill
from generator.plan.kinds import PageKind
from generator.plan.links import root_prefix, slug
from generator.plan.parts import Part, Placement


@dataclass(frozen=True)
class Page:
    """One page of the site: its kind and its wording."""

    kind: PageKind
    title: str
    description: str
    intro: str = ""
    part: Part | None = None  # one part of a split page (plan/parts.py)

    @property
    def name(self) -> str:
        """The page's name, as links and templates know it: `timeline` (its parts too)."""
        return self.kind.name

    @property
    def path(self) -> str:
        """Where the page is written, relative to the site's root."""
        return self.part.path if self.part else self.kind.path

    @property
    def folder(self) -> str:
        """Its address relative to the site root, as linked ('' for the home page)."""
        return self.path.removesuffix("index.html")

    @property
    def template(self) -> str:
        """The template that renders it (its parts too: they show `page.part`)."""
        return self.kind.template

    @property
    def table(self) -> str:
        """The name of its own tables of kept results (each page saves its own)."""
        if self.part is None:
            return self.name
        return f"{self.name}-{slug(self.part.group)}-{self.part.number}"

    @property
    def root(self) -> str:
        """The relative prefix back to the site root."""
        return root_prefix(self.path)


def plan_pages(story: Story, placement: Placement | None = None) -> list[Page]:
    """A page of each kind, and the parts of a split one after it; two pages at one
    path is an error, not an overwrite."""
    pages = []
    for kind in kinds.PAGE_KINDS:
        wording = kind.wording(story)
        pages.append(Page(kind, wording.title, wording.description, wording.intro))
        for part in placement.parts.get(kind.name, []) if placement else []:
            title = fill(story.vocabulary.words["part_title"], page=wording.title, part=part.label)
            if part.count > 1:
                title = f"{title} ({part.number}/{part.count})"
            pages.append(Page(kind, title, wording.description, "", part))
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
