"""Shared fixtures: a scratch copy of a small story, the CLI run in-process, and the
preview serving it."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli import main
from generator.load.templates import find_templates
from generator.serve.preview import Inputs, Preview

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass
class Result:
    """What a CLI run returned and printed."""

    code: int
    out: str
    err: str


@dataclass
class Project:
    """A scratch story in tmp_path: content/, seeds/, and where the site goes."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def site(self) -> Path:
        return self.root / "site"

    def write(self, name: str, text: str) -> None:
        """Replace a content file."""
        (self.content / name).write_text(text, encoding="utf-8")

    def edit(self, name: str, old: str, new: str) -> None:
        """Replace one piece of text in a content file; the text must be there."""
        path = self.content / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def line_of(self, name: str, text: str) -> int:
        """The line number (from 1) on which a piece of text first occurs in a content file."""
        lines = (self.content / name).read_text(encoding="utf-8").split("\n")
        return next(i for i, line in enumerate(lines, 1) if text in line)

    def args(self, command: str, *more: str) -> list[str]:
        """CLI arguments for this project."""
        extra = ["--out", str(self.site)] if command == "build" else []
        return [command, "--content", str(self.content), *extra, *more]


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A copy of the small tram story, free to edit."""
    shutil.copytree(FIXTURES / "tram", tmp_path / "tram")
    return Project(tmp_path / "tram")


Run = Callable[..., Result]


@pytest.fixture
def preview(project: Project) -> Iterator[Preview]:
    """The tram story served on a free port, in this process."""
    inputs = Inputs(project.content, project.seeds, find_templates(project.content, None))
    running = Preview(inputs, "127.0.0.1", 0, out=io.StringIO(), err=io.StringIO())
    running.start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """Run the explainer CLI in-process and capture what it prints."""

    def invoke(*argv: str) -> Result:
        code = main(list(argv))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke
