"""The build: each stage once, in order. Read, validate, render in memory, write."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from generator.errors import ContentError, ContentErrors, ErrorList, Location
from generator.load.content import load_content, load_seeds
from generator.load.files import MAX_FILE_BYTES
from generator.load.images import load_images
from generator.load.templates import Templates, find_templates, load_templates
from generator.memo.memo import Memo
from generator.memo.store import MemoStore, cache_root
from generator.model.fields import Url
from generator.model.story import Story
from generator.model.urls import url_problem
from generator.plan.catalog import Catalog
from generator.render.markdown import NestedTooDeep
from generator.render.page_links import check_site
from generator.render.site import render_site
from generator.timings import stage
from generator.validate.images import article_pictures
from generator.validate.story import check_story, read_story
from generator.validate.template_ids import template_id_clashes
from generator.write.destination import output_folder
from generator.write.output import publish


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


def validate_story(
    content_dir: Path, seeds_dir: Path, memo: Memo, max_file_bytes: int = MAX_FILE_BYTES
) -> Story:
    """Read and check a story; ContentErrors listing every problem in it."""
    with stage("load content"):
        content = load_content(content_dir, max_file_bytes)
    with stage("read content"):
        read = read_story(content, memo)
    with stage("check quotes and references"):
        text_errors = ErrorList()
        texts = load_seeds(read.story.sources, seeds_dir, text_errors)
        pictures = article_pictures(read.story.article, text_errors)
        wanted = [(picture.path, picture.where) for picture in pictures]
        images = load_images(wanted, content_dir, max_file_bytes, text_errors)
        return check_story(read, texts, text_errors.items, memo, images)


def render_project(
    content_dir: Path,
    seeds_dir: Path,
    templates_dir: Path | None,
    base_url: str | None,
    memo: Memo,
    max_file_bytes: int = MAX_FILE_BYTES,
) -> tuple[dict[str, bytes], BuildReport]:
    """Validate a project's story and render every file of its site in memory."""
    story = validate_story(content_dir, seeds_dir, memo, max_file_bytes)
    return render_validated(content_dir, story, templates_dir, base_url, memo)


def render_validated(
    content_dir: Path, story: Story, templates_dir: Path | None, base_url: str | None, memo: Memo
) -> tuple[dict[str, bytes], BuildReport]:
    """Render a validated story with its project's templates (the build's and the
    check's way): a text too deeply nested to render is an error where it is written."""
    templates = load_templates(find_templates(content_dir, templates_dir))
    try:
        return render_story(story, templates, base_url, memo)
    except NestedTooDeep as failure:
        where = locate_text(content_dir, failure.text)
        hint = "nest its lists, quotes or brackets less deeply"
        problem = ContentError(where, "a text nested too deeply for a page to show", hint)
        raise ContentErrors([problem]) from None


def locate_text(content_dir: Path, text: str) -> Location:
    """Where in the content files a text's first line is written (the folder if no
    line holds it as written, as YAML may escape it)."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    for path in sorted(content_dir.rglob("*")):
        if not first or path.suffix not in (".yaml", ".md") or not path.is_file():
            continue
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        for number, line in enumerate(lines, 1):
            if first in line:
                return Location(str(path), number, line.index(first) + 1)
    return Location(str(content_dir))


def render_story(
    story: Story, templates: Templates, base_url: str | None, memo: Memo
) -> tuple[dict[str, bytes], BuildReport]:
    """Render every file of a validated story's site in memory: path -> bytes.

    The pages' own links are checked here, for the build and `check` alike: a
    `[text](#anchor)` in the content that no element of its page has, or a template
    linking to a page it does not make, passed the build and failed the check."""
    story = with_base_url(story, base_url)
    clashes = template_id_clashes(story, templates)
    if clashes:
        raise ContentErrors(clashes)
    with stage("render"):
        files, pages = render_site(story, templates, memo)
    with stage("check links"):
        broken = check_site(files)
    if broken:
        raise ContentErrors(broken)
    report = BuildReport(
        pages=pages,
        sources=len(story.sources),
        events=len(story.events),
        actors=len(story.actors),
        offers=len(story.offers),
        dimensions=len(story.dimensions),
        quotes=Catalog(story).quote_count(),
        out_dir=Path(),
    )
    return files, report


def with_base_url(story: Story, base_url: str | None) -> Story:
    """The story published at `base_url` (given on the command line), or at its own;
    the address always ends in a slash."""
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
        site = dataclasses.replace(story.site, base_url=Url(story.site.base_url + "/"))
        story = dataclasses.replace(story, site=site)
    return story


def build_site(
    content_dir: Path,
    seeds_dir: Path,
    templates_dir: Path | None,
    out_dir: Path,
    base_url: str | None = None,
    use_cache: bool = True,
    max_file_bytes: int = MAX_FILE_BYTES,
) -> BuildReport:
    """Build the site into out_dir, replacing it only when everything succeeded."""
    reads = {
        "content": content_dir,
        "seeds": seeds_dir,
        "templates": find_templates(content_dir, templates_dir),
        "cache": cache_root(content_dir),
    }
    target = output_folder(out_dir, reads.items())  # refused before any work is done
    memo = Memo(MemoStore(cache_root(content_dir)) if use_cache else None)
    files, report = render_project(
        content_dir, seeds_dir, templates_dir, base_url, memo, max_file_bytes
    )
    with stage("write"):
        publish(target, files, shown=out_dir)
    with stage("save cache"):
        memo.save()
    return dataclasses.replace(report, out_dir=out_dir)
