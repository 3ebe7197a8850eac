"""A solve's CP-SAT models go with their last reference, not at a full collection
(hamopt/engine/acyclic_model.py; ModelContext's templates, hamopt/rules/model_context.py)."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from ortools.sat.python import cp_model

from hamopt.api.solving import solve_scenario
from hamopt.engine.acyclic_model import AcyclicModel
from hamopt.inputs.loading import load_scenario
from hamopt.rules.model_context import Templates
from hamopt.rules.ruleset import active_rules

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@contextmanager
def collector_off() -> Iterator[None]:
    """Only reference counting frees anything inside (what it leaves, a collection would)."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def live_models() -> int:
    return sum(isinstance(o, cp_model.CpModel) for o in gc.get_objects())


def test_a_model_and_its_clone_go_with_their_last_reference() -> None:
    with collector_off():
        model = AcyclicModel()
        x = model.new_int_var(0, 3, "x")
        model.add(x >= 1)
        copy = model.clone()
        assert isinstance(copy, AcyclicModel)
        assert len(copy.proto.constraints) == len(model.proto.constraints) == 1
        assert not vars(model)  # no aliases held on the instance
        gone = [weakref.ref(model), weakref.ref(copy)]
        del model, copy, x
        assert [ref() for ref in gone] == [None, None]


@pytest.mark.parametrize(
    "name", ["tight_schedule_early_late", "balanced_lifter", "sprinter_nordic_10_weeks"]
)
def test_a_solve_leaves_no_model_for_the_collector(name: str) -> None:
    """One-week (slot choice, narrow, proof, completion) and a plan of several templates:
    with the collector off, no CP-SAT model outlives the solve. Before, each model was a
    cycle with itself (OR-Tools' aliases) and each ModelContext held itself (its templates):
    7 models a one-week request, freed only by a full collection."""
    path = SCENARIOS / f"{name}.yaml"
    scenario = load_scenario(path)
    rules = active_rules(scenario, base_dir=path.parent)
    with collector_off():
        before = live_models()
        program = solve_scenario(scenario, rules)
        assert program.status == "optimal"
        assert live_models() == before


def test_templates_read_the_plan_s_templates_while_they_live() -> None:
    class Template:  # ModelContext stands here: only identity and lifetime matter
        pass

    held = [Template(), Template(), Template()]
    templates = Templates(held)  # type: ignore[arg-type]
    assert len(templates) == 3
    assert list(templates) == held and templates[1] is held[1] and templates[-1] is held[2]
    assert templates[:2] == held[:2]
    assert {id(t): i for i, t in enumerate(templates)} == {id(t): i for i, t in enumerate(held)}
    del held[1]
    with pytest.raises(ReferenceError, match="keep its compiled model"):
        templates[1]
