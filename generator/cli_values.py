"""The values of the command line's options that argparse cannot check by type alone:
a bad one is a usage error (exit 2), never a crash or a refusal of every file."""

from __future__ import annotations

import argparse
import math
import sys


def size_in_mb(text: str) -> float:
    """A --max-file-mb value: a finite number of megabytes above zero.

    Checked here, so that nan, inf or -1 is a usage error rather than a crash
    or a refusal of every file.
    """
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not math.isfinite(value) or value * 2**20 < 1:
        raise argparse.ArgumentTypeError(f"must be a size in megabytes above 0, not {text!r}")
    if value * 2**20 >= sys.maxsize:
        raise argparse.ArgumentTypeError(
            f"must be a size in megabytes below {sys.maxsize // 2**20:,}, not {text!r}"
        )
    return value


def port_number(text: str) -> int:
    """A --port value: 0 (any free port) to 65535; the socket layer overflows beyond."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be a port from 0 to 65535, not {text}")
    return value
