"""A local batch that is interrupted, resumed, or loses a worker still does every client once."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from batch_roster import write_roster

from hamopt.batch.run import SolveSettings, open_input, run_batch

CLIENTS = 16
SETTINGS = SolveSettings(formats=("json", "markdown"), time_limit=5.0)


def rows(outdir: Path) -> list[dict[str, str]]:
    with open(outdir / "summary.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def assert_complete(outdir: Path, ids: list[str]) -> list[dict[str, str]]:
    """Every client exactly once in the summary, each with all its files, no temp file."""
    found = rows(outdir)
    clients = [row["client"] for row in found]
    assert len(clients) == len(set(clients)) == CLIENTS
    assert set(ids) <= set(clients)
    for row in found:
        assert row["status"] != "failed", row
        if row["file"]:
            for ext in ("json", "md"):
                assert (outdir / f"{row['file']}.{ext}").stat().st_size > 0
    assert not [p.name for p in outdir.iterdir() if p.name.startswith(".")]
    return found


def test_ctrl_c_then_resume_does_every_client_once(tmp_path: Path) -> None:
    """Ctrl-C as a terminal sends it; then --resume after worse damage than Ctrl-C does."""
    roster, gym, ids = write_roster(tmp_path, CLIENTS)
    outdir = tmp_path / "out"
    command = [
        str(Path(sys.executable).parent / "hamopt"), "batch", str(roster), "--gym", str(gym),
        "-o", str(outdir), "--format", "json,markdown", "--time-limit", "5", "--jobs", "2",
        "--chunk-size", "1",
    ]  # fmt: skip
    # Its own session, as a shell job: Ctrl-C is SIGINT to the whole process group.
    batch = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    summary = outdir / "summary.csv"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and batch.poll() is None:
        if summary.exists() and len(summary.read_text().splitlines()) > 4:
            break
        time.sleep(0.05)
    os.killpg(batch.pid, signal.SIGINT)
    _, err = batch.communicate(timeout=60)
    assert batch.returncode == 130, err.decode()
    assert b"--resume" in err and b"Traceback" not in err
    done = rows(outdir)
    assert 4 <= len(done) < CLIENTS, "interrupted too late: nothing left to resume"
    assert not [p.name for p in outdir.iterdir() if p.name.startswith(".")]

    # Worse than Ctrl-C: a crash cut the last summary line short, left a temporary file, and
    # a result file was lost afterwards. Those clients are done again; the rest are kept.
    with_file = [row for row in done[:-1] if row["file"]]
    (outdir / f"{with_file[0]['file']}.md").unlink()
    text = summary.read_text(encoding="utf-8")
    summary.write_text(text[:-3], encoding="utf-8")
    (outdir / f".{with_file[0]['file']}.json.999.hamopt-tmp").write_text("{half", "utf-8")
    # Invalid clients are read again too: their rows may have been fixed in between.
    kept = [r for r in done[:-1] if r is not with_file[0] and r["status"] != "invalid"]

    report = run_batch(open_input(str(roster), gym), outdir, SETTINGS, resume=True, jobs=2)
    assert report.skipped == len(kept) and report.solved == CLIENTS - len(kept)
    after = assert_complete(outdir, ids)
    assert after[: len(kept)] == kept  # the first run's complete lines are kept as they were

    # The coach fixes a bad row and resumes: only the invalid clients are read again.
    text = roster.read_text(encoding="utf-8")
    roster.write_text(text.replace(",expert,", ",beginner,"), encoding="utf-8")
    invalid = [r["client"] for r in after if r["status"] == "invalid"]
    report = run_batch(open_input(str(roster), gym), outdir, SETTINGS, resume=True, jobs=1)
    assert report.solved == len(invalid) and report.skipped == CLIENTS - len(invalid)
    final = {r["client"]: r for r in assert_complete(outdir, ids)}
    assert final["bad-experience"]["status"] == "optimal"


def test_local_worker_killed_mid_run_loses_nothing(tmp_path: Path) -> None:
    import psutil

    roster, gym, ids = write_roster(tmp_path, CLIENTS)
    killed: list[int] = []

    def kill_a_worker(_result) -> None:  # type: ignore[no-untyped-def]
        if killed:
            return
        # The pool's workers are forked by multiprocessing's fork server, our child.
        servers = [p for p in psutil.Process().children() if "forkserver" in " ".join(p.cmdline())]
        workers = [w for server in servers for w in server.children()]
        assert workers, "no pool worker found to kill"
        workers[0].send_signal(signal.SIGKILL)
        killed.append(workers[0].pid)

    report = run_batch(
        open_input(str(roster), gym),
        tmp_path / "out",
        SETTINGS,
        jobs=2,
        chunk_size=2,
        on_result=kill_a_worker,
    )
    assert killed
    assert_complete(tmp_path / "out", ids)
    assert report.counts["failed"] == 0 and report.solved == CLIENTS


def test_sigkill_three_times_and_a_full_disk_then_resume(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Issue 21's "done when": the coordinator SIGKILLed at three points (no process left
    each time), a resume that hits a full disk (stops cleanly), then a resume that finishes:
    every client's program written once, nothing partial."""
    import errno

    import psutil

    from hamopt.io import files
    from hamopt.io.errors import OutputError

    roster, gym, ids = write_roster(tmp_path, CLIENTS)
    outdir = tmp_path / "out"
    summary = outdir / "summary.csv"
    command = [
        str(Path(sys.executable).parent / "hamopt"), "batch", str(roster), "--gym", str(gym),
        "-o", str(outdir), "--format", "json,markdown", "--time-limit", "5", "--jobs", "2",
        "--chunk-size", "1",
    ]  # fmt: skip
    for round_, lines in enumerate((2, 5, 8)):
        args = command + (["--resume"] if round_ else [])
        batch = subprocess.Popen(
            args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        deadline = time.monotonic() + 120
        tree: list[psutil.Process] = []
        while time.monotonic() < deadline and batch.poll() is None:
            tree = psutil.Process(batch.pid).children(recursive=True) or tree
            if summary.exists() and len(summary.read_text().splitlines()) > lines:
                break
            time.sleep(0.02)
        tree = psutil.Process(batch.pid).children(recursive=True) if batch.poll() is None else tree
        batch.send_signal(signal.SIGKILL)
        batch.wait(timeout=30)
        end = time.monotonic() + 10
        while time.monotonic() < end and any(
            p.is_running() and p.status() != psutil.STATUS_ZOMBIE for p in tree
        ):
            time.sleep(0.1)
        left = [p for p in tree if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        for process in left:  # this test's own processes: never left behind
            process.kill()
        assert not left, f"round {round_}: {[p.pid for p in left]} outlived the coordinator"
    # The disk fills up after two more files: the resume stops with an OutputError.
    real, writes = os.replace, []

    def filling(src, dst):  # type: ignore[no-untyped-def]
        writes.append(dst)
        if len(writes) > 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(src, dst)

    monkeypatch.setattr(files.os, "replace", filling)
    with_full_disk = None
    try:
        run_batch(open_input(str(roster), gym), outdir, SETTINGS, jobs=2, resume=True)
    except OutputError as exc:
        with_full_disk = exc
    assert with_full_disk is not None and "no space left" in str(with_full_disk)
    monkeypatch.undo()
    report = run_batch(open_input(str(roster), gym), outdir, SETTINGS, jobs=2, resume=True)
    assert report.counts["failed"] == 0
    assert_complete(outdir, ids)
