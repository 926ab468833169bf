"""The build pipeline: load, validate, plan, render in memory, then write atomically."""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import os
import pickle
from collections.abc import Callable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property, partial
from pathlib import Path
from typing import Any

import jinja2

from generator.cache import BuildCache, PieceStore
from generator.cache_place import cache_root
from generator.catalog import Catalog
from generator.errors import ContentError, ContentErrors, Location
from generator.export import offers_csv, story_json
from generator.limits import MAX_FILE_BYTES
from generator.links import links_from, page_dir
from generator.markdown_render import markdown_html
from generator.model import Story, Url
from generator.output import publish
from generator.pages import Page, navigation, plan_pages
from generator.parallel import (
    Child,
    Claim,
    batches,
    can_fork,
    children_finish_later,
    fork_map,
    if_claimed,
)
from generator.pieces import piece_cache
from generator.precompile import find_templates, install, note_compiled
from generator.render import make_environment, render_template_utf8
from generator.seo import json_ld, robots, sitemap
from generator.timings import stage
from generator.urls import url_problem
from generator.validate import cut_list_files, list_file_names, load_story
from generator.views import Views

STYLESHEET = "assets/style.css"
FAVICON = "assets/favicon.svg"
MAX_WORKERS = 4
DATA_JSON = "data/explainer.json"
DATA_CSV = "data/offers.csv"


@dataclass(frozen=True)
class BuildReport:
    """What a build produced, for the one-line summary."""

    pages: int
    sources: int
    events: int
    actors: int
    offers: int
    dimensions: int
    quotes: int
    out_dir: Path

    def contents(self) -> str:
        """`14 events, 16 actors, 4 offers, 9 dimensions, 41 quotes`."""
        return ", ".join(
            counted(n, noun)
            for n, noun in (
                (self.events, "event"),
                (self.actors, "actor"),
                (self.offers, "offer"),
                (self.dimensions, "dimension"),
                (self.quotes, "quote"),
            )
        )

    def summary(self, seconds: float) -> str:
        """`built 6 pages from 2 sources: ... 41 quotes verified in 0.21 s`."""
        return (
            f"built {counted(self.pages, 'page')} from {counted(self.sources, 'source')}: "
            f"{self.contents()} verified in {seconds:.2f} s"
        )


