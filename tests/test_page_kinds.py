"""A page kind is declared once, in generator/plan/kinds.py: adding one is an entry in
that table and a template, and the rest of the generator (paths, links, the
navigation, the link checks, the sitemap, the structured data) follows."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from generator.build import build_site
from generator.errors import ContentErrors
from generator.plan import kinds
from generator.plan.kinds import PageKind, Wording

REPO = Path(__file__).resolve().parent.parent
TRAM = Path(__file__).resolve().parent / "fixtures" / "tram"

GLOSSARY = PageKind(
    "glossary",
    "glossary/index.html",
    "glossary.html",
    lambda story: Wording("Glossary", "The words the story uses."),
    "WebPage",
    nav_label=lambda story: "Glossary",
)
GLOSSARY_TEMPLATE = """{% extends "base.html" %}
{% block main %}<h1>{{ page.title }}</h1>
<p>Back to the <a href="{{ link('timeline') }}">timeline</a>.</p>{% endblock %}
"""


@pytest.fixture
def glossary_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The tram story with a glossary page kind and its template."""
    root = tmp_path / "tram"
    shutil.copytree(TRAM, root)
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "templates" / "glossary.html").write_text(GLOSSARY_TEMPLATE, encoding="utf-8")
    monkeypatch.setattr(kinds, "PAGE_KINDS", (*kinds.PAGE_KINDS, GLOSSARY))
    return root


def build(root: Path) -> Path:
    build_site(root / "content", root / "seeds", root / "templates", root / "site")
    return root / "site"


def test_a_new_page_kind_is_one_entry_and_one_template(glossary_project: Path) -> None:
    site = build(glossary_project)
    page = (site / "glossary" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Glossary</h1>" in page
    assert 'href="../timeline/"' in page  # links from its own depth
    # Every page's navigation lists it, linked from that page's depth.
    assert 'href="glossary/"' in (site / "index.html").read_text(encoding="utf-8")
    assert 'href="../glossary/"' in (site / "timeline" / "index.html").read_text("utf-8")
    data = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert data is not None and json.loads(data.group(1))["@type"] == "WebPage"


def test_markdown_may_link_to_a_new_page_kind(glossary_project: Path) -> None:
    article = glossary_project / "content" / "article.md"
    article.write_text(
        article.read_text(encoding="utf-8") + "\nSee the [glossary](page:glossary).\n", "utf-8"
    )
    site = build(glossary_project)
    assert 'href="glossary/">glossary</a>' in (site / "index.html").read_text("utf-8")


def test_without_the_entry_a_link_to_it_is_an_error(tmp_path: Path) -> None:
    root = tmp_path / "tram"
    shutil.copytree(TRAM, root)
    article = root / "content" / "article.md"
    article.write_text(
        article.read_text(encoding="utf-8") + "\nSee the [glossary](page:glossary).\n", "utf-8"
    )
    with pytest.raises(ContentErrors) as failure:
        build(root)
    assert any("unknown page 'glossary'" in error.message for error in failure.value.errors)


def test_two_kinds_at_one_path_are_refused(
    glossary_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clash = PageKind("clash", "glossary/index.html", "glossary.html", GLOSSARY.wording, "WebPage")
    monkeypatch.setattr(kinds, "PAGE_KINDS", (*kinds.PAGE_KINDS, clash))
    with pytest.raises(ContentErrors) as failure:
        build(glossary_project)
    assert "would both be written to glossary/index.html" in str(failure.value.errors[0])
