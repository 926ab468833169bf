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

from generator.build import validate_story  # noqa: E402
from generator.load.templates import load_templates  # noqa: E402
from generator.memo.memo import Memo  # noqa: E402
from generator.plan.catalog import Catalog  # noqa: E402
from generator.plan.pages import plan_pages  # noqa: E402
from generator.plan.parts import Placement  # noqa: E402
from generator.render.site import SiteJob, render_markdown_texts, render_output  # noqa: E402

sys.path.insert(0, str(REPO / "bench"))
from synth import write_story  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("page", help="timeline, actors, sources, offers or index")
    parser.add_argument("--scale", type=int, default=1000, help="synthetic scale (default 1000)")
    parser.add_argument("--templates", type=Path, default=REPO / "templates")
    parser.add_argument("-n", "--runs", type=int, default=5)
    args = parser.parse_args()
    gc.disable()  # as in a build (cli.main)
    with tempfile.TemporaryDirectory(prefix="explainer-page-") as folder:
        root = Path(folder)
        write_story(args.scale, root)
        story = validate_story(root / "content", root / "seeds", Memo(), 1 << 30)
    markdown = render_markdown_texts(sorted(story.markdown_texts), {}, Memo())  # no pictures
    templates = load_templates(args.templates.resolve())
    catalog = Catalog(story)
    placement = Placement(story, catalog)
    pages = plan_pages(story, placement)
    names = [page.name for page in pages]
    if args.page not in names:
        parser.error(f"no page {args.page!r}; the pages are {', '.join(names)}")
    # No share images: they are drawn before the pages and are not what is measured.
    job = SiteJob(story, catalog, templates, markdown, {}, Memo(), pages, placement, {})
    page = pages[names.index(args.page)]
    size = len(render_output(job, page)[page.path])  # compiles the templates
    seconds = []
    for _ in range(args.runs):
        started = time.process_time()
        render_output(job, page)
        seconds.append(time.process_time() - started)
    print(
        f"{args.page}: {size / 1e6:.1f} MB, CPU per render: least {min(seconds):.3f} s, "
        f"median {statistics.median(seconds):.3f} s ({args.runs} runs, scale {args.scale})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
