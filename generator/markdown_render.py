"""Markdown to HTML that cannot carry markup of its own into the page.

Raw HTML in content is escaped, not passed through; links keep only safe
schemes, and the editor's `event:id`-style links become relative site links.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from functools import lru_cache
from html.parser import HTMLParser

import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from generator.links import PAGE_OF_KIND, PAGE_PATHS, href, kind_href

SAFE_SCHEMES = ("http:", "https:", "mailto:")


class LinkPolicy(Treeprocessor):
    """Rewrites site links, and turns unsafe links and all images into plain text."""

    root = ""

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for child in list(parent):
                if child.tag == "a":
                    self.check_link(child)
                elif child.tag == "img":
                    # Images would load from wherever the editor pointed; text stays.
                    child.tag = "span"
                    alt = child.get("alt", "")
                    child.attrib.clear()
                    child.text = alt

    def check_link(self, link: etree.Element) -> None:
        target = (link.get("href") or "").strip()
        scheme, _, rest = target.partition(":")
        if scheme in PAGE_OF_KIND and rest:
            link.set("href", kind_href(self.root, scheme, rest))
        elif scheme == "page" and rest in PAGE_PATHS:
            link.set("href", href(self.root, rest))
        elif target.lower().startswith(SAFE_SCHEMES) or target.startswith("#"):
            pass
        else:
            # javascript:, data:, vbscript:, relative paths that leave the site: no link.
            link.tag = "span"
            link.attrib.clear()


def make_converter(root: str) -> markdown.Markdown:
    """A Markdown converter for pages at a given depth, with raw HTML disabled."""
    converter = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    policy = LinkPolicy(converter)
    policy.root = root
    converter.treeprocessors.register(policy, "link_policy", 5)
    return converter


@lru_cache(maxsize=8)
def converter_for(root: str) -> markdown.Markdown:
    """One converter per page depth, reused."""
    return make_converter(root)


def render_markdown(text: str, root: str = "") -> Markup:
    """Block Markdown (paragraphs, lists, headings) as safe HTML."""
    converter = converter_for(root)
    converter.reset()
    return Markup(converter.convert(text))


def render_inline(text: str, root: str = "") -> Markup:
    """One paragraph of Markdown as inline HTML, without the surrounding <p>."""
    html = str(render_markdown(text, root))
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


class _TextOnly(HTMLParser):
    """Collects the text of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(text: str) -> str:
    """Markdown as plain text on one line: for meta descriptions and structured data."""
    collector = _TextOnly()
    collector.feed(str(render_markdown(text)))
    collector.close()
    return " ".join("".join(collector.parts).split())
