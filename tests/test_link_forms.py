"""Every form Markdown reads as a link reaches the check of site links: inline, with
a title, in angle brackets, with spaces inside the parentheses, and reference-style
through its definition. A link to nothing is an error where it is written, in the
Markdown, whichever form it takes, and the pages' links then all resolve."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Project, Run

FORMS = {
    "inline": "[a]({target})",
    "titled": '[a]({target} "A title")',
    "angle brackets": "[a](<{target}>)",
    "spaces inside": "[a](  {target} )",
    "single-quoted title": "[a]({target} 'A title')",
    "reference-style": "[a][ref]",
    "reference with title": "[a][ref]",
    # A line break before the target, which Markdown allows: the check once missed it.
    "target on the next line": "[a](\n{target})",
    "angle brackets, target on the next line": "[a](<\n  {target}>)",
    "reference, target on the next line": "[a][ref]",
}
DEFINITIONS = {
    "reference-style": "[ref]: {target}",
    "reference with title": '[ref]: <{target}> "A title"',
    "reference, target on the next line": "[ref]:\n    {target}",
}


def paragraph(form: str, target: str) -> str:
    """A paragraph with the link in the form, and its definition when it has one."""
    text = f"See {FORMS[form].format(target=target)}.\n"
    if form in DEFINITIONS:
        text += "\n" + DEFINITIONS[form].format(target=target) + "\n"
    return text


def errors_of(project: Project, run: Run) -> list[dict[str, object]]:
    result = run(*project.args("check", "--format", "json"))
    found: list[dict[str, object]] = json.loads(result.out)["errors"]
    return found


@pytest.mark.parametrize("form", FORMS, ids=list(FORMS))
def test_a_link_to_nothing_is_an_error_in_any_form(project: Project, run: Run, form: str) -> None:
    text = paragraph(form, "actor:nobody")
    project.edit("article.md", "## The choice\n", f"## The choice\n\n{text}")
    built = run(*project.args("build"))
    assert built.code == 1 and "link to unknown actor 'nobody'" in built.err
    errors = errors_of(project, run)
    assert [(str(e["path"]).rsplit("/", 1)[-1], e["message"]) for e in errors] == [
        ("article.md", "link to unknown actor 'nobody'")
    ]


@pytest.mark.parametrize("form", FORMS, ids=list(FORMS))
def test_a_link_in_any_form_builds_and_resolves(project: Project, run: Run, form: str) -> None:
    text = paragraph(form, "actor:nordbahn")
    project.edit("article.md", "## The choice\n", f"## The choice\n\n{text}")
    assert run(*project.args("build")).code == 0
    assert 'href="actors/#nordbahn"' in (project.site / "index.html").read_text("utf-8")
    assert errors_of(project, run) == []


def test_a_link_to_nothing_in_a_yaml_field_in_any_form(project: Project, run: Run) -> None:
    summary = "The council picked [Nordbahn](actor:nordbahn) for a €210m contract."
    project.edit("events.yaml", summary, 'See [a](<event:nothing> "t") and [b]( offer:none).')
    messages = sorted(str(e["message"]) for e in errors_of(project, run))
    assert messages == ["link to unknown event 'nothing'", "link to unknown offer 'none'"]


@pytest.mark.parametrize("target", ["actor:nobody", "actor:nordbahn", "page:offers"])
def test_a_site_link_in_angle_brackets_alone_is_an_error(
    project: Project, run: Run, target: str
) -> None:
    """Markdown makes a link of `<...>` only for an http(s) or e-mail address: the page
    showed `<actor:nordbahn>` as text, and a missing id in it passed the checks."""
    project.edit("article.md", "## The choice\n", f"## The choice\n\nSee <{target}>.\n")
    assert run(*project.args("build")).code == 1
    line = project.line_of("article.md", f"<{target}>")
    assert [
        (str(e["path"]).rsplit("/", 1)[-1], e["line"], e["message"])
        for e in errors_of(project, run)
    ] == [("article.md", line, f"'<{target}>' is not a link: the page shows it as text")]
    project.edit("article.md", f"See <{target}>.", f"See [a](<{target}>) and `<{target}>`.")
    assert run(*project.args("build")).code == (1 if target == "actor:nobody" else 0)


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("actor:nobody", "link to unknown actor 'nobody'"),
        ("javascript:alert(1)", "link to 'javascript:alert(1)' would be dropped"),
    ],
)
def test_a_reference_defined_in_a_block_quote_is_checked(
    project: Project, run: Run, target: str, message: str
) -> None:
    """A definition in a quote (`> [r]: ...`) passed every check: the link was
    dropped from the page, or led nowhere."""
    quoted = f"> See [a][r].\n>\n> [r]: {target}\n"
    project.edit("article.md", "## The choice\n", f"## The choice\n\n{quoted}")
    built = run(*project.args("build"))
    assert built.code == 1 and message in built.err
    line = project.line_of("article.md", "> [r]:")
    assert f"article.md:{line}:" in built.err
    assert [str(e["message"]) for e in errors_of(project, run)][0].startswith(message)


@pytest.mark.parametrize(
    "code",
    [
        "`[a](actor:nobody)`",
        "``[a](event:nothing) ` and more``",
        "\n\n    [a](offer:none)\n",
    ],
    ids=["code span", "code span with a backtick", "indented code block"],
)
def test_a_link_written_in_code_is_shown_as_code_not_checked(
    project: Project, run: Run, code: str
) -> None:
    """An editor's example of a link, in code, is shown as written: the check once
    reported it as a link to nothing, in build and check alike."""
    project.edit("article.md", "## The choice\n", f"## The choice\n\nWrite {code}\n\n")
    built = run(*project.args("build"))
    assert built.code == 0, built.err
    assert errors_of(project, run) == []
    page = (project.site / "index.html").read_text("utf-8")
    shown = code.strip().strip("`").strip()
    assert f"<code>{shown}" in page.replace("<pre><code>", "<code>")
    # A link beside it, outside the code, is still checked.
    project.edit("article.md", f"Write {code}", f"Write {code} [b](actor:nobody)")
    assert [str(e["message"]) for e in errors_of(project, run)] == [
        "link to unknown actor 'nobody'"
    ]
