"""Python-Markdown, set up for content: raw HTML off, the site's link policy on.

Imported only for a text that the fast path in markdown_render declines, so a
build whose texts are all simple never loads Python-Markdown.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from functools import lru_cache

import markdown
from markdown.treeprocessors import Treeprocessor

from generator.render.markdown_links import policy_href


class LinkPolicy(Treeprocessor):
    """Rewrites site links, and turns unsafe links and all images into plain text."""

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
        target = policy_href(link.get("href") or "")
        if target is None:
            link.tag = "span"
            link.attrib.clear()
        else:
            link.set("href", target)


def make_converter() -> markdown.Markdown:
    """A Markdown converter with raw HTML disabled and the site's link policy."""
    converter = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    converter.treeprocessors.register(LinkPolicy(converter), "link_policy", 5)
    return converter


@lru_cache(maxsize=1)
def converter() -> markdown.Markdown:
    """The converter, made once per process (making one costs more than using it)."""
    return make_converter()


def full_markdown_html(text: str) -> str:
    """Any Markdown as HTML, with ROOT_MARK where the root of the site belongs."""
    md = converter()
    md.reset()
    return md.convert(text)
