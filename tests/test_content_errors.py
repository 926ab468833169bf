"""Each kind of content error is reported as `path:line:column: message`, all together."""

from __future__ import annotations

import re

from tests.conftest import Project, Run


def errors_of(result_err: str) -> list[str]:
    """The `path:line:column: message` lines of an error report."""
    return [line for line in result_err.splitlines() if re.match(r"^\S+:\d+:\d+: ", line)]


def check(project: Project, run: Run) -> list[str]:
    result = run(*project.args("check"))
    assert result.code == 1, result.err
    assert "Traceback" not in result.err
    return errors_of(result.err)


def in_file(errors: list[str], name: str) -> list[str]:
    """The errors as `name:line:column: message`, the folder left out (all must be in name)."""
    assert all(e.split(":")[0].endswith("/" + name) for e in errors), errors
    return [name + e.split(name, 1)[1] for e in errors]


def test_yaml_syntax_error_has_position(project: Project, run: Run) -> None:
    project.edit("actors.yaml", "  name: Nordbahn", "  name: [Nordbahn")
    line = project.line_of("actors.yaml", "[Nordbahn")
    errors = check(project, run)
    assert len(errors) == 1
    assert re.search(rf"actors\.yaml:{line + 1}:\d+: YAML syntax error", errors[0])


def test_tab_indentation_gets_a_hint(project: Project, run: Run) -> None:
    project.edit("actors.yaml", "  name: Nordbahn", "\tname: Nordbahn")
    result = run(*project.args("check"))
    assert result.code == 1
    assert "YAML syntax error" in result.err
    assert "spaces, not tabs" in result.err


def test_duplicate_key_is_an_error(project: Project, run: Run) -> None:
    project.edit("actors.yaml", "  name: Nordbahn\n", "  name: Nordbahn\n  name: Nordbahn AG\n")
    line = project.line_of("actors.yaml", "Nordbahn AG")
    errors = check(project, run)
    assert errors == [
        f"{errors[0].split(':')[0]}:{line}:3: duplicate key 'name' (first set at line {line - 1})"
    ]
    assert errors[0].split(":")[0].endswith("actors.yaml")


def test_duplicate_key_in_a_nested_record_is_an_error(project: Project, run: Run) -> None:
    project.edit(
        "events.yaml",
        "      speaker: ana-ruiz\n",
        "      speaker: ana-ruiz\n      speaker: lakeside\n",
    )
    line = project.line_of("events.yaml", "speaker: lakeside")
    assert in_file(check(project, run), "events.yaml") == [
        f"events.yaml:{line}:7: duplicate key 'speaker' (first set at line {line - 1})"
    ]


def test_a_duplicate_key_is_reported_alone_beside_other_errors_of_its_item(
    project: Project, run: Run
) -> None:
    # As when the whole file is read: its structure is wrong, so its fields are not read.
    project.edit(
        "events.yaml", "  title: First trams due\n", "  title: A\n  title: B\n  colour: red\n"
    )
    line = project.line_of("events.yaml", "title: B")
    assert in_file(check(project, run), "events.yaml") == [
        f"events.yaml:{line}:3: duplicate key 'title' (first set at line {line - 1})"
    ]


def test_an_alias_within_one_item_is_refused(project: Project, run: Run) -> None:
    project.edit("events.yaml", "  title: First trams due", "  title: &t First trams due")
    # Into a field that takes it: the item would read without an error.
    project.edit(
        "events.yaml", "  summary: Nordbahn promised the first trams by June 2026.", "  summary: *t"
    )
    line = project.line_of("events.yaml", "title: &t")  # the node shared: the anchor's
    assert in_file(check(project, run), "events.yaml") == [
        f"events.yaml:{line}:10: YAML anchors and aliases are not supported in content"
    ]


def test_duplicate_keys_under_an_explicit_null_tag_are_an_error(project: Project, run: Run) -> None:
    # `!!null` makes a mapping read as an absent optional value, its keys unread.
    project.edit(
        "events.yaml",
        "  title: First trams due\n",
        "  title: First trams due\n  date_resolution: !!null {wording: a, wording: b}\n",
    )
    line = project.line_of("events.yaml", "date_resolution")
    errors = check(project, run)
    assert len(errors) == 1 and f"events.yaml:{line}:" in errors[0], errors
    assert "duplicate key 'wording'" in errors[0]


def test_unknown_field_suggests_the_known_one(project: Project, run: Run) -> None:
    project.edit("events.yaml", "  summary: Councillors", "  sumary: Councillors")
    line = project.line_of("events.yaml", "sumary:")
    result = run(*project.args("check"))
    assert result.code == 1
    assert re.search(rf"events\.yaml:{line}:3: unknown field 'sumary' in event", result.err)
    assert "did you mean 'summary'?" in result.err


def test_missing_field_names_the_field_and_the_fix(project: Project, run: Run) -> None:
    project.edit(
        "actors.yaml",
        "  kind: company\n  description: The rival bidder.\n",
        "  description: The rival bidder.\n",
    )
    line = project.line_of("actors.yaml", "id: ferrocarril-sur")
    result = run(*project.args("check"))
    assert result.code == 1
    assert re.search(rf"actors\.yaml:{line}:3: missing field 'kind' in actor", result.err)
    assert "add 'kind:'" in result.err


