"""The explainer reads like one: a dateline of when it was published, updated and
current to; each name and event linked where it first comes up; typographic quotes
and dashes in the prose, while a quote from a source stays as the source has it; and
no wording meant for the newsroom shown to readers."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from generator.render.markdown import first_links_only
from generator.render.typography import typeset
from tests.conftest import REPO, Project, Run
from tests.test_editorial import built, text_of


def prose_of(page: Path) -> str:
    """The HTML of the explainer's body text."""
    html = page.read_text(encoding="utf-8")
    return html[html.index('<div class="prose">') : html.index("</article>")]


def built_with_more_text(project: Project, run: Run, more: str) -> Path:
    """The story built with `more` added to the explainer's text, after its first link."""
    project.edit(
        "article.md", "See the [bids](page:offers).", "See the [bids](page:offers)." + more
    )
    return built(project, run)


def quotes_on(page: Path) -> list[str]:
    """The text of each quote from a source (<q>) on a page."""
    return [unescape(q) for q in re.findall(r"<q>(.*?)</q>", page.read_text(encoding="utf-8"))]


# -- typography ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("Turkey's deal", "Turkey\u2019s deal"),
        ('the "final stage", he said', "the \u201cfinal stage\u201d, he said"),
        ("('quoted')", "(\u2018quoted\u2019)"),
        ("2013 -- 2019 and a pause --- then", "2013 \u2013 2019 and a pause \u2014 then"),
        ("a spaced - hyphen, S-400 and F-35", "a spaced \u2013 hyphen, S-400 and F-35"),
        (
            'a tag typed as text, <b class="x">"as typed"</b>',
            'a tag typed as text, <b class="x">\u201cas typed\u201d</b>',
        ),
    ],
)
def test_straight_marks_are_typeset(written: str, shown: str) -> None:
    assert typeset(written) == shown


def test_a_mark_after_markup_turns_by_the_text_before_it() -> None:
    assert typeset('" and more', before="d") == "\u201d and more"  # closes: after a word
    assert typeset('"a', before=" ") == "\u201ca"  # opens: after a space


def test_prose_is_typeset_but_a_quote_from_a_source_is_shown_as_the_source_has_it(
    project: Project, run: Run
) -> None:
    with (project.content / "vocabulary.yaml").open("a", encoding="utf-8") as vocabulary:
        vocabulary.write("words:\n  what_to_know: What the mayor's office knows\n")
    more = ' The mayor\'s "best offer" -- as [she](actor:ana-ruiz) put it -- won.'
    site = built_with_more_text(project, run, more + '\n\nCode stays as typed: `"x" -- y`.')
    prose = prose_of(site / "index.html")
    assert "Lakeside\u2019s council" in prose
    assert "The mayor\u2019s \u201cbest offer\u201d \u2013 as " in prose
    assert "</a> put it \u2013 won." in prose
    # Titles and the page wording are typeset too: the nav's "Who's who" (a page title),
    # the site's title, and the story's own word with an apostrophe.
    page = text_of(site / "index.html")
    assert "Who\u2019s who" in page and "Lakeside\u2019s tram decision" in page
    assert "What the mayor\u2019s office knows" in page
    assert "<code>&quot;x&quot; -- y</code>" in prose or '<code>"x" -- y</code>' in prose
    seeds = "".join(p.read_text(encoding="utf-8") for p in project.seeds.iterdir())
    quotes = quotes_on(site / "index.html")
    chosen = "Lakeside city council on Tuesday chose Nordbahn to build the city's first tram line"
    assert chosen in quotes
    for quote in quotes:
        assert " ".join(quote.split()) in " ".join(seeds.split()), quote


def test_every_quote_on_the_real_site_is_the_seed_text_byte_for_byte(
    run: Run, tmp_path: Path
) -> None:
    result = run("build", "--content", str(REPO / "content"), "--out", str(tmp_path / "site"))
    assert result.code == 0, result.err
    seeds = " ".join(
        " ".join(p.read_text(encoding="utf-8").split()) for p in (REPO / "seeds").iterdir()
    )
    pages = list((tmp_path / "site").rglob("*.html"))
    quotes = [quote for page in pages for quote in quotes_on(page)]
    assert len(quotes) > 20
    for quote in quotes:
        assert " ".join(quote.split()) in seeds, quote
    index = prose_of(tmp_path / "site/index.html")
    assert '"' not in re.sub(r"<[^>]*>", "", index)  # every mark in the prose is curled
    assert "Turkey\u2019s search" in index


# -- links: the first mention only ---------------------------------------------------


