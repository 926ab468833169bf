"""YAML's traps, each handled on purpose: what an editor types is what the site shows."""

from __future__ import annotations

import os
import shutil
import time

import pytest
import yaml

from generator.load.yaml_nodes import compose
from tests.conftest import Project, Run
from tests.htmlscan import scan
from tests.pictures import add_picture


def test_yes_no_on_off_stay_text_in_text_fields(project: Project, run: Run) -> None:
    project.edit("events.yaml", "  title: Council chooses Nordbahn", "  title: no")
    project.edit("actors.yaml", "  name: Nordbahn", "  name: on")
    project.edit("offers.yaml", "    label: Price", "    label: yes")
    assert run(*project.args("build", "-q")).code == 0
    assert "no" in [h.text for h in scan(project.site / "timeline/index.html").find("h3")]
    assert "on" in [h.text for h in scan(project.site / "actors/index.html").find("h3")]


def test_dates_and_numbers_stay_text_in_text_fields(project: Project, run: Run) -> None:
    project.edit("events.yaml", "  title: Council chooses Nordbahn", "  title: 2024-03-12")
    project.edit("actors.yaml", "  name: Nordbahn", "  name: 1e3")
    project.edit("offers.yaml", "    label: Price", "    label: 0o17")
    assert run(*project.args("build", "-q")).code == 0
    titles = [h.text for h in scan(project.site / "timeline/index.html").find("h3")]
    assert "2024-03-12" in titles
    assert "1e3" in [h.text for h in scan(project.site / "actors/index.html").find("h3")]
    assert "0o17" in (project.site / "offers/index.html").read_text()


def test_an_unquoted_date_is_read_as_written(project: Project, run: Run) -> None:
    project.edit("events.yaml", 'date: "2024-03-12"', "date: 2024-03-12")
    assert run(*project.args("build", "-q")).code == 0
    assert '<time datetime="2024-03-12">' in (project.site / "timeline/index.html").read_text()


def test_text_where_a_boolean_is_meant(project: Project, run: Run) -> None:
    project.edit(
        "events.yaml", "  status: expected\n", "  status: expected\n  approximate: maybe\n"
    )
    result = run(*project.args("check"))
    assert result.code == 1
    assert "expected true or false, but the value is 'maybe'" in result.err


def test_a_byte_order_mark_and_crlf_line_endings_are_accepted(project: Project, run: Run) -> None:
    for name in ("events.yaml", "article.md"):
        path = project.content / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert run(*project.args("build", "-q")).code == 0
    project.edit("events.yaml", "  status: happened", "  status: hapened")
    line = project.line_of("events.yaml", "status: hapened")
    result = run(*project.args("check"))
    # Lines still count right.
    assert f"events.yaml:{line}:11: status: 'hapened' is not an event" in result.err


def test_cr_only_line_endings_build_the_same_site(project: Project, run: Run) -> None:
    assert run(*project.args("build", "-q")).code == 0
    before = {p: p.read_bytes() for p in sorted(project.site.rglob("*")) if p.is_file()}
    for folder in (project.content, project.seeds):
        for path in folder.iterdir():
            path.write_bytes(path.read_bytes().replace(b"\n", b"\r"))
    result = run(*project.args("build", "-q"))
    assert result.code == 0, result.err
    assert {p: p.read_bytes() for p in sorted(project.site.rglob("*")) if p.is_file()} == before
    project.edit("events.yaml", "  status: happened", "  status: hapened")
    result = run(*project.args("check"))
    assert "status: 'hapened' is not an event" in result.err  # at a line, not a crash


@pytest.mark.parametrize("line_break", ["\r", "\x85", "\u2028", "\u2029"])
def test_a_line_break_only_yaml_knows_is_no_crash(
    project: Project, run: Run, line_break: str
) -> None:
    """One list item that YAML reads as two, were it cut on newlines alone."""
    project.edit("sources.yaml", "stated\n- id: courier", f"stated{line_break}- id: courier")
    result = run(*project.args("check"))
    assert result.code == 0, result.err  # YAML's reading of the file, whole


