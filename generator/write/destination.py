"""Where a build may write: the output folder's policy, applied before anything is built.

A build replaces its output folder whole: it writes the new site into a folder
beside it and swaps the two (generator/write/output.py). So the output must be a
folder of its own that the build can rename and write beside, and replacing it must
not touch anything the build reads. Refused, with the reason:

- the root of the file system, and any mount point (a rename cannot move one);
- a path that is, holds, or lies inside the content, seeds or templates folder, or
  the build cache: the build would replace what it reads, or read what it wrote;
- a path that exists and is not a folder;
- a symbolic link that leads to nothing (a missing target, a loop);
- a path the system cannot look at (a name over 255 bytes, a path too long);
- a folder the user cannot write, or one beside which nothing can be written;
- a non-empty folder that an earlier build did not write (it has no manifest).

A symbolic link to a folder is followed: the folder it points to is replaced, and
the link is left as it is.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from generator.errors import ContentError, ContentErrors, Location, reason
from generator.write.mounts import is_mount_point

MANIFEST = ".explainer-manifest"


def output_folder(out: Path, inputs: Iterable[tuple[str, Path]]) -> Path:
    """The real folder a build into `out` replaces; raises every reason it may not.

    `inputs` names each folder the build reads (e.g. ("content", content_dir)), the
    first named first when the output meets several.
    """
    shown = Location(str(out))
    try:
        problem, hint = refusal(out, dict(inputs))
    except OSError as error:  # the path cannot even be looked at (a name over 255 bytes)
        problem = f"the output cannot be used: {reason(error)}"
        hint = (
            "choose another --out, with names of at most 237 bytes and a path the system can read"
        )
    if problem:
        raise ContentErrors([ContentError(shown, problem, hint)])
    return Path(os.path.realpath(out))


def refusal(out: Path, inputs: dict[str, Path]) -> tuple[str, str]:
    """Why a build may not write to `out` ("" if it may), and what to do instead."""
    elsewhere = "choose another --out, e.g. a new folder 'site' beside the content folder"
    if out.is_symlink() and not out.exists():
        return f"the output is a link to '{os.readlink(out)}', which leads to no folder", (
            "create the folder it leads to, or point the link at one"
        )
    real = Path(os.path.realpath(out))
    if real == real.parent or is_mount_point(real):
        return (
            "the output is the root of a file system; a build replaces its output folder "
            "whole, by renaming it",
            "build into a folder inside it, e.g. '" + str(real / "site") + "'",
        )
    for name, folder in inputs.items():
        held = Path(os.path.realpath(folder))
        if real == held:
            return f"the output is the {name} folder '{folder}'", elsewhere
        if held in real.parents:
            return f"the output is inside the {name} folder '{folder}'", elsewhere
        if real in held.parents:
            return f"the output holds the {name} folder '{folder}' and would replace it", (
                elsewhere
            )
    if real.exists() and not real.is_dir():
        return "the output exists and is not a folder", elsewhere
    if len(os.fsencode(real.name)) > LONGEST_NAME:
        return f"the output's name is longer than {LONGEST_NAME} bytes", (
            "choose a shorter name: the build writes beside it under a longer one"
        )
    return writable(real) or foreign(real)


# A file name has at most 255 bytes; the build's folder beside the output is named
# `.NAME.new-` and eight characters, and `-old` is added to it while swapping.
LONGEST_NAME = 255 - len("..new-") - 8 - len("-old")


def writable(real: Path) -> tuple[str, str]:
    """A reason the output cannot be replaced for lack of permission ("" if it can)."""
    beside = real.parent
    while not beside.exists():  # created by the build, inside the nearest that exists
        beside = beside.parent
    if not beside.is_dir():
        return f"the output's folder '{beside.name}' is not a folder", (
            "choose another --out, in a folder"
        )
    if not os.access(beside, os.R_OK | os.W_OK | os.X_OK):
        return (
            f"cannot write in '{beside}', where the new site is written before it "
            "replaces the old (permission denied)",
            "make it writable, or choose another --out",
        )
    if real.exists() and not os.access(real, os.W_OK | os.X_OK):
        return (
            "cannot write to the output folder (permission denied)",
            f"make it writable (chmod -R u+w '{real}'), or choose another --out",
        )
    return "", ""


def foreign(real: Path) -> tuple[str, str]:
    """A reason not to replace a folder that no build wrote ("" for one a build did)."""
    if not real.is_dir() or (real / MANIFEST).is_file():
        return "", ""
    with os.scandir(real) as entries:
        if next(entries, None) is None:
            return "", ""
    return (
        f"refusing to replace a folder that explainer did not build (it has files but no "
        f"{MANIFEST})",
        "build into a new or empty folder, or move the folder's files away",
    )
