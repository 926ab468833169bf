"""Check a rendered site: every internal link and #fragment resolves, every page is reachable."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from generator.errors import ContentError, Location


class _LinkCollector(HTMLParser):
    """The ids of a page, and its links with their positions."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, int, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            elif name in ("href", "src") and value:
                line, column = self.getpos()
                self.links.append((value, line, column + 1))


def is_internal(link: str) -> bool:
    """True for a link inside the site: no scheme, no host."""
    parts = urlsplit(link)
    return not parts.scheme and not parts.netloc


def resolve(page: str, link: str) -> tuple[str, str]:
    """The file a relative link from a page points at, and its fragment."""
    parts = urlsplit(link)
    path = unquote(parts.path)
    if not path:
        target = page
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
        if path.endswith("/") or target == ".":
            target = posixpath.join("" if target == "." else target, "index.html")
    return target, unquote(parts.fragment)


def check_site(files: dict[str, bytes], shown_root: str = "site") -> list[ContentError]:
    """Broken internal links, missing anchors and pages no link leads to."""
    pages: dict[str, _LinkCollector] = {}
    for name, data in files.items():
        if name.endswith(".html"):
            collector = _LinkCollector()
            collector.feed(data.decode("utf-8"))
            collector.close()
            pages[name] = collector
    problems = []
    linked: dict[str, set[str]] = {name: set() for name in pages}
    for name, page in sorted(pages.items()):
        if name == "404.html":
            continue  # served at any address: its links are checked from its own place
        for link, line, column in page.links:
            if not is_internal(link):
                continue
            target, fragment = resolve(name, link)
            where = Location(f"{shown_root}/{name}", line, column)
            if target not in files:
                problems.append(ContentError(where, f"link to a missing page: {link}"))
                continue
            if target in pages:
                linked[name].add(target)
                if fragment and fragment not in pages[target].ids:
                    problems.append(ContentError(where, f"link to a missing anchor: {link}"))
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
                Location(f"{shown_root}/{name}"), "no link leads to this page from the index"
            )
        )
    return problems
