"""Independent pieces of work spread over the machine's cores.

The calling process does a share of the work itself; each other share goes to a
process forked from it, which starts with everything the caller has already
imported and read, and sends back only its results, pickled, through a pipe. So
two cores take one extra process, not two workers and a waiting parent, and only
half the results cross between processes. Below a minimum amount of work, or
with one worker, everything runs in the calling process: forking would cost
more.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, BinaryIO, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def fork_map(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    workers: int,
    costs: Sequence[float] | None = None,
) -> list[Result]:
    """[function(item) for item in items], spread over `workers` processes (this one
    included) when more than one.

    The items are cut into `workers` contiguous shares of nearly equal length, or
    of nearly equal cost when each item's estimated `costs` are given; this
    process takes the first share. The order of the results is the order of the
    items. Any callable will do: the other processes are forked, not sent it.
    """
    if workers <= 1 or len(items) <= 1 or not can_fork():
        return [function(item) for item in items]
    shares = batches(items, workers) if costs is None else weighed_batches(items, costs, workers)
    children = [Child.start(run_share, (function, share)) for share in shares[1:]]
    try:
        results = [function(item) for item in shares[0]]
        for child in children:
            results += child.result()
    finally:
        for child in children:
            child.stop()
    return results


def run_share(job: tuple[Callable[[Any], Any], Sequence[Any]]) -> list[Any]:
    """Run one share of a fork_map (in a forked process)."""
    function, share = job
    return [function(item) for item in share]


class Child:
    """A process forked to compute one value, which it sends back through a pipe (or a
    file: see start)."""

    def __init__(self, pid: int, pipe: int, answer_file: BinaryIO | None = None) -> None:
        self.pid = pid
        self.pipe = pipe
        self.answer_file = answer_file
        self.reaped = False
        self.answered = False

    @classmethod
    def start(
        cls,
        function: Callable[[Any], Any],
        argument: Any,
        afterwards: Callable[[], None] | None = None,
        ahead: bool = False,
    ) -> Child:
        """Fork a process that sends back function(argument), or the exception it raised,
        and then, if given and function succeeded, runs afterwards(): work whose outcome
        this process does not wait for, such as saving to the cache (see
        children_finish_later).

        A child with work after its answer writes the answer to a temporary file and
        then says so through the pipe: through the pipe alone it would wait, its
        answer half sent, until this process came to read it. So does a child
        working `ahead` of this process, which will ask for a large answer once it
        is done: read from a file at once, rather than through the pipe's small
        buffer a few pages at a time.
        """
        answer_file = None
        if afterwards is not None or ahead:
            try:
                answer_file = tempfile.TemporaryFile()  # unlinked: gone once closed
            except OSError:  # no room for it: through the pipe, then
                pass
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            os.close(read_end)
            serve_child(function, argument, write_end, afterwards, answer_file)
        os.close(write_end)
        return cls(pid, read_end, answer_file)

    def result(self) -> Any:
        """What the child computed; its exception is raised here. A child that died
        without answering (killed by the out-of-memory killer, say) is a WorkerLost."""
        pipe, self.pipe = self.pipe, -1  # the stream below closes it
        try:
            with os.fdopen(pipe, "rb") as stream:
                source: BinaryIO = stream
                if self.answer_file is not None:
                    if stream.read(1) != ANSWER_WRITTEN:
                        raise EOFError("the child ended before it wrote its answer")
                    source = self.answer_file
                    source.seek(0)
                main = read_part(source)
                buffers = [read_part(source) for _ in range(read_size(source))]
                succeeded, value = pickle.loads(main, buffers=buffers)
        except Exception:  # nothing, or a part: the child ended before it finished
            self.close()
            self.reap()
            raise WorkerLost("a worker process of the build was killed (out of memory?)") from None
        self.close()
        self.answered = True
        finish_later_or_now(self)
        if not succeeded:
            raise value
        return value

    def close(self) -> None:
        """Let go of the pipe and the answer's file, once read or no longer wanted."""
        if self.pipe >= 0:
            os.close(self.pipe)
            self.pipe = -1
        if self.answer_file is not None:
            self.answer_file.close()
            self.answer_file = None

    def reap(self) -> None:
        """Wait for the process to end, so that it leaves no zombie."""
        if not self.reaped:
            os.waitpid(self.pid, 0)
            self.reaped = True

    def stop(self) -> None:
        """End a child whose result is no longer wanted (another share failed); one that
        has answered is left to finish its work after the answer."""
        if self.answered:
            return
        self.close()
        if not self.reaped:
            try:
                os.kill(self.pid, 9)
            except ProcessLookupError:
                pass
            self.reap()


# Children that answered and are finishing their work after the answer, for each
# children_finish_later block under way (innermost last). One per process, not per
# thread: workers are forked by builds, which run one at a time in a process (the
# preview's threads render without them).
_finishing: list[list[Child]] = []


