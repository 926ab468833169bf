"""The site is never lost: killed builds, builds at once, and output that never varies."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import generator.memo.parallel as parallel
import generator.validate.reading
from generator.write.output import exchange
from tests.conftest import REPO, Project, Run

PAGES = (
    "index.html",
    "timeline/index.html",
    "actors/index.html",
    "offers/index.html",
    "sources/index.html",
    "404.html",
)
KILL_POINTS = 24


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def build_command(project: Project, out: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "generator",
        "build",
        "-q",
        "--no-cache",
        "--content",
        str(project.content),
        "--out",
        str(out),
        *extra,
    ]


def build(project: Project, out: Path, env: dict[str, str] | None = None, cwd: Path = REPO) -> None:
    done = subprocess.run(
        build_command(project, out), capture_output=True, text=True, env=env, cwd=cwd, check=False
    )
    assert done.returncode == 0, done.stderr


def enlarge(project: Project, events: int) -> None:
    """Add many events, so that a build takes long enough to be killed in the middle."""
    extra = "".join(
        f"""
- id: extra-{n}
  date: "2025-{n % 12 + 1:02d}"
  status: reported
  title: Extra event {n}
  summary: The council *met* again about [Nordbahn](actor:nordbahn), meeting {n}.
  actors: [lakeside]
  citations:
    - source: gazette
      quote: The contract is worth €210m.
