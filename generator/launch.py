"""The `explainer` command's first code, importing nothing but `sys`.

The command's own modules take about a fifth of a second to import, and reading
its options a little more. A Ctrl-C in that time would end with Python's
traceback of whatever was being imported; from here on it ends quietly, as a
Ctrl-C during the command does.
"""

from __future__ import annotations

import sys


def entry() -> None:
    """The `explainer` command: import it and run it, quiet on Ctrl-C throughout."""
    try:
        from generator.cli import entry as run_command
    except KeyboardInterrupt:  # as generator.cli.interrupted says it, which is not yet there
        print("explainer: interrupted", file=sys.stderr)
        sys.exit(130)  # generator.cli.EXIT_INTERRUPTED
    run_command()
