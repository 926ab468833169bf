"""Markdown and YAML that cost a parser time out of proportion to their length.

Every parser a text goes through is timed on each family at two sizes, n and 4n:
for Markdown, the checks of the text (validate/dropped_links.py, facts.py) and its
rendering (render/markdown.py); for YAML, the loader (load/yaml_nodes.py). Four
times the input must cost about four times as much (under eight times, with slack
for a busy machine), never seconds. And a build of the story with the input in it
ends, fast, with a site or with errors at their place: never a traceback (a
RecursionError, for lists nested by their markers).

tests/test_pathological_markdown.py has the families of `[`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from hypothesis import event, given, note
from hypothesis import strategies as st

from generator.errors import ContentErrors
from generator.load.yaml_nodes import parse_yaml
from generator.render.markdown import markdown_html
from generator.validate.dropped_links import dropped
from generator.validate.facts import internal_links
from generator.validate.markdown_prose import MAX_MARKS
from tests.fuzz_support import Variant, Workspace, assert_build_outcome
from tests.test_fuzz import budget
from tests.test_pathological_markdown import FAMILIES as BRACKETS

Family = Callable[[int], str]

# Each family, and n: a size at which the text takes a few milliseconds.
MARKDOWN: dict[str, tuple[Family, int]] = {
    "emphasis run *": (lambda n: "*" * n, 5000),
    "emphasis run _": (lambda n: "_" * n, 5000),
    "emphasis openers *a": (lambda n: "*a" * n, 2000),
    "strong openers **a": (lambda n: "**a" * n, 2000),
    "emphasis openers _a": (lambda n: "_a" * n, 1000),
    "mixed openers *_": (lambda n: "*_" * n, 500),
    "nested quotes": (lambda n: ">" * n + " x", 2000),
    "nested quotes, spaced": (lambda n: "> " * n + "x", 2000),
    "deep quotes on many lines": (lambda n: ("> " * 50 + "x\n") * (n // 100), 10_000),
    "lists nested by indentation": (
        lambda n: "\n".join("    " * (i % 90) + "- x" for i in range(n // 100)),
        10_000,
    ),
    "lists nested by markers": (lambda n: "- " * n + "x", 2000),
    "ordered lists nested by markers": (lambda n: "1. " * n + "x", 2000),
    "quotes and lists nested": (lambda n: "> - " * n + "x", 500),
    "a long line of words": (lambda n: "word " * n, 50_000),
    "a long line of markup": (lambda n: "a *b* [c](https://e.org/) `d` " * (n // 30), 10_000),
    "backtick run": (lambda n: "`" * n, 5000),
    "backtick openers": (lambda n: "`a" * n, 5000),
    "backtick runs growing": (
        lambda n: "".join("`" * i + "a" for i in range(1, int((2 * n) ** 0.5))),
        5000,
    ),
    "angle brackets": (lambda n: "<" * n, 5000),
    "angle brackets, tags": (lambda n: "<a " * n, 5000),
    "angle brackets, site links": (lambda n: "<event:x" * n, 2000),
    "link definitions": (lambda n: "".join(f"[r{i}]: https://e.org/{i}\n" for i in range(n)), 500),
    "reference links": (lambda n: "[x][r] " * n + "\n\n[r]: https://e.org/", 1000),
    "links left open": (lambda n: "[a](" * n, 1000),
    "pictures left open": (lambda n: "![a](" * n, 1000),
    "site links left open": (lambda n: "[a](event:x" * n + " y", 1000),
    "parentheses left open": (lambda n: "[a](" + "(" * n, 5000),
    "entities": (lambda n: "&#" * n, 5000),
    "backslashes": (lambda n: "\\" * n, 5000),
    "setext headings": (lambda n: "a\n=\n" * n, 1000),
    "setext headings, dashed": (lambda n: "a\n---\n" * n, 1000),
    "thematic breaks": (lambda n: "***\n" * n, 1000),
}


def check_and_render(text: str) -> None:
    """What a build does with a Markdown text: its checks, then, if it passes, its HTML."""
    problems = list(dropped(text, {}, pictures_here=True))
    list(internal_links(text))
    if not problems:
        markdown_html(text)


def load_yaml(text: str) -> None:
    try:
        parse_yaml(text, "content/events.yaml")
    except ContentErrors:
        pass  # an error at its place: what is timed is getting there


def cpu_seconds(parse: Callable[[str], None], text: str) -> float:
    started = time.process_time()
    parse(text)
    return time.process_time() - started


def assert_in_proportion(parse: Callable[[str], None], make: Family, n: int) -> None:
    """Four times the input costs about four times as much, and never seconds."""
    parse(make(n // 10))  # the parser imported and warmed up
    small = min(cpu_seconds(parse, make(n)) for _ in range(2))
    large = min(cpu_seconds(parse, make(4 * n)) for _ in range(2))
    assert large < 8 * small + 0.05, (small, large)
    assert large < 3.0, large


@pytest.mark.parametrize("family", MARKDOWN, ids=list(MARKDOWN))
def test_markdown_costs_in_proportion(family: str) -> None:
    make, n = MARKDOWN[family]
    assert_in_proportion(check_and_render, make, n)


# Families whose cost was the number of marks in a paragraph times its length. At a
# few milliseconds' size, four times the input cost less than eight times as much,
# yet at 150,000 characters each took seconds (320,000 escapes: 43 s; `a`a`a...,
# 70 s): a paragraph of more than MAX_MARKS marks is now an error at its place.
AT_SCALE = [
    "backslashes",
    "backtick openers",
    "backtick runs growing",
    "links left open",
    "reference links",
    "a long line of markup",
    "mixed openers *_",
    "setext headings",
    "thematic breaks",
]


@pytest.mark.parametrize("family", AT_SCALE)
def test_markdown_costs_in_proportion_at_scale(family: str) -> None:
    make, n = MARKDOWN[family]
    scale = 150_000 // len(make(n)) + 1
    assert cpu_seconds(check_and_render, make(n * scale)) < 1.5


def test_a_paragraph_crowded_with_marks_is_an_error_at_its_place() -> None:
    crowded = "\\*" * (MAX_MARKS // 2 + 1)
    text = "Intro.\n\n" + "a\n=\n" * (MAX_MARKS // 2) + "\n\n" + crowded
    ((offset, problem, hint),) = list(dropped(text, {}, pictures_here=True))
    assert offset == text.index(crowded)  # the first under the limit, the second over
    assert problem.startswith(f"a paragraph with {MAX_MARKS + 2} Markdown marks")
    assert "split it into paragraphs" in hint


def test_a_megabyte_on_one_line_is_checked_and_rendered_in_time() -> None:
    """Prose with a link and some code now and then: 1.6 s. (Python-Markdown takes
    some 7 s a megabyte of dense inline markup, and 17 s on one line: see
    the `a long line of markup` family for its growth.)"""
    unit = "word " * 2000 + "[a link](https://e.org/) and `code` "
    line = unit * (1_000_000 // len(unit) + 1)
    assert cpu_seconds(check_and_render, line) < 5.0


YAML: dict[str, tuple[Family, int]] = {
    "aliases": (lambda n: "a: &a x\nb: [" + "*a, " * n + "]\n", 5000),
    "anchors": (lambda n: "".join(f"k{i}: &a{i} x\n" for i in range(n)), 5000),
    "aliases as keys": (lambda n: "a: &a x\n" + "".join(f"? *a\n: {i}\n" for i in range(n)), 2000),
    "aliases of aliases": (
        lambda n: "a: &a [x]\n" + "".join(f"b{i}: &b{i} [*a, *a]\n" for i in range(n)),
        2000,
    ),
    "duplicate keys": (lambda n: "k: v\n" * n, 5000),
    "a long plain value": (lambda n: "a: " + "word " * n + "\n", 50_000),
    "a long folded value": (lambda n: "a: >\n" + "  word\n" * n, 20_000),
    "flow list": (lambda n: "[" + "x, " * n + "]", 10_000),
    "tags": (lambda n: "a: [" + "!!str x, " * n + "]\n", 5000),
    "an unclosed quote": (lambda n: 'a: "' + "x " * n, 20_000),
}
# Each level nine aliases of the one before: nine thousand million strings, expanded.
BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n"
    for i in range(9)
)


@pytest.mark.parametrize("family", YAML, ids=list(YAML))
def test_yaml_costs_in_proportion(family: str) -> None:
    make, n = YAML[family]
    assert_in_proportion(load_yaml, make, n)


def test_billion_laughs_is_refused_at_once() -> None:
    with pytest.raises(ContentErrors) as refused:
        parse_yaml(BILLION_LAUGHS, "content/events.yaml")
    assert "anchors and aliases are not supported" in str(refused.value.errors[0])
    assert cpu_seconds(load_yaml, BILLION_LAUGHS) < 0.1


@pytest.fixture(scope="module")
def workspace() -> Iterator[Workspace]:
    space = Workspace()
    yield space
    space.close()


def build_with(workspace: Workspace, name: str, data: bytes) -> None:
    """Build the story with one file's text replaced: a site or located errors, fast."""
    variant = Variant()
    variant.files[name] = data
    workspace.reset()
    workspace.apply(variant)
    result = workspace.build()
    assert_build_outcome(workspace, result)
    assert result.seconds < 5.0, f"the build took {result.seconds:.1f} s"


