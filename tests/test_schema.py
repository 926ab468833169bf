"""The JSON Schemas: up to date with the model, well formed, and agreeing with the build.

Each sample is judged four times: by `explainer check`, and against its schema by
jsonschema, check-jsonschema and ajv (the last two in their default modes, run by
tests/schema_support.py); all four must agree. Agreement is judged on samples
whose validity both a JSON Schema and the real loader can decide: the shape of
one file, i.e. its fields, their types, choices, id and date formats, list lengths
and ids listed twice in one list. Beyond a schema, and so left out of the samples,
is everything that needs other files, the seeds or the calendar: an id that names
nothing (a cross-reference), a quote not found in its source, a day that does not
exist (2023-02-30), a period with no date or ending before it starts, an inferred
date without reasoning, two records with one id.

The two also read YAML scalars differently: the schema sees values typed as an
editor's YAML language server types them (YAML 1.2, so an unquoted 2024 is a
number), while the loader reads any scalar as text where a field wants text. The
samples keep to values both read alike.
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from generator.commands.schema import content_files, schema_name, schema_texts
from tests.browser_support import missing_tool
from tests.conftest import FIXTURES, REPO, Project, Run
from tests.schema_support import (
    BROKEN_SCHEMA,
    MISSPELT_SCHEMA,
    EditorLoader,
    Instance,
    Report,
    validate_all,
)

COMMITTED = REPO / "schemas"


def test_committed_schemas_are_up_to_date(run: Run, tmp_path: Path) -> None:
    result = run("schema", "--out", str(tmp_path))
    assert result.code == 0, result.err
    assert result.out.count("\n") == 1 and "wrote 7 schemas" in result.out
    fresh = {p.name: p.read_bytes() for p in sorted(tmp_path.iterdir())}
    committed = {p.name: p.read_bytes() for p in sorted(COMMITTED.glob("*.json"))}
    stale = sorted(
        name for name in fresh.keys() | committed.keys() if fresh.get(name) != committed.get(name)
    )
    assert not stale, f"schemas/ is stale ({', '.join(stale)}): run `explainer schema`"


def test_output_is_deterministic_json() -> None:
    texts = schema_texts()
    assert texts == schema_texts()
    assert sorted(texts) == sorted(schema_name(name) for name in content_files())
    for text in texts.values():
        assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"
        assert text.startswith('{\n  "$schema": "https://json-schema.org/draft/2020-12/schema"')


@pytest.mark.parametrize("name", sorted(schema_texts()))
def test_schemas_are_valid_draft_2020_12(name: str) -> None:
    jsonschema.Draft202012Validator.check_schema(json.loads(schema_texts()[name]))


@pytest.mark.parametrize(
    "content",
    [REPO / "content", FIXTURES / "tram" / "content"],
    ids=["story", "tram"],
)
def test_yaml_files_point_at_their_schema(content: Path) -> None:
    for path in sorted(content.glob("*.yaml")):
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        prefix = "# yaml-language-server: $schema="
        assert first.startswith(prefix), f"{path} does not start with the schema comment"
        target = (path.parent / first.removeprefix(prefix)).resolve()
        assert target == (COMMITTED / schema_name(path.name)).resolve(), path


def test_schema_describes_fields_from_the_model() -> None:
    events = json.loads(schema_texts()["events.schema.json"])
    event = events["$defs"]["Event"]
    assert events["type"] == "array" and events["items"] == {"$ref": "#/$defs/Event"}
    assert event["additionalProperties"] is False
    assert event["required"] == ["id", "date", "status", "title", "summary", "citations"]
    assert event["properties"]["citations"]["minItems"] == 1
    assert event["properties"]["date"]["description"].startswith("YYYY, YYYY-MM or YYYY-MM-DD")
    assert "null" in event["properties"]["date_resolution"]["anyOf"][1]["type"]
    offers = json.loads(schema_texts()["offers.schema.json"])
    terms = offers["$defs"]["Offer"]["properties"]["terms"]
    assert terms["additionalProperties"] == {"$ref": "#/$defs/Cell"}
    assert "propertyNames" in terms


# --- agreement between the schema and the loader -------------------------------------------

Change = Callable[[Any], Any]


@dataclass(frozen=True)
class Sample:
    """A content file of the tram story, as it is or changed; valid or not."""

    name: str
    file: str
    valid: bool
    change: Change | None = None  # applied to the parsed data, which is then written as YAML
    text: tuple[str, str] | None = None  # or: one piece of the file's text replaced


def setting(path: str, value: Any) -> Change:
    """Set a value at a dotted path (list indexes as numbers); return the data."""

    def change(data: Any) -> Any:
        *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        target = data
        for part in parents:
            target = target[part]
        target[last] = value
        return data

    return change


def removing(path: str) -> Change:
    """Remove a key at a dotted path; return the data."""

    def change(data: Any) -> Any:
        *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        target = data
        for part in parents:
            target = target[part]
        del target[last]
        return data

    return change


def renaming_key(path: str, old: str, new: str) -> Change:
    """Rename a key of the mapping at a dotted path, keeping its value."""

    def change(data: Any) -> Any:
        target = data
        for part in [int(p) if p.isdigit() else p for p in path.split(".")]:
            target = target[part]
        target[new] = target.pop(old)
        return data

    return change


def both(*changes: Change) -> Change:
    def change(data: Any) -> Any:
        for one in changes:
            data = one(data)
        return data

    return change


SAMPLES = [
    # The fixture's own files, as they are.
    *(Sample(f"fixture {name}", name, True) for name in content_files()),
    # Valid changes: optional fields, nulls where allowed, nested records.
    Sample(
        "event with optional fields",
        "events.yaml",
        True,
        both(
            setting("0.date", "2024"),
            setting("0.approximate", True),
            setting("0.by_date", False),
            setting("0.date_resolution", {"wording": "in May", "note": "the vote's month"}),
            setting("0.citations.0.relayed_by", ["Reuters", "news agencies"]),
            setting("0.citations.0.speaker_name", None),
        ),
    ),
    Sample(
        "source with a note",
        "sources.yaml",
        True,
        setting(
            "0.notes",
            [{"as_written": "Lakside", "note": "It is *Lakeside*.", "evidence": "The map."}],
        ),
    ),
    Sample(
        "what to know as text and as a cited point",
        "article.md",
        True,
        setting(
            "what_to_know",
            [
                "A point alone.",
                {
                    "text": "A cited point.",
                    "citations": [{"source": "gazette", "quote": "The contract is worth €210m."}],
                },
                {"text": "A point of our own.", "editorial": "Our reading."},
            ],
        ),
    ),
    Sample("unquoted full date", "events.yaml", True, text=('"2024-03-12"', "2024-03-12")),
    Sample("unquoted year", "events.yaml", True, text=('date: "2024-05"', "date: 2024")),
    Sample(
        "actor with nulls and aliases",
        "actors.yaml",
        True,
        both(setting("0.short_name", None), setting("0.aliases", ["the council"])),
    ),
    Sample(
        "site with optional fields",
        "site.yaml",
        True,
        both(setting("base_url", None), setting("home_label", "Story")),
    ),
    Sample(
        "offer with maker, basis and null claim id",
        "offers.yaml",
        True,
        both(
            setting("offers.0.maker", "nordbahn"),
            setting("offers.0.basis", {"status": {"editorial": "Our reading."}}),
            setting("offers.1.citations.0.speaker", None),
        ),
    ),
    Sample(
        "a dispute with one side",
        "offers.yaml",
        False,
        setting("disputes.0.sides", [{"who": "Officials", "claims": ["officials-later-delivery"]}]),
    ),
    Sample(
        "a retired field", "offers.yaml", False, setting("offers.1.terms.delivery.disputed", "x")
    ),
    Sample(
        "an id listed twice", "events.yaml", False, setting("1.actors", ["lakeside", "lakeside"])
    ),
    Sample("article with standfirst", "article.md", True, setting("standfirst", "A *short* line.")),
    # Invalid: unknown fields.
    Sample("unknown field", "events.yaml", False, setting("0.colour", "red")),
    Sample("misspelt field", "events.yaml", False, renaming_key("1", "summary", "sumary")),
    Sample(
        "unknown field in a citation",
        "offers.yaml",
        False,
        setting("offers.0.citations.0.page", "3"),
    ),
    Sample("unknown field in publisher", "site.yaml", False, setting("publisher.email", "a@b.c")),
    Sample("unknown front matter field", "article.md", False, setting("tags", ["trams"])),
    # Invalid: missing required fields.
    Sample("missing field", "actors.yaml", False, removing("1.kind")),
    Sample("missing nested record", "site.yaml", False, removing("pages.not_found")),
    Sample("missing quote", "events.yaml", False, removing("0.citations.0.quote")),
    # Invalid: wrong types.
    Sample("string for list", "events.yaml", False, setting("0.actors", "lakeside")),
    Sample("list for string", "events.yaml", False, setting("0.title", ["Council", "vote"])),
    Sample("mapping for string", "site.yaml", False, setting("title", {"text": "Trams"})),
    Sample("list for front matter title", "article.md", False, setting("title", ["a", "b"])),
    Sample("string for record", "events.yaml", False, setting("0.date_resolution", "in May")),
    Sample("mapping for list file", "sources.yaml", False, lambda data: data[0]),
    Sample("null in required field", "site.yaml", False, setting("language", None)),
    Sample("null in list field with default", "actors.yaml", False, setting("0.aliases", None)),
    Sample("blank text", "events.yaml", False, setting("0.title", "   ")),
    Sample("boolean field with a string", "events.yaml", False, setting("0.approximate", "maybe")),
    # Invalid: choices, dates and ids.
    Sample(
        "bad status meaning",
        "vocabulary.yaml",
        False,
        setting("event_statuses.0.counts_as", "done"),
    ),
    Sample("unknown word", "vocabulary.yaml", False, setting("words", {"what_to_knwo": "Briefly"})),
    Sample("no actor kinds", "vocabulary.yaml", False, setting("actor_kinds", [])),
    Sample(
        "a word of the story's own", "vocabulary.yaml", True, setting("words", {"kicker": "Trams"})
    ),
    Sample("bad date basis", "sources.yaml", False, setting("0.date_basis", "guessed")),
    Sample("date in words", "events.yaml", False, setting("2.date", "June 2026")),
    Sample("month 13", "sources.yaml", False, setting("1.published", "2024-13")),
    # `$` in Python matches before a final line break too
    Sample("a date and a line break", "sources.yaml", False, setting("1.published", "2024-03\n")),
    Sample(
        "unpadded date in a period",
        "actors.yaml",
        False,
        setting("3.roles.0.period.as_of", "2024-3-12"),
    ),
    Sample("bad id", "actors.yaml", False, setting("3.id", "Ana_Ruiz")),
    Sample("bad id in a reference list", "events.yaml", False, setting("0.actors", ["Lakeside"])),
    Sample("id with a final line break", "actors.yaml", False, setting("3.id", "ana-ruiz\n")),
    Sample("id the layout keeps", "events.yaml", False, setting("0.id", "main")),
    Sample("id like a year's anchor", "events.yaml", False, setting("0.id", "year-2024")),
    Sample("id like a passage's anchor", "sources.yaml", False, setting("1.id", "gazette-q1")),
    Sample("id near a kept one", "events.yaml", True, setting("0.id", "main-vote")),
    Sample(
        "bad id as a terms key",
        "offers.yaml",
        False,
        renaming_key("offers.0.terms", "price", "Price"),
    ),
    # Invalid: lists that need an item.
    Sample("no citations", "events.yaml", False, setting("0.citations", [])),
    Sample("no claims in a cell", "offers.yaml", False, setting("offers.0.terms.price.claims", [])),
    Sample("no dimensions", "offers.yaml", False, setting("dimensions", [])),
    Sample("empty list file", "sources.yaml", False, lambda data: []),
    Sample("no points to know", "article.md", False, setting("what_to_know", [])),
    Sample(
        "role without citations",
        "actors.yaml",
        False,
        setting("3.roles.0.citations", []),
    ),
    # An id listed twice in one list, next to itself or apart, is invalid in every list of
    # ids; listed once, it is fine.
    Sample(
        "an actor listed twice, apart",
        "events.yaml",
        False,
        setting("1.actors", ["lakeside", "nordbahn", "lakeside"]),
    ),
    Sample(
        "an offer listed twice",
        "events.yaml",
        False,
        setting("1.offers", ["nordbahn-bid", "nordbahn-bid"]),
    ),
    Sample(
        "a claim listed twice on a side",
        "offers.yaml",
        False,
        setting("disputes.0.sides.0.claims", ["officials-later-delivery"] * 2),
    ),
    Sample(
        "an event on a side",
        "offers.yaml",
        True,
        setting("disputes.0.sides.1.events", ["nordbahn-chosen"]),
    ),
    Sample(
        "an event listed twice on a side",
        "offers.yaml",
        False,
        setting("disputes.0.sides.1.events", ["nordbahn-chosen", "nordbahn-chosen"]),
    ),
    # Addresses: the build's rule, not a validator's idea of a URI.
    Sample(
        "an address with an accent and a pipe",
        "sources.yaml",
        True,
        setting("0.url", "https://gazette.example/tram/café|plan"),
    ),
    Sample("an address that is not http", "sources.yaml", False, setting("0.url", "ftp://a.b/c")),
    Sample("an address with a space", "sources.yaml", False, setting("1.url", "https://a.b/c d")),
    Sample("a relative address", "site.yaml", False, setting("publisher.url", "/about")),
    Sample(
        "an address and a line break",
        "site.yaml",
        False,
        setting("publisher.url", "https://example.org/\n"),
    ),
]


def split_article(text: str) -> tuple[str, str]:
    """An article's front matter and the rest (the closing fence and the body)."""
    assert text.startswith("---\n")
    front, rest = text[4:].split("\n---\n", 1)
    return front + "\n", rest


