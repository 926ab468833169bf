"""The built site passes the Nu HTML Checker (vnu.jar): every page and the stylesheet,
and a page showing a picture.

Needs a Java runtime and `npm ci` (which installs vnu-jar into node_modules/).
Without them the tests are skipped, except under CI=true, where they fail.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser_support import NODE_MODULES, build_real_site, missing_tool
from tests.conftest import Project, Run
from tests.pictures import add_picture, png

VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture(scope="module")
def vnu() -> list[str]:
    """The command that runs the checker."""
    java = shutil.which("java")
    if java is None:
        missing_tool(
            "java not found: install a Java runtime (apt-get install default-jre-headless) "
            "to run the HTML validator"
        )
    if not VNU_JAR.is_file():
        missing_tool(f"{VNU_JAR} not found: run `npm ci` to install vnu-jar")
    return [java, "-jar", str(VNU_JAR)]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_real_site(tmp_path_factory.mktemp("validator") / "site")


def check(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0 or output:
        pytest.fail(f"vnu exited with status {result.returncode}:\n{output}", pytrace=False)


def test_every_page_is_valid_html(vnu: list[str], site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 6, pages
    check([*vnu, "--errors-only", "--skip-non-html", str(site)])


def test_the_stylesheet_is_valid_css(vnu: list[str], site: Path) -> None:
    stylesheets = sorted(site.glob("assets/*.css"))
    assert stylesheets, "no stylesheet in the built site"
    check([*vnu, "--errors-only", "--css", *map(str, stylesheets)])


def test_a_page_with_a_picture_is_valid_html(vnu: list[str], project: Project, run: Run) -> None:
    add_picture(project.content, png(40, 30))
    assert run(*project.args("build")).code == 0
    check([*vnu, "--errors-only", str(project.site / "index.html")])
