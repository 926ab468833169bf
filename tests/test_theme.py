"""Themes by override: a story's templates folder replaces the built-in theme file by
file, and `explainer theme copy` copies the files to change out of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REPO, Project, Run


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_one_template_overrides_the_themes_and_the_rest_stays(project: Project, run: Run) -> None:
    assert run(*project.args("build")).code == 0
    before = files_of(project.site)
    own = project.root / "templates"
    own.mkdir()
    index = (REPO / "templates" / "index.html").read_text(encoding="utf-8")
    (own / "index.html").write_text(
        index.replace("{{ words.what_to_know }}", "The short version"), "utf-8"
    )
    result = run(*project.args("build"))
    assert result.code == 0, result.err
    after = files_of(project.site)
    assert "The short version" in after["index.html"].decode()
    changed = {name for name in before if before[name] != after.get(name)}
    assert changed == {"index.html"}


def test_an_error_in_an_overriding_template_names_its_file_and_line(
    project: Project, run: Run
) -> None:
    own = project.root / "templates" / "partials"
    own.mkdir(parents=True)
    (own / "event.html").write_text(
        "{% macro entry(event, actors, offers, citations, as_of, disputes) %}\n"
        "<li>{{ event.title }\n{% endmacro %}\n",
        "utf-8",
    )
    result = run(*project.args("build"))
    assert result.code == 1 and not project.site.exists()
    assert f"{own / 'event.html'}:2:1: template error" in result.err


def test_the_stylesheet_may_be_overridden_alone(project: Project, run: Run) -> None:
    own = project.root / "templates" / "assets"
    own.mkdir(parents=True)
    (own / "style.css").write_text("body { color: black; }\n", "utf-8")
    assert run(*project.args("build")).code == 0
    (sheet,) = (project.site / "assets").glob("style.*.css")
    assert sheet.read_text() == "body { color: black; }\n"
    assert list((project.site / "assets").glob("favicon.*.svg"))  # the theme's


def test_theme_copy_copies_what_is_named_and_keeps_what_is_there(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "base.html").write_text("mine", "utf-8")
    result = run("theme", "copy", "index.html", "base.html", "partials/event.html")
    assert result.code == 0
    assert "copied templates/index.html" in result.out
    assert "kept   templates/base.html (already there)" in result.out
    assert (tmp_path / "templates" / "base.html").read_text() == "mine"
    assert (tmp_path / "templates" / "partials" / "event.html").read_bytes() == (
        REPO / "templates" / "partials" / "event.html"
    ).read_bytes()
    wrong = run("theme", "copy", "partials/evnt.html")
    assert wrong.code == 2
    assert "the theme has no file 'partials/evnt.html'; did you mean 'partials/event.html'?" in (
        wrong.err
    )
    listed = run("theme", "list").out.split()
    assert "assets/style.css" in listed and "partials/excerpt.html" in listed


def test_a_whole_copy_of_the_theme_builds_the_same_site(project: Project, run: Run) -> None:
    assert run(*project.args("build")).code == 0
    plain = files_of(project.site)
    copied = run("theme", "copy", "--to", str(project.root / "templates"))
    assert copied.code == 0
    assert run(*project.args("build")).code == 0
    assert files_of(project.site) == plain
