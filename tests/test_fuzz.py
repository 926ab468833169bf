"""Property tests: no content, however broken or hostile, crashes the build.

Every example is the tram story with random mutations (tests/fuzz_support.py), or
with a content file replaced by a random YAML document. The build, run in-process,
must either exit 0 having written a complete site, or exit 1 naming each problem as
`path:line:column: message` and leave the previous site exactly as it was. Never an
uncaught exception, a traceback or any other exit status. And `check` of every example
reaches the same verdict, with the same located errors.

Profiles, picked by HYPOTHESIS_PROFILE, else "ci" when CI=true, else "dev":

- "ci": about 1,500 examples, each built and checked, in about 4 minutes (2 cores; 4,150
  built alone took as long, and every one checked too would take 10 minutes),
  derandomized and without an example database, so every CI run tries the same
  examples; no shrinking (a failure is printed with its mutations and a diff of each
  changed file);
- "dev": a tenth as many, also derandomized (a local `make test` fails only where
  CI would), shrinking a failure to its smallest example;
- "hunt": random, three times the ci numbers, failing examples kept in .hypothesis/
  and replayed first next time: for looking for new bugs, e.g.
  `HYPOTHESIS_PROFILE=hunt FUZZ_SCALE=5 .venv/bin/pytest tests/test_fuzz.py`.

FUZZ_SCALE multiplies the number of examples of any profile. The number of
examples each test ran is printed at the end of the module and written to
test-artifacts/fuzz-stats.json. The build runs with EXPLAINER_DEBUG=1, so that an
internal error surfaces as its exception and traceback rather than as a message.

The bugs the fuzzing found are at the end of the module, each as the smallest input
that shows it, marked xfail(strict=True) until it is fixed.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, event, given, note, reject, settings

from tests.fuzz_support import (
    FIXTURE,
    ORIGINAL,
    Outcome,
    Variant,
    Workspace,
    assert_build_outcome,
    assert_check_agrees,
    first_message,
    random_documents,
    snapshot,
    variants,
)

REPO = Path(__file__).resolve().parent.parent
SUPPRESSED = [
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.filter_too_much,
    HealthCheck.large_base_example,
]
settings.register_profile(
    "ci",
    max_examples=1000,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=SUPPRESSED,
    print_blob=True,
    # No shrinking in CI: it can take minutes per failure. The failing example is
    # printed with its mutations; the dev profile shrinks it on a developer's machine.
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target],
)
settings.register_profile(
    "dev",
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=SUPPRESSED,
)
settings.register_profile(
    "hunt", max_examples=1000, deadline=None, suppress_health_check=SUPPRESSED
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or (
    "ci" if os.environ.get("CI", "").lower() in ("true", "1") else "dev"
)
SCALE = float(os.environ.get("FUZZ_SCALE", "1"))
# Each test's share of the examples, as a fraction of its number in the ci profile.
SHARE = {"ci": 1.0, "dev": 0.1, "hunt": 3.0}


def budget(ci_examples: int) -> settings:
    """The profile's settings with this test's share of the examples."""
    base = settings.get_profile(PROFILE)
    count = ci_examples * SHARE.get(PROFILE, 1.0) * SCALE
    return settings(base, max_examples=max(1, int(count)))


STATS: dict[str, Counter[str]] = {}


@pytest.fixture(scope="module")
def workspace(request: pytest.FixtureRequest) -> Iterator[Workspace]:
    """One scratch project for the module, reset to the valid story before each example."""
    space = Workspace()
    started = time.perf_counter()
    yield space
    space.close()
    report_statistics(request, time.perf_counter() - started)


def report_statistics(request: pytest.FixtureRequest, seconds: float) -> None:
    """Print how many examples each test ran, and keep the numbers in test-artifacts/."""
    total = sum(counts["examples"] for counts in STATS.values())
    lines = [f"fuzz ({PROFILE} profile, scale {SCALE:g}): {total} examples in {seconds:.1f} s"]
    for name, counts in STATS.items():
        outcomes = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()) if k != "examples")
        lines.append(f"  {name}: {counts['examples']} examples ({outcomes})")
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None:
        with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
            reporter.write_line("")
            for line in lines:
                reporter.write_line(line)
    artifacts = REPO / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    data = {
        "profile": PROFILE,
        "scale": SCALE,
        "seconds": round(seconds, 2),
        "total_examples": total,
        "tests": {name: dict(counts) for name, counts in STATS.items()},
    }
    (artifacts / "fuzz-stats.json").write_text(json.dumps(data, indent=2) + "\n")


def count(test: str, outcome: str) -> None:
    """Count one example of a test, and how it came out."""
    counts = STATS.setdefault(test, Counter())
    counts["examples"] += 1
    counts[outcome] += 1


def build_variant(workspace: Workspace, variant: Variant, test: str) -> Outcome:
    """Reset the workspace, apply the variant, build it, and check the property."""
    note(variant.describe())
    workspace.reset()
    workspace.apply(variant)
    with known_failures_ignored():
        try:
            result = workspace.build()
        except BaseException:
            count(test, "raised")
            raise
        count(test, "built" if result.code == 0 else "refused")
        event(first_message(result))
        note(f"exit {result.code} after {result.seconds:.2f} s\nstderr:\n{result.err}")
        if SLOW_LOG and result.seconds > 1:
            with open(SLOW_LOG, "a", encoding="utf-8") as log:
                log.write(f"{result.seconds:.1f} s\n{variant.describe()[:3000]}\n\n")
        assert_build_outcome(workspace, result)
        assert_check_agrees(workspace, result)
    return result


# Local aids for a long hunt, never set in CI. FUZZ_IGNORE="File name too long" treats
# failures whose message matches the pattern as invalid examples, to look past a bug
# already reported; FUZZ_SLOW_LOG=path appends every example that took over a second.
SLOW_LOG = os.environ.get("FUZZ_SLOW_LOG")
IGNORE = re.compile(os.environ["FUZZ_IGNORE"]) if os.environ.get("FUZZ_IGNORE") else None


@contextlib.contextmanager
def known_failures_ignored() -> Iterator[None]:
    try:
        yield
    except Exception as error:
        if IGNORE is not None and IGNORE.search(f"{type(error).__name__}: {error}"):
            reject()
        raise


@budget(350)
@given(variant=variants(structural=True, textual=False))
def test_field_mutations(workspace: Workspace, variant: Variant) -> None:
    """Fields removed, renamed, retyped; ids, references, dates and text changed."""
    build_variant(workspace, variant, "test_field_mutations")


@budget(280)
@given(variant=variants(structural=True, textual=False, plausible=True))
def test_plausible_edits(workspace: Workspace, variant: Variant) -> None:
    """Fields given values they could well have (odd text, other ids, valid dates, quotes)."""
    build_variant(workspace, variant, "test_plausible_edits")


@budget(320)
@given(variant=variants(structural=False, textual=True, seeds=True))
def test_text_mutations(workspace: Workspace, variant: Variant) -> None:
    """Broken YAML, truncated, empty, deleted or re-encoded files, hostile bytes."""
    build_variant(workspace, variant, "test_text_mutations")


@budget(250)
@given(variant=variants(structural=True, textual=True, seeds=True))
def test_mixed_mutations(workspace: Workspace, variant: Variant) -> None:
    """Both kinds of mutation, in any order, in content and seed files."""
    build_variant(workspace, variant, "test_mixed_mutations")


@budget(170)
@given(variant=random_documents())
def test_random_documents(workspace: Workspace, variant: Variant) -> None:
    """A content file replaced by random nested YAML data."""
    build_variant(workspace, variant, "test_random_documents")


@budget(90)
@given(variant=variants(structural=True, textual=True))
def test_cache_and_check_agree(workspace: Workspace, variant: Variant) -> None:
    """A build with a warm cache, one without, and `check` reach the same verdict
    (build_variant runs `check` too)."""
    warm = build_variant(workspace, variant, "test_cache_and_check_agree")
    other = workspace.project / "cold-site"
    with known_failures_ignored():
        cold = workspace.build("--no-cache", out=other)
    note(f"--no-cache: exit {cold.code}\nstderr:\n{cold.err}")
    assert cold.code == warm.code
    assert sorted(cold.located()) == sorted(warm.located())
    if warm.code == 0:
        assert snapshot(other) == snapshot(workspace.site), "the cache changed the output"


# --- The bugs the fuzzing found, each as its smallest input ----------------------------
# A bug still open is marked xfail(strict=True): once it is fixed the test passes,
# strict turns that into a failure, and the mark comes off. A fixed one stays as a
# regression test. Bugs that kill or hang the process are tried in a child process.


DEEP = {
    "flow lists": "[" * 50_000,
    "flow mappings": "{a: " * 50_000,
    "block lists": "- " * 50_000 + "x\n",
    # A list file is looked at whole, then its items are read one by one: the deep
    # one among them must still be found.
    "one item of several": "- a\n" * 3 + "- " + "[" * 50_000 + "\n",
    "one item of several, by its dashes": "- a\n" * 3 + "- " * 50_000 + "x\n",
    "one item of several, by its indentation": "- a\n" * 3 + "- x\n" + " " * 50_000 + "- y\n",
}


def build_in_child(project: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Build a project in a child process, for the bugs that kill or hang the process."""
    return subprocess.run(
        [sys.executable, "-m", "generator", "build", "--content", str(project / "content")]
        + ["--out", str(project / "site"), "-q"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=timeout,
    )


@pytest.mark.parametrize("shape", sorted(DEEP))
def test_deeply_nested_yaml_is_an_error(tmp_path: Path, shape: str) -> None:
    """Run in a child process: the bug kills the process, which must not be pytest."""
    project = tmp_path / "tram"
    shutil.copytree(FIXTURE, project)
    (project / "content" / "events.yaml").write_text(DEEP[shape], encoding="utf-8")
    result = build_in_child(project)
    assert result.returncode == 1, f"exit status {result.returncode}\n{result.stderr[-2000:]}"
    assert "Traceback" not in result.stderr
    assert Outcome(result.returncode, result.stdout, result.stderr).located()


def test_content_file_that_is_not_a_regular_file_is_an_error(tmp_path: Path) -> None:
    project = tmp_path / "tram"
    shutil.copytree(FIXTURE, project)
    (project / "content" / "events.yaml").unlink()
    os.mkfifo(project / "content" / "events.yaml")
    try:
        result = build_in_child(project, timeout=5)
    except subprocess.TimeoutExpired:
        pytest.fail("the build still hung after 5 s")
    assert result.returncode == 1
    assert Outcome(result.returncode, result.stdout, result.stderr).located()


def build_edited(workspace: Workspace, path: str, old: bytes, new: bytes) -> Outcome:
    """Build the tram story with one replacement in one file; assert the property."""
    variant = Variant()
    original = variant.files[path]
    assert isinstance(original, bytes) and old in original
    variant.files[path] = original.replace(old, new, 1)
    variant.steps.append(f"{path}: {old!r} -> {new!r:.80}")
    workspace.reset()
    workspace.apply(variant)
    result = workspace.build()
    assert_build_outcome(workspace, result)
    return result


def test_source_file_name_too_long_is_located(workspace: Workspace) -> None:
    result = build_edited(
        workspace, "content/sources.yaml", b"file: gazette.txt", b"file: " + b"x" * 300
    )
    assert result.code == 1
    assert "sources.yaml:" in result.located()[0]


def test_source_file_name_with_nul_is_an_error(workspace: Workspace) -> None:
    result = build_edited(
        workspace, "content/sources.yaml", b"file: gazette.txt", b'file: "gaz\\0ette.txt"'
    )
    assert result.code == 1


def test_check_huge_exclusion_line_number_is_an_error(workspace: Workspace) -> None:
    build_edited(
        workspace,
        "content/sources.yaml",
        b"  date_basis: stated",
        b'  date_basis: stated\n  exclude:\n    - reason: x\n      lines: "' + b"9" * 5000 + b'"',
    )
    result = workspace.check()
    assert result.code == 1
    assert "lines" in result.err and result.located()


def test_quote_inside_a_long_word_is_found_quickly(workspace: Workspace) -> None:
    variant = Variant()
    seed, events = ORIGINAL["seeds/gazette.txt"], ORIGINAL["content/events.yaml"]
    variant.files["seeds/gazette.txt"] = seed.replace(
        b"Lakeside city council on", b"y" * 12_000 + b"Lakeside city council on", 1
    )
    variant.files["content/events.yaml"] = events.replace(
        b"quote: Lakeside city council", b"quote: yyyLakeside city council", 1
    )
    workspace.reset()
    workspace.apply(variant)
    result = workspace.build()
    assert result.code == 0, result.err
    assert result.seconds < 0.5, f"the build took {result.seconds:.2f} s"


def test_deeply_nested_mapping_key_is_an_error(workspace: Workspace) -> None:
    variant = Variant()
    variant.files["content/site.yaml"] = b"? " + b"[" * 400 + b"]" * 400 + b"\n: x\n"
    workspace.reset()
    workspace.apply(variant)
    result = workspace.build()
    assert_build_outcome(workspace, result)
    assert result.code == 1


def test_a_link_the_checks_read_otherwise_than_markdown_fails_build_and_check(
    workspace: Workspace,
) -> None:
    """The validator saw no site link here, Markdown an event whose id is everything up
    to the last parenthesis: the page linked to an anchor no page had, which `check`
    reported and the build wrote."""
    result = build_edited(
        workspace,
        "content/article.md",
        b"(event:nordbahn-chosen) for",
        b"(event:[x](data:text/html,<script>alert(1)</script>)nordbahn-chosen) for",
    )
    checked = workspace.check()
    assert result.code == checked.code == 1
    assert sorted(result.located()) == sorted(checked.located())


def test_an_address_with_a_bracketed_host_that_is_no_ip_is_an_error(workspace: Workspace) -> None:
    """urlsplit raises on `[x]` where an IPv6 address would go."""
    url = b"url: https://gazette.example/tram"
    result = build_edited(workspace, "content/sources.yaml", url, url.replace(b"ex", b"[x]"))
    assert result.code == 1
    assert "sources.yaml:5:8: " in result.located()[0]


def test_a_link_to_a_bracketed_host_that_is_no_ip_is_no_crash(workspace: Workspace) -> None:
    result = build_edited(workspace, "content/article.md", b" for ", b" [x](https://[x]/) for ")
    assert result.code == workspace.check().code == 0


def test_an_event_in_the_last_year_a_date_may_have_builds(workspace: Workspace) -> None:
    """The timeline's overview measured to the start of the year after the last
    event's: for 9999 that is no date, and the build crashed (ValueError)."""
    result = build_edited(
        workspace, "content/events.yaml", b'date: "2024-03-12"', b'date: "9999-12-31"'
    )
    assert result.code == workspace.check().code == 0, result.err
    assert "9999" in (workspace.site / "timeline" / "index.html").read_text(encoding="utf-8")