def test_a_list_where_a_mapping_is_expected(project: Project, run: Run) -> None:
    project.write("site.yaml", "- title: A site\n- description: two items\n")
    result = run(*project.args("check"))
    assert result.code == 1
    assert (
        "site.yaml:1:1: expected a mapping of keys to values, but the value is a list" in result.err
    )


def test_a_scalar_file(project: Project, run: Run) -> None:
    project.write("offers.yaml", "just some words\n")
    result = run(*project.args("check"))
    assert result.code == 1
    assert "offers.yaml:1:1: expected a mapping of keys to values" in result.err


def test_alias_expansion_is_refused_in_bounded_time(project: Project, run: Run) -> None:
    laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        previous, name = chr(96 + level), chr(97 + level)
        laughs.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    project.write("site.yaml", "\n".join(laughs) + "\n")
    started = time.perf_counter()
    result = run(*project.args("check"))
    assert time.perf_counter() - started < 5
    assert result.code == 1
    assert "YAML anchors and aliases are not supported in content" in result.err


def test_a_file_over_the_size_limit_is_refused(project: Project, run: Run) -> None:
    path = project.content / "events.yaml"
    path.write_text(path.read_text() + "# " + "x" * (6 * 2**20) + "\n")
    result = run(*project.args("check"))
    assert result.code == 1
    assert "events.yaml:1:1: file is" in result.err and "over the limit of 5242880" in result.err
    assert run(*project.args("check", "--max-file-mb", "8")).code == 0


def test_a_source_file_may_not_leave_the_seeds_folder(project: Project, run: Run) -> None:
    outside = project.root / "secret.txt"
    outside.write_text("Lakeside city council on Tuesday chose Nordbahn")
    for attempt in (str(outside), "../secret.txt", "link.txt"):
        if attempt == "link.txt":
            os.symlink(outside, project.seeds / "link.txt")
        project.edit("sources.yaml", "file: gazette.txt", f"file: {attempt}")
        result = run(*project.args("check"))
        assert result.code == 1, attempt
        assert "is outside the seeds folder" in result.err, attempt
        project.edit("sources.yaml", f"file: {attempt}", "file: gazette.txt")


def test_a_loop_of_links_in_the_seeds_is_an_error_at_the_source(project: Project, run: Run) -> None:
    (project.seeds / "gazette.txt").unlink()
    os.symlink("gazette.txt", project.seeds / "gazette.txt")  # a link to itself
    os.symlink("b.txt", project.seeds / "a.txt")
    os.symlink("a.txt", project.seeds / "b.txt")
    line = project.line_of("sources.yaml", "file: gazette.txt")
    result = run(*project.args("build"))
    assert result.code == 1
    assert (
        f"sources.yaml:{line}:9: source file 'gazette.txt' cannot be opened: "
        "Too many levels of symbolic links\n" in result.err
    ), result.err  # in words: no "[Errno 40]", no path the message names already
    assert "hint: name a file in the seeds folder" in result.err
    assert "internal error" not in result.err
    shutil.rmtree(project.seeds)
    project.seeds.symlink_to(project.seeds)  # the folder itself a loop
    result = run(*project.args("build"))
    assert result.code == 1 and "internal error" not in result.err, result.err
    assert "Too many levels of symbolic links" in result.err


def test_a_loop_of_links_for_a_picture_is_an_error_at_the_picture(
    project: Project, run: Run
) -> None:
    add_picture(project.content, b"")
    picture = project.content / "media" / "tram.png"
    picture.unlink()
    picture.symlink_to(picture)
    result = run(*project.args("build"))
    assert result.code == 1
    assert (
        "picture 'media/tram.png' cannot be opened: Too many levels of symbolic links\n"
        in result.err
    ), result.err


