"""A second story, unlike Turkey's and the tram's (tests/fixtures/transfer): a club's
transfer saga, told in its own kinds (clubs, players, agents), statuses (bids tabled,
accepted, turned down, withdrawn; events done, rumoured, scheduled), column noun
(bids) and wording, from an article, an interview with no address and the
newsroom's own notes. Built end to end and read back."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import FIXTURES, Run
from tests.htmlscan import scan


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("transfer") / "transfer"
    shutil.copytree(FIXTURES / "transfer", root)
    return root


@pytest.fixture(scope="module")
def site(story: Path) -> Path:
    out = story / "site"
    assert main(["build", "--quiet", "--content", str(story / "content"), "--out", str(out)]) == 0
    return out


def json_ld(page: Path) -> dict[str, object]:
    text = page.read_text(encoding="utf-8")
    opening = '<script type="application/ld+json">'
    start = text.index(opening) + len(opening)
    found: dict[str, object] = json.loads(text[start : text.index("</script>", start)])
    return found


def test_it_passes_the_strictest_check(story: Path, run: Run) -> None:
    result = run("check", "--strict", "--content", str(story / "content"))
    assert result.code == 0 and "0 errors, 0 warnings" in result.out, result.out + result.err


def test_its_kinds_group_the_actors(site: Path) -> None:
    actors = scan(site / "actors/index.html")
    assert [h.text for h in actors.find("h2")] == ["Clubs", "Players", "Agents"]
    types = {
        item["item"]["name"]: item["item"]["@type"]  # type: ignore[index]
        for item in json_ld(site / "actors/index.html")["mainEntity"]["itemListElement"]  # type: ignore[index]
    }
    assert types["Riverside Rovers"] == "SportsTeam" and types["Lena Voss"] == "Person"


def test_its_statuses_mark_the_timeline(site: Path) -> None:
    timeline = scan(site / "timeline/index.html")
    classes = {e.attrs["id"]: e.attrs["class"] for e in timeline.find("li") if "id" in e.attrs}
    assert classes == {
        "rival-bid-withdrawn": "event status-reported",
        "first-bid-rejected": "event status-settled",
        "fee-agreed": "event status-settled",
        "medical": "event status-pending",
    }
    badges = [s.text for s in timeline.find("span") if "status" in s.attrs.get("class", "").split()]
    assert badges == ["Rumoured", "Scheduled"]
    key = [d.text for d in timeline.find("dt")][:3]
    assert key == ["Done", "Rumoured", "Scheduled"]


def test_its_comparison_speaks_of_bids(site: Path) -> None:
    offers = scan(site / "offers/index.html")
    html = (site / "offers/index.html").read_text(encoding="utf-8")
    assert "The bids" in [h.text for h in offers.find("h2")]
    assert "2 questions about 3 bids for Tomás Ferreira" in html
    statuses = [
        s.text for s in offers.find("strong") if "offer-status-" in s.attrs.get("class", "")
    ]
    assert statuses == ["Turned down", "Accepted", "Withdrawn"]
    assert "selling to" in html
    shown = " ".join(body.text for page in site.rglob("*.html") for body in scan(page).find("body"))
    assert "offer" not in shown.lower()  # the column is a bid here, on every page


def test_its_wording_replaces_the_defaults(site: Path) -> None:
    index = scan(site / "index.html")
    assert [p.text for p in index.find("p") if p.attrs.get("class") == "kicker"] == [
        "Transfer explainer"
    ]
    assert "The short version" in [h.text for h in index.find("h2")]
    actors = (site / "actors/index.html").read_text(encoding="utf-8")
    assert '<span class="part">Selling club</span>' in actors


def test_a_source_without_an_address_shows_no_link(site: Path) -> None:
    sources = scan(site / "sources/index.html")
    interview = next(a for a in sources.find("article") if a.attrs.get("id") == "voss-interview")
    html = (site / "sources/index.html").read_text(encoding="utf-8")
    section = html[html.index('id="voss-interview"') : html.index('id="desk-notes"')]
    assert interview and "Find it in the original" not in section and 'href="http' not in section
    assert "<dd>Interview</dd>" in section and "<dd>Jo Okafor</dd>" in section
    works = json_ld(site / "sources/index.html")
    text = json.dumps(works)
    assert "echo.example" in text  # the article keeps its address ...
    cited = {w["headline"]: w for w in works["citation"]}  # type: ignore[index, union-attr]
    assert "url" not in cited["Interview with Lena Voss"]  # ... the interview has none


def test_the_newsrooms_notes_are_credited_to_the_newsroom(site: Path) -> None:
    html = (site / "sources/index.html").read_text(encoding="utf-8")
    section = html[html.index('id="desk-notes"') :]
    assert "<dd>Our notes</dd>" in section and "<dd>Sports Desk</dd>" in section
    timeline = (site / "timeline/index.html").read_text(encoding="utf-8")
    assert "Sports Desk, <time" in timeline or "Sports Desk, 30 January 2025" in timeline


def test_its_picture_is_shown_with_its_description_and_credit(story: Path, site: Path) -> None:
    original = (story / "content/media/porto-azul-colours.png").read_bytes()
    (copied,) = (site / "media").glob("porto-azul-colours.*.png")
    assert copied.read_bytes() == original
    index = scan(site / "index.html")
    (image,) = index.find("img")
    assert image.attrs["src"] == f"media/{copied.name}"
    assert image.attrs["alt"] == "A banner in two bands, blue over white: Porto Azul's colours"
    assert [f.text for f in index.find("figcaption")] == ["Graphic: Sports Desk"]
