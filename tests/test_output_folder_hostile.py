"""Output folders as a hostile tester shaped them: a file system mounted inside the
output, a name that is a glob pattern, folders with modes of their own, a manifest
that is not text, names too long. Each is refused with its reason and the folder
left as it was, or carried over exactly."""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, Project, Run
from tests.output_shapes import (
    build_as_other_user,
    give_to_builder,
    leftovers_beside,
    tree,
    world_readable_copy,
)


@pytest.fixture
def bind_mount(project: Project) -> Iterator[Path]:
    """The seeds folder mounted inside a built site (skipped where mounting is not
    allowed)."""
    mount_point = project.site / "mounted"
    mount_point.mkdir(parents=True)
    done = subprocess.run(
        ["mount", "--bind", str(project.seeds), str(mount_point)], capture_output=True, check=False
    )
    if done.returncode != 0:
        mount_point.rmdir()
        pytest.skip(f"cannot mount here: {done.stderr.decode().strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=False)


def test_a_file_system_mounted_in_the_output_is_never_emptied(
    project: Project, run: Run, bind_mount: Path
) -> None:
    """Was: exit 0, and the mounted folder (the content, in the report) emptied."""
    seeds = tree(project.seeds)
    (project.site / ".explainer-manifest").write_text("index.html\n")  # built before
    result = run(*project.args("build"))
    assert result.code == 1
    assert f"{bind_mount}:1:1: a file system is mounted here" in result.err
    assert tree(project.seeds) == seeds and leftovers_beside(project.site) == []


def test_an_output_named_like_a_pattern_deletes_nothing_else(project: Project, run: Run) -> None:
    """`--out '*'` cleared every `.*.new-*` beside it, a user's folder included."""
    mine = project.root / ".site.new-mine"
    mine.mkdir()
    (mine / "data").write_text("precious")
    out = project.root / "*"
    assert run("build", "--content", str(project.content), "--out", str(out)).code == 0
    assert (mine / "data").read_text() == "precious"


def test_a_kept_folder_keeps_its_mode(project: Project, run: Run) -> None:
    assert run(*project.args("build")).code == 0
    private = project.site / "private"
    private.mkdir()
    (private / "notes.txt").write_text("mine")
    os.chmod(private, 0o2750)
    os.chmod(project.site, 0o750)
    assert run(*project.args("build")).code == 0
    assert stat.S_IMODE(private.stat().st_mode) == 0o2750
    assert stat.S_IMODE(project.site.stat().st_mode) == 0o750
    assert (private / "notes.txt").read_text() == "mine"


def test_a_manifest_that_is_not_text_is_read_as_far_as_it_goes(project: Project, run: Run) -> None:
    """Was: internal error: UnicodeDecodeError."""
    assert run(*project.args("build")).code == 0
    with open(project.site / ".explainer-manifest", "ab") as manifest:
        manifest.write(b"\xff\xfe\n")
    result = run(*project.args("build"))
    assert result.code == 0, result.err


def test_an_output_name_too_long_to_write_beside_is_refused(project: Project, run: Run) -> None:
    out = project.root / "new" / ("s" * 240)
    result = run("build", "--content", str(project.content), "--out", str(out))
    assert result.code == 1
    assert "the output's name is longer than 237 bytes" in result.err
    assert not (project.root / "new").exists()


@pytest.mark.parametrize("too_long", ["s" * 300 + "/site", "/".join(["deep"] * 1100)])
def test_an_output_path_the_system_cannot_look_at_is_refused_at_its_place(
    project: Project, run: Run, too_long: str
) -> None:
    """Was: `explainer: [Errno 36] File name too long`, no place, no hint."""
    result = run("build", "--content", str(project.content), "--out", too_long)
    assert result.code == 1
    assert f"{too_long}:1:1: the output cannot be used: File name too long" in result.err
    assert "hint: choose another --out" in result.err
    assert "[Errno" not in result.err


def test_a_kept_file_the_builder_cannot_read_is_an_error_at_the_output() -> None:
    """Was: `explainer: [Errno 13] ...`, no place, no hint."""
    with world_readable_copy(FIXTURES / "tram") as root:
        site = root / "site"
        give_to_builder(root)
        assert build_as_other_user(root, site)[0] == 0
        secret = site / "secret.txt"
        secret.write_text("not yours")
        os.chmod(secret, 0)  # and root's, so the builder can neither link nor read it
        before = tree(root)
        code, err = build_as_other_user(root, site)
        if code == 0:
            pytest.skip("the builder may link a file it cannot read here")
        assert err.startswith(f"{site}:1:1: cannot write the site: "), err
        assert "\n    hint: the output folder is as it was" in err
        assert tree(root) == before and leftovers_beside(site) == []
