"""What a hard rule keeps out of every program gets no candidate in a solve
(hamopt/engine/forbidden.py, ``Rule.forbids``), and the optimum stays the same.

The reduction is exact only if each rule's ``forbids`` names nothing its own encoder lets
in: checked here on the full model an explanation builds, with only that rule's guards held.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from ortools.sat.python import cp_model

import hamopt.engine.compile as compile_module
from hamopt.api.solving import solve_scenario
from hamopt.domain.catalog import catalog_for, in_canonical_order
from hamopt.domain.models import Mode, Scenario
from hamopt.engine.compile import compile_model
from hamopt.engine.forbidden import forbidden_to_skip
from hamopt.engine.solve import SolveOptions
from hamopt.inputs.loading import load_scenario
from hamopt.rules.contract import ActiveRule
from hamopt.rules.ruleset import active_rules

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def _load(name: str, **update: Any) -> tuple[Scenario, list[ActiveRule]]:
    sc = load_scenario(SCENARIOS / f"{name}.yaml")
    if update:
        sc = Scenario.model_validate({**sc.model_dump(mode="json"), **update})
    return sc, active_rules(sc, base_dir=SCENARIOS)


# A home gym (equipment), a list of equipment with an exclude (preferences), the conditions'
# exclusions (contraindications), and avoid made hard by a rule set (preferences' params).
CASES = {
    "home_dumbbells_kettlebell": {},
    "custom_exercise_home_gym": {},
    "knee_pain_cannot_kneel": {},
    "low_back_pain": {"preferences": {"avoid": ["seated_leg_curl"]}},
}


def _avoid_hard(rules: list[ActiveRule]) -> list[ActiveRule]:
    out = []
    for a in rules:
        if a.id == "preferences":
            a = dataclasses.replace(a, params=a.params.model_copy(update={"avoid_mode": "hard"}))
        out.append(a)
    return out


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_rule_keeps_out_what_it_says_it_forbids(name: str) -> None:
    sc, rules = _load(name, **CASES[name])
    rules = _avoid_hard(rules)
    catalog = in_canonical_order(catalog_for(sc))
    checked = 0
    for active in rules:
        if active.mode is not Mode.hard or active.rule.forbids is None:
            continue
        forbidden = set(active.rule.forbids(active.params, sc, catalog))
        if not forbidden:
            continue
        # Every candidate, every guard free (an explanation's model), then only this rule's
        # guards held: no program may hold any exercise the rule says it forbids.
        compiled = compile_model(sc, catalog, rules, explain=True)
        model = compiled.model
        for guard in compiled.ctx.guards:
            if guard.rule == active.id:
                model.add(guard.literal == 1)
        present = [c.present for c in compiled.ctx.candidates if c.exercise.id in forbidden]
        assert present, f"{active.id}: no candidate for {sorted(forbidden)}"
        model.add_bool_or(present)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        assert solver.solve(model) == cp_model.INFEASIBLE, active.id
        checked += 1
    assert checked, "no rule forbids anything here: the case tests nothing"


def test_what_each_rule_forbids() -> None:
    sc, rules = _load("low_back_pain", preferences={"avoid": ["seated_leg_curl"]})
    catalog = catalog_for(sc)
    by_rule = {
        a.id: set(a.rule.forbids(a.params, sc, catalog))
        for a in _avoid_hard(rules)
        if a.rule.forbids is not None
    }
    assert "good_morning" in by_rule["contraindications"]  # high lower-back load
    assert "dumbbell_romanian_deadlift" not in by_rule["contraindications"]  # capped, kept
    assert by_rule["preferences"] == {"seated_leg_curl"}  # avoid, made hard
    assert by_rule["preferences"] & set(forbidden_to_skip(sc, catalog, rules)) == set()  # soft
    home, home_rules = _load("home_dumbbells_kettlebell")
    equipment = next(a for a in home_rules if a.id == "equipment")
    lacking = set(equipment.rule.forbids(equipment.params, home, catalog_for(home)))
    assert "lying_leg_curl" in lacking and "dumbbell_lying_leg_curl" not in lacking


def test_a_solve_compiles_no_candidate_for_them_an_explanation_does() -> None:
    sc, rules = _load("home_dumbbells_kettlebell")
    catalog = in_canonical_order(catalog_for(sc))
    forbidden = forbidden_to_skip(sc, catalog, rules)
    assert len(forbidden) >= len(catalog.exercises) // 2
    solve_ids = {c.exercise.id for c in compile_model(sc, catalog, rules).ctx.candidates}
    explain_ids = {
        c.exercise.id for c in compile_model(sc, catalog, rules, explain=True).ctx.candidates
    }
    assert not solve_ids & forbidden
    assert forbidden <= explain_ids
    # Equipment made soft: a program may pay to use what the gym lacks, so it stays.
    soft = [dataclasses.replace(a, mode=Mode.soft) if a.id == "equipment" else a for a in rules]
    assert forbidden_to_skip(sc, catalog, soft) == frozenset()
    soft_ids = {c.exercise.id for c in compile_model(sc, catalog, soft).ctx.candidates}
    assert forbidden <= soft_ids


@pytest.mark.parametrize("name", ["home_dumbbells_kettlebell", "knee_pain_cannot_kneel"])
def test_the_optimum_is_the_same_without_the_reduction(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    sc, rules = _load(name)
    reduced = solve_scenario(sc, rules, options=SolveOptions())
    monkeypatch.setattr(compile_module, "forbidden_to_skip", lambda *a: frozenset())
    full = solve_scenario(sc, rules, options=SolveOptions())
    assert reduced.status == full.status == "optimal"
    assert reduced.solver.quality == full.solver.quality


def test_an_include_the_gym_cannot_do_is_still_explained_by_the_equipment() -> None:
    sc, rules = _load("home_dumbbells_kettlebell", preferences={"include": ["lying_leg_curl"]})
    program = solve_scenario(sc, rules, options=SolveOptions())
    assert program.status == "infeasible"
    named = {item.id for item in program.conflict}
    assert {"equipment", "preferences"} <= named
