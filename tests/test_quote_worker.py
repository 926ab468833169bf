"""The quote worker: started when sources.yaml is read, it finds what the building
process would, and never outlives the build."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml

import generator.validate
from generator.build import render_site
from generator.cache import BuildCache
from generator.errors import ContentErrors
from generator.quote_worker import QuoteWorker
from generator.quotes import find_quotes
from tests.conftest import Project

TEXTS = {
    "a": " ".join(f"word{n} and then some more words{n % 7}" for n in range(2000)),
    "b": "Lakeside council chose “Nordbahn” on Tuesday.\nIt\u00a0will build the first line.",
}
JOBS = [
    ("a", TEXTS["a"], ["word5 and then some more", "words3 word4", "not there at all"]),
    ("b", TEXTS["b"], ['chose "Nordbahn" on Tuesday. It will', "first line", "no"]),
]


def no_process_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_the_worker_finds_what_the_building_process_would() -> None:
    worker = QuoteWorker.start(TEXTS)
    assert worker is not None
    worker.find(JOBS)
    spans = worker.spans()
    assert spans == [find_quotes(job) for job in JOBS]
    assert spans[0][0] is not None and spans[0][2] is None and spans[1][0] is not None
    worker.stop()
    assert no_process_left()


def test_a_text_the_worker_was_not_started_with_is_sent_to_it() -> None:
    worker = QuoteWorker.start({"a": TEXTS["a"]})
    assert worker is not None
    other = "".join(list(TEXTS["a"]))  # equal, but another string: sent, and indexed there
    changed = [("a", other, JOBS[0][2]), ("b", TEXTS["b"], JOBS[1][2])]
    worker.find(changed)
    assert worker.spans() == [find_quotes(job) for job in changed]
    worker.stop()


def test_a_worker_never_asked_is_stopped() -> None:
    worker = QuoteWorker.start(TEXTS)
    assert worker is not None
    worker.stop()
    worker.stop()  # twice is once
    assert no_process_left()
    assert QuoteWorker.start({}) is None  # nothing to index


def noting_starts(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, str]]:
    """Record the texts each quote worker is started with."""
    started: list[dict[str, str]] = []
    start = QuoteWorker.start.__func__  # type: ignore[attr-defined]

    def noted(cls: type[QuoteWorker], texts: dict[str, str]) -> Any:
        started.append(texts)
        return start(cls, texts)

    monkeypatch.setattr(QuoteWorker, "start", classmethod(noted))
    return started


def test_a_large_cold_build_has_its_quotes_found_by_the_worker(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial, _ = render_site(project.content, project.seeds, None, None, None, workers=1)
    started = noting_starts(monkeypatch)
    asked: list[int] = []
    find = QuoteWorker.find

    def noted_find(self: QuoteWorker, jobs: Any) -> None:
        asked.append(len(jobs))
        find(self, jobs)

    monkeypatch.setattr(QuoteWorker, "find", noted_find)
    monkeypatch.setattr(generator.validate, "QUOTE_WORKER_BYTES", 1)  # the tram story is "large"
    cache = BuildCache(tmp_path / "cache")
    parallel, _ = render_site(project.content, project.seeds, None, None, cache, workers=2)
    assert parallel == serial
    sources = yaml.safe_load((project.content / "sources.yaml").read_text(encoding="utf-8"))
    assert len(started) == 1 and sorted(started[0]) == sorted(s["id"] for s in sources)
    assert asked and asked[0] >= 1  # the quotes of at least one source
    assert no_process_left()
    # Built again, the quotes are found in the cache: no worker.
    again, _ = render_site(project.content, project.seeds, None, None, cache, workers=2)
    assert again == serial and len(started) == 1
    # In one process, or a story of small files: no worker either.
    monkeypatch.setattr(generator.validate, "QUOTE_WORKER_BYTES", 512 * 1024)
    render_site(project.content, project.seeds, None, None, None, workers=2)
    render_site(project.content, project.seeds, None, None, None, workers=1)
    assert len(started) == 1


def build_errors(project: Project, workers: int) -> list[str]:
    with pytest.raises(ContentErrors) as failure:
        render_site(project.content, project.seeds, None, None, BuildCache(None), workers)
    return [str(error) for error in failure.value.errors]


@pytest.mark.parametrize(
    ("edits", "worker"),
    [
        # A quote not in its source, found so by the worker.
        ([("events.yaml", "quote: Nordbahn promised", "quote: Nordbahn never promised")], True),
        # A seed file missing: read before the rest for the worker, reported where it was.
        ([("sources.yaml", "file: ", "file: missing-")], True),
        # An item that fails: the build stops before the quotes are handed over.
        ([("events.yaml", "  status: happened", "  status: done")], True),
        # sources.yaml itself wrong: its texts are not read early, and there is no worker.
        ([("sources.yaml", "- id: gazette", "- id: Gazette")], False),
        # All at once.
        (
            [
                ("events.yaml", "quote: Nordbahn promised", "quote: Nordbahn never promised"),
                ("sources.yaml", "file: ", "file: missing-"),
                ("actors.yaml", "  kind: company", "  kind: firm"),
            ],
            True,
        ),
    ],
)
def test_with_the_worker_the_errors_are_the_same_and_no_process_is_left(
    project: Project,
    monkeypatch: pytest.MonkeyPatch,
    edits: list[tuple[str, str, str]],
    worker: bool,
) -> None:
    for name, old, new in edits:
        project.edit(name, old, new)
    serial = build_errors(project, 1)
    started = noting_starts(monkeypatch)
    monkeypatch.setattr(generator.validate, "QUOTE_WORKER_BYTES", 1)
    monkeypatch.setattr(generator.validate, "PARALLEL_ITEMS", 1)
    assert build_errors(project, 2) == serial
    assert bool(started) == worker
    assert no_process_left()
