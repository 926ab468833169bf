"""How long `explainer build` takes, and how much memory it uses, as a story grows.

    make bench                                        # real story, then scales 1, 100, 1000
    .venv/bin/python bench/run.py --scales real,1,100 --runs 5 --json /tmp/bench.json

For each scale: the story (the real one from content/ and seeds/, or a synthetic
one from bench/synth.py: 10 events and 2 actors per unit of scale) is written
into a temporary project folder once. Each build then runs as a separate process
(.venv/bin/python -m generator build --content content --out OUT, from the project
folder: the explainer command, in any version of the code),
timed from spawn to exit, its peak resident memory read from os.wait4 (on Linux
that is the largest of the build process and any worker processes it waited for,
not their sum).

- cold: no cache and no earlier output: `<project>/.explainer-cache` (where the
  build keeps its cache, if it has one) and the output folder are deleted first.
- warm: one event's title in events.yaml is edited (a new title each run), then
  the project is built again, the cache and the previous output kept.

Each mode has one untimed warm-up build, then --runs timed builds (capped at 3
when the warm-up build took over --slow seconds; the table says so). The table
gives medians, the peak RSS over the cold builds, and the marginal cost per event:
(cold median - previous row's cold median) / (events - previous row's events).

The code measured is a snapshot: generator/ and templates/ are copied into the
temporary folder when the run starts and put first on PYTHONPATH (ahead of the
editable install), so edits made to the working tree during a long run neither
break it nor mix two versions of the code in one table. The snapshot keeps its
own bytecode (PYTHONDONTWRITEBYTECODE is unset for the builds). --live measures
the working tree as it is instead, with the environment as it is.

A story with a content file over the generator's file size limit (5 MiB; the
events.yaml of scale 1000 is about 8 MB) is built with `--max-file-mb` when the
command line has that option, else through bench/explainer_nolimit.py, which
lifts the limit in its own process and runs the same command line. The table
marks those rows.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
BIN = REPO / ".venv" / "bin"
PYTHON = BIN / "python"
NOLIMIT = BENCH / "explainer_nolimit.py"
CACHE_FOLDER = ".explainer-cache"
DEFAULT_FILE_LIMIT = 5 * 1024 * 1024

sys.path.insert(0, str(BENCH))
import synth  # noqa: E402


@dataclass
class Measurement:
    seconds: float
    maxrss_kb: int
    # User and system CPU of the build and the worker processes it waited for: on a
    # shared machine it drifts far less than the wall time from one minute to the next.
    cpu_seconds: float = 0.0


@dataclass
class Row:
    """The results of one scale."""

    scale: str
    events: int
    actors: int
    command: list[str]
    lifted_file_limit: bool
    runs: int
    warmup_seconds: float = 0.0
    cold_seconds: list[float] = field(default_factory=list)
    cold_maxrss_kb: list[int] = field(default_factory=list)
    warm_seconds: list[float] = field(default_factory=list)
    warm_maxrss_kb: list[int] = field(default_factory=list)
    cold_cpu_seconds: list[float] = field(default_factory=list)
    warm_cpu_seconds: list[float] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    cold_median: float = 0.0
    warm_median: float = 0.0
    peak_rss_mb: float = 0.0
    marginal_ms_per_event: float | None = None


class BuildFailed(Exception):
    pass


def maxrss_kb(ru_maxrss: int) -> int:
    """ru_maxrss in KiB: Linux reports KiB, macOS bytes."""
    return ru_maxrss // 1024 if sys.platform == "darwin" else ru_maxrss


def measure(command: list[str], cwd: Path, env: dict[str, str]) -> Measurement:
    """Run one build as a child process: its wall time and its own peak RSS."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            message = errors.read().decode("utf-8", "replace")[-4000:]
            raise BuildFailed(f"{' '.join(command)} exited {process.returncode}:\n{message}")
    return Measurement(elapsed, maxrss_kb(usage.ru_maxrss), usage.ru_utime + usage.ru_stime)


@dataclass
class Code:
    """The code the builds run: where it is found, and how to raise the file limit."""

    env: dict[str, str]
    source: str
    where: str
    digest: str
    file_limit: int
    has_max_file_option: bool


