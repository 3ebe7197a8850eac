"""hamopt.parallel.pool: every item comes back exactly once, whatever happens to the workers."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from hamopt.parallel.pool import ChunkSizer, Outcome, PoolError, run_local


def square(x: int) -> int:
    if x == 13:
        raise ValueError("unlucky")
    return x * x


def pid_of(_: int) -> int:
    time.sleep(0.05)
    return os.getpid()


def die_once(arg: tuple[int, str]) -> int:
    """Item 7 kills its own worker the first time it runs (a flag file remembers)."""
    x, flag = arg
    if x == 7 and not os.path.exists(flag):
        Path(flag).touch()
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(0.01)
    return x


def poison(x: int) -> int:
    """Item 5 kills its worker every time: an input that crashes native code."""
    if x == 5:
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(0.01)
    return x


def _explode() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


class Bomb:
    """Kills the worker process that unpickles it, before any item can start."""

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (_explode, ())


def by_item(outcomes: list[Outcome]) -> dict:
    counts = Counter(repr(o.item) for o in outcomes)
    assert max(counts.values()) == 1, "an item came back twice"
    return {o.item: o for o in outcomes}


def test_every_item_once_with_values_and_errors() -> None:
    outcomes = by_item(list(run_local(square, range(40), jobs=2, chunk_size=3)))
    assert set(outcomes) == set(range(40))
    assert outcomes[13].error == "ValueError: unlucky" and outcomes[13].value is None
    assert all(outcomes[x].value == x * x and outcomes[x].ok for x in range(40) if x != 13)


def test_killed_worker_loses_nothing(tmp_path: Path) -> None:
    flag = str(tmp_path / "died")
    items = [(x, flag) for x in range(30)]
    outcomes = by_item(list(run_local(die_once, items, jobs=2, chunk_size=4)))
    assert os.path.exists(flag), "the worker was never killed: the test tests nothing"
    assert len(outcomes) == 30 and all(o.ok for o in outcomes.values())
    assert outcomes[(7, flag)].attempts == 2


def test_item_that_always_kills_its_worker_fails_alone() -> None:
    outcomes = by_item(list(run_local(poison, range(24), jobs=2, chunk_size=4, max_attempts=3)))
    assert len(outcomes) == 24
    bad = outcomes[5]
    assert not bad.ok and "died 3 times" in (bad.error or "") and bad.attempts == 3
    # Bystanders running beside it were quarantined and cleared, not failed.
    assert all(o.ok and o.value == x for x, o in outcomes.items() if x != 5)


def test_pool_whose_workers_die_before_any_item_raises() -> None:
    with pytest.raises(PoolError, match="before running any item"):
        list(run_local(square, [Bomb()], jobs=1, chunk_size=1, max_attempts=2))


def test_input_read_lazily() -> None:
    consumed = 0

    def items():
        nonlocal consumed
        for x in range(10_000):
            consumed += 1
            yield x

    stream = run_local(square, items(), jobs=2, chunk_size=5, max_in_flight=4)
    next(stream)
    stream.close()
    # At most max_in_flight chunks (plus one refill) were read, not the whole input.
    assert consumed <= 5 * 5


def test_closing_early_ends_the_workers() -> None:
    stream = run_local(pid_of, range(200), jobs=2, chunk_size=2)
    pids = {next(stream).value for _ in range(4)}
    stream.close()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in pids)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (ended, not yet reaped by its parent, the forkserver) is not running.
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def test_chunks_shrink_toward_the_end() -> None:
    sizer = ChunkSizer(largest=32, workers=2, expected=1000)
    source = iter(range(1000))
    sizes = []
    while chunk := sizer.take(source):
        sizes.append(len(chunk))
    assert sum(sizes) == 1000
    assert sizes[0] == 32 and sizes.count(32) >= 20  # large while much is left ...
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[-1] == 1 and sum(sizes[-8:]) <= 16  # ... small at the end


def test_without_a_count_every_chunk_is_the_largest() -> None:
    sizer = ChunkSizer(largest=5, workers=2)
    source = iter(range(12))
    assert [len(sizer.take(source)) for _ in range(4)] == [5, 5, 2, 0]


@pytest.mark.parametrize("expected", [10, 50, 500])
def test_every_item_once_whatever_the_count_said(expected: int) -> None:
    outcomes = by_item(list(run_local(square, range(50), jobs=2, expected=expected)))
    assert set(outcomes) == set(range(50))


PRELOAD_PROBE = """
import sys


