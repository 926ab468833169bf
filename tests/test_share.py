"""Share images (og:image) and the head's Content-Security-Policy: each page's picture
drawn at build from its title and the story's name, the same bytes every time, and a
policy that lets crawlers read robots.txt while still forbidding every script."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.load.font_characters import font_characters
from generator.load.image_size import png_size
from generator.load.templates import BUNDLED_TEMPLATES, SHARE_FONT
from generator.memo import parallel
from generator.render import share_image, shares
from generator.render.share_image import ShareText, fit, shown_texts, title_lines
from tests.conftest import Project, Run
from tests.htmlscan import html_pages, scan

FONT = (BUNDLED_TEMPLATES / SHARE_FONT).read_bytes()


def meta(page: Path, key: str, value: str) -> str | None:
    """The content of a page's <meta key="value">, or None."""
    found = scan(page).find("meta", **{key: value})
    assert len(found) <= 1
    return found[0].attrs["content"] if found else None


def test_each_page_but_the_404_has_a_share_image_of_its_title(project: Project, run: Run) -> None:
    assert run(*project.args("build")).code == 0
    site = project.site
    shared = [page for page in html_pages(site) if page.name != "404.html"]
    assert len(shared) == 5
    names = set()
    for page in shared:
        address = meta(page, "property", "og:image")
        assert address is not None and address.endswith(".png"), page
        image = (page.parent / address).resolve()  # no base URL: relative to the page
        assert png_size(image.read_bytes()) == (1200, 630)
        assert meta(page, "property", "og:image:width") == "1200"
        assert meta(page, "property", "og:image:height") == "630"
        title = meta(page, "property", "og:title")
        assert meta(page, "property", "og:image:alt") == f"{title} · Lakeside’s tram decision"
        assert meta(page, "name", "twitter:card") == "summary_large_image"
        names.add(image.name)
    assert len(names) == 5  # a picture per page
    assert {path.name for path in (site / shares.SHARE_FOLDER).iterdir()} == names
    not_found = site / "404.html"
    assert meta(not_found, "property", "og:image") is None
    assert meta(not_found, "name", "twitter:card") == "summary"


def test_share_images_are_absolute_with_a_base_url(project: Project, run: Run) -> None:
    assert run(*project.args("build", "--base-url", "https://example.org/tram")).code == 0
    address = meta(project.site / "timeline/index.html", "property", "og:image")
    assert address is not None
    assert address.startswith("https://example.org/tram/assets/share/timeline.")
    assert (project.site / address.removeprefix("https://example.org/tram/")).is_file()


def test_share_images_are_the_same_bytes_at_each_build(project: Project, run: Run) -> None:
    first, second = project.root / "first", project.root / "second"
    assert run(*project.args("build", "--no-cache", "--out", str(first))).code == 0
    assert run(*project.args("build", "--no-cache", "--out", str(second))).code == 0
    images = sorted((first / shares.SHARE_FOLDER).iterdir())
    assert len(images) == 5
    for image in images:
        assert image.read_bytes() == (second / shares.SHARE_FOLDER / image.name).read_bytes()


