"""The `explainer` command: build, check, preview, describe or start a story."""

from __future__ import annotations

import argparse
import gc
import importlib
import importlib.metadata
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.cli_values import port_number, size_in_mb
from generator.errors import visible
from generator.load.files import MAX_FILE_BYTES

# Each command imports what it needs when it runs (HANDLERS).
if TYPE_CHECKING:
    from generator.errors import ContentErrors

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl-C

# Each command's handler, as "module:function", imported only when the command
# runs, so `explainer build` never pays for the preview server or the schema.
HANDLERS = {
    "build": "generator.cli:run_build",
    "check": "generator.commands.check:run",
    "serve": "generator.serve.preview:run",
    "schema": "generator.commands.schema:run",
    "new": "generator.commands.scaffold:run",
    "theme": "generator.commands.theme:run",
}


LONG_RUNNING = {"serve"}  # commands that run until stopped, collecting their garbage


class UsageError(Exception):
    """A command line that cannot be carried out as written."""


class Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so main() owns the exit status."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def add_project_options(command: argparse.ArgumentParser) -> None:
    """Where the story's parts are: content, seeds and templates."""
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
    command.add_argument(
        "--max-file-mb",
        type=size_in_mb,
        default=MAX_FILE_BYTES / 2**20,
        help="refuse content files and pictures larger than this "
        f"(default: {MAX_FILE_BYTES // 2**20})",
    )


DISTRIBUTION = "sourced-explainer"  # the name on the package index; the command is explainer


