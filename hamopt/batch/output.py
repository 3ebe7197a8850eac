"""A batch's output directory: one file per client and format, and the summary.

Nothing half-written is ever visible: each file is written to a hidden temporary file in
OUTDIR and renamed over its final name (a rename within one directory is atomic on POSIX
filesystems). ``summary.csv`` gets one line per client, appended and flushed as its result
files are in place, so after a crash or Ctrl-C it names exactly the clients that are done.
``summary.json`` is written from it at the end (also after an interrupt).

``--resume`` keeps the summary lines whose client is complete (a program, or a proof that
there is none, and every file of the requested formats present) and does the rest; a line cut
short by a crash, a client whose worker died (``failed``), one missing a file, and an
``invalid`` one (its row may have been fixed since; reading it again costs milliseconds) are
done again. Every client therefore ends up in the summary exactly once.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hamopt.io.errors import InputError

SUMMARY_CSV = "summary.csv"
SUMMARY_JSON = "summary.json"
COLUMNS = ("client", "file", "status", "objective", "time_s", "deterministic_time", "error")
# Statuses in the order the final line counts them.
STATUSES = ("optimal", "feasible", "infeasible", "unknown", "invalid", "failed")
WITH_FILES = frozenset({"optimal", "feasible", "infeasible", "unknown"})
# What --resume keeps. Not `failed` (the worker may have died for reasons of its own) nor
# `invalid` (the coach may have fixed the row before resuming).
FINAL = frozenset(STATUSES) - {"failed", "invalid"}

_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$")
_UNSAFE_CHARS = re.compile(r"[^A-Za-z0-9_-]+")
# Names Windows will not create a file under, whatever the extension.
_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL"} | {f"{d}{i}" for d in ("COM", "LPT") for i in range(1, 10)}
)
_TMP_SUFFIX = ".hamopt-tmp"


def safe_name(client_id: str) -> str:
    """A file name stem for a client id that cannot leave OUTDIR or clash with another id.

    Letters, digits, ``_`` and ``-`` only: no ``/``, no ``..``, no leading dot. An id of
    that form is kept as it is (``RSC-0001``); any other (``../../x``, ``Anna K.``) is
    cleaned and gets 10 hex digits of its SHA-256, so two ids never share a file. Ids that
    differ only in case would share one on a case-insensitive filesystem: the batch refuses
    the second as a duplicate (:class:`hamopt.batch.run.BatchInput`).
    """
    if _SAFE.match(client_id) and client_id.upper() not in _RESERVED:
        return client_id
    cleaned = _UNSAFE_CHARS.sub("_", client_id).strip("_")[:60] or "client"
    digest = hashlib.sha256(client_id.encode("utf-8")).hexdigest()[:10]
    return f"{cleaned}-{digest}"


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}{_TMP_SUFFIX}")
    try:
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@dataclass
class ClientResult:
    """What a batch records about one client (built in the worker, written by the parent)."""

    client_id: str
    status: str
    objective: float | None = None
    time_s: float | None = None  # wall seconds in the worker: read, check, solve, render
    deterministic_time: float | None = None
    error: str = ""  # why there is no program, or the conflict in words
    outputs: dict[str, str] = field(default_factory=dict)  # format -> rendered text

    def row(self, stem: str) -> dict[str, str]:
        return {
            "client": self.client_id,
            "file": stem if self.status in WITH_FILES else "",
            "status": self.status,
            "objective": _number(self.objective),
            "time_s": _number(self.time_s),
            "deterministic_time": _number(self.deterministic_time),
            "error": " | ".join(self.error.splitlines()),
        }


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


class Outdir:
    """OUTDIR for one run: what is already done, and the writer of new results."""

    def __init__(
        self,
        path: Path,
        formats: Iterable[str],
        extensions: dict[str, str],
        *,
        resume: bool,
        force: bool = False,
    ) -> None:
        self.path = path
        self.extensions = {f: extensions[f] for f in formats}
        self.suffixes = list(self.extensions.values())
        self.counts: Counter[str] = Counter()
        self.done: set[str] = set()
        summary = path / SUMMARY_CSV
        if path.exists() and not path.is_dir():
            raise InputError("the output path exists and is not a directory", file=str(path))
        if summary.exists() and not (resume or force) and _has_clients(summary):
            raise InputError(
                "this directory already holds a batch (summary.csv): add --resume to finish "
                "it, --force to start it again, or choose another -o",
                file=str(path),
            )
        path.mkdir(parents=True, exist_ok=True)
        for stale in path.glob(f".*{_TMP_SUFFIX}"):  # left by a run killed mid-write
            stale.unlink(missing_ok=True)
        kept = self._complete_rows(summary) if resume and summary.exists() else []
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(kept)
        atomic_write(summary, buffer.getvalue())
        for row in kept:
            self.done.add(row["client"])
            self.counts[row["status"]] += 1
        self._summary = open(summary, "a", encoding="utf-8", newline="")
        self._writer = csv.DictWriter(self._summary, COLUMNS, lineterminator="\n")

    def _complete_rows(self, summary: Path) -> list[dict[str, str]]:
        text = summary.read_text(encoding="utf-8")
        if text and not text.endswith("\n"):
            text = text[: text.rfind("\n") + 1]  # a line cut short by a crash: not done
        rows = []
        seen: set[str] = set()
        for row in csv.DictReader(io.StringIO(text)):
            client, status = row.get("client"), row.get("status")
            if not client or status not in FINAL or client in seen:
                continue
            stem = row.get("file") or ""
            if status in WITH_FILES and not (
                stem == safe_name(client)
                and all((self.path / f"{stem}.{ext}").is_file() for ext in self.suffixes)
            ):
                continue  # a file is missing (or another --format was asked): do it again
            seen.add(client)
            rows.append({c: row.get(c) or "" for c in COLUMNS})
        return rows

    def record(self, result: ClientResult) -> None:
        """The client's files first, then its summary line: the line means "done"."""
        stem = safe_name(result.client_id)
        for fmt, ext in self.extensions.items():
            if fmt in result.outputs:
                atomic_write(self.path / f"{stem}.{ext}", result.outputs[fmt])
        self._writer.writerow(result.row(stem))
        self._summary.flush()
        self.done.add(result.client_id)
        self.counts[result.status] += 1

    def close(self, batch: dict[str, Any]) -> None:
        """Close summary.csv and write summary.json (the run's facts + every client line)."""
        self._summary.close()
        batch = {**batch, "counts": {s: self.counts.get(s, 0) for s in STATUSES}}
        final = self.path / SUMMARY_JSON
        tmp = final.with_name(f".{final.name}.{os.getpid()}{_TMP_SUFFIX}")
        # Streamed line by line, like summary.csv: memory does not grow with the batch.
        try:
            with (
                open(self.path / SUMMARY_CSV, newline="", encoding="utf-8") as source,
                open(tmp, "w", encoding="utf-8") as out,
            ):
                out.write('{"batch": ' + json.dumps(batch) + ',\n "clients": [')
                for i, row in enumerate(csv.DictReader(source)):
                    out.write(("," if i else "") + "\n  " + json.dumps(_typed(row)))
                out.write("\n ]\n}\n")
            os.replace(tmp, final)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise


def _has_clients(summary: Path) -> bool:
    """Whether a summary lists any client (a run that stopped before any has nothing to lose)."""
    with open(summary, encoding="utf-8") as handle:
        handle.readline()  # the header
        return bool(handle.readline().strip())


def _typed(row: dict[str, str]) -> dict[str, Any]:
    typed: dict[str, Any] = dict(row)
    for key in ("objective", "time_s", "deterministic_time"):
        typed[key] = float(row[key]) if row.get(key) else None
    return typed
