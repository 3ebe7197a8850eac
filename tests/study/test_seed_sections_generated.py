"""scenarios/README.md's seed sections say what today's rules give. Two scripts write them
(`scenarios/seed_comparison.py`: hamopt's program beside each seed workout;
`scripts/seed_gaps.py --write`: the gaps and hamopt's week); both sections were found a day
stale, with programs the rules no longer chose. These tests regenerate them and compare, so
a change to the rules or the catalog that moves a program fails here until the scripts run."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from hamopt.inputs.loading import load_scenario

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "scenarios" / "README.md"


def _script(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_each_seed_comparison_is_what_todays_rules_give() -> None:
    comparison = _script(ROOT / "scenarios" / "seed_comparison.py", "seed_comparison_script")
    text = README.read_text(encoding="utf-8")
    for stem, seed, source in comparison.PAIRS:
        scenario = load_scenario(ROOT / "scenarios" / f"{stem}.yaml")
        section = comparison.section(scenario, stem, seed, source)
        assert section.strip() in text, (
            f"{stem}: scenarios/README.md is stale; run "
            "`.venv/bin/python scenarios/seed_comparison.py` and paste its output"
        )


def test_the_seed_gaps_are_what_todays_rules_give() -> None:
    gaps = _script(ROOT / "scripts" / "seed_gaps.py", "seed_gaps_script")
    text = README.read_text(encoding="utf-8")
    committed = text.split(gaps.START, 1)[1].split(gaps.END, 1)[0].strip()
    assert committed == gaps.tables().strip(), (
        "scenarios/README.md is stale; run `.venv/bin/python scripts/seed_gaps.py --write`"
    )