def snapshot(workdir: Path, live: bool, source: Path = REPO) -> Code:
    """Copy source's generator/ and templates/ aside (unless live); find the file limit."""
    env = dict(os.environ)
    if not live:
        code = workdir / "code"
        for name in ("generator", "templates"):
            shutil.copytree(
                source / name, code / name, ignore=shutil.ignore_patterns("__pycache__")
            )
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(code), env.get("PYTHONPATH")]))
        # Let the snapshot keep its bytecode (written into the temporary folder), as an
        # installed generator would: otherwise, with PYTHONDONTWRITEBYTECODE set, every
        # build would compile the generator's modules again.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    root = workdir / "code" if not live else REPO
    digest = hashlib.sha256()
    for path in sorted((root / "generator").rglob("*.py")) + sorted(
        p for p in (root / "templates").rglob("*") if p.is_file()
    ):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    probe = subprocess.run(
        [
            str(PYTHON),
            "-c",
            "import generator, generator.load as l; "
            "print(generator.__file__); print(getattr(l, 'MAX_FILE_BYTES', ''))",
        ],
        env=env,
        cwd=workdir,  # not the repository, whose generator/ would shadow the snapshot
        capture_output=True,
        text=True,
        check=False,
    )
    found, _, limit = probe.stdout.strip().partition("\n")
    if probe.returncode != 0 or not Path(found).resolve().is_relative_to(root.resolve()):
        raise BuildFailed(f"cannot import the generator from {root}:\n{probe.stderr}")
    usage = subprocess.run(
        [str(PYTHON), "-m", "generator", "build", "--help"],
        env=env,
        cwd=workdir,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return Code(
        env=env,
        source=str(source),
        where=str(root),
        digest=digest.hexdigest()[:12],
        file_limit=int(limit) if limit.isdigit() else DEFAULT_FILE_LIMIT,
        has_max_file_option="--max-file-mb" in usage,
    )


def make_project(scale: str, project: Path) -> tuple[int, int]:
    """Write the story for a scale into a project folder; return (events, actors)."""
    if scale == "real":
        shutil.copytree(REPO / "content", project / "content")
        shutil.copytree(REPO / "seeds", project / "seeds")
    else:
        synth.write_story(int(scale), project)
    count = re.compile(r"^- id:", re.MULTILINE)
    events = len(count.findall((project / "content" / "events.yaml").read_text("utf-8")))
    actors = len(count.findall((project / "content" / "actors.yaml").read_text("utf-8")))
    return events, actors


def largest_file(project: Path) -> int:
    return max(p.stat().st_size for p in project.rglob("*") if p.is_file())


TITLE = re.compile(r"^(\s*)title: .*$", re.MULTILINE)


def edit_title(project: Path, number: int) -> None:
    """Change the first event's title: a new value each time, so the output changes."""
    path = project / "content" / "events.yaml"
    text = path.read_text("utf-8")
    match = TITLE.search(text)
    if match is None:
        raise BuildFailed(f"no event title to edit in {path}")
    line = f"{match.group(1)}title: {json.dumps(f'Benchmark edit number {number}')}"
    path.write_text(text[: match.start()] + line + text[match.end() :], "utf-8", newline="\n")


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def bench_scale(scale: str, runs: int, slow: float, workdir: Path, code: Code) -> Row:
    """Cold and warm builds of one scale."""
    label = "real" if scale == "real" else f"scale-{scale}"
    project = workdir / label
    out = workdir / f"{label}-out"
    events, actors = make_project(scale, project)
    largest = largest_file(project)
    lifted = largest > code.file_limit
    # `python -m generator` is the explainer command in every version of the code,
    # whatever its console script is called.
    program = [str(PYTHON), "-m", "generator"]
    options: list[str] = []
    note = ""
    if lifted and code.has_max_file_option:
        megabytes = math.ceil(largest / 1_000_000) + 1
        options = ["--max-file-mb", str(megabytes)]
        note = f"built with --max-file-mb {megabytes}"
    elif lifted:
        program = [str(PYTHON), str(NOLIMIT)]
        note = "built via bench/explainer_nolimit.py"
    command = [*program, "build", "--content", "content", "--out", str(out), "-q", *options]
    row = Row(scale, events, actors, command, lifted, runs)
    if lifted:
        row.notes.append(
            f"{note}: its largest file is {largest / 1e6:.1f} MB, over the generator's "
            f"limit of {code.file_limit / 2**20:g} MiB"
        )

    def cold() -> Measurement:
        shutil.rmtree(project / CACHE_FOLDER, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        return measure(command, project, code.env)

    edits = 0

    def warm() -> Measurement:
        nonlocal edits
        edits += 1
        edit_title(project, edits)
        return measure(command, project, code.env)

    progress(f"{label}: {events} events, {actors} actors; warm-up build ...")
    first = cold()
    row.warmup_seconds = first.seconds
    if first.seconds > slow and runs > 3:
        row.runs = 3
        row.notes.append(
            f"{row.runs} runs per mode: the warm-up build took {first.seconds:.1f} s (> {slow:g} s)"
        )
    for number in range(row.runs):
        result = cold()
        row.cold_seconds.append(result.seconds)
        row.cold_maxrss_kb.append(result.maxrss_kb)
        row.cold_cpu_seconds.append(result.cpu_seconds)
        progress(f"  cold {number + 1}/{row.runs}: {result.seconds:.3f} s")
    warm()  # warm-up of the warm mode: the cache (if any) now holds the last build
    for number in range(row.runs):
        result = warm()
        row.warm_seconds.append(result.seconds)
        row.warm_maxrss_kb.append(result.maxrss_kb)
        row.warm_cpu_seconds.append(result.cpu_seconds)
        progress(f"  warm {number + 1}/{row.runs}: {result.seconds:.3f} s")
    row.cold_median = statistics.median(row.cold_seconds)
    row.warm_median = statistics.median(row.warm_seconds)
    row.peak_rss_mb = max(row.cold_maxrss_kb) / 1024
    return row


def add_marginals(rows: list[Row]) -> None:
    """Cold milliseconds per added event, against the previous row (when it had fewer)."""
    for previous, row in zip(rows, rows[1:], strict=False):
        added = row.events - previous.events
        if added > 0:
            row.marginal_ms_per_event = 1000 * (row.cold_median - previous.cold_median) / added


def machine(code: Code) -> dict[str, Any]:
    """What the numbers were measured on, and which code."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    child_python = subprocess.run(
        [str(PYTHON), "-c", "import sys; print(sys.version.split()[0])"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("started %Y-%m-%d %H:%M UTC"),
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu_count": os.cpu_count(),
        "cpu": cpu,
        "platform": platform.platform(),
        "python": child_python or platform.python_version(),
        "commit": git("rev-parse", "--short", "HEAD"),
        "uncommitted_generator_changes": bool(git("status", "--porcelain", "generator")),
        "code_source": code.source,
        "code": code.where,
        "code_digest": code.digest,
    }


def table(rows: list[Row], info: dict[str, Any]) -> str:
    """The results as Markdown."""

    def seconds(value: float) -> str:
        return f"{value:.3f}" if value < 10 else f"{value:.2f}"

    lines = [
        "| scale | events | cold median s | warm median s | peak RSS MB | "
        "marginal ms/event (cold) | cold CPU s | warm CPU s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    notes: list[str] = []
    for row in rows:
        mark = ""
        for note in row.notes:
            notes.append(note)
            mark += f" [{len(notes)}]"
        marginal = "—" if row.marginal_ms_per_event is None else f"{row.marginal_ms_per_event:.2f}"
        lines.append(
            f"| {row.scale}{mark} | {row.events} | {seconds(row.cold_median)} | "
            f"{seconds(row.warm_median)} | {row.peak_rss_mb:.0f} | {marginal} | "
            f"{seconds(statistics.median(row.cold_cpu_seconds))} | "
            f"{seconds(statistics.median(row.warm_cpu_seconds))} |"
        )
    runs = sorted({row.runs for row in rows})
    lines.append("")
    lines.append(
        f"Machine: {info['nproc']} CPUs ({info['cpu'] or 'unknown CPU'}), "
        f"Python {info['python']}, {info['platform']}; {info['date']}; "
        + (
            f"code from {info['code_source']}"
            if Path(info["code_source"]) != REPO
            else f"commit {info['commit']}"
        )
        + (
            " with uncommitted changes in generator/"
            if info["uncommitted_generator_changes"] and Path(info["code_source"]) == REPO
            else ""
        )
        + f" (code digest {info['code_digest']})"
        + f". Runs per mode: {', '.join(map(str, runs))} (after one warm-up). "
        "CPU: user and system time of the build and its worker processes (median), "
        "which drifts far less than wall time on a shared machine."
    )
    for number, note in enumerate(notes, start=1):
        lines.append(f"[{number}] {note}")
    return "\n".join(lines)


# The performance targets this benchmark is judged by (issue #5), for the rows
# that measure them; the preview's is measured by bench/serve_latency.py.
REAL_MAX_S = 0.25
LARGE_EVENTS = 10_000
LARGE_COLD_MAX_S = 3.5
LARGE_WARM_MAX_S = 1.0
LARGE_RSS_MAX_MB = 300
MARGINAL_GROWTH_MAX = 1.25


def targets(rows: list[Row]) -> str:
    """Each target the measured rows bear on, its figure, and whether it is met."""
    by_events = {row.events: row for row in rows if row.scale != "real"}
    checks: list[tuple[str, str, bool]] = []
    for row in rows:
        if row.scale == "real":
            for mode, value in (("cold", row.cold_median), ("warm", row.warm_median)):
                checks.append(
                    (
                        f"real story, {mode}: under {REAL_MAX_S} s",
                        f"{value:.3f} s",
                        value < REAL_MAX_S,
                    )
                )
    large = by_events.get(LARGE_EVENTS)
    if large is not None:
        checks += [
            (
                f"{LARGE_EVENTS:,} events cold: under {LARGE_COLD_MAX_S} s",
                f"{large.cold_median:.2f} s",
                large.cold_median < LARGE_COLD_MAX_S,
            ),
            (
                f"{LARGE_EVENTS:,} events cold: peak RSS under {LARGE_RSS_MAX_MB} MB",
                f"{large.peak_rss_mb:.0f} MB",
                large.peak_rss_mb < LARGE_RSS_MAX_MB,
            ),
            (
                f"{LARGE_EVENTS:,} events warm: under {LARGE_WARM_MAX_S} s",
                f"{large.warm_median:.2f} s",
                large.warm_median < LARGE_WARM_MAX_S,
            ),
        ]
        smaller = by_events.get(LARGE_EVENTS // 10)
        if (
            smaller is not None
            and large.marginal_ms_per_event is not None
            and smaller.marginal_ms_per_event
        ):
            growth = large.marginal_ms_per_event / smaller.marginal_ms_per_event
            checks.append(
                (
                    f"marginal cost at {LARGE_EVENTS:,} within {MARGINAL_GROWTH_MAX}x "
                    f"that at {LARGE_EVENTS // 10:,}",
                    f"{growth:.2f}x",
                    growth <= MARGINAL_GROWTH_MAX,
                )
            )
    if not checks:
        return ""
    lines = ["", "", "Targets:"]
    lines += [f"- {'met' if met else 'NOT met'}: {name} ({figure})" for name, figure, met in checks]
    return "\n".join(lines)


def parse_scales(text: str) -> list[str]:
    scales = []
    for part in text.split(","):
        part = part.strip()
        if part != "real" and not (part.isdigit() and int(part) >= 1):
            raise argparse.ArgumentTypeError(f"not a scale: {part!r} (use 'real' or 1, 2, ...)")
        scales.append(part)
    return scales


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scales",
        type=parse_scales,
        default=parse_scales("real,1,100,1000"),
        help="comma-separated: 'real' (content/ and seeds/) or synthetic scales (default: "
        "real,1,100,1000)",
    )
    parser.add_argument("--runs", type=int, default=5, help="timed builds per mode (default 5)")
    parser.add_argument(
        "--slow",
        type=float,
        default=30.0,
        help="when a scale's warm-up build takes longer (seconds), time only 3 runs (default 30)",
    )
    parser.add_argument("--json", type=Path, help="also save the raw numbers here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects")
    parser.add_argument(
        "--code",
        type=Path,
        default=REPO,
        help="a folder with the generator/ and templates/ to measure, e.g. an older "
        "version exported with `git archive` (default: this repository)",
    )
    parser.add_argument(
        "--live",
        action="store_true",
        help="build with the working tree's generator/ and templates/, not a snapshot",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.live and args.code.resolve() != REPO:
        parser.error("--live measures this repository's working tree; drop --code")
    if not PYTHON.exists():
        parser.error(f"{PYTHON} not found: run `make bench` (it creates the venv)")

    workdir = Path(tempfile.mkdtemp(prefix="explainer-bench-"))
    rows: list[Row] = []
    try:
        code = snapshot(workdir, args.live, args.code.resolve())
        info = machine(code)
        progress(f"code: {code.where} (digest {code.digest})")
        for scale in args.scales:
            rows.append(bench_scale(scale, args.runs, args.slow, workdir, code))
    except BuildFailed as failure:
        print(f"bench: a build failed\n{failure}", file=sys.stderr)
        return 1
    finally:
        if args.keep:
            progress(f"projects kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    add_marginals(rows)
    print(table(rows, info) + targets(rows))
    if args.json:
        data = {"machine": info, "runs": args.runs, "results": [asdict(row) for row in rows]}
        args.json.write_text(json.dumps(data, indent=2) + "\n", "utf-8")
        progress(f"raw numbers saved to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
