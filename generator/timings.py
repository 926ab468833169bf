"""Where a build spends its time: `explainer build --timings` prints it.

Stages are timed with a context manager; while timings are off (the default) it
costs one attribute lookup. Stages nest: the printed table indents inner stages
under the stage they ran in, and each line is that stage's whole wall time.
"""

from __future__ import annotations

import resource
import time
from collections.abc import Iterator
from contextlib import contextmanager


class Timings:
    """Wall time per stage, in the order the stages first started."""

    def __init__(self) -> None:
        self.enabled = False
        self.seconds: dict[tuple[str, ...], float] = {}
        self.peak_mb: dict[tuple[str, ...], float] = {}
        self.path: tuple[str, ...] = ()

    def start(self, enabled: bool) -> None:
        """Begin timing a new run (or stop timing), forgetting earlier runs."""
        self.enabled = enabled
        self.seconds = {}
        self.peak_mb = {}
        self.path = ()

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time the enclosed block as `name`, inside whatever stage is running."""
        if not self.enabled:
            yield
            return
        outer = self.path
        self.path = outer + (name,)
        self.seconds.setdefault(self.path, 0.0)
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[self.path] += time.perf_counter() - started
            self.peak_mb[self.path] = peak_memory_mb()
            self.path = outer

    def table(self) -> str:
        """One line per stage, indented by depth: `  pages   1.234 s   210 MB`.

        The memory is the peak resident size of the building process when the stage
        ended (worker processes have their own).
        """
        rows = [
            ("  " * (len(path) - 1) + path[-1], seconds, self.peak_mb[path])
            for path, seconds in self.seconds.items()
        ]
        width = max((len(label) for label, _, _ in rows), default=0)
        return "\n".join(
            f"{label:<{width}}  {seconds:7.3f} s  {peak:6.0f} MB" for label, seconds, peak in rows
        )


def peak_memory_mb() -> float:
    """The peak resident memory of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


TIMINGS = Timings()
stage = TIMINGS.stage
