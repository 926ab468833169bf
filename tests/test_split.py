"""A big story split sensibly (generator/plan/parts.py), and the timeline's overview
drawn to scale (generator/plan/overview.py).

Past SPLIT_THRESHOLD events the timeline, actors and sources pages become indexes
with parts beneath them; every link into an item goes to the part that holds it.
The story built here is the smallest synthetic one past the threshold.
"""

from __future__ import annotations

import datetime
import json
import re
import sys
from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest

from generator.build import build_site
from generator.plan.parts import OFFER_EVENTS_SHOWN, PART_SIZES, SPLIT_THRESHOLD, Placement
from generator.render.page_links import check_site
from tests.conftest import REPO, Project, Run

sys.path.insert(0, str(REPO / "bench"))

import synth  # noqa: E402

SCALE = SPLIT_THRESHOLD // 10 + 1  # synth.py: 10 events per unit of scale
# The largest page the split may make of this story: the unsplit timeline of it is
# about 600 KB; a part holds at most PART_SIZES entries of about 2 KB.
BUDGET = 150_000
BASE_URL = "https://example.org/big/"


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Every file of the smallest synthetic story past the threshold, built once."""
    root = tmp_path_factory.mktemp("big")
    counts = synth.write_story(SCALE, root)
    assert counts["events"] > SPLIT_THRESHOLD
    build_site(root / "content", root / "seeds", None, root / "site", BASE_URL, use_cache=False)
    site = root / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def text(files: dict[str, bytes], name: str) -> str:
    return files[name].decode("utf-8")


def ids_of(html: str) -> set[str]:
    return set(re.findall(r' id="([^"]*)"', html))


def json_ld_of(html: str) -> dict[str, object]:
    found = re.search(r'<script type="application/ld\+json">\n(.*?)\n</script>', html, re.S)
    assert found
    data: dict[str, object] = json.loads(found.group(1))
    return data


def test_a_story_past_the_threshold_has_an_index_and_parts(big_site: dict[str, bytes]) -> None:
    events = re.findall(r"^- id: (\S+)\n  date: \"?(\d{4})", text_of_events(), re.M)
    years = sorted({year for _id, year in events})
    for year in years:
        assert f"timeline/{year}/index.html" in big_site
    assert any(name.startswith("actors/person/") for name in big_site)
    assert "sources/harbour-gazette/index.html" in big_site
    index = text(big_site, "timeline/index.html")
    assert 'class="event ' not in index  # the index lists years, not events
    for year in years:
        assert f'href="../timeline/{year}/#year-{year}"' in index
    # Every event is on exactly one page: the part of its year.
    pages_with = {name: ids_of(text(big_site, name)) for name in big_site if name.endswith(".html")}
    for event_id, year in events:
        holders = [name for name, ids in pages_with.items() if event_id in ids]
        assert holders == [f"timeline/{year}/index.html"], event_id


def text_of_events() -> str:
    """The events of the synthetic story, as written."""
    return synth.Story(SCALE).files()["content/events.yaml"]


def test_every_link_of_the_split_story_resolves_and_no_page_is_over_budget(
    big_site: dict[str, bytes],
) -> None:
    assert check_site(big_site) == []
    pages = {name: len(data) for name, data in big_site.items() if name.endswith(".html")}
    assert max(pages.values()) <= BUDGET, max(pages.items(), key=lambda item: item[1])
    # The links into items leave the index pages for the parts.
    explainer = text(big_site, "index.html")
    assert "timeline/#event-" not in explainer and "actors/#" not in explainer
    part = text(big_site, "sources/harbour-gazette/index.html")
    assert len(re.findall(r'<li id="harbour-gazette-q\d+"', part)) <= PART_SIZES["sources"]


def test_an_offer_card_of_the_split_story_lists_its_first_and_latest_events(
    big_site: dict[str, bytes],
) -> None:
    written = re.findall(
        r'^- id: \S+\n  date: "?(\d{4})(?:(?!^- id:).)*?^  offers: \[([^\]]*)\]',
        text_of_events(),
        re.M | re.S,
    )
    years_of: dict[str, list[str]] = {}
    for year, offers in written:
        for offer in offers.split(", "):
            years_of.setdefault(offer, []).append(year)
    html = text(big_site, "offers/index.html")
    cards = re.findall(r'<li id="([^"]+)" class="offer-card">(.*?)</ul>', html, re.S)
    assert sorted(offer for offer, _card in cards) == sorted(years_of)
    for offer, card in cards:
        shown = re.findall(
            r'<li>(?:<span class="approx">[^<]*</span> )?<time datetime="(\d{4})[^"]*">.*?'
            r'href="\.\./timeline/\d{4}/#event-',
            card,
        )
        assert len(shown) == 2 * OFFER_EVENTS_SHOWN, offer
        years = sorted(years_of[offer])
        assert (shown[0], shown[-1]) == (years[0], years[-1])  # the first and the latest
        between = re.search(
            r'<li class="offer-events-between"><a href="\.\./timeline/#year-overview">'
            r"… (\d+) more events of this offer in between, year by year on the timeline</a>",
            card,
        )
        assert between, offer
        assert len(shown) + int(between.group(1)) == len(years), offer
    assert "year-overview" in ids_of(text(big_site, "timeline/index.html"))
    # The page stays small however many events an offer has: its cards name 10 each.
    assert len(big_site["offers/index.html"]) < 60_000


@pytest.mark.parametrize(
    ("events", "split", "shown"),
    [
        (50, False, 50),
        (2 * OFFER_EVENTS_SHOWN + 1, True, 2 * OFFER_EVENTS_SHOWN + 1),
        (40, True, 10),
    ],
)
def test_an_offer_card_leaves_events_out_only_when_the_story_is_split(
    events: int, split: bool, shown: int
) -> None:
    story = SimpleNamespace(events=range(SPLIT_THRESHOLD + 1 if split else SPLIT_THRESHOLD))
    placement = Placement(cast(Any, story), cast(Any, None))
    first, between, latest = placement.offer_events(list(range(events)))
    assert len(first) + len(latest) == shown and len(first) + between + len(latest) == events
    assert list(first) + list(latest) == sorted(list(first) + list(latest))
    if between:
        assert list(latest) == list(range(events))[-OFFER_EVENTS_SHOWN:]


def test_the_structured_data_of_split_pages_links_its_items(big_site: dict[str, bytes]) -> None:
    index = json_ld_of(text(big_site, "timeline/index.html"))
    listed = index["mainEntity"]["itemListElement"]  # type: ignore[index]
    urls = [entry["item"]["url"] for entry in listed]
    assert urls and all(url.startswith(BASE_URL + "timeline/") for url in urls)
    year_page = next(name for name in sorted(big_site) if re.match(r"timeline/\d{4}/index", name))
    items = json_ld_of(text(big_site, year_page))["mainEntity"]["itemListElement"]  # type: ignore[index]
    for entry in items:
        thing = entry["item"]
        assert set(thing) == {"@type", "name", "url"}  # named and linked, not embedded
        address, _, anchor = thing["url"].removeprefix(BASE_URL).partition("#")
        assert anchor in ids_of(text(big_site, address + "index.html"))
    sitemap = text(big_site, "sitemap.xml")
    assert f"<loc>{BASE_URL}{year_page.removesuffix('index.html')}</loc>" in sitemap


def test_a_warm_build_of_the_split_story_equals_a_cold_one_after_an_event_moves(
    tmp_path: Path,
) -> None:
    synth.write_story(SCALE, tmp_path)
    content, seeds = tmp_path / "content", tmp_path / "seeds"
    build_site(content, seeds, None, tmp_path / "warm")
    events = content / "events.yaml"
    written = events.read_text(encoding="utf-8")
    # An event another event's summary links to: that summary's entry, whose own
    # view is unchanged, must link to the event's new page.
    linked = re.search(r"\(event:([a-z0-9-]+)\)", written)
    assert linked
    moved = re.sub(rf'(- id: {linked.group(1)}\n  date: ")\d{{4}}', r"\g<1>2099", written, count=1)
    assert moved != written
    events.write_text(moved, encoding="utf-8")
    build_site(content, seeds, None, tmp_path / "warm")
    build_site(content, seeds, None, tmp_path / "cold", use_cache=False)
    warm = sorted((tmp_path / "warm").rglob("*"))
    cold = sorted((tmp_path / "cold").rglob("*"))
    assert [p.relative_to(tmp_path / "warm") for p in warm] == [
        p.relative_to(tmp_path / "cold") for p in cold
    ]
    assert "timeline/2099/index.html" in {p.relative_to(tmp_path / "warm").as_posix() for p in warm}
    for one, other in zip(warm, cold, strict=True):
        if one.is_file():
            assert one.read_bytes() == other.read_bytes(), one


def test_a_story_below_the_threshold_keeps_its_five_pages(project: Project, run: Run) -> None:
    assert run(*project.args("build")).code == 0
    pages = sorted(p.relative_to(project.site).as_posix() for p in project.site.rglob("*.html"))
    assert pages == [
        "404.html",
        "actors/index.html",
        "index.html",
        "offers/index.html",
        "sources/index.html",
        "timeline/index.html",
    ]


def test_the_overview_is_drawn_to_scale_and_links_each_year(project: Project, run: Run) -> None:
    # Two events in March 2024, one of them the offer's.
    project.edit("events.yaml", 'date: "2024-05"', 'date: "2024-03"')
    assert run(*project.args("build")).code == 0
    html = (project.site / "timeline/index.html").read_text(encoding="utf-8")
    drawing = re.search(r'<svg class="overview-drawing".*?</svg>', html, re.S)
    assert drawing and 'role="img" aria-label="The events over time' in drawing.group(0)
    dates = re.findall(
        r'^  date: "?(\d{4})(?:-(\d\d))?', read(project.content / "events.yaml"), re.M
    )
    years = sorted({int(year) for year, _month in dates})
    start = datetime.date(years[0], 1, 1).toordinal()
    span = datetime.date(years[-1] + 1, 1, 1).toordinal() - start
    expected = {
        f"{(datetime.date(int(y), int(m or 1), 1).toordinal() - start) * 100 / span:.2f}%"
        for y, m in dates
    }
    # The first row, all events: a bar where each month with events starts.
    rows = drawing.group(0).split("<use ")[1:]
    drawn = set(re.findall(r'<rect(?: class="[^"]*")? x="([^"]+)"', rows[0]))
    assert drawn == expected
    # A row for each offer events concern, labelled as the offer: its thread.
    labels = [re.search(r'<text x="0" y="\d+">([^<]*)<', row).group(1) for row in rows]  # type: ignore[union-attr]
    assert labels == ["All events", "Nordbahn: Tram line"]
    assert len(re.findall(r"<rect ", rows[1])) == 1  # the one event that concerns it
    # One scale for every row: the offer's one event is half as tall as the two of
    # March 2024 in the row of all events (18 px, the tallest bar).
    assert max(Counter(dates).values()) == 2
    (height,) = re.findall(r'<rect[^>]* height="(\d+)"', rows[1])
    assert height == "9"
    ids = ids_of(html)
    for year in years:
        assert f'<a href="#year-{year}">' in html and f"year-{year}" in ids


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")