def write_sample(project: Project, sample: Sample) -> str:
    """Write the sample into the project; return the YAML the schema is to judge."""
    front, text = sample_text(sample)
    project.write(sample.file, text)
    return front


def sample_text(sample: Sample) -> tuple[str, str]:
    """The YAML the schema is to judge, and the whole file with it."""
    original = (FIXTURES / "tram" / "content" / sample.file).read_text(encoding="utf-8")
    is_article = sample.file.endswith(".md")
    front, body = split_article(original) if is_article else (original, "")
    if sample.text is not None:
        old, new = sample.text
        assert old in front, f"{old!r} not in {sample.file}"
        front = front.replace(old, new, 1)
    if sample.change is not None:
        data = sample.change(copy.deepcopy(yaml.load(front, Loader=EditorLoader)))
        front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    return front, f"---\n{front}---\n{body}" if is_article else front


def valid_per_schema(sample: Sample, front: str) -> bool:
    schema = json.loads(schema_texts()[schema_name(sample.file)])
    instance = yaml.load(front, Loader=EditorLoader)
    return jsonschema.Draft202012Validator(schema).is_valid(instance)


def valid_per_loader(project: Project, run: Run, sample: Sample) -> tuple[bool, list[str]]:
    """Whether `explainer check` finds no error in the sample's file; the errors it found."""
    result = run(*project.args("check", "--format", "json"))
    assert "Traceback" not in result.err
    errors = json.loads(result.out)["errors"]
    found = [
        f"{e['path']}:{e['line']}: {e['message']}"
        for e in errors
        if Path(e["path"]).name == sample.file
    ]
    return not found, [f"{e['path']}: {e['message']}" for e in errors]


