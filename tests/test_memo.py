"""The memo store and the worker processes: whatever they do, the site is the same.

A damaged or foreign store is ignored, a store of other code is never read, work
done in worker processes reports its errors as the build in one process does,
and a partial sees only its view.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import generator.memo.parallel as parallel
import generator.memo.store
import generator.render.entries
import generator.render.site
import generator.validate.quote_check
import generator.validate.reading
from generator.errors import ContentErrors
from generator.load.templates import find_templates
from generator.memo.memo import Memo
from generator.memo.store import CACHE_FOLDER, MemoStore, Table, shard_path
from generator.serve.preview import Inputs, render_kept

from .conftest import Project, Run


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site, by its path."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def build_twice(project: Project, run: Run) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The site built without a cache, then with whatever the store holds."""
    assert run(*project.args("build", "--no-cache", "--quiet")).code == 0
    cold = site_files(project.site)
    assert run(*project.args("build", "--quiet")).code == 0
    return cold, site_files(project.site)


def test_a_damaged_store_is_ignored(project: Project, run: Run) -> None:
    assert run(*project.args("build", "--quiet")).code == 0
    shards = sorted((project.root / CACHE_FOLDER).rglob("*.pickle"))
    assert shards
    for number, shard in enumerate(shards):
        data = shard.read_bytes()
        if number % 3 == 0:
            shard.write_bytes(data[: len(data) // 2])  # cut short
        elif number % 3 == 1:
            shard.write_bytes(data[:-8] + b"\xff" * 8)  # overwritten in part
        else:
            shard.write_bytes(b"not a pickle at all")
    cold, warm = build_twice(project, run)
    assert cold == warm


def test_a_store_of_other_code_is_never_read(
    project: Project, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(*project.args("build", "--quiet")).code == 0
    folders = [p.name for p in (project.root / CACHE_FOLDER).iterdir()]
    assert len(folders) == 1
    monkeypatch.setattr(generator.memo.store, "generator_fingerprint", lambda: "other-code")
    assert run(*project.args("build", "--quiet")).code == 0
    assert [p.name for p in (project.root / CACHE_FOLDER).iterdir()] == ["other-code"]


def test_results_not_asked_for_are_dropped(tmp_path: Path) -> None:
    table = Table(tmp_path / "things")
    table.put("a", 1)
    table.put("b", 2)
    table.save()
    again = Table(tmp_path / "things")
    assert again.get("a") == 1
    again.save()  # "b" was not asked for by this build
    assert Table(tmp_path / "things").get("b") is None
    assert Table(tmp_path / "things").get("a") == 1


def test_a_shard_that_cannot_be_read_is_empty(tmp_path: Path) -> None:
    table = Table(tmp_path / "things")
    for number in range(100):
        table.put(f"key {number}", number)
    table.save()
    damaged = shard_path(tmp_path / "things", 0)
    damaged.write_bytes(damaged.read_bytes()[:20])
    again = Table(tmp_path / "things")
    found = [number for number in range(100) if again.get(f"key {number}") == number]
    assert 0 < len(found) < 100


def read_errors(project: Project, run: Run) -> list[str]:
    """The error lines of a build of the project, without a cache."""
    result = run(*project.args("build", "--no-cache"))
    assert result.code == 1
    return [line for line in result.err.splitlines() if line.startswith("content/")]


def test_errors_found_in_workers_are_those_found_in_one_process(
    project: Project, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.edit("events.yaml", "status: expected", "status: sometime")
    project.edit("events.yaml", "Nordbahn promised the first trams", "Nordbahn swore the trams")
    monkeypatch.chdir(project.root)
    alone = read_errors(project, run)
    monkeypatch.setitem(parallel.MINIMUM, parallel.Work.ITEMS, 1)
    monkeypatch.setitem(parallel.MINIMUM, parallel.Work.QUOTES, 1)
    assert read_errors(project, run) == alone
    assert any("sometime" in line for line in alone)


def test_a_site_built_in_workers_is_the_same(
    project: Project, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold, warm = build_twice(project, run)
    monkeypatch.setitem(parallel.MINIMUM, parallel.Work.ITEMS, 1)
    monkeypatch.setitem(parallel.MINIMUM, parallel.Work.QUOTES, 1)
    monkeypatch.setitem(parallel.MINIMUM, parallel.Work.TEXTS, 1)
    monkeypatch.setitem(parallel.MINIMUM, parallel.Work.PAGES, 1)
    in_workers, in_workers_warm = build_twice(project, run)
    assert cold == warm == in_workers == in_workers_warm


def test_a_partial_sees_only_its_view(project: Project, run: Run) -> None:
    templates = project.root / "templates"
    shutil.copytree(Path(__file__).resolve().parent.parent / "templates", templates)
    partial = templates / "partials" / "event.html"
    partial.write_text(partial.read_text("utf-8") + "{{ catalog.quote_count() }}", "utf-8")
    result = run(*project.args("build"))
    assert result.code == 1
    assert "'catalog' is undefined" in result.err


def test_a_template_error_is_reported_at_its_line(project: Project, run: Run) -> None:
    templates = project.root / "templates"
    shutil.copytree(Path(__file__).resolve().parent.parent / "templates", templates)
    partial = templates / "partials" / "event.html"
    lines = partial.read_text("utf-8").split("\n")
    lines[6] = "{% if %}"
    partial.write_text("\n".join(lines), "utf-8")
    result = run(*project.args("build"))
    assert result.code == 1
    assert "partials/event.html:7:" in result.err


def count_entries(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The partial of each list entry rendered from now on, one by one."""
    rendered: list[str] = []
    real_macro = generator.render.entries.entry_macro

    def counting_macro(context: Any, name: str) -> Any:
        entry = real_macro(context, name)

        def counted(**variables: Any) -> Any:
            rendered.append(name)
            return entry(**variables)

        return counted

    monkeypatch.setattr(generator.render.entries, "entry_macro", counting_macro)
    return rendered


def previewing(project: Project) -> Callable[[], dict[str, bytes]]:
    """Rebuilds of the project as the preview makes them, with its memo in memory."""
    memo = Memo(MemoStore(None))
    inputs = Inputs(project.content, project.seeds, find_templates(project.content, None))
    return lambda: render_kept(inputs, None, memo)


def test_the_preview_keeps_entries_from_one_rebuild_to_the_next(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The preview's store lives in memory: a rebuild with nothing changed renders no
    entry again, and an edit renders again only the entries that show what changed."""
    rendered = count_entries(monkeypatch)
    rebuild = previewing(project)

    first = rebuild()
    everything = len(rendered)
    rendered.clear()
    assert rebuild() == first
    assert rendered == []
    project.edit("events.yaml", "title: Council chooses Nordbahn", "title: Council picks Nordbahn")
    rebuild()
    # The event, and the entries that show its title: the actors it names, the
    # passages it cites.
    assert rendered.count("partials/event.html") == 1
    assert len(rendered) < everything / 2


def test_a_failed_rebuild_drops_nothing_kept(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered = count_entries(monkeypatch)
    rebuild = previewing(project)
    first = rebuild()
    everything = len(rendered)
    project.edit("events.yaml", "actors: [lakeside, nordbahn]", "actors: [lakeside, nordbahnn]")
    with pytest.raises(ContentErrors):
        rebuild()
    project.edit("events.yaml", "actors: [lakeside, nordbahnn]", "actors: [lakeside, nordbahn]")
    rendered.clear()
    assert rebuild() == first
    assert rendered == [], f"{len(rendered)} of {everything} entries rendered again"


def test_a_memo_in_memory_keeps_pages_rendered_by_a_large_story(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A story large enough for worker processes still has its pages rendered here when
    the memo lives in this process's memory: a worker's would be lost with it."""
    monkeypatch.setitem(parallel.MINIMUM, parallel.Work.PAGES, 1)
    memo = Memo(MemoStore(None))
    inputs = Inputs(project.content, project.seeds, find_templates(project.content, None))
    first = render_kept(inputs, None, memo)
    assert render_kept(inputs, None, memo) == first
    assert memo.store is not None
    kept = {name: len(table.kept) for name, table in memo.store.tables.items()}
    for page in ("timeline", "actors", "offers", "sources"):
        assert kept.get(f"entries-{page}"), kept


def test_a_partial_reached_through_a_link_is_keyed_by_its_text(project: Project, run: Run) -> None:
    """Templates are read whole by the load stage, links followed, and the entries kept
    under a digest of exactly what was read: editing a partial in a linked folder
    renders its entries again."""
    templates = project.root / "templates"
    shutil.copytree(Path(__file__).resolve().parent.parent / "templates", templates)
    (templates / "partials").rename(project.root / "shared-partials")
    (templates / "partials").symlink_to(project.root / "shared-partials")
    assert run(*project.args("build", "--quiet")).code == 0
    event = project.root / "shared-partials" / "event.html"
    event.write_text(event.read_text("utf-8").replace("<h3>", '<h3 class="edited">'), "utf-8")
    cold, warm = build_twice(project, run)
    assert cold == warm
    assert 'class="edited"' in warm["timeline/index.html"].decode()
