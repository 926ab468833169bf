"""A real package: the wheel holds the theme and the starter, and a fresh virtual
environment with nothing but that wheel (and its dependencies) starts, builds and
strictly checks a new story from any folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO

PROJECT_FILES = ("pyproject.toml", "README.md", "generator", "templates")


def run(*argv: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """A command in a clean environment: nothing of this checkout on the path."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run(
        [str(a) for a in argv], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, f"{argv}:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of the project's files (links kept as links)."""
    source = tmp_path_factory.mktemp("source")
    for name in PROJECT_FILES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name, symlinks=True,
                            ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
        else:
            shutil.copy2(REPO / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", out, source, cwd=source)
    (built,) = out.glob("sourced_explainer-*.whl")
    return built


def test_the_wheel_holds_the_theme_and_the_starter(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    theme = {p.relative_to(REPO / "templates").as_posix() for p in (REPO / "templates").rglob("*")
             if p.is_file()}  # fmt: skip
    assert {f"generator/theme/{name}" for name in theme} <= names
    starter = REPO / "generator" / "starter"
    written = {p.relative_to(starter).as_posix() for p in starter.rglob("*") if p.is_file()}
    assert {".gitignore", ".github/workflows/publish.yml", "content/site.yaml"} <= written
    assert {f"generator/starter/{name}" for name in written} <= names


def test_a_fresh_install_starts_builds_and_checks_a_story(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    pip = [venv / "bin" / "python", "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    run(*pip, "-c", REPO / "constraints.txt", wheel, cwd=tmp_path)
    explainer = venv / "bin" / "explainer"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert run(explainer, "--version", cwd=elsewhere).stdout.strip().startswith("explainer 0.")
    run(explainer, "new", "story", cwd=elsewhere)
    story = elsewhere / "story"
    assert (story / ".gitignore").read_text().startswith("#")
    workflow = (story / ".github/workflows/publish.yml").read_text()
    assert (
        'pip install "sourced-explainer==0.' in workflow and "explainer check --strict" in workflow
    )
    run(explainer, "build", cwd=story)
    assert "Riverton" in (story / "site/index.html").read_text(encoding="utf-8")
    assert any((story / "site/assets").glob("style.*.css"))
    assert any((story / "site/assets/share").glob("index.*.png"))  # the theme's font, drawn
    checked = run(explainer, "check", "--strict", cwd=story)
    assert "0 errors, 0 warnings" in checked.stdout
