"""The kinds of page a site has: the one table that declares each.

A page kind says where its page is written, which template renders it, what it
lists (the kind of item an editor's `[text](event:id)` link points into it),
its wording in the content, its navigation label and its structured-data type.
Links, navigation, the sitemap, the structured data and the link checks all read
this table; adding a page is one entry here and one template.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter

from generator.model.site import PageText
from generator.model.story import Story


@dataclass(frozen=True)
class Wording:
    """A page's heading, meta description and introduction (Markdown)."""

    title: str
    description: str
    intro: str = ""


@dataclass(frozen=True, eq=False)  # compared by identity: a table is hashed at each lookup
class PageKind:
    """One kind of page."""

    name: str  # as links name it: [text](page:timeline)
    path: str  # where it is written, relative to the site's root
    template: str
    wording: Callable[[Story], Wording]
    schema_type: str  # the schema.org type of its structured data
    lists: str = ""  # the items it shows an entry for: "events", "actors"...
    link_scheme: str = ""  # how an editor links to one of them: [text](event:id)
    nav_label: Callable[[Story], str] | None = None  # None: not in the navigation
    linkable: bool = True  # whether [text](page:name) may name it
    anywhere: bool = False  # served at any missing address: links start from the site root
    # What rendering it costs, to share the pages out evenly over the worker processes:
    # microseconds for each of the story's (`events`, `actors` or `quote_spans`).
    cost: tuple[str, float] = ("", 0.0)


def page_wording(text: PageText) -> Wording:
    """The wording site.yaml gives a page."""
    return Wording(text.title, text.description, text.intro)


def collection(name: str, lists: str, link_scheme: str, cost: tuple[str, float]) -> PageKind:
    """A page listing one kind of item, at `name/`, worded by site.yaml's `pages.name`."""
    wording = attrgetter(name)
    return PageKind(
        name,
        f"{name}/index.html",
        f"{name}.html",
        lambda story: page_wording(wording(story.site.pages)),
        "CollectionPage",
        lists=lists,
        link_scheme=link_scheme,
        nav_label=lambda story: wording(story.site.pages).title,
        cost=cost,
    )


PAGE_KINDS: tuple[PageKind, ...] = (
    PageKind(
        "index",
        "index.html",
        "index.html",
        lambda story: Wording(story.article.meta.title, story.article.meta.description),
        "NewsArticle",
        nav_label=lambda story: story.site.home_label,
    ),
    # The costs as measured in a cold build of 10,000 events (explainer build --timings,
    # each page's time in its process): only their proportions matter.
    collection("timeline", "events", "event", ("events", 260)),
    collection("actors", "actors", "actor", ("actors", 455)),
    collection("offers", "offers", "offer", ("events", 25)),
    collection("sources", "sources", "source", ("quote_spans", 105)),
    PageKind(
        "not_found",
        "404.html",
        "not_found.html",
        lambda story: page_wording(story.site.pages.not_found),
        "WebPage",
        linkable=False,
        anywhere=True,
    ),
)


@dataclass(frozen=True)
class Lookups:
    """What the rest of the generator asks of the table, worked out once."""

    kinds: dict[str, PageKind]  # by name
    paths: dict[str, str]  # page name -> path
    names: tuple[str, ...]  # the pages [text](page:name) may name
    page_of_scheme: dict[str, str]  # [text](event:id): the page the scheme points into
    items_of_scheme: dict[str, str]  # and the kind of item it names


def lookups() -> Lookups:
    """The table's lookups (for the table as it is now: a test may add a kind)."""
    return lookups_of(PAGE_KINDS)


@lru_cache(maxsize=4)
def lookups_of(kinds: tuple[PageKind, ...]) -> Lookups:
    """The lookups of a table of page kinds."""
    return Lookups(
        kinds={kind.name: kind for kind in kinds},
        paths={kind.name: kind.path for kind in kinds},
        names=tuple(kind.name for kind in kinds if kind.linkable),
        page_of_scheme={kind.link_scheme: kind.name for kind in kinds if kind.link_scheme},
        items_of_scheme={kind.link_scheme: kind.lists for kind in kinds if kind.link_scheme},
    )
