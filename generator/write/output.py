"""The output folder: written whole beside the old one, swapped in atomically, never lost.

A build writes every file into a fresh folder next to the output, then exchanges
the two folders in one step (renameat2 with RENAME_EXCHANGE, on Linux), so at
every moment the output path holds either the old site or the new one, whole.
Builds on the same output take turns through a lock on the folder that holds it
(no lock file is left behind), and the first thing a build does under the lock is
clear what a killed build left there.

What the output may be is settled before the build (generator/write/destination.py);
what of the old output is kept, here, under the lock (generator/write/kept.py).
"""

from __future__ import annotations

import fcntl
import glob
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.errors import ContentError, ContentErrors, Location, reason
from generator.write.destination import MANIFEST
from generator.write.kept import keep_folder_modes, kept_entries
from generator.write.mounts import mounts_inside

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def staging_prefix(out_dir: Path) -> str:
    """The name every temporary folder of a build on out_dir starts with."""
    return f".{out_dir.name}.new-"


@contextmanager
def output_lock(out_dir: Path) -> Iterator[None]:
    """Hold the lock of the folder that holds the output: one build at a time
    writes beside it. A lock on the folder itself, not on a file, leaves nothing
    behind; builds into sibling folders take turns too, which costs them little."""
    handle = os.open(out_dir.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)  # waits for a build already under way
        yield
    finally:
        os.close(handle)  # releases the lock


def remove_leftovers(out_dir: Path) -> None:
    """Delete what builds that were killed left beside the output (called under the lock)."""
    pattern = glob.escape(staging_prefix(out_dir)) + "*"  # `--out '*'` means that name
    for leftover in sorted(out_dir.parent.glob(pattern)):
        if leftover.is_dir() and not leftover.is_symlink():
            if not mounts_inside(leftover):  # never deleted through a mount
                remove_tree(leftover)
        else:
            leftover.unlink(missing_ok=True)


def remove_tree(folder: Path) -> None:
    """Delete a folder and everything in it, read-only folders inside it included."""
    shutil.rmtree(folder, ignore_errors=True)
    if folder.exists():  # a read-only folder inside could not be emptied: open them all
        pending = [folder]
        while pending:
            inside = pending.pop()
            os.chmod(inside, 0o700)
            with os.scandir(inside) as entries:
                pending += [Path(e.path) for e in entries if e.is_dir(follow_symlinks=False)]
        shutil.rmtree(folder, ignore_errors=True)


def publish(out_dir: Path, files: dict[str, bytes], shown: Path | None = None) -> None:
    """Make the folder out_dir hold exactly these files (and the kept ones), all at once.

    out_dir is the real folder (generator/write/destination.output_folder); `shown`
    is the output as the user named it, for messages. What the system refuses (a
    full disk, a file it may not read) is an error at the output, which is unchanged.
    """
    try:
        replace_output(out_dir.absolute(), files, shown or out_dir)
    except OSError as error:
        name = f" ('{error.filename}')" if error.filename else ""
        problem = f"cannot write the site: {reason(error)}{name}"
        hint = "the output folder is as it was; free some space, or check its permissions"
        where = Location(str(shown or out_dir))
        raise ContentErrors([ContentError(where, problem, hint)]) from None


def replace_output(out_dir: Path, files: dict[str, bytes], shown: Path) -> None:
    """publish(), its errors as the system gives them."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with output_lock(out_dir):
        remove_leftovers(out_dir)
        kept = kept_entries(out_dir, shown, files)
        manifest = "".join(f"{name}\n" for name in sorted(files)).encode("utf-8")
        staging = Path(tempfile.mkdtemp(prefix=staging_prefix(out_dir), dir=out_dir.parent))
        try:
            kept.carry_over(out_dir, staging)
            for relative, data in sorted({**files, MANIFEST: manifest}.items()):
                target = staging / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            os.chmod(staging, 0o755)  # mkdtemp makes a private folder; a site is published
            keep_folder_modes(out_dir, staging)  # ... or keeps the modes it had
            if out_dir.exists():
                swap(staging, out_dir)  # staging now holds the old site
            else:
                os.replace(staging, out_dir)
        finally:
            remove_staging(staging)


def remove_staging(staging: Path) -> None:
    """Delete a build's temporary folder (after a swap, the old site), even if Ctrl-C
    comes in the middle: the next build would clear it, but only a next build."""
    try:
        remove_tree(staging)
    except KeyboardInterrupt:
        remove_tree(staging)
        raise


def swap(new: Path, current: Path) -> None:
    """Exchange two folders: atomically where the system can, else in two renames."""
    if exchange(new, current):
        return
    # Without an atomic exchange, the output is missing for the moment between the
    # two renames; a killed build is then recovered from by the next one's cleanup
    # only as far as deleting its folders (the old site is in the staging folder).
    parked = new.with_name(new.name + "-old")
    os.replace(current, parked)
    try:
        os.replace(new, current)
    except BaseException:
        os.replace(parked, current)
        raise
    os.replace(parked, new)


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step with renameat2(RENAME_EXCHANGE); False if unsupported.

    ctypes is imported here, by the builds that replace a site, and the C library
    is the one this process runs with (its own symbols): ctypes.util.find_library
    would import subprocess, and may run ldconfig, for the same answer.
    """
    import ctypes

    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    error = ctypes.get_errno()
    if error in (38, 22, 95):  # ENOSYS, EINVAL, EOPNOTSUPP: not supported here
        return False
    raise OSError(error, os.strerror(error), str(second))
