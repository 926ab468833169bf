"""Markdown that costs a parser time out of proportion to its length: runs of `[`
that nothing closes, or nested thousands deep. The cost must grow in proportion to
the input, and the page must show the characters as written."""

from __future__ import annotations

import time

import pytest

from generator.render.brackets import plain_unclosed_brackets
from generator.render.markdown import markdown_html

FAMILIES = {
    "unclosed run": lambda n: "[" * n,
    "unclosed in prose": lambda n: "x [" * n,
    "unclosed before text": lambda n: "[a" * n,
    "unclosed pictures": lambda n: "![" * n,
    "nested deep": lambda n: "[" * n + "]" * n,
    "after a code span": lambda n: "`x` " + "[" * n,
    # A fence no line closes is prose to Markdown, not code: its links left open too.
    "after a fence never closed": lambda n: "````\n" + "[a](" * n,
    "on a line that starts like a fence": lambda n: "```" + "[a](" * n,
}


def cpu_seconds(text: str) -> float:
    started = time.process_time()
    markdown_html(text)
    return time.process_time() - started


@pytest.mark.parametrize("family", FAMILIES, ids=list(FAMILIES))
def test_the_cost_grows_in_proportion(family: str) -> None:
    """Four times the input costs about four times as much, not sixteen (quadratic:
    8,000 brackets took 11 s), and never seconds."""
    make = FAMILIES[family]
    cpu_seconds(make(100))  # the parser imported and warmed up
    small = min(cpu_seconds(make(2000)) for _ in range(2))
    large = min(cpu_seconds(make(8000)) for _ in range(2))
    assert large < 8 * small + 0.05, (family, small, large)
    assert large < 3.0, (family, large)


def test_the_page_shows_the_brackets_as_written() -> None:
    html = markdown_html("Odd: " + "[" * 100 + " and [a link](https://example.org/).")
    assert "[" * 100 in html and "\\" not in html
    assert '<a href="https://example.org/">a link</a>' in html
    nested = markdown_html("[" * 50 + "x" + "]" * 50)
    assert "[" * 50 + "x" + "]" * 50 in nested and "\\" not in nested


def test_ordinary_text_and_code_are_left_as_written() -> None:
    ordinary = "See [the bids](page:offers) and [1] and [2] [unclosed."
    assert plain_unclosed_brackets(ordinary) == ordinary
    code = "`" + "[" * 100 + "`\n\n    " + "[" * 100 + "\n\n```\n" + "[" * 100 + "\n```"
    assert plain_unclosed_brackets(code) == code
