"""Python-Markdown, set up for content: raw HTML off, the site's link policy and
typography on.

Imported only for a text that the fast path in markdown_render declines, so a
build whose texts are all simple never loads Python-Markdown.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Mapping
from functools import lru_cache

import markdown
from markdown.treeprocessors import Treeprocessor

from generator.render.markdown_links import NO_FIGURES, ROOT_MARK, Figure, policy_href
from generator.render.typography import Typesetter

# Each starts its own run of text for typesetting; in code, text is shown as typed.
_BLOCKS = frozenset("p li h1 h2 h3 h4 h5 h6 blockquote figcaption ul ol div figure".split())
_VERBATIM = frozenset(["code", "pre"])


class LinkPolicy(Treeprocessor):
    """Rewrites site links, turns unsafe links into plain text, and shows each picture
    of the article (`figures`, by its file as written) as a figure."""

    figures: Mapping[str, Figure] = NO_FIGURES

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for child in list(parent):
                if child.tag == "a":
                    self.check_link(child)
                elif child.tag == "img":
                    self.place_picture(parent, child)

    def check_link(self, link: etree.Element) -> None:
        target = policy_href(link.get("href") or "")
        if target is None:
            link.tag = "span"
            link.attrib.clear()
        else:
            link.set("href", target)

    def place_picture(self, parent: etree.Element, image: etree.Element) -> None:
        """A paragraph of one picture becomes a figure: the picture, at its address in
        the site, with its size, and its credit (its title) as the caption."""
        figure = self.figures.get(image.get("src") or "")
        alone = (
            parent.tag == "p"
            and len(parent) == 1
            and not (parent.text or "").strip()
            and not (image.tail or "").strip()
        )
        alt = image.get("alt", "")
        credit = image.get("title", "")
        image.attrib.clear()
        if figure is None or not alone:
            # A picture the checks did not pass (validate/images.py): its words stay.
            image.tag = "span"
            image.text = alt
            return
        parent.tag = "figure"
        parent.text = image.tail = None
        for name, value in (
            ("src", ROOT_MARK + figure.name),
            ("alt", alt),
            ("width", str(figure.width)),
            ("height", str(figure.height)),
            ("loading", "lazy"),
        ):
            image.set(name, value)
        etree.SubElement(parent, "figcaption").text = credit


class Typography(Treeprocessor):
    """Curls quote marks and makes dashes in the text of the prose (render/typography.py),
    block by block, in reading order."""

    def run(self, root: etree.Element) -> None:
        self.typeset(root, Typesetter())

    def typeset(self, element: etree.Element, typesetter: Typesetter) -> None:
        if element.tag in _VERBATIM:
            return
        if element.tag in _BLOCKS:
            typesetter = Typesetter()
        if element.text:
            element.text = typesetter(element.text)
        for child in element:
            self.typeset(child, typesetter)
            if child.tail:
                child.tail = typesetter(child.tail)


def make_converter() -> tuple[markdown.Markdown, LinkPolicy]:
    """A Markdown converter with raw HTML disabled and the site's link policy."""
    converter = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    policy = LinkPolicy(converter)
    converter.treeprocessors.register(policy, "link_policy", 5)
    converter.treeprocessors.register(Typography(converter), "typography", 4)
    return converter, policy


@lru_cache(maxsize=1)
def converter() -> tuple[markdown.Markdown, LinkPolicy]:
    """The converter, made once per process (making one costs more than using it)."""
    return make_converter()


def full_markdown_html(text: str, figures: Mapping[str, Figure]) -> str:
    """Any Markdown as HTML, with ROOT_MARK where the root of the site belongs."""
    md, policy = converter()
    md.reset()
    policy.figures = figures
    return md.convert(text)
