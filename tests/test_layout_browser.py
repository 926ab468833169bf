"""The real story's pages drawn as a design editor looks at them: the timeline's dots
on its rail, the key's dashed ring on an expected entry, the footer's colour to the
window's foot on a short page, and pages that print without pages left mostly blank.

Uses the browser, server and contexts of test_browser.py (the same skips apply).
"""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from tests.test_browser import (  # noqa: F401 (fixtures, found by name)
    Contexts,
    base_url,
    browser,
    contexts,
    open_page,
    site,
)

# How far each entry's dot is from the middle of the rail, in px: the rail is the
# list's left border, the dot its entry's ::before (with its margin, for the
# dashed one drawn larger).
DOT_OFFSETS = """() => {
  const list = document.querySelector("ol.timeline");
  const border = parseFloat(getComputedStyle(list).borderLeftWidth);
  const rail = list.getBoundingClientRect().left + border / 2;
  return [...document.querySelectorAll("li.event")].map(entry => {
    const dot = getComputedStyle(entry, "::before");
    const box = entry.getBoundingClientRect();
    const left = box.left + parseFloat(dot.left) + parseFloat(dot.marginLeft);
    return left + parseFloat(dot.width) / 2 - rail;
  });
}"""


# The border of an expected entry's dot, and of the key's mark for it.
DASHES = """() => [".event.status-pending", ".legend-pending dt"].map(s =>
  getComputedStyle(document.querySelector(s), "::before").borderTopStyle)"""


@pytest.mark.parametrize("width", [390, 1280])
def test_each_entrys_dot_sits_on_the_rail_and_an_expected_one_is_dashed(
    contexts: Contexts,  # noqa: F811
    base_url: str,  # noqa: F811
    width: int,
) -> None:
    page, _, _ = open_page(contexts.get(width), base_url + "timeline/", base_url)
    offsets = page.evaluate(DOT_OFFSETS)
    dashes = page.evaluate(DASHES)
    page.close()
    assert len(offsets) > 10
    assert all(abs(offset) < 0.5 for offset in offsets), offsets
    assert dashes == ["dashed", "dashed"], "the expected entry's dot is not the key's"


def test_a_short_page_has_the_footers_colour_to_the_windows_foot(
    contexts: Contexts,  # noqa: F811
    base_url: str,  # noqa: F811
) -> None:
    page, _, _ = open_page(contexts.get(1280), base_url + "404.html", base_url)
    footer = page.evaluate(
        """() => { const f = document.querySelector(".site-footer");
          return [f.getBoundingClientRect().bottom, getComputedStyle(f).backgroundColor]; }"""
    )
    shot = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    page.close()
    bottom, colour = footer
    assert bottom < shot.height - 50, "the page is not shorter than the window"
    expected = tuple(int(n) for n in re.findall(r"\d+", colour)[:3])
    assert shot.getpixel((5, shot.height - 2)) == expected


# Pages on A4 portrait: each was 8 when an entry or an actor was kept whole on a
# page, leaving most of the first page blank below the introduction.
PRINT_PAGE_BUDGETS = {"timeline/": 7, "actors/": 6}


@pytest.mark.parametrize("path", sorted(PRINT_PAGE_BUDGETS))
def test_a_long_page_prints_within_its_page_budget(
    contexts: Contexts,  # noqa: F811
    base_url: str,  # noqa: F811
    path: str,
) -> None:
    page, _, _ = open_page(contexts.get(1280), base_url + path, base_url)
    pdf = page.pdf(prefer_css_page_size=True)
    page.close()
    pages = len(re.findall(rb"/MediaBox", pdf))
    assert 0 < pages <= PRINT_PAGE_BUDGETS[path], f"{path} prints on {pages} pages"
