"""Summarise a cProfile of one build: the top functions, and the time by stage.

    .venv/bin/python bench/synth.py --scale 1000 --out /tmp/s1000
    .venv/bin/python -m cProfile -o /tmp/p.prof bench/explainer_nolimit.py build \\
        --content /tmp/s1000/content --out /tmp/s1000-out -q --no-cache

    .venv/bin/python bench/profile_summary.py /tmp/p.prof

(Not `-m generator`: the command leaves with os._exit, before cProfile writes
its file.)

Prints the top functions by cumulative and by own ("total") time, each with the
stage it belongs to, then two views of the stages:

- exclusive: every function's own time, assigned to a stage by the module it is
  in; time in built-ins and general-purpose library code (str methods, `re`,
  I/O, functools) goes to the stages of their callers, in proportion to the time
  spent from each caller. These add up to the whole run.
- inclusive: the cumulative time of each stage's entry points (overlapping where
  one stage calls another, e.g. Markdown is rendered from inside templates).

Only the main thread is profiled: work done in worker threads or processes shows
as the time the main thread waited for it.
"""

from __future__ import annotations

import argparse
import pstats
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

Key = tuple[str, int, str]

# First match wins: (stage, substrings of the file path). The package is grouped by
# pipeline stage, one folder each (docs/architecture.md).
STAGE_BY_FILE: list[tuple[str, tuple[str, ...]]] = [
    ("imports", ("<frozen importlib", "<frozen zipimport", "<frozen importlib.util")),
    ("YAML loading", ("/yaml/", "_yaml", "generator/load/")),
    ("quotes: check and locate", ("generator/validate/quote",)),
    ("plan (catalog, views)", ("generator/plan/",)),
    (
        "conversion/validation",
        (
            "generator/validate/",
            "generator/model/",
            "generator/errors.py",
            "/dataclasses.py",
            "/typing.py",
            "/difflib.py",
        ),
    ),
    (
        "Markdown rendering",
        ("/markdown/", "generator/render/markdown", "generator/render/brackets.py")
        + ("/xml/etree/", "/html/parser.py"),
    ),
    (
        "structured data & downloads",
        ("generator/render/structured", "generator/render/downloads.py", "/json/", "/csv.py"),
    ),
    (
        "Jinja rendering",
        ("/jinja2/", "/markupsafe/", "generator/render/", "generator/theme/", "templates/")
        + (".html", "<template>"),
    ),
    ("link check", ("generator/render/page_links.py",)),
    (
        "workers (forking, waiting)",
        ("generator/memo/parallel.py", "/concurrent/")
        + ("/multiprocessing/", "/threading.py", "/selectors.py"),
    ),
    ("cache", ("generator/memo/", "/pickle", "/zlib")),
    ("writing", ("generator/write/", "/shutil.py", "/tempfile.py")),
    ("build orchestration", ("generator/build.py",)),
    ("command line", ("generator/cli", "generator/__main__", "/argparse.py", "/cProfile.py")),
]

# Entry points of each stage, for the inclusive view: (stage, file suffix, function).
ENTRY_POINTS: list[tuple[str, str, str]] = [
    ("imports", "<frozen importlib._bootstrap>", "_find_and_load"),
    ("whole build (build_site)", "generator/build.py", "build_site"),
    ("load and validate (validate_story)", "generator/build.py", "validate_story"),
    ("YAML loading", "generator/load/content.py", "load_content"),
    ("seeds", "generator/load/content.py", "load_seeds"),
    ("reading the items", "generator/validate/reading.py", "read_content_file"),
    ("validation: story", "generator/validate/story.py", "check_story"),
    ("validation: cross-checks", "generator/validate/crosscheck.py", "cross_check"),
    ("validation: ids", "generator/validate/crosscheck.py", "check_unique_ids"),
    ("validation: references", "generator/validate/crosscheck.py", "check_references"),
    ("validation: internal links", "generator/validate/crosscheck.py", "check_internal_links"),
    ("quotes: locate", "generator/validate/quotes.py", "locate"),
    ("render (render_site)", "generator/render/site.py", "render_site"),
    ("Markdown texts", "generator/render/site.py", "render_markdown_texts"),
    ("pages and files", "generator/render/site.py", "render_output"),
    ("link check", "generator/render/page_links.py", "check_site"),
    ("writing: publish", "generator/write/output.py", "publish"),
    ("writing: what is kept", "generator/write/kept.py", "kept_entries"),
    ("cache: save", "generator/memo/memo.py", "save"),
]


# Code that works for whoever calls it: its time is its callers' stage's time.