def counted(number: int, noun: str) -> str:
    """'1 event', '2 events'."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def hashed_name(name: str, data: bytes) -> str:
    """`assets/style.css` -> `assets/style.1a2b3c4d5e.css`: safe to cache forever."""
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:10]}{dot}{suffix}"


def page_root(page: Page, base_url: str | None) -> str:
    """The prefix of a page's links to the rest of the site.

    Pages link relatively, so the site works from any folder. The 404 page is the
    exception: a host serves it at whatever address was missing, at any depth, so
    its links start from the site's address, or from the host's root when the
    address is not configured.
    """
    if page.name == "not_found":
        return base_url or "/"
    return page.root


def read_asset(templates: Path, name: str) -> bytes:
    """A file the templates ship (stylesheet, icon), or an error naming it."""
    path = templates / name
    try:
        return path.read_bytes()
    except OSError:
        raise ContentErrors([ContentError(Location(str(path)), "asset not found")]) from None


def render_site(
    content_dir: Path,
    seeds_dir: Path,
    templates_dir: Path | None,
    base_url: str | None,
    cache: BuildCache | None = None,
    workers: int = 1,
    max_file_bytes: int = MAX_FILE_BYTES,
    compiling: Child | None = None,
    cutting: Child | None = None,
) -> tuple[dict[str, bytes], BuildReport]:
    """Validate the story and render every output file in memory: path -> bytes.

    With a cache, what earlier builds made is reused; with more than one worker,
    a large story's items, quotes, Markdown and pages are worked through in that
    many processes. `compiling` is a process compiling the templates meanwhile
    (precompile.py), `cutting` one cutting the list files into their items
    (start_cutting), if they were started.
    """
    markdown: dict[str, str] = cache.markdown if cache is not None else {}
    # The JSON lines are made from the items alone: in a process started as soon as
    # they are read, which works beside the checks.
    exporting: list[Child] = []

    def export(story: Story) -> None:
        started = start_export(story, cache, workers)
        if started is not None:
            exporting.append(started)

    try:
        with stage("load and validate"):
            story = load_story(
                content_dir,
                seeds_dir,
                cache.parsed if cache is not None else None,
                max_file_bytes,
                workers,
                cache.quotes if cache is not None else None,
                markdown,  # rendered beside the checks
                items_read=export,
                cut_ahead=cutting.result if cutting is not None else None,
            )
            if cache is not None:
                cache.put_away_parsed()
        templates = find_templates(content_dir, templates_dir)
        return render_story(
            story,
            templates,
            base_url,
            cache,
            workers,
            compiling,
            markdown,
            exporting[0] if exporting else None,
        )
    finally:
        for child in exporting:  # its result taken, or a failed build no longer wants it
            child.stop()


def render_story(
    story: Story,
    templates: Path,
    base_url: str | None,
    cache: BuildCache | None = None,
    workers: int = 1,
    compiling: Child | None = None,
    markdown: dict[str, str] | None = None,
    exporting: Child | None = None,
) -> tuple[dict[str, bytes], BuildReport]:
    """Render a validated story's every output file in memory: path -> bytes
    (with the templates compiled by `compiling`, if given; without a cache, with the
    Markdown already rendered into `markdown`; with the JSON lines made by
    `exporting`, if given)."""
    if base_url is not None:
        problem = url_problem(base_url)
        if problem:
            raise ContentErrors(
                [
                    ContentError(
                        Location("--base-url"),
                        f"the base URL '{base_url}' {problem}",
                        "write it in full, e.g. 'https://example.org/story/'",
                    )
                ]
            )
        story = dataclasses.replace(
            story, site=dataclasses.replace(story.site, base_url=Url(base_url))
        )
    if story.site.base_url and not story.site.base_url.endswith("/"):
        story = dataclasses.replace(
            story, site=dataclasses.replace(story.site, base_url=Url(story.site.base_url + "/"))
        )
    stylesheet = read_asset(templates, STYLESHEET)
    stylesheet_name = hashed_name(STYLESHEET, stylesheet)
    favicon = read_asset(templates, FAVICON)
    favicon_name = hashed_name(FAVICON, favicon)
    texts = story.markdown_texts
    markdown_cache = cache.markdown if cache is not None else markdown or {}
    with stage("markdown"):
        prerender_markdown(texts, markdown_cache, workers)
    environment = make_environment(templates, cache)
    install(environment, compiling)
    environment.globals["markdown_cache"] = markdown_cache
    with stage("catalog"):
        catalog = Catalog(story)
        pages = plan_pages(story)
    if cache is not None:
        # Kept pieces hold this build's sources, which then compare at once.
        cache.pieces.share(shared_items(story, story.sources))
    files: dict[str, bytes] = {}

    def downloads_and_cache() -> None:
        """The files that are not pages, and the cache: made while the pages render."""
        with stage("downloads"):
            files.update(
                {
                    stylesheet_name: stylesheet,
                    favicon_name: favicon,
                    ".nojekyll": b"",  # GitHub Pages: serve the files as they are
                    DATA_JSON: exported_json(story, cache, exporting),
                    DATA_CSV: offers_csv(story, catalog),
                    "robots.txt": robots(story),
                }
            )
            site_map = sitemap(story, pages)
            if site_map is not None:
                files["sitemap.xml"] = site_map
        if cache is not None:
            with stage("save cache"):
                cache.finish(texts)

    job = PageJob(environment, story, catalog, markdown_cache, stylesheet_name, favicon_name, pages)
    page_workers = workers if len(texts) >= PARALLEL_MINIMUM else 1
    # A page worker saves the parts of the cache that are whole before the pages: this
    # process has the downloads to make meanwhile.
    handover = None
    if cache is not None and cache.folder is not None:  # one in memory has nothing to save
        handover = Handover(partial(cache.save_beside, texts), cache.offered_beside)
    with stage("pages"):
        rendered = render_pages(job, page_workers, downloads_and_cache, handover)
    for page, html in zip(pages, rendered, strict=True):
        files[page.path] = html
    report = BuildReport(
        pages=len(pages),
        sources=len(story.sources),
        events=len(story.events),
        actors=len(story.actors),
        offers=len(story.offers),
        dimensions=len(story.dimensions),
        quotes=catalog.quote_count(),
        out_dir=Path(),
    )
    return files, report


def shared_items(story: Story, items: Sequence[Any]) -> dict[str, Any]:
    """Those of the items read from a list file, by their cache keys."""
    keys = story.item_keys
    return {keys[id(item)]: item for item in items if id(item) in keys}


def start_export(story: Story, cache: BuildCache | None, workers: int) -> Child | None:
    """A process making the lines of the JSON download (story_json's) while the
    story is checked and its pages rendered, when many of them are to be made (a
    cold build); else None, and the building process makes them with the downloads.

    With a cache on disk, that process then saves the JSON lines, and the items
    read, pickling those the building process read itself: the building process,
    busier, need not.
    """
    kept = cache.json_lines if cache is not None else {}
    new = sum(1 for key in story.item_keys.values() if key not in kept)
    if workers <= 1 or new < PARALLEL_EXPORT or not can_fork():
        return None
    if cache is None or cache.folder is None:
        return Child.start(partial(export_lines, cache), story)
    exporting = Child.start(
        partial(export_lines, cache), story, afterwards=cache.save_json_and_items
    )
    cache.leave_json_and_items_to_another_process()  # in this process: the other has its own
    return exporting


PARALLEL_EXPORT = 2000  # items whose JSON is to be made: fewer take less than a fork


def export_lines(cache: BuildCache | None, story: Story) -> dict[str, pickle.PickleBuffer]:
    """story_json's line of each list item, in a worker process (sent back as they are,
    and kept in this process's cache for it to save)."""
    lines = dict(cache.json_lines) if cache is not None else {}
    story_json(story, lines)
    if cache is not None:
        cache.json_lines = lines
    return {key: pickle.PickleBuffer(line) for key, line in lines.items()}


def exported_json(story: Story, cache: BuildCache | None, exporting: Child | None) -> bytes:
    """The JSON download, from the lines `exporting` made, if given: assembled as from
    kept lines in a warm build."""
    lines = cache.json_lines if cache is not None else None
    if exporting is not None:
        made = exporting.result()
        lines = lines if lines is not None else {}
        lines.clear()
        lines.update(made)
    return story_json(story, lines)


@dataclass(frozen=True)
class PageJob:
    """What rendering the pages needs: each page's context is made where it is rendered
    (its structured data too), in a worker process for a large story."""

    environment: jinja2.Environment
    story: Story
    catalog: Catalog
    markdown_cache: dict[str, str]
    stylesheet_name: str
    favicon_name: str
    pages: list[Page]

    @cached_property
    def views(self) -> Views:
        """What the long lists' entries show, for their partials."""
        return Views(self.catalog)

    def context(self, page: Page) -> dict[str, Any]:
        """What one page's template is rendered with."""
        story = self.story
        root = page_root(page, story.site.base_url)
        kept = self.kept_json(page)
        return {
            "page": page,
            "root": root,
            "link": links_from(root),
            "site": story.site,
            "story": story,
            "catalog": self.catalog,
            "views": self.views,
            "nav": navigation(story),
            "stylesheet": root + self.stylesheet_name,
            "favicon": root + self.favicon_name,
            "json_ld": json_ld(page, story, self.catalog, self.markdown_cache, kept),
            "data_json": root + DATA_JSON,
            "data_csv": root + DATA_CSV,
            "page_url": story.site.base_url + page_dir(page.name) if story.site.base_url else "",
        }

    def kept_json(self, page: Page) -> PieceStore | None:
        """Where the page's structured data keeps each item's JSON between builds."""
        cache = piece_cache(self.environment)
        if cache is None:
            return None
        return cache.store(page.name, "json-ld", self.story.site.base_url or "")

    def render(self, index: int) -> bytes:
        """One page's HTML."""
        page = self.pages[index]
        context = self.context(page)
        return render_template_utf8(self.environment, page.template, context)


PARALLEL_MINIMUM = 400  # below this many texts, starting processes costs more than it saves


def prerender_markdown(texts: AbstractSet[str], cache: dict[str, str], workers: int) -> None:
    """Render the Markdown texts the cache lacks, in several processes when worth it."""
    missing = sorted(text for text in texts if text not in cache)
    workers = workers if len(missing) >= PARALLEL_MINIMUM else 1
    rendered = [
        html
        for batch in fork_map(render_markdown_batch, batches(missing, workers), workers)
        for html in batch
    ]
    cache.update(zip(missing, rendered, strict=True))


def render_markdown_batch(texts: Sequence[str]) -> list[str]:
    """The HTML of each text (in a worker process, for many texts)."""
    return [markdown_html(text) for text in texts]


@dataclass(frozen=True)
class Handover:
    """Work that a page worker does for this process once it has sent its pages back,
    or this process once the site is written, whichever comes to it first (`work`:
    saving the parts of the cache that are whole before the pages), and what this
    process does on offering it (`offered`, given the work as this process does it,
    if it comes to it first: BuildCache.offered_beside)."""

    work: Callable[[], None]
    offered: Callable[[Callable[[], None]], None]


def render_pages(
    job: PageJob,
    workers: int,
    meanwhile: Callable[[], None],
    handover: Handover | None = None,
) -> list[bytes]:
    """Render each page, in several processes when given more than one worker; run
    `meanwhile` in this process too, and offer `handover` to a worker if there is one
    (else its work is left to `meanwhile`).

    Whole pages are shared out by what each is estimated to cost (page_costs), so
    that the processes finish together; each process keeps the pieces of the
    pages it rendered and sends back their HTML.
    """
    if workers <= 1 or not can_fork():
        meanwhile()
        pages = [job.render(index) for index in range(len(job.pages))]
        save_pieces(job.environment)
        return pages
    compile_ahead(job.environment, [page.template for page in job.pages])
    costs = page_costs(job)
    shares = share_out(costs, workers, head_start=meanwhile_cost(job))
    # Each other process keeps its pages' pieces once it has sent the pages back; the
    # first then does the work handed over, unless this process took it first.
    keep_pieces = partial(save_pieces, job.environment)
    # The work handed over, done by whichever process takes the claim first.
    claimed = partial(if_claimed, Claim(), handover.work) if handover is not None else None
    children: list[Child] = []
    for share in (share for share in shares[1:] if share):
        afterwards = keep_pieces
        if claimed is not None and not children:
            afterwards = partial(run_both, keep_pieces, claimed)
        children.append(Child.start(send_job_pages, (job, share), afterwards=afterwards))
    if handover is not None and claimed is not None and children:
        handover.offered(claimed)
    rendered: dict[int, bytes] = {}
    try:
        # This process's pages first: the downloads then reuse the memory they freed.
        rendered.update(render_job_pages((job, shares[0])))
        save_pieces(job.environment)
        meanwhile()
        for child in children:
            rendered.update(child.result())
    finally:
        for child in children:
            child.stop()
    return [rendered[index] for index in range(len(job.pages))]


def run_both(first: Callable[[], None], second: Callable[[], None]) -> None:
    """first(), then second()."""
    first()
    second()


def render_job_pages(work: tuple[PageJob, list[int]]) -> dict[int, bytes]:
    """Render some of a job's pages (whichever process renders them keeps their pieces
    for the next build: save_pieces)."""
    job, indexes = work
    return {index: job.render(index) for index in indexes}


def send_job_pages(work: tuple[PageJob, list[int]]) -> dict[int, pickle.PickleBuffer]:
    """render_job_pages in a worker process: the pages go back as they are, unpickled."""
    return {index: pickle.PickleBuffer(html) for index, html in render_job_pages(work).items()}


# What rendering costs, roughly, in microseconds per entry of each long page, and
# per item for the downloads and the cache; only the proportions matter. Measured
# in cold builds of 10,000 events while the process making the JSON lines still
# ran beside the pages on the other core, so an entry rendered there cost more
# than its CPU alone (bench/page_render.py gives 90, 35 and 230). That process now
# works beside the checks; traced since, the split these figures choose (the
# timeline here, actors and sources in the worker) is still the best of the
# splits of whole pages.
ENTRY_COST = {"timeline": 210, "sources": 120, "actors": 650}
DOWNLOAD_COST = 60


def page_costs(job: PageJob) -> list[float]:
    """Each page's estimated cost: its entries times what one costs; a short page, 1."""
    story = job.story
    entries = {
        "timeline": len(story.events),
        "sources": len(story.quote_spans),
        "actors": len(story.actors),
    }
    return [1 + entries.get(page.name, 0) * ENTRY_COST.get(page.name, 0) for page in job.pages]


def meanwhile_cost(job: PageJob) -> float:
    """The estimated cost of the downloads and the cache, made beside the pages."""
    return (len(job.story.events) + len(job.story.actors)) * DOWNLOAD_COST


def share_out(costs: Sequence[float], processes: int, head_start: float = 0) -> list[list[int]]:
    """The indexes of `costs` in `processes` groups whose sums are as even as can be;
    the first group (this process's) also carries `head_start`.

    Two processes (the usual case: two cores) try every split of the costly pages;
    more take the costliest page next to the least loaded group.
    """
    order = sorted(range(len(costs)), key=lambda index: -costs[index])
    costly, cheap = order[:MAX_EXACT], order[MAX_EXACT:]
    if processes == 2:
        best: tuple[float, int] | None = None
        for mask in range(1 << len(costly)):
            first = head_start + sum(costs[i] for b, i in enumerate(costly) if mask >> b & 1)
            second = sum(costs[i] for b, i in enumerate(costly) if not mask >> b & 1)
            if best is None or max(first, second) < best[0]:
                best = (max(first, second), mask)
        assert best is not None
        groups = [
            [i for b, i in enumerate(costly) if best[1] >> b & 1],
            [i for b, i in enumerate(costly) if not best[1] >> b & 1],
        ]
        loads = [head_start + sum(costs[i] for i in groups[0]), sum(costs[i] for i in groups[1])]
    else:
        groups, loads = [[] for _ in range(processes)], [head_start] + [0.0] * (processes - 1)
        cheap = order
    for index in cheap:
        lightest = loads.index(min(loads))
        groups[lightest].append(index)
        loads[lightest] += costs[index]
    return [sorted(group) for group in groups]


MAX_EXACT = 10  # pages whose every split is tried: 2**10 sums, at most


def compile_ahead(environment: jinja2.Environment, pages: list[str]) -> None:
    """Compile the page templates and the partials once, before forking, rather than
    once in each worker. A template that does not compile is left to fail where it is
    rendered, which reports it at its file and line."""
    partials = environment.list_templates(filter_func=lambda name: name.startswith("partials/"))
    for name in [*pages, *partials]:
        try:
            environment.get_template(name)
        except jinja2.TemplateError:
            pass


def save_pieces(environment: jinja2.Environment) -> None:
    """Keep the pieces of pages rendered in this process for the next build."""
    cache = piece_cache(environment)
    if cache is not None:
        cache.save()


def build_site(
    content_dir: Path,
    seeds_dir: Path,
    templates_dir: Path | None,
    out_dir: Path,
    base_url: str | None = None,
    use_cache: bool = True,
    max_file_bytes: int = MAX_FILE_BYTES,
    compiling: Child | None = None,
    leave_heap: bool = False,
) -> BuildReport:
    """Build the site into out_dir, replacing it only when everything succeeded
    (with the templates compiled by `compiling`, if given: see precompile.py).

    `leave_heap`: the process ends with the build, so what the build made (the
    cache's items, the pages) is kept to the end rather than freed object by object
    on the way out (a fiftieth of a warm build at 10,000 events)."""
    # Worker processes that sent their pages back save those pages' pieces while this
    # one writes the site.
    with garbage_collection_paused(), children_finish_later():
        workers = min(os.cpu_count() or 1, MAX_WORKERS)
        cutting = start_cutting(content_dir, max_file_bytes, workers) if use_cache else None
        try:
            with stage("load cache"):
                cache = BuildCache(cache_root(content_dir)) if use_cache else None
            files, report = render_site(
                content_dir,
                seeds_dir,
                templates_dir,
                base_url,
                cache,
                workers,
                max_file_bytes,
                compiling,
                cutting,
            )
        finally:
            if cutting is not None:
                cutting.stop()  # its result taken, or a failed build no longer wants it
        with stage("write"):
            publish(out_dir, files)
        if cache is not None:
            # Saving what a page worker was offered, should this process be first.
            with stage("save cache"):
                cache.save_what_was_offered()
        if cache is not None and cache.folder is not None and cache.pieces.templates_digest:
            note_compiled(cache_root(content_dir), cache.pieces.templates_digest)
        if leave_heap:
            LEFT_TO_THE_END.append((cache, files))
    return dataclasses.replace(report, out_dir=out_dir)


LEFT_TO_THE_END: list[Any] = []  # what builds in a process that ends with them made


def start_cutting(content_dir: Path, max_file_bytes: int, workers: int) -> Child | None:
    """A process reading the list files and cutting them into their items, keys worked
    out (validate.cut_list_files), while this one loads the cache: when there is a
    cache of items to load (a warm build) and the files are large, on a machine with
    a core to spare. Otherwise None, and the reader cuts them itself."""
    if workers <= 1 or not can_fork() or not BuildCache.has_items(cache_root(content_dir)):
        return None
    if list_files_size(content_dir) < CUT_AHEAD_BYTES:
        return None
    return Child.start(partial(cut_list_files, content_dir), max_file_bytes, ahead=True)


# Below this size of list files, cutting them takes less than a fork and the answer's
# journey (1,000 events, about 800 KB, take 15 ms to cut; 10,000, 0.15 s).
CUT_AHEAD_BYTES = 512 * 1024


def list_files_size(content_dir: Path) -> int:
    """The size in bytes of the list files of a content folder (those there)."""
    total = 0
    for name in list_file_names():
        try:
            total += (content_dir / name).stat().st_size
        except OSError:
            pass
    return total


@contextmanager
def garbage_collection_paused() -> Iterator[None]:
    """Run a block without Python's cycle collector.

    A build keeps almost everything it makes until it ends, so the collector
    would scan an ever larger heap again and again (a fifth of a large build's
    time) and free next to nothing; what the block leaves behind is collected
    after it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
