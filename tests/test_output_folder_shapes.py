"""Output folders of every shape (a property test of generator/write/kept.py).

An old output gets random entries of its owner's: files, links (to files, to
folders, to nothing, in the site or out of it), empty folders and named pipes, at
random paths among and inside the pages. A rebuild must then either keep each
entry the build did not write exactly as it was (a link as a link, never a copy of
its target) and write every page, or, when an entry stands where the build writes
or cannot be carried over, fail and leave the folder exactly as it was. Either
way nothing is left beside the folder.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURES
from tests.output_shapes import leftovers_beside, run_main, tree

MANIFEST = ".explainer-manifest"
NAMES = ["index.html", "timeline", "assets", "CNAME", "x", "downloads", "404.html", "data"]
KINDS = ["file", "file", "link", "link", "folder", "folder", "pipe"]  # pipes more rarely
LINK_TARGETS = ["index.html", "../content", "/etc", "nowhere", "timeline", "."]

Placement = tuple[str, str, str]  # path, kind, link target


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The tram story, built once: each example starts from a copy of its site."""
    root = tmp_path_factory.mktemp("shapes") / "tram"
    shutil.copytree(FIXTURES / "tram", root)
    code, err = run_main(
        ["build", "-q", "--content", str(root / "content"), "--out", str(root / "pristine")]
    )
    assert code == 0, err
    yield root


def place(site: Path, path: str, kind: str, target: str) -> None:
    """Put an entry at a path, making room for it: whatever is there, or in the way
    of its folders, goes."""
    parts = path.split("/")
    for depth in range(1, len(parts)):
        folder = site.joinpath(*parts[:depth])
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            folder.unlink()
        folder.mkdir(exist_ok=True)
    entry = site / path
    if entry.is_symlink() or entry.is_file() or (entry.exists() and not entry.is_dir()):
        entry.unlink()
    elif entry.is_dir():
        shutil.rmtree(entry)
    if kind == "file":
        entry.write_text(f"the owner's {path}\n")
    elif kind == "link":
        entry.symlink_to(target)
    elif kind == "folder":
        entry.mkdir()
    else:
        os.mkfifo(entry)


def expected_refusal(before: dict[str, str], written: set[str]) -> bool:
    """Whether the rebuild must fail: an entry that cannot be carried over, or one the
    build did not write in the way of one it writes (at it, above it, or inside it)."""
    if "other" in before.values():
        return True
    kept = kept_entries(before, written)
    for name, kind in kept.items():
        if kind != "folder" and any(w.startswith(name + "/") for w in written):
            return True
        if any(name.startswith(w + "/") for w in written):
            return True
    return False


def kept_entries(before: dict[str, str], written: set[str]) -> dict[str, str]:
    """The entries a rebuild must keep as they are: files, links and empty folders
    that the last build did not write."""
    return {
        name: kind
        for name, kind in before.items()
        if name not in written
        and name != MANIFEST
        and (kind != "folder" or not any(n.startswith(name + "/") for n in before))
    }


placements = st.lists(
    st.tuples(
        st.lists(st.sampled_from(NAMES), min_size=1, max_size=3).map("/".join),
        st.sampled_from(KINDS),
        st.sampled_from(LINK_TARGETS),
    ),
    min_size=1,
    max_size=5,
)


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(placements)
def test_a_rebuild_keeps_every_entry_it_did_not_write_or_refuses(
    built: Path, shapes: list[Placement]
) -> None:
    site = built / "site"
    if site.exists():
        shutil.rmtree(site)
    shutil.copytree(built / "pristine", site, symlinks=True)
    written = set((site / MANIFEST).read_text().splitlines())
    for path, kind, target in shapes:
        place(site, path, kind, target)
    before = tree(site)
    code, err = run_main(["build", "-q", "--content", str(built / "content"), "--out", str(site)])
    assert "Traceback" not in err
    assert leftovers_beside(site) == []
    event(f"exit {code}")
    if expected_refusal(before, written):
        assert code == 1 and err.startswith(str(site)), err
        assert tree(site) == before
        return
    assert code == 0, err
    after = tree(site)
    kept = kept_entries(before, written)
    assert {name: after.get(name) for name in kept} == kept
    assert all(after[name].startswith("file ") for name in written)
