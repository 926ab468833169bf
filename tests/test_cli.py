"""The command line: exit statuses, usage errors, `python -m generator`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, Project, Run


def test_no_command_is_a_usage_error(run: Run) -> None:
    result = run()
    assert result.code == 2
    assert "explainer --help" in result.err


def test_unknown_option_is_a_usage_error(run: Run) -> None:
    result = run("build", "--colour", "red")
    assert result.code == 2
    assert "unrecognized arguments: --colour red" in result.err


def test_missing_content_folder_is_a_usage_error(run: Run, tmp_path: Path) -> None:
    result = run("check", "--content", str(tmp_path / "nowhere"))
    assert result.code == 2
    assert "no content folder" in result.err


def test_help_exits_zero(run: Run) -> None:
    result = run("build", "--help")
    assert result.code == 0
    assert "--base-url" in result.out


def test_check_reports_ok(project: Project, run: Run) -> None:
    result = run(*project.args("check"))
    assert result.code == 0
    assert result.out.startswith("ok: 0 errors, 4 warnings; 6 pages: 3 events, 4 actors, 2 offers")


def test_python_dash_m_runs_the_same_cli(project: Project) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "generator", *project.args("build")],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (project.site / "index.html").is_file()
    project.edit("events.yaml", "  status: happened", "  status: done")
    done = subprocess.run(
        [sys.executable, "-m", "generator", *project.args("build")],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "'done' is not an event status the story declares" in done.stderr


def test_timings_list_each_stage_on_stderr(project: Project, run: Run) -> None:
    result = run(*project.args("build"), "--timings")
    assert result.code == 0
    stages = {line.rsplit(None, 4)[0].strip(): line for line in result.err.splitlines()}
    stage_names = ("read content", "check quotes and references", "render", "write", "save cache")
    for name in stage_names:
        assert name in stages, result.err
        assert stages[name].endswith(" MB") and " s " in stages[name]
    assert [name for name in stages if name in stage_names] == list(stage_names)  # in order
    quiet = run(*project.args("build"))
    assert quiet.err == ""


def test_a_command_that_runs_once_leaves_the_cycle_collector_off(project: Project) -> None:
    import gc

    from generator.cli import main

    try:
        assert main(project.args("build", "-q")) == 0
        assert gc.isenabled()  # a caller that goes on keeps collecting
        assert main(project.args("build", "-q"), exits_after=True) == 0
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_size_limit_that_is_no_size_is_a_usage_error(run: Run, project: Project) -> None:
    for value in ("nan", "inf", "-inf", "1e400", "-1", "0", "1e-30", "big"):
        result = run(*project.args("build"), "--max-file-mb", value)
        assert result.code == 2, value
        assert "argument --max-file-mb:" in result.err, value
        assert "internal error" not in result.err
    assert not project.site.exists()


def test_a_size_too_large_is_refused_as_too_large(run: Run, project: Project) -> None:
    """Was: 'must be a size in megabytes above 0, not 1e308'."""
    result = run(*project.args("build"), "--max-file-mb", "1e308")
    assert result.code == 2
    assert "--max-file-mb: must be a size in megabytes below " in result.err


def test_a_port_out_of_range_is_a_usage_error(run: Run, project: Project) -> None:
    for value in ("99999", "65536", "-5", "eighty"):
        result = run(*project.args("serve"), "--port", value)
        assert result.code == 2, value
        assert "argument --port:" in result.err, value
        assert "internal error" not in result.err


def test_an_interrupt_in_a_finalizer_is_not_reported(capsys: pytest.CaptureFixture[str]) -> None:
    """Ctrl-C that lands in a finalizer cannot stop the command: no traceback for it;
    any other exception there is reported as Python reports it."""
    from generator.cli import quiet_interrupts

    class Raises:
        def __init__(self, error: BaseException) -> None:
            self.error = error

        def __del__(self) -> None:
            raise self.error

    before = sys.unraisablehook
    sys.unraisablehook = quiet_interrupts
    try:
        Raises(KeyboardInterrupt())  # made and dropped: its finalizer runs at once
        assert capsys.readouterr().err == ""
        Raises(ValueError("broken"))
        assert "ValueError: broken" in capsys.readouterr().err
    finally:
        sys.unraisablehook = before
