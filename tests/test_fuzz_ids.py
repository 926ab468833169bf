"""Property test: ids near the names the layout keeps, given to the story's items.

Each example renames one to three items of the tram story (events, actors, offers,
claims, disputes, sources) wherever the story names them, to ids made of the
layout's own words (`main`, `year-`, `-name`, `-q1`...), the story's other ids,
and characters an id may not hold (tests/test_unique_ids.py: NEAR). The site is
built for real: either a located error, or pages none of which has two elements
with one id; and `check` reaches the same verdict.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.model.idents import is_ident
from tests.fuzz_support import (
    IDS,
    Variant,
    Workspace,
    assert_check_agrees,
    built_variant,
)
from tests.htmlscan import html_pages, scan
from tests.test_fuzz import budget
from tests.test_unique_ids import NEAR

# The items renamed, each named nowhere in the story's quotes (a dimension's id,
# `price`, is a word of them), and the vocabulary's kinds and statuses.
RENAMED = [i for i in IDS if i not in ("price", "delivery")]
# The vocabulary's ids are no item's: the page gives them no element id of their own
# (an actor kind's heading is `kind-{id}`), so only the pages are checked for them.
VOCABULARY = ["organisation", "company", "person", "happened", "expected", "signed", "rejected"]
RENAMED += VOCABULARY
NEW_IDS = st.one_of(NEAR, NEAR, st.sampled_from(IDS), NEAR.map(lambda i: i + "-" + "x"))


def occurrences(name: str) -> re.Pattern[str]:
    """Where the story names an id: as a whole value, in a flow list, in a link; not
    inside a longer id, a file name or an address."""
    return re.compile(rf"(?<![\w./-]){re.escape(name)}(?![\w./-])")


def renamed(text: str, old: str, new: str) -> str:
    """The text with the id renamed: as a YAML string where it is a value, as it is
    where it is a link's target (`actor:{id}`)."""

    def replace(match: re.Match[str]) -> str:
        in_link = text[max(0, match.start() - 7) : match.start()].endswith(
            ("actor:", "event:", "offer:", "source:")
        )
        return new if in_link else json.dumps(new)

    return occurrences(old).sub(replace, text)


@st.composite
def renamings(draw: st.DrawFn) -> tuple[Variant, list[str]]:
    variant = Variant()
    olds = draw(st.lists(st.sampled_from(RENAMED), min_size=1, max_size=3, unique=True))
    news = []
    for old in olds:
        new = draw(NEW_IDS)
        if old not in VOCABULARY:
            news.append(new)
        for name, data in variant.files.items():
            if name.startswith("content/") and isinstance(data, bytes):
                text = data.decode("utf-8")
                variant.files[name] = renamed(text, old, new).encode("utf-8")
        variant.steps.append(f"{old} -> {new!r}")
    return variant, news  # the new ids of the story's items


@pytest.fixture(scope="module")
def workspace() -> Iterator[Workspace]:
    space = Workspace()
    yield space
    space.close()


def duplicate_ids(workspace: Workspace) -> dict[str, list[str]]:
    """For each page, the ids two or more of its elements have."""
    found = {}
    for page in html_pages(workspace.site):
        ids = Counter(e.attrs["id"] for e in scan(page).elements if "id" in e.attrs)
        twice = sorted(i for i, n in ids.items() if n > 1)
        if twice:
            found[page.relative_to(workspace.site).as_posix()] = twice
    return found


@budget(150)
@given(case=renamings())
def test_ids_near_reserved_names_build_or_are_located_errors(
    workspace: Workspace, case: tuple[Variant, list[str]]
) -> None:
    variant, news = case
    built = built_variant(workspace, variant)
    if built.code == 0:
        assert all(is_ident(new) for new in news), "an id the rule refuses was built"
        assert duplicate_ids(workspace) == {}
    assert_check_agrees(workspace, built)
