"""How soon an edit shows in the browser under `explainer serve`, end to end.

Writes a synthetic story (bench/synth.py; scale 100 is 1,000 events), starts
`explainer serve` on it as its own process, opens the timeline in headless
Chromium (Playwright, /usr/bin/chromium or $CHROMIUM), then N times: changes the
title of one event in events.yaml and measures the time from the file being
written until the open page shows the new title. That covers the whole path an
editor waits for: noticing the change, rebuilding, telling the page, and the
page reloading and drawing.

    .venv/bin/python bench/serve_latency.py                 # scale 100, 10 edits
    .venv/bin/python bench/serve_latency.py --scale 10 -n 20

Exit status 1 when the median is over --budget (300 ms).
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

from synth import write_story  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FIRST_EVENT = re.compile(r'^- id: ([^\n]+)\n(?:  [^\n]*\n)*?(  title: ")([^"\n]*)(")', re.MULTILINE)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def retitle(events: Path, title: str) -> str:
    """Give the first event in the file a new title, as an editor saving it would;
    return the event's id."""
    text = events.read_text(encoding="utf-8")
    found = FIRST_EVENT.search(text)
    assert found, "no event title to edit"
    text = text[: found.start(3)] + title + text[found.end(3) :]
    events.write_text(text, encoding="utf-8")
    return found[1]


SHOWN = """([id, title]) => {
  const heading = document.getElementById(id)?.querySelector("h3");
  return heading !== null && heading !== undefined && heading.textContent === title;
}"""


def wait_for_title(page: object, event_id: str, title: str, timeout: float) -> float:
    """Poll the page until the event's heading reads `title`; the moment it did
    (perf_counter). The heading is looked up by id: asking for the whole page's text
    would cost the page more than the reload being measured."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            if page.evaluate(SHOWN, [event_id, title]):  # type: ignore[attr-defined]
                return time.perf_counter()
        except Exception:  # the page is reloading: ask again
            pass
        time.sleep(0.002)
    raise TimeoutError(f"'{title}' did not appear within {timeout} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scale", type=int, default=100, help="synthetic scale (100: 1,000 events)"
    )
    parser.add_argument("-n", "--runs", type=int, default=10, help="timed edits (default 10)")
    parser.add_argument("--budget", type=float, default=300.0, help="median budget in ms")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="explainer-serve-") as scratch:
        project = Path(scratch)
        counts = write_story(args.scale, project)
        events = project / "content" / "events.yaml"
        port = free_port()
        server = subprocess.Popen(
            [
                str(REPO / ".venv" / "bin" / "explainer"),
                "serve",
                "--port",
                str(port),
                "--max-file-mb",
                "50",
            ],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            assert server.stdout is not None
            for line in server.stdout:  # the first build is done when the address is printed
                if f":{port}/" in line:
                    break
            rebuilt: list[float] = []  # when the server said it had rebuilt (perf_counter)
            output: list[str] = []

            def read_output() -> None:
                assert server.stdout is not None
                for line in server.stdout:
                    output.append(line)
                    if line.startswith("rebuilt in"):
                        rebuilt.append(time.perf_counter())

            threading.Thread(target=read_output, daemon=True).start()
            until_rebuilt: list[float] = []
            times: list[float] = []
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
                )
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{port}/timeline/")
                for run in range(args.runs + 1):  # the first edit is a warm-up
                    title = f"Edited title number {run}"
                    time.sleep(0.3)  # let the previous reload settle
                    event_id = retitle(events, title)
                    written = time.perf_counter()
                    shown = wait_for_title(page, event_id, title, timeout=30)
                    if run:
                        times.append((shown - written) * 1000)
                        until_rebuilt.append((rebuilt[-1] - written) * 1000)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    rebuilds = [
        float(m) * 1000 for m in re.findall(r"^rebuilt in ([0-9.]+) s", "".join(output), re.M)
    ]

    median = statistics.median(times)
    print(
        f"edit to visible in the browser, {counts['events']} events, {args.runs} edits: "
        f"median {median:.0f} ms, max {max(times):.0f} ms, min {min(times):.0f} ms "
        f"(budget {args.budget:.0f} ms)\n  of which: from the edit until rebuilt, median "
        f"{statistics.median(until_rebuilt):.0f} ms; the rebuild itself, median "
        f"{statistics.median(rebuilds[1:] or [0]):.0f} ms"
    )
    return 1 if median > args.budget else 0


if __name__ == "__main__":
    sys.exit(main())
