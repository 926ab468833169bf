"""The rendered pages' own links: every internal link and #fragment resolves, every page
is reachable from the index. Run by every build and by `check` alike."""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from html import unescape
from urllib.parse import unquote

from generator.errors import ContentError, Location

# The pages are the generator's own output, every attribute value double-quoted
# and escaped, so a pattern finds their ids and links exactly, and fast. Only inside
# a tag (the next angle bracket closes it): text that reads `href="x"` (in code, or
# escaped HTML) is shown as text, and is neither a link nor the check's to report.
# A pattern for each attribute, each starting with its name: the engine finds a
# pattern's fixed start far faster than one of several (the 23 MB timeline of
# 10,000 events: 0.15 s in three passes, against 0.68 s in one). With each link
# resolved once per page, the whole check of 10,000 events takes 0.55 s of CPU
# against 1.43 s (bench/page_links.py; a cold build renders in 8 s).
_ATTRIBUTES = {name: re.compile(name + r'="([^"]*)"(?=[^<>]*>)') for name in ("id", "href", "src")}
# A link that leaves the site: one with a scheme (`https:`, `mailto:`) or a host.
_ELSEWHERE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:|//")


# Where a broken link the checks of the content cannot see comes from.
ELSEWHERE = (
    "a template writes this link, or Markdown read a link in the content otherwise than "
    "it looks: see the text at this place of the page"
)


class PageLinks:
    """The ids of a page, and each of its distinct links with where it is first used
    (line and column are worked out only for a link that is reported)."""

    def __init__(self, html: str) -> None:
        self.ids: set[str] = set()
        # A link once: a page links to one source passage from each of its quotes.
        self.links: dict[str, int] = {}
        for name, pattern in _ATTRIBUTES.items():
            for match in pattern.finditer(html):
                before = match.start() - 1  # the space before the name: not `data-id`
                if before < 0 or not html[before].isspace():
                    continue
                value = match.group(1)
                if "&" in value:
                    value = unescape(value)
                if name == "id":
                    self.ids.add(value)
                elif before < self.links.get(value, len(html)):
                    self.links[value] = before


def located(files: dict[str, bytes], shown_root: str, name: str, offset: int) -> Location:
    """Where the attribute at an offset of a page is: its line, and the column of its
    name (the page is decoded again: only for a link that is reported)."""
    html = files[name].decode("utf-8")
    line_start = html.rfind("\n", 0, offset) + 1
    return Location(
        f"{shown_root}/{name}", html.count("\n", 0, offset) + 1, offset - line_start + 2
    )


def is_internal(link: str) -> bool:
    """True for a link inside the site: no scheme, no host (as urlsplit would say,
    without taking every link apart)."""
    return _ELSEWHERE.match(link) is None


def resolve(page: str, link: str) -> tuple[str, str]:
    """The file a relative link from a page points at, and its fragment.

    Taken apart by hand, and each path resolved once per page: the build checks
    every link of the site (tens of thousands in a large story), and urlsplit and
    normpath on each took 0.8 s of a 4 s build of 3,000 events."""
    address, _, fragment = link.partition("#")
    path = address.partition("?")[0]
    return (
        resolved_path(page, unquote(path) if "%" in path else path),
        unquote(fragment) if "%" in fragment else fragment,
    )


@lru_cache(maxsize=4096)
def resolved_path(page: str, path: str) -> str:
    """The file a link's path from a page points at."""
    if not path:
        target = page
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
        if path.endswith("/") or target == ".":
            target = posixpath.join("" if target == "." else target, "index.html")
    return target


def check_site(files: dict[str, bytes], shown_root: str = "site") -> list[ContentError]:
    """Broken internal links, missing anchors and pages no link leads to."""
    pages: dict[str, PageLinks] = {}
    for name, data in files.items():
        if name.endswith(".html"):
            pages[name] = PageLinks(data.decode("utf-8"))
    problems = []
    linked: dict[str, set[str]] = {name: set() for name in pages}
    for name, page in sorted(pages.items()):
        if name == "404.html":
            continue  # served at any address: its links are checked from its own place
        for link, offset in page.links.items():
            if not is_internal(link):
                continue
            target, fragment = resolve(name, link)
            if target not in files:
                where = located(files, shown_root, name, offset)
                problems.append(ContentError(where, f"link to a missing page: {link}", ELSEWHERE))
                continue
            if target in pages:
                linked[name].add(target)
                if fragment and fragment not in pages[target].ids:
                    # Only the content writes a bare `#anchor`: say where to look.
                    hint = (
                        f"a link the content writes, [text]({link}), names no element of "
                        "the page it is on"
                        if link.startswith("#")
                        else ELSEWHERE
                    )
                    where = located(files, shown_root, name, offset)
                    problems.append(ContentError(where, f"link to a missing anchor: {link}", hint))
    reachable = {"index.html"}
    frontier = ["index.html"]
    while frontier:
        for target in linked.get(frontier.pop(), ()):
            if target not in reachable:
                reachable.add(target)
                frontier.append(target)
    for name in sorted(set(pages) - reachable - {"404.html"}):
        problems.append(
            ContentError(
                Location(f"{shown_root}/{name}"),
                "no link leads to this page from the index",
                "link to it from a template, e.g. the navigation in base.html",
            )
        )
    return problems
