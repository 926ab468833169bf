"""Independent pieces of work spread over the machine's cores.

Workers are forked from the building process, so they start with everything it
has already imported and read; only the pieces of work and their results are
sent between processes. Below a minimum amount of work, or with one worker,
everything runs in the calling process: starting processes would cost more.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def fork_map(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    workers: int,
    meanwhile: Callable[[], None] | None = None,
) -> list[Result]:
    """[function(item) for item in items], in `workers` processes when more than one.

    `function` must be a module-level function; the order of the results is the
    order of the items. Pass items that are roughly equal in cost, or few large
    ones with the costliest first, so that the workers finish together.
    `meanwhile`, if given, runs in this process while the workers work (first,
    when there are none): work that the items do not need, done in the time this
    process would otherwise spend waiting.
    """
    if workers <= 1 or len(items) <= 1 or not can_fork():
        if meanwhile is not None:
            meanwhile()
        return [function(item) for item in items]
    # Slow to import, and small builds never need them.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context("fork")
    try:
        with ProcessPoolExecutor(min(workers, len(items)), mp_context=context) as pool:
            results = pool.map(function, items)  # submitted: the workers have started
            if meanwhile is not None:
                meanwhile()
            return list(results)
    except BrokenProcessPool:
        # A worker killed from outside (the out-of-memory killer, say): say so,
        # rather than wait for it forever.
        raise WorkerLost("a worker process of the build was killed (out of memory?)") from None


class WorkerLost(OSError):
    """A worker process ended without finishing its work."""


def can_fork() -> bool:
    """True where processes can be forked (not on Windows): else the work runs serially."""
    return hasattr(os, "fork")


def batches(items: Sequence[Item], count: int) -> list[Sequence[Item]]:
    """The items in `count` contiguous runs of nearly equal length (fewer if too few items)."""
    count = max(1, min(count, len(items)))
    size, extra = divmod(len(items), count)
    runs = []
    start = 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        runs.append(items[start:end])
        start = end
    return runs