def test_templates_quote_every_attribute() -> None:
    import re

    from tests.conftest import REPO

    jinja = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.S)
    tag = re.compile(r"<[a-zA-Z][^<>]*>")
    attribute = re.compile(r"\s([a-zA-Z:-]+)(?:=(\"[^\"]*\"|'[^']*'|[^\s>]+))?")
    checked = 0
    for template in sorted((REPO / "templates").glob("*.html")):
        # Jinja code is replaced by a word, so `{{ x }}` left bare counts as unquoted.
        text = jinja.sub("JINJA", template.read_text())
        for element in tag.findall(text):
            for name, value in attribute.findall(element):
                checked += 1
                assert not value or value[0] in "\"'", f"{template.name}: {name}={value}"
    assert checked > 100


def test_control_characters_and_foreign_digits_are_refused(project: Project, run: Run) -> None:
    project.edit("events.yaml", "  title: First trams due", '  title: "First \\e[31m trams"')
    project.edit("events.yaml", 'date: "2026-06"', 'date: "\u0662\u0660\u0662\u0666-\u0660\u0666"')
    result = run(*project.args("check"))
    assert result.code == 1
    assert "has control characters" in result.err
    assert "is not a date" in result.err


def node_tags(node: yaml.Node) -> list[object]:
    """Every node's kind and tag, depth first."""
    found: list[object] = [(type(node).__name__, node.tag)]
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            found += node_tags(child)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            found += node_tags(key) + node_tags(value)
    return found


@pytest.mark.parametrize(
    "document",
    [
        "a: [1, {b: c}]\nd: 2019-03-01\ne: 1.5\nf: ~\ng: yes\nh: 0x1f\ni: .inf\nj: '1'",
        "- x\n- {y: [1, 2]}\n- null\n- ''\n- \"no\"\n- <<\n- =",
        "? [a]\n: b\n!!map {a: 1}: ! {a: 1}\nk: !!seq [a]\nl: !!str 1",
        "- &a x\n- *a\n- !!binary aGk=",
    ],
)
def test_the_loader_gives_every_node_the_safe_loaders_tag(document: str) -> None:
    expected = yaml.compose(document, Loader=yaml.SafeLoader)
    assert node_tags(compose(document)) == node_tags(expected)


def test_an_unclosed_quote_is_reported_where_it_opened(project: Project, run: Run) -> None:
    project.edit(
        "events.yaml", "  title: Council chooses Nordbahn\n", '  title: "Council chooses Nordbahn\n'
    )
    line = project.line_of("events.yaml", 'title: "Council chooses')
    result = run(*project.args("check"))
    assert result.code == 1
    assert (
        f'events.yaml:{line}:10: YAML syntax error: the quoted value opened here with " is '
        "never closed"
    ) in result.err
    assert 'hint: end the value with " on this line' in result.err


def test_a_colon_in_a_value_is_explained(project: Project, run: Run) -> None:
    project.edit(
        "site.yaml", "title: Lakeside's tram decision", "title: Lakeside: the tram decision"
    )
    result = run(*project.args("check"))
    assert result.code == 1
    assert "site.yaml:2:16: YAML syntax error: a ':' followed by a space inside a value" in (
        result.err
    )
    assert "put the whole value in quotes" in result.err


@pytest.mark.parametrize("tag", ["!!binary", "!!python/object:os.system", "!local", "!!set"])
@pytest.mark.parametrize("command", ["build", "check"])
def test_a_tag_written_out_is_an_error(project: Project, run: Run, tag: str, command: str) -> None:
    """Was: the tag dropped without a word and the value published as text
    (`!!binary aGVsbG8=` showed `aGVsbG8=`)."""
    project.edit("events.yaml", "summary: ", f"summary: {tag} ")
    result = run(*project.args(command))
    assert result.code == 1
    line = project.line_of("events.yaml", tag)
    assert f"events.yaml:{line}:12: the YAML tag '{tag}' is not read" in result.err
