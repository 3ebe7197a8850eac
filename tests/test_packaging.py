"""Packaging hygiene (issue 20): a LICENSE file, license metadata setuptools reads without a
deprecation warning, and the marker that tells type checkers hamopt ships its own types."""

from __future__ import annotations

import importlib.metadata
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_license_file_and_metadata_agree() -> None:
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    # An SPDX string: the `{text = ...}` table made setuptools warn on every install.
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]
    assert importlib.metadata.metadata("hamopt").get("License-Expression") == "MIT"


def test_typed_package_marker_ships() -> None:
    assert (ROOT / "hamopt" / "py.typed").is_file()
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "py.typed" in data["tool"]["setuptools"]["package-data"]["hamopt"]


def test_lint_type_checks_with_ortools_stubs_handled_in_one_place() -> None:
    """`make lint` (and so `make test`) runs mypy; OR-Tools' stubs are handled by one
    override in pyproject.toml, not by ignores spread over the code."""
    makefile = (ROOT / "Makefile").read_text()
    lint = makefile.split("\nlint:", 1)[1].split("\n\n", 1)[0]
    assert "$(BIN)/mypy" in lint
    mypy = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    assert mypy["files"] == ["hamopt"]
    overrides = [o for o in mypy["overrides"] if "ortools.*" in o["module"]]
    assert len(overrides) == 1 and overrides[0]["follow_imports"] == "skip"
    spread = [p for p in (ROOT / "hamopt").rglob("*.py")
              if "ortools" in p.read_text() and "type: ignore[operator]" in p.read_text()]
    assert not spread
