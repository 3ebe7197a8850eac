"""Quad twins get one candidate (hamopt/engine/interchangeable.py), and the optimum stays."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

import hamopt
import hamopt.engine.compile as compile_module
from hamopt.domain.catalog import catalog_for
from hamopt.domain.models import Mode, Scenario
from hamopt.engine.interchangeable import signature, twins_to_skip
from hamopt.rules.ruleset import active_rules

ROOT = Path(__file__).resolve().parents[2]


def _scenario(**extra: Any) -> Scenario:
    data: dict[str, Any] = {
        "name": "twins",
        "schedule": {"sessions_per_week": 2, "slots": [{"day": "mon"}, {"day": "thu"}]},
        "equipment": "full_gym",
    }
    data.update(extra)
    return Scenario.model_validate(data)


def _skip(sc: Scenario, rules: Any = None) -> frozenset[str]:
    return twins_to_skip(sc, catalog_for(sc), rules if rules is not None else active_rules(sc))


def test_the_kettlebell_and_dumbbell_goblet_squats_are_twins() -> None:
    by_id = catalog_for(_scenario()).by_id()
    assert signature(by_id["goblet_squat"]) == signature(by_id["dumbbell_goblet_squat"])
    assert signature(by_id["goblet_squat"]) != signature(by_id["bodyweight_squat"])
    # The one that sorts first stays; its twin gets no candidate.
    assert _skip(_scenario()) == {"goblet_squat"}


def test_no_twin_is_dropped_where_that_could_change_the_program() -> None:
    # Only one of them at hand: nothing to drop.
    assert _skip(_scenario(equipment=["kettlebell"])) == frozenset()
    # The scenario names one.
    assert _skip(_scenario(preferences={"favour": ["goblet_squat"]})) == frozenset()
    # One exercise per family a session is what makes a twin redundant.
    sc = _scenario()
    loose = [a for a in active_rules(sc) if a.id != "session_shape"]
    assert _skip(sc, loose) == frozenset()
    soft = [
        dataclasses.replace(a, mode=Mode.soft) if a.id == "session_shape" else a
        for a in active_rules(sc)
    ]
    assert _skip(sc, soft) == frozenset()
    params_off = [
        dataclasses.replace(a, params=a.params.model_copy(update={"one_per_family": False}))
        if a.id == "session_shape"
        else a
        for a in active_rules(sc)
    ]
    assert _skip(sc, params_off) == frozenset()
    # Several phases: the goblet squat's progression counts weeks per exercise id.
    phased = _scenario(
        phases=[{"phase": "correction", "weeks": 2}, {"phase": "balanced", "weeks": 2}]
    )
    assert _skip(phased) == frozenset()


@pytest.mark.parametrize("name", ["balanced_lifter", "home_dumbbells_kettlebell"])
def test_the_optimum_is_the_same_with_and_without_the_twins(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = ROOT / "scenarios" / f"{name}.yaml"
    reduced = hamopt.solve(path)
    monkeypatch.setattr(compile_module, "twins_to_skip", lambda *a, **k: frozenset())
    whole = hamopt.solve(path)
    assert reduced.status == whole.status == "optimal"
    assert reduced.solver is not None and whole.solver is not None
    assert (reduced.solver.objective, reduced.solver.quality) == (
        whole.solver.objective,
        whole.solver.quality,
    )
    assert "goblet_squat" not in {
        line.id for week in reduced.weeks for s in week.sessions for line in s.exercises
    }
