"""Run check-jsonschema's command line several times in one process: each run is
exactly `check-jsonschema ARG...`, its entry point called with those arguments, but
the runs share one Python start-up (about 0.4 s of CPU each, which the tests would
otherwise pay once per schema). Used by tests/schema_support.py:

    python tests/check_jsonschema_batch.py < RUNS

RUNS is a JSON list of argument lists, each with `--output-format json`. Prints a
JSON list: for each run, its exit status and its report.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
from typing import Any

from check_jsonschema import main


def run(argv: list[str]) -> list[Any]:
    """One run of the command line: its exit status and its JSON report."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main.main(argv, prog_name="check-jsonschema", standalone_mode=False)
    return [status, json.loads(out.getvalue())]


if __name__ == "__main__":
    print(json.dumps([run(argv) for argv in json.load(sys.stdin)]))