def test_wrong_type_is_reported(project: Project, run: Run) -> None:
    project.edit("events.yaml", "  actors: [lakeside]", "  actors: lakeside")
    line = project.line_of("events.yaml", "actors: lakeside")
    errors = check(project, run)
    assert any(
        re.search(rf"events\.yaml:{line}:11: expected a list, but the value is 'lakeside'", e)
        for e in errors
    ), errors


def test_wrong_choice_suggests_the_closest(project: Project, run: Run) -> None:
    project.edit("sources.yaml", "  date_basis: stated", "  date_basis: stater")
    errors = check(project, run)
    assert len(errors) == 1 and "expected one of 'stated', 'inferred'" in errors[0]
    assert "did you mean 'stated'?" in run(*project.args("check")).err


def test_undeclared_status_lists_those_the_story_declares(project: Project, run: Run) -> None:
    project.edit("events.yaml", "  status: happened", "  status: hapened")
    line = project.line_of("events.yaml", "status: hapened")
    errors = check(project, run)
    assert len(errors) == 1
    assert (
        f"events.yaml:{line}:11: status: 'hapened' is not an event status the story " in (errors[0])
    )
    said = run(*project.args("check")).err
    assert "did you mean 'happened'?" in said
    assert "'announced', 'expected', 'happened', 'reported'" in said


def test_invalid_date_is_reported(project: Project, run: Run) -> None:
    project.edit("events.yaml", 'date: "2024-03-12"', 'date: "2024-02-30"')
    line = project.line_of("events.yaml", "2024-02-30")
    errors = check(project, run)
    assert len(errors) == 1
    assert re.search(rf"events\.yaml:{line}:9: invalid date: '2024-02-30' is not a day", errors[0])


def test_badly_formed_date_is_reported(project: Project, run: Run) -> None:
    project.edit("events.yaml", 'date: "2026-06"', "date: June 2026")
    errors = check(project, run)
    assert len(errors) == 1
    assert "invalid date: 'June 2026' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD" in errors[0]


def test_duplicate_id_points_to_both(project: Project, run: Run) -> None:
    project.edit("actors.yaml", "- id: nordbahn\n", "- id: lakeside\n")
    lines = (project.content / "actors.yaml").read_text().split("\n")
    first, second = [n for n, line in enumerate(lines, 1) if line == "- id: lakeside"]
    errors = [e for e in check(project, run) if "duplicate id" in e]
    assert len(errors) == 1
    assert errors[0].endswith(f"actors.yaml:{second}:3: duplicate id 'lakeside' in actors")
    assert f"actors.yaml:{first}:3; give each a different id" in run(*project.args("check")).err


def test_unknown_reference_suggests_the_closest_id(project: Project, run: Run) -> None:
    project.edit("events.yaml", "  actors: [lakeside, nordbahn]", "  actors: [lakeside, nordban]")
    result = run(*project.args("check"))
    assert result.code == 1
    assert "actors: unknown actor 'nordban'" in result.err
    assert "did you mean 'nordbahn'?" in result.err


def test_unknown_source_in_citation(project: Project, run: Run) -> None:
    project.edit("actors.yaml", "        - source: gazette", "        - source: gazete")
    line = project.line_of("actors.yaml", "source: gazete")
    errors = check(project, run)
    assert any(
        re.search(rf"actors\.yaml:{line}:19: source: unknown source 'gazete'", e) for e in errors
    ), errors


def test_quote_not_in_source_shows_quote_and_source(project: Project, run: Run) -> None:
    project.edit(
        "events.yaml",
        "quote: Nordbahn promised the first trams by June 2026",
        "quote: Nordbahn promised the first trams by May 2026",
    )
    line = project.line_of("events.yaml", "by May 2026")
    errors = check(project, run)
    assert len(errors) == 1
    assert re.search(rf"events\.yaml:{line}:\d+: quote not found in source 'gazette'", errors[0])
    assert "gazette.txt" in errors[0]
    assert '"Nordbahn promised the first trams by May 2026"' in errors[0]


def test_quote_matching_folds_space_quote_marks_and_case(project: Project, run: Run) -> None:
    seed = project.seeds / "gazette.txt"
    seed.write_text(
        seed.read_text(encoding="utf-8").replace(
            "the city's first tram line", "the city\u2019s first\u00a0tram line"
        ),
        encoding="utf-8",
    )
    project.edit(
        "events.yaml", "build the city's first tram line", "build  the CITY's first tram line"
    )
    assert run(*project.args("check")).code == 0


def test_all_errors_are_reported_together(project: Project, run: Run) -> None:
    project.edit("events.yaml", "  status: happened", "  status: maybe")
    project.edit("actors.yaml", "  kind: company", "  kind: firm")
    project.edit("offers.yaml", "    label: Price", "    label: Price\n    colour: red")
    errors = check(project, run)
    files = {e.split(":")[0].rsplit("/", 1)[-1] for e in errors}
    assert files == {"events.yaml", "actors.yaml", "offers.yaml"}
    assert len(errors) == 3