def test_samples_cover_every_file_and_enough_mistakes() -> None:
    assert {s.file for s in SAMPLES} == set(content_files())
    assert sum(not s.valid for s in SAMPLES) >= 15
    assert len({s.name for s in [*SAMPLES, *LIMITS]}) == len(SAMPLES) + len(LIMITS)


@pytest.fixture(scope="module")
def external(tmp_path_factory: pytest.TempPathFactory) -> Report:
    """Every sample judged by check-jsonschema and by ajv, each run once over them all."""
    instances = [
        Instance(s.name, schema_name(s.file), sample_text(s)[0]) for s in [*SAMPLES, *LIMITS]
    ]
    return validate_all(instances, tmp_path_factory.mktemp("validators"))


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.name for s in SAMPLES])
def test_validators_and_loader_agree(
    project: Project, run: Run, external: Report, sample: Sample
) -> None:
    """The same sample, judged by jsonschema, check-jsonschema, ajv and `explainer check`."""
    front = write_sample(project, sample)
    by_loader, errors = valid_per_loader(project, run, sample)
    found = {tool: by_key[sample.name] for tool, by_key in external.instances.items()}
    verdicts = {
        "explainer check": by_loader,
        "jsonschema": valid_per_schema(sample, front),
        **{tool: not problems for tool, problems in found.items()},
    }
    judged = ", ".join(f"{tool} {'valid' if ok else 'invalid'}" for tool, ok in verdicts.items())
    assert set(verdicts.values()) == {sample.valid}, (
        f"{sample.name}: expected {'valid' if sample.valid else 'invalid'}; {judged}\n"
        f"explainer check: {errors}\n" + "".join(f"{t}: {e}\n" for t, e in found.items())
    )
    if sample.valid:
        assert not errors, f"a valid sample must leave the story valid: {errors}"
    if external.missing:
        missing_tool("; ".join(external.missing))


