"""Helpers for tests that hand hamopt files: written as given (text dedented, bytes raw)."""

from __future__ import annotations

import textwrap
from pathlib import Path

# One exercise entry of a catalog or a scenario's `exercises:` (YAML, indented as a list
# item), its id a format field.
EXERCISE = """\
  - id: {id}
    name: Test curl
    region: hamstrings
    actions: [knee_flexion]
    stimulus: {{bf_long: 0.6, bf_short: 0.7, semitendinosus: 0.6, semimembranosus: 0.5}}
    source: a test
"""


def write_input(tmp_path: Path, text: str | bytes, name: str) -> Path:
    """Write ``text`` to ``tmp_path / name``; bytes stay byte-exact (binary-file tests)."""
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path
