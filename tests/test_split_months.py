"""A dense year of a big story, cut at month boundaries (generator/plan/parts.py
cut_by_months): each page of the year holds whole months, at most PART_SIZES events
unless one month alone has more, and is named by its months, so that a reader knows
which page holds a date."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from generator.build import build_site
from generator.plan.parts import PART_SIZES, SPLIT_THRESHOLD
from generator.render.page_links import check_site
from tests.conftest import REPO

sys.path.insert(0, str(REPO / "bench"))

import synth  # noqa: E402

SCALE = SPLIT_THRESHOLD // 10 + 1  # synth.py: 10 events per unit of scale
MONTHS = "January February March April May June July August September October November December"


@pytest.fixture(scope="module")
def dense_year(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The smallest synthetic story past the threshold, every event moved to 2019:
    one year of more than PART_SIZES events. Its site, and its events as written."""
    root = tmp_path_factory.mktemp("dense")
    synth.write_story(SCALE, root)
    events = root / "content/events.yaml"
    written = re.sub(r'^(  date: "?)\d{4}', r"\g<1>2019", events.read_text("utf-8"), flags=re.M)
    events.write_text(written, "utf-8")
    build_site(root / "content", root / "seeds", None, root / "site", None, use_cache=False)
    return root / "site", written


def test_a_dense_year_is_cut_at_month_boundaries_and_named_by_its_months(
    dense_year: tuple[Path, str],
) -> None:
    site, written = dense_year
    dates = dict(re.findall(r'^- id: (\S+)\n  date: "?(\d{4}(?:-\d\d)?)', written, re.M))
    assert len(dates) > PART_SIZES["timeline"]
    parts = sorted(
        site.glob("timeline/2019/**/index.html"),
        key=lambda path: (
            int(path.parent.name)
            if path.parent.name.isdigit() and path.parent.name != "2019"
            else 1
        ),
    )
    assert len(parts) > 1
    months_seen: list[set[int]] = []
    for part in parts:
        html = part.read_text("utf-8")
        held = re.findall(r'<li id="([^"]+)" class="event ', html)
        assert 0 < len(held) <= PART_SIZES["timeline"], part
        months = {int(dates[event][5:7]) for event in held if len(dates[event]) > 4}
        months_seen.append(months)
        # Its heading names its first and last month.
        heading = re.search(r"<h2[^>]*>([^<(]+)", html)
        assert heading is not None
        names = MONTHS.split()
        first, last = names[min(months) - 1], names[max(months) - 1]
        expected = f"{first} 2019" if first == last else f"{first}–{last} 2019"
        assert heading.group(1).strip() == expected, part
    # Whole months: no month is on two pages (unless it alone fills more than one).
    for before, after in zip(months_seen, months_seen[1:], strict=False):
        assert max(before) <= min(after)
        if max(before) == min(after):
            assert len(before) == 1 or len(after) == 1
    # The timeline's overview links each of the year's parts by its months.
    index = (site / "timeline/index.html").read_text("utf-8")
    linked = re.findall(r'<li><a href="\.\./timeline/2019/(?:(\d+)/)?">([^<]+)</a></li>', index)
    assert [label for _number, label in linked] == [
        re.search(r"<h2[^>]*>([^<(]+)", part.read_text("utf-8")).group(1).strip()  # type: ignore[union-attr]
        for part in parts
    ]
    # Every event on exactly one page, and every link resolves.
    held_all = [
        event
        for part in parts
        for event in re.findall(r'<li id="([^"]+)" class="event ', part.read_text("utf-8"))
    ]
    assert sorted(held_all) == sorted(dates)
    files = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert check_site(files) == []
