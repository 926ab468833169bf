"""The build cache: reused when it can be, never trusted when it should not be.

Every test compares a build that used the cache with a cold build of the same
input (`--no-cache`, into another folder): they must be byte-identical.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import generator.build
import generator.cache
import generator.validate
from generator.build import build_site, render_site
from generator.cache import (
    MAX_PARTS,
    SHARDS,
    BuildCache,
    ItemStore,
    Shards,
    Sharing,
    read_entry,
    shard_of,
    shard_pickles,
    write_entry,
)
from generator.cache_place import CACHE_FOLDER
from generator.errors import ContentErrors
from generator.facts import Facts
from generator.model import Actor, Citation, Event
from generator.parallel import children_finish_later
from generator.precompile import BUNDLED_TEMPLATES
from generator.validate import cut_list, item_keys, load_story
from tests.conftest import Project, Run


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def same_as_cold(project: Project, run: Run, tmp_path: Path, *extra: str) -> dict[str, bytes]:
    """Build with the cache and without; assert both trees are equal; return it."""
    warm = run(*project.args("build", "-q", *extra))
    assert warm.code == 0, warm.err
    cold_out = tmp_path / "cold"
    cold = run(
        "build",
        "-q",
        "--no-cache",
        "--content",
        str(project.content),
        "--out",
        str(cold_out),
        *extra,
    )
    assert cold.code == 0, cold.err
    assert snapshot(project.site) == snapshot(cold_out)
    return snapshot(project.site)


def cache_files(project: Project) -> list[str]:
    root = project.root / CACHE_FOLDER
    return sorted(str(p.relative_to(root)) for p in root.rglob("*.pickle"))


def test_the_build_fills_the_cache_and_reuses_it(
    project: Project, run: Run, tmp_path: Path
) -> None:
    first = same_as_cold(project, run, tmp_path)
    assert ["/".join(name.split("/")[1:]) for name in cache_files(project)] == [
        "json.pickle",
        "markdown.pickle",
        "parsed.pickle",
        "pieces/actors--json-ld.pickle",
        "pieces/actors--partials-actor.html.pickle",
        "pieces/offers--partials-offer_event.html.pickle",
        "pieces/sources--partials-excerpt.html.pickle",
        "pieces/timeline--json-ld.pickle",
        "pieces/timeline--partials-event.html.pickle",
        "quotes.pickle",
    ]
    cache = BuildCache(project.root / CACHE_FOLDER)
    assert len(cache.parsed) == 4 + 3 + 2  # actors, events and sources, one entry each
    assert len(cache.markdown) > 5
    assert same_as_cold(project, run, tmp_path) == first


def test_an_edited_item_is_read_again(project: Project, run: Run, tmp_path: Path) -> None:
    same_as_cold(project, run, tmp_path)
    project.edit("events.yaml", "title: Council chooses Nordbahn", "title: Council picks Nordbahn")
    site = same_as_cold(project, run, tmp_path)
    assert b"Council picks Nordbahn" in site["timeline/index.html"]


def test_a_moved_item_keeps_correct_line_numbers(project: Project, run: Run) -> None:
    assert run(*project.args("build", "-q")).code == 0
    # Two new lines above the last events: their cached copies have moved down the file.
    project.edit("events.yaml", "- id: council-vote", "# a note\n# another\n- id: council-vote")
    # The cached, unchanged event now names an actor that no longer exists.
    project.edit("actors.yaml", "- id: nordbahn\n", "- id: nordbahn-ag\n")
    project.edit("offers.yaml", "seller: nordbahn\n", "seller: nordbahn-ag\n")
    project.edit("events.yaml", "actors: [lakeside, nordbahn]", "actors: [lakeside, nordbahn-ag]")
    line = project.line_of("events.yaml", "  actors: [nordbahn]")
    result = run(*project.args("build"))
    assert result.code == 1
    assert f"events.yaml:{line}:11: actors: unknown actor 'nordbahn'" in result.err


def test_a_changed_seed_is_checked_again(project: Project, run: Run) -> None:
    assert run(*project.args("build", "-q")).code == 0
    seed = project.seeds / "gazette.txt"
    seed.write_text(seed.read_text().replace("The contract is worth €210m.", "The deal is big."))
    result = run(*project.args("build"))
    assert result.code == 1
    assert "quote not found in source 'gazette'" in result.err


def test_quotes_are_found_again_in_a_changed_seed(
    project: Project, run: Run, tmp_path: Path
) -> None:
    same_as_cold(project, run, tmp_path)
    before = set(BuildCache(project.root / CACHE_FOLDER).quotes)
    seed = project.seeds / "gazette.txt"
    seed.write_text("A new first line moves every quote.\n" + seed.read_text())
    same_as_cold(project, run, tmp_path)  # passages and their anchors as if cold
    after = set(BuildCache(project.root / CACHE_FOLDER).quotes)
    assert len(after) == len({(c.source, c.quote) for c in citations(project)})
    gazette_quotes = {c.quote for c in citations(project) if c.source == "gazette"}
    changed = after - before
    assert gazette_quotes and {key.split("\0", 1)[1] for key in changed} == gazette_quotes


def citations(project: Project) -> list[Citation]:
    story = load_story(project.content, project.seeds)
    return (
        [c for event in story.events for c in event.citations]
        + [c for actor in story.actors for role in actor.roles for c in role.citations]
        + [c for offer in story.offers for c in offer.citations]
        + [
            c
            for offer in story.offers
            for cell in offer.terms.values()
            for claim in cell.claims
            for c in claim.citations
        ]
    )


def test_a_changed_template_is_compiled_again(project: Project, run: Run, tmp_path: Path) -> None:
    templates = project.root / "templates"
    source = Path(BUNDLED_TEMPLATES)
    for path in source.rglob("*"):
        if path.is_file():
            target = templates / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    same_as_cold(project, run, tmp_path)
    page = templates / "not_found.html"
    page.write_text(page.read_text().replace("Error 404", "Nothing here (404)"))
    site = same_as_cold(project, run, tmp_path)
    assert b"Nothing here (404)" in site["404.html"]


def test_settings_do_not_leak_between_builds(project: Project, run: Run, tmp_path: Path) -> None:
    same_as_cold(project, run, tmp_path)
    site = same_as_cold(project, run, tmp_path, "--base-url", "https://example.org/tram/")
    assert b"https://example.org/tram/timeline/" in site["timeline/index.html"]
    site = same_as_cold(project, run, tmp_path)
    assert b"https://example.org" not in site["timeline/index.html"]


def test_a_new_generator_version_starts_a_new_cache(
    project: Project, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(*project.args("build", "-q")).code == 0
    (old,) = {name.split("/")[0] for name in cache_files(project)}
    monkeypatch.setattr("generator.cache.generator_fingerprint", lambda: "another-version")
    assert run(*project.args("build", "-q")).code == 0
    assert {name.split("/")[0] for name in cache_files(project)} == {"another-version"}
    assert not (project.root / CACHE_FOLDER / old).exists()


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: data[:-10] + b"0123456789",  # corrupted payload
        # Damage that still unpickles: HTML kept with one tag changed.
        lambda data: data.replace(b"<p>", b"<b>", 1),
        lambda data: b"something else entirely",  # not a cache file
        lambda data: b"",  # empty
    ],
)
def test_a_damaged_cache_is_ignored(project: Project, run: Run, tmp_path: Path, damage) -> None:  # type: ignore[no-untyped-def]
    first = same_as_cold(project, run, tmp_path)
    for name in cache_files(project):
        path = project.root / CACHE_FOLDER / name
        path.write_bytes(damage(path.read_bytes()))
    assert same_as_cold(project, run, tmp_path) == first


@pytest.mark.parametrize(
    "wrong",
    [
        lambda entry: ["not a line number", None],
        lambda entry: (entry[0], entry[1]),  # no facts
        lambda entry: (entry[0], entry[1], ("not", "facts")),
    ],
)
def test_a_cache_entry_of_the_wrong_shape_is_ignored(
    project: Project, run: Run, tmp_path: Path, wrong: Callable[[Any], Any]
) -> None:
    first = same_as_cold(project, run, tmp_path)
    store = BuildCache(project.root / CACHE_FOLDER).parsed
    assert len(store) == 4 + 3 + 2
    made = {}
    for key, entry in list(store.items.items()):
        store.put(key, 1, None, None)
        store.items[key] = made[key] = wrong(entry)
    store.save()
    assert BuildCache(project.root / CACHE_FOLDER).parsed.items == made
    assert same_as_cold(project, run, tmp_path) == first


def test_parallel_rendering_gives_the_same_bytes(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial, _ = render_site(project.content, project.seeds, None, None, None, workers=1)
    monkeypatch.setattr(generator.build, "PARALLEL_MINIMUM", 1)
    monkeypatch.setattr(generator.validate, "PARALLEL_ITEMS", 1)
    monkeypatch.setattr(generator.validate, "PARALLEL_COST", 0)
    monkeypatch.setattr(generator.build, "PARALLEL_EXPORT", 1)
    cache = BuildCache(None)
    parallel, _ = render_site(project.content, project.seeds, None, None, cache, workers=2)
    assert parallel == serial
    serial_cache = BuildCache(None)
    render_site(project.content, project.seeds, None, None, serial_cache, workers=1)
    assert cache.json_lines == serial_cache.json_lines  # kept by the exporting process
    uncached, _ = render_site(project.content, project.seeds, None, None, None, workers=2)
    assert uncached == serial
    assert len(cache.parsed) == 4 + 3 + 2  # the items read in the workers went into the cache


def noting_its_process(calls: Path, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """`function`, writing `name` and the id of the process that calls it into `calls`."""

    def noted(*args: Any) -> Any:
        with calls.open("a") as out:
            out.write(f"{name} {os.getpid()}\n")
        return function(*args)

    return noted


def calls_noted(calls: Path) -> list[tuple[str, str]]:
    """(name, process id) of each call noted by noting_its_process."""
    return [(name, pid) for name, pid in (line.split() for line in calls.read_text().splitlines())]


def built_from_the_cache(
    project: Project, folder: Path, workers: int, monkeypatch: pytest.MonkeyPatch
) -> dict[str, bytes]:
    """The site built again with the cache in `folder`, where reading an item (rather
    than taking it from the cache) fails, from now on."""

    def read_again(job: object) -> None:
        raise AssertionError("an item kept in the cache was read again")

    monkeypatch.setattr(generator.validate, "read_item_batch", read_again)
    files, _ = render_site(project.content, project.seeds, None, None, BuildCache(folder), workers)
    return files


def test_the_exporting_process_saves_what_the_next_build_reads(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial_cache = BuildCache(tmp_path / "serial")
    serial, _ = render_site(project.content, project.seeds, None, None, serial_cache, workers=1)
    monkeypatch.setattr(generator.build, "PARALLEL_EXPORT", 1)
    monkeypatch.setattr(generator.validate, "PARALLEL_ITEMS", 1)  # items read in two processes
    calls = tmp_path / "calls"
    saving = noting_its_process(calls, "save", BuildCache.save_json_and_items)
    monkeypatch.setattr(BuildCache, "save_json_and_items", saving)
    for module in (generator.cache, generator.validate):
        pickling = noting_its_process(calls, "pickle", shard_pickles)
        monkeypatch.setattr(module, "shard_pickles", pickling)
    folder = tmp_path / "parallel"
    with children_finish_later():
        parallel, _ = render_site(project.content, project.seeds, None, None, BuildCache(folder), 2)
    assert parallel == serial
    noted = calls_noted(calls)
    assert [name for name, _pid in noted].count("save") == 1
    # The building process pickled no item: the reading and the exporting processes did.
    assert str(os.getpid()) not in {pid for _name, pid in noted}
    again = BuildCache(folder)
    for name in ("markdown", "quotes", "json_lines"):
        assert getattr(again, name) == getattr(serial_cache, name), name
    assert again.json_lines  # not only equal, and empty
    assert again.parsed.items == BuildCache(tmp_path / "serial").parsed.items
    assert len(again.parsed) == 4 + 3 + 2

    assert built_from_the_cache(project, folder, 2, monkeypatch) == serial


def test_the_exporting_process_starts_before_the_checks(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The JSON lines need the items alone: their process works beside the checks.
    monkeypatch.setattr(generator.build, "PARALLEL_EXPORT", 1)
    calls = tmp_path / "calls"
    exporting = noting_its_process(calls, "export", generator.build.start_export)
    monkeypatch.setattr(generator.build, "start_export", exporting)
    checking = noting_its_process(calls, "checks", generator.validate.story_facts)
    monkeypatch.setattr(generator.validate, "story_facts", checking)
    with children_finish_later():
        render_site(project.content, project.seeds, None, None, BuildCache(tmp_path / "c"), 2)
    assert [name for name, _pid in calls_noted(calls)] == ["export", "checks"]


def test_a_story_failing_its_checks_stops_the_exporting_process(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.edit("events.yaml", "actors: [nordbahn]", "actors: [nordbahm]")
    serial = build_errors(project, 1)
    monkeypatch.setattr(generator.build, "PARALLEL_EXPORT", 1)
    with pytest.raises(ContentErrors) as failure:
        render_site(project.content, project.seeds, None, None, BuildCache(tmp_path / "c"), 2)
    assert [str(error) for error in failure.value.errors] == serial
    assert any("unknown actor 'nordbahm'" in error for error in serial)
    with pytest.raises(ChildProcessError):  # no process of the build is left
        os.waitpid(-1, os.WNOHANG)


def test_items_read_in_parallel_are_kept_as_their_pickles_came(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial, _ = render_site(project.content, project.seeds, None, None, None, workers=1)
    monkeypatch.setattr(generator.validate, "PARALLEL_ITEMS", 1)
    folder = tmp_path / "cache"
    cold, _ = render_site(project.content, project.seeds, None, None, BuildCache(folder), 2)
    assert cold == serial

    assert built_from_the_cache(project, folder, 2, monkeypatch) == serial


FACTS = Facts((), (), (), False)


def test_an_item_store_adds_a_part_per_build_and_merges_a_shard_of_many(tmp_path: Path) -> None:
    path = tmp_path / "parsed.pickle"
    builds = MAX_PARTS + 3
    for build in range(builds):  # each build reads a few new items
        store = ItemStore(path)
        read = {f"item-{build}-{n}": (n + 1, f"text {build} {n}", FACTS) for n in range(40)}
        store.add_read(read, shard_pickles(read))
        store.save()
    store = ItemStore(path)
    assert len(store) == 40 * builds
    assert store.get("item-3-7", str) == (8, "text 3 7", FACTS)
    assert store.get("item-3-7", int) is None  # read as another type: not this one
    assert 1 <= max(len(parts) for parts in store.parts.values()) <= MAX_PARTS
    store.keep_only(set(store.items) - {"item-3-7"})
    store.save()
    store = ItemStore(path)
    assert len(store) == 40 * builds - 1 and store.get("item-3-7", str) is None


def test_an_item_store_forgets_a_shard_whose_items_are_all_gone(tmp_path: Path) -> None:
    path = tmp_path / "parsed.pickle"
    store = ItemStore(path)
    read = {f"item-{n}": (n, f"text {n}", FACTS) for n in range(2000)}
    store.add_read(read, shard_pickles(read))
    store.save()
    store = ItemStore(path)
    emptied = shard_of("item-7", SHARDS)
    kept = {key for key in read if shard_of(key, SHARDS) != emptied}
    store.keep_only(kept)
    store.save()
    assert set(ItemStore(path).items) == kept


def test_a_sharded_store_saves_what_it_was_given_after_any_edits(tmp_path: Path) -> None:
    """Shards.save rewrites only the shards holding a changed key, placing keys by
    what it loaded; whatever the edits, loading it back gives the entries saved."""
    path = tmp_path / "store.pickle"
    rng = random.Random(5)
    entries = {f"key-{n}": n for n in range(1500)}
    Shards(path).save(entries, set(entries))
    for round_number in range(12):
        shards = Shards(path)
        assert shards.load() == entries
        before = {p: p.stat().st_mtime_ns for p in tmp_path.glob("store*.pickle")}
        changed = set(rng.sample(sorted(entries), 3))  # dropped, or given another value
        for key in changed:
            if rng.random() < 0.5:
                del entries[key]
            else:
                entries[key] = -entries[key]
        # Round 7 leaves few enough for one file, round 10 many again: each time the
        # keys are placed anew (and every key counts as changed).
        added = {f"new-{round_number}-{n}": n for n in range(2 if round_number != 10 else 300)}
        entries.update(added)
        if round_number == 7:
            entries = dict(list(entries.items())[:900])
        time.sleep(0.002)
        shards.save(entries, changed | set(added))
        rewritten = {p for p, when in before.items() if p.stat().st_mtime_ns != when}
        if round_number < 7:
            assert len(rewritten) == len({shard_of(key, 16) for key in changed | set(added)})
        elif 7 < round_number < 10:
            assert rewritten == {path}
    assert len(list(tmp_path.glob("store*.pickle"))) == 16
    assert Shards(path).load() == entries


def build_errors(project: Project, workers: int) -> list[str]:
    """The errors a build of the project reports, each as printed."""
    with pytest.raises(ContentErrors) as failure:
        render_site(project.content, project.seeds, None, None, BuildCache(None), workers)
    return [str(error) for error in failure.value.errors]


def test_items_read_in_parallel_report_the_same_errors(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.edit("events.yaml", "  status: happened", "  status: done")
    project.edit("actors.yaml", "  kind: company", "  kind: firm")
    serial = build_errors(project, 1)
    monkeypatch.setattr(generator.validate, "PARALLEL_ITEMS", 1)
    assert build_errors(project, 2) == serial
    assert len(serial) == 2 and "'done'" in serial[1] and "'firm'" in serial[0]
    project.edit("events.yaml", "  status: done", "  status: [unclosed")  # not YAML
    assert build_errors(project, 2) == build_errors(project, 1)


def test_deleting_the_cache_is_safe(project: Project, run: Run, tmp_path: Path) -> None:
    first = same_as_cold(project, run, tmp_path)
    import shutil

    shutil.rmtree(project.root / CACHE_FOLDER)
    assert same_as_cold(project, run, tmp_path) == first


def test_an_item_written_twice_keeps_both_places_in_a_warm_build(project: Project) -> None:
    path = project.content / "events.yaml"
    text = path.read_text(encoding="utf-8")
    cut = cut_list(text, "content/events.yaml", Event)
    assert cut is not None and len(cut.keys) >= 3
    header = text.split("\n")[: cut.first_lines[0] - 1]
    texts = [cut.item_text(index) for index in range(len(cut.keys))]
    path.write_text("\n".join(header + texts[:2] + [texts[0]] + texts[2:]), encoding="utf-8")
    second = cut.first_lines[1] + texts[1].count("\n") + 1  # where the copy starts
    cache = BuildCache(None)  # kept across builds, as the preview keeps it
    for _ in range(3):
        with pytest.raises(ContentErrors) as failure:
            render_site(project.content, project.seeds, None, None, cache)
        (duplicate,) = [e for e in failure.value.errors if "duplicate id" in e.message]
        assert duplicate.where.line == second
        assert f"events.yaml:{cut.first_lines[0]}:" in duplicate.hint


def test_checks_and_quotes_in_parallel_report_the_same_errors(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.edit("events.yaml", "actors: [nordbahn]", "actors: [nordbahm]")
    project.edit("events.yaml", "quote: Councillors will", "quote: Councillors won't")
    serial = build_errors(project, 1)
    monkeypatch.setattr(generator.validate, "PARALLEL_COST", 0)
    assert build_errors(project, 2) == serial
    assert any("unknown actor 'nordbahm'" in e for e in serial)
    assert any("quote not found" in e for e in serial)


@pytest.mark.parametrize(
    "old, new",
    [
        ("title: Council to vote on the budget", "title: Council votes on the budget"),
        # A new Markdown text, and a new quote to find.
        ("the final budget.\n", "the *final* budget.\n"),
        ("on the final budget in May.", "on the final budget"),
    ],
)
def test_after_an_edit_the_items_read_are_saved(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str
) -> None:
    folder = tmp_path / "cache"
    render_site(project.content, project.seeds, None, None, BuildCache(folder), 2)
    project.edit("events.yaml", old, new)
    cold, _ = render_site(project.content, project.seeds, None, None, None, 1)
    with children_finish_later():
        warm, _ = render_site(project.content, project.seeds, None, None, BuildCache(folder), 2)
    assert warm == cold

    assert built_from_the_cache(project, folder, 1, monkeypatch) == warm


def test_large_stores_rewrite_only_the_shards_an_edit_changed(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(generator.cache, "ENTRIES_PER_SHARD", 1)  # the tram story is small
    folder = tmp_path / "cache"
    render_site(project.content, project.seeds, None, None, BuildCache(folder), 1)
    events = "pieces/timeline--partials-event.html"  # the timeline's entries
    stores = ("parsed", "json", "markdown", "quotes", events)
    shards = {name: sorted(folder.rglob(f"*/{name}*.pickle")) for name in stores}
    assert {name: len(paths) for name, paths in shards.items()} == dict.fromkeys(stores, 16)
    written = {path: path.stat().st_mtime_ns for paths in shards.values() for path in paths}
    time.sleep(0.01)
    project.edit("events.yaml", "title: First trams due", "title: First trams late")
    warm, _ = render_site(project.content, project.seeds, None, None, BuildCache(folder), 1)
    rewritten = {
        name: sum(path.stat().st_mtime_ns != written[path] for path in paths)
        for name, paths in shards.items()
    }
    # The edited event has a new key: its old entry leaves one shard and its new one
    # joins another (or the same). Its Markdown and quotes are the same as before.
    assert all(1 <= rewritten[name] <= 2 for name in ("parsed", "json", events)), rewritten
    assert rewritten["markdown"] == rewritten["quotes"] == 0
    cold, _ = render_site(project.content, project.seeds, None, None, None, 1)
    assert warm == cold
    # A shard that cannot be read costs only its entries: made again, the same.
    for path in shards["parsed"] + shards[events]:
        path.write_bytes(b"not a cache entry")
    again, _ = render_site(project.content, project.seeds, None, None, BuildCache(folder), 1)
    assert again == cold


def test_an_items_key_names_its_file_its_type_and_its_text() -> None:
    first, other, again = item_keys(
        "content/events.yaml", Event, ["- id: a\n", "- id: b\n", "- id: a\n"]
    )
    assert first == again != other  # the text alone, not where it stands in the file
    assert item_keys("content/other.yaml", Event, ["- id: a\n"]) != [first]
    assert item_keys("content/events.yaml", Actor, ["- id: a\n"]) != [first]


def built(project: Project, out: Path) -> dict[str, bytes]:
    """The site build_site makes of the project in `out` (with its cache), as files."""
    build_site(project.content, project.seeds, None, out)
    return snapshot(out)


def test_a_warm_build_cuts_the_list_files_in_another_process(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(generator.build.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(generator.build, "CUT_AHEAD_BYTES", 0)  # the tram story is small
    calls = tmp_path / "calls"
    cutting = noting_its_process(calls, "cut", generator.validate.cut_list)
    monkeypatch.setattr(generator.validate, "cut_list", cutting)
    built(project, tmp_path / "first")
    first = calls_noted(calls)
    assert {pid for _name, pid in first} == {str(os.getpid())}  # no cache yet: cut here
    calls.unlink()
    project.edit("events.yaml", "title: First trams due", "title: First trams late")
    warm = built(project, tmp_path / "warm")
    cutters = {pid for _name, pid in calls_noted(calls)}
    assert len(cutters) == 1 and str(os.getpid()) not in cutters
    assert len(calls_noted(calls)) == len(first)  # every list file, once

    cold, _ = render_site(project.content, project.seeds, None, None, None, workers=1)
    assert {name: data for name, data in warm.items() if name != ".explainer-manifest"} == cold


def test_small_list_files_are_cut_where_they_are_read(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(generator.build.os, "cpu_count", lambda: 2)
    built(project, tmp_path / "first")
    calls = tmp_path / "calls"
    monkeypatch.setattr(
        generator.validate,
        "cut_list",
        noting_its_process(calls, "cut", generator.validate.cut_list),
    )
    project.edit("events.yaml", "title: First trams due", "title: First trams late")
    built(project, tmp_path / "warm")
    assert {pid for _name, pid in calls_noted(calls)} == {str(os.getpid())}


@pytest.mark.parametrize(
    "old, new",
    [
        ("title: First trams due", "title: [First trams due"),  # an item that is not YAML
        ("- id: council-vote", "[{id: council-vote}]\n- id: council-votes"),  # not a block list
    ],
)
def test_a_list_file_cut_in_another_process_reports_what_a_cold_build_does(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str
) -> None:
    monkeypatch.setattr(generator.build.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(generator.build, "CUT_AHEAD_BYTES", 0)
    built(project, tmp_path / "first")
    project.edit("events.yaml", old, new)
    with pytest.raises(ContentErrors) as warm:
        built(project, tmp_path / "warm")
    with pytest.raises(ContentErrors) as cold:
        render_site(project.content, project.seeds, None, None, None, workers=1)
    assert [str(e) for e in warm.value.errors] == [str(e) for e in cold.value.errors]


@dataclass(frozen=True)
class Thing:
    """A value a piece store may hold by key (cache.Sharing)."""

    name: str


def test_objects_shared_by_key_are_read_back_as_the_builds_own(tmp_path: Path) -> None:
    path = tmp_path / "store.pickle"
    shared = {"key-a": Thing("a")}
    write_entry(path, {"entry": (shared["key-a"], Thing("b"))}, Sharing(shared))
    later = {"key-a": Thing("a")}  # the next build's own object, equal to the first
    entry = read_entry(path, Sharing(later))["entry"]
    assert entry[0] is later["key-a"]
    assert entry[1] == Thing("b")  # not shared: stored whole
    # A key the build does not have stands for nothing equal; without a build's
    # objects the entry is not read at all.
    assert read_entry(path, Sharing({}))["entry"][0] != Thing("a")
    assert read_entry(path) is None


def test_after_an_edit_a_page_worker_saves_the_items_read(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(generator.build, "PARALLEL_MINIMUM", 1)  # pages in two processes
    folder = tmp_path / "cache"
    render_site(project.content, project.seeds, None, None, BuildCache(folder), 2)
    project.edit("events.yaml", "title: First trams due", "title: First trams late")
    project.edit("events.yaml", "the final budget.\n", "the *final* budget.\n")  # new Markdown
    calls = tmp_path / "calls"
    monkeypatch.setattr(ItemStore, "save", noting_its_process(calls, "items", ItemStore.save))
    saving = noting_its_process(calls, "store", BuildCache.save_store)
    monkeypatch.setattr(BuildCache, "save_store", saving)
    with children_finish_later():
        warm, _ = render_site(project.content, project.seeds, None, None, BuildCache(folder), 2)
    here = str(os.getpid())
    noted = calls_noted(calls)
    assert {pid for name, pid in noted if name == "items"} - {here}  # saved in the worker
    assert len({pid for _name, pid in noted}) == 2  # the JSON lines here, the rest there
    cold, _ = render_site(project.content, project.seeds, None, None, None, 1)
    assert warm == cold

    for module in (generator.build, generator.validate):  # no Markdown left to render
        monkeypatch.setattr(module, "markdown_html", None)
    assert built_from_the_cache(project, folder, 1, monkeypatch) == warm


def test_the_building_process_saves_what_the_page_worker_has_not_come_to(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Markdown, quotes and items are offered to the page worker once it has sent
    its pages back, and to the building process once it has written the site: the
    first to come to them saves them, the other not."""
    monkeypatch.setattr(generator.build.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(generator.build, "PARALLEL_MINIMUM", 1)  # pages in two processes
    built(project, tmp_path / "first")
    project.edit("events.yaml", "title: First trams due", "title: First trams late")
    here = str(os.getpid())
    keep_pieces = generator.build.save_pieces

    def slow_in_a_worker(environment: Any) -> None:
        if str(os.getpid()) != here:
            time.sleep(1)  # the building process writes the site meanwhile
        keep_pieces(environment)

    monkeypatch.setattr(generator.build, "save_pieces", slow_in_a_worker)
    calls = tmp_path / "calls"
    monkeypatch.setattr(ItemStore, "save", noting_its_process(calls, "items", ItemStore.save))
    warm = built(project, tmp_path / "warm")
    assert [pid for name, pid in calls_noted(calls) if name == "items"] == [here]
    cold, _ = render_site(project.content, project.seeds, None, None, None, 1)
    assert {name: warm[name] for name in cold} == cold
    folder = project.root / CACHE_FOLDER
    assert built_from_the_cache(project, folder, 1, monkeypatch) == cold
