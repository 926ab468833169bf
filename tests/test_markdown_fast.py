"""The fast path for simple Markdown gives exactly the full converter's HTML.

`simple_markdown_html` may decline any text (it returns None and the full
converter is used); whenever it accepts one, its HTML must be byte for byte what
Python-Markdown makes. Texts are generated from pieces chosen to sit on the
edges of the subset: emphasis next to words and other asterisks, brackets,
link targets of every kind, block starts, spaces at line ends, blank lines.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.build import validate_story
from generator.memo.memo import Memo
from generator.render.markdown import full_markdown_html, markdown_html, simple_markdown_html

ROOT = Path(__file__).resolve().parent.parent

WORDS = ["deal", "S-400", "Erdoğan", "$3.4bn", "’s", "“quoted”", '"plain"', "it's", "1994.", "x"]
PUNCTUATION = [" ", " ", " ", ",", ".", ":", ";", "(", ")", "!", "?", "%", "/", "'", '"', "—"]
MARKUP = ["*", "**", "***", "[", "]", "](", ")", "_", "`", "\\", "<", ">", "&", "#", "!["]
TARGETS = [
    "event:e-1",
    "actor:a",
    "page:timeline",
    "page:nope",
    "https://example.org/a?b=1",
    "http://x.y/",
    "mailto:a@b.c",
    "#here",
    "javascript:alert(1)",
    "data:text/html,x",
    "relative/path",
    "event:",
    "HTTPS://X.ORG",
]
BREAKS = ["\n", "\n\n", "\n\n\n", "\n ", " \n", "\n- ", "\n* ", "\n1. ", "\n# ", "\n> ", "\t"]
HEADINGS = ["\n\n## ", "\n\n# ", "\n\n###### ", "\n\n####### ", "\n\n##", "## ", " #", "\n\n"]


@st.composite
def emphasis(draw: st.DrawFn) -> str:
    mark = draw(st.sampled_from(["*", "**"]))
    inner = draw(st.lists(st.sampled_from(WORDS + [" ", "  "]), min_size=1, max_size=4))
    return mark + "".join(inner) + mark


@st.composite
def link(draw: st.DrawFn) -> str:
    text = draw(st.lists(st.sampled_from(WORDS + [" ", "*"]), min_size=0, max_size=3))
    return f"[{''.join(text)}]({draw(st.sampled_from(TARGETS))})"


piece = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(PUNCTUATION),
    st.sampled_from(MARKUP),
    st.sampled_from(BREAKS),
    st.sampled_from(HEADINGS),
    emphasis(),
    link(),
    st.text(max_size=3),
)
texts = st.lists(piece, max_size=25).map("".join)


@settings(max_examples=3000, deadline=None)
@given(texts)
def test_the_fast_path_agrees_with_the_full_converter(text: str) -> None:
    simple = simple_markdown_html(text)
    if simple is not None:
        assert simple == full_markdown_html(text)


@pytest.mark.parametrize(
    "text",
    [
        "Turkey *chose* the [S-400](event:s400) over the **Patriot**.",
        "One line\nand the next.\n\nA second paragraph.",
        "An intro.\n\n## A heading with [a link](page:timeline)\n\nMore text.",
        "[a link](https://example.org/) and [a dropped one](javascript:x).",
        "",
    ],
)
def test_prose_with_links_and_emphasis_takes_the_fast_path(text: str) -> None:
    assert simple_markdown_html(text) is not None
    assert simple_markdown_html(text) == full_markdown_html(text)


@pytest.mark.parametrize(
    "text",
    [
        "* a list item",
        "1994. would be a numbered list",
        "a line break  \nafter two spaces",
        "    code",
        "a <b>tag</b>",
        "an &amp; entity",
        "snake_case",
        "a ![picture](https://example.org/x.png)",
        "a lone * star",
        "[a reference][ref]",
        "# heading # with hashes",
        "a paragraph\n## with a heading inside",
        "####### seven",
    ],
)
def test_anything_else_goes_to_the_full_converter(text: str) -> None:
    assert simple_markdown_html(text) is None
    assert markdown_html(text) == full_markdown_html(text)


def test_every_text_of_the_real_story_takes_the_fast_path_with_the_same_html() -> None:
    story = validate_story(ROOT / "content", ROOT / "seeds", Memo())
    for text in story.markdown_texts:
        assert simple_markdown_html(text) == full_markdown_html(text), text
