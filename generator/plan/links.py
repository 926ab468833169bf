"""Where things live in the built site: one place decides every page path and anchor."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import lru_cache

from generator.plan.kinds import lookups

_UNSAFE = re.compile(r"[^a-z0-9-]+")


@lru_cache(maxsize=65536)
def slug(text: str) -> str:
    """The only way text becomes an anchor or a file name: lowercase letters, digits, hyphens."""
    return _UNSAFE.sub("-", text.lower()).strip("-") or "x"


# Links in Markdown the pages keep as they are written; a link to the site's own
# entries (site_link) is made relative; any other is dropped.
KEPT_AS_WRITTEN = ("http:", "https:", "mailto:", "#")


def site_link(target: str) -> tuple[str, str] | None:
    """A Markdown link to the site's own entries or pages (`event:id`, `page:timeline`)
    as (scheme, what it names); None for any other target. Whether the id exists is
    for the checks to say."""
    scheme, colon, rest = target.partition(":")
    if colon and rest and (scheme in lookups().page_of_scheme or scheme == "page"):
        return scheme, rest
    return None


def kept_as_written(target: str) -> bool:
    """Whether the pages keep a Markdown link as written: http(s), mailto, #fragment."""
    return target.lower().startswith(KEPT_AS_WRITTEN)


def page_dir(page: str) -> str:
    """The address of a page relative to the site root, as linked ('' for the home page)."""
    path = lookups().paths[page]
    return path.removesuffix("index.html")


def root_prefix(path: str) -> str:
    """The relative prefix from a page back to the site root ('../' from 'timeline/...')."""
    return "../" * path.count("/")


def href(root: str, page: str, anchor: str = "") -> str:
    """A relative link from a page whose root prefix is `root` to a page and anchor."""
    target = root + page_dir(page)
    if not target:
        target = "./"
    return f"{target}#{slug(anchor)}" if anchor else target


def links_from(
    root: str, holder: Mapping[tuple[str, str], str] | None = None
) -> Callable[..., str]:
    """`{{ link('timeline', event.id) }}` for a template rendered at `root`: a relative
    link to a page and anchor, as href makes it. Every page's context and every list
    entry's (render/entries.py) holds it under `link`, with each page's address from `root`
    worked out once: a context function would be handed the context and look the
    root up at every call, about a tenth of the time of the actors page, which has
    tens of thousands of links. `holder`: the folder of the part of a split page that
    holds an anchor, by (page, anchor) (plan/parts.py Placement.holder).
    """
    targets = {page: href(root, page) for page in lookups().paths}

    def link(page: str, anchor: str = "") -> str:
        target = targets[page]
        return f"{target}#{slug(anchor)}" if anchor else target

    if not holder:
        return link
    found = holder

    def link_into_parts(page: str, anchor: str = "") -> str:
        if not anchor:
            return targets[page]
        anchor = slug(anchor)
        folder = found.get((page, anchor))
        return f"{targets[page] if folder is None else root + folder}#{anchor}"

    return link_into_parts


def kind_href(root: str, kind: str, ident: str) -> str:
    """The link to an event, actor, offer or source (the editor's `kind:id` link)."""
    return href(root, lookups().page_of_scheme[kind], ident)
