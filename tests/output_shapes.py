"""Looking at output folders for the output-folder tests: a folder's tree as data,
what builds left beside it, and a build run by a user who may not write somewhere."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path

from generator.cli import main

NOBODY = 65534


def tree(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Every entry under a folder, without following links: relative path -> what it
    is (a link and its target, a folder, or a file's mode and digest)."""
    found: dict[str, str] = {}
    for inside, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if name not in skip]
        base = Path(inside)
        for name in [*folders, *files]:
            path = base / name
            relative = path.relative_to(folder).as_posix()
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                found[relative] = f"link to {os.readlink(path)}"
            elif stat.S_ISDIR(mode):
                found[relative] = "folder"
            elif stat.S_ISREG(mode):
                digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
                found[relative] = f"file {stat.S_IMODE(mode):o} {digest}"
            else:
                found[relative] = "other"
        folders[:] = [name for name in folders if not (base / name).is_symlink()]
    return found


def leftovers_beside(out: Path) -> list[str]:
    """Temporary folders and lock files of builds, left beside an output."""
    prefix = f".{out.name}."
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(prefix))


@contextmanager
def world_readable_copy(story: Path) -> Iterator[Path]:
    """A copy of a story where any user can read it (pytest's own folders are private)."""
    root = Path(tempfile.mkdtemp(prefix="explainer-out-"))
    try:
        os.chmod(root, 0o755)
        shutil.copytree(story / "content", root / "content")
        shutil.copytree(story / "seeds", root / "seeds")
        yield root
    finally:
        for inside, folders, _ in os.walk(root):
            for name in folders:
                os.chmod(os.path.join(inside, name), 0o755)
        shutil.rmtree(root)


def build_as_other_user(root: Path, out: Path) -> tuple[int, str]:
    """Build as a user who owns the project but not what `deny_writing` took away:
    `nobody` when the tests run as root (who may write anywhere), else the user.

    The build runs in a forked child, which has the generator imported already."""
    argv = ["build", "--no-cache", "--content", str(root / "content"), "--out", str(out)]
    if os.geteuid() != 0:
        return run_main(argv)
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        os.close(read)
        try:
            os.setgroups([])
            os.setresgid(NOBODY, NOBODY, NOBODY)
            os.setresuid(NOBODY, NOBODY, NOBODY)
            code, err = run_main(argv)
            os.write(write, f"{code}\n{err}".encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as stream:
        written = stream.read().decode()
    os.waitpid(child, 0)
    code, _, err = written.partition("\n")
    return int(code), err


def run_main(argv: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(argv)
    return code, err.getvalue()


def give_to_builder(root: Path) -> None:
    """Make everything in the project the building user's (nobody, under root)."""
    if os.geteuid() == 0:
        for inside, folders, files in os.walk(root):
            for name in [".", *folders, *files]:
                os.lchown(os.path.join(inside, name), NOBODY, NOBODY)


def deny_writing(path: Path) -> None:
    """Take the building user's right to write in a folder (read and enter stay)."""
    if os.geteuid() == 0:
        os.lchown(path, 0, 0)
        os.chmod(path, 0o755)
    else:
        os.chmod(path, 0o555)
