"""`explainer theme list` and `explainer theme copy [NAMES...]`: the built-in theme's
files, and a copy of some or all of them into a story's templates folder to edit.

A story's templates folder overrides the theme file by file (load/templates.py), so
copying out only the files to change keeps the rest following the generator's
theme as it improves. A file already in the folder is never overwritten.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from generator.cli import UsageError
from generator.errors import did_you_mean
from generator.load.templates import BUNDLED_TEMPLATES


def theme_files(theme: Path = BUNDLED_TEMPLATES) -> list[str]:
    """Every file of the theme, by its name as templates name it, in order."""
    return sorted(
        path.relative_to(theme).as_posix()
        for path in theme.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )


def copy_theme(
    names: list[str], into: Path, theme: Path = BUNDLED_TEMPLATES
) -> list[tuple[str, bool]]:
    """Copy the named theme files (all when none is named) into a folder; return each
    name with whether it was copied (False: the folder had it already, kept)."""
    known = theme_files(theme)
    unknown = [name for name in names if name not in known]
    if unknown:
        hint = did_you_mean(unknown[0], known) or "run 'explainer theme list' for the names"
        raise UsageError(f"the theme has no file '{unknown[0]}'; {hint}")
    done = []
    for name in names or known:
        target = into / name
        if target.exists():
            done.append((name, False))
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(theme / name, target)
        done.append((name, True))
    return done


def run(args: argparse.Namespace) -> int:
    """`explainer theme list | copy [NAMES...] [--to DIR]`."""
    if args.action == "list":
        for name in theme_files():
            print(name)
        return 0
    into: Path = args.to
    for name, copied in copy_theme(args.names, into):
        where = (into / name).as_posix()
        print(f"copied {where}" if copied else f"kept   {where} (already there)")
    print(f"edit them there: each file in {into.as_posix()}/ replaces the theme's of that name")
    return 0
