"""How much a speed device buys: builds with it and without it, alternated.

    .venv/bin/python bench/without_device.py workers --mode cold --runs 3
    .venv/bin/python bench/without_device.py fast_markdown --scale 100 --mode warm

Writes the synthetic story of --scale (bench/synth.py) into a temporary folder,
then builds it with the working tree's code, in turn as it is and with one device
switched off (patched out in the build's own process), and prints the median wall
time of each and their ratio. Cold: no cache, no output; warm: one event's title
edited since the last build. The devices:

- workers: worker processes (everything in one process)
- fast_markdown: Markdown's simple subset rendered directly (all through Python-Markdown)
- yaml_resolve: a scalar's YAML tag resolved from its text (PyYAML's resolver)
- gc: the cycle collector off in the command line
- compiled_templates: compiled templates kept in the memo store
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

from synth import write_story  # noqa: E402

PATCHES = {
    "none": "",
    "workers": "import generator.memo.parallel as p; p.MAX_WORKERS = 1",
    "fast_markdown": (
        "import generator.render.markdown as m; m.simple_markdown_html = lambda t: None"
    ),
    "yaml_resolve": (
        "import yaml, generator.load.yaml_nodes as y; "
        "y.compose = lambda text: yaml.compose(text, Loader=yaml.CSafeLoader)"
    ),
    "gc": "import generator.cli as c; c.gc.disable = lambda: None",
    "compiled_templates": (
        "import generator.memo.memo as m; m.Memo.compiled_templates = lambda self: None"
    ),
}
BUILD = (
    "import os, sys\n{patch}\nfrom generator.cli import main\n"
    "code = main(sys.argv[1:], exits_after=True)\n"
    "sys.stdout.flush(); sys.stderr.flush(); os._exit(code)\n"
)


def build(project: Path, device: str, mode: str) -> float:
    """One build of the project without `device` ("none": as it is); its wall time."""
    if mode == "cold":
        shutil.rmtree(project / ".explainer-cache", ignore_errors=True)
        shutil.rmtree(project / "out", ignore_errors=True)
    else:
        events = project / "content" / "events.yaml"
        edited = f"title: Edit {random.random()}"
        text = re.sub(r"title: [^\n]*", edited, events.read_text(), count=1)
        events.write_text(text)
    command = [sys.executable, "-c", BUILD.format(patch=PATCHES[device]), "build", "-q"]
    command += ["--out", "out", "--max-file-mb", "100"]
    started = time.perf_counter()
    subprocess.run(command, cwd=project, check=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("device", choices=[name for name in PATCHES if name != "none"])
    parser.add_argument("--scale", type=int, default=1000)
    parser.add_argument("--mode", choices=("cold", "warm"), default="cold")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="explainer-device-") as folder:
        project = Path(folder)
        write_story(args.scale, project)
        if args.mode == "warm":
            build(project, "none", "warm")
        times: dict[str, list[float]] = {"none": [], args.device: []}
        for run in range(args.runs):
            order = ("none", args.device) if run % 2 == 0 else (args.device, "none")
            for device in order:
                times[device].append(build(project, device, args.mode))
    with_it, without = (statistics.median(times[d]) for d in ("none", args.device))
    print(
        f"{args.device}, {args.mode}, scale {args.scale}: with it {with_it:.3f} s, "
        f"without {without:.3f} s: {without / with_it:.2f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
