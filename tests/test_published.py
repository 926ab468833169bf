"""What a published page owes readers, browsers and search engines: size, metadata, data."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from generator.build import build_site
from tests.conftest import REPO, Project, Run
from tests.htmlscan import html_pages, scan

# A page with its stylesheet. The offers page, the largest, was 58 KB; its scorecard
# and each fact's credit line per source with its quotes folded made it about 75 KB
# (uncompressed; about 12 KB as served compressed), which a reader on a slow line
# still has in a second.
BUDGET_BYTES = 80_000


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("real") / "site"
    build_site(REPO / "content", REPO / "seeds", None, out)
    return out


@pytest.fixture(scope="module")
def published_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("published") / "site"
    build_site(REPO / "content", REPO / "seeds", None, out, base_url="https://example.org/turkey")
    return out


def json_ld_of(page: Path) -> dict:  # type: ignore[type-arg]
    html = page.read_text()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1, page
    return json.loads(blocks[0])


def test_every_page_with_its_stylesheet_is_under_budget(real_site: Path) -> None:
    for page in html_pages(real_site):
        stylesheets = [link.attrs["href"] for link in scan(page).find("link", rel="stylesheet")]
        css = sum(
            (real_site / href.lstrip("/") if href.startswith("/") else page.parent / href)
            .stat()
            .st_size
            for href in stylesheets
        )
        total = page.stat().st_size + css
        assert total < BUDGET_BYTES, f"{page.relative_to(real_site)}: {total} bytes"


def test_each_page_has_a_unique_title_and_description(real_site: Path) -> None:
    titles, descriptions = set(), set()
    for page in html_pages(real_site):
        parsed = scan(page)
        assert parsed.find("html")[0].attrs["lang"] == "en"
        titles.add(parsed.find("title")[0].text)
        (meta,) = parsed.find("meta", name="description")
        assert len(meta.attrs["content"]) > 20
        descriptions.add(meta.attrs["content"])
    assert len(titles) == len(descriptions) == 6


def test_pages_forbid_scripts_and_set_a_referrer_policy(real_site: Path) -> None:
    for page in html_pages(real_site):
        parsed = scan(page)
        (policy,) = parsed.find("meta", **{"http-equiv": "Content-Security-Policy"})
        assert "default-src 'none'" in policy.attrs["content"]
        assert "script-src" not in policy.attrs["content"]  # so no script may run
        assert parsed.find("meta", name="referrer")
        scripts = parsed.find("script")
        assert [s.attrs.get("type") for s in scripts] == ["application/ld+json"]


def test_json_ld_matches_the_pages(real_site: Path) -> None:
    article = json_ld_of(real_site / "index.html")
    assert article["@type"] == "NewsArticle"
    assert article["headline"] == scan(real_site / "index.html").find("h1")[0].text
    assert {c["publisher"]["name"] for c in article["citation"]} == {
        "bne IntelliNews",
        "The National",
    }

    timeline = json_ld_of(real_site / "timeline/index.html")
    events = [item["item"] for item in timeline["mainEntity"]["itemListElement"]]
    shown = [h.text for h in scan(real_site / "timeline/index.html").find("h3")]
    assert [e["name"] for e in events] == shown
    # A date known only "by" or "about" a day is not given as a start date, but in words.
    for event in events:
        assert event["@type"] == "Event"
        if "startDate" in event:
            assert re.fullmatch(r"\d{4}(-\d\d){0,2}", event["startDate"])
        else:
            assert re.fullmatch(r"Date: (by|about) .+", event["disambiguatingDescription"])
        assert event["subjectOf"] and all(q["@type"] == "Quotation" for q in event["subjectOf"])

    actors = json_ld_of(real_site / "actors/index.html")
    things = {
        i["item"]["name"]: i["item"]["@type"] for i in actors["mainEntity"]["itemListElement"]
    }
    assert things["Turkey"] == "Country"
    assert things["NATO"] == "Organization"
    assert things["Fikri Işık"] == "Person"
    assert len(things) == len(scan(real_site / "actors/index.html").find("article"))


def test_canonical_and_open_graph_urls_are_absolute_with_a_base_url(published_site: Path) -> None:
    page = scan(published_site / "offers/index.html")
    (canonical,) = page.find("link", rel="canonical")
    assert canonical.attrs["href"] == "https://example.org/turkey/offers/"
    (og_url,) = page.find("meta", property="og:url")
    assert og_url.attrs["content"] == "https://example.org/turkey/offers/"
    assert json_ld_of(published_site / "offers/index.html")["url"] == canonical.attrs["href"]


def test_sitemap_and_robots(published_site: Path, real_site: Path) -> None:
    sitemap = (published_site / "sitemap.xml").read_text()
    locations = re.findall(r"<loc>(.*?)</loc>", sitemap)
    assert locations == [
        "https://example.org/turkey/", "https://example.org/turkey/timeline/",
        "https://example.org/turkey/actors/", "https://example.org/turkey/offers/",
        "https://example.org/turkey/sources/",
    ]  # fmt: skip
    assert (
        "Sitemap: https://example.org/turkey/sitemap.xml"
        in (published_site / "robots.txt").read_text()
    )
    assert not (real_site / "sitemap.xml").exists()  # no absolute addresses to give
    assert (real_site / "robots.txt").read_text().startswith("User-agent: *")


def test_data_json_holds_every_fact_with_citations(real_site: Path) -> None:
    data = json.loads((real_site / "data/explainer.json").read_text())
    assert data["format"] == "explainer-story/3"
    timeline_ids = [li.attrs["id"] for li in scan(real_site / "timeline/index.html").find("li")
                    if "event" in li.attrs.get("class", "").split()]  # fmt: skip
    assert [e["id"] for e in data["events"]] == timeline_ids
    for event in data["events"]:
        assert event["citations"] and all(
            {"source", "quote", "speaker", "speaker_name", "relayed_by"} <= c.keys()
            for c in event["citations"]
        )
        assert event["date_text"].endswith(event["date"][:4])
    assert data["sources"][1]["date_basis"] == "inferred"
    assert '"where":' not in json.dumps(data)  # the model's locations stay inside


def test_offers_csv_is_the_comparison_table(real_site: Path) -> None:
    rows = list(csv.DictReader(io.StringIO((real_site / "data/offers.csv").read_text("utf-8-sig"))))
    data = json.loads((real_site / "data/explainer.json").read_text())
    cells = {(r["dimension_id"], r["offer_id"]) for r in rows}
    assert len(cells) == len(data["dimensions"]) * len(data["offers"])
    not_reported = {(r["dimension_id"], r["offer_id"]) for r in rows if r["reported"] == "no"}
    shown = scan(real_site / "offers/index.html").find("td", class_="not-reported")
    assert len(shown) == 2 * len(not_reported)  # in the scorecard and in the table
    disputed = {r["claim_id"] for r in rows if r["disputes"]}
    assert disputed == {side for d in data["disputes"] for s in d["sides"] for side in s["claims"]}


def test_pages_link_the_data(real_site: Path) -> None:
    hrefs = [a.attrs["href"] for a in scan(real_site / "offers/index.html").find("a")]
    assert "../data/offers.csv" in hrefs and "../data/explainer.json" in hrefs


def test_a_base_url_must_be_an_address(project: Project, run: Run) -> None:
    result = run(*project.args("build", "--base-url", "example.org"))
    assert result.code == 1
    expected = "--base-url:1:1: the base URL 'example.org' is not an absolute http(s) address"
    assert expected in result.err
