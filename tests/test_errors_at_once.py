"""Every error in one run: an item with a field error is left out, and the items
that could be read are still checked for unknown ids and misquotes. The items are
a list file's, and those of the lists of a mapping file (offers.yaml's dimensions,
offers and disputes; site.yaml's corrections; the article's "what to know")."""

from __future__ import annotations

import json
import re

from tests.conftest import Project, Run

Found = list[tuple[str, int, str]]


def checked(project: Project, run: Run) -> Found:
    """The (file name, line, message) of each error one `check --format json` reports."""
    result = run(*project.args("check", "--format", "json"))
    assert result.code == 1, result.err
    report = json.loads(result.out)
    return [(e["path"].rsplit("/", 1)[-1], e["line"], e["message"]) for e in report["errors"]]


def expected(project: Project, name: str, *errors: tuple[str, str]) -> Found:
    """(name, line, message) for each (text on the line, message), in the file `name`."""
    return [(name, project.line_of(name, text), message) for text, message in errors]


def not_found(source: str, quote: str) -> str:
    """The message of a misquote (its hint aside)."""
    return f"quote not found in source '{source}' ({source}.txt): \"{quote}\""


def test_a_bad_offer_does_not_hide_another_offers_errors(project: Project, run: Run) -> None:
    """A wrong type in one offer's claim; an unknown seller and a misquote in the
    other offer: all three in one run, each at its line. The event naming the offer
    left out is not told that it names an unknown offer."""
    project.edit("offers.yaml", "- statement: €210m.", "- statement: [€210m.]")
    project.edit("offers.yaml", "seller: ferrocarril-sur", "seller: ferrocarril-sud")
    project.edit("offers.yaml", "quote: delivered trams by March 2026", "quote: trams by May 2026")
    assert checked(project, run) == expected(
        project,
        "offers.yaml",
        ("[€210m.]", "expected text, but the value is a list"),
        ("ferrocarril-sud", "seller: unknown actor 'ferrocarril-sud'"),
        ("trams by May 2026", not_found("courier", "trams by May 2026")),
    )


def test_the_claims_of_an_offer_left_out_are_not_unknown(project: Project, run: Run) -> None:
    """An unknown field in the offer whose claims a dispute names: the dispute's names
    of them are not errors; a misquote in the other offer still is."""
    project.edit("offers.yaml", "summary: The losing bid.", "summary: The losing bid.\n    cost: 1")
    project.edit("offers.yaml", "quote: The contract is worth €210m.", "quote: It is worth €210m.")
    assert [error[:2] for error in checked(project, run)] == [
        ("offers.yaml", project.line_of("offers.yaml", "It is worth €210m.")),
        ("offers.yaml", project.line_of("offers.yaml", "cost: 1")),
    ]


def test_a_bad_dimension_or_dispute_does_not_hide_the_offers(project: Project, run: Run) -> None:
    """A dimension and a dispute with errors are left out: the offers' terms naming the
    dimension are not errors, an offer's unknown buyer is."""
    project.edit("offers.yaml", "    label: Price\n", "    label: [Price]\n")
    project.edit("offers.yaml", "  - id: sur-delivery\n", "  - id: sur-delivery\n    when: now\n")
    project.edit("offers.yaml", "buyer: lakeside", "buyer: lakesid")
    assert checked(project, run) == expected(
        project,
        "offers.yaml",
        ("label: [Price]", "expected text, but the value is a list"),
        ("buyer: lakesid", "buyer: unknown actor 'lakesid'"),
        ("when: now", "unknown field 'when' in dispute"),
    )


def test_a_bad_point_does_not_hide_another_points_misquote(project: Project, run: Run) -> None:
    """In the article's front matter: a point with an unknown field, and a misquote in
    the next point."""
    project.edit("article.md", "(event:nordbahn-chosen).\n", "(event:nordbahn-chosen).\n    x: 1\n")
    project.edit("article.md", "quote: its tram bid would have cost", "quote: its bid would cost")
    assert checked(project, run) == expected(
        project,
        "article.md",
        ("x: 1", "unknown field 'x' in point"),
        ("its bid would cost", not_found("courier", "its bid would cost €190m")),
    )


def test_a_bad_correction_does_not_hide_the_sites_misquote(project: Project, run: Run) -> None:
    project.edit(
        "site.yaml",
        "basis:\n  description:",
        'corrections:\n  - date: "2024-02-30"\n    text: Fixed a name.\nbasis:\n  description:',
    )
    project.edit("site.yaml", "on Tuesday chose Nordbahn", "on Monday chose Nordbahn")
    quote = "Lakeside city council on Monday chose Nordbahn to build the city's first tram line"
    assert checked(project, run) == expected(
        project,
        "site.yaml",
        ("2024-02-30", "invalid date: '2024-02-30' is not a day: February 2024 has 29 days"),
        ("on Monday chose", not_found("gazette", quote)),
    )


def test_a_list_file_read_whole_is_read_item_by_item(project: Project, run: Run) -> None:
    """A list file that is not cut into items (here: it starts with a document marker)
    leaves out its items with errors all the same."""
    text = (project.content / "events.yaml").read_text(encoding="utf-8")
    project.write("events.yaml", "---\n" + text)
    project.edit("events.yaml", 'date: "2024-03-12"', 'date: "2024-03-32"')
    project.edit("events.yaml", "quote: Nordbahn promised the first trams", "quote: first buses")
    assert checked(project, run) == expected(
        project,
        "events.yaml",
        ("2024-03-32", "invalid date: '2024-03-32' is not a day: March 2024 has 31 days"),
        ("quote: first buses", not_found("gazette", "first buses by June 2026")),
    )


def test_an_item_left_out_names_its_id_however_written(project: Project, run: Run) -> None:
    """An actor written as a flow mapping, with an unknown field: the events and offers
    naming it are not told it is unknown, in the first build nor in the second, which
    takes the item as read from the memo."""
    project.edit(
        "actors.yaml",
        "- id: nordbahn\n  name: Nordbahn\n  kind: company\n",
        "- {id: nordbahn, name: Nordbahn, kind: company, colour: red,\n",
    )
    project.edit("actors.yaml", "won the contract.\n", "won the contract.}\n")
    line = project.line_of("actors.yaml", "colour: red")
    reports = [run(*project.args("build")) for _ in range(2)]
    assert reports[0].err == reports[1].err
    shown = [e for e in reports[0].err.splitlines() if re.match(r"^\S+:\d+:\d+: ", e)]
    assert [e.split("/")[-1] for e in shown] == [
        f"actors.yaml:{line}:49: unknown field 'colour' in actor"
    ]
