"""Work shared between this process and forked ones: results, failures, balance."""

from __future__ import annotations

import itertools
import os
import pickle
import threading
import time
from functools import partial
from pathlib import Path
from typing import Any

import pytest

import generator.quotes
import generator.validate
from generator.build import share_out
from generator.errors import ContentError, ContentErrors, Location
from generator.markdown_render import markdown_html
from generator.parallel import (
    Child,
    WorkerLost,
    children_finish_later,
    fork_map,
    weighed_batches,
)
from generator.quotes import index_of
from generator.validate import (
    MARKDOWN_COST,
    PARALLEL_COST,
    PICKLING_COST,
    QuoteSearch,
    find_and_render,
    quote_runs,
    reading_shares,
    search_cost,
)


def pid_of(item: int) -> tuple[int, int]:
    return item, os.getpid()


def test_the_calling_process_takes_the_first_share_and_order_is_kept() -> None:
    results = fork_map(pid_of, list(range(10)), workers=2)
    assert [item for item, _ in results] == list(range(10))
    pids = [pid for _, pid in results]
    assert pids[:5] == [os.getpid()] * 5
    assert len(set(pids[5:])) == 1 and pids[5] != os.getpid()


def fail_with_content_errors(item: int) -> int:
    if os.getpid() != TEST_PROCESS:
        raise ContentErrors([ContentError(Location("events.yaml", 3, 5), f"bad item {item}")])
    return item


TEST_PROCESS = os.getpid()


def test_a_content_error_raised_in_a_worker_reaches_the_build_whole() -> None:
    with pytest.raises(ContentErrors) as failure:
        fork_map(fail_with_content_errors, [1, 2, 3, 4], workers=2)
    (error,) = failure.value.errors
    assert str(error) == "events.yaml:3:5: bad item 3"


def unpicklable_failure(_item: int) -> int:
    error = ValueError("no such thing")
    error.lock = threading.Lock()  # type: ignore[attr-defined]
    raise error


def test_an_exception_that_cannot_be_pickled_is_described() -> None:
    child = Child.start(unpicklable_failure, 0)
    with pytest.raises(RuntimeError, match="ValueError: no such thing"):
        child.result()


def best_split(costs: list[float], head_start: float) -> float:
    """The least possible load of the busier of two processes (by trying every split)."""
    best = float("inf")
    for mask in itertools.product((0, 1), repeat=len(costs)):
        first = head_start + sum(c for c, m in zip(costs, mask, strict=True) if m)
        second = sum(c for c, m in zip(costs, mask, strict=True) if not m)
        best = min(best, max(first, second))
    return best


@pytest.mark.parametrize(
    ("costs", "head_start"),
    [
        ([1, 2_100_000, 650_000, 1, 1_900_000, 1], 720_000),  # a large story's pages
        ([1, 50, 40, 1, 60, 1], 0),
        ([5, 5, 5, 5], 7),
        ([1], 0),
    ],
)
def test_two_processes_get_the_most_even_split(costs: list[float], head_start: float) -> None:
    groups = share_out(costs, 2, head_start)
    assert sorted(i for group in groups for i in group) == list(range(len(costs)))
    loads = [head_start + sum(costs[i] for i in groups[0]), sum(costs[i] for i in groups[1])]
    assert max(loads) == best_split(costs, head_start)


@pytest.mark.parametrize("count", [1, 2, 7, 1000, 10_001])
@pytest.mark.parametrize("workers", [1, 2, 3])
def test_reading_shares_cover_every_item_once_this_process_taking_more(
    count: int, workers: int
) -> None:
    items = list(range(count))
    shares = reading_shares(items, workers)
    assert [i for share in shares for i in share] == items  # in order, each once
    assert len(shares) <= workers
    # Each other process reads and pickles: loads even, to within one item each way.
    loads = [len(shares[0])] + [len(share) * (1 + PICKLING_COST) for share in shares[1:]]
    assert max(loads) - min(loads) <= 2 + PICKLING_COST or count < workers