@pytest.mark.parametrize("family", MARKDOWN, ids=list(MARKDOWN))
def test_a_build_of_the_article_ends_in_a_site_or_located_errors(
    workspace: Workspace, family: str
) -> None:
    make, n = MARKDOWN[family]
    article = Variant().files["content/article.md"]
    assert isinstance(article, bytes)
    body = make(4 * n).encode("utf-8")
    build_with(workspace, "content/article.md", article.replace(b"## The choice\n", body, 1))


@pytest.mark.parametrize("family", [*YAML, "billion laughs"])
def test_a_build_of_the_yaml_ends_in_located_errors(workspace: Workspace, family: str) -> None:
    text = BILLION_LAUGHS if family == "billion laughs" else YAML[family][0](4 * YAML[family][1])
    build_with(workspace, "content/events.yaml", text.encode("utf-8"))


# Every family above, and those of `[`, as pieces: n is the largest piece of each.
PIECES: dict[str, tuple[Family, int]] = {
    **MARKDOWN,
    **{f"brackets: {name}": (make, 4000) for name, make in BRACKETS.items()},
}
Mix = tuple[tuple[tuple[str, int], ...], str]  # each piece and its size; the joint


def mixed(mix: Mix, scale: int = 1) -> str:
    """The pieces of a mix, each `scale` times its size, joined."""
    pieces, joint = mix
    return joint.join(PIECES[name][0](size * scale) for name, size in pieces)


