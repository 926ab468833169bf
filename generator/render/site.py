"""Render a validated story into every file of the site, in memory: path -> bytes."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, partial
from typing import Any

import jinja2

from generator.load.templates import FAVICON, STYLESHEET, Templates
from generator.memo.digests import ObjectDigests, digest
from generator.memo.memo import MISSING, Memo
from generator.memo.parallel import MINIMUM, Work, run_shares
from generator.model.media import Image
from generator.model.story import Story
from generator.plan.catalog import Catalog
from generator.plan.links import links_from
from generator.plan.overview import overview
from generator.plan.pages import Page, navigation, plan_pages
from generator.plan.parts import Placement
from generator.plan.views import Views
from generator.render.downloads import JSON_TABLE, offers_csv, story_json
from generator.render.entries import entries_function, entries_table
from generator.render.environment import make_environment, render_template
from generator.render.markdown import markdown_html
from generator.render.markdown_links import Figure
from generator.render.shares import Share, share_images
from generator.render.structured_data import json_ld, json_ld_table, robots, sitemap
from generator.render.stylesheet import served_stylesheet
from generator.timings import stage

DATA_JSON = "data/explainer.json"
DATA_CSV = "data/offers.csv"
DOWNLOADS = "downloads"  # among the outputs: every file that is not a page
DOWNLOAD_COST = 37  # microseconds for each event and actor: the JSON download, mostly


def hashed_name(name: str, data: bytes) -> str:
    """`assets/style.css` -> `assets/style.1a2b3c4d5e.css`: safe to cache forever."""
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:10]}{dot}{suffix}"


def render_site(story: Story, templates: Templates, memo: Memo) -> tuple[dict[str, bytes], int]:
    """Every file of the site, and the number of pages."""
    figures = figures_of(story.images)
    with stage("markdown"):
        markdown = render_markdown_texts(sorted(story.markdown_texts), figures, memo)
    catalog = Catalog(story)
    placement = Placement(story, catalog)
    pages = plan_pages(story, placement)
    with stage("share images"):
        shares = share_images(pages, story.site.title, templates.share_font, memo)
    job = SiteJob(story, catalog, templates, markdown, figures, memo, pages, placement, shares)
    # A page's memo tables are kept by the process that renders it: one kept in memory
    # (the preview's) must be this process.
    costs = [0.0 if memo.in_memory else job.cost(output) for output in job.outputs]
    if sum(costs) >= MINIMUM[Work.PAGES]:
        job.compile_templates()  # once, before the workers are forked
    # The pictures' files, as read: never through a worker, which would pickle them.
    files = {figure.name: story.images[path].data for path, figure in figures.items()}
    files.update((share.name, share.png) for share in shares.values())
    numbers = range(len(job.outputs))  # what crosses to a worker: the outputs are forked
    with stage("pages and downloads"):
        for made in run_shares(render_outputs, job, numbers, Work.PAGES, costs):
            files.update(made)
    return files, len(job.pages)


def figures_of(images: dict[str, Image]) -> dict[str, Figure]:
    """Each picture of the article (by its file as written) as the pages show it: its
    file in the site named with a digest of its bytes, and its size."""
    return {
        path: Figure(hashed_name(path, image.data), image.width, image.height)
        for path, image in sorted(images.items())
    }


def render_markdown_texts(
    texts: Sequence[str], figures: dict[str, Figure], memo: Memo
) -> dict[str, str]:
    """The HTML of each Markdown text: kept (memo table `markdown`), or rendered.

    A text's HTML is kept under a digest of the text; one that may show a picture
    (only `![` starts one) under a digest of the pictures' figures as well, whose
    names change with their files' bytes.
    """
    keys = [""] * len(texts)
    if memo.active:
        pictures = memo.key(sorted(figures.items()))
        keys = [digest(pictures, t) if "![" in t else memo.key(t) for t in texts]
    html = [memo.get("markdown", key) for key in keys]
    missing = [index for index, made in enumerate(html) if made is MISSING]
    made_now = run_shares(render_texts, figures, [texts[i] for i in missing], Work.TEXTS)
    for index, made in zip(missing, made_now, strict=True):
        html[index] = made
        memo.put("markdown", keys[index], made)
    return dict(zip(texts, html, strict=True))


def render_texts(figures: dict[str, Figure], texts: Sequence[str]) -> list[str]:
    """The HTML of each text."""
    return [markdown_html(text, figures) for text in texts]


@dataclass
class SiteJob:
    """What rendering the site's files needs, in this process or a worker forked from it."""

    story: Story
    catalog: Catalog
    templates: Templates
    markdown: dict[str, str]
    figures: dict[str, Figure]
    memo: Memo
    pages: list[Page]
    placement: Placement
    shares: dict[str, Share]  # by the page's own name (Page.table): a part has its own

    @cached_property
    def outputs(self) -> list[Page | str]:
        """What is rendered: each page, and the downloads."""
        return [*self.pages, DOWNLOADS]

    @cached_property
    def environment(self) -> jinja2.Environment:
        """The templates' environment, whose entries are kept in the memo."""
        # Entries are kept under a digest of the very sources compiled (every template,
        # since a partial may include or import another), of the story's words, which
        # every template sees, and of the pictures, which the Markdown of an entry's
        # texts could show, and of where a split page's items are, which its links name.
        vocabulary = self.story.vocabulary
        holder = self.placement.holder
        key = ""
        if self.memo.active:
            sources = sorted(self.templates.sources.items())
            words = ObjectDigests().of(vocabulary)
            pictures = self.memo.key(sorted(self.figures.items()))
            placed = self.memo.key(sorted(holder.items()))
            key = digest(*(part for pair in sources for part in pair), words, pictures, placed)
        entries = entries_function(self.memo, key)
        compiled = self.memo.compiled_templates()
        return make_environment(
            self.templates, self.markdown, entries, compiled, vocabulary, holder
        )

    @cached_property
    def views(self) -> Views:
        """What the long lists' entries show, for their partials."""
        return Views(self.catalog)

    @cached_property
    def stylesheet(self) -> bytes:
        """The stylesheet as the site serves it (render/stylesheet.py)."""
        return served_stylesheet(self.templates.stylesheet)

    @cached_property
    def stylesheet_name(self) -> str:
        return hashed_name(STYLESHEET, self.stylesheet)

    @cached_property
    def favicon_name(self) -> str:
        return hashed_name(FAVICON, self.templates.favicon)

    def compile_templates(self) -> None:
        """Compile every template now, rather than in each process that renders."""
        environment = self.environment
        for name in sorted(self.templates.sources):
            try:
                environment.get_template(name)
            except jinja2.TemplateError:
                pass  # reported, at its file and line, where it is rendered

    def cost(self, output: Page | str) -> float:
        """An output's estimated cost (PageKind.cost); a short page, 1."""
        story = self.story
        if output == DOWNLOADS:
            return 1 + (len(story.events) + len(story.actors)) * DOWNLOAD_COST
        assert isinstance(output, Page)
        counted, each = output.kind.cost
        if output.part is not None:  # its entries alone (a passage costs about a quote)
            return 1 + len(output.part.items) * each
        return 1 + (len(getattr(story, counted)) * each if counted else 0)

    def context(self, page: Page) -> dict[str, Any]:
        """What one page's template is rendered with."""
        story = self.story
        root = page_root(page, story.site.base_url)
        base_url = story.site.base_url
        share = self.shares.get(page.table)
        return {
            "page": page,
            "root": root,
            "link": links_from(root, self.placement.holder),
            "site": story.site,
            "story": story,
            "catalog": self.catalog,
            "views": self.views,
            "nav": navigation(story),
            "pages": {page.name: page for page in self.pages if page.part is None},
            "parts": self.placement.parts.get(page.name, []),
            "placement": self.placement,
            "overview": partial(overview, self.catalog),  # the timeline's alone
            "stylesheet": root + self.stylesheet_name,
            "favicon": root + self.favicon_name,
            "json_ld": json_ld(page, story, self.catalog, self.markdown, self.memo, self.placement),
            "data_json": root + DATA_JSON,
            "data_csv": root + DATA_CSV,
            "page_url": base_url + page.folder if base_url else "",
            "share": share,
            # Open Graph asks for an absolute address, which only a base URL gives.
            "share_url": (base_url or root) + share.name if share else "",
        }

    def downloads(self) -> dict[str, bytes]:
        """The files that are not pages."""
        story = self.story
        files = {
            self.stylesheet_name: self.stylesheet,
            self.favicon_name: self.templates.favicon,
            ".nojekyll": b"",  # GitHub Pages: serve the files as they are
            DATA_JSON: story_json(story, self.memo, self.catalog.date_style),
            DATA_CSV: offers_csv(story, self.catalog),
            "robots.txt": robots(story),
        }
        site_map = sitemap(story, self.pages)
        if site_map is not None:
            files["sitemap.xml"] = site_map
        return files


def render_outputs(job: SiteJob, numbers: Sequence[int]) -> list[dict[str, bytes]]:
    """The files of each output (by number): a page's HTML, or the downloads."""
    return [render_output(job, job.outputs[number]) for number in numbers]


def render_output(job: SiteJob, output: Page | str) -> dict[str, bytes]:
    """The files of one output: a page's HTML, or the downloads. What the output kept
    in the memo is saved at once, by the process that rendered it."""
    if isinstance(output, Page):
        html = render_template(job.environment, output.template, job.context(output))
        job.memo.put_away([entries_table(output.table), json_ld_table(output.table)])
        return {output.path: html}
    files = job.downloads()
    job.memo.put_away([JSON_TABLE])
    return files


def page_root(page: Page, base_url: str | None) -> str:
    """The prefix of a page's links to the rest of the site.

    Pages link relatively, so the site works from any folder. A page served at any
    missing address (the 404 page) is the exception: a host serves it at any depth,
    so its links start from the site's address, or from the host's root when the
    address is not configured.
    """
    if page.kind.anywhere:
        return base_url or "/"
    return page.root