class Claim:
    """Work that a process and a child forked after the claim was made both offer to
    do: the first to take it does it, the other not. Taken by reading the one byte
    a pipe holds, which only one read can get."""

    def __init__(self) -> None:
        read, write = os.pipe()
        os.write(write, b"\1")
        os.close(write)
        self.pipe: int | None = read

    def take(self) -> bool:
        """Whether this process takes the work (asked once: the pipe is then closed)."""
        if self.pipe is None:
            return False
        try:
            return os.read(self.pipe, 1) == b"\1"
        finally:
            self.close()

    def close(self) -> None:
        """Give up the claim in this process."""
        if self.pipe is not None:
            os.close(self.pipe)
            self.pipe = None

    def __del__(self) -> None:  # a build that failed before taking it
        self.close()


def if_claimed(claim: Claim, work: Callable[[], None]) -> None:
    """Do the work if this process takes the claim."""
    if claim.take():
        work()


@contextmanager
def children_finish_later() -> Iterator[None]:
    """Run a block in which a child that has sent its answer is not waited for at
    once: it finishes the work it does after answering (saving its pages' pieces,
    say) while this process goes on, and is waited for when the block ends. Outside
    such a block, a child is waited for as soon as it answers.
    """
    finishing: list[Child] = []
    _finishing.append(finishing)
    try:
        yield
    finally:
        _finishing.remove(finishing)
        for child in finishing:
            child.reap()


def finish_later_or_now(child: Child) -> None:
    """Wait for a child that answered: at the end of the children_finish_later block
    under way, or now."""
    if _finishing:
        _finishing[-1].append(child)
    else:
        child.reap()


ANSWER_WRITTEN = b"\x01"  # sent through the pipe once an answer is whole in its file


def serve_child(
    function: Callable[[Any], Any],
    argument: Any,
    pipe: int,
    afterwards: Callable[[], None] | None = None,
    answer_file: BinaryIO | None = None,
) -> None:
    """In the forked process: compute, send the pickled outcome (through the pipe, or
    into `answer_file` and then a word through the pipe), run `afterwards` if the
    computation succeeded, and exit at once (no clean-up: the parent's open files and
    exit handlers are the parent's).

    Values wrapped in pickle.PickleBuffer (pages, say) are sent after the pickle as
    they are, and arrive as bytes: the parent then holds one copy of each, not the
    pickle it read and the value made from it.
    """
    status = 0
    try:
        buffers: list[pickle.PickleBuffer] = []
        try:
            outcome: tuple[bool, Any] = (True, function(argument))
            data = pickle.dumps(outcome, protocol=5, buffer_callback=buffers.append)
        except Exception as error:
            data, buffers, afterwards = failure_report(error), [], None
        with os.fdopen(pipe, "wb") as signal:
            stream = answer_file if answer_file is not None else signal
            write_part(stream, data)
            stream.write(len(buffers).to_bytes(8, "little"))
            for buffer in buffers:
                write_part(stream, buffer.raw())
            if answer_file is not None:
                answer_file.flush()
                signal.write(ANSWER_WRITTEN)
        if afterwards is not None:
            del data, buffers, outcome  # sent: memory the rest of the work may use
            afterwards()
    except BaseException:  # the parent has gone, or we are interrupted
        status = 1
    finally:
        os._exit(status)


def write_part(stream: BinaryIO, data: bytes | memoryview) -> None:
    """Send one part of a child's answer: its length, then its bytes."""
    stream.write(len(data).to_bytes(8, "little"))
    stream.write(data)


def read_size(stream: BinaryIO) -> int:
    """A length sent by write_part; EOFError when the stream ends first."""
    size = stream.read(8)
    if len(size) != 8:
        raise EOFError("the child's answer ends early")
    return int.from_bytes(size, "little")


def read_part(stream: BinaryIO) -> bytes:
    """One part sent by write_part."""
    size = read_size(stream)
    data = stream.read(size)
    if len(data) != size:
        raise EOFError("the child's answer ends early")
    return data


def failure_report(error: Exception) -> bytes:
    """The pickled exception a child raised; one that cannot be pickled is described."""
    try:
        return pickle.dumps((False, error), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:
        described = RuntimeError(f"a worker process failed: {type(error).__name__}: {error}")
        return pickle.dumps((False, described), protocol=pickle.HIGHEST_PROTOCOL)


class WorkerLost(OSError):
    """A worker process ended without finishing its work."""


def can_fork() -> bool:
    """True where processes can be forked (not on Windows): else the work runs serially."""
    return hasattr(os, "fork")


def weighed_batches(
    items: Sequence[Item], costs: Sequence[float], count: int
) -> list[Sequence[Item]]:
    """The items in at most `count` contiguous runs whose costs add up to nearly the
    same: each run ends at the item that brings it closest to its part of the total."""
    total = sum(costs)
    runs: list[Sequence[Item]] = []
    start, spent = 0, 0.0
    for index, cost in enumerate(costs):
        target = total * (len(runs) + 1) / count
        # End the run before this item when that leaves it closer to its target.
        if len(runs) < count - 1 and index > start and spent + cost / 2 > target:
            runs.append(items[start:index])
            start = index
        spent += cost
    runs.append(items[start:])
    return runs


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
