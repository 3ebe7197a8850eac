"""`hamopt serve` without --scenarios: the page's examples wherever the server starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from hamopt.cli.serve import default_scenario_dir
from hamopt.serve.app import _shipped

CHECKOUT_SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def test_started_outside_the_checkout_the_page_still_offers_its_examples(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Before, the default was ./scenarios alone: started from any other folder the page
    # offered no scenario to start from.
    monkeypatch.chdir(tmp_path)
    found = default_scenario_dir()
    assert found.resolve() == CHECKOUT_SCENARIOS
    offered = _shipped(found)
    assert {"balanced_lifter", "sprinter_nordic_10_weeks"} <= set(offered)


def test_a_scenarios_folder_where_the_server_starts_comes_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own = tmp_path / "scenarios"
    own.mkdir()
    (own / "mine.yaml").write_text(
        (CHECKOUT_SCENARIOS / "balanced_lifter.yaml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    found = default_scenario_dir()
    assert found == Path("scenarios")
    assert set(_shipped(found)) == {"mine"}