@pytest.mark.parametrize("tool", ["check-jsonschema", "ajv"])
def test_schemas_pass_the_validators_own_checks(external: Report, tool: str) -> None:
    """check-jsonschema --check-metaschema accepts every schema, and ajv compiles each in
    its strict mode without a warning; a broken schema shows that each would complain."""
    if tool not in external.schemas:
        missing_tool("; ".join(external.missing))
    problems = external.schemas[tool]
    assert problems.keys() == schema_texts().keys() | {BROKEN_SCHEMA, MISSPELT_SCHEMA}
    assert {name: problems[name] for name in schema_texts() if problems[name]} == {}
    assert problems[BROKEN_SCHEMA], f"{tool} accepted a schema with a misspelt type"
    # An unknown keyword is allowed by the metaschema; ajv's strict mode refuses it.
    assert bool(problems[MISSPELT_SCHEMA]) == (tool == "ajv"), problems[MISSPELT_SCHEMA]


LIMITS = [
    Sample("a day the month does not have", "events.yaml", False, setting("1.date", "2024-02-30")),
    Sample("an id that names nothing", "events.yaml", False, setting("0.actors", ["lakesid"])),
    Sample(
        "a quote not in its source", "events.yaml", False, setting("0.citations.0.quote", "No.")
    ),
    # A story declares its own statuses (vocabulary.yaml): one file's schema cannot know them.
    Sample("an undeclared event status", "events.yaml", False, setting("1.status", "hapened")),
    Sample("an undeclared offer status", "offers.yaml", False, setting("offers.1.status", "gone")),
]