def test_more_processes_share_every_page_once() -> None:
    costs = [9.0, 1.0, 7.0, 3.0, 3.0, 1.0]
    groups = share_out(costs, 3, head_start=2.0)
    assert len(groups) == 3
    assert sorted(i for group in groups for i in group) == list(range(len(costs)))
    assert all(groups)


def large_pages(count: int) -> dict[int, object]:
    return {index: pickle.PickleBuffer(bytes([index]) * 300_000) for index in range(count)}


def test_buffers_a_worker_sends_arrive_whole_as_bytes() -> None:
    pages = Child.start(large_pages, 3).result()
    assert {index: (type(page), len(page), page[:1]) for index, page in pages.items()} == {
        index: (bytes, 300_000, bytes([index])) for index in range(3)
    }


def exit_at_once(_item: int) -> int:
    os._exit(0)


@pytest.mark.parametrize("work_after", [None, partial(print, "saved")])
def test_a_worker_that_ends_without_answering_is_lost(work_after: Any) -> None:
    with pytest.raises(WorkerLost):
        Child.start(exit_at_once, 0, afterwards=work_after).result()


@pytest.mark.parametrize(
    ("costs", "count"),
    [
        ([200_000, 110_000, 30_000, 110_000, 30_000, 45_000, 45_000, 45_000, 45_000], 2),
        ([1, 1, 1, 1, 1, 1, 1], 3),
        ([10, 1, 1, 1, 1], 2),
        ([5, 1, 1, 1, 1, 1], 2),  # the cut falls right after the first item
        ([5], 2),
    ],
)
def test_weighed_batches_cut_where_the_costs_are_most_even(costs: list[int], count: int) -> None:
    runs = weighed_batches(list(range(len(costs))), costs, count)
    assert [i for run in runs for i in run] == list(range(len(costs)))  # in order, each once
    assert all(runs) and len(runs) <= count
    if count == 2 and len(costs) > 1:  # no other single cut is more even
        heaviest = max(sum(costs[i] for i in run) for run in runs)
        best = min(max(sum(costs[:cut]), sum(costs[cut:])) for cut in range(1, len(costs)))
        assert heaviest == best


def test_fork_map_shares_by_cost() -> None:
    results = fork_map(pid_of, list(range(6)), workers=2, costs=[10, 1, 1, 1, 1, 1])
    pids = [pid for _, pid in results]
    assert pids[0] == os.getpid() and set(pids[1:]) == {pids[1]} and pids[1] != os.getpid()


def write_after(path: str, pause: float) -> None:
    """Work a child does after answering: wait, then leave a mark."""
    time.sleep(pause)
    with open(path, "w") as mark:
        mark.write("done")


def test_a_child_finishes_its_work_after_answering_while_the_block_goes_on(
    tmp_path: Path,
) -> None:
    mark = tmp_path / "saved"
    with children_finish_later():
        child = Child.start(pid_of, 7, afterwards=partial(write_after, str(mark), 0.5))
        assert child.result()[0] == 7
        assert not mark.exists()  # answered, still at its work: not waited for
        child.stop()  # a child that answered is not killed
    assert mark.read_text() == "done"  # waited for when the block ends


def appears(path: Path, within: float = 10) -> bool:
    deadline = time.monotonic() + within
    while not path.exists():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_a_child_does_its_work_after_a_large_answer_before_the_answer_is_read(
    tmp_path: Path,
) -> None:
    mark = tmp_path / "saved"
    child = Child.start(large_pages, 40, afterwards=partial(write_after, str(mark), 0))
    # 12 MB: through a pipe alone, the child would wait for this process to read it.
    assert appears(mark)
    pages = child.result()
    assert sorted((index, len(page)) for index, page in pages.items()) == [
        (index, 300_000) for index in range(40)
    ]


