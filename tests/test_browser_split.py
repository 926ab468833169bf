"""A split story's pages in a browser and the HTML checker: the indexes and the parts
of the smallest synthetic story past the threshold (generator/plan/parts.py) load
cleanly, fit a phone, pass axe-core in both colour schemes, and are valid HTML.

Needs what tests/test_browser.py and tests/test_validator.py need; skipped without.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.build import build_site
from generator.plan.parts import SPLIT_THRESHOLD
from tests.browser_support import serve
from tests.conftest import REPO
from tests.test_browser import (  # noqa: F401  (fixtures, used by name)
    OVERFLOW_JS,
    Contexts,
    axe_script,
    axe_violations,
    browser,
    contexts,
    fail,
    open_page,
)
from tests.test_validator import check, vnu  # noqa: F401

sys.path.insert(0, str(REPO / "bench"))

import synth  # noqa: E402

# An index and a part of each split page.
SPLIT_PAGES = [
    "timeline/",
    "timeline/1983/",
    "actors/",
    "actors/person/",
    "sources/",
    "sources/harbour-gazette/",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The smallest synthetic story past the threshold, built."""
    root = tmp_path_factory.mktemp("split")
    synth.write_story(SPLIT_THRESHOLD // 10 + 1, root)
    build_site(root / "content", root / "seeds", None, root / "site", use_cache=False)
    return root / "site"


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.mark.parametrize("address", SPLIT_PAGES)
@pytest.mark.parametrize(("width", "scheme"), [(390, "light"), (1280, "dark")])
def test_a_split_page_loads_cleanly_fits_and_passes_axe(
    contexts: Contexts,  # noqa: F811
    base_url: str,
    axe_script: Path,  # noqa: F811
    address: str,
    width: int,
    scheme: str,
) -> None:
    url = base_url + address
    page, monitor, status = open_page(contexts.get(width, scheme), url, base_url, axe_script)
    try:
        problems = [] if status == 200 else [f"HTTP {status} for the page itself"]
        overflow = page.evaluate(OVERFLOW_JS)
        if overflow["scrollWidth"] > overflow["innerWidth"]:
            problems.append(f"horizontal overflow: {overflow['wide']}")
        problems += axe_violations(page) + monitor.problems()
    finally:
        page.close()
    fail(problems, f"{url} at {width}px, {scheme}:")


def test_every_page_of_the_split_story_is_valid_html(vnu: list[str], site: Path) -> None:  # noqa: F811
    check([*vnu, "--errors-only", "--skip-non-html", str(site)])
