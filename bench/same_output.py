"""Do two versions of the code build the same sites? Byte for byte, story by story.

    .venv/bin/python bench/same_output.py 32f6454 .                       # real, 1, 100, 1000, 2000
    .venv/bin/python bench/same_output.py 32f6454 . --scales real,1 --keep /tmp/outputs

A version is a folder holding generator/ and templates/ (`.` for the working tree)
or a git revision (bench/alternate.py's export). For each story (the real one, or
a synthetic one of bench/synth.py at that scale), each version builds it twice in
its own copy of the project: cold (no cache), then warm (the cache of the cold
build kept, after one event's title was edited and edited back). All four sites
must be identical, else the files that differ are listed and the exit status is 1.

A version's build of the first story is kept in --keep's folder (one per story
and version) for a closer look; by default, everything is removed.
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from alternate import export  # noqa: E402
from run import CACHE_FOLDER, PYTHON, Code, make_project, snapshot  # noqa: E402


def build(code: Code, project: Path, out: Path) -> None:
    """Build the project into `out` with a version's code (its cache kept)."""
    subprocess.run(
        [str(PYTHON), "-m", "generator", "build", "--quiet", "--max-file-mb", "100"]
        + ["--content", "content", "--out", str(out)],
        cwd=project,
        env=code.env,
        check=True,
    )


def differences(left: Path, right: Path) -> list[str]:
    """The files, relative to the two folders, that are missing from one or differ."""
    found: list[str] = []

    def walk(comparison: filecmp.dircmp[str], prefix: str) -> None:
        found.extend(prefix + name for name in comparison.left_only + comparison.right_only)
        found.extend(prefix + name for name in comparison.diff_files + comparison.funny_files)
        for name, sub in sorted(comparison.subdirs.items()):
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right, ignore=[]), "")
    # dircmp compares by size and time first: compare the rest byte for byte.
    for path in sorted(p for p in left.rglob("*") if p.is_file()):
        relative = path.relative_to(left).as_posix()
        other = right / relative
        if relative not in found and other.is_file() and path.read_bytes() != other.read_bytes():
            found.append(relative)
    return sorted(set(found))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", help="a folder with generator/ and templates/, or a revision")
    parser.add_argument("new", help="the same, for the other version")
    parser.add_argument("--scales", default="real,1,100,1000,2000")
    parser.add_argument("--keep", type=Path, default=None, help="keep the built sites here")
    args = parser.parse_args(argv)
    failed = False
    with tempfile.TemporaryDirectory(prefix="same-output-") as scratch:
        root = Path(scratch)
        codes = {
            name: snapshot(root / f"snap-{name}", False, export(version, root / f"code-{name}"))
            for name, version in (("old", args.old), ("new", args.new))
        }
        for scale in args.scales.split(","):
            sites: dict[str, Path] = {}
            for name, code in codes.items():
                project = root / f"{scale}-{name}"
                make_project(scale, project)
                shutil.rmtree(project / CACHE_FOLDER, ignore_errors=True)
                build(code, project, project / "cold")
                events = project / "content" / "events.yaml"
                original = events.read_bytes()
                events.write_bytes(original.replace(b"title: ", b"title: Edited ", 1))
                build(code, project, project / "edited")
                events.write_bytes(original)
                build(code, project, project / "warm")
                sites[f"{name} cold"] = project / "cold"
                sites[f"{name} warm"] = project / "warm"
                if args.keep is not None:
                    shutil.copytree(project / "cold", args.keep / f"{scale}-{name}")
            reference = sites["old cold"]
            for label, site in sites.items():
                if site == reference:
                    continue
                differ = differences(reference, site)
                if differ:
                    failed = True
                    shown = ", ".join(differ[:8]) + (" ..." if len(differ) > 8 else "")
                    print(f"scale {scale}: {label} differs from old cold: {shown}")
            if not failed:
                print(f"scale {scale}: the same ({len(sites)} builds)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
