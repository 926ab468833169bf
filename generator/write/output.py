"""The output folder: written whole beside the old one, swapped in atomically, never lost.

A build writes every file into a fresh folder next to the output, then exchanges
the two folders in one step (renameat2 with RENAME_EXCHANGE, on Linux), so at
every moment the output path holds either the old site or the new one, whole.
Builds on the same output take turns through a lock file beside it, and the
first thing a build does under the lock is clear what a killed build left behind.

Files in the output that the generator did not write (a CNAME, say) are carried
over: the output holds a manifest of what the last build wrote, and only those
files are replaced. A non-empty folder without a manifest is refused.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.errors import ContentError, ContentErrors, Location

MANIFEST = ".explainer-manifest"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def staging_prefix(out_dir: Path) -> str:
    """The name every temporary folder of a build on out_dir starts with."""
    return f".{out_dir.name}.new-"


@contextmanager
def output_lock(out_dir: Path) -> Iterator[None]:
    """Hold the output's lock: one build at a time writes to a given folder."""
    lock = out_dir.parent / f".{out_dir.name}.lock"
    with open(lock, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # waits for a build already under way
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def remove_leftovers(out_dir: Path) -> None:
    """Delete the temporary folders of builds that were killed (called under the lock)."""
    for leftover in sorted(out_dir.parent.glob(staging_prefix(out_dir) + "*")):
        shutil.rmtree(leftover, ignore_errors=True)


def files_to_keep(out_dir: Path, files: dict[str, bytes]) -> dict[str, bytes]:
    """Files in the output folder that an earlier build did not write (a CNAME, say)."""
    if not out_dir.exists():
        return {}
    shown = Location(str(out_dir))
    if not out_dir.is_dir():
        raise ContentErrors([ContentError(shown, "the output path exists and is not a folder")])
    present = sorted(str(p.relative_to(out_dir)) for p in out_dir.rglob("*") if p.is_file())
    if not present:
        return {}
    manifest = out_dir / MANIFEST
    if not manifest.is_file():
        raise ContentErrors(
            [
                ContentError(
                    shown,
                    "refusing to replace a folder that explainer did not build "
                    f"(it has files but no {MANIFEST})",
                    "build into a new or empty folder, or move the folder's files away",
                )
            ]
        )
    written_before = set(manifest.read_text(encoding="utf-8").splitlines())
    keep = {
        name: (out_dir / name).read_bytes()
        for name in present
        if name not in written_before and name != MANIFEST
    }
    clashes = sorted(keep.keys() & files.keys())
    if clashes:
        raise ContentErrors(
            [
                ContentError(
                    Location(str(out_dir / name)),
                    "the build would overwrite a file it did not write",
                    "move or delete the file; explainer writes this path itself",
                )
                for name in clashes
            ]
        )
    return keep


def publish(out_dir: Path, files: dict[str, bytes]) -> None:
    """Make out_dir hold exactly these files (and any kept ones), all at once."""
    out_dir = out_dir.absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with output_lock(out_dir):
        remove_leftovers(out_dir)
        kept = files_to_keep(out_dir, files)
        manifest = "".join(f"{name}\n" for name in sorted(files)).encode("utf-8")
        staging = Path(tempfile.mkdtemp(prefix=staging_prefix(out_dir), dir=out_dir.parent))
        try:
            for relative, data in sorted({**kept, **files, MANIFEST: manifest}.items()):
                target = staging / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            os.chmod(staging, 0o755)  # mkdtemp makes it private; a site is published
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
        shutil.rmtree(staging, ignore_errors=True)
    except KeyboardInterrupt:
        shutil.rmtree(staging, ignore_errors=True)
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
