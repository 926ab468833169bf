"""`explainer new DIR`: start a new explainer project with a small, complete example.

The example (generator/starter/) is a made-up story told from one made-up source
(the "Example Gazette"), written so that it builds at once and passes `check
--strict`: every quote is in the source text, every id it names exists, every
stated fact is cited or owned. Each YAML content file starts with a comment that
points the editor's YAML language server at the project's own schemas/, written
here too. A .gitignore and a GitHub Actions workflow that checks the story and
publishes it to GitHub Pages come with it.
"""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path

from generator.cli import UsageError, version
from generator.commands.schema import schema_name, write_schemas

# The example project, as files: content/ and seeds/ as they are written, but that
# each YAML file gets a first line naming its schema.
STARTER = Path(__file__).resolve().parent.parent / "starter"


def schema_comment(content_file: str) -> str:
    """The first line of a YAML content file: where its schema is, for the editor."""
    return f"# yaml-language-server: $schema=../schemas/{schema_name(content_file)}\n"


def project_files() -> dict[str, str]:
    """The example project's files (but its schemas), by path inside the project."""
    files = {}
    for path in sorted(p for p in STARTER.rglob("*") if p.is_file()):
        relative = path.relative_to(STARTER).as_posix()
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".yaml":
            text = schema_comment(path.name) + text
        # The publishing workflow installs the very version that wrote the project.
        text = text.replace("__VERSION__", version())
        files[relative] = text
    return files


def check_target(folder: Path) -> None:
    """The folder must not exist, or be an empty folder; raise UsageError when not."""
    if not folder.exists():
        return
    if not folder.is_dir():
        raise UsageError(f"'{folder}' exists and is not a folder; choose a new folder name")
    if any(folder.iterdir()):
        raise UsageError(
            f"'{folder}' exists and is not empty; nothing was written. "
            "Choose a new folder, or an empty one"
        )


def create_project(folder: Path) -> list[Path]:
    """Write the example project into a new or empty folder; return the files written."""
    check_target(folder)
    written: list[Path] = []
    for relative, text in project_files().items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    written += write_schemas(folder / "schemas")
    return written


def run(args: argparse.Namespace) -> int:
    """`explainer new DIR`: scaffold a project; print what was created and what to do next."""
    folder: Path = args.folder
    written = create_project(folder)
    print(f"created a new explainer project in {folder}:")
    for path in written:
        print(f"  {path.relative_to(folder).as_posix()}")
    print("next:")
    print(f"  cd {shlex.quote(str(folder))} && explainer build --out site")
    print("  explainer serve")
    return 0
