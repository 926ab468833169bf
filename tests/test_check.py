"""`explainer check`: rendered links, reachability, source coverage, output formats."""

from __future__ import annotations

import io
import json
import re

import pytest

from generator.commands.check import paint, use_colour
from generator.commands.coverage import split_sentences
from generator.render.page_links import check_site
from tests.conftest import Project, Run


def test_check_reports_uncited_sentences_as_warnings(project: Project, run: Run) -> None:
    result = run(*project.args("check"))
    assert result.code == 0
    assert (
        "seeds/courier.txt:3:1: warning: sentence not cited by any fact: "
        '"The council disputes' in result.err
    )
    assert "0 errors, 4 warnings" in result.out
    assert run(*project.args("check", "--strict")).code == 1


def test_coverage_lists_sentences_and_percentages(project: Project, run: Run) -> None:
    result = run(*project.args("check", "--coverage"))
    assert "gazette.txt): 4 of 6 main-text sentences cited (67%)" in result.out
    assert "courier.txt): 2 of 4 main-text sentences cited (50%)" in result.out
    assert "<- timeline: 12 March 2024: Council chooses Nordbahn" in result.out


def test_exclusions_leave_furniture_out_of_coverage(project: Project, run: Run) -> None:
    project.edit(
        "sources.yaml",
        "  date_basis: stated\n",
        '  date_basis: stated\n  exclude:\n    - reason: headline\n      lines: "1"\n'
        "    - reason: byline\n      text: By the Lakeside Gazette, 12 March 2024\n",
    )
    result = run(*project.args("check", "--coverage"))
    assert "gazette.txt): 4 of 4 main-text sentences cited (100%)" in result.out


def test_a_bad_exclusion_is_an_error(project: Project, run: Run) -> None:
    project.edit(
        "sources.yaml",
        "  date_basis: stated\n",
        "  date_basis: stated\n  exclude:\n    - reason: nothing\n      lines: 40-50\n"
        "    - reason: missing\n      text: not in the text\n",
    )
    result = run(*project.args("check"))
    assert result.code == 1
    assert "lines 40-50 are outside the file (8 lines)" in result.err
    assert "excluded text not found in the source" in result.err


def test_json_output_for_tools(project: Project, run: Run) -> None:
    result = run(*project.args("check", "--format", "json", "--coverage"))
    data = json.loads(result.out)
    assert data["ok"] is True and data["errors"] == []
    assert len(data["warnings"]) == 4
    assert {c["source"]: c["percent"] for c in data["coverage"]} == {
        "gazette": 66.7,
        "courier": 50.0,
    }
    project.edit("events.yaml", "  status: happened", "  status: hapened")
    data = json.loads(run(*project.args("check", "--format", "json")).out)
    assert data["ok"] is False
    (error,) = data["errors"]
    assert error["path"].endswith("events.yaml") and error["line"] > 1
    assert "did you mean 'happened'?" in error["hint"]


def test_errors_are_grouped_by_file(project: Project, run: Run) -> None:
    project.edit("events.yaml", "  status: happened", "  status: done")
    project.edit("actors.yaml", "  kind: company", "  kind: firm")
    result = run(*project.args("check"))
    assert result.code == 1
    lines = result.err.splitlines()
    files = [line.split(":")[0].rsplit("/", 1)[-1] for line in lines if ".yaml:" in line]
    assert files == ["actors.yaml", "", "events.yaml"][::2] or files == [
        "actors.yaml",
        "events.yaml",
    ]
    assert lines[lines.index(next(x for x in lines if "events.yaml:" in x)) - 1] == ""
    assert "\033[" not in result.err  # not a terminal: no colour


