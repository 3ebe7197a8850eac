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


def _pins() -> dict[str, str]:
    from packaging.utils import canonicalize_name

    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version
    return pins


def test_every_dependency_is_pinned_within_its_declared_range() -> None:
    """`make` installs with constraints.txt (the versions the golden outputs and the
    deterministic-time guard were made with): each dependency pyproject.toml declares, extras
    included, has a pin there, and the pin is inside the range declared, so neither file can
    move without the other."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = [*project["dependencies"]]
    for extra in project["optional-dependencies"].values():
        declared += extra
    pins = _pins()
    for text in declared:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is declared but not pinned in constraints.txt"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"constraints.txt pins {name}=={pins[name]}, outside pyproject's {requirement}"
        )
    makefile = (ROOT / "Makefile").read_text()
    stamp = makefile.split("\n$(STAMP):", 1)[1].split("\n\n", 1)[0]
    assert "constraints.txt" in stamp.splitlines()[0]  # a new pin reinstalls
    assert "-c constraints.txt" in stamp


def test_the_solver_the_tests_run_on_is_the_pinned_one() -> None:
    """The golden programs and the plan's deterministic-time guard hold for one OR-Tools
    search; an environment with another one says so here, not through a dozen golden diffs."""
    assert importlib.metadata.version("ortools") == _pins()["ortools"], (
        "this environment's OR-Tools is not constraints.txt's: install with `make` (pip -c "
        "constraints.txt), or move the pin and regenerate the golden outputs"
    )
