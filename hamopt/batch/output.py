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

File names cannot collide (:func:`safe_name`): the mapping from client id to file name is
injective by construction, the summary's names are reserved, and :class:`Outdir` still checks
every name against those already used in the run (resumed clients included).

A file that cannot be written (a full or read-only disk, a folder gone) stops the batch with
an :class:`~hamopt.io.errors.OutputError` (exit 3): every client finished before it keeps its
files and summary line, nothing partial is left, and ``--resume`` continues once the disk is
back.
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

from hamopt.io.errors import InputError, OutputError
from hamopt.io.files import TMP_SUFFIX, reason, write_atomic

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
# The shape of a hashed name's tail: an id kept as it is never has it (see safe_name).
_DIGEST_TAIL = re.compile(r"-[0-9a-f]{10}$", re.IGNORECASE)
DIGEST_LENGTH = 10
# Names Windows will not create a file under, whatever the extension, and the summary's own.
_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"{d}{i}" for d in ("COM", "LPT") for i in range(1, 10)}
    | {Path(SUMMARY_CSV).stem.upper(), Path(SUMMARY_JSON).stem.upper()}
)
_TMP_SUFFIX = TMP_SUFFIX


def safe_name(client_id: str) -> str:
    """A file name stem for a client id: it cannot leave OUTDIR nor name another id's file.

    Letters, digits, ``_`` and ``-`` only: no ``/``, no ``..``, no leading dot. An id of
    that form is kept as it is (``RSC-0001``); any other (``../../x``, ``Anna K.``), a
    reserved one (``summary``, ``CON``) and one that itself ends like a hashed name
    (``a_b-2e7336dc8e``) is cleaned and gets ``-`` and 10 hex digits of its SHA-256.

    Injective by construction: a kept name never ends in ``-`` and 10 hex digits and a
    hashed one always does, so the two kinds never meet; two kept names are their ids; two
    hashed names differ whenever the ids' digests do (and :class:`Outdir` checks that too).
    Ids that differ only in case would share a file on a case-insensitive filesystem: the
    batch refuses the second as a duplicate (:class:`hamopt.batch.run.BatchInput`).
    """
    if (
        _SAFE.match(client_id)
        and client_id.upper() not in _RESERVED
        and not _DIGEST_TAIL.search(client_id)
    ):
        return client_id
    cleaned = _UNSAFE_CHARS.sub("_", client_id).strip("_")[:60] or "client"
    digest = hashlib.sha256(client_id.encode("utf-8")).hexdigest()[:DIGEST_LENGTH]
    return f"{cleaned}-{digest}"


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all (an OutputError when it cannot be)."""
    write_atomic(path, text)


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
            "error": _capped(" | ".join(self.error.splitlines())),
        }


MAX_ERROR_CHARS = 10_000  # a summary cell; far below csv's field size limit (128 KiB)


def _capped(text: str) -> str:
    if len(text) <= MAX_ERROR_CHARS:
        return text
    return text[: MAX_ERROR_CHARS - 20] + f" ... ({len(text)} characters)"


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
        self.stems: dict[str, str] = {}  # casefolded file stem -> the client it belongs to
        self.failed = False  # a write failed: close() then keeps the first error
        summary = path / SUMMARY_CSV
        shown = str(path)
        if path.exists() and not path.is_dir():
            raise OutputError(shown, "it exists and is not a folder")
        if summary.exists() and not (resume or force) and _has_clients(summary):
            raise InputError(
                "this directory already holds a batch (summary.csv): add --resume to finish "
                "it, --force to start it again, or choose another -o",
                file=str(path),
            )
        try:
            path.mkdir(parents=True, exist_ok=True)
            for stale in path.glob(f".*{_TMP_SUFFIX}"):  # left by a run killed mid-write
                stale.unlink(missing_ok=True)
        except OSError as exc:
            raise OutputError(shown, reason(exc)) from None
        kept = self._complete_rows(summary) if resume and summary.exists() else []
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(kept)
        atomic_write(summary, buffer.getvalue())
        for row in kept:
            self.done.add(row["client"])
            self.stems[safe_name(row["client"]).casefold()] = row["client"]
            self.counts[row["status"]] += 1
        try:
            self._summary = open(summary, "a", encoding="utf-8", newline="")
        except OSError as exc:
            raise OutputError(str(summary), reason(exc)) from None
        self._writer = csv.DictWriter(self._summary, COLUMNS, lineterminator="\n")

    def _complete_rows(self, summary: Path) -> list[dict[str, str]]:
        try:
            text = summary.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise InputError(f"cannot read: {reason(exc)}", file=str(summary)) from None
        if text and not text.endswith("\n"):
            text = text[: text.rfind("\n") + 1]  # a line cut short by a crash: not done
        rows = []
        seen: set[str] = set()
        for row in _rows(text):
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
        """The client's files first, then its summary line: the line means "done".

        Raises OutputError when a file or the line cannot be written; the clients recorded
        before keep theirs, and this one is done again by ``--resume``.
        """
        stem = safe_name(result.client_id)
        owner = self.stems.setdefault(stem.casefold(), result.client_id)
        if owner != result.client_id:  # two digests alike: never seen, but never a lost file
            result = ClientResult(
                result.client_id,
                "invalid",
                time_s=result.time_s,
                error=f"its output name {stem!r} is already used by client {owner!r}",
            )
        try:
            for fmt, ext in self.extensions.items():
                if fmt in result.outputs:
                    atomic_write(self.path / f"{stem}.{ext}", result.outputs[fmt])
            try:
                self._writer.writerow(result.row(stem))
                self._summary.flush()
            except OSError as exc:
                raise OutputError(str(self.path / SUMMARY_CSV), reason(exc)) from None
        except OutputError:
            self.failed = True
            raise
        self.done.add(result.client_id)
        self.counts[result.status] += 1

    def close(self, batch: dict[str, Any]) -> None:
        """Close summary.csv and write summary.json (the run's facts + every client line).

        After a failed write it tries all the same but raises nothing: the first error is
        the one to report.
        """
        try:
            self._close(batch)
        except OutputError:
            if not self.failed:
                raise

    def _close(self, batch: dict[str, Any]) -> None:
        try:
            self._summary.close()
        except OSError as exc:
            raise OutputError(str(self.path / SUMMARY_CSV), reason(exc)) from None
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
                for i, row in enumerate(_rows_of(source)):
                    out.write(("," if i else "") + "\n  " + json.dumps(_typed(row)))
                out.write("\n ]\n}\n")
            os.replace(tmp, final)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise OutputError(str(final), reason(exc)) from None
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise


def _has_clients(summary: Path) -> bool:
    """Whether a summary lists any client (a run that stopped before any has nothing to lose)."""
    try:
        with open(summary, encoding="utf-8", errors="replace") as handle:
            handle.readline()  # the header
            return bool(handle.readline().strip())
    except OSError as exc:
        raise InputError(f"cannot read: {reason(exc)}", file=str(summary)) from None


def _rows(text: str) -> Iterable[dict[str, str]]:
    """summary.csv's rows; a row csv cannot read (a hand-edited file) ends the list there."""
    reader = csv.DictReader(io.StringIO(text))
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            return
        yield row


def _rows_of(source: Any) -> Iterable[dict[str, str]]:
    reader = csv.DictReader(source)
    while True:
        try:
            row = next(reader)
        except (StopIteration, csv.Error):
            return
        yield row


def _typed(row: dict[str, str]) -> dict[str, Any]:
    typed: dict[str, Any] = dict(row)
    for key in ("objective", "time_s", "deterministic_time"):
        typed[key] = float(row[key]) if row.get(key) else None
    return typed