def test_outside_the_block_a_child_is_waited_for_when_it_answers(tmp_path: Path) -> None:
    mark = tmp_path / "saved"
    child = Child.start(pid_of, 7, afterwards=partial(write_after, str(mark), 0.2))
    assert child.result()[0] == 7
    assert mark.read_text() == "done"


def test_a_child_that_failed_does_not_do_its_work_after(tmp_path: Path) -> None:
    mark = tmp_path / "saved"
    child = Child.start(unpicklable_failure, 0, afterwards=partial(write_after, str(mark), 0))
    with pytest.raises(RuntimeError):
        child.result()
    assert not mark.exists()


def test_each_source_is_searched_in_one_process_unless_it_is_most_of_the_work() -> None:
    jobs = [(f"s{n}", f"text {n}", [f"quote {n}.{q}" for q in range(100)]) for n in range(5)]
    costs = [100.0] * 5
    # Balanced: one run per source, its quotes all together.
    runs = quote_runs(jobs, costs, other_cost=100, processes=2)
    assert runs == list(enumerate(jobs))
    # One source with most of the work: cut into runs, in order, for both processes.
    costs[2] = 1000.0
    runs = quote_runs(jobs, costs, other_cost=100, processes=2)
    assert [number for number, _run in runs] == [0, 1, 2, 2, 3, 4]
    assert [q for number, run in runs if number == 2 for q in run[2]] == jobs[2][2]
    assert quote_runs(jobs, costs, other_cost=100, processes=1) == list(enumerate(jobs))


def test_the_markdown_is_rendered_in_the_building_process_the_quotes_shared_evenly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its HTML is the largest result: rendered where it is wanted, not pickled back.
    calls = tmp_path / "calls"

    def noting(kind: str, function: Any) -> Any:
        def noted(*args: Any) -> Any:
            with calls.open("a") as out:
                out.write(f"{kind} {os.getpid()}\n")
            return function(*args)

        return noted

    monkeypatch.setattr(generator.validate, "markdown_html", noting("markdown", markdown_html))
    monkeypatch.setattr(generator.quotes, "index_of", noting("index", index_of))
    text = " ".join(f"word{n} and then some more words{n % 7}" for n in range(6000))
    quotes = [f"word{n} and then some more" for n in range(0, 6000, 60)]
    search = QuoteSearch({}, [(f"s{n}", text, quotes) for n in range(4)])
    # Four sources, and Markdown that costs as much as two: this process renders it
    # and indexes one source, the other process three.
    markdown = [f"text *{n}*" for n in range(round(2 * search_cost(text, quotes) / MARKDOWN_COST))]
    assert 6 * search_cost(text, quotes) > PARALLEL_COST
    find_and_render(search, markdown, 2)
    noted = [line.split() for line in calls.read_text().splitlines()]
    here = str(os.getpid())
    assert {pid for kind, pid in noted if kind == "markdown"} == {here}
    indexed_here = [pid == here for kind, pid in noted if kind == "index"]
    assert sorted(indexed_here) == [False, False, False, True]


def test_quotes_found_in_parallel_are_those_found_in_one_process() -> None:
    text = " ".join(f"word{n} and then some more words{n % 7}" for n in range(3000))
    quotes = [f"word{n} and then some more" for n in range(0, 3000, 3)] + ["not there at all"]
    search = QuoteSearch({}, [("a", text, quotes), ("b", text.upper(), quotes[:50])])
    problem = ContentError(Location("content/events.yaml", 3, 5), "a problem the checks found")
    one = find_and_render(search, ["*a*", "b"], 1, lambda: [problem], 1)
    assert find_and_render(search, ["*a*", "b"], 2, lambda: [problem], 1) == one
    spans = one[0]
    assert [len(found) for found in spans] == [len(quotes), 50]
    assert spans[0][-1] is None and all(span is not None for span in spans[0][:-1])
    assert one[1] == ["<p><em>a</em></p>", "<p>b</p>"]
    assert one[2] == [problem]
