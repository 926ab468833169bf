"""The facts kept with each item: the cross-checks on them find every problem the walk
of the whole story finds, and a warm build walks only the items it read anew."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import generator.validate
from generator.build import render_site
from generator.cache import BuildCache
from generator.dates import PartialDate
from generator.errors import ContentErrors, Location
from generator.facts import Facts, facts_of
from generator.model import Citation, Event, Markdown, Period, Role
from tests.conftest import Project


def test_the_facts_of_an_item() -> None:
    event = Event(
        id="e",
        date=PartialDate(2024, 5),
        status="happened",
        title="A title",
        summary=Markdown("See [the bid](offer:bid) and [the list](page:offers)."),
        actors=("lakeside", "nordbahn"),
        offers=("bid",),
        citations=(Citation("gazette", "A quote", "Someone", Location("x")),),
    )
    facts = facts_of(event)
    assert facts.texts == (event.summary,)
    assert facts.quotes == ("gazette", "A quote")
    assert sorted(zip(facts.names[::2], facts.names[1::2], strict=True)) == [
        ("actors", "lakeside"),
        ("actors", "nordbahn"),
        ("offers", "bid"),
        ("offers", "bid"),  # in the field, and in the summary's link
        ("pages", "offers"),
        ("sources", "gazette"),
    ]
    assert not facts.odd_periods


@pytest.mark.parametrize(
    "period, odd",
    [
        (Period(start=PartialDate(2020)), False),
        (Period(), True),  # no date at all
        (Period(start=PartialDate(2021), end=PartialDate(2020)), True),
    ],
)
def test_an_odd_period_is_a_fact(period: Period, odd: bool) -> None:
    role = Role("Mayor", period, (Citation("gazette", "Mayor", "Someone"),))
    assert facts_of(role) == Facts((), ("gazette", "Mayor"), ("sources", "gazette"), odd)


# Each edit breaks one thing that only the cross-checks see (the tram story).
CROSS_PROBLEMS = {
    "a reference in a list item": ("events.yaml", "actors: [lakeside]", "actors: [lakesid]"),
    "a reference in the offers file": ("offers.yaml", "seller: nordbahn", "seller: nordbahm"),
    "a key naming a dimension": ("offers.yaml", "      price:", "      prices:"),
    "a link in an item's Markdown": ("events.yaml", "(actor:nordbahn)", "(actor:nordbah)"),
    "a page link in the site file": ("site.yaml", "(page:timeline)", "(page:timelines)"),
    "a link in the article": ("article.md", "(page:offers)", "(page:offer)"),
    "a link in the article's front matter": (
        "article.md",
        "[Nordbahn](event:nordbahn-chosen)",
        "[Nordbahn](event:nordbahn-chose)",
    ),
    "a period without a date": ("actors.yaml", 'as_of: "2024-03-12"', "as_of: null"),
    "a period ending before it starts": (
        "actors.yaml",
        'as_of: "2024-03-12"',
        'start: "2024-03-12"\n        end: "2023-01"',
    ),
    "a duplicate id": ("events.yaml", "- id: first-trams", "- id: council-vote"),
    "an inferred date without its reasoning": ("sources.yaml", "  date_reasoning:", "  notes:"),
}


def build_errors(project: Project, cache: BuildCache | None = None) -> list[str]:
    """The errors a build of the project reports, each as printed."""
    with pytest.raises(ContentErrors) as failure:
        render_site(project.content, project.seeds, None, None, cache, workers=1)
    return [str(error) for error in failure.value.errors]


@pytest.mark.parametrize("problem", CROSS_PROBLEMS)
def test_the_facts_show_every_problem_the_walk_finds(
    project: Project, monkeypatch: pytest.MonkeyPatch, problem: str
) -> None:
    cache = BuildCache(None)
    render_site(project.content, project.seeds, None, None, cache, workers=1)
    project.edit(*CROSS_PROBLEMS[problem])
    from_facts = build_errors(project, cache)
    # The same story checked by walking it whole, whatever its facts say.
    monkeypatch.setattr(generator.validate, "facts_agree", lambda *_args: False)
    walked = build_errors(project)
    assert from_facts == walked
    assert walked


def test_a_story_without_problems_is_not_walked(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    def walked(*_args: Any) -> list[Any]:
        raise AssertionError("the whole story was walked")

    monkeypatch.setattr(generator.validate, "full_cross_check", walked)
    monkeypatch.setattr(generator.validate, "walk", walked)
    render_site(project.content, project.seeds, None, None, None, workers=1)


def test_a_warm_build_finds_the_facts_of_the_items_it_read_anew(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cache"
    render_site(project.content, project.seeds, None, None, BuildCache(folder), 1)
    project.edit("events.yaml", "title: First trams due", "title: First trams late")
    cold, _ = render_site(project.content, project.seeds, None, None, None, 1)
    walked: list[str] = []

    def noting(value: Any) -> Facts:
        walked.append(type(value).__name__)
        return facts_of(value)

    monkeypatch.setattr(generator.validate, "facts_of", noting)
    warm, _ = render_site(project.content, project.seeds, None, None, BuildCache(folder), 1)
    assert warm == cold
    # The edited event, and the parts of the story that are not list items.
    assert sorted(walked) == [
        "ArticleMeta",
        "Dimension",
        "Dimension",
        "Event",
        "Offer",
        "Offer",
        "Site",
    ]
