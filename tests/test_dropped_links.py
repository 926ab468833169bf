"""Markdown never drops content silently: a link the page would drop, or a picture it
cannot show, is an error at its place in the content (never in the generated HTML),
with what to write instead. Pictures in the article: tests/test_images.py."""

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
        ("![a tram](media/tram.jpg)", "picture 'media/tram.jpg' is not in a paragraph of its "
         "own", "put it on a line of its own, with a blank line before and after it"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("command", ["build", "check"])
def test_a_dropped_link_in_the_article_is_an_error_at_its_place(
    project: Project, run: Run, command: str, written: str, message: str, hint: str
) -> None:
    project.edit("article.md", "See the [bids](page:offers).", f"See the bids, and {written}.")
    result = run(*project.args(command))
    assert result.code == 1 and not project.site.exists()
    assert "site/" not in result.err  # never at the generated HTML
    line = project.line_of("article.md", written)
    text = (project.content / "article.md").read_text(encoding="utf-8").split("\n")[line - 1]
    assert f"article.md:{line}:{text.index(written) + 1}: {message}" in result.err
    assert hint in result.err


@pytest.mark.parametrize(
    ("old", "new", "message", "hint"),
    [
        ("[Nordbahn](actor:nordbahn)", "[Nordbahn](nordbahn)",
         "link to 'nordbahn' would be dropped", "did you mean 'actor:nordbahn'?"),
        ("[Nordbahn](actor:nordbahn) for a €210m contract.",
         "Nordbahn ![A tram](media/tram.png \"Ana Ruiz / Gazette\")",
         "picture 'media/tram.png' is not shown: only the article's text shows pictures",
         "move it into article.md"),
    ],
)  # fmt: skip
def test_a_problem_in_a_field_is_reported_at_the_field_in_a_warm_build_too(
    project: Project, run: Run, old: str, new: str, message: str, hint: str
) -> None:
    assert run(*project.args("build")).code == 0  # the memo now holds every item
    project.edit(
        "events.yaml", f"summary: The council picked {old}", f"summary: The council picked {new}"
    )
    result = run(*project.args("build"))
    assert result.code == 1
    line = project.line_of("events.yaml", "summary: The council picked")
    assert f"events.yaml:{line}:12: {message}" in result.err
    assert hint in result.err


def test_kept_links_are_not_errors(project: Project, run: Run) -> None:
    project.edit(
        "article.md",
        "See the [bids](page:offers).",
        "See the [bids](page:offers), [the council](https://lakeside.example/), "
        "[write](mailto:desk@example.org) and [above](#what-to-know).",
    )
    assert run(*project.args("check")).code == 0