def test_missing_content_file(project: Project, run: Run) -> None:
    (project.content / "offers.yaml").unlink()
    errors = check(project, run)
    assert len(errors) == 1 and errors[0].endswith("offers.yaml:1:1: missing content file")


def test_not_utf8_names_the_byte(project: Project, run: Run) -> None:
    path = project.content / "actors.yaml"
    path.write_bytes(path.read_bytes().replace(b"Nordbahn", b"Nordb\xe4hn", 1))
    errors = check(project, run)
    assert len(errors) == 1
    assert "not UTF-8: byte 0xe4 at offset" in errors[0]


def test_empty_file_is_an_error(project: Project, run: Run) -> None:
    project.write("events.yaml", "")
    errors = check(project, run)
    assert len(errors) == 1 and "events.yaml:1:1: the file is empty" in errors[0]


def test_mapping_where_a_list_is_expected(project: Project, run: Run) -> None:
    project.write("sources.yaml", "id: gazette\n")
    errors = check(project, run)
    assert any("sources.yaml:1:1: expected a list, but the value is a mapping" in e for e in errors)


def test_aliases_are_refused(project: Project, run: Run) -> None:
    project.edit("actors.yaml", "  kind: organisation", "  kind: &k organisation")
    project.edit("actors.yaml", "  kind: company", "  kind: *k")
    result = run(*project.args("check"))
    assert result.code == 1
    assert "anchors and aliases are not supported" in result.err


def test_inferred_date_needs_reasoning(project: Project, run: Run) -> None:
    project.edit(
        "sources.yaml",
        "  date_reasoning: The text has no date; it answers the "
        "Gazette's report of 12 March 2024.\n",
        "",
    )
    result = run(*project.args("check"))
    assert result.code == 1
    assert "source 'courier' has an inferred date but no reasoning" in result.err


def test_unknown_link_in_article_has_its_line(project: Project, run: Run) -> None:
    project.edit("article.md", "(event:nordbahn-chosen) for", "(event:nordbahn-chose) for")
    line = project.line_of("article.md", "event:nordbahn-chose)")
    column = (project.content / "article.md").read_text().split("\n")[line - 1].index("](") + 1
    errors = check(project, run)
    assert errors[0].endswith(
        f"article.md:{line}:{column}: link to unknown event 'nordbahn-chose'"
    ), errors
    assert "did you mean 'nordbahn-chosen'?" in run(*project.args("check")).err


def test_source_file_must_stay_inside_seeds(project: Project, run: Run) -> None:
    project.edit("sources.yaml", "file: gazette.txt", "file: ../content/site.yaml")
    result = run(*project.args("check"))
    assert result.code == 1
    assert "is outside the seeds folder" in result.err


def test_text_field_read_as_text_not_boolean(project: Project, run: Run) -> None:
    project.edit("actors.yaml", "  name: Nordbahn", "  name: no")
    assert run(*project.args("check")).code == 0


def test_a_misquote_shows_the_closest_passage_and_what_differs(project: Project, run: Run) -> None:
    project.edit(
        "events.yaml",
        "on Tuesday chose Nordbahn to build the city's first tram line",
        "on Monday picked Nordbahn to build the first tram line",
    )
    result = run(*project.args("check"))
    assert result.code == 1
    assert (
        'the closest passage is "Lakeside city council on Tuesday chose Nordbahn to build the '
        "city's first tram line,\": the source has 'Tuesday chose' where the quote has "
        "'Monday picked'; the quote leaves out 'city's'"
    ) in " ".join(result.err.split())


def test_a_quote_like_nothing_in_its_source_says_to_copy_it(project: Project, run: Run) -> None:
    project.edit(
        "events.yaml",
        "quote: Lakeside city council on Tuesday chose Nordbahn to build the city's first tram",
        "quote: Zebras graze quietly beyond the harbour walls at dusk and",
    )
    result = run(*project.args("check"))
    assert result.code == 1
    assert "copy the passage from the source word for word" in result.err


def test_every_kind_of_error_is_reported_in_one_run(project: Project, run: Run) -> None:
    """A field error in one item does not hide the unknown ids and misquotes of the
    items that could be read."""
    project.edit("events.yaml", 'date: "2024-05"', 'date: "2024-13"')
    project.edit("events.yaml", "actors: [nordbahn]", "actors: [nordbhan]")
    project.edit(
        "events.yaml",
        "quote: Nordbahn promised the first trams by June",
        "quote: Nordbahn promised the first trams by May",
    )
    errors = [e.split(": ", 1)[1] for e in check(project, run)]
    assert [e.split(" (")[0].split(":")[0] for e in errors] == [
        "invalid date",
        "actors",
        "quote not found in source 'gazette'",
    ]


def test_a_reference_to_an_item_with_errors_is_not_also_unknown(project: Project, run: Run) -> None:
    project.edit("actors.yaml", "  name: Nordbahn\n", "  name: Nordbahn\n  colour: red\n")
    errors = check(project, run)
    assert len(errors) == 1 and "unknown field 'colour' in actor" in errors[0]
