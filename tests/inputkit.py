"""Helpers for tests that hand hamopt files: written as given (text dedented, bytes raw)."""

from __future__ import annotations

import textwrap
from pathlib import Path


def write_input(tmp_path: Path, text: str | bytes, name: str) -> Path:
    """Write ``text`` to ``tmp_path / name``; bytes stay byte-exact (binary-file tests)."""
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path
