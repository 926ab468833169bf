"""The benchmark's own tools: the synthetic story, and the runners that time builds of it.

Their figures are what the README and the issue notes quote, so the story must be
what bench/synth.py says it is, and the runners must build it and report what
they measured.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

BENCH = REPO / "bench"
sys.path.insert(0, str(BENCH))

import synth  # noqa: E402


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file under a folder: relative path -> bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_the_synthetic_story_depends_on_its_scale_alone(tmp_path: Path) -> None:
    # Each written by a process of its own, as each run of the benchmark does.
    for scale, name in ((3, "first"), (3, "again"), (4, "larger")):
        written = run_bench("synth.py", "--scale", str(scale), "--out", str(tmp_path / name))
        assert written.returncode == 0, written.stderr
    first = files_of(tmp_path / "first")
    assert first == files_of(tmp_path / "again")
    larger = files_of(tmp_path / "larger")
    assert larger.keys() == first.keys()
    assert larger["content/events.yaml"] != first["content/events.yaml"]


def test_the_synthetic_story_has_its_sizes_and_passes_every_check(tmp_path: Path) -> None:
    counts = synth.write_story(100, tmp_path)
    assert counts["events"] == 1000 and counts["actors"] == 200
    assert counts["offers"] == 4 and counts["dimensions"] == 10 and counts["sources"] == 5
    built = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--content", str(tmp_path / "content")]
        + ["--seeds", str(tmp_path / "seeds"), "--out", str(tmp_path / "site")],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert built.returncode == 0, built.stderr
    assert "1000 events, 200 actors, 4 offers, 10 dimensions" in built.stdout


def run_bench(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    """A benchmark script of bench/, as `make bench` runs it."""
    return subprocess.run(
        [sys.executable, str(BENCH / script), *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=600,
    )


def test_the_runner_times_cold_and_warm_builds(tmp_path: Path) -> None:
    numbers = tmp_path / "bench.json"
    result = run_bench("run.py", "--scales", "1", "--runs", "2", "--json", str(numbers))
    assert result.returncode == 0, result.stderr
    assert re.search(
        r"^\| 1 \| 10 \| [\d.]+ \| [\d.]+ \| \d+ \| — \| [\d.]+ \| [\d.]+ \|$", result.stdout, re.M
    )
    (row,) = json.loads(numbers.read_text("utf-8"))["results"]
    for mode in ("cold", "warm"):
        assert len(row[f"{mode}_seconds"]) == 2
        assert all(seconds > 0 for seconds in row[f"{mode}_seconds"])
        # CPU time, worker processes included: a build takes some, and no more than
        # all the cores' worth of its wall time, give or take the clock's grain.
        cores = os.cpu_count() or 1
        for cpu, wall in zip(row[f"{mode}_cpu_seconds"], row[f"{mode}_seconds"], strict=True):
            assert 0 < cpu <= cores * wall + 0.05
        assert all(kb > 0 for kb in row[f"{mode}_maxrss_kb"])


def test_the_alternating_runner_compares_versions_in_turn() -> None:
    result = run_bench("alternate.py", ".", "HEAD", "--scale", "1", "--runs", "2")
    assert result.returncode == 0, result.stderr
    rows = re.findall(
        r"^\| (\S+) \| (cold|warm) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| (\d+) \|$",
        result.stdout,
        re.M,
    )
    assert [(name, mode) for name, mode, *_ in rows] == [
        (".", "cold"),
        ("HEAD", "cold"),
        (".", "warm"),
        ("HEAD", "warm"),
    ]
    for _name, _mode, median, least, greatest, cpu, _rss in rows:
        assert float(least) <= float(median) <= float(greatest)
        assert float(cpu) > 0


def test_the_page_renderer_times_one_page() -> None:
    result = run_bench("page_render.py", "timeline", "--scale", "1", "--runs", "2")
    assert result.returncode == 0, result.stderr
    match = re.fullmatch(
        r"timeline: [\d.]+ MB, CPU per render: least ([\d.]+) s, median ([\d.]+) s "
        r"\(2 runs, scale 1\)\n",
        result.stdout,
    )
    assert match, result.stdout
    assert 0 < float(match[1]) <= float(match[2])
