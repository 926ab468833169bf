"""What a rebuild carries over from the old output: every entry it did not write.

The output holds a manifest of the files the last build wrote. Anything else in it
(a `CNAME`, a link to a folder of downloads, an empty folder a host expects) is the
publisher's, and the new site gets it as it is: a file with its bytes and mode, a
symbolic link as a link with the same target (never a copy of what it points to),
an empty folder as an empty folder. A path the build writes that such an entry is
in the way of is refused, never overwritten.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.errors import ContentError, ContentErrors, Location
from generator.write.destination import MANIFEST, foreign
from generator.write.mounts import mounts_inside


@dataclass(frozen=True)
class Kept:
    """Entries of the old output to carry over, by path relative to it."""

    files: frozenset[str] = frozenset()
    links: frozenset[str] = frozenset()
    empty_folders: frozenset[str] = frozenset()

    def carry_over(self, old: Path, new: Path) -> None:
        """Put the kept entries of the output `old` into the folder `new`."""
        for name in sorted(self.empty_folders):
            (new / name).mkdir(parents=True, exist_ok=True)
            shutil.copymode(old / name, new / name)
        for name in sorted(self.links):
            (new / name).parent.mkdir(parents=True, exist_ok=True)
            os.symlink(os.readlink(old / name), new / name)
        for name in sorted(self.files):
            (new / name).parent.mkdir(parents=True, exist_ok=True)
            try:  # the same file, not a copy: instant, and its mode and times stay
                os.link(old / name, new / name)
            except OSError:  # a file system without hard links, or one that forbids them
                shutil.copy2(old / name, new / name)


def kept_entries(out: Path, shown: Path, files: Mapping[str, bytes]) -> Kept:
    """What of the output `out` the build keeps; raises every entry that stops it.

    `shown` is the output as the user named it, for the messages; `files` is what
    the build writes.
    """
    if not out.is_dir():
        return Kept()
    problem, hint = foreign(out)
    if problem:
        raise ContentErrors([ContentError(Location(str(shown)), problem, hint)])
    manifest = out / MANIFEST  # an empty folder has none
    written_before = {MANIFEST}
    if manifest.is_file():  # a line that is not UTF-8 names no file the build writes
        text = manifest.read_bytes().decode("utf-8", errors="replace")
        written_before.update(text.splitlines())
    kept: dict[str, set[str]] = {"file": set(), "link": set(), "empty": set()}
    problems = [
        ContentError(Location(str(shown / name)), MOUNTED, UNMOUNT_HINT)
        for name in mounts_inside(out)
    ]
    if problems:  # not walked into: what is mounted there is not the output's
        raise ContentErrors(problems)
    for name, kind in entries(out):
        where = Location(str(shown / name)) if name else Location(str(shown))
        if kind == "folder" and not os.access(out / name, os.R_OK | os.W_OK | os.X_OK):
            problems.append(ContentError(where, CANNOT_WRITE, WRITABLE_HINT))
        elif kind == "other":
            problems.append(ContentError(where, NOT_KEPT, MOVE_HINT))
        elif kind in kept and name not in written_before:
            kept[kind].add(name)
    result = Kept(frozenset(kept["file"]), frozenset(kept["link"]), frozenset(kept["empty"]))
    problems += clashes(result, files, shown)
    if problems:
        raise ContentErrors(problems)
    return result


MOUNTED = (
    "a file system is mounted here: a build replaces the output whole, and would "
    "empty what is mounted"
)
UNMOUNT_HINT = "unmount it, or mount it outside the output folder"
CANNOT_WRITE = "cannot write to this folder of the output (permission denied)"
WRITABLE_HINT = "make it writable (chmod u+w), or move it out of the output folder"
NOT_KEPT = "a build cannot carry this over to the new site: it is not a file, folder or link"
MOVE_HINT = "move it out of the output folder"


def entries(out: Path) -> Iterator[tuple[str, str]]:
    """Every entry under `out` (itself included, as ""), without following links:
    (relative path, kind), kind being file, link, folder, empty (folder) or other."""
    pending = [""]
    while pending:
        relative = pending.pop()
        with os.scandir(out / relative) as listing:
            found = sorted(listing, key=lambda entry: entry.name)
        yield relative, "folder"
        if not found and relative:
            yield relative, "empty"
        for entry in found:
            name = f"{relative}/{entry.name}" if relative else entry.name
            mode = entry.stat(follow_symlinks=False).st_mode
            if stat.S_ISLNK(mode):
                yield name, "link"
            elif stat.S_ISDIR(mode):
                pending.append(name)
            elif stat.S_ISREG(mode):
                yield name, "file"
            else:
                yield name, "other"


def clashes(kept: Kept, files: Mapping[str, bytes], shown: Path) -> list[ContentError]:
    """A kept entry where the build writes a file, where it needs a folder, or
    inside a folder where it writes a file."""
    in_the_way = kept.files | kept.links
    holding = {
        "/".join(parts[:depth])
        for name in kept.files | kept.links | kept.empty_folders
        for parts in [name.split("/")]
        for depth in range(1, len(parts) + 1)
    }
    found: set[str] = set()
    for name in files:
        if name in holding:
            found.add(name)
        parts = name.split("/")
        found.update(
            folder
            for folder in ("/".join(parts[:depth]) for depth in range(1, len(parts)))
            if folder in in_the_way
        )
    return [
        ContentError(
            Location(str(shown / name)),
            "the build would overwrite an entry it did not write",
            "move or delete it; explainer writes this path itself",
        )
        for name in sorted(found)
    ]


def keep_folder_modes(old: Path, new: Path) -> None:
    """Give each folder of the new output that the old one had the old one's mode
    and, where the system lets this process, its owner: a private folder of the
    publisher's stays private, the output folder stays whoever's it was."""
    pending = [""]
    while pending:
        relative = pending.pop()
        before = (old / relative).lstat() if (old / relative).exists() else None
        if before is not None and stat.S_ISDIR(before.st_mode):
            os.chmod(new / relative, stat.S_IMODE(before.st_mode))
            try:
                os.chown(new / relative, before.st_uid, before.st_gid)
            except PermissionError:  # only root may give a folder away
                pass
        with os.scandir(new / relative) as listing:
            pending += [
                f"{relative}/{e.name}" if relative else e.name
                for e in listing
                if e.is_dir(follow_symlinks=False)
            ]
