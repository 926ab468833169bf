"""Markdown never drops content silently: a link the page would drop, or an image it
cannot show, is an error at its place in the content, with what to write instead."""

from __future__ import annotations

import pytest

from tests.conftest import Project, Run


@pytest.mark.parametrize(
    ("written", "message", "hint"),
    [
        ("[Nordbahn](actors:nordbahn)", "link to 'actors:nordbahn' would be dropped",
         "did you mean 'actor:nordbahn'?"),
        ("[the mayor](ana-ruiz)", "link to 'ana-ruiz' would be dropped",
         "did you mean 'actor:ana-ruiz'?"),
        ("[the city](www.lakeside.example)", "link to 'www.lakeside.example' would be dropped",
         "write the whole address: 'https://www.lakeside.example'"),
        ("[a file](notes.pdf)", "link to 'notes.pdf' would be dropped",
         "link to an address (https://...), mailto:, a #fragment"),
        ("![a tram](tram.jpg)", "image 'tram.jpg' is not shown", "leave it out, or link to it"),
    ],
)  # fmt: skip
def test_a_dropped_link_in_the_article_is_an_error_at_its_place(
    project: Project, run: Run, written: str, message: str, hint: str
) -> None:
    project.edit("article.md", "See the [bids](page:offers).", f"See the bids, and {written}.")
    result = run(*project.args("build"))
    assert result.code == 1 and not project.site.exists()
    line = project.line_of("article.md", written)
    text = (project.content / "article.md").read_text(encoding="utf-8").split("\n")[line - 1]
    assert f"article.md:{line}:{text.index(written) + 1}: {message}" in result.err
    assert hint in result.err


def test_a_dropped_link_in_a_field_is_reported_at_the_field_in_a_warm_build_too(
    project: Project, run: Run
) -> None:
    assert run(*project.args("build")).code == 0  # the memo now holds every item
    project.edit(
        "events.yaml",
        "summary: The council picked [Nordbahn](actor:nordbahn)",
        "summary: The council picked [Nordbahn](nordbahn)",
    )
    result = run(*project.args("build"))
    assert result.code == 1
    line = project.line_of("events.yaml", "summary: The council picked")
    assert f"events.yaml:{line}:12: link to 'nordbahn' would be dropped" in result.err
    assert "did you mean 'actor:nordbahn'?" in result.err


def test_kept_links_are_not_errors(project: Project, run: Run) -> None:
    project.edit(
        "article.md",
        "See the [bids](page:offers).",
        "See the [bids](page:offers), [the council](https://lakeside.example/), "
        "[write](mailto:desk@example.org) and [above](#what-to-know).",
    )
    assert run(*project.args("check")).code == 0