"""
        for n in range(events)
    )
    with open(project.content / "events.yaml", "a", encoding="utf-8") as stream:
        stream.write(extra)


def leftovers(project: Project) -> list[str]:
    return sorted(p.name for p in project.root.iterdir() if p.name.startswith(".site.new-"))


def test_a_killed_build_never_loses_the_site(project: Project, tmp_path: Path) -> None:
    enlarge(project, 400)
    build(project, project.site)
    started = time.perf_counter()
    build(project, tmp_path / "timing")
    duration = time.perf_counter() - started
    rng = random.Random(20261121)
    outcomes = {"old": 0, "new": 0}
    for point in range(KILL_POINTS):
        old = snapshot(project.site)
        project.edit(
            "events.yaml",
            f"title: Extra event {point}\n",
            f"title: Extra event {point} (revised)\n",
        )
        process = subprocess.Popen(
            build_command(project, project.site),
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0, duration * 1.1))
        process.send_signal(signal.SIGKILL)
        process.wait()
        after = snapshot(project.site)
        build(project, project.site)  # the next build clears up what the killed one left
        new = snapshot(project.site)
        assert after in (old, new), f"kill point {point}: the site is neither the old nor the new"
        # The enlarged story is split: the event is on one of the timeline's parts.
        revised = f"Extra event {point} (revised)".encode()
        assert new != old
        assert any(revised in data for name, data in new.items() if name.startswith("timeline/"))
        outcomes["old" if after == old else "new"] += 1
        assert leftovers(project) == []
    # Kill points are spread over the build, so both outcomes occur.
    assert outcomes["old"] > 0, outcomes


def test_builds_at_once_take_turns(project: Project, tmp_path: Path) -> None:
    enlarge(project, 200)
    expected_out = tmp_path / "expected"
    build(project, expected_out)
    processes = [
        subprocess.Popen(
            build_command(project, project.site),
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(4)
    ]
    for process in processes:
        _out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    assert snapshot(project.site) == snapshot(expected_out)
    assert leftovers(project) == []


@pytest.mark.parametrize(
    "variation",
    [
        {"PYTHONHASHSEED": "0"},
        {"PYTHONHASHSEED": "4242"},
        {"TZ": "Pacific/Kiritimati"},
        {"TZ": "America/St_Johns", "LC_ALL": "C"},
        {"LC_ALL": "tr_TR.UTF-8", "LANG": "tr_TR.UTF-8"},
        {"cwd": "/"},
    ],
)
def test_output_does_not_depend_on_the_machine(
    project: Project, tmp_path: Path, variation: dict[str, str]
) -> None:
    reference = tmp_path / "reference"
    build(project, reference, env={**os.environ, "PYTHONHASHSEED": "1", "TZ": "UTC"})
    varied = tmp_path / "varied"
    settings = dict(variation)
    cwd = Path(settings.pop("cwd", str(REPO)))
    build(project, varied, env={**os.environ, **settings}, cwd=cwd)
    assert snapshot(varied) == snapshot(reference)
    for page in PAGES:
        assert (varied / page).stat().st_size > 0


TEST_PROCESS = os.getpid()


READ_ITEM_RUN = generator.validate.reading.read_item_run


def killed_worker(item_hint: Any, run: Any) -> Any:
    """Stands in for reading a run of items: a worker process that takes one is killed,
    as the OOM killer would; the building process (here the test's) reads its own share."""
    if os.getpid() == TEST_PROCESS:
        return READ_ITEM_RUN(item_hint, run)
    os.kill(os.getpid(), signal.SIGKILL)
    return run


def test_a_killed_worker_fails_the_build_and_keeps_the_site(
    project: Project, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(*project.args("build", "-q")).code == 0
    before = snapshot(project.site)
    project.edit("events.yaml", "title: Council chooses Nordbahn", "title: Council picks Nordbahn")
    monkeypatch.setitem(parallel.MINIMUM, parallel.Work.ITEMS, 1)
    monkeypatch.setattr(generator.validate.reading, "read_item_run", killed_worker)
    started = time.monotonic()
    result = run(*project.args("build", "--no-cache"))  # every item to read: several jobs
    assert time.monotonic() - started < 30  # it does not wait for the dead worker
    assert result.code == 1
    assert "a worker process of the build was killed" in result.err
    assert "nothing was written" in result.err
    assert "Traceback" not in result.err
    assert snapshot(project.site) == before


def test_two_folders_are_swapped_in_one_step(tmp_path: Path) -> None:
    old, new = tmp_path / "site", tmp_path / "staging"
    for folder, name in ((old, "old.html"), (new, "new.html")):
        folder.mkdir()
        (folder / name).write_text(name)
    if not exchange(old, new):  # renameat2 is Linux's
        pytest.skip("no atomic exchange on this system")
    assert [p.name for p in old.iterdir()] == ["new.html"]
    assert [p.name for p in new.iterdir()] == ["old.html"]
    # A publish that replaces a site swaps it in this way: nothing else imports ctypes.
    code = "import sys, generator.build, generator.cli; sys.exit('ctypes' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO, check=False).returncode == 0


# A build as the terminal runs it: Ctrl-C raises KeyboardInterrupt even when this test
# runs where SIGINT is ignored, and every stage is shared out to worker processes.
# It says when it is ready: a Ctrl-C while Python imports it is Python's to report.
BUILD_AS_IN_A_TERMINAL = (
    "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "import generator.memo.parallel as parallel; "
    "parallel.MINIMUM.update(dict.fromkeys(parallel.MINIMUM, 1)); "
    "from generator.cli import entry; sys.argv[0] = 'explainer'; "
    "print('ready', file=sys.stderr, flush=True); entry()"
)


def group_ended(group: int) -> bool:
    """Whether no process of a process group is left (its workers included)."""
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return True
    return False


def test_ctrl_c_stops_a_build_quietly_and_keeps_the_site(project: Project, tmp_path: Path) -> None:
    enlarge(project, 300)
    build(project, project.site)
    old = snapshot(project.site)
    project.edit("events.yaml", "title: Extra event 1\n", "title: Extra event 1 (revised)\n")
    started = time.perf_counter()
    build(project, tmp_path / "new")
    duration = time.perf_counter() - started
    new = snapshot(tmp_path / "new")
    command = [sys.executable, "-c", BUILD_AS_IN_A_TERMINAL]
    command += build_command(project, project.site)[3:]
    rng = random.Random(20261205)
    interrupted = 0
    for point in range(8):
        process = subprocess.Popen(
            command, cwd=REPO, stderr=subprocess.PIPE, text=True, start_new_session=True
        )
        assert process.stderr is not None and process.stderr.readline() == "ready\n"
        time.sleep(rng.uniform(0, duration))
        os.killpg(process.pid, signal.SIGINT)  # as Ctrl-C does: every process of the group
        _, err = process.communicate(timeout=30)
        assert process.returncode in (0, 130), err
        assert "Traceback" not in err and "internal error" not in err, err
        if process.returncode == 130:
            interrupted += 1
            assert err == "explainer: interrupted\n"
        assert snapshot(project.site) in (old, new), point
        assert leftovers(project) == []
        deadline = time.monotonic() + 5
        while not group_ended(process.pid):  # the workers were stopped, not left running
            assert time.monotonic() < deadline, f"interrupt point {point}: workers left running"
            time.sleep(0.05)
    assert interrupted > 0


# A Ctrl-C that lands while the command is still being imported, or while its options
# are read: made to land there by an import hook and a parser that raise it.
INTERRUPTED_WHILE = {
    "importing": (
        "class Interrupt:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'generator.cli': raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, Interrupt())\n"
    ),
    "reading options": (
        "import generator.cli\n"
        "def interrupt(): raise KeyboardInterrupt\n"
        "generator.cli.make_parser = interrupt\n"
    ),
}


@pytest.mark.parametrize("moment", sorted(INTERRUPTED_WHILE))
def test_ctrl_c_as_the_command_starts_is_quiet(project: Project, moment: str) -> None:
    code = "import signal, sys\nsignal.signal(signal.SIGINT, signal.default_int_handler)\n"
    code += INTERRUPTED_WHILE[moment] + "from generator.launch import entry\nentry()\n"
    command = [sys.executable, "-c", code, "build", "--content", str(project.content)]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    assert (result.returncode, result.stderr) == (130, "explainer: interrupted\n")


def children_of(pid: int) -> set[int]:
    """The processes whose parent is `pid` (read from /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # ended meanwhile
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="a build forks workers on several cores")
def test_a_killed_build_leaves_no_worker_behind(project: Project) -> None:
    """kill -9 of a build once left its worker processes waiting for work for ever."""
    enlarge(project, 3000)
    process = subprocess.Popen(
        build_command(project, project.site), cwd=REPO, stderr=subprocess.DEVNULL
    )
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while not workers and process.poll() is None and time.monotonic() < deadline:
        workers = children_of(process.pid)
        time.sleep(0.005)
    assert workers, "the build forked no worker to see"
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 5
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(pid) for pid in workers)
