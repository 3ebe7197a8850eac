"""Outputs that cannot be written: exit 3 with the reason, no traceback, nothing left (issue 21)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from hamopt.cli import main
from hamopt.io import files

ROOT = Path(__file__).resolve().parents[2]
FAST = ROOT / "scenarios" / "weaker_left_leg.yaml"
PROGRAM = ROOT / "scenarios" / "programs" / "seed_workout_1.yaml"
INFEASIBLE = ROOT / "scenarios" / "infeasible_spacing.yaml"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def assert_output_error(result: Result, *words: str) -> None:
    assert result.exit_code == 3, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.output.startswith("error: ")
    assert "cannot write" in result.output
    for word in words:
        assert word in result.output, result.output


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".")]


def test_solve_into_the_root_folder() -> None:
    assert_output_error(run("solve", FAST, "-o", "/"), "/:", "folder")


def test_solve_into_an_existing_folder(tmp_path: Path) -> None:
    assert_output_error(run("solve", FAST, "-o", tmp_path), "directory")
    assert leftovers(tmp_path) == []
    assert not [n for n in leftovers(tmp_path.parent) if n.endswith("tmp")]


def test_solve_into_a_missing_folder(tmp_path: Path) -> None:
    assert_output_error(run("solve", FAST, "-o", tmp_path / "nope" / "p.json"), "does not exist")


def test_solve_under_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    assert_output_error(run("solve", FAST, "-o", tmp_path / "file" / "p.json"), "is a file")


def test_render_into_proc() -> None:
    if not Path("/proc/version").exists():
        pytest.skip("no /proc here")
    result = run("render", PROGRAM, "--format", "json", "-o", "/proc/version")
    assert_output_error(result, "/proc/version")


def test_full_disk_leaves_nothing(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def full(src, dst):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files.os, "replace", full)
    target = tmp_path / "p.md"
    assert_output_error(run("render", PROGRAM, "-o", target), "no space left")
    assert not target.exists() and leftovers(tmp_path) == []


def test_read_only_disk(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    real_open = open

    def read_only(path, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
        if "w" in mode:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr(files, "open", read_only, raising=False)
    assert_output_error(run("render", PROGRAM, "-o", tmp_path / "p.md"), "read-only")
    assert leftovers(tmp_path) == []


def test_explain_fixed_into_a_folder(tmp_path: Path) -> None:
    result = run("explain", INFEASIBLE, "--fixed", tmp_path)
    assert_output_error(result, "directory")


def test_a_written_output_is_whole(tmp_path: Path) -> None:
    target = tmp_path / "p.json"
    result = run("solve", FAST, "--format", "json", "-o", target)
    assert result.exit_code == 0, result.output
    assert target.read_text().startswith("{") and leftovers(tmp_path) == []


@pytest.mark.parametrize("args", [["validate", str(FAST)], ["rules"], ["catalog"]])
def test_stdout_on_a_full_disk(args: list[str]) -> None:
    """`hamopt ... > /dev/full` was a traceback: now exit 3 with the reason."""
    import subprocess
    import sys

    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    hamopt = Path(sys.executable).parent / "hamopt"
    with open("/dev/full", "w") as full:
        done = subprocess.run([str(hamopt), *args], stdout=full, stderr=subprocess.PIPE, text=True)
    assert done.returncode == 3, done.stderr
    assert done.stderr.strip() == "error: stdout: cannot write: no space left on the device"