def test_first_links_only_keeps_the_first_link_to_each_address() -> None:
    html = (
        '<p><a href="a/">One</a>, <a href="b/" title="t">two</a> and <a href="a/">'
        "<em>one again</em></a>.</p>"
    )
    assert first_links_only(html) == (
        '<p><a href="a/">One</a>, <a href="b/" title="t">two</a> and <em>one again</em>.</p>'
    )


def test_the_explainer_links_each_entry_at_its_first_mention_only(
    project: Project, run: Run
) -> None:
    more = (
        "\n\nThe [council chose](event:nordbahn-chosen) again;"
        " [Ana Ruiz](actor:ana-ruiz) and [Ana Ruiz](actor:ana-ruiz) said so."
    )
    site = built_with_more_text(project, run, more)
    prose = prose_of(site / "index.html")
    links = re.findall(r'<a href="([^"]*)"', prose)
    assert links == ["../timeline/#nordbahn-chosen", "../offers/", "../actors/#ana-ruiz"] or (
        links == ["timeline/#nordbahn-chosen", "offers/", "actors/#ana-ruiz"]
    )
    assert "The council chose again; " in text_of(site / "index.html")
    assert "Ana Ruiz and Ana Ruiz said so." in text_of(site / "index.html")


def test_the_real_explainer_links_no_address_twice(run: Run, tmp_path: Path) -> None:
    result = run("build", "--content", str(REPO / "content"), "--out", str(tmp_path / "site"))
    assert result.code == 0, result.err
    links = re.findall(r'<a href="([^"]*)"', prose_of(tmp_path / "site/index.html"))
    assert len(links) == len(set(links))
    assert 20 <= len(links) <= 32


# -- the dateline --------------------------------------------------------------------


def dateline_of(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    line = re.search(r'<p class="dateline">(.*?)</p>', html, re.S)
    assert line is not None
    return " ".join(unescape(re.sub(r"<[^>]+>", "", line[1])).split())


def test_the_dateline_says_published_updated_and_facts_as_of(project: Project, run: Run) -> None:
    site = built(project, run)
    assert dateline_of(site / "index.html") == "Published 20 March 2024 · Facts as of 12 March 2024"
    project.edit("article.md", 'as_of: "2024-03-12"', 'as_of: "2024-03-12"\nupdated: "2024-04-01"')
    site = built(project, run)
    assert dateline_of(site / "index.html") == (
        "Published 20 March 2024 · Updated 1 April 2024 · Facts as of 12 March 2024"
    )
    project.edit(
        "site.yaml",
        "language: en\n",
        'language: en\ncorrections:\n  - date: "2024-04-02"\n    text: A fix.\n',
    )
    site = built(project, run)
    html = (site / "index.html").read_text(encoding="utf-8")
    assert dateline_of(site / "index.html") == (
        "Published 20 March 2024 · Updated 2 April 2024 · Facts as of 12 March 2024"
    )
    assert 'href="sources/#corrections">Updated' in html


def test_an_update_before_publication_is_an_error(project: Project, run: Run) -> None:
    project.edit("article.md", 'as_of: "2024-03-12"', 'as_of: "2024-03-12"\nupdated: "2024-03-01"')
    result = run(*project.args("check"))
    assert result.code == 1
    assert "updated (2024-03-01) is before published (2024-03-20)" in result.err


# -- wording for readers -------------------------------------------------------------

INTERNAL_WORDING = [
    "captured text",
    "In the sources:",
    "the text carries no date",
    "inferred:",
    "seed",
    "date_basis",
    "as_written",
    "Corrected ",
]


def test_no_internal_wording_reaches_readers(run: Run, tmp_path: Path) -> None:
    result = run("build", "--content", str(REPO / "content"), "--out", str(tmp_path / "site"))
    assert result.code == 0, result.err
    for page in (tmp_path / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        html = re.sub(r"<script.*?</script>", "", html, flags=re.S)  # not shown
        text = unescape(re.sub(r"<[^>]+>", " ", html))
        for phrase in INTERNAL_WORDING:
            assert phrase not in text, (page.name, phrase)
    actors = text_of(tmp_path / "site/actors/index.html")
    assert "Also appears as \u201cNato\u201d" in actors
    sources = text_of(tmp_path / "site/sources/index.html")
    assert "(not stated in the source: worked out as below)" in sources


def test_a_source_address_is_shown_by_its_site(project: Project, run: Run) -> None:
    site = built(project, run)
    html = (site / "sources/index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="https://gazette.example/tram"[^>]*>gazette.example</a>', html)