@st.composite
def pathological_mixes(draw: st.DrawFn) -> Mix:
    """One to four pieces of the families, joined as a line, as lines or as paragraphs:
    shapes no one family makes. Each is a sixteenth, an eighth or a quarter of its n
    (Hypothesis's own integers keep mostly to small ones), so four times it is at most n."""
    chosen = draw(st.lists(st.sampled_from(sorted(PIECES)), min_size=1, max_size=4))
    sizes = [max(1, PIECES[name][1] // draw(st.sampled_from([16, 8, 4]))) for name in chosen]
    joint = draw(st.sampled_from(["", " ", "\n", "\n\n", "\n> "]))
    return tuple(zip(chosen, sizes, strict=True)), joint


@budget(25)
@given(mix=pathological_mixes())
def test_pathological_markdown_in_any_mix_costs_in_proportion_and_builds_as_it_checks(
    workspace: Workspace, mix: Mix
) -> None:
    """Four times each piece of a mix of the families costs about four times as much
    to check and render, and a build of the story with the mix in the article ends
    in a site or located errors, as `check` does."""
    note(f"pieces: {mix[0]}, joined by {mix[1]!r}")
    event(f"{len(mix[0])} pieces")
    assert_in_proportion(check_and_render, lambda scale: mixed(mix, scale // 10), 10)
    variant = Variant()
    article = variant.files["content/article.md"]
    assert isinstance(article, bytes)
    body = b"## The choice\n\n" + mixed(mix, 4).encode("utf-8") + b"\n"
    variant.files["content/article.md"] = article.replace(b"## The choice\n", body, 1)
    workspace.reset()
    workspace.apply(variant)
    built = workspace.build()
    assert_build_outcome(workspace, built)
    assert built.seconds < 5.0, f"the build took {built.seconds:.1f} s"
    checked = workspace.check()
    assert checked.code == built.code, f"build and check disagree\n{built.err}\n{checked.err}"
    if built.code == 1:
        assert sorted(checked.located()) == sorted(built.located())