def test_colour_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_colour(Terminal()) and not use_colour(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_colour(Terminal())
    assert paint("x", "31", True) == "\033[31mx\033[0m" and paint("x", "31", False) == "x"


def test_rendered_links_and_reachability() -> None:
    files = {
        "index.html": b'<a href="a/">a</a> <a href="a/#top">top</a> <a href="b/#nope">b</a>',
        "a/index.html": b'<h1 id="top">A</h1><a href="../missing/">gone</a>',
        "b/index.html": b"<p>B</p>",
        "c/index.html": b'<a href="../">home</a>',
        "404.html": b'<a href="/anywhere/">x</a>',
    }
    messages = sorted(f"{e.where.path}: {e.message}" for e in check_site(files))
    assert messages == [
        "site/a/index.html: link to a missing page: ../missing/",
        "site/c/index.html: no link leads to this page from the index",
        "site/index.html: link to a missing anchor: b/#nope",
    ]
    assert all(e.hint for e in check_site(files))  # each says where to look


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_link_to_a_missing_anchor_fails_build_and_check_alike(
    project: Project, run: Run, command: str
) -> None:
    """The build checked no rendered link: it wrote the page that `check` failed."""
    project.edit("article.md", "See the [bids](page:offers).", "See [here](#nowhere).")
    result = run(*project.args(command))
    assert result.code == 1
    assert re.search(
        r"^site/index\.html:\d+:\d+: link to a missing anchor: #nowhere$", result.err, re.M
    )
    assert "hint: a link the content writes, [text](#nowhere), names no element" in result.err
    assert not project.site.exists()


def test_the_real_site_has_no_broken_links_and_full_coverage(run: Run) -> None:
    from tests.conftest import REPO

    result = run("check", "--content", str(REPO / "content"), "--strict", "--coverage")
    assert result.code == 0, result.err
    assert result.out.count("main-text sentences cited (100%)") == 2


def test_sentences_split_at_full_stops_not_inside_paragraph_joins() -> None:
    text = 'One. "Two," he said. Three?\n\nFour (4).\nStill four.'
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "One.",
        '"Two," he said.',
        "Three?",
        "Four (4).",
        "Still four.",
    ]


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ("27-15", "lines 27-15 end before they start"),
        ("0", "lines 0 are outside the file"),
        ("a-b", "lines: 'a-b' is not a line range"),
        ("5-900", "lines 5-900 are outside the file"),
    ],
)
def test_an_impossible_exclusion_fails_build_and_check_alike(
    project: Project, run: Run, lines: str, message: str
) -> None:
    """The build runs the checks of exclusions that `check` runs: neither passes."""
    project.edit(
        "sources.yaml",
        "  date_basis: stated\n",
        f'  date_basis: stated\n  exclude:\n    - reason: furniture\n      lines: "{lines}"\n',
    )
    line = project.line_of("sources.yaml", f'lines: "{lines}"')
    for command in ("build", "check"):
        result = run(*project.args(command))
        assert result.code == 1, (command, result.err)
        assert f"sources.yaml:{line}:14: {message}" in result.err, (command, result.err)


def test_a_seed_with_cr_only_line_endings_passes_build_and_check_alike(
    project: Project, run: Run
) -> None:
    """A seed whose lines end in CR alone (an old Mac file) passed the build and failed
    `check`: its lines were counted as one, so excluded lines lay outside the file."""
    project.edit(
        "sources.yaml",
        "  date_basis: stated\n",
        '  date_basis: stated\n  exclude:\n    - reason: headline and byline\n      lines: "1-3"\n',
    )
    with_lf = run(*project.args("check", "--coverage"))
    assert with_lf.code == 0, with_lf.err
    gazette = project.seeds / "gazette.txt"
    gazette.write_bytes(gazette.read_bytes().replace(b"\n", b"\r"))
    for command in ("build", "check"):
        result = run(*project.args(command))
        assert result.code == 0, (command, result.err)
    assert run(*project.args("check", "--coverage")).out == with_lf.out


def test_check_reads_what_a_build_kept_and_writes_nothing(project: Project, run: Run) -> None:
    """A check after a build renders with the build's kept results, the same verdict
    and report as a check without them, and leaves the cache as it was."""
    assert run(*project.args("build")).code == 0
    cache = project.content.parent / ".explainer-cache"
    before = {p: p.stat().st_mtime_ns for p in cache.rglob("*")}
    assert before, "the build kept nothing"
    warm = run(*project.args("check", "--format", "json"))
    # A damaged story is checked the same with and without the kept results.
    project.edit("events.yaml", "  status: happened", "  status: hapened")
    damaged_warm = run(*project.args("check", "--format", "json"))
    assert {p: p.stat().st_mtime_ns for p in cache.rglob("*")} == before, "the check wrote"
    for path in sorted(cache.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    damaged_cold = run(*project.args("check", "--format", "json"))
    assert damaged_warm.code == damaged_cold.code == 1
    assert json.loads(damaged_warm.out) == json.loads(damaged_cold.out)
    assert warm.code == 0
    assert not any(cache.rglob("*")), "a check without kept results kept some"
