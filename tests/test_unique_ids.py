"""One id rule for every content id, and no page with two elements of one id.

The layout's own ids (`main`, `year-2024`, `nordbahn-name`, `gazette-q1`) are names
no content id can take (generator/model/idents.py), so a story's ids and the
layout's never meet on a page.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.build import validate_story
from generator.cli import main
from generator.memo.memo import Memo
from generator.model.idents import (
    LAYOUT_NAMES,
    LAYOUT_PREFIXES,
    LAYOUT_SUFFIXES,
    is_ident,
    reserved,
)
from generator.validate.crosscheck import kinds_of_items
from tests.conftest import FIXTURES, REPO, Project, Run
from tests.htmlscan import html_pages, scan

STORIES = {
    "tram": FIXTURES / "tram",
    "transfer": FIXTURES / "transfer",
    "turkey": REPO,
}


@pytest.mark.parametrize("name", sorted(STORIES))
def test_no_page_has_two_elements_with_one_id(name: str, tmp_path: Path) -> None:
    story = STORIES[name]
    content, seeds = tmp_path / "content", tmp_path / "seeds"
    shutil.copytree(story / "content", content)
    shutil.copytree(story / "seeds", seeds)
    site = tmp_path / "site"
    assert main(["build", "-q", "--no-cache", "--content", str(content), "--out", str(site)]) == 0
    items = kinds_of_items(validate_story(content, seeds, Memo())).values()
    content_ids = {item.id for kind in items for item in kind}
    for page in html_pages(site):
        ids = [e.attrs["id"] for e in scan(page).elements if "id" in e.attrs]
        assert [i for i, n in Counter(ids).items() if n > 1] == [], page
        # Each id is the story's own, or one the layout makes that no content id can be.
        made = {i for i in ids if i not in content_ids}
        assert {i for i in made if is_ident(i)} == set(), page


def test_the_reserved_names_cover_every_id_the_theme_writes() -> None:
    written = set()
    for template in (REPO / "generator" / "theme").rglob("*.html"):
        written |= set(re.findall(r'\bid="([^"]*)"', template.read_text(encoding="utf-8")))
    for written_id in sorted(written):
        shape = re.sub(r"\{\{.*?\}\}", "ID", written_id)
        if shape == "ID":
            continue  # a content id as it is, or one the plan makes (tested above)
        names = re.fullmatch(r"(?:([a-z]+)-)?ID(?:-([a-z]+))?|([a-z-]+)", shape)
        assert names, f"an id the theme writes is not covered by idents.py: {written_id}"
        prefix, suffix, name = names.groups()
        assert name is None or name in LAYOUT_NAMES, written_id
        assert prefix is None or prefix in LAYOUT_PREFIXES, written_id
        assert suffix is None or suffix in LAYOUT_SUFFIXES, written_id


# Each id the layout uses or makes, given to an item of the story: the file, the
# item's id, what it is renamed to.
COLLISIONS = [
    line.split()
    for line in """
    events.yaml   council-vote              main
    events.yaml   council-vote              year-2013
    actors.yaml   ana-ruiz                  kind-person
    actors.yaml   ana-ruiz                  lakeside-name
    offers.yaml   sur-bid                   dimension-price
    offers.yaml   officials-later-delivery  dispute-delivery
    sources.yaml  courier                   gazette-q1
    sources.yaml  courier                   gazette-title
    """.strip().splitlines()
]


@pytest.mark.parametrize(("name", "old", "new"), COLLISIONS, ids=[c[2] for c in COLLISIONS])
@pytest.mark.parametrize("command", ["build", "check"])
def test_an_id_the_layout_keeps_is_an_error(
    project: Project, run: Run, command: str, name: str, old: str, new: str
) -> None:
    project.edit(name, f"- id: {old}\n", f"- id: {new}\n")
    result = run(*project.args(command))
    assert result.code == 1
    line = project.line_of(name, f"- id: {new}")
    column = (project.content / name).read_text().split("\n")[line - 1].index(new) + 1
    assert f"{name}:{line}:{column}: the id '{new}' is reserved: the layout" in result.err
    assert "hint: choose another id, e.g. '" in result.err
    assert f"did you mean '{new}'" not in result.err  # never offered in place of another


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_link_to_a_reserved_id_says_it_is_reserved(
    project: Project, run: Run, command: str
) -> None:
    """Was: 'link to unknown event' at each link, beside the error at the event's id."""
    for _link in range(2):  # the "what to know" point's and the text's
        project.edit("article.md", "(event:nordbahn-chosen)", "(event:main)")
    project.edit("events.yaml", "- id: nordbahn-chosen\n", "- id: main\n")
    result = run(*project.args(command))
    assert result.code == 1
    assert "unknown event" not in result.err, result.err
    line = project.line_of("article.md", "(event:main)")
    assert f"article.md:{line}:" in result.err
    assert result.err.count("the id 'main' is reserved: the layout gives 'main'") >= 2


