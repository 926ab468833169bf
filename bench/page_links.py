"""The CPU time of the rendered pages' link check, in process, on a synthetic story.

Writes the story of the given scale into a temporary folder, renders its site in
memory once, then runs the link check (which every build and `check` run) N times
and prints the least and the median CPU seconds, beside the render's own.

    .venv/bin/python bench/page_links.py                 # scale 1000, 5 runs
    .venv/bin/python bench/page_links.py --scale 300 -n 3
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.build import render_project  # noqa: E402
from generator.memo.memo import Memo  # noqa: E402
from generator.render.page_links import check_site  # noqa: E402

sys.path.insert(0, str(REPO / "bench"))
from synth import write_story  # noqa: E402


def rendered(scale: int) -> tuple[dict[str, bytes], float]:
    """Every file of the synthetic story of a scale, rendered in memory with nothing
    kept, and the CPU seconds it took."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_story(scale, root)
        started = time.process_time()
        files, _ = render_project(root / "content", root / "seeds", None, None, Memo(), 2**30)
        return files, time.process_time() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=int, default=1000)
    parser.add_argument("-n", type=int, default=5, help="runs of the check")
    args = parser.parse_args()
    files, render = rendered(args.scale)
    times = []
    for _ in range(args.n):
        started = time.process_time()
        problems = check_site(files)
        times.append(time.process_time() - started)
    assert not problems, problems[:3]
    megabytes = sum(len(data) for data in files.values()) / 1e6
    print(
        f"scale {args.scale}: {megabytes:.1f} MB of pages; rendered (the check included) in "
        f"{render:.2f} s; check least {min(times):.3f} s, median {statistics.median(times):.3f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
