"""The CPU time of rendering one page of a synthetic story, in process, with nothing kept.

Writes the story of the given scale into a temporary folder, reads it once, then
renders the page N times from scratch (no build cache: every entry of every list
is rendered each time) and prints the least and the median CPU seconds of one
render. CPU time, not wall time: on a shared machine it varies far less from one
minute to the next, so two versions of a template or of the code that renders it
can be compared run after run.

    .venv/bin/python bench/page_render.py actors                 # scale 1000, 5 runs
    .venv/bin/python bench/page_render.py timeline --templates DIR -n 3
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.build import PageJob, prerender_markdown  # noqa: E402
from generator.catalog import Catalog  # noqa: E402
from generator.pages import plan_pages  # noqa: E402
from generator.render import make_environment  # noqa: E402
from generator.validate import load_story  # noqa: E402

sys.path.insert(0, str(REPO / "bench"))
from synth import write_story  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("page", help="timeline, actors, sources, offers or index")
    parser.add_argument("--scale", type=int, default=1000, help="synthetic scale (default 1000)")
    parser.add_argument("--templates", type=Path, default=REPO / "templates")
    parser.add_argument("-n", "--runs", type=int, default=5)
    args = parser.parse_args()
    gc.disable()  # as in a build (build.garbage_collection_paused)
    with tempfile.TemporaryDirectory(prefix="explainer-page-") as folder:
        root = Path(folder)
        write_story(args.scale, root)
        story = load_story(root / "content", root / "seeds", max_file_bytes=1 << 30)
    markdown: dict[str, str] = {}
    prerender_markdown(story.markdown_texts, markdown, 1)
    environment = make_environment(args.templates.resolve())
    environment.globals["markdown_cache"] = markdown
    pages = plan_pages(story)
    names = [page.name for page in pages]
    if args.page not in names:
        parser.error(f"no page {args.page!r}; the pages are {', '.join(names)}")
    job = PageJob(environment, story, Catalog(story), markdown, "style.css", "icon.svg", pages)
    index = names.index(args.page)
    size = len(job.render(index))  # compiles the templates
    seconds = []
    for _ in range(args.runs):
        started = time.process_time()
        job.render(index)
        seconds.append(time.process_time() - started)
    print(
        f"{args.page}: {size / 1e6:.1f} MB, CPU per render: least {min(seconds):.3f} s, "
        f"median {statistics.median(seconds):.3f} s ({args.runs} runs, scale {args.scale})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
