"""Read built pages back: ids, links, elements and text, with the standard library only."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit


@dataclass
class Element:
    """A start tag with its attributes and the text inside it."""

    tag: str
    attrs: dict[str, str]
    text: str = ""


@dataclass
class PageScan(HTMLParser):
    """Every element of one page, with the text of each."""

    elements: list[Element] = field(default_factory=list)
    open_elements: list[Element] = field(default_factory=list)

    def __post_init__(self) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)

    VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.elements.append(element)
        if tag not in self.VOID:
            self.open_elements.append(element)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.open_elements) - 1, -1, -1):
            if self.open_elements[index].tag == tag:
                del self.open_elements[index:]
                break

    def handle_data(self, data: str) -> None:
        for element in self.open_elements:
            element.text += data

    def find(self, tag: str, **attrs: str) -> list[Element]:
        """Elements with a tag and attribute values (class_ for class)."""
        wanted = {k.rstrip("_"): v for k, v in attrs.items()}
        return [
            e
            for e in self.elements
            if e.tag == tag and all(e.attrs.get(k) == v for k, v in wanted.items())
        ]

    def ids(self) -> set[str]:
        """Every id on the page."""
        return {e.attrs["id"] for e in self.elements if "id" in e.attrs}


def scan(path: Path) -> PageScan:
    """Parse one HTML file."""
    parser = PageScan()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def html_pages(site: Path) -> list[Path]:
    """Every HTML page of a built site."""
    return sorted(site.rglob("*.html"))


def internal_targets(site: Path, page: Path) -> list[tuple[str, Path, str]]:
    """Each internal href and src on a page: (as written, file it resolves to, fragment)."""
    targets = []
    base = "file://" + str(page)
    for element in scan(page).elements:
        for attribute in ("href", "src"):
            value = element.attrs.get(attribute)
            if not value or value.startswith(("http:", "https:", "mailto:", "data:")):
                continue
            resolved = urlsplit(urljoin(base, value))
            path = Path(unquote(resolved.path))
            if str(path).endswith("/") or path.is_dir():
                path = path / "index.html"
            targets.append((value, path, unquote(resolved.fragment)))
    return targets
