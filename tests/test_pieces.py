"""Pieces of pages kept between builds (generator/pieces.py).

Two promises: a kept piece is never stale (every build with kept pieces equals a
cold build, whatever was edited), and an edit re-renders only the pieces that
show what it changed (seen by marking every kept piece, then editing).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any, NamedTuple

import pytest

import generator.build
import generator.cache
import generator.views
from generator.build import render_site
from generator.cache import (
    BuildCache,
    Sharing,
    read_entry,
    shared_object,
    write_entry,
)
from generator.cache_place import CACHE_FOLDER
from generator.catalog import Catalog
from generator.links import links_from
from generator.model import Source
from generator.pieces import View
from generator.render import make_environment
from generator.validate import load_story
from tests.conftest import Project, Run
from tests.test_cache import same_as_cold

TEMPLATES = Path(__file__).parent.parent / "templates"
KEPT = "<!-- kept -->"


def piece_files(cache_folder: Path) -> list[Path]:
    """The stores of rendered pieces (not those of the pages' structured data)."""
    return sorted(p for p in cache_folder.rglob("pieces/*.pickle") if "json-ld" not in p.name)


class SharedKey(NamedTuple):
    """An object a piece store holds by key (cache.Sharing), read back as its key."""

    key: str


class KeysKept(Sharing):
    """A Sharing that reads the objects stored by key as their keys, and stores them
    back as they were: for rewriting piece stores outside a build."""

    def __init__(self) -> None:
        super().__init__({})
        self.dispatch_table[SharedKey] = lambda shared: (shared_object, (shared.key,))

    def resolve(self, key: str) -> SharedKey:
        return SharedKey(key)


def mark_kept_pieces(cache_folder: Path) -> None:
    """Append a marker to every stored piece: a piece shown with it was not rendered again."""
    files = piece_files(cache_folder)
    assert len(files) == 4, files
    for path in files:
        stored = read_entry(path, KeysKept())
        stored["entries"] = {
            key: (depends, html + KEPT.encode())
            for key, (depends, html) in stored["entries"].items()
        }
        write_entry(path, stored, KeysKept())


def kept_and_rendered(html: str, kind: str) -> tuple[set[str], set[str]]:
    """The ids of the page's pieces (elements of class `kind`) shown as kept, and as
    rendered now: a piece's marker comes before the next piece starts."""
    starts = list(re.finditer(rf'<[a-z]+ id="([^"]+)" class="{kind}[ "]', html))
    kept, rendered = set(), set()
    for start, after in zip(starts, [*starts[1:], None], strict=True):
        piece = html[start.start() : after.start() if after else len(html)]
        (kept if KEPT in piece else rendered).add(start[1])
    return kept, rendered


def build_marked_then(project: Project, run: Run, edit: tuple[str, str, str]) -> dict[str, str]:
    """Build, mark the kept pieces, make the edit and build again: the pages, as text."""
    assert run(*project.args("build", "-q")).code == 0
    mark_kept_pieces(project.root / CACHE_FOLDER)
    project.edit(*edit)
    result = run(*project.args("build", "-q"))
    assert result.code == 0, result.err
    return {
        name: (project.site / name / "index.html").read_text(encoding="utf-8")
        for name in ("timeline", "actors", "sources", "offers")
    }


def offer_events_kept(html: str) -> dict[str, bool]:
    """Whether each event listed under an offer on the offers page (by id) was shown
    as kept: its <li> is followed by the marker."""
    return {
        event_id: marker == KEPT
        for event_id, marker in re.findall(
            r'<li>[^\n]*<a href="../timeline/#([^"]+)">[^\n]*</li>\n(<!-- kept -->)?', html
        )
    }


def test_an_edited_event_renders_only_the_pieces_that_show_it(project: Project, run: Run) -> None:
    pages = build_marked_then(
        project, run, ("events.yaml", "title: First trams due", "title: First trams late")
    )
    assert kept_and_rendered(pages["timeline"], "event") == (
        {"council-vote", "nordbahn-chosen"},
        {"first-trams"},
    )
    # Nordbahn's entry lists the event by its title; the others do not show it.
    kept, rendered = kept_and_rendered(pages["actors"], "actor")
    assert rendered == {"nordbahn"} and "lakeside" in kept and "ana-ruiz" in kept
    # The passage the event quotes names it among its uses.
    kept, rendered = kept_and_rendered(pages["sources"], "excerpt")
    assert rendered == {"gazette-q4"} and "gazette-q1" in kept
    assert "First trams late" in pages["sources"] and "First trams due" not in pages["sources"]
    # No offer concerns the event: the offers page keeps the events it lists.
    assert offer_events_kept(pages["offers"]) == {"nordbahn-chosen": True}


def test_an_edited_event_renders_again_where_an_offer_lists_it(project: Project, run: Run) -> None:
    edit = ("events.yaml", "title: Council chooses Nordbahn", "title: Council picks Nordbahn")
    pages = build_marked_then(project, run, edit)
    assert offer_events_kept(pages["offers"]) == {"nordbahn-chosen": False}
    assert ">Council picks Nordbahn</a></li>" in pages["offers"]


def test_a_renamed_actor_renders_the_events_that_name_it(project: Project, run: Run) -> None:
    rename = ("actors.yaml", "name: Nordbahn\n", "name: Nordbahn AG\n")
    pages = build_marked_then(project, run, rename)
    assert kept_and_rendered(pages["timeline"], "event") == (
        {"council-vote"},
        {"nordbahn-chosen", "first-trams"},
    )
    # Lakeside's entry names the offer it received by its seller: "Nordbahn AG: Tram line".
    kept, rendered = kept_and_rendered(pages["actors"], "actor")
    assert rendered == {"nordbahn", "lakeside"} and "ana-ruiz" in kept
    assert pages["timeline"].count(">Nordbahn AG</a>") == 2
    assert ">Nordbahn AG: Tram line</a>" in pages["actors"]


def views_gathered(
    project: Project, monkeypatch: pytest.MonkeyPatch, edit: tuple[str, str, str], kind: str
) -> list[str]:
    """The ids of the items whose views of `kind` ("event", "actor") a build gathers
    after `edit` (its cache made by a build before it); the build must equal a cold one."""
    cache = BuildCache(None)
    render_site(project.content, project.seeds, None, None, cache, workers=1)
    project.edit(*edit)
    cold, _ = render_site(project.content, project.seeds, None, None, None, workers=1)
    gathered: list[str] = []
    view_of = getattr(generator.views.Views, f"{kind}_view")

    def noting(views: generator.views.Views, item: Any) -> View:
        gathered.append(item.id)
        return view_of(views, item)

    monkeypatch.setattr(generator.views.Views, f"{kind}_view", noting)
    warm, _ = render_site(project.content, project.seeds, None, None, cache, workers=1)
    assert warm == cold
    return gathered


def passages_gathered(
    project: Project, monkeypatch: pytest.MonkeyPatch, edit: tuple[str, str, str]
) -> list[str]:
    """The anchors of the passages whose views a build gathers after `edit` (its cache
    made by a build before it); the build must equal a cold one."""
    cache = BuildCache(None)
    render_site(project.content, project.seeds, None, None, cache, workers=1)
    project.edit(*edit)
    cold, _ = render_site(project.content, project.seeds, None, None, None, workers=1)
    gathered: list[str] = []
    passage_view = generator.views.Views.passage_view

    def noting(views: generator.views.Views, source: Source, index: int) -> View:
        view = passage_view(views, source, index)
        gathered.append(view.depends[0])
        return view

    monkeypatch.setattr(generator.views.Views, "passage_view", noting)
    warm, _ = render_site(project.content, project.seeds, None, None, cache, workers=1)
    assert warm == cold
    return gathered


def test_passages_kept_as_they_are_need_no_view(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The passage the event quotes lists it by its title: it alone is gathered.
    edit = ("events.yaml", "title: First trams due", "title: First trams late")
    assert passages_gathered(project, monkeypatch, edit) == ["gazette-q4"]
    # An actor's role names the passages its citations quote.
    edit = ("actors.yaml", "title: Mayor\n", "title: Mayor of Lakeside\n")
    assert passages_gathered(project, monkeypatch, edit) == ["gazette-q2"]


@pytest.mark.parametrize(
    "edit",
    [
        ("sources.yaml", "publisher: Lakeside Gazette", "publisher: The Gazette"),
        ("offers.yaml", "label: Delivery\n", "label: Delivery date\n"),
        ("offers.yaml", "attributed_to: officials\n    terms", "attributed_to: staff\n    terms"),
    ],
    ids=["publisher", "dimension-label", "offer-attribution"],
)
def test_when_what_passages_look_up_changes_every_passage_view_is_gathered(
    project: Project, monkeypatch: pytest.MonkeyPatch, edit: tuple[str, str, str]
) -> None:
    site, _ = render_site(project.content, project.seeds, None, None, None, workers=1)
    passages = re.findall(r'<li id="([^"]+)" class="excerpt"', site["sources/index.html"].decode())
    assert sorted(passages_gathered(project, monkeypatch, edit)) == sorted(passages)


def test_entries_kept_as_they_are_need_no_view(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit = ("events.yaml", "title: First trams due", "title: First trams late")
    assert views_gathered(project, monkeypatch, edit, "event") == ["first-trams"]
    # The actors the event names list it: theirs alone are gathered.
    edit = ("events.yaml", "title: First trams late", "title: First trams later")
    assert views_gathered(project, monkeypatch, edit, "actor") == ["nordbahn"]


@pytest.mark.parametrize(
    "edit",
    [
        ("actors.yaml", "name: Lakeside city council", "name: Lakeside council"),  # no seller
        ("sources.yaml", "publisher: Lakeside Gazette", "publisher: The Gazette"),
        ("offers.yaml", "system: Tram line\n    seller: n", "system: Tram\n    seller: n"),
        ("events.yaml", "Councillors will vote on the final budget in May.", "Councillors"),
    ],
    ids=["actor-name", "publisher", "offer-label", "quote"],
)
def test_when_what_entries_look_up_changes_every_view_is_gathered(
    project: Project, monkeypatch: pytest.MonkeyPatch, edit: tuple[str, str, str]
) -> None:
    gathered = views_gathered(project, monkeypatch, edit, "event")
    assert sorted(gathered) == ["council-vote", "first-trams", "nordbahn-chosen"]


def test_when_an_offer_changes_hands_every_actor_view_is_gathered(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Who buys an offer is in no actor's or event's item, nor in the offer's label.
    edit = (
        "offers.yaml",
        "seller: ferrocarril-sur\n    buyer: lakeside",
        "seller: ferrocarril-sur\n    buyer: ana-ruiz",
    )
    gathered = views_gathered(project, monkeypatch, edit, "actor")
    assert sorted(gathered) == ["ana-ruiz", "ferrocarril-sur", "lakeside", "nordbahn"]


@pytest.mark.parametrize(
    "edit",
    [
        ("actors.yaml", "name: Nordbahn\n", "name: Nordbahn AG\n"),
        ("actors.yaml", "name: Lakeside city council", "name: Lakeside council"),
        ("sources.yaml", "publisher: Lakeside Gazette", "publisher: The Lakeside Gazette"),
        ("offers.yaml", "system: Tram line\n    seller: n", "system: Tram\n    seller: n"),
        ("events.yaml", "title: Council chooses Nordbahn", "title: Council picks Nordbahn"),
        ("events.yaml", 'date: "2024-03-12"', 'date: "2024-03-13"'),
        ("events.yaml", "status: expected\n  title: First", "status: reported\n  title: First"),
        # A quote earlier in the gazette than any other: every gazette passage is
        # numbered one further on, in the anchors the events and actors link to.
        (
            "events.yaml",
            "      attributed_to: Lakeside Courier",
            "      attributed_to: Lakeside Courier\n"
            "    - source: gazette\n"
            "      quote: Lakeside picks Nordbahn for its first tram line\n"
            "      attributed_to: Lakeside Gazette",
        ),
        ("actors.yaml", "title: Mayor\n", "title: Mayor of Lakeside\n"),
        ("events.yaml", "attributed_to: the council", "attributed_to: the city council"),
        ("offers.yaml", "label: Delivery\n", "label: Delivery date\n"),
        ("offers.yaml", "attributed_to: officials\n    terms", "attributed_to: staff\n    terms"),
    ],
    ids=[
        "actor-name",
        "organisation-name",
        "publisher",
        "offer-label",
        "event-title",
        "event-date",
        "event-status",
        "passages-renumbered",
        "role-title",
        "event-attribution",
        "dimension-label",
        "offer-attribution",
    ],
)
def test_kept_pieces_are_never_stale(
    project: Project, run: Run, tmp_path: Path, edit: tuple[str, str, str]
) -> None:
    before = same_as_cold(project, run, tmp_path)
    project.edit(*edit)
    after = same_as_cold(project, run, tmp_path)  # the warm build equals a cold one
    assert after != before


def test_an_edited_partial_renders_every_piece_again(
    project: Project, run: Run, tmp_path: Path
) -> None:
    shutil.copytree(TEMPLATES, project.root / "templates")
    same_as_cold(project, run, tmp_path)
    partial = project.root / "templates" / "partials" / "event.html"
    partial.write_text(
        partial.read_text(encoding="utf-8").replace("<h3>", '<h3 class="event-title">'),
        encoding="utf-8",
    )
    site = same_as_cold(project, run, tmp_path)
    assert site["timeline/index.html"].count(b'<h3 class="event-title">') == 3


def test_a_partial_cannot_read_the_catalog(project: Project, run: Run) -> None:
    """What a partial shows must come from its view, or keeping its HTML would be unsafe."""
    shutil.copytree(TEMPLATES, project.root / "templates")
    partial = project.root / "templates" / "partials" / "event.html"
    partial.write_text(
        partial.read_text(encoding="utf-8").replace(
            "<h3>", "<h3>{{ catalog.events_of(event) | length }}"
        ),
        encoding="utf-8",
    )
    result = run(*project.args("build"))
    assert result.code == 1
    assert "template error: 'catalog' is undefined" in result.err
    assert not project.site.exists()


def test_a_damaged_piece_file_is_rebuilt(project: Project, run: Run, tmp_path: Path) -> None:
    same_as_cold(project, run, tmp_path)
    files = piece_files(project.root / CACHE_FOLDER)
    for path in files:
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    same_as_cold(project, run, tmp_path)
    assert all(read_entry(path, KeysKept()) is not None for path in files)


def test_pages_rendered_in_worker_processes_keep_their_pieces(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold, _ = render_site(project.content, project.seeds, None, None, None, workers=1)
    monkeypatch.setattr(generator.build, "PARALLEL_MINIMUM", 1)
    folder = tmp_path / "cache"
    first, _ = render_site(project.content, project.seeds, None, None, BuildCache(folder), 2)
    assert first == cold
    mark_kept_pieces(folder)  # saved by the workers, which rendered the pages
    again, _ = render_site(project.content, project.seeds, None, None, BuildCache(folder), 2)
    timeline = again["timeline/index.html"].decode()
    assert kept_and_rendered(timeline, "event") == (
        {"council-vote", "nordbahn-chosen", "first-trams"},
        set(),
    )


@pytest.mark.parametrize(
    "period",
    [
        'as_of: "2024-03-12"',
        'start: "2023"\n        end: "2024-03"',
        'start: "2023-05-01"',
        'end: "2024"\n        as_of: "2024-06"',
    ],
)
def test_the_partials_write_out_what_the_macros_and_includes_would(
    project: Project, period: str
) -> None:
    """partials/actor.html and partials/offer_event.html write out macros.html's
    period and date and partials/citations.html (a macro call or an include per
    entry costs more than its markup): what they write must stay what those would."""
    project.edit("actors.yaml", 'as_of: "2024-03-12"', period)
    project.edit("events.yaml", 'date: "2024-03-12"', 'date: "2024-03-12"\n  approximate: true')
    site, _ = render_site(project.content, project.seeds, None, None, None, workers=1)
    story = load_story(project.content, project.seeds)
    environment = make_environment(TEMPLATES)
    views = generator.views.Views(Catalog(story))
    macros = environment.get_template("macros.html").module
    citations = environment.get_template("partials/citations.html")
    actors, offers = (site[f"{page}/index.html"].decode() for page in ("actors", "offers"))
    role = next(role for actor in story.actors for role in actor.roles)
    written = f", {macros.period(role.period)}\n" + citations.render(
        citations=views.quoted(role.citations), link=links_from("../")
    )
    assert written in actors
    for event in (e for e in story.events if e.offers):
        date = macros.date(event.date, event.approximate, event.by_date)
        assert f'<li>{date}: <a href="../timeline/#{event.id}">' in offers
