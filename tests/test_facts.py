"""The facts kept with each item: the cross-checks on them find every problem the walk
of the whole story finds, and a warm build walks only the items it read anew."""

from __future__ import annotations

import dataclasses
import sys
from itertools import chain
from pathlib import Path
from typing import Any

import pytest

import generator.validate.crosscheck
import generator.validate.quote_check
import generator.validate.reading
import generator.validate.story
from generator.build import render_project, validate_story
from generator.errors import ContentErrors, Location
from generator.memo.memo import Memo
from generator.memo.store import MemoStore
from generator.model.dates import PartialDate
from generator.model.fields import Markdown
from generator.model.story import Citation, Event, Period, Role
from generator.validate.crosscheck import story_parts
from generator.validate.facts import (
    Facts,
    facts_of,
    internal_links,
    link_kind,
    markdown_fields,
    period_is_odd,
    walk,
)
from tests.conftest import REPO, Project

FIXTURES = REPO / "tests" / "fixtures"
sys.path.insert(0, str(REPO / "bench"))

import synth  # noqa: E402


def test_the_facts_of_an_item() -> None:
    event = Event(
        id="e",
        date=PartialDate(2024, 5),
        status="happened",
        title="A title",
        summary=Markdown("See [the bid](offer:bid) and [the list](page:offers)."),
        actors=("lakeside", "nordbahn"),
        offers=("bid",),
        citations=(Citation("gazette", "A quote", speaker_name="Someone", where=Location("x")),),
    )
    facts = facts_of(event)
    assert facts.texts == (event.summary,)
    assert facts.quotes == ("gazette", "A quote")
    assert sorted(zip(facts.names[::2], facts.names[1::2], strict=True)) == [
        ("actors", "lakeside"),
        ("actors", "nordbahn"),
        ("event_statuses", "happened"),
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
    role = Role("Mayor", period, (Citation("gazette", "Mayor", speaker_name="Someone"),))
    assert facts_of(role) == Facts((), ("gazette", "Mayor"), ("sources", "gazette"), odd)


def walked_facts(value: Any) -> Facts:
    """The facts of a model object as the entries of walk() show them: what facts_of
    must gather in its one pass."""
    entries = walk(value)
    texts = tuple(text for _owner, _f, text in markdown_fields(entries))
    quotes: list[str] = []
    names: list[str] = []
    for _owner, f, child in entries:
        if f.name == "citations":
            quotes += chain.from_iterable((c.source, c.quote) for c in child)
        kind = f.metadata.get("ref") or f.metadata.get("key_ref")
        if kind and child is not None:
            names += chain.from_iterable(
                (kind, name) for name in (child if isinstance(child, tuple | dict) else (child,))
            )
    names += chain.from_iterable(
        (link_kind(link.group(1)), link.group(2)) for text in texts for link in internal_links(text)
    )
    odd = any(period_is_odd(c) for _o, _f, c in entries if isinstance(c, Period))
    return Facts(texts, tuple(quotes), tuple(names), odd)


@pytest.mark.parametrize("story_of", ["the real story", "the tram story", "a synthetic story"])
def test_facts_of_gathers_what_the_walk_lists(story_of: str, tmp_path: Path) -> None:
    if story_of == "the real story":
        content, seeds = REPO / "content", REPO / "seeds"
    elif story_of == "the tram story":
        content, seeds = FIXTURES / "tram" / "content", FIXTURES / "tram" / "seeds"
    else:
        synth.write_story(3, tmp_path)
        content, seeds = tmp_path / "content", tmp_path / "seeds"
    story = validate_story(content, seeds, Memo())
    parts = [*story_parts(story), *story.events, *story.actors, *story.sources]
    # Every kind of fact is there to be gathered.
    assert all(any(walked_facts(part)[kind] for part in parts) for kind in range(3))
    for part in parts:
        assert facts_of(part) == walked_facts(part)


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


def rendered(project: Project, memo: Memo) -> dict[str, bytes]:
    """The files of the project's site, its results kept in `memo` for the next build."""
    files, _ = render_project(project.content, project.seeds, None, None, memo)
    memo.save()
    return files


def build_errors(project: Project, memo: Memo | None = None) -> list[str]:
    """The errors a build of the project reports, each as printed."""
    with pytest.raises(ContentErrors) as failure:
        rendered(project, memo or Memo())
    return [str(error) for error in failure.value.errors]


@pytest.mark.parametrize("problem", CROSS_PROBLEMS)
def test_the_facts_show_every_problem_the_walk_finds(
    project: Project, monkeypatch: pytest.MonkeyPatch, problem: str
) -> None:
    memo = Memo(MemoStore(None))
    rendered(project, memo)
    project.edit(*CROSS_PROBLEMS[problem])
    from_facts = build_errors(project, memo)
    # The same story checked by walking it whole, whatever its facts say.
    monkeypatch.setattr(generator.validate.crosscheck, "facts_agree", lambda *_args: False)
    walked = build_errors(project)
    assert from_facts == walked
    assert walked


def test_a_story_without_problems_is_not_walked(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    def walked(*_args: Any) -> list[Any]:
        raise AssertionError("the whole story was walked")

    monkeypatch.setattr(generator.validate.crosscheck, "full_cross_check", walked)
    for module in (generator.validate.crosscheck, generator.validate.quote_check):
        monkeypatch.setattr(module, "walk", walked)
    rendered(project, Memo())


def test_a_warm_build_finds_the_facts_of_the_items_it_read_anew(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cache"
    rendered(project, Memo(MemoStore(folder)))
    project.edit("events.yaml", "title: First trams due", "title: First trams late")
    cold = rendered(project, Memo())
    walked: list[str] = []

    def noting(value: Any) -> Facts:
        walked.append(type(value).__name__)
        return facts_of(value)

    for module in (generator.validate.reading, generator.validate.story):
        monkeypatch.setattr(module, "facts_of", noting)
    warm = rendered(project, Memo(MemoStore(folder)))
    assert warm == cold
    # The edited event, and the parts of the story that are not list items.
    assert sorted(walked) == [
        "ArticleMeta",
        "Dimension",
        "Dimension",
        "Dispute",
        "Event",
        "Offer",
        "Offer",
        "Site",
        "Vocabulary",
    ]


def model_objects(value: Any) -> list[Any]:
    """Every model object within a value (itself included), depth first."""
    found = []
    if isinstance(value, tuple | list):
        for item in value:
            found += model_objects(item)
    elif isinstance(value, dict):
        for item in value.values():
            found += model_objects(item)
    elif dataclasses.is_dataclass(value) and hasattr(value, "where"):
        found.append(value)
        for name, child in vars(value).items():
            if name != "where":
                found += model_objects(child)
    return found
