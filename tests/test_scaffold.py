"""`explainer new`: a new project that builds at once, and never over existing work."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml

from generator.commands.schema import schema_name, schema_texts
from tests.conftest import Run


def test_new_project_builds_at_once(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "story"
    result = run("new", str(folder))
    assert result.code == 0, result.err
    assert "content/events.yaml" in result.out
    assert f"cd {folder} && explainer build --out site" in result.out
    assert "explainer serve" in result.out
    assert not (folder / "templates").exists()  # the build uses the generator's own
    assert [p.name for p in (folder / "seeds").iterdir()] == ["example-gazette.txt"]

    built = run("build", "--content", str(folder / "content"), "--out", str(folder / "site"))
    assert built.code == 0, built.err
    assert (folder / "site" / "index.html").is_file()
    assert "Riverton" in (folder / "site" / "index.html").read_text(encoding="utf-8")
    # An example to copy from: every fact it states is cited or owned, every
    # sentence of its source cited.
    strict = run("check", "--content", str(folder / "content"), "--strict")
    assert strict.code == 0 and "0 errors, 0 warnings" in strict.out, strict.out + strict.err


def test_new_project_has_its_schemas_and_follows_them(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "story"
    assert run("new", str(folder)).code == 0
    for name, text in schema_texts().items():
        assert (folder / "schemas" / name).read_text(encoding="utf-8") == text
    content = folder / "content"
    assert sorted(p.name for p in content.iterdir()) == [
        "actors.yaml",
        "article.md",
        "events.yaml",
        "offers.yaml",
        "site.yaml",
        "sources.yaml",
        "vocabulary.yaml",
    ]
    for path in sorted(content.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        comment = f"# yaml-language-server: $schema=../schemas/{schema_name(path.name)}"
        assert text.split("\n", 1)[0] == comment
        schema = json.loads((folder / "schemas" / schema_name(path.name)).read_text("utf-8"))
        jsonschema.Draft202012Validator(schema).validate(yaml.safe_load(text))


def test_new_into_an_empty_folder_is_fine(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    assert run("new", str(folder)).code == 0
    assert (folder / "content" / "site.yaml").is_file()


def test_new_refuses_a_folder_that_is_not_empty(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    result = run("new", str(folder))
    assert result.code == 2
    assert "exists and is not empty" in result.err
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_new_refuses_a_file(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "story"
    path.write_text("not a folder", encoding="utf-8")
    result = run("new", str(path))
    assert result.code == 2
    assert path.read_text(encoding="utf-8") == "not a folder"
