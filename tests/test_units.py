"""Small pieces: partial dates, quote folding, Markdown safety, slugs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from generator.load.default_words import default_words
from generator.load.list_files import item_places
from generator.load.templates import Templates, template_sources
from generator.model.dates import DateStyle, PartialDate
from generator.model.story import Citation
from generator.model.urls import url_problem
from generator.plan.excerpts import encode_fragment_text, encode_fragment_words
from generator.plan.kinds import lookups
from generator.plan.links import href, links_from, slug
from generator.render.downloads import json_ready, to_json
from generator.render.environment import address_filter, make_environment
from generator.render.markdown import render_inline, render_markdown
from generator.render.stylesheet import served_stylesheet
from generator.validate.quotes import _CHARACTER_FOLDS, SourceIndex, fold, locate, straighten


@pytest.mark.parametrize(
    ("text", "iso", "human", "precision"),
    [
        ("2015", "2015", "2015", "year"),
        ("2013-09", "2013-09", "September 2013", "month"),
        ("2017-04-21", "2017-04-21", "21 April 2017", "day"),
        ("2024-02-29", "2024-02-29", "29 February 2024", "day"),
    ],
)
def test_partial_dates(text: str, iso: str, human: str, precision: str) -> None:
    date = PartialDate.parse(text)
    style = DateStyle.from_words(default_words())
    assert (date.iso(), style.write(date), date.precision) == (iso, human, precision)


@pytest.mark.parametrize("text", ["2015-13", "2023-02-29", "15", "2015/04", "April 2015", ""])
def test_invalid_dates(text: str) -> None:
    with pytest.raises(ValueError):
        PartialDate.parse(text)


def test_partial_dates_sort_year_then_month_then_day() -> None:
    dates = [PartialDate.parse(t) for t in ("2019-07", "2019", "2019-03-01", "2013-09")]
    assert [d.iso() for d in sorted(dates)] == ["2013-09", "2019", "2019-03-01", "2019-07"]


@given(st.text(alphabet=st.sampled_from("‘’‚‛′“”„‟″«»'\"aé \n—")) | st.text())
def test_quote_marks_are_straightened_as_translate_would(text: str) -> None:
    assert straighten(text) == text.translate(_CHARACTER_FOLDS)


def test_fold_handles_no_break_spaces_quote_marks_and_case() -> None:
    assert fold("Ankara\u2019s  \u201cfinal\u00a0stage\u201d") == 'ankara\'s "final stage"'
    index = SourceIndex("It was, said Ankara\u2019s  \u201cfinal\u00a0stage\u201d, a deal.")
    assert index.find('ANKARA\'S "final stage", a') is not None
    assert index.find("") is None


def test_locate_finds_the_original_span() -> None:
    text = "It reached the\u00a0\u201cfinal stage\u201d, Reuters said."
    start, end = locate('reached the "final stage"', text) or (0, 0)
    assert text[start:end] == "reached the\u00a0\u201cfinal stage\u201d"
    assert locate("not there", text) is None


def test_markdown_site_links_are_relative_to_the_page() -> None:
    html = render_markdown("[a](event:x) [b](page:offers) [c](actor:y)", root="../")
    assert 'href="../timeline/#x"' in html
    assert 'href="../offers/"' in html
    assert 'href="../actors/#y"' in html


def test_inline_markdown_drops_the_paragraph() -> None:
    assert render_inline("*so*") == "<em>so</em>"


def test_slug_admits_a_safe_alphabet_only() -> None:
    assert slug("Fikri Işık") == "fikri-i-k"
    assert slug('"><script>') == "script"
    assert href("", "index") == "./"
    assert href("../", "actors", "turkey") == "../actors/#turkey"


@pytest.mark.parametrize(
    "text",
    [
        "Turkey's S-400",
        "a, b & c",
        "100% “sure” — é ü",
        "tab\tand\u00a0nbsp",
        "😀 #?=+/~._",
        "",
        "".join(map(chr, range(128))),  # every ASCII character
    ],
)
def test_fragment_text_is_encoded_as_urllib_would_with_hyphens_too(text: str) -> None:
    assert encode_fragment_text(text) == quote(text, safe="").replace("-", "%2D")


@given(st.text(alphabet=st.characters(max_codepoint=127)) | st.text())
def test_any_fragment_text_is_encoded_as_urllib_would(text: str) -> None:
    assert encode_fragment_text(text) == quote(text, safe="").replace("-", "%2D")


@given(
    st.lists(st.text(alphabet=st.characters(max_codepoint=127), min_size=1) | st.text(min_size=1))
)
def test_fragment_words_are_encoded_as_their_text_would_be(words: list[str]) -> None:
    words = [word for text in words for word in text.split()]  # as fragment_link cuts them
    assert encode_fragment_words(words) == encode_fragment_text(" ".join(words))


URL_PARTS = st.sampled_from(
    ["https:", "http:", "ftp:", "javascript:", "//", "/", "#", "?", ":", "example.org", "a b",
     '"', "<", "\x01", "[", "]", "@", ":~:text=", "%20", "x", "-", ""]
)  # fmt: skip
ADDRESSES = st.sampled_from(
    ["https://example.org/a", "http://example.org", "https://", "example.org/a", "ftp://x/",
     "javascript:alert(1)//", "https://ex ample.org/", "https://[bad/"]
)  # fmt: skip
URLS = st.one_of(
    st.lists(URL_PARTS, max_size=8).map("".join),
    st.tuples(ADDRESSES, st.sampled_from(["", "#"]), st.lists(URL_PARTS, max_size=4)).map(
        lambda parts: parts[0] + parts[1] + "".join(parts[2])
    ),
)


@settings(max_examples=500, deadline=None)
@given(URLS)
def test_addresses_with_fragments_are_checked_as_a_whole_address_is(url: str) -> None:
    try:
        expected = url if not url_problem(url) else "#"
    except ValueError:  # urlsplit refuses some hosts outright; so must the filter
        with pytest.raises(ValueError):
            address_filter(url)
        return
    assert address_filter(url) == expected


def split_items_line_by_line(text: str) -> list[tuple[int, str]] | None:
    """The rule item_places follows, written out a line at a time."""
    lines = text.split("\n")
    starts: list[int] = []
    for number, line in enumerate(lines):
        if line.startswith("- ") or line == "-":
            starts.append(number)
        elif line and not line[0].isspace() and not line.startswith("#"):
            return None
        elif not starts and line.strip() and not line.lstrip().startswith("#"):
            return None
    if not starts:
        return None
    ends = starts[1:] + [len(lines)]
    return [(s + 1, "\n".join(lines[s:e])) for s, e in zip(starts, ends, strict=True)]


LINES = st.sampled_from(
    ["- id: a", "-", "- ", "-x", "---", "--", "  title: t", "  - b", "", " ", "# note",
     "  # note", "key: v", "[a]", "\t- c", "\u00a0x", "-\t", "\r", "…"]
)  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(st.lists(LINES, max_size=12).map("\n".join))
def test_list_files_are_split_into_items_as_line_by_line(text: str) -> None:
    places = item_places(text)
    expected = split_items_line_by_line(text)
    found = None
    if places is not None:
        found = [(line, text[start:end]) for start, end, line in zip(*places, strict=True)]
    assert found == expected


def test_templates_write_what_jinja_would_with_markupsafe(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "{% macro b(x) %}<b>{{ x }}</b>{% endmacro %}"
        "{{ text }}|{{ html }}|{{ b(text) }}|{{ number }}|{{ text | upper }}|"
        "{% set kept %}<i>{{ text }}</i>{% endset %}{{ kept }}|"
        "{% autoescape false %}{{ text }}{% endautoescape %}|{{ '<const>' }}",
        encoding="utf-8",
    )
    variables = {"text": "<a href='x'>&\"</a>", "html": Markup("<em>ok</em>"), "number": 7}
    ours = (
        make_environment(Templates(tmp_path, template_sources(tmp_path), b"", b""), {})
        .get_template("page.html")
        .render(variables)
    )
    plain = jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path), autoescape=True)
    assert ours == plain.get_template("page.html").render(variables)
    assert "&lt;a href=&#39;x&#39;&gt;&amp;&#34;&lt;/a&gt;|<em>ok</em>|<b>&lt;a" in ours


def test_templates_call_what_they_call_as_jinja_would(tmp_path: Path) -> None:
    """call_plain: plain functions and methods at once; a callable that asks for the
    context, the evaluation context or the environment (as a function, a method, or
    an object's __call__) gets it, with the loop's variables; a StopIteration is an
    undefined value."""

    @jinja2.pass_context
    def in_context(context: Any, name: str) -> str:
        return f"{name}={context.get(name)}"

    @jinja2.pass_environment
    def in_environment(environment: Any) -> str:
        return type(environment.undefined).__name__  # a class: "type"

    class Asks:
        @jinja2.pass_context
        def __call__(self, context: Any) -> str:
            return str(context.get("item"))

        @jinja2.pass_eval_context
        def escaping(self, eval_context: Any) -> str:
            return str(eval_context.autoescape)

    def stops() -> str:
        raise StopIteration

    page = tmp_path / "page.html"
    page.write_text(
        "{{ plain(1, b=2) }}|{{ in_context('text') }}|{{ in_environment() }}|"
        "{% for item in [3, 4] %}{{ in_context('item') }},{{ asks() }},{{ plain(item) }};"
        "{% endfor %}|{{ asks.escaping() }}|{{ words.upper() }}|{{ stops() is undefined }}",
        encoding="utf-8",
    )
    variables = {
        "plain": lambda a, b=0: a + b,
        "in_context": in_context,
        "in_environment": in_environment,
        "asks": Asks(),
        "words": "a<b",
        "stops": stops,
        "text": "t",
    }
    ours = (
        make_environment(Templates(tmp_path, template_sources(tmp_path), b"", b""), {})
        .get_template("page.html")
        .render(variables)
    )
    plain = jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path), autoescape=True)
    assert ours == plain.get_template("page.html").render(variables)
    # (A loop's variable is not among the context's: Jinja gives it only to what it
    # derives a context for.)
    assert ours == "3|text=t|type|item=None,None,3;item=None,None,4;|True|A&lt;B|True"


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text()
    | st.builds(PartialDate, st.integers(1, 9999), st.integers(0, 12), st.integers(0, 28))
    | st.builds(Citation, st.text(), st.text(), st.text()),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=4).map(tuple)
        | st.dictionaries(st.text(), inner, max_size=4)
    ),
    max_leaves=12,
)


@given(JSON_VALUES)
def test_a_value_is_written_as_json_dumps_would(value: object) -> None:
    assert to_json(value) == json.dumps(value, ensure_ascii=False, default=json_ready)


def test_edge_values_are_written_as_json_dumps_would() -> None:
    values = ["“é” <\u2028>", float("nan"), float("inf"), -0.0, 1e300, 2**70, None, True, {}]
    assert to_json(values) == json.dumps(values, ensure_ascii=False, default=json_ready)
    assert to_json("text") == json.dumps("text", ensure_ascii=False)


@given(
    st.sampled_from(["", "../", "/", "https://example.org/story/"]),
    st.sampled_from(sorted(lookups().paths)),
    st.text(max_size=12),
)
def test_a_pages_link_function_links_as_href_does(root: str, page: str, anchor: str) -> None:
    link = links_from(root)
    assert link(page, anchor) == href(root, page, anchor)
    assert link(page) == href(root, page)


def our_environment(folder: Path) -> jinja2.Environment:
    """The build's Jinja environment for a folder of templates."""
    return make_environment(Templates(folder, template_sources(folder), b"", b""), {})


def test_templates_are_read_whole_links_followed_assets_and_binaries_left_out(
    tmp_path: Path,
) -> None:
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "entry.html").write_text("{{ x }}", encoding="utf-8")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "style.css").write_text("body {}", encoding="utf-8")
    (tmp_path / "page.html").write_text("<p>page</p>", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    (tmp_path / "partials").symlink_to(tmp_path / "shared")
    (tmp_path / "shared" / "loop").symlink_to(tmp_path)  # a link back up the tree
    sources = template_sources(tmp_path)
    assert sources["partials/entry.html"] == sources["shared/entry.html"] == "{{ x }}"
    assert sources["page.html"] == "<p>page</p>"
    assert "image.png" not in sources
    assert not any(name.startswith("assets/") for name in sources)


def test_the_served_stylesheet_drops_its_comments_and_keeps_every_rule() -> None:
    css = (
        b"/* the page */\nbody { color: red; } /* why */\n"
        b'.a::after { content: "/* not a comment */"; }\n'
        b".b { background: url(data:image/svg+xml;x/*y); }\n"
        b"/* a comment\n   on two lines */\n.c { content: '\\'/*'; }\n"
    )
    assert served_stylesheet(css) == (
        b"body { color: red; } \n"
        b'.a::after { content: "/* not a comment */"; }\n'
        b".b { background: url(data:image/svg+xml;x/*y); }\n"
        b".c { content: '\\'/*'; }\n"
    )
    assert served_stylesheet(b"\xff/* x */") == b"\xff/* x */"  # not UTF-8: as it is
