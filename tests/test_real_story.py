"""The real story: it builds, every quote is in its seed, and site/ is up to date."""

from __future__ import annotations

import filecmp
import re
from pathlib import Path

import pytest

from generator.build import build_site, validate_story
from generator.memo.memo import Memo
from generator.model.story import Story
from generator.plan.catalog import Catalog
from generator.validate.quotes import locate
from tests.conftest import REPO

SHARED_SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def story() -> Story:
    return validate_story(REPO / "content", REPO / "seeds", Memo())


def test_real_content_is_valid_and_complete(story: Story) -> None:
    assert len(story.sources) == 2
    assert len(story.events) >= 12
    assert len(story.offers) >= 3
    assert [d.id for d in story.dimensions] == [
        "price",
        "delivery",
        "financing",
        "technology-transfer",
        "co-production",
        "nato-integration",
        "conditions",
        "outcome",
        "consequences",
    ]
    names = {a.name for a in story.actors}
    assert {"Recep Tayyip Erdoğan", "Mevlüt Çavuşoğlu", "Fikri Işık"} <= names


def test_every_quote_is_found_in_its_seed(story: Story) -> None:
    catalog = Catalog(story)
    citations = [citation for citation, _fact in catalog.cited_facts()]
    assert len(citations) > 40
    for citation in citations:
        assert locate(citation.quote, story.source_texts[citation.source]), citation.quote


def test_page_furniture_is_never_quoted(story: Story) -> None:
    furniture = (
        "Related Articles",
        "Turkmenistan",
        "Zuma",
        "Congo",
        "Dismiss",
        "Powered by automated translation",
        "epaselect",
        "Funabashi",
    )
    for citation, _fact in Catalog(story).cited_facts():
        for word in furniture:
            assert word.lower() not in citation.quote.lower(), citation.quote


def test_the_misnamed_minister_is_a_note_on_the_source(story: Story) -> None:
    bne = next(s for s in story.sources if s.publisher == "bne IntelliNews")
    assert [n.as_written for n in bne.notes] == ["Hilmi Isik"]
    isik = next(a for a in story.actors if a.name == "Fikri Işık")
    assert "Hilmi Isik" not in isik.aliases  # an error, not another name


def test_second_source_date_is_inferred_with_reasoning(story: Story) -> None:
    national = next(s for s in story.sources if s.publisher == "The National")
    assert national.date_basis == "inferred" and national.published.iso() == "2019-03-01"
    assert national.date_reasoning and "Friday" in national.date_reasoning
    resolved = {
        e.date_resolution.wording: e.date.iso()
        for e in story.events
        if e.date_resolution and e.date_resolution.wording and e.citations[0].source == national.id
    }
    assert resolved == {"on Friday": "2019-03-01", "last month": "2019-02", "in July": "2019-07"}


def test_article_length_and_points(story: Story) -> None:
    words = len(re.sub(r"\]\([^)]*\)", "]", story.article.body).split())
    assert 400 <= words <= 900, words
    assert 3 <= len(story.article.meta.what_to_know) <= 6


def test_seeds_are_unchanged_copies() -> None:
    if not SHARED_SEEDS.is_dir():
        pytest.skip("the shared seeds folder is not beside this checkout")
    for original in SHARED_SEEDS.glob("*.txt"):
        assert filecmp.cmp(original, REPO / "seeds" / original.name, shallow=False)


def test_committed_site_matches_a_fresh_build(tmp_path: Path) -> None:
    """The golden test: site/ must be rebuilt and committed after any change (`make site`)."""
    fresh = tmp_path / "site"
    build_site(REPO / "content", REPO / "seeds", None, fresh)
    committed = REPO / "site"
    fresh_files = sorted(p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file())
    committed_files = sorted(p.relative_to(committed) for p in committed.rglob("*") if p.is_file())
    assert fresh_files == committed_files, "site/ is stale: run `make site` and commit it"
    stale = [
        str(p) for p in fresh_files if (fresh / p).read_bytes() != (committed / p).read_bytes()
    ]
    assert not stale, f"site/ is stale in {stale}: run `make site` and commit it"
