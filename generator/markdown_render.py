"""Markdown to HTML that cannot carry markup of its own into the page.

Raw HTML in content is escaped, not passed through; links keep only safe
schemes, and the editor's `event:id`-style links become relative site links.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from functools import lru_cache
from html import unescape

import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

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


# Site links are rendered with this mark where the page's path back to the site
# root belongs; the mark is replaced per page. So the HTML of a text does not
# depend on the page it appears on, and can be cached and rendered in parallel.
ROOT_MARK = "\x00root\x00"


def make_converter() -> markdown.Markdown:
    """A Markdown converter with raw HTML disabled and the site's link policy."""
    converter = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    policy = LinkPolicy(converter)
    policy.root = ROOT_MARK
    converter.treeprocessors.register(policy, "link_policy", 5)
    return converter


@lru_cache(maxsize=1)
def converter() -> markdown.Markdown:
    """The converter, made once per process (making one costs more than using it)."""
    return make_converter()


def markdown_html(text: str) -> str:
    """Block Markdown as HTML, with ROOT_MARK where the root of the site belongs."""
    md = converter()
    md.reset()
    return md.convert(text.replace("\x00", ""))


def render_markdown(text: str, root: str = "", cache: dict[str, str] | None = None) -> Markup:
    """Block Markdown (paragraphs, lists, headings) as safe HTML for a page at `root`."""
    if cache is None:
        html = markdown_html(text)
    else:
        html = cache.get(text) or cache.setdefault(text, markdown_html(text))
    return Markup(html.replace(ROOT_MARK, str(escape(root))))


def render_inline(text: str, root: str = "", cache: dict[str, str] | None = None) -> Markup:
    """One paragraph of Markdown as inline HTML, without the surrounding <p>."""
    html = str(render_markdown(text, root, cache))
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


_TAG = re.compile(r"<[^>]*>")


def plain_text(text: str, cache: dict[str, str] | None = None) -> str:
    """Markdown as plain text on one line: for meta descriptions and structured data.

    The HTML comes from the Markdown converter itself, so removing its tags is safe.
    """
    html = cache.get(text) if cache is not None else None
    if html is None:
        html = markdown_html(text)
    return " ".join(unescape(_TAG.sub("", html)).split())
