"""The comparison page of the real story in a real browser: the table's column
labels stay in view as its rows scroll by, its header is a dark bar in dark mode,
a phone shows nothing twice and folds the claims under their offers, and the page
prints in landscape within a page budget.

Uses the browser, server and contexts of test_browser.py (the same skips apply).
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.test_browser import (  # noqa: F401 (fixtures, found by name)
    Contexts,
    base_url,
    browser,
    contexts,
    open_page,
    site,
)

# The real story's offers page on A4 landscape paper: 8 pages today (10 on A4
# portrait before, 12 on Letter), most of them the table's quotes.
PRINT_PAGE_BUDGET = 8
A4_LANDSCAPE_HEIGHT = 210 / 25.4 * 96  # CSS pixels


def test_column_labels_stay_in_view_while_the_table_scrolls(
    contexts: Contexts,  # noqa: F811
    base_url: str,  # noqa: F811
) -> None:
    page, _, _ = open_page(contexts.get(1280), base_url + "offers/", base_url)
    table = page.locator("table.comparison")
    header = page.locator("table.comparison thead th").first
    box = table.bounding_box()
    assert box is not None and box["height"] > 2000, "the table is too short to test"
    for down in (600, 1500, box["height"] - 400):
        page.evaluate("y => window.scrollTo(0, y)", box["y"] + down)
        label = header.bounding_box()
        assert label is not None
        assert abs(label["y"]) < 1, f"{down} px into the table, the header is at {label['y']}"
    page.evaluate("window.scrollTo(0, 0)")  # above the table, it sits in its place
    label = header.bounding_box()
    assert label is not None and label["y"] > 1000
    page.close()


def luminance(css_colour: str) -> float:
    """The relative luminance of an rgb() colour, 0 (black) to 1 (white)."""
    red, green, blue = (int(n) / 255 for n in re.findall(r"\d+", css_colour)[:3])
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_the_table_header_is_a_dark_bar_in_dark_mode(
    contexts: Contexts,  # noqa: F811
    base_url: str,  # noqa: F811
) -> None:
    page, _, _ = open_page(contexts.get(1280, "dark"), base_url + "offers/", base_url)
    background, text = page.eval_on_selector(
        "table.comparison thead th",
        "th => [getComputedStyle(th).backgroundColor, getComputedStyle(th).color]",
    )
    assert luminance(background) < 0.1, f"a glaring header: {background}"
    assert luminance(text) > 0.6
    page.close()


SHOWN_TWICE = """() => {
  const shown = el => el.checkVisibility() && el.getClientRects().length > 0;
  const text = el => el.innerText.replace(/\\s+/g, " ").trim();
  const page = document.body.innerText.replace(/\\s+/g, " ");
  const count = t => page.split(t).length - 1;
  const blocks = [...document.querySelectorAll(".claim > p, .offer-summary")]
    .filter(shown).map(text);
  const quotes = [...document.querySelectorAll("main q")].filter(shown);
  const inTable = new Set(quotes.filter(q => q.closest("table.comparison")).map(text));
  const outside = quotes.filter(q => !q.closest("table.comparison")).map(text);
  return {
    twice: blocks.filter(t => count(t) !== 1),
    quotes: outside.filter(t => inTable.has(t)),
    tableShown: shown(document.querySelector("table.comparison")),
  };
}"""


def test_a_phone_shows_no_offer_content_twice(
    contexts: Contexts,  # noqa: F811
    base_url: str,  # noqa: F811
) -> None:
    for width in (390, 1280):
        page, _, _ = open_page(contexts.get(width), base_url + "offers/", base_url)
        found = page.evaluate(SHOWN_TWICE)
        assert found["tableShown"]
        assert not found["twice"], f"at {width} px, shown other than once: {found['twice']}"
        assert not found["quotes"], (
            f"at {width} px, quoted again beside the table: {found['quotes']}"
        )
        page.close()


def test_the_offers_page_prints_in_landscape_within_its_page_budget(
    contexts: Contexts,  # noqa: F811
    base_url: str,  # noqa: F811
    site: Path,  # noqa: F811
) -> None:
    page, _, _ = open_page(contexts.get(1280), base_url + "offers/", base_url)
    pdf = page.pdf(prefer_css_page_size=True)
    sizes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert sizes and all(float(w) > float(h) for w, h in sizes), "not landscape"
    assert len(sizes) <= PRINT_PAGE_BUDGET, f"{len(sizes)} pages"
    page.emulate_media(media="print")
    printed = page.evaluate(
        """() => ({
          hidden: [".site-nav", ".skip-link", ".download"].filter(
            s => getComputedStyle(document.querySelector(s)).display !== "none"),
          table: getComputedStyle(document.querySelector("table.comparison")).display,
          scorecard: document.querySelector("table.scorecard").getBoundingClientRect().top,
        })"""
    )
    assert not printed["hidden"], f"printed though of no use on paper: {printed['hidden']}"
    assert printed["table"] == "table"  # a table, not a phone's cards
    assert printed["scorecard"] < A4_LANDSCAPE_HEIGHT  # it starts on the first page
    page.close()


# Whether each claim of the comparison, each offer's events and the status key are
# on screen (checkVisibility: a closed fold's content
# is not), and whether any of their folds' summaries is.
FOLDS_SHOWN = """() => {
  const shown = s => [...document.querySelectorAll(s)].map(e => e.checkVisibility());
  return {
    claims: shown("table.comparison .claim"),
    offerEvents: shown(".offer-events"),
    legend: shown(".legend"),
    summaries: shown(".phone-fold > summary"),
  };
}"""


def test_a_phone_folds_the_claims_under_their_offers_and_a_wide_screen_shows_them(
    contexts: Contexts,  # noqa: F811
    base_url: str,  # noqa: F811
) -> None:
    wide, _, _ = open_page(contexts.get(1280), base_url + "offers/", base_url)
    shown = wide.evaluate(FOLDS_SHOWN)
    assert len(shown["claims"]) > 10 and all(shown["claims"]), "a claim is folded at 1280 px"
    assert all(shown["offerEvents"]) and all(shown["legend"])
    assert not any(shown["summaries"]), "a fold's summary shows at 1280 px"
    wide.close()
    phone, _, _ = open_page(contexts.get(390), base_url + "offers/", base_url)
    shown = phone.evaluate(FOLDS_SHOWN)
    assert not any(shown["claims"]) and not any(shown["offerEvents"])
    assert all(shown["summaries"])
    # A tap on an offer's name in a question's card shows its claims, with no script.
    fold = phone.locator("#us-patriot--price details.cell-fold")
    summary = fold.locator("> summary")
    assert summary.inner_text().startswith("United States: Patriot")
    summary.click()
    assert fold.locator(".claim").first.is_visible()
    # A link to a cell, or to a claim, shows what it links to.
    for target in ("russia-s400--price", "claim-officials-reasons-to-leave"):
        phone.goto(base_url + "timeline/")
        phone.goto(f"{base_url}offers/#{target}")
        shown = phone.evaluate(
            "id => { const e = document.getElementById(id);"
            " return (e.matches('.claim') ? e : e.querySelector('.claim')).checkVisibility(); }",
            target,
        )
        assert shown, f"offers/#{target} lands on a folded claim"
    phone.close()
