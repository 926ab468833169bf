"""`explainer schema`: a JSON Schema for each content file, derived from the model.

The schemas are not written by hand: they are read off the same dataclasses and
type hints that the converter (`generator/convert.py`) reads YAML with, so a field
added to `generator/model.py` appears in them at once. Editors use them through a
first-line comment in each YAML file:

    # yaml-language-server: $schema=../schemas/events.schema.json

The YAML language server (and so VS Code's YAML extension) then completes field
names, shows each field's documentation and marks mistakes as you type.

A schema judges the shape of one file: its fields, types, choices, id and date
formats and list lengths. What needs more than one file or the calendar is left to
`explainer check`: whether an id names something that exists, whether a quote is in
its source, whether 2023-02-30 is a real day, whether a period ends before it starts.
"""

from __future__ import annotations

import argparse
import dataclasses
import inspect
import json
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from generator.load.content import ARTICLE_FILE
from generator.load.default_words import default_words
from generator.model.dates import PartialDate
from generator.model.fields import Ident, Markdown, Url
from generator.model.idents import IDENT_PATTERN
from generator.model.story import ArticleMeta
from generator.validate.converter import editable_fields, is_required, type_hints
from generator.validate.story import MODEL_OF_FILE

DRAFT = "https://json-schema.org/draft/2020-12/schema"
# YYYY, YYYY-MM or YYYY-MM-DD with a month 01-12 and a day 01-31; whether the day
# exists in that month is checked by the validator, not here.
# `$(?!\n)` ends every pattern: in Python, which some validators use, `$` also
# matches before a final line break (see IDENT_PATTERN).
DATE_PATTERN = r"^[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?$(?!\n)"
# Text must hold something other than white space, as the converter requires.
# Some visible character, and no control character but tab and line breaks: the
# same rule as the converter's. (Its plain `$` may match before a final line
# break: text may end in one.)
TEXT_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*\S[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
# An absolute http(s) address with a host and no white space, quotes or angle
# brackets: the same rule as urls.url_problem. Only `\\` and `\xNN` are escaped: a
# JSON Schema pattern is read as an ECMAScript regular expression, in which (in the
# unicode mode validators use) an escaped quote or backtick is a syntax error.
URL_PATTERN = (
    "^[hH][tT][tT][pP][sS]?://[^\\x00-\\x20\\x7f\"'<>\\\\`/?#]+"
    "[^\\x00-\\x20\\x7f\"'<>\\\\`]*$(?!\\n)"
)

JsonObject = dict[str, Any]


def content_files() -> dict[str, Any]:
    """Each content file's name and the type its YAML (or front matter) is read as."""
    files: dict[str, Any] = dict(MODEL_OF_FILE)
    files[ARTICLE_FILE] = ArticleMeta
    return files


def schema_name(content_file: str) -> str:
    """The schema's file name for a content file: events.yaml -> events.schema.json."""
    return content_file.rsplit(".", 1)[0] + ".schema.json"


def class_doc(cls: type) -> str:
    """A class's docstring, as one line."""
    return " ".join(inspect.cleandoc(cls.__doc__ or cls.__name__).split())


class SchemaWriter:
    """Builds the schema of one content file, collecting nested records in $defs."""

    def __init__(self) -> None:
        self.defs: dict[str, JsonObject] = {}

    def of_type(self, hint: Any, meta: Mapping[str, Any]) -> JsonObject:
        """The schema of a value of the given type, as the converter would read it."""
        origin = typing.get_origin(hint)
        if origin in (typing.Union, types.UnionType):
            (inner,) = [a for a in typing.get_args(hint) if a is not type(None)]
            return nullable(self.of_type(inner, meta))
        if dataclasses.is_dataclass(hint) and hint is not PartialDate:
            return self.reference(typing.cast(type, hint))
        if origin is tuple:
            array: JsonObject = {
                "type": "array",
                "items": self.of_type(typing.get_args(hint)[0], meta),
            }
            if meta.get("min_items"):
                array["minItems"] = meta["min_items"]
            if meta.get("ref"):  # a list of ids: each once, as the build requires
                array["uniqueItems"] = True
            return array
        if origin is dict:
            key_hint, value_hint = typing.get_args(hint)
            if meta.get("names") == "words":  # the wording: its names are known
                return words_schema()
            mapping: JsonObject = {
                "type": "object",
                "additionalProperties": self.of_type(value_hint, {}),
            }
            if key_hint is Ident:
                mapping["propertyNames"] = {"pattern": IDENT_PATTERN}
            return mapping
        return scalar(hint)

    def reference(self, cls: type) -> JsonObject:
        """A $ref to a record's schema in $defs, adding it there the first time."""
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # reserved first, so a record may contain itself
            self.defs[name] = self.record(cls)
        short_form = getattr(cls, "SHORT_FORM", None)
        if short_form is not None:  # the record may be written as that one field
            field_schema = self.of_type(type_hints(cls)[short_form], {})
            return {"anyOf": [field_schema, {"$ref": f"#/$defs/{name}"}]}
        return {"$ref": f"#/$defs/{name}"}

    def record(self, cls: type) -> JsonObject:
        """A dataclass as an object: its editable fields, which are required, nothing else."""
        hints = type_hints(cls)
        properties: JsonObject = {}
        required: list[str] = []
        for f in editable_fields(cls):
            described: JsonObject = {}
            if "doc" in f.metadata:
                described["description"] = f.metadata["doc"]
            described.update(self.of_type(hints[f.name], f.metadata))
            if not is_required(f):
                default = json_default(f)
                if default is not None:
                    described["default"] = default
            else:
                required.append(f.name)
            properties[f.name] = described
        schema: JsonObject = {
            "title": cls.__name__,
            "description": class_doc(cls),
            "type": "object",
            "properties": properties,
        }
        if required:
            schema["required"] = required
        schema["additionalProperties"] = False
        return schema


def words_schema() -> JsonObject:
    """The schema of a story's wording: each word the pages use, its default shown."""
    return {
        "type": "object",
        "properties": {
            name: {**scalar(str), "description": f"default: {text}"}
            for name, text in default_words().items()
        },
        "additionalProperties": False,
    }


def scalar(hint: Any) -> JsonObject:
    """The schema of a scalar: text, an id, a date, a boolean or a choice."""
    if hint is Markdown:
        return {
            "type": "string",
            "minLength": 1,
            "pattern": TEXT_PATTERN,
            "contentMediaType": "text/markdown",
        }
    if hint is str:
        return {"type": "string", "minLength": 1, "pattern": TEXT_PATTERN}
    if hint is Ident:
        return {"type": "string", "pattern": IDENT_PATTERN}
    if hint is Url:
        # No `"format": "uri"`: the validators that enforce formats (ajv with
        # ajv-formats, check-jsonschema with a URI library) refuse addresses the build
        # takes, such as https://example.com/café. The pattern is the build's rule.
        return {"type": "string", "pattern": URL_PATTERN}
    if hint is PartialDate:
        # An unquoted year (`date: 2024`) is a number in YAML; the build reads it as a date.
        return {
            "anyOf": [
                {"type": "string", "pattern": DATE_PATTERN},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ]
        }
    if hint is bool:
        return {"type": "boolean"}
    if typing.get_origin(hint) is Literal:
        return {"type": "string", "enum": [str(a) for a in typing.get_args(hint)]}
    raise TypeError(f"the model uses a type the schema writer does not know: {hint!r}")


def nullable(schema: JsonObject) -> JsonObject:
    """A schema that also allows null: an optional field left empty (`~`, `null`, nothing)."""
    if "type" not in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    result = dict(schema)
    result["type"] = [schema["type"], "null"]
    if "enum" in schema:
        result["enum"] = [*schema["enum"], None]
    return result


def json_default(f: dataclasses.Field[Any]) -> Any:
    """An optional field's default as JSON, or None when it has none worth showing."""
    if f.default_factory is not dataclasses.MISSING:
        value: Any = f.default_factory()
    else:
        value = f.default
    if isinstance(value, tuple):
        return list(value)
    if value == "":
        return None  # an empty text is how the model says "not given"; not a value to type
    return value


def file_schema(content_file: str, hint: Any) -> JsonObject:
    """The whole schema of one content file."""
    writer = SchemaWriter()
    if dataclasses.is_dataclass(hint):
        body = writer.record(typing.cast(type, hint))
    else:
        # The converter reads a file's root with min_items 1: a file may not be an empty list.
        body = writer.of_type(hint, {"min_items": 1})
        items = typing.get_args(hint)[0] if typing.get_origin(hint) is tuple else None
        if dataclasses.is_dataclass(items):
            body = {"description": "A list of: " + class_doc(typing.cast(type, items)), **body}
    schema: JsonObject = {"$schema": DRAFT, "title": content_file}
    schema.update((key, value) for key, value in body.items() if key != "title")
    if writer.defs:
        schema["$defs"] = {name: writer.defs[name] for name in sorted(writer.defs)}
    return schema


def render(schema: JsonObject) -> str:
    """A schema as the text written to disk: stable order, indent 2, a final newline."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def schema_texts() -> dict[str, str]:
    """Each schema file's name and text."""
    return {
        schema_name(name): render(file_schema(name, hint)) for name, hint in content_files().items()
    }


def write_schemas(out_dir: Path) -> list[Path]:
    """Write every schema into a folder (created if needed); return the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def run(args: argparse.Namespace) -> int:
    """`explainer schema [--out DIR]`: write the schemas; print what was written."""
    out_dir: Path = args.out
    written = write_schemas(out_dir)
    print(f"wrote {len(written)} schemas to {out_dir}: {', '.join(p.name for p in written)}")
    return 0
