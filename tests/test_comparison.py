"""The comparison page as built: a scorecard before the table, one line per offer
with its status as of its latest source and a few words per question; and the
comparison as a CSV file that Excel opens as UTF-8."""

from __future__ import annotations

import codecs
import csv
import io
import re
import shutil
from pathlib import Path

from tests.conftest import FIXTURES, Project, Run
from tests.htmlscan import Element, PageScan, scan

NORDBAHN = "The contract was awarded; our reading."  # the statuses' basis (offers.yaml)
SUR = "The council chose the other bid; our reading."


def built(project: Project, run: Run) -> Path:
    result = run(*project.args("build"))
    assert result.code == 0, result.err
    return project.site


def scorecard(site: Path) -> str:
    """The scorecard table's HTML on the offers page."""
    html = (site / "offers/index.html").read_text(encoding="utf-8")
    start = html.index('<table class="scorecard">')
    return html[start : html.index("</table>", start)]


def cells(html: str) -> list[Element]:
    """The header and data cells in a piece of HTML (cells do not nest)."""
    parser = PageScan()
    parser.feed(html)
    parser.close()
    return [e for e in parser.elements if e.tag in ("th", "td")]


def scorecard_rows(site: Path) -> list[list[str]]:
    """The scorecard's body rows, each as the texts of its cells, white space folded."""
    body = scorecard(site).split("<tbody>")[1]
    return [[" ".join(c.text.split()) for c in cells(row)] for row in body.split("<tr>")[1:]]


def test_the_scorecard_gives_each_offer_its_status_as_of_and_an_answer_per_question(
    project: Project, run: Run
) -> None:
    project.edit(
        "offers.yaml", "price:\n        claims:", "price:\n        answer: €210m\n        claims:"
    )
    site = built(project, run)
    rows = scorecard_rows(site)
    # One line per offer: its label, its status as of its latest source, then one
    # cell per question: the cell's answer, "See below" (to the claims) without one,
    # or "Not reported".
    assert [row[:2] for row in rows] == [
        ["Nordbahn: Tram line", "Contracted as of 12 March 2024 Our reading: " + NORDBAHN],
        ["Ferrocarril Sur: Tram line", "Rejected as of 12 March 2024 Our reading: " + SUR],
    ]
    assert [row[2:] for row in rows] == [
        ["€210m", "Not reported", "Not reported: Delivery"],  # the last for a phone
        ["Not reported", "See below", "Not reported: Price"],
    ]
    page = scan(site / "offers/index.html")
    links = re.findall(r'<td data-question="[^"]*"><a href="#([^"]+)"', scorecard(site))
    assert links == ["nordbahn-bid--price", "sur-bid--delivery"]
    assert set(links) <= {td.attrs.get("id") for td in page.find("td")}  # each to its cell
    # The scorecard comes first, and the status is no longer repeated on the cards.
    html = (site / "offers/index.html").read_text(encoding="utf-8")
    assert html.index('class="scorecard"') < html.index('class="comparison"')
    assert len(page.find("p", class_="offer-status")) == len(rows)


def test_another_story_has_a_scorecard_in_its_own_words(tmp_path: Path, run: Run) -> None:
    shutil.copytree(FIXTURES / "transfer", tmp_path / "transfer")
    project = Project(tmp_path / "transfer")
    site = built(project, run)
    rows = scorecard_rows(site)
    assert len(rows) == 3
    head = scorecard(site).split("<tbody>")[0]
    assert [c.text for c in cells(head)][:2] == [
        "Bid",
        "Status",
    ]  # the story's own noun for a column


def test_the_csv_starts_with_a_byte_order_mark_and_reads_back_whole(
    project: Project, run: Run
) -> None:
    site = built(project, run)
    data = (site / "data/offers.csv").read_bytes()
    assert data.startswith(codecs.BOM_UTF8)  # Excel then reads it as UTF-8
    assert data.count(codecs.BOM_UTF8) == 1
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert list(rows[0])[0] == "dimension_id"  # the mark is not part of the first name
    prices = [r for r in rows if r["dimension_id"] == "price" and r["reported"] == "yes"]
    assert [(r["offer_id"], r["claim"]) for r in prices] == [("nordbahn-bid", "€210m.")]
