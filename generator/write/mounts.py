"""The file systems mounted on this machine, by where they are mounted.

A build replaces its output folder whole and deletes the old one: a file system
mounted inside it (a bind mount of the content, a tmpfs of media) would be emptied
through the mount. `os.path.ismount` misses a bind mount of a folder of the same
file system, so the system's own table is read (Linux: /proc/self/mountinfo).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

MOUNTINFO = Path("/proc/self/mountinfo")
_ESCAPE = re.compile(r"\\([0-7]{3})")  # a space in a mount point is written \040


def mount_points() -> set[str]:
    """Every mount point, as a real path (empty where the table cannot be read)."""
    try:
        lines = MOUNTINFO.read_text(encoding="utf-8", errors="surrogateescape").splitlines()
    except OSError:
        return set()
    points = set()
    for line in lines:
        fields = line.split(" ")
        if len(fields) > 4:
            points.add(_ESCAPE.sub(lambda m: chr(int(m.group(1), 8)), fields[4]))
    return points


def is_mount_point(path: Path) -> bool:
    """Whether a file system is mounted at this real path."""
    return os.path.ismount(path) or str(path) in mount_points()


def mounts_inside(folder: Path) -> list[str]:
    """The mount points under a real folder (not the folder itself), as paths relative
    to it, in order."""
    prefix = str(folder).rstrip("/") + "/"
    return sorted(point[len(prefix) :] for point in mount_points() if point.startswith(prefix))