def loaded(name):
    return name in sys.modules


def frozen(_):
    import gc

    return gc.get_freeze_count()


if __name__ == "__main__":
    from hamopt.parallel.pool import run_local, start_fork_server

    assert start_fork_server(["email.mime.text"])
    assert "email.mime.text" not in sys.modules  # the server imports it, not this process
    seen = {o.value for o in run_local(loaded, ["email.mime.text"] * 8, jobs=2, chunk_size=1)}
    print(seen)
    print(min(o.value for o in run_local(frozen, range(8), jobs=2, chunk_size=1)))
"""


def test_fork_server_preloads_for_every_worker(tmp_path: Path) -> None:
    script = tmp_path / "probe.py"
    script.write_text(PRELOAD_PROBE, encoding="utf-8")
    out = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out[0] == "{True}"  # every worker had the module before its first item
    # ... and the heap the server's imports made frozen (hamopt.parallel.frozen_preload), which
    # holds thousands of objects even with this small preload.
    assert int(out[1]) > 1000


def test_a_workers_marker_names_the_item_it_is_running_and_nothing_between_chunks(
    tmp_path: Path,
) -> None:
    """What the parent reads after a break: the item a dead worker had started; nothing for
    a worker that was between chunks or died mid-write. Markers are cleared once read."""
    from hamopt.parallel.pool import _Runner

    worker = (
        "import os, sys\n"
        "from hamopt.parallel import pool\n"
        "pool._worker_init(sys.argv[1])\n"
        "pool.run_chunk(len, 7, ['ab', 'c'])\n"  # a whole chunk: its marker is blank again
        "if sys.argv[2] == 'dies':\n"
        "    pool.run_chunk(lambda item: os._exit(0) if item == 'x' else 1, 8, ['a', 'x'])\n"
    )
    markers = tmp_path / "main"
    markers.mkdir()
    for fate in ("dies", "lives"):
        subprocess.run([sys.executable, "-c", worker, str(markers), fate], check=True)
    (markers / "99").write_text("8")  # a worker that died while writing its marker
    assert len(list(markers.iterdir())) == 3

    reader = _Runner(square, 1, ChunkSizer(1, 1), 3, 2, ())
    os.rmdir(reader.marker_dir)  # read the markers written above instead
    reader.marker_dir = str(tmp_path)
    assert reader._running_at_death("main") == {(8, 1)}  # item 1 of chunk 8, nothing else
    assert not list(markers.iterdir())


def _pool_workers(psutil):  # type: ignore[no-untyped-def]
    """This process's pool workers (the forkserver's children, else its own children),
    skipping any process that exits while it is looked at: under load another child (a
    finished helper) can vanish between the listing and its cmdline (psutil.NoSuchProcess,
    seen once in `make test` beside other work)."""
    found, own = [], []
    for child in psutil.Process().children():
        try:
            own.append(child)
            if "forkserver" in " ".join(child.cmdline()):
                found.extend(child.children())
        except psutil.NoSuchProcess:
            continue
    return found or own


def test_a_worker_killed_while_the_consumer_holds_a_result_loses_nothing() -> None:
    # The race `make test` hit under load: a worker dies while the consumer is busy with an
    # outcome, the executor marks the pool broken, and the next submit raised
    # BrokenProcessPool out of the batch before any future reported the break.
    import psutil

    outcomes = []
    source = run_local(pid_of, range(20), jobs=2, chunk_size=1, max_in_flight=2)
    for outcome in source:
        outcomes.append(outcome)
        if len(outcomes) == 1:
            workers = _pool_workers(psutil)
            assert workers, "no pool worker found to kill"
            for worker in workers:
                with contextlib.suppress(psutil.NoSuchProcess):
                    worker.send_signal(signal.SIGKILL)
            time.sleep(1.0)  # long enough for the executor to see the death before a submit
    done = by_item(outcomes)
    assert set(done) == set(range(20)) and all(o.ok for o in done.values())
