"""bench_catalog_cli measures what it says: the same library as YAML and JSON, and a base
tree that really is the one imported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # benchmarks/ is a top-level package next to hamopt/

from benchmarks import bench_catalog_cli  # noqa: E402


def test_the_yaml_and_json_catalogs_hold_the_same_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bench_catalog_cli, "SIZE", 60)  # past the shipped 51: extends default
    files = bench_catalog_cli.inputs(tmp_path)
    as_yaml = yaml.safe_load(files["yaml"].read_text(encoding="utf-8"))
    assert as_yaml == json.loads(files["json"].read_text(encoding="utf-8"))
    assert as_yaml["extends"] == "default" and len(as_yaml["exercises"]) > 0


def test_a_base_tree_is_the_hamopt_its_commands_import(tmp_path: Path) -> None:
    base = tmp_path / "tree"
    (base / "hamopt").mkdir(parents=True)
    (base / "hamopt" / "__init__.py").write_text("WHERE = 'base'\n")
    files = {k: tmp_path / f"x.{k}" for k in ("scenario", "yaml", "json")}
    commands, envs = bench_catalog_cli.commands(files, tmp_path, base)
    assert set(envs) == {n for n in commands if n.startswith("base ")} and len(envs) == 3
    command = commands["base yaml, json"]
    # The same interpreter and flags, asked where hamopt comes from, from the repository's
    # folder (whose hamopt shadows the base unless -P keeps the folder off sys.path).
    probe = [*command[: command.index("-c") + 1], "import hamopt; print(hamopt.WHERE)"]
    env = {"PATH": "/usr/bin:/bin", **envs["base yaml, json"]}
    out = subprocess.run(probe, env=env, cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.strip() == "base", out.stderr
    assert commands["yaml, json"][0] == sys.executable and "yaml, json" not in envs
