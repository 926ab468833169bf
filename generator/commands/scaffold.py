"""`explainer new DIR`: start a new explainer project with a small, complete example.

The example is a made-up story told from one made-up source (the "Example Gazette"),
written so that it builds at once: every quote is in the source text, every id it
names exists. Each YAML file starts with a comment that points the editor's YAML
language server at the project's own schemas/, written here too.
"""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path

from generator.cli import UsageError
from generator.commands.schema import schema_name, write_schemas

SOURCE_FILE = "example-gazette.txt"

SOURCE_TEXT = """\
Riverton picks a builder for its new library

By the Example Gazette, 4 March 2024

This is a made-up example source, written by `explainer new` to show how a story \
cites its sources. Replace it with the text of a real document.

Riverton town council on Monday chose Brickworks to build the town's new library, \
council leader Mara Stone said. The contract is worth £4m.

Brickworks promised to open the library by September 2025, according to the council.
"""

SITE = """\
# The site as a whole: its name, publisher and the wording of each page.
title: Riverton's new library (an example)
description: How Riverton chose a builder for its new library, an example explainer.
language: en
publisher:
  name: Example Desk
pages:
  timeline:
    title: Timeline
    description: The library decision, step by step.
  actors:
    title: Who's who
    description: The council and the builder.
  offers:
    title: The bid
    description: What the builder offered.
  sources:
    title: Sources
    description: The report this explainer is built on.
  not_found:
    title: Page not found
    description: There is no page at this address.
    intro: Try the [timeline](page:timeline).
"""

SOURCES = f"""\
# The source documents, kept as text in seeds/. Quotes must occur in them word for word.
- id: example-gazette
  title: Riverton picks a builder for its new library
  publisher: Example Gazette
  url: https://example.org/gazette/library
  file: {SOURCE_FILE}
  published: "2024-03-04"
  date_basis: stated
  # Page furniture and notes are not main text: leave them out of source coverage.
  exclude:
    - reason: headline and byline, recorded above as title, publisher and date
      lines: 1-3
    - reason: a note about the example itself
      lines: 5-6
"""

ACTORS = """\
# The actors: states, organisations, companies and people in the story.
- id: riverton-council
  name: Riverton town council
  short_name: the council
  kind: organisation
  description: The town's council, which chose the builder.
- id: brickworks
  name: Brickworks
  kind: company
  description: The builder chosen for the new library.
"""

EVENTS = """\
# The events: dated only as precisely as the source allows, each backed by quotes.
- id: council-chooses-brickworks
  date: "2024-03-04"
  status: happened
  title: Council chooses Brickworks
  summary: The council chose [Brickworks](actor:brickworks) to build the new library.
  actors: [riverton-council, brickworks]
  offers: [brickworks-bid]
  citations:
    - source: example-gazette
      quote: Riverton town council on Monday chose Brickworks to build the town's new library
      attributed_to: Mara Stone
"""

OFFERS = """\
# The comparison: its rows (dimensions) and the offers compared, each cell cited.
dimensions:
  - id: price
    label: Price
    question: What would it cost?
  - id: opening
    label: Opening
    question: When would the library open?
offers:
  - id: brickworks-bid
    system: New library
    seller: brickworks
    buyer: riverton-council
    status: agreed
    summary: The bid the council chose.
    citations:
      - source: example-gazette
        quote: The contract is worth £4m.
        attributed_to: Example Gazette
    terms:
      price:
        claims:
          - statement: £4m.
            citations:
              - source: example-gazette
                quote: The contract is worth £4m.
                attributed_to: Example Gazette
      opening:
        claims:
          - statement: By September 2025.
            citations:
              - source: example-gazette
                quote: Brickworks promised to open the library by September 2025
                attributed_to: the council
"""

ARTICLE = """\
---
title: How Riverton chose a builder for its new library
description: An example explainer, made up to show how a story is written.
what_to_know:
  - The council [chose Brickworks](event:council-chooses-brickworks).
  - The [bid](offer:brickworks-bid) is worth £4m.
---
## The choice

[Riverton town council](actor:riverton-council) chose
[Brickworks](actor:brickworks) to build the new library, according to the
[Example Gazette](source:example-gazette). See the [bid](page:offers) and the
[timeline](page:timeline).

Replace this example: edit the files in `content/`, put your sources in `seeds/`,
and run `explainer check`.
"""

CONTENT = {
    "site.yaml": SITE,
    "sources.yaml": SOURCES,
    "actors.yaml": ACTORS,
    "events.yaml": EVENTS,
    "offers.yaml": OFFERS,
}


def schema_comment(content_file: str) -> str:
    """The first line of a YAML content file: where its schema is, for the editor."""
    return f"# yaml-language-server: $schema=../schemas/{schema_name(content_file)}\n"


def project_files() -> dict[str, str]:
    """The example project's files (but its schemas), by path inside the project."""
    files = {f"content/{name}": schema_comment(name) + text for name, text in CONTENT.items()}
    files["content/article.md"] = ARTICLE
    files[f"seeds/{SOURCE_FILE}"] = SOURCE_TEXT
    return files


def check_target(folder: Path) -> None:
    """The folder must not exist, or be an empty folder; raise UsageError when not."""
    if not folder.exists():
        return
    if not folder.is_dir():
        raise UsageError(f"'{folder}' exists and is not a folder; choose a new folder name")
    if any(folder.iterdir()):
        raise UsageError(
            f"'{folder}' exists and is not empty; nothing was written. "
            "Choose a new folder, or an empty one"
        )


def create_project(folder: Path) -> list[Path]:
    """Write the example project into a new or empty folder; return the files written."""
    check_target(folder)
    written: list[Path] = []
    for relative, text in project_files().items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    written += write_schemas(folder / "schemas")
    return written


def run(args: argparse.Namespace) -> int:
    """`explainer new DIR`: scaffold a project; print what was created and what to do next."""
    folder: Path = args.folder
    written = create_project(folder)
    print(f"created a new explainer project in {folder}:")
    for path in written:
        print(f"  {path.relative_to(folder).as_posix()}")
    print("next:")
    print(f"  cd {shlex.quote(str(folder))} && explainer build --out site")
    print("  explainer serve")
    return 0
