"""Files in and out, the same way for every command.

In: :func:`regular_file` refuses what is not a regular file (a FIFO would block ``read``
forever, a device never ends, a folder is no input) before anything opens it.

Out: :func:`write_atomic` writes the whole text to a hidden temporary file beside the target
and renames it over the target (atomic within one folder on POSIX). Any failure, from a
missing parent to a full disk, is an :class:`~hamopt.io.errors.OutputError` with the reason
in words, and the temporary file is gone. An output named ``-`` is standard output, as in
every Unix tool (`hamopt solve X --format json -o - | jq`): written whole, nothing renamed.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path

from hamopt.io.errors import InputError, OutputError

TMP_SUFFIX = ".hamopt-tmp"
# The name an output option takes for standard output.
STDOUT = "-"


def is_stdout(path: str | Path | None) -> bool:
    return path is not None and str(path) == STDOUT

_REASONS = {
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOENT: "its folder does not exist",
    errno.ENOTDIR: "a part of its path is a file, not a folder",
    errno.EISDIR: "it is a folder",
    errno.ENAMETOOLONG: "the name is too long",
    errno.EXDEV: "cannot rename across file systems",
}


def reason(exc: OSError) -> str:
    """An OSError in words, without Python's decoration."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    return exc.strerror or type(exc).__name__


def _kind(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def regular_file(path: str | Path, file: str | None = None) -> Path:
    """``path`` if it names a regular file (through symlinks); else an InputError."""
    path = Path(path)
    shown = file or str(path)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise InputError("no such file", file=shown) from None
    except OSError as exc:
        raise InputError(f"cannot read: {reason(exc)}", file=shown) from None
    kind = _kind(mode)
    if kind is not None:
        raise InputError(f"is {kind}, not a file: only regular files are read", file=shown)
    return path


def check_output(path: str | Path) -> Path:
    """Refuse an output path that can never be written, before any work is done."""
    if is_stdout(path):
        return Path(STDOUT)
    path = Path(path)
    shown = str(path)
    if path.name in ("", ".", "..") or str(path).endswith(os.sep):
        raise OutputError(shown, "it is a folder; give a file name")
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise OutputError(shown, reason(exc)) from None
    if mode is not None and not stat.S_ISREG(mode):
        kind = _kind(mode) or "not a regular file"
        raise OutputError(shown, f"it is {kind}")
    parent = path.parent
    if not parent.is_dir():
        existing = next((p for p in parent.parents if p.exists()), None)
        under_file = parent.exists() or (existing is not None and not existing.is_dir())
        why = "a part of its path is a file, not a folder" if under_file else (
            "its folder does not exist"
        )
        raise OutputError(shown, why)
    return path


def write_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all (see the module docstring)."""
    write_atomic_bytes(path, text.encode("utf-8"))


def write_atomic_bytes(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all (``-``: to standard output)."""
    if is_stdout(path):
        _write_stdout(data)
        return
    path = check_output(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}{TMP_SUFFIX}")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
        os.replace(tmp, path)
    except OSError as exc:
        _discard(tmp)
        raise OutputError(str(path), reason(exc)) from None
    except BaseException:
        _discard(tmp)
        raise


def _discard(tmp: Path) -> None:
    try:
        tmp.unlink(missing_ok=True)
    except OSError:
        pass


def _write_stdout(data: bytes) -> None:
    """``data`` after whatever text is already on stdout; a closed pipe or a full disk is an
    OutputError naming stdout (exit 3), as for a file."""
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except OSError as exc:
        try:  # the interpreter's last flush at exit must not fail a second time
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        raise OutputError("stdout", reason(exc)) from None