def version() -> str:
    """The installed distribution's version ('unknown' when run from a bare checkout)."""
    try:
        return importlib.metadata.version(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def make_parser() -> Parser:
    """The command line and its subcommands."""
    parser = Parser(prog="explainer", description=__doc__)
    parser.add_argument("--version", action="version", version=f"explainer {version()}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)

    build = commands.add_parser("build", help="validate the content and write the site")
    add_project_options(build)
    build.add_argument(
        "--out", type=Path, default=Path("site"), help="the output folder (default: site)"
    )
    build.add_argument(
        "--base-url",
        default=None,
        help="the address the site is published at (overrides site.yaml)",
    )
    build.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")
    build.add_argument(
        "--no-cache", action="store_true", help="ignore and do not write .explainer-cache"
    )
    build.add_argument(
        "--timings", action="store_true", help="print how long each stage took, to stderr"
    )

    check = commands.add_parser("check", help="validate the content and the pages; write nothing")
    add_project_options(check)
    check.add_argument(
        "--coverage", action="store_true", help="show which source sentences the story cites"
    )
    check.add_argument(
        "--format", choices=("text", "json"), default="text", help="output for people or tools"
    )
    check.add_argument("--strict", action="store_true", help="fail on warnings too")

    serve = commands.add_parser("serve", help="preview the site, rebuilding on every change")
    add_project_options(serve)
    serve.add_argument("--port", type=port_number, default=8000, help="the port (default: 8000)")
    serve.add_argument(
        "--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1)"
    )

    add_setup_commands(commands)
    return parser


def add_setup_commands(commands: Any) -> None:
    """The commands that set a project up: schema, new and theme."""
    schema = commands.add_parser("schema", help="write a JSON Schema for each content file")
    schema.add_argument(
        "--out", type=Path, default=Path("schemas"), help="the folder (default: schemas)"
    )

    new = commands.add_parser("new", help="start a new explainer project in a folder")
    new.add_argument("folder", type=Path, help="the new project's folder (must not exist)")

    theme = commands.add_parser(
        "theme", help="list the built-in theme's files, or copy some out to edit"
    )
    theme.add_argument("action", choices=("list", "copy"), help="list the files, or copy them")
    theme.add_argument("names", nargs="*", help="the files to copy, e.g. index.html (default: all)")
    theme.add_argument(
        "--to",
        type=Path,
        default=Path("templates"),
        help="the story's templates folder (default: templates)",
    )


def seeds_dir(args: argparse.Namespace) -> Path:
    """The seeds folder: as given, else beside the content folder."""
    given: Path | None = args.seeds
    content: Path = args.content
    return given or content.parent / "seeds"


def max_file_bytes(args: argparse.Namespace) -> int:
    """The size limit for one content file, in bytes."""
    return int(float(args.max_file_mb) * 2**20)


def run_build(args: argparse.Namespace) -> int:
    """`explainer build`: validate, render, and swap the new site into place."""
    from generator.build import build_site
    from generator.timings import TIMINGS

    started = time.perf_counter()
    TIMINGS.start(args.timings)
    report = build_site(
        content_dir=args.content,
        seeds_dir=seeds_dir(args),
        templates_dir=args.templates,
        out_dir=args.out,
        base_url=args.base_url,
        use_cache=not args.no_cache,
        max_file_bytes=max_file_bytes(args),
    )
    if not args.quiet:
        print(visible(report.summary(time.perf_counter() - started)))
    if args.timings:
        print(TIMINGS.table(), file=sys.stderr)
    return EXIT_OK


def handler(command: str) -> Callable[[argparse.Namespace], int]:
    """The function that carries out a command."""
    module, _, function = HANDLERS[command].partition(":")
    found: Callable[[argparse.Namespace], int] = getattr(importlib.import_module(module), function)
    return found


def main(argv: list[str] | None = None, exits_after: bool = False) -> int:
    """Run the command; return the exit status (0 ok, 1 content errors, 2 usage).

    `exits_after`: the process ends when the command does (see entry), so a
    command that runs once goes without the cycle collector, which would only walk
    the millions of objects a large build makes once it were turned back on, and a
    build leaves what it made to the end of the process (build_site's `leave_heap`).
    """
    try:
        args = make_parser().parse_args(argv)
    except UsageError as error:
        print(visible(error), file=sys.stderr)
        print("run 'explainer --help' for the commands and options", file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as stop:  # --help prints and exits 0
        return int(stop.code or 0)
    if hasattr(args, "content") and not args.content.is_dir():
        print(f"explainer: no content folder at '{visible(args.content)}'", file=sys.stderr)
        print("run it from a project folder, or name one with --content DIR", file=sys.stderr)
        return EXIT_USAGE
    # A build that fails leaves the site as it was: say so.
    outcome = "; nothing was written" if args.command == "build" else ""
    args.exits_after = exits_after
    if exits_after and args.command not in LONG_RUNNING:
        # Measured gain: a build of 10,000 events takes 1.07x (cold) and 1.37x (warm)
        # as long with the collector on (bench/without_device.py gc).
        gc.disable()
    try:
        return handler(args.command)(args)
    except content_errors() as failure:
        for problem in failure.errors:
            print(problem, file=sys.stderr)
        count = len(failure.errors)
        print(f"{count} error{'s' if count != 1 else ''}{outcome}", file=sys.stderr)
        return EXIT_CONTENT
    except UsageError as error:
        print(f"explainer: {visible(error)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:  # Ctrl-C: the user's choice, not a failure to explain
        # Not "nothing was written": the new site may have been swapped in whole.
        return interrupted()
    except OSError as error:
        print(f"explainer: {visible(error)}{outcome}", file=sys.stderr)
        return EXIT_CONTENT
    except Exception as error:  # a bug in explainer, not in the content
        if os.environ.get("EXPLAINER_DEBUG"):
            raise
        report_bug(error)
        return EXIT_CONTENT


def interrupted() -> int:
    """Say that the command was stopped by Ctrl-C; its exit status."""
    print("explainer: interrupted", file=sys.stderr)
    return EXIT_INTERRUPTED


def report_bug(error: Exception) -> None:
    """Say that explainer failed, not the content, and how to get the traceback."""
    print(f"explainer: internal error: {type(error).__name__}: {visible(error)}", file=sys.stderr)
    print(
        "this is a bug in explainer; run with EXPLAINER_DEBUG=1 for the traceback, "
        "and report it with the content that causes it",
        file=sys.stderr,
    )


def quiet_interrupts(unraisable: Any) -> None:
    """Python's report of an exception it could not raise, but for Ctrl-C: an
    interrupt that lands in a finalizer (a weak reference's callback) cannot stop
    the command, and its traceback would only alarm; the command goes on."""
    if not isinstance(unraisable.exc_value, KeyboardInterrupt):
        sys.__unraisablehook__(unraisable)


def content_errors() -> type[ContentErrors]:
    """ContentErrors, imported once a command has failed (see the imports above)."""
    from generator.errors import ContentErrors

    return ContentErrors


def entry() -> None:
    """The `explainer` command: run, then leave without tearing the heap down.

    A process that built a large story holds hundreds of megabytes of objects;
    freeing them one by one on the way out takes a noticeable part of a second
    and serves no one. Everything the command writes is flushed or closed first.
    """
    sys.unraisablehook = quiet_interrupts
    try:
        code = main(exits_after=True)
    except KeyboardInterrupt:  # while the options were read, before the command began
        code = interrupted()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
