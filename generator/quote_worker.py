"""A process that indexes the source texts while the items are read, then finds the
quotes in them.

Finding a quote needs the items (they hold the quotes); indexing a source's
words, the larger part of the work, needs only the source texts, known as soon as
sources.yaml is read. So a cold build of a large story forks this process then
(validate.load_story), before the heap holds the items: it indexes beside the
readers, and in the moments a core would otherwise wait (the building process
taking back the other reader's items, say). Once the quotes are known, the
building process hands them over and goes on with the Markdown and the
cross-checks, while the worker looks for the quotes and sends back where each
stands. The quote search then needs no process forked from the building
process's large heap, whose pages would be copied as both wrote to them.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Sequence
from typing import IO

from generator.parallel import Child, can_fork
from generator.quotes import QuoteJob, Spans, find_quotes, index_of

# For each job: the source id, its text if it is not the one the worker has, the quotes.
Request = list[tuple[str, str | None, Sequence[str]]]
ASKED = b"\x01"  # sent through the pipe once a request is whole in its file


class QuoteWorker:
    """The worker process, and how to hand it the quotes: a request file both
    processes hold, and a pipe that says when it is written."""

    def __init__(self, texts: dict[str, str]) -> None:
        self.texts = texts
        self.request_file: IO[bytes] | None = tempfile.TemporaryFile()  # unlinked already
        read_end, self.signal = os.pipe()
        self.child = Child.start(serve_quotes, (texts, self.request_file, read_end, self.signal))
        os.close(read_end)

    @classmethod
    def start(cls, texts: dict[str, str]) -> QuoteWorker | None:
        """A worker indexing these texts (source id -> text); None where processes
        cannot be forked, or no temporary file made."""
        if not texts or not can_fork():
            return None
        try:
            return cls(texts)
        except OSError:
            return None

    def find(self, jobs: Sequence[QuoteJob]) -> None:
        """Hand over the quotes of these jobs (source id, its text, quotes). A text the
        worker was started with is not sent again (its index is made already)."""
        assert self.request_file is not None and self.signal >= 0
        request: Request = [
            (source_id, None if text is self.texts.get(source_id) else text, quotes)
            for source_id, text, quotes in jobs
        ]
        pickle.dump(request, self.request_file, protocol=pickle.HIGHEST_PROTOCOL)
        self.request_file.flush()
        os.write(self.signal, ASKED)
        self.close()

    def spans(self) -> list[Spans]:
        """Where each quote of each job handed over stands (find_quotes)."""
        found: list[Spans] = self.child.result()
        return found

    def close(self) -> None:
        """Let go of the request's file and pipe in this process."""
        if self.signal >= 0:
            os.close(self.signal)
            self.signal = -1
        if self.request_file is not None:
            self.request_file.close()
            self.request_file = None

    def stop(self) -> None:
        """End the worker if its answer is not wanted (or has been taken already)."""
        self.close()
        self.child.stop()


def serve_quotes(job: tuple[dict[str, str], IO[bytes], int, int]) -> list[Spans]:
    """In the worker: index the texts, wait for the quotes, and look for them."""
    texts, request_file, signal, their_end = job
    os.close(their_end)
    for text in texts.values():
        index_of(text)
    if os.read(signal, 1) != ASKED:  # the building process gave up
        raise EOFError("no quotes were handed over")
    request_file.seek(0)
    request: Request = pickle.load(request_file)
    return [
        find_quotes((source_id, texts[source_id] if text is None else text, quotes))
        for source_id, text, quotes in request
    ]