@pytest.mark.parametrize("sample", LIMITS, ids=[s.name for s in LIMITS])
def test_what_only_the_loader_can_judge(
    project: Project, run: Run, external: Report, sample: Sample
) -> None:
    """The documented limit: these pass the schema, and only `explainer check` catches them."""
    front = write_sample(project, sample)
    assert valid_per_schema(sample, front)
    assert {tool: found[sample.name] for tool, found in external.instances.items()} == {
        tool: [] for tool in external.instances
    }
    assert not valid_per_loader(project, run, sample)[0]
    if external.missing:
        missing_tool("; ".join(external.missing))


def test_every_pattern_is_a_valid_ecmascript_unicode_regex() -> None:
    """Validators read a JSON Schema pattern as an ECMAScript regular expression, in
    unicode mode (ajv by default): an escape Python allows may be a syntax error there."""
    node = shutil.which("node")
    if node is None:
        missing_tool("node is needed to compile the schemas' patterns as ECMAScript")
    patterns = sorted(
        {value for text in schema_texts().values() for value in find_patterns(json.loads(text))}
    )
    script = (
        "const bad = [];"
        "for (const p of JSON.parse(process.argv[1])) {"
        "  try { new RegExp(p, 'u'); } catch (e) { bad.push(p + ': ' + e.message); } }"
        "console.log(JSON.stringify(bad));"
    )
    done = subprocess.run(
        [node, "-e", script, json.dumps(patterns)], capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout) == []
    assert len(patterns) >= 4  # ids, dates, text and addresses at least


def find_patterns(value: Any) -> Iterator[str]:
    """Every `pattern` in a schema."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "pattern" and isinstance(item, str):
                yield item
            else:
                yield from find_patterns(item)
    elif isinstance(value, list):
        for item in value:
            yield from find_patterns(item)
