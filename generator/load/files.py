"""Reading the project's files: text in UTF-8, within a size limit, named as the editor would."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from generator.errors import ContentError, ContentErrors, Location

MAX_FILE_BYTES = 5 * 1024 * 1024  # one content or seed file; a story never needs more


def resolve(path: Path) -> Path:
    """The path with its links followed; a loop of links raised as an OSError, as
    Python 3.13 raises it (3.11 and 3.12 raise RuntimeError, which no caller expects)."""
    try:
        return path.resolve()
    except RuntimeError:
        raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(path)) from None


def display_path(path: Path) -> str:
    """The path as an editor would type it: relative to the working folder when inside it."""
    try:
        return str(resolve(path).relative_to(Path.cwd().resolve()))
    except (OSError, ValueError):
        return str(path)


def read_bytes(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """Read a regular file within the size limit, or raise a ContentError."""
    shown = display_path(path)
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise ContentErrors(
                [
                    ContentError(
                        Location(shown),
                        "not a regular file (a pipe, a device or a folder)",
                        "content and seed files must be ordinary text files",
                    )
                ]
            )
        size = status.st_size
        if size > max_bytes:
            raise ContentErrors(
                [
                    ContentError(
                        Location(shown),
                        f"file is {size} bytes, over the limit of {max_bytes}",
                        "raise the limit with --max-file-mb if the file is meant to be this big",
                    )
                ]
            )
        return path.read_bytes()
    except OSError as error:
        raise ContentErrors(
            [
                ContentError(
                    Location(shown),
                    f"cannot read file: {error.strerror}",
                    "make it readable by whoever runs the build (chmod a+r)",
                )
            ]
        ) from None


def read_text(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 file (a byte-order mark is dropped), or raise a ContentError."""
    data = read_bytes(path, max_bytes)
    shown = display_path(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise ContentErrors(
            [
                ContentError(
                    Location(shown, line, column),
                    f"not UTF-8: byte 0x{data[error.start]:02x} at offset {error.start}",
                    "save the file as UTF-8",
                )
            ]
        ) from None
    # Every line count (YAML's, the list cutter's, a quote's) then agrees: YAML and
    # Markdown take a lone CR (an old Mac file) as a line break, the rest of the
    # generator does not.
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
