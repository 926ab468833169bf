"""The JSON Schemas judged by the validators editors and CI tools use: check-jsonschema
(Python) and ajv (JavaScript), each in its default mode, each started once for a
batch of instances, so that a hundred samples cost two process starts, not hundreds.

check-jsonschema reads the YAML itself, as it would an editor's file; ajv, which
reads only JSON, gets the same YAML as the YAML language server parses it.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.commands.schema import DRAFT, write_schemas
from tests.browser_support import NODE_MODULES

AJV_CHECK = Path(__file__).resolve().parent / "ajv_check.js"
CHECK_JSONSCHEMA_BATCH = Path(__file__).resolve().parent / "check_jsonschema_batch.py"
TIMEOUT = 300  # seconds; a batch takes one or two
# Two schemas that show the tools run in the mode the tests mean to test: a misspelt
# type, which the metaschema forbids, so that every validator refuses it, and a
# misspelt keyword, which the metaschema allows and only a strict validator refuses.
BROKEN_SCHEMA = "broken.schema.json"
MISSPELT_SCHEMA = "misspelt.schema.json"
BROKEN = {"$schema": DRAFT, "type": "object", "properties": {"id": {"type": "strin"}}}
MISSPELT = {"$schema": DRAFT, "type": "string", "minLenght": 1}


class EditorLoader(yaml.SafeLoader):
    """YAML read as the language server reads it: dates stay text, as in YAML 1.2."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class Instance:
    """A content file's YAML (an article's front matter) and the schema that judges it."""

    key: str  # unique within a batch
    schema: str  # a schema's file name, as schema_texts() names it
    text: str


@dataclass
class Report:
    """What each validator found: per schema, its problems; per instance, its errors."""

    schemas: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    instances: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # why a validator could not run


def check_jsonschema_command() -> list[str] | str:
    """The command that runs check-jsonschema, or why it cannot run."""
    if importlib.util.find_spec("check_jsonschema") is None:
        return "check-jsonschema is not installed: run `make .venv/.installed` (the dev extra)"
    return [sys.executable, str(CHECK_JSONSCHEMA_BATCH)]


def ajv_command() -> list[str] | str:
    """The command that runs tests/ajv_check.js, or why it cannot run."""
    node = shutil.which("node")
    if node is None:
        return "node not found: install Node.js and npm (apt-get install npm) to run ajv"
    if not (NODE_MODULES / "ajv").is_dir():
        return f"{NODE_MODULES / 'ajv'} not found: run `npm ci --ignore-scripts` to install ajv"
    return [node, str(AJV_CHECK)]


@dataclass(frozen=True)
class Batch:
    """The files the validators read: the schemas by name, each instance's YAML by
    schema and key, and the manifest ajv_check.js reads (which names their JSON)."""

    schemas: dict[str, Path]
    files: dict[str, dict[str, Path]]
    manifest: Path


def write_batch(instances: list[Instance], work: Path) -> Batch:
    """Write the schemas, the broken ones too, and each instance as YAML and JSON."""
    schemas = {path.name: path for path in write_schemas(work / "schemas")}
    for name, schema in ((BROKEN_SCHEMA, BROKEN), (MISSPELT_SCHEMA, MISSPELT)):
        schemas[name] = work / "schemas" / name
        schemas[name].write_text(json.dumps(schema), encoding="utf-8")
    (work / "instances").mkdir()
    files: dict[str, dict[str, Path]] = {}
    json_files: dict[str, list[str]] = {}
    for number, instance in enumerate(instances):
        path = work / "instances" / f"{number:03d}.yaml"
        path.write_text(instance.text, encoding="utf-8")
        data = yaml.load(instance.text, Loader=EditorLoader)
        path.with_suffix(".json").write_text(json.dumps(data), encoding="utf-8")
        files.setdefault(instance.schema, {})[instance.key] = path
        json_files[instance.key] = [instance.schema, str(path.with_suffix(".json"))]
    manifest = work / "manifest.json"
    paths = {name: str(path) for name, path in schemas.items()}
    manifest.write_text(json.dumps({"schemas": paths, "instances": json_files}), "utf-8")
    return Batch(schemas, files, manifest)


def validate_all(instances: list[Instance], work: Path) -> Report:
    """Every schema compiled and every instance validated by each external validator,
    the validators running side by side."""
    assert len({i.key for i in instances}) == len(instances), "instance keys must be unique"
    batch = write_batch(instances, work)
    tools = {
        "check-jsonschema": (check_jsonschema_command(), with_check_jsonschema),
        "ajv": (ajv_command(), with_ajv),
    }
    report = Report()
    running = {}
    with ThreadPoolExecutor() as pool:
        for tool, (command, runner) in tools.items():
            if isinstance(command, str):
                report.missing.append(command)
            else:
                running[tool] = pool.submit(runner, command, batch)
    for tool, future in running.items():
        report.schemas[tool], report.instances[tool] = future.result()
    return report


Found = tuple[dict[str, list[str]], dict[str, list[str]]]  # problems by schema, errors by key


def with_check_jsonschema(command: list[str], batch: Batch) -> Found:
    """The schemas checked against their metaschema, then each schema's instances: one
    run of the command line per schema, as it takes one schema a run."""
    runs = [
        ["--check-metaschema", *batch.schemas.values()],
        *(
            ["--schemafile", batch.schemas[name], *files.values()]
            for name, files in batch.files.items()
        ),
    ]
    argvs = [["--output-format", "json", *map(str, argv)] for argv in runs]
    (meta_status, meta), *checks = run_json(command, json.dumps(argvs))
    statuses = [meta_status] + [status for status, _ in checks]
    assert set(statuses) <= {0, 1}, f"check-jsonschema exit statuses {statuses} ({argvs})"
    instances: dict[str, list[str]] = {}
    for files, (_, report) in zip(batch.files.values(), checks, strict=True):
        instances.update(errors_by_key(files, report))
    return errors_by_key(batch.schemas, meta), instances


def with_ajv(command: list[str], batch: Batch) -> Found:
    """The schemas compiled and the instances validated by ajv, in one run."""
    found = run_json([*command, str(batch.manifest)])
    return found["schemas"], found["instances"]


def run_json(command: list[str], stdin: str = "") -> Any:
    """Run a validator; its JSON report. Any other outcome fails the test: a validator
    that crashed must not pass for one that found the instance invalid."""
    done = subprocess.run(
        command, input=stdin, capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    shown = " ".join(command)
    assert done.returncode == 0, f"{shown}: exit status {done.returncode}\n{done.stderr}"
    assert not done.stderr.strip(), f"{shown} wrote to stderr:\n{done.stderr}"
    return json.loads(done.stdout)


def errors_by_key(files: dict[str, Path], report: Any) -> dict[str, list[str]]:
    """check-jsonschema's JSON report as each file's error messages, by the file's key;
    a file it could not parse is a mistake of the harness, not an invalid instance."""
    assert not report["parse_errors"], report["parse_errors"]
    errors: dict[str, list[str]] = {}
    for error in report["errors"]:
        errors.setdefault(error["filename"], []).append(f"{error['path']}: {error['message']}")
    found = {key: errors.pop(str(path), []) for key, path in files.items()}
    assert not errors, f"errors in files not checked: {errors}"
    return found
