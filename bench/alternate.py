"""Two or more versions of the code, built in turn on the same story: the fair comparison.

On a shared machine a build's time drifts by a quarter or more from one half-hour
to the next, far more than most changes are worth, so versions measured in
separate runs of bench/run.py cannot be compared. Here each version builds its
own copy of the same story, one build of each version after the other, so that
each round sees the machine as it is at that moment:

    .venv/bin/python bench/alternate.py 98989d5 HEAD                  # scale 1000, both modes
    .venv/bin/python bench/alternate.py /tmp/old . --scale real --runs 10 --mode cold

A version is a folder holding generator/ and templates/ (`.` for the working
tree), or a git revision of this repository (exported with `git archive`). The
builds are bench/run.py's: a separate process each, cold (no cache, no output)
or warm (one event's title edited since the last build), wall time from spawn to
exit, and CPU time (user and system, worker processes included) and peak RSS from
os.wait4. The table gives, for each version and mode, the median, least and
greatest time, the median CPU time, and the peak RSS. CPU time drifts far less than
wall time on a shared machine: a change too small to see in the wall time may show
there (though only the wall time is what an editor waits for).
"""

from __future__ import annotations

import argparse
import io
import math
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from run import (  # noqa: E402
    CACHE_FOLDER,
    PYTHON,
    REPO,
    BuildFailed,
    Code,
    edit_title,
    largest_file,
    make_project,
    measure,
    snapshot,
)


def export(version: str, into: Path) -> Path:
    """The folder holding a version's generator/ and templates/: the folder named, or
    the git revision exported into `into`."""
    folder = Path(version)
    if (folder / "generator").is_dir() and (folder / "templates").is_dir():
        return folder.resolve()
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", version, "generator", "templates"],
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        raise BuildFailed(f"{version} is neither a folder with generator/ nor a git revision")
    into.mkdir(parents=True)
    # This repository's own files; the "data" filter where Python has it (3.11.4 on).
    safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(into, **safe)  # type: ignore[arg-type]
    return into


class Version:
    """One version of the code and its own copy of the story."""

    def __init__(self, name: str, code: Code, project: Path, scale: str) -> None:
        self.name = name
        self.code = code
        self.project = project
        make_project(scale, project)
        largest = largest_file(project)
        options: list[str] = []
        if largest > code.file_limit:
            if not code.has_max_file_option:
                raise BuildFailed(f"{name} has no --max-file-mb for a {largest / 1e6:.1f} MB file")
            options = ["--max-file-mb", str(math.ceil(largest / 1_000_000) + 1)]
        self.out = project.parent / f"{project.name}-out"
        self.command = [
            *[str(PYTHON), "-m", "generator", "build"],
            *["--content", "content", "--out", str(self.out), "-q", *options],
        ]
        self.seconds: dict[str, list[float]] = {"cold": [], "warm": []}
        self.cpu_seconds: dict[str, list[float]] = {"cold": [], "warm": []}
        self.peak_kb: dict[str, int] = {"cold": 0, "warm": 0}
        self.edits = 0

    def build(self, mode: str) -> float:
        if mode == "cold":
            shutil.rmtree(self.project / CACHE_FOLDER, ignore_errors=True)
            shutil.rmtree(self.out, ignore_errors=True)
        else:
            self.edits += 1
            edit_title(self.project, self.edits)
        result = measure(self.command, self.project, self.code.env)
        self.seconds[mode].append(result.seconds)
        self.cpu_seconds[mode].append(result.cpu_seconds)
        self.peak_kb[mode] = max(self.peak_kb[mode], result.maxrss_kb)
        return result.seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("versions", nargs="+", help="folders or git revisions")
    parser.add_argument("--scale", default="1000", help="'real' or a synthetic scale")
    parser.add_argument("--runs", type=int, default=8, help="builds per version and mode")
    parser.add_argument("--mode", choices=("cold", "warm", "both"), default="both")
    args = parser.parse_args(argv)
    modes = ("cold", "warm") if args.mode == "both" else (args.mode,)
    with tempfile.TemporaryDirectory(prefix="explainer-alternate-") as folder:
        work = Path(folder)
        versions = []
        for number, name in enumerate(args.versions):
            place = work / f"v{number}"
            place.mkdir()
            code = snapshot(place, live=False, source=export(name, place / "export"))
            versions.append(Version(name, code, place / "story", args.scale))
        for version in versions:
            version.build("cold")  # warm-up: imports, bytecode, the page cache
        for mode in modes:
            if mode == "warm":
                for version in versions:
                    version.build("warm")  # the cache now holds the last build
            for run in range(args.runs):
                times = [f"{version.build(mode):.3f}" for version in versions]
                print(f"{mode} {run + 1}/{args.runs}: {'  '.join(times)}", file=sys.stderr)
        print("| version | mode | median s | least s | greatest s | median CPU s | peak RSS MB |")
        print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
        for mode in modes:
            for version in versions:
                seconds = version.seconds[mode][-args.runs :]
                cpu = version.cpu_seconds[mode][-args.runs :]
                print(
                    f"| {version.name} | {mode} | {statistics.median(seconds):.3f} | "
                    f"{min(seconds):.3f} | {max(seconds):.3f} | {statistics.median(cpu):.2f} | "
                    f"{version.peak_kb[mode] / 1024:.0f} |"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
