"""The output folder's policy (generator/write/destination.py and kept.py): what a
build refuses to write to, before it builds anything, and what of an old output it
keeps, exactly as it was. A refused build leaves no file anywhere: no lock, no
temporary folder, no site."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, Project, Run
from tests.output_shapes import (
    build_as_other_user,
    deny_writing,
    give_to_builder,
    leftovers_beside,
    tree,
    world_readable_copy,
)


def project_tree(project: Project) -> dict[str, str]:
    return tree(project.root, skip=(".explainer-cache",))


REFUSED = {
    "the root of the file system": (lambda p: Path("/"), "the output is the root of a file system"),
    "the content folder": (lambda p: p.content, "the output is the content folder"),
    "a file in the content folder": (
        lambda p: p.content / "site.yaml",
        "the output is inside the content folder",
    ),
    "a folder in the seeds folder": (
        lambda p: p.seeds / "site",
        "the output is inside the seeds folder",
    ),
    "the project folder": (lambda p: p.root, "the output holds the content folder"),
    "the build cache": (
        lambda p: p.root / ".explainer-cache" / "site",
        "the output is inside the cache folder",
    ),
    "a file": (lambda p: p.root / "README", "the output exists and is not a folder"),
    "a folder in a file": (
        lambda p: p.root / "README" / "site",
        "the output's folder 'README' is not a folder",
    ),
    "a loop of links": (
        lambda p: p.root / "loop",
        "the output is a link to 'loop', which leads to no folder",
    ),
    "a link to nothing": (
        lambda p: p.root / "dangling",
        "the output is a link to 'nowhere', which leads to no folder",
    ),
}


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_an_output_that_may_not_be_replaced_is_refused_up_front(
    project: Project, run: Run, case: str
) -> None:
    where, message = REFUSED[case]
    (project.root / "README").write_text("notes\n")
    (project.root / "dangling").symlink_to("nowhere")
    (project.root / "loop").symlink_to("loop")
    before, root_before = project_tree(project), sorted(os.listdir("/"))
    out = where(project)
    result = run("build", "--no-cache", "--content", str(project.content), "--out", str(out))
    assert result.code == 1
    assert f"{out}:1:1: {message}" in result.err, result.err
    assert "\n    hint: " in result.err and "nothing was written" in result.err
    assert project_tree(project) == before  # no lock file, no temporary folder, no site
    assert sorted(os.listdir("/")) == root_before


def test_the_templates_folder_is_not_an_output(project: Project, run: Run) -> None:
    (project.root / "templates").mkdir()
    templates = str(project.root / "templates")
    result = run(
        "build", "--content", str(project.content), "--templates", templates, "--out", templates
    )
    assert result.code == 1
    assert "the output is the templates folder" in result.err


def test_a_linked_output_replaces_the_folder_it_points_to(project: Project, run: Run) -> None:
    (project.root / "www").mkdir()
    link = project.root / "site"
    link.symlink_to("www")
    for _ in range(2):  # a first build into the empty folder, then a rebuild
        assert run(*project.args("build")).code == 0
        assert link.is_symlink() and os.readlink(link) == "www"
        assert (project.root / "www" / "index.html").is_file()
        assert leftovers_beside(link) == [] and leftovers_beside(project.root / "www") == []


def test_what_the_build_did_not_write_is_kept_as_it_is(project: Project, run: Run) -> None:
    assert run(*project.args("build")).code == 0
    site = project.site
    (project.root / "CNAME.real").write_text("tram.example\n")
    (site / "CNAME").symlink_to("../CNAME.real")
    (project.root / "downloads").mkdir()
    (project.root / "downloads" / "report.pdf").write_bytes(b"%PDF")
    (site / "downloads").symlink_to("../downloads", target_is_directory=True)
    (site / "empty").mkdir()
    (site / "assets" / "extra.txt").write_text("mine")
    os.chmod(site / "assets" / "extra.txt", 0o600)
    kept = {
        k: v for k, v in tree(site).items() if k.split("/")[0] in ("CNAME", "downloads", "empty")
    }
    kept["assets/extra.txt"] = tree(site)["assets/extra.txt"]
    assert run(*project.args("build")).code == 0
    after = tree(site)
    assert {name: after.get(name) for name in kept} == kept
    assert "downloads/report.pdf" not in after  # the link, not a copy of its folder
    assert stat.S_IMODE((site / "assets" / "extra.txt").stat().st_mode) == 0o600
    assert (site / "index.html").is_file() and leftovers_beside(site) == []


@pytest.mark.parametrize(
    "entry", ["a link where a folder of pages is", "a file where a page is", "a named pipe"]
)
def test_an_entry_the_build_cannot_keep_stops_it(project: Project, run: Run, entry: str) -> None:
    assert run(*project.args("build")).code == 0
    site = project.site
    if entry == "a link where a folder of pages is":
        (site / "timeline" / "index.html").unlink()
        (site / "timeline").rmdir()
        (site / "timeline").symlink_to("/etc", target_is_directory=True)
        name, message = "timeline", "the build would overwrite an entry it did not write"
    elif entry == "a file where a page is":
        (site / ".explainer-manifest").write_text("index.html\n")  # an old build's list
        name, message = "404.html", "the build would overwrite an entry it did not write"
    else:
        os.mkfifo(site / "pipe")
        name, message = "pipe", "a build cannot carry this over to the new site"
    before = tree(site)
    result = run(*project.args("build"))
    assert result.code == 1
    assert f"{site / name}:1:1: {message}" in result.err
    assert tree(site) == before and leftovers_beside(site) == []


def test_what_a_killed_build_left_beside_the_output_is_cleared(project: Project, run: Run) -> None:
    """A leftover may be a folder, or what an older version left: a link or a file."""
    (project.root / ".site.new-a1").mkdir()
    (project.root / ".site.new-a1" / "page.html").write_text("old")
    os.chmod(project.root / ".site.new-a1", 0o500)
    (project.root / ".site.new-b2").symlink_to("elsewhere")
    (project.root / ".site.new-c3").write_text("")
    assert run(*project.args("build")).code == 0
    assert leftovers_beside(project.site) == []
    assert sorted(p.name for p in project.root.iterdir()) == [
        ".explainer-cache",
        "content",
        "seeds",
        "site",
    ]


@pytest.mark.parametrize("denied", ["the output folder", "a folder in it", "the folder beside"])
def test_an_output_the_user_cannot_write_is_refused(denied: str) -> None:
    """Was: exit 0, with the old site left for ever in `.site.new-XXXX`."""
    with world_readable_copy(FIXTURES / "tram") as root:
        site = root / "site"
        give_to_builder(root)
        code, err = build_as_other_user(root, site)
        assert code == 0, err
        target = {"the output folder": site, "a folder in it": site / "assets"}.get(denied, root)
        deny_writing(target)
        before = tree(root)
        code, err = build_as_other_user(root, site)
        assert code == 1
        assert "(permission denied)" in err and "\n    hint: make it writable" in err, err
        shown = site / "assets" if denied == "a folder in it" else site
        assert err.startswith(f"{shown}:1:1: cannot write"), err
        assert tree(root) == before and leftovers_beside(site) == []


def test_the_themes_own_folder_is_not_an_output(project: Project, run: Run) -> None:
    """A story without templates of its own reads the theme in the package."""
    from generator.load.templates import BUNDLED_TEMPLATES

    out = BUNDLED_TEMPLATES / "site"
    result = run("build", "--content", str(project.content), "--out", str(out))
    assert result.code == 1 and "the output is inside the templates folder" in result.err
    assert not out.exists()
