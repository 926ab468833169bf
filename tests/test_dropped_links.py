"""Markdown never drops content silently: a link the page would drop, a picture it
cannot show, a pasted HTML tag or a bare address it would show as text, is an error
at its place in the content (never in the generated HTML), with what to write
instead. Pictures in the article: tests/test_images.py."""

from __future__ import annotations

import time

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
        ("www.lakeside.example", "'www.lakeside.example' is not a link: the page shows it as "
         "plain text", "make it a link: [www.lakeside.example](https://www.lakeside.example)"),
        ("https://lakeside.example/tram", "'https://lakeside.example/tram' is not a link",
         "make it a link: <https://lakeside.example/tram>, or [its name]("),
        ('<img src="tram.jpg">', "HTML <img> is shown as text, not as a picture: raw HTML is "
         "escaped", 'write the picture in Markdown, ![what it shows](media/photo.jpg "Credit: '),
        ('<a href="https://lakeside.example/">the city</a>', "HTML <a> is shown as text, not as "
         "a link", "write the link in Markdown: [its text](https://...)"),
        ('<iframe src="https://video.example/x"></iframe>', "HTML <iframe> is shown as text, "
         "not embedded", "link to it, [what it is](https://...)"),
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
        ("[Nordbahn](actor:nordbahn)", "<img src=x onerror=y>",
         "HTML <img> is shown as text, not as a picture",
         "pictures go in the article's text (article.md)"),
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


def test_code_and_links_are_not_bare_addresses_or_pasted_tags(project: Project, run: Run) -> None:
    """What is in code is shown as code, as meant; an address in a link is linked; a
    tag that neither loads nor links anything is shown as text, and is not an error."""
    project.edit(
        "article.md",
        "See the [bids](page:offers).",
        'See the [bids](page:offers), `www.code.example`, `<img src="x.jpg">`, '
        "`[a](b)`, [www.lakeside.example](https://www.lakeside.example), "
        '<https://lakeside.example/>, <b>bold</b> and a href="x" in words.\n\n'
        '    <a href="code.html">indented code</a>',
    )
    result = run(*project.args("check"))
    assert result.code == 0, result.err


def test_a_reference_to_an_address_that_would_be_dropped_is_an_error(
    project: Project, run: Run
) -> None:
    project.edit(
        "article.md",
        "See the [bids](page:offers).",
        "See the [bids][bids].\n\n[bids]: offers.html",
    )
    result = run(*project.args("build"))
    assert result.code == 1
    line = project.line_of("article.md", "[bids]: offers.html")
    assert f"article.md:{line}:9: link to 'offers.html' would be dropped" in result.err


def nesting_is_limited(project: Project, run: Run, deep: str, first_too_deep: str) -> str:
    """Build with `deep` at the end of the article: an error at the first line too
    deep, the line given; then without that line and those after it: a site.
    Returns the error output of the first build."""
    article = project.content / "article.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(text + "\n" + deep, encoding="utf-8")
    started = time.process_time()
    result = run(*project.args("build"))
    assert time.process_time() - started < 5
    assert result.code == 1 and "internal error" not in result.err, result.err
    line = project.line_of("article.md", first_too_deep)
    assert f"article.md:{line}:1: " in result.err
    article.write_text(text + "\n" + deep[: deep.index(first_too_deep)], encoding="utf-8")
    assert run(*project.args("build", "-q")).code == 0
    return result.err


@pytest.mark.parametrize("indent", ["    ", "\t", "  \t"])
def test_a_list_nested_too_deep_is_an_error_at_its_place(
    project: Project, run: Run, indent: str
) -> None:
    """250 levels exhausted the renderer's recursion: an error at the item, not a crash;
    100 levels are shown."""
    deep = "".join(f"{indent * level}- level {level}\n" for level in range(250))
    err = nesting_is_limited(project, run, deep, f"{indent * 101}- level 101")
    assert ":1: a list nested 101 levels deep: pages show at most 100" in err


@pytest.mark.parametrize("marker", ["> ", ">", "> - "])
def test_a_quote_nested_too_deep_is_an_error_at_its_place(
    project: Project, run: Run, marker: str
) -> None:
    """Lines quoting ever deeper cost the renderer the cube of their number (1,000
    took 4.6 s): an error at the first line past 20 levels; 20 are shown."""
    deep = "".join(f"{marker * level}level {level}\n" for level in range(1, 1000))
    err = nesting_is_limited(project, run, deep, f"{marker * 21}level 21")
    assert ":1: a quote nested 21 levels deep: pages show at most 20" in err


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_text_nested_too_deeply_to_render_is_an_error_at_its_place(
    project: Project, run: Run, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """A safety net for shapes of nesting no check knows yet: the renderer's
    RecursionError becomes an error at the text, not an internal error."""
    import generator.render.markdown as markdown

    def recursing(text: str, figures: object = None) -> str:
        if "Too deep here" in text:
            raise RecursionError("maximum recursion depth exceeded")
        return real(text, figures)  # type: ignore[arg-type]

    real = markdown.full_markdown_html
    monkeypatch.setattr(markdown, "full_markdown_html", recursing)
    monkeypatch.setattr(markdown, "simple_markdown_html", lambda text: None)
    project.edit("events.yaml", "summary: ", "summary: Too deep here, ")
    result = run(*project.args(command))
    assert result.code == 1 and "internal error" not in result.err, result.err
    line = project.line_of("events.yaml", "Too deep here")
    assert f"events.yaml:{line}:12: a text nested too deeply for a page to show" in result.err


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_list_nested_too_deep_in_a_quote_is_an_error_at_its_place(
    project: Project, run: Run, command: str
) -> None:
    """300 levels inside a block quote passed the depth check and exhausted the
    renderer's recursion (check: an internal error)."""
    deep = "".join(f"> {'    ' * level}- item {level}\n" for level in range(300))
    article = project.content / "article.md"
    article.write_text(article.read_text(encoding="utf-8") + "\n" + deep, encoding="utf-8")
    result = run(*project.args(command))
    assert result.code == 1 and "internal error" not in result.err, result.err
    line = project.line_of("article.md", "- item 101")
    assert f"article.md:{line}:1: a list nested 101 levels deep: pages show at most 100" in (
        result.err
    )
