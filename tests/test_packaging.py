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
