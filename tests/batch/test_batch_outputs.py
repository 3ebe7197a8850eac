"""A batch's outputs: names that cannot collide, and writes that fail cleanly (issue 21).

Outdir is driven directly with ready results (no solving): what is tested is the naming and
the writing, not the programs.
"""

from __future__ import annotations

import csv
import errno
import json
import os
from pathlib import Path

import pytest

from hamopt.batch import output
from hamopt.batch.output import SUMMARY_CSV, SUMMARY_JSON, ClientResult, Outdir, safe_name
from hamopt.io import files
from hamopt.io.errors import OutputError
from hamopt.render.formats import EXTENSIONS

# Ids crafted to clash under the old naming, or with the summary, or with each other once
# cleaned: a kept id shaped like a hashed one, reserved names in any case, ids that clean
# to the same text.
CLASHING = [
    "a.b",
    "a_b-2e7336dc8e",  # the old safe_name("a.b")
    "a_b-2E7336DC8E",
    safe_name("a.b"),
    "a b",
    "a/b",
    "a..b",
    "summary",
    "SUMMARY",
    "Summary",
    "summary-761b7ad8ad",  # safe_name("summary")
    "con",
    "CON",
    "client",
    "",
    ".",
    "..",
    "_",
    "x" * 200,
    "x" * 201,
    "x-0123456789",
    "x-0123456789abcdef",
]