@pytest.mark.parametrize(
    "written",
    [
        r'"china-talks-begin\n"',  # `$` would match before the line break
        r'"council-vote\r"',
        '"çay-talks"',  # ASCII only
        '"council-vote\u0131"',
        '"COUNCIL-VOTE"',
    ],
)
def test_an_id_must_be_all_id(project: Project, run: Run, written: str) -> None:
    project.edit("events.yaml", "- id: council-vote", f"- id: {written}")
    for command in ("build", "check"):
        result = run(*project.args(command))
        assert result.code == 1
        assert re.search(r"events.yaml:2:7: .* the value '.+' is not a valid id", result.err)
        assert "\x1b" not in result.err and "\r" not in result.err


def test_the_suggested_id_is_never_reserved() -> None:
    near = ["main", "the-offers", "year-2013", "kind-year-1", "year-kind-x", "x-q12", "a-name-q1"]
    near += [f"{p}-{s}" for p in LAYOUT_PREFIXES for s in ("name", "title", "q1", "main")]
    for ident in near:
        assert not is_ident(ident)
        why, instead = reserved(ident)
        assert why and is_ident(instead), (ident, instead)
    for ok in ["main-street", "years-2013", "x-quote", "q1", "name", "title-deed", "kinds"]:
        assert is_ident(ok), ok


# Ids near the reserved ones: the layout's words, joined in every way, with a few
# characters an id may not hold.
NEAR = st.lists(
    st.sampled_from(
        [*LAYOUT_NAMES, *LAYOUT_PREFIXES, "name", "title", "q", "q1", "q12", "2013", "x"]
        + ["offers", "names", "Main", "é", "\n", "x\n", "q1\n", "_", ""]
    ),
    min_size=1,
    max_size=4,
).map("-".join)


def reserved_by_words(ident: str) -> bool:
    """The rule in words, for the pattern to agree with: a name the layout uses, a
    first word it puts before ids, a last word it puts after them."""
    first, *rest = ident.split("-")
    return (
        ident in LAYOUT_NAMES
        or (bool(rest) and first in LAYOUT_PREFIXES)
        or (bool(rest) and re.fullmatch("name|title|q[0-9]+", rest[-1]) is not None)
    )


@settings(max_examples=200, derandomize=True, database=None, deadline=None)
@given(NEAR)
def test_the_id_pattern_is_the_rule_in_words(text: str) -> None:
    well_formed = re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", text) is not None
    assert is_ident(text) == (well_formed and not reserved_by_words(text))
    if well_formed and not is_ident(text):
        assert is_ident(reserved(text)[1])


@pytest.mark.parametrize("command", ["build", "check"])
def test_an_id_a_storys_own_template_writes_is_taken(
    project: Project, run: Run, command: str
) -> None:
    """A story's templates may add ids the theme's reserved names do not know: a
    content id equal to one would give a page two elements of that id."""
    templates = project.root / "templates"
    templates.mkdir()
    base = (REPO / "generator" / "theme" / "base.html").read_text(encoding="utf-8")
    added = '<main id="main"', '<p id="council-vote">Our note</p>\n<main id="main"'
    assert added[0] in base
    (templates / "base.html").write_text(base.replace(*added), encoding="utf-8")
    result = run(*project.args(command))
    assert result.code == 1
    line = project.line_of("events.yaml", "- id: council-vote")
    assert (
        f"events.yaml:{line}:7: the id 'council-vote' is one the template "
        f"'{templates / 'base.html'}' writes: a page would have two elements of that id"
    ) in result.err
    project.edit("events.yaml", "- id: council-vote", "- id: council-votes")
    assert run(*project.args(command)).code == 0
