"""Independent pieces of work spread over the machine's cores (concurrent.futures).

The split is decided here alone: a list of items is cut into as many runs as
there are workers, this process works through the first, and processes forked
from it (a ProcessPoolExecutor of the `fork` kind) the others. The workers are
handed the work and its shared state when they are forked, not pickled, so a
large story crosses to them for free; only each run's items and results are
pickled. Below a minimum number of items, or where processes cannot be forked,
everything runs here: a fork would cost more than it saves.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Executor

# Measured gain: a build of 10,000 events in one process takes 1.46x (cold) and 1.20x
# (warm) as long (bench/without_device.py workers).
MAX_WORKERS = 4  # processes, this one included; at most one per core


class Work(Enum):
    """The kinds of work spread over the cores."""

    ITEMS = "list items read"
    QUOTES = "quotes looked for"
    TEXTS = "Markdown texts rendered"
    PAGES = "microseconds of pages rendered (PageKind.cost)"
    IMAGES = "share images drawn"


# The least of each kind worth a worker process: below it, forking costs more than
# it saves.
MINIMUM: dict[Work, float] = {
    Work.ITEMS: 1000,
    Work.QUOTES: 2000,
    Work.TEXTS: 400,
    Work.PAGES: 100_000,
    Work.IMAGES: 16,  # about 15 ms each (render/share_image.py)
}
Share = Sequence[Any]
State = TypeVar("State")
Result = TypeVar("Result")

# In a worker process: the work it was forked to do, and its state.
_assigned: list[tuple[Callable[[Any, Share], list[Any]], Any]] = []


def worker_count() -> int:
    """How many processes a large piece of work is spread over (this one included)."""
    # Forking a process that runs other threads (the preview's server and watcher)
    # could copy a lock another thread holds: such a process works alone.
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return 1
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS))


def run_shares(
    work: Callable[[State, Share], list[Result]],
    state: State,
    items: Sequence[Any],
    kind: Work,
    costs: Sequence[float] | None = None,
) -> list[Result]:
    """work(state, items): a result per item, in the order of the items, the items cut
    into runs over the cores when there are at least MINIMUM[kind] of them (or, given
    their costs, when these add up to it).

    The runs are contiguous and of nearly equal length, or, given each item's
    estimated cost, of nearly equal cost (the costliest item first to the run
    carrying least, so not contiguous). A worker sends back its results alone:
    what it keeps in the memo it saves itself (render/site.py puts a page's tables
    away once the page is rendered, in whichever process rendered it).
    """
    size = len(items) if costs is None else sum(costs)
    workers = worker_count() if size >= MINIMUM[kind] else 1
    if workers <= 1:
        return work(state, items)
    runs = cut_runs(range(len(items)), workers) if costs is None else even_runs(costs, workers)
    if len(runs) <= 1:
        return work(state, items)
    # Imported only when worth it: a small story, built in this process, never pays for it.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        max_workers=len(runs) - 1,
        mp_context=context,
        initializer=assign,
        initargs=(work, state, os.getpid()),
    ) as pool:
        try:
            return share_out(pool, work, state, items, runs)
        except BaseException:
            # Interrupted (Ctrl-C) or failed: nothing the workers still make is used,
            # and leaving the pool would wait for them to finish their runs.
            pool.shutdown(wait=False, cancel_futures=True)
            for child in multiprocessing.active_children():
                child.terminate()
            raise


def share_out(
    pool: Executor,
    work: Callable[[State, Share], list[Result]],
    state: State,
    items: Sequence[Any],
    runs: Sequence[Sequence[int]],
) -> list[Result]:
    """The first run done here, the others by the pool's workers; the results in order."""
    from concurrent.futures.process import BrokenProcessPool

    results: list[Any] = [None] * len(items)
    # A run to a worker, as one task. (One task per page, each one's results sent
    # back on their own, measured slower: 3.5 -> 4.2 s for the pages of 10,000
    # events, results arriving while this process still renders.)
    tasks = runs[1:]
    # The workers are forked at the first submit: Ctrl-C is held back until each
    # ignores it (assign), or a worker just forked would print a traceback.
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        others = [pool.submit(run_assigned, [items[i] for i in task]) for task in tasks]
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
    for index, result in zip(runs[0], work(state, [items[i] for i in runs[0]]), strict=True):
        results[index] = result
    for task, other in zip(tasks, others, strict=True):
        try:
            answers = other.result()
        except BrokenProcessPool:
            raise WorkerLost("a worker process of the build was killed (out of memory?)") from None
        for index, result in zip(task, answers, strict=True):
            results[index] = result
        del answers  # taken: the next run's may use the memory
    return results


class WorkerLost(OSError):
    """A worker process ended without finishing its work."""


def assign(work: Callable[[Any, Share], list[Any]], state: Any, build: int) -> None:
    """In a worker, as it starts: keep the work it is to do and its state; end with
    the build's process (`build`, its id)."""
    # Ctrl-C reaches every process of the terminal's group: the build's own process
    # answers it and ends the workers, which would otherwise each print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # held back while forked
    end_with_parent(build)
    _assigned.append((work, state))


_PR_SET_PDEATHSIG = 1


def end_with_parent(parent: int) -> None:
    """Have the system kill this worker when the build's process ends, however it
    ends: a build killed outright (kill -9) would otherwise leave its workers
    waiting for work for ever. Linux only; elsewhere a worker outlives a killed
    build until it next reads from the pipe."""
    import ctypes

    prctl = getattr(ctypes.CDLL(None, use_errno=True), "prctl", None)
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the build ended before the request was made
        os._exit(1)


def run_assigned(run: Share) -> list[Any]:
    """In a worker: do its work on one run of items."""
    work, state = _assigned[-1]
    return work(state, run)


def even_runs(costs: Sequence[float], count: int) -> list[list[int]]:
    """The indexes of `costs` in `count` runs whose sums are nearly even: the costliest
    item next to the run carrying least (each run in the order of the items)."""
    runs: list[list[int]] = [[] for _ in range(count)]
    loads = [0.0] * count
    for index in sorted(range(len(costs)), key=lambda i: -costs[i]):
        lightest = loads.index(min(loads))
        runs[lightest].append(index)
        loads[lightest] += costs[index]
    return [sorted(run) for run in runs if run]


def cut_runs(items: Sequence[int], count: int) -> list[Sequence[int]]:
    """The items in `count` contiguous runs of nearly equal length."""
    size, extra = divmod(len(items), count)
    runs, start = [], 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        runs.append(items[start:end])
        start = end
    return runs
