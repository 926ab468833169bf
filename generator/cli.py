"""The `explainer` command: build or check a story."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from generator.errors import ContentErrors

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A command line that cannot be carried out as written."""


class Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so main() owns the exit status."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def make_parser() -> Parser:
    """The command line: `explainer build` and `explainer check`."""
    parser = Parser(prog="explainer", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for name, text in (
        ("build", "validate the content and write the site"),
        ("check", "validate the content; write nothing"),
    ):
        command = commands.add_parser(name, help=text, description=text)
        command.add_argument(
            "--content",
            type=Path,
            default=Path("content"),
            help="the content folder (default: content)",
        )
        command.add_argument(
            "--seeds",
            type=Path,
            default=None,
            help="the source documents (default: seeds/ beside the content)",
        )
        command.add_argument(
            "--templates",
            type=Path,
            default=None,
            help="the templates (default: templates/ beside the content, else the generator's own)",
        )
        if name == "build":
            command.add_argument(
                "--out", type=Path, default=Path("site"), help="the output folder (default: site)"
            )
            command.add_argument(
                "--base-url",
                default=None,
                help="the address the site is published at (overrides site.yaml)",
            )
            command.add_argument(
                "-q", "--quiet", action="store_true", help="print nothing on success"
            )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command; return the exit status (0 ok, 1 content errors, 2 usage)."""
    try:
        args = make_parser().parse_args(argv)
    except UsageError as error:
        print(error, file=sys.stderr)
        print("run 'explainer --help' for the commands and options", file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as stop:  # --help prints and exits 0
        return int(stop.code or 0)
    if not args.content.is_dir():
        print(f"explainer: no content folder at '{args.content}'", file=sys.stderr)
        print("run it from a project folder, or name one with --content DIR", file=sys.stderr)
        return EXIT_USAGE
    seeds = args.seeds or args.content.parent / "seeds"
    started = time.perf_counter()
    try:
        if args.command == "check":
            from generator.validate import load_story

            story = load_story(args.content, seeds)
            print(
                f"ok: {len(story.events)} events, {len(story.actors)} actors, "
                f"{len(story.offers)} offers, no errors"
            )
            return EXIT_OK
        from generator.build import build_site

        report = build_site(
            content_dir=args.content,
            seeds_dir=seeds,
            templates_dir=args.templates,
            out_dir=args.out,
            base_url=args.base_url,
        )
    except ContentErrors as failure:
        for problem in failure.errors:
            print(problem, file=sys.stderr)
        count = len(failure.errors)
        outcome = "; nothing was written" if args.command == "build" else ""
        print(f"{count} error{'s' if count != 1 else ''}{outcome}", file=sys.stderr)
        return EXIT_CONTENT
    except OSError as error:
        print(f"explainer: cannot write the site: {error}", file=sys.stderr)
        return EXIT_CONTENT
    if not args.quiet:
        print(report.summary(time.perf_counter() - started))
    return EXIT_OK
