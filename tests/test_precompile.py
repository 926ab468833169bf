"""Templates compiled in a worker process while the build starts: the same site, or
the same errors, as templates compiled where they are loaded."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import jinja2

from generator.build import build_site
from generator.cache import MemoryBytecodeCache
from generator.cache_place import cache_root
from generator.parallel import Child
from generator.precompile import (
    BUNDLED_TEMPLATES,
    compile_templates,
    compiled_before,
    install,
    start_compiling,
)
from generator.render import make_environment
from tests.conftest import REPO, Project, Run


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def own_templates(project: Project) -> Path:
    """A copy of the generator's templates in the project, free to edit."""
    templates = project.root / "templates"
    shutil.copytree(BUNDLED_TEMPLATES, templates)
    return templates


def build(project: Project, out: Path, compiling: Child | None) -> dict[str, bytes]:
    build_site(project.content, project.seeds, None, out, use_cache=False, compiling=compiling)
    return snapshot(out)


def test_every_template_is_compiled_as_the_build_would(project: Project) -> None:
    templates = own_templates(project)
    compiled = compile_templates(templates)
    assert {"base.html", "timeline.html", "partials/event.html"} <= set(compiled)
    environment = make_environment(templates)
    install(environment, start_compiling(templates))
    assert environment.bytecode_cache is not None
    for name in compiled:  # loaded from the bytecode cache, not compiled again
        bucket = environment.bytecode_cache.get_bucket(
            environment, name, str(templates / name), (templates / name).read_text()
        )
        assert bucket.code is not None, name


def test_the_site_is_the_same_with_templates_compiled_beforehand(
    project: Project, tmp_path: Path
) -> None:
    own_templates(project)
    plain = build(project, tmp_path / "plain", None)
    compiling = start_compiling(project.root / "templates")
    assert build(project, tmp_path / "compiled", compiling) == plain


class Compiled:
    """Stands in for a compiling process that has finished."""

    def __init__(self, templates: Path) -> None:
        self.compiled = compile_templates(templates)

    def result(self) -> object:
        return self.compiled


def test_a_template_edited_after_it_was_compiled_is_compiled_again(
    project: Project, tmp_path: Path
) -> None:
    templates = own_templates(project)
    compiled = Compiled(templates)  # compiled from the text as it was...
    page = templates / "not_found.html"
    page.write_text(page.read_text().replace("Error 404", "Nothing here (404)"))
    site = build(project, tmp_path / "site", compiled)  # type: ignore[arg-type]
    assert b"Nothing here (404)" in site["404.html"]  # ...and edited since


def test_a_template_that_does_not_compile_is_reported_at_its_line(
    project: Project, run: Run
) -> None:
    templates = own_templates(project)
    page = templates / "offers.html"
    page.write_text(page.read_text().replace("{% endblock %}", "{% endblok %}", 1))
    assert "offers.html" not in compile_templates(templates)
    result = run(*project.args("build"))
    assert result.code == 1
    assert "offers.html:" in result.err and "template error" in result.err
    assert "Traceback" not in result.err


def killed(_templates: Path) -> None:
    os.kill(os.getpid(), 9)


def test_a_compiling_process_that_dies_costs_only_its_time(
    project: Project, tmp_path: Path
) -> None:
    plain = build(project, tmp_path / "plain", None)
    assert build(project, tmp_path / "after", Child.start(killed, project.root)) == plain


def test_without_a_cache_the_environment_gets_one_in_memory() -> None:
    environment = jinja2.Environment()
    install(environment, start_compiling(BUNDLED_TEMPLATES))
    assert environment.bytecode_cache is not None


def sleep_long(_templates: Path) -> None:
    time.sleep(60)


def test_with_every_template_kept_the_build_does_not_wait_for_the_compiling(
    tmp_path: Path,
) -> None:
    environment = make_environment(BUNDLED_TEMPLATES)
    environment.bytecode_cache = MemoryBytecodeCache()
    install(environment, Child.start(lambda _: compile_templates(BUNDLED_TEMPLATES), None))
    later = make_environment(BUNDLED_TEMPLATES)  # the next build, with the same cache
    later.bytecode_cache = environment.bytecode_cache
    started = time.monotonic()
    install(later, Child.start(sleep_long, BUNDLED_TEMPLATES))
    assert time.monotonic() - started < 5


def imported_by(statement: str) -> set[str]:
    """The modules a fresh interpreter holds after running `statement`."""
    code = f"import sys; {statement}; print(' '.join(sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return set(done.stdout.split())


# What a process must import before it can read content or compile a template.
READERS = {"yaml", "dataclasses", "generator.model", "generator.convert"}


def test_the_command_line_starts_the_compiler_before_importing_the_readers() -> None:
    # run_build forks the compiling process first thing: what the command line has
    # imported by then, both processes hold; what it has not, they import at once.
    loaded = imported_by("import generator.cli, generator.precompile")
    assert not loaded & (READERS | {"jinja2"})


def test_the_compiling_process_imports_no_reader() -> None:
    loaded = imported_by("import generator.render")
    assert "jinja2" in loaded  # it compiles with the build's own environment
    assert not loaded & (READERS - {"dataclasses"})


def test_templates_a_build_compiled_into_its_cache_are_not_compiled_again(
    project: Project, run: Run, tmp_path: Path
) -> None:
    templates = own_templates(project)
    cache_folder = cache_root(project.content)
    assert not compiled_before(cache_folder, templates)  # no build yet
    assert run(*project.args("build", "-q")).code == 0
    assert compiled_before(cache_folder, templates)
    assert start_compiling(templates, cache_folder) is None
    page = templates / "not_found.html"
    page.write_text(page.read_text().replace("Error 404", "Nothing here (404)"))
    assert not compiled_before(cache_folder, templates)
    compiling = start_compiling(templates, cache_folder)
    assert compiling is not None
    compiling.stop()
    # Compiled code the stamp vouches for but the cache has lost (a new version of
    # the generator starts a cache of its own): the build compiles the templates.
    assert run(*project.args("build", "-q")).code == 0
    for version in cache_folder.iterdir():
        if version.is_dir():
            shutil.rmtree(version)
    assert compiled_before(cache_folder, templates)
    assert run(*project.args("build", "-q")).code == 0
    assert b"Nothing here (404)" in (project.site / "404.html").read_bytes()