def _rows(outdir: Path) -> list[dict[str, str]]:
    with open(outdir / SUMMARY_CSV, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _result(client_id: str) -> ClientResult:
    body = json.dumps({"client": client_id})
    return ClientResult(client_id, "optimal", objective=1.0, outputs={"json": body, "csv": body})


def test_names_are_injective_and_never_the_summarys() -> None:
    ids = list(dict.fromkeys(CLASHING))
    stems = [safe_name(i) for i in ids]
    folded = [s.casefold() for s in stems]
    assert len(set(folded)) == len(ids), dict(zip(ids, stems, strict=True))
    for stem in stems:
        assert stem.casefold() not in ("summary", "con")
        assert "/" not in stem and not stem.startswith(".")


def test_clashing_ids_each_get_their_own_file(tmp_path: Path) -> None:
    """The issue's ids: `a.b` and `a_b-2e7336dc8e` once shared a file; `summary` replaced
    summary.csv. Every one now has its own files and the summary stays the summary."""
    ids = list(dict.fromkeys(CLASHING))
    outdir = tmp_path / "out"
    out = Outdir(outdir, ("csv", "json"), EXTENSIONS, resume=False)
    for client_id in ids:
        out.record(_result(client_id))
    out.close({})
    rows = _rows(outdir)
    assert [r["client"] for r in rows] == ids
    assert all(r["status"] == "optimal" for r in rows)
    for row in rows:
        data = json.loads((outdir / f"{row['file']}.json").read_text(encoding="utf-8"))
        assert data == {"client": row["client"]}
    summary = json.loads((outdir / SUMMARY_JSON).read_text(encoding="utf-8"))
    assert [c["client"] for c in summary["clients"]] == ids
    assert summary["batch"]["counts"]["optimal"] == len(ids)


def test_a_digest_clash_is_refused_not_overwritten(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Two ids with the same name (a digest collision, forced here) never share a file."""
    monkeypatch.setattr(output, "safe_name", lambda client_id: "same")
    out = Outdir(tmp_path / "out", ("json",), EXTENSIONS, resume=False)
    out.record(_result("first"))
    out.record(_result("second"))
    out.close({})
    rows = _rows(tmp_path / "out")
    assert [r["status"] for r in rows] == ["optimal", "invalid"]
    assert "already used by client 'first'" in rows[1]["error"]
    assert json.loads((tmp_path / "out" / "same.json").read_text())["client"] == "first"


def test_resume_knows_the_names_already_used(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    outdir = tmp_path / "out"
    out = Outdir(outdir, ("json",), EXTENSIONS, resume=False)
    out.record(_result("first"))
    out.close({})
    monkeypatch.setattr(output, "safe_name", lambda client_id: "first")
    again = Outdir(outdir, ("json",), EXTENSIONS, resume=True)
    assert again.done == {"first"}
    again.record(_result("other"))
    again.close({})
    assert _rows(outdir)[-1]["status"] == "invalid"
    assert json.loads((outdir / "first.json").read_text())["client"] == "first"


# --- writes that fail -----------------------------------------------------------------------


def _no_leftovers(folder: Path) -> None:
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".")]


def test_outdir_under_a_file_is_an_output_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match="a part of its path is a file"):
        Outdir(tmp_path / "file" / "out", ("json",), EXTENSIONS, resume=False)
    with pytest.raises(OutputError, match="not a folder"):
        Outdir(tmp_path / "file", ("json",), EXTENSIONS, resume=False)


def _failing_replace(fail_on: str, code: int):  # type: ignore[no-untyped-def]
    real = os.replace

    def replace(src, dst):  # type: ignore[no-untyped-def]
        if Path(dst).name.startswith(fail_on):
            raise OSError(code, os.strerror(code))
        return real(src, dst)

    return replace


@pytest.mark.parametrize(
    ("code", "words"),
    [(errno.ENOSPC, "no space left"), (errno.EROFS, "read-only"), (errno.EACCES, "permission")],
)
def test_full_disk_stops_cleanly_and_resume_finishes(  # type: ignore[no-untyped-def]
    tmp_path: Path, monkeypatch, code, words
) -> None:
    """The disk fills up at the third client: it stops with the reason, the two before keep
    their files and lines, no temporary file is left, and --resume does the rest once."""
    outdir = tmp_path / "out"
    ids = [f"c{i}" for i in range(5)]
    out = Outdir(outdir, ("json",), EXTENSIONS, resume=False)
    out.record(_result(ids[0]))
    out.record(_result(ids[1]))
    monkeypatch.setattr(files.os, "replace", _failing_replace("c2", code))
    with pytest.raises(OutputError, match=words) as caught:
        out.record(_result(ids[2]))
    assert "c2.json" in str(caught.value)
    out.close({})  # after a failed write: tries, raises nothing new
    _no_leftovers(outdir)
    assert [r["client"] for r in _rows(outdir)] == ids[:2]
    assert not (outdir / "c2.json").exists()
    monkeypatch.undo()
    again = Outdir(outdir, ("json",), EXTENSIONS, resume=True)
    for client_id in ids:
        if client_id not in again.done:
            again.record(_result(client_id))
    again.close({})
    assert [r["client"] for r in _rows(outdir)] == ids
    _no_leftovers(outdir)


def test_full_disk_on_the_summary_line(tmp_path: Path) -> None:
    """The summary line itself cannot be written: an OutputError, and resume redoes it."""
    outdir = tmp_path / "out"
    out = Outdir(outdir, ("json",), EXTENSIONS, resume=False)
    out.record(_result("c0"))

    class Full:
        def write(self, _: str) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

        def flush(self) -> None:
            pass

        def close(self) -> None:
            pass

    real = out._summary
    out._summary = Full()  # type: ignore[assignment]
    out._writer = csv.DictWriter(out._summary, output.COLUMNS, lineterminator="\n")
    with pytest.raises(OutputError, match="summary.csv: cannot write: no space left"):
        out.record(_result("c1"))
    real.close()
    out.close({})
    again = Outdir(outdir, ("json",), EXTENSIONS, resume=True)
    assert again.done == {"c0"}
    again.close({})


def test_full_disk_on_summary_json_is_reported(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    outdir = tmp_path / "out"
    out = Outdir(outdir, ("json",), EXTENSIONS, resume=False)
    out.record(_result("c0"))
    monkeypatch.setattr(output.os, "replace", _failing_replace("summary.json", errno.ENOSPC))
    with pytest.raises(OutputError, match="summary.json: cannot write: no space left"):
        out.close({})
    _no_leftovers(outdir)
