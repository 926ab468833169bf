"""A full build of the small tram story, read back page by page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO, Project, Run
from tests.htmlscan import html_pages, internal_targets, scan

THEME_STYLESHEET = REPO / "templates/assets/style.css"
PAGES = [
    "index.html",
    "timeline/index.html",
    "actors/index.html",
    "offers/index.html",
    "sources/index.html",
    "404.html",
]


@pytest.fixture
def site(project: Project, run: Run) -> Path:
    result = run(*project.args("build"))
    assert result.code == 0, result.err
    return project.site


def test_build_prints_a_summary(project: Project, run: Run) -> None:
    result = run(*project.args("build"))
    assert result.code == 0
    assert re.match(
        r"built 6 pages from 2 sources: 3 events, 4 actors, 2 offers, 2 dimensions, "
        r"\d+ quotes verified in \d+\.\d\d s",
        result.out,
    )
    assert run(*project.args("build", "-q")).out == ""


def test_every_page_is_written(site: Path) -> None:
    for page in PAGES:
        assert (site / page).is_file(), page
    stylesheets = list((site / "assets").glob("style.*.css"))
    assert len(stylesheets) == 1
    assert re.fullmatch(r"style\.[0-9a-f]{10}\.css", stylesheets[0].name)
    # Served without the theme's comments: the rules alone, every one of them.
    served = stylesheets[0].read_text(encoding="utf-8")
    assert "/*" not in served and len(served) < 0.9 * len(THEME_STYLESHEET.read_text("utf-8"))
    assert served.count("{") == THEME_STYLESHEET.read_text("utf-8").count("{")


def test_events_appear_once_in_date_order(site: Path, project: Project) -> None:
    timeline = scan(site / "timeline/index.html")
    events = [e for e in timeline.elements if e.tag == "li" and "event" in e.attrs.get("class", "")]
    ids = [e.attrs["id"] for e in events]
    assert ids == ["nordbahn-chosen", "council-vote", "first-trams"]
    html = (site / "timeline/index.html").read_text()
    times = re.findall(r'<p class="event-when"><time datetime="([^"]+)">([^<]+)</time>', html)
    assert times == [
        ("2024-03-12", "12 March 2024"),
        ("2024-05", "May 2024"),
        ("2026-06", "June 2026"),
    ]
    years = [h.text for h in timeline.find("h2") if h.attrs.get("id", "") != "year-overview"]
    assert years == ["2024", "2026"]


def test_expected_events_are_marked(site: Path) -> None:
    timeline = scan(site / "timeline/index.html")
    expected = [
        e.attrs["id"] for e in timeline.find("li") if "status-pending" in e.attrs.get("class", "")
    ]
    assert expected == ["council-vote", "first-trams"]
    badges = [s.text for s in timeline.find("span") if "status" in s.attrs.get("class", "")]
    assert badges == ["Expected", "Expected"]


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    checked = 0
    for page in html_pages(site):
        if page.name == "404.html":
            continue  # links from the root; checked in test_the_404_page_links_from_the_root
        for written, target, fragment in internal_targets(site, page):
            assert target.is_file(), f"{page}: {written} -> missing {target}"
            if fragment:
                assert fragment in scan(target).ids(), f"{page}: {written} -> no #{fragment}"
            checked += 1
    assert checked > 50


def test_links_are_relative(site: Path) -> None:
    for page in html_pages(site):
        if page.name == "404.html":
            continue  # served at any depth: its links start from the root (below)
        for element in scan(page).elements:
            for attribute in ("href", "src"):
                value = element.attrs.get(attribute, "")
                assert not value.startswith("/"), f"{page}: absolute link {value}"


def test_every_actor_has_an_anchor_and_kind_group(site: Path) -> None:
    actors = scan(site / "actors/index.html")
    assert {"lakeside", "nordbahn", "ferrocarril-sur", "ana-ruiz"} <= actors.ids()
    # The headings and their order are the story's own (vocabulary.yaml).
    assert [h.text for h in actors.find("h2")] == ["Councils", "Bidders", "People"]


def test_every_quote_is_marked_up(site: Path, project: Project) -> None:
    quotes = re.findall(
        r"quote: (.+)",
        "".join(
            (project.content / name).read_text()
            for name in ("events.yaml", "actors.yaml", "offers.yaml")
        ),
    )
    assert len(quotes) == 9
    shown = {
        " ".join(q.text.split())
        for page in html_pages(site)
        for q in scan(page).find("q") + scan(page).find("blockquote")
    }
    for quote in quotes:
        assert any(quote in text for text in shown), quote


def test_citations_link_to_their_source_entry(site: Path) -> None:
    timeline = scan(site / "timeline/index.html")
    sources = scan(site / "sources/index.html")
    links = [a.attrs["href"] for a in timeline.find("a") if "-q" in a.attrs["href"]]
    assert len(links) == 3
    for link in links:
        anchor = link.split("#")[1]
        assert anchor in sources.ids()
        assert re.fullmatch(r"(gazette|courier)-q\d+", anchor)


def test_sources_page_opens_originals_at_the_passage(site: Path) -> None:
    sources = scan(site / "sources/index.html")
    fragments = [a.attrs["href"] for a in sources.find("a") if "#:~:text=" in a.attrs["href"]]
    assert "https://gazette.example/tram#:~:text=Mayor%20Ana%20Ruiz%20said" in fragments
    labels = [dt.text for dt in sources.find("dt")]
    published = sources.find("dd")[labels.index("Published")]
    assert published.text.strip().startswith("12 March 2024")


def test_inferred_dates_are_marked(site: Path) -> None:
    text = (site / "sources/index.html").read_text()
    assert "(not stated in the source: worked out as below)" in text
    assert "answers the Gazette" in text


def test_comparison_table_shows_disputes_and_gaps(site: Path) -> None:
    offers = scan(site / "offers/index.html")
    # The scorecard (a row per offer: its name, status and a cell per question),
    # then the table (a row per question, a column per offer).
    assert [t.attrs["class"] for t in offers.find("table")] == ["scorecard", "comparison"]
    assert len(offers.find("caption")) == 2
    assert len(offers.find("th", scope="col")) == 4 + 3
    rows = [th.text.split()[0] for th in offers.find("th", scope="row")]
    assert rows == ["Nordbahn:", "Ferrocarril", "Price", "Delivery"]
    assert len(offers.find("td", class_="not-reported")) == 2 + 2
    disputed = offers.find("td", class_="disputed")
    assert [td.attrs["id"] for td in disputed] == ["sur-bid--delivery"]
    assert "Ferrocarril Sur" in disputed[0].text and "officials" in disputed[0].text


def test_pages_share_navigation_with_current_page_marked(site: Path) -> None:
    for page in PAGES[:5]:
        nav = scan(site / page)
        current = [a for a in nav.find("a") if a.attrs.get("aria-current") == "page"]
        assert len(current) == 1, page


def test_titles_are_unique(site: Path) -> None:
    titles = [scan(site / page).find("title")[0].text for page in PAGES]
    assert len(set(titles)) == len(titles)


def test_the_404_page_links_from_the_root(site: Path) -> None:
    parsed = scan(site / "404.html")
    assert parsed.find("link", rel="stylesheet")[0].attrs["href"].startswith("/assets/style.")
    assert {a.attrs["href"] for a in parsed.find("a", class_="site-title")} == {"/"}


def test_base_url_makes_canonical_links(project: Project, run: Run) -> None:
    assert run(*project.args("build", "--base-url", "https://example.org/tram")).code == 0
    canonical = scan(project.site / "timeline/index.html").find("link", rel="canonical")
    assert canonical[0].attrs["href"] == "https://example.org/tram/timeline/"
    stylesheet = scan(project.site / "404.html").find("link", rel="stylesheet")[0]
    assert stylesheet.attrs["href"].startswith("https://example.org/tram/assets/style.")


def test_a_note_on_a_source_is_shown_on_it_and_beside_every_quote_of_its_words(
    project: Project, run: Run
) -> None:
    project.edit(
        "sources.yaml",
        "  publisher: Lakeside Gazette\n",
        "  publisher: Lakeside Gazette\n  notes:\n"
        "    - as_written: Mayor Ana Ruiz\n      note: It calls her *mayor*.\n"
        "      evidence: She was [acting mayor](https://example.org/).\n",
    )
    assert run(*project.args("build")).code == 0
    sources = scan(project.site / "sources/index.html")
    (notes,) = sources.find("div", class_="source-notes")
    assert "It writes “Mayor Ana Ruiz”. It calls her mayor. She was acting mayor." in notes.text
    # Beside the one quote that holds the words, and no other.
    actors = scan(project.site / "actors/index.html")
    beside = [li.text for li in actors.find("li") if li.text.startswith("Mayor Ana Ruiz said")]
    assert len(beside) == 1 and "Note on the source: It calls her mayor." in beside[0]
    assert actors.find("span", class_="source-note")[0].text.count("Note on the source") == 1
    # And on the sources page, beside the passage that holds the words, and no other.
    passages = [li for li in sources.find("li", class_="excerpt")]
    noted = [li.text for li in passages if "Note on the source" in li.text]
    assert len(noted) == 1 and "Mayor Ana Ruiz" in noted[0]
    assert "Note on the source: It calls her mayor." in noted[0]
    assert "Correction" not in (project.site / "actors/index.html").read_text()