REPO = Path(__file__).resolve().parent.parent
PASS_THROUGH = (
    "/re/",
    "/functools.py",
    "/enum.py",
    "/copy.py",
    "/abc.py",
    "/genericpath.py",
    "/posixpath.py",
    "/pathlib.py",
    "/os.py",
    "/codecs.py",
    "/collections/",
    "/urllib/",
    "/_markupbase.py",
    "/html/__init__.py",
    "/calendar.py",
    "<frozen posixpath>",
    "<frozen genericpath>",
    "<string>",  # methods that dataclasses generate
)
WRITERS = ("publish",)
PASSED = "(passed to callers)"


def stage_of(key: Key) -> str:
    path, _line, function = key
    if function == "<module>":
        return "imports"
    if path == "~" or any(part in path for part in PASS_THROUGH):
        return PASSED
    if path.endswith("generator/build.py") and function in WRITERS:
        return "writing"
    for stage, parts in STAGE_BY_FILE:
        if any(part in path for part in parts):
            return stage
    return "other"


def name(key: Key) -> str:
    path, line, function = key
    if path == "~":
        return function
    short = path
    for marker in ("/site-packages/", "/lib/python3", f"{REPO}/", "/code/"):
        if marker in short:
            short = short.split(marker, 1)[1]
            if marker == "/lib/python3":
                short = "stdlib/" + short.split("/", 1)[1]
    return f"{short}:{line}({function})"


def exclusive_by_stage(stats: dict[Key, Any]) -> dict[str, float]:
    """Own time per stage; pass-through code's time shared among its callers' stages."""
    shares: dict[Key, dict[str, float]] = {}

    def share(key: Key, visiting: frozenset[Key]) -> dict[str, float]:
        """How a pass-through function's time divides among stages (fractions)."""
        if key in shares:
            return shares[key]
        weights: dict[str, float] = defaultdict(float)
        for caller, caller_stats in stats[key][4].items():
            weight = caller_stats[3] or caller_stats[2]  # time spent on calls from it
            stage = stage_of(caller)
            if stage != PASSED:
                weights[stage] += weight
            elif caller in visiting or caller not in stats:
                continue  # recursion: the outermost call's callers decide
            else:
                for inner, fraction in share(caller, visiting | {caller}).items():
                    weights[inner] += weight * fraction
        whole = sum(weights.values())
        result = {s: w / whole for s, w in weights.items()} if whole > 0 else {"other": 1.0}
        shares[key] = result
        return result

    totals: dict[str, float] = defaultdict(float)
    for key, (_cc, _nc, tt, _ct, _callers) in stats.items():
        stage = stage_of(key)
        if stage != PASSED:
            totals[stage] += tt
            continue
        for inner, fraction in share(key, frozenset({key})).items():
            totals[inner] += tt * fraction
    return totals


def table(rows: list[list[str]], header: list[str]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("profile", type=Path, help="a file written by cProfile -o")
    parser.add_argument("--top", type=int, default=15, help="functions per list (default 15)")
    args = parser.parse_args(argv)
    profile = pstats.Stats(str(args.profile))
    stats: dict[Key, Any] = profile.stats  # type: ignore[attr-defined]
    total = profile.total_tt  # type: ignore[attr-defined]
    print(f"Total profiled time: {total:.2f} s ({len(stats)} functions)\n")

    for title, index in (("cumulative", 3), ("total (own)", 2)):
        ranked = sorted(stats.items(), key=lambda item: item[1][index], reverse=True)
        rows = [
            [
                str(number),
                f"`{name(key)}`",
                stage_of(key),
                f"{nc}" if nc == cc else f"{nc}/{cc}",
                f"{tt:.2f}",
                f"{ct:.2f}",
                f"{100 * value[index] / total:.0f}%",
            ]
            for number, (key, value) in enumerate(ranked[: args.top], start=1)
            for cc, nc, tt, ct, _callers in [value]
        ]
        print(f"Top {args.top} by {title} time\n")
        print(table(rows, ["#", "function", "stage", "calls", "own s", "cum s", "share"]))
        print()

    exclusive = exclusive_by_stage(stats)
    rows = [
        [stage, f"{seconds:.2f}", f"{100 * seconds / total:.1f}%"]
        for stage, seconds in sorted(exclusive.items(), key=lambda item: -item[1])
    ]
    print("Time by stage, exclusive (adds up to the whole run)\n")
    print(table(rows, ["stage", "s", "share"]))
    print()

    rows = []
    for label, suffix, function in ENTRY_POINTS:
        matches = [
            value for key, value in stats.items() if key[0].endswith(suffix) and key[2] == function
        ]
        if not matches:
            continue
        calls = sum(value[1] for value in matches)
        cumulative = sum(value[3] for value in matches)
        rows.append([label, f"`{function}`", str(calls), f"{cumulative:.2f}"])
    print("Stages, inclusive (cumulative time of their entry points; nested stages overlap)\n")
    print(table(rows, ["stage", "entry point", "calls", "cum s"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
