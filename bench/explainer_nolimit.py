"""`explainer`, with the 5 MiB limit on a content file lifted: for benchmarks only.

The generator refuses any content or seed file over `generator.load.MAX_FILE_BYTES`
(5 MiB). A synthetic story at scale 1000 (10,000 events, each with a 40-80 word
summary) has an events.yaml of about 8 MB, and a story's events cannot be split
across files, so that scale cannot be built as it is. This wrapper raises the
limit in its own process only, then runs the ordinary command line:

    .venv/bin/python bench/explainer_nolimit.py build --content DIR --out DIR
    .venv/bin/python -m cProfile -o /tmp/p.prof bench/explainer_nolimit.py build ...

It uses whichever `generator` package Python finds (the editable install, or a
snapshot on PYTHONPATH, as bench/run.py arranges). Nothing in generator/ is
changed; everything after reading the files is the ordinary build. bench/run.py
uses it only when the command line has no option to raise the limit.
"""

from __future__ import annotations

import inspect
import sys

import generator.load

UNLIMITED = 1 << 30
LIMIT = getattr(generator.load, "MAX_FILE_BYTES", None)
generator.load.MAX_FILE_BYTES = UNLIMITED
# Where the limit is a default argument (bound when the function was defined).
for _name, _function in inspect.getmembers(generator.load, inspect.isfunction):
    if _function.__defaults__ and "max_bytes" in inspect.signature(_function).parameters:
        _function.__defaults__ = tuple(
            UNLIMITED if d == LIMIT else d for d in _function.__defaults__
        )

from generator.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