def test_a_warm_build_draws_no_image_again(
    project: Project, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(*project.args("build")).code == 0
    cold = {p.name: p.read_bytes() for p in (project.site / shares.SHARE_FOLDER).iterdir()}
    drawn: list[str] = []

    def draw(text: ShareText, font: bytes) -> bytes:
        drawn.append(text.title)
        return share_image.share_png(text, font)

    monkeypatch.setattr(shares, "share_png", draw)
    assert run(*project.args("build")).code == 0
    warm = {p.name: p.read_bytes() for p in (project.site / shares.SHARE_FOLDER).iterdir()}
    assert drawn == [] and warm == cold
    # Kept under a digest of what is drawn: a changed title is drawn again, alone.
    project.edit("site.yaml", "title: Timeline", "title: The timeline")
    assert run(*project.args("build")).code == 0
    assert drawn == ["The timeline"]


def test_images_drawn_by_worker_processes_are_the_same(
    project: Project, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(*project.args("build", "--no-cache")).code == 0
    alone = {p.name: p.read_bytes() for p in (project.site / shares.SHARE_FOLDER).iterdir()}
    if parallel.worker_count() < 2:
        pytest.skip("one core: no worker process to compare with")
    monkeypatch.setitem(parallel.MINIMUM, parallel.Work.IMAGES, 1)
    assert run(*project.args("build", "--no-cache")).code == 0
    shared = {p.name: p.read_bytes() for p in (project.site / shares.SHARE_FOLDER).iterdir()}
    assert shared == alone


@pytest.mark.parametrize(
    "title",
    ["تركيا تختار مورد الترام", "湖畔市的有轨电车决定", "Tram \u202eline\u202c", "Tram 🚋 line"],
)
def test_a_title_the_font_cannot_draw_builds_without_it(
    project: Project, run: Run, title: str
) -> None:
    project.edit("site.yaml", "title: Timeline", f"title: {title}")
    assert run(*project.args("build")).code == 0
    page = project.site / "timeline/index.html"
    assert meta(page, "property", "og:image:alt") == "Lakeside’s tram decision"  # the name alone
    address = meta(page, "property", "og:image")
    assert address is not None
    assert png_size((page.parent / address).read_bytes()) == (1200, 630)


def test_a_page_with_nothing_drawable_has_no_share_image(project: Project, run: Run) -> None:
    project.edit("site.yaml", "title: Lakeside's tram decision", "title: 湖畔市")
    project.edit("site.yaml", "title: Timeline", "title: 时间线")
    assert run(*project.args("build")).code == 0
    page = project.site / "timeline/index.html"
    assert meta(page, "property", "og:image") is None
    assert meta(page, "name", "twitter:card") == "summary"
    assert meta(project.site / "actors/index.html", "property", "og:image:alt") == (
        "Who’s who"  # the page's own title, typeset, drawn alone
    )


def test_a_story_font_that_is_no_font_is_an_error_naming_it(project: Project, run: Run) -> None:
    font = project.root / "templates" / SHARE_FONT
    font.parent.mkdir(parents=True)
    font.write_bytes(b"not a font")
    result = run(*project.args("build"))
    assert result.code == 1
    assert result.err.startswith(f"{font}:")
    assert "not a TrueType or OpenType font" in result.err


def test_the_font_draws_turkish_and_reads_as_a_font() -> None:
    characters = font_characters(FONT)
    assert characters is not None
    assert all(ord(c) in characters for c in "ıİşŞğĞçÇöÖüÜ…–—‘’“”")
    assert font_characters(b"") is None
    assert font_characters(FONT[:200]) is None
    shown = shown_texts(ShareText("Fikri Işık ve İsmet Yılmaz", "Türkiye"), FONT)
    assert shown == ShareText("Fikri Işık ve İsmet Yılmaz", "Türkiye")


def test_a_long_title_shrinks_then_ends_in_an_ellipsis() -> None:
    width = share_image.WIDTH - 2 * share_image.MARGIN
    sizes = share_image.TITLE_SIZES
    font, lines = fit("A short title", FONT, sizes, width, title_lines)
    assert font.size == sizes[0] and lines == ["A short title"]
    font, lines = fit("A longer title " * 10, FONT, sizes, width, title_lines)
    assert sizes[-1] < font.size < sizes[0]
    assert not any(line.endswith(share_image.ELLIPSIS) for line in lines)
    font, lines = fit("An endless title " * 40 + "x" * 300, FONT, sizes, width, title_lines)
    assert font.size == sizes[-1] and len(lines) == title_lines(sizes[-1])
    assert lines[-1].endswith(share_image.ELLIPSIS)
    assert all(font.getlength(line) <= width for line in lines)
    font, lines = fit("W" * 200, FONT, sizes, width, title_lines)  # one word, broken
    assert all(font.getlength(line) <= width for line in lines)
    # A title of any length: only its start is drawn (and measured).
    huge = shown_texts(ShareText("x" * 200_000, "y " * 100_000), FONT)
    assert huge is not None and len(huge.title) == share_image.MOST_CHARACTERS
    font, lines = fit(huge.title, FONT, sizes, width, title_lines)
    assert len(lines) == title_lines(sizes[-1]) and lines[-1].endswith(share_image.ELLIPSIS)
    assert png_size(share_image.share_png(huge, FONT)) == (1200, 630)


def test_the_policy_forbids_scripts_and_lets_the_page_fetch_its_own_files(
    project: Project, run: Run
) -> None:
    assert run(*project.args("build")).code == 0
    for page in html_pages(project.site):
        policy = meta(page, "http-equiv", "Content-Security-Policy")
        assert policy is not None
        directives = {
            name: sources
            for name, *sources in (part.split() for part in policy.split(";") if part.strip())
        }
        # No script-src: scripts fall back to default-src, which allows none.
        assert directives["default-src"] == ["'none'"]
        assert "script-src" not in directives and "script-src-elem" not in directives
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        # What the pages use: their stylesheet and pictures, and (for crawlers such as
        # Lighthouse, which read robots.txt from within the page) fetches of the site.
        assert directives["style-src"] == ["'self'"]
        assert directives["img-src"] == ["'self'"]
        assert directives["connect-src"] == ["'self'"]
        assert directives["base-uri"] == directives["form-action"] == ["'none'"]
    robots = (project.site / "robots.txt").read_text(encoding="utf-8")
    assert robots.splitlines()[0] == "User-agent: *"
