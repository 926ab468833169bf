"""Builds are deterministic, atomic, and never let content become markup."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from generator.render.markdown_links import policy_href
from tests.conftest import Project, Run
from tests.htmlscan import html_pages, scan


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below a folder, by relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_two_builds_are_byte_identical(project: Project, run: Run, tmp_path: Path) -> None:
    assert run(*project.args("build")).code == 0
    first = snapshot(project.site)
    assert run(*project.args("build", "--out", str(tmp_path / "again"))).code == 0
    assert snapshot(tmp_path / "again") == first
    # 13 files, and a share image for each of the five pages that can be shared.
    assert len(first) == 13 + 5
    assert sum(name.startswith("assets/share/") for name in first) == 5


def test_failed_build_leaves_output_untouched(project: Project, run: Run) -> None:
    assert run(*project.args("build")).code == 0
    (project.site / "CNAME").write_text("keep.example\n")
    before = snapshot(project.site)
    project.edit("events.yaml", "  status: happened", "  status: rumoured")
    result = run(*project.args("build"))
    assert result.code == 1
    assert "nothing was written" in result.err
    assert snapshot(project.site) == before
    leftovers = [p.name for p in project.root.iterdir() if p.name.startswith(".site.new-")]
    assert leftovers == []


def test_failed_template_leaves_output_untouched(project: Project, run: Run) -> None:
    assert run(*project.args("build")).code == 0
    before = snapshot(project.site)
    templates = project.root / "templates"
    templates.mkdir()
    for source in (Path(__file__).parent.parent / "templates").rglob("*"):
        target = templates / source.relative_to(Path(__file__).parent.parent / "templates")
        if source.is_dir():
            target.mkdir(exist_ok=True)
        else:
            target.write_bytes(source.read_bytes())
    (templates / "sources.html").write_text(
        "{% extends 'base.html' %}{% block main %}{{ oops }}{% endblock %}"
    )
    result = run(*project.args("build"))
    assert result.code == 1
    assert "template error" in result.err and "'oops' is undefined" in result.err
    assert snapshot(project.site) == before


def test_check_writes_nothing(project: Project, run: Run) -> None:
    result = run(*project.args("check"))
    assert result.code == 0
    assert not project.site.exists()
    assert sorted(os.listdir(project.root)) == ["content", "seeds"]


SCRIPT = '<script>alert("x")</script>'
HANDLER = '"onmouseover="alert(1)'


def test_markup_in_text_fields_is_inert(project: Project, run: Run) -> None:
    project.edit("actors.yaml", "  name: Nordbahn", f"  name: '{SCRIPT}{HANDLER}'")
    project.edit("events.yaml", "  title: Council chooses Nordbahn", f"  title: '{SCRIPT}'")
    project.edit("offers.yaml", "    label: Price", f"    label: '{HANDLER}'")
    project.edit("site.yaml", "title: Lakeside's tram decision", f"title: '{SCRIPT}'")
    project.edit("events.yaml", "      speaker: ana-ruiz", f"      speaker_name: '{HANDLER}'")
    assert run(*project.args("build")).code == 0
    for page in html_pages(project.site):
        parsed = scan(page)
        scripts = parsed.find("script")
        # The only script element is the templates' own structured data, which is JSON.
        assert [s.attrs for s in scripts] == [{"type": "application/ld+json"}], page
        assert "<" not in scripts[0].text and json.loads(scripts[0].text)
        for element in parsed.elements:
            assert not any(name.startswith("on") for name in element.attrs), (page, element)
    assert "&lt;script&gt;" in (project.site / "timeline/index.html").read_text()


def test_raw_html_in_markdown_is_escaped(project: Project, run: Run) -> None:
    project.edit(
        "article.md",
        "## The choice\n",
        '## The choice\n\n<div onclick="x()">hi</div>\n\nand <em onmouseover=y>x</em>\n',
    )
    project.edit(
        "events.yaml",
        "  summary: Councillors will vote on the final budget.",
        "  summary: 'Vote <b onmouseover=\"x\">soon</b>'",
    )
    assert run(*project.args("build")).code == 0
    index = (project.site / "index.html").read_text()
    assert (
        "&lt;div onclick=&quot;x()&quot;&gt;hi&lt;/div&gt;" in index
        or '&lt;div onclick="x()"&gt;hi&lt;/div&gt;' in index
    )
    assert "<em onmouseover" not in index and "&lt;em onmouseover=y&gt;" in index
    timeline = (project.site / "timeline/index.html").read_text()
    assert "&lt;b onmouseover" in timeline and "<b " not in timeline


def test_dangerous_links_in_markdown_are_errors_and_never_links(project: Project, run: Run) -> None:
    project.edit(
        "article.md",
        "See the [bids](page:offers).",
        "See [one](javascript:alert(1)), [two](JaVaScRiPt:x), [three](data:text/html,x), "
        "[four](vbscript:x) and [safe](https://example.org/).",
    )
    result = run(*project.args("build"))
    assert result.code == 1 and not project.site.exists()
    for target in ("javascript:alert(1", "JaVaScRiPt:x", "data:text/html,x", "vbscript:x"):
        assert f"link to '{target}' would be dropped" in result.err
    assert "'https://example.org/'" not in result.err
    # The renderer drops them too, whatever reaches it (render/markdown_links.py).
    for target in ("javascript:alert(1)", "JaVaScRiPt:x", "data:text/html,x", "vbscript:x"):
        assert policy_href(target) is None
    assert policy_href("https://example.org/") == "https://example.org/"


def test_template_syntax_in_content_is_shown_as_typed(project: Project, run: Run) -> None:
    project.edit(
        "events.yaml", "  title: Council chooses Nordbahn", "  title: '{{ 7 * 7 }} {% raw %}'"
    )
    assert run(*project.args("build")).code == 0
    text = (project.site / "timeline/index.html").read_text()
    assert "{{ 7 * 7 }} {% raw %}" in text and "49" not in text


def test_files_the_build_did_not_write_are_kept(project: Project, run: Run) -> None:
    assert run(*project.args("build")).code == 0
    (project.site / "CNAME").write_text("tram.example\n")
    old_stylesheet = next((project.site / "assets").glob("style.*.css")).name
    shutil.copytree(Path(__file__).parent.parent / "templates", project.root / "templates")
    (project.root / "templates/assets/style.css").write_text("body { color: red; }\n")
    assert run(*project.args("build")).code == 0
    assert (project.site / "CNAME").read_text() == "tram.example\n"
    stylesheets = [p.name for p in (project.site / "assets").glob("style.*.css")]
    assert len(stylesheets) == 1 and stylesheets[0] != old_stylesheet


def test_a_folder_explainer_did_not_build_is_refused(project: Project, run: Run) -> None:
    project.site.mkdir()
    (project.site / "notes.txt").write_text("mine")
    result = run(*project.args("build"))
    assert result.code == 1
    assert "refusing to replace a folder that explainer did not build" in result.err
    assert sorted(p.name for p in project.site.iterdir()) == ["notes.txt"]


def test_an_empty_output_folder_is_used(project: Project, run: Run) -> None:
    project.site.mkdir()
    assert run(*project.args("build")).code == 0
    assert (project.site / "index.html").is_file()
