"""How long `explainer serve` takes to rebuild the real story after one edit.

Copies content/, seeds/ and templates/ into a temporary folder, renders the site
once to warm up (imports, caches), then N times in the same process, each time
after editing one content file (a changed event title, so the output changes too),
and prints the median and the slowest rebuild. Each render is the one the preview
runs on every change: render_site with the preview's in-memory build cache, kept
across rebuilds, writing nothing. Serving adds only the reload script to each page.

    .venv/bin/python bench/serve_rebuild.py                    # 20 runs, budget 150 ms
    .venv/bin/python bench/serve_rebuild.py -n 50 --profile    # where the time goes
    .venv/bin/python bench/serve_rebuild.py --no-cache         # every rebuild from scratch

Exit status 1 when the median is over the budget.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.build import render_project  # noqa: E402
from generator.memo.memo import Memo  # noqa: E402
from generator.memo.store import MemoStore  # noqa: E402

sys.path.insert(0, str(REPO / "bench"))
from synth import write_story  # noqa: E402

TITLE = re.compile(r'^(  title: "?)(.*?)( \[edit \d+\])?("?)$', re.MULTILINE)
BASE_URL = "http://127.0.0.1:8000/"  # what `explainer serve` passes


def edit(content: Path, run: int) -> None:
    """Change the first event's title, as an editor saving events.yaml would."""
    path = content / "events.yaml"
    text = path.read_text(encoding="utf-8")
    text, count = TITLE.subn(lambda m: f"{m[1]}{m[2]} [edit {run}]{m[4]}", text, count=1)
    assert count == 1, "no event title to edit"
    path.write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=20, help="timed rebuilds (default 20)")
    parser.add_argument("--budget", type=float, default=150.0, help="median budget in ms")
    parser.add_argument("--profile", action="store_true", help="cProfile the timed rebuilds")
    parser.add_argument(
        "--no-cache", action="store_true", help="rebuild from scratch each time, for comparison"
    )
    parser.add_argument(
        "--scale",
        type=int,
        default=0,
        help="a synthetic story of this scale (default: the real one)",
    )
    args = parser.parse_args()
    label = "without a cache" if args.no_cache else "as `explainer serve` renders"
    memo = Memo() if args.no_cache else Memo(MemoStore(None))

    with tempfile.TemporaryDirectory(prefix="explainer-bench-") as scratch:
        root = Path(scratch)
        if args.scale:
            write_story(args.scale, root)
        else:
            for name in ("content", "seeds", "templates"):
                shutil.copytree(REPO / name, root / name)
        content, seeds = root / "content", root / "seeds"

        def render() -> dict[str, bytes]:
            # In a thread of its own, beside this one, as the preview rebuilds in its
            # watcher thread beside the server's: no worker processes are forked then.
            built: list[dict[str, bytes]] = []

            def rebuild() -> None:
                files, _ = render_project(content, seeds, None, BASE_URL, memo, 2**30)
                memo.save()
                built.append(files)

            thread = threading.Thread(target=rebuild)
            thread.start()
            thread.join()
            return built[0]

        render()  # warm-up
        profiler = cProfile.Profile() if args.profile else None
        times: list[float] = []
        previous = b""
        for run in range(1, args.runs + 1):
            edit(content, run)
            if profiler:
                profiler.enable()
            started = time.perf_counter()
            files = render()
            times.append((time.perf_counter() - started) * 1000)
            if profiler:
                profiler.disable()
            timeline = files["timeline/index.html"]
            assert f"[edit {run}]".encode() in timeline and timeline != previous
            previous = timeline

    median, slowest = statistics.median(times), max(times)
    print(
        f"rebuild after editing content/events.yaml, {args.runs} runs ({label}): "
        f"median {median:.1f} ms, max {slowest:.1f} ms, min {min(times):.1f} ms "
        f"(budget {args.budget:.0f} ms)"
    )
    if profiler:
        stats = pstats.Stats(profiler, stream=sys.stdout).strip_dirs()
        stats.sort_stats("cumulative").print_stats(35)
        stats.sort_stats("tottime").print_stats(20)
    if median > args.budget:
        print(f"over budget: the median is {median - args.budget:.1f} ms too slow")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
