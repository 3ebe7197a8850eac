"""Interchangeable sessions in one order (hamopt/engine/session_symmetry.py): the order is the
lexicographic one, it applies only where swapping sessions changes nothing, and it never
changes the optimum."""

from __future__ import annotations

import itertools
from dataclasses import replace
from pathlib import Path

import pytest
from ortools.sat.python import cp_model

import hamopt.engine.compile as compile_module
from hamopt.api.solving import solve_scenario
from hamopt.domain.catalog import catalog_for
from hamopt.engine.compile import compile_model
from hamopt.engine.session_symmetry import (
    lex_at_least,
    order_sessions,
    sessions_are_interchangeable,
)
from hamopt.engine.solve import SolveOptions, build_model
from hamopt.inputs.loading import load_scenario
from hamopt.rules.contract import ActiveRule, SlotUse
from hamopt.rules.ruleset import active_rules
from hamopt.rules.testing import basic_catalog, rules, scenario

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@pytest.mark.parametrize("n", [1, 2, 3])
def test_the_order_is_exactly_the_lexicographic_one(n: int) -> None:
    # Every pair of 0/1 vectors: the clauses allow it exactly when xs >= ys as tuples.
    for xs, ys in itertools.product(itertools.product((0, 1), repeat=n), repeat=2):
        model = cp_model.CpModel()
        x = [model.new_bool_var(f"x{i}") for i in range(n)]
        y = [model.new_bool_var(f"y{i}") for i in range(n)]
        for var, value in [*zip(x, xs, strict=True), *zip(y, ys, strict=True)]:
            model.add(var == value)
        lex_at_least(model, x, y, "t")
        code = cp_model.CpSolver().solve(model)
        assert (code == cp_model.OPTIMAL) == (xs >= ys), (xs, ys)


def test_vectors_of_two_lengths_are_refused() -> None:
    model = cp_model.CpModel()
    a, b = model.new_bool_var("a"), model.new_bool_var("b")
    with pytest.raises(ValueError):
        lex_at_least(model, [a, b], [a], "t")


def day_reader(active: list[ActiveRule]) -> list[ActiveRule]:
    """The rules with the first one declared as reading the day (a plugin that declares
    nothing is ``any``)."""
    first = active[0]
    return [replace(first, rule=replace(first.rule, slot_use=SlotUse.any)), *active[1:]]


def _templates(sc, active, explain=False):  # type: ignore[no-untyped-def]
    return compile_model(sc, basic_catalog(), active, explain=explain).templates


def test_sessions_of_a_one_week_plan_on_their_own_slots_are_interchangeable() -> None:
    sc = scenario(("mon 18:00", "thu 18:00"), sessions=2)
    assert sessions_are_interchangeable(_templates(sc, rules()), rules(), explain=False)


def test_where_swapping_sessions_may_change_something_they_keep_their_freedom() -> None:
    two = scenario(("mon 18:00", "thu 18:00"), sessions=2)
    # An explanation's guards are free: a session may be empty there.
    assert not sessions_are_interchangeable(_templates(two, rules(), True), rules(), True)
    # A rule that reads the day.
    plugin = day_reader(rules())
    assert not sessions_are_interchangeable(_templates(two, plugin), plugin, False)
    # More slots than sessions: which slots hold one is part of the program.
    three = scenario(("mon 18:00", "wed 18:00", "fri 18:00"), sessions=2)
    assert not sessions_are_interchangeable(_templates(three, rules()), rules(), False)
    # A plan of two phases: swapping sessions in one template alone is no symmetry.
    phased = scenario(
        ("mon 18:00", "thu 18:00"),
        phase="correction",
        phases=[{"phase": "correction", "weeks": 2}, {"phase": "balanced", "weeks": 2}],
        weeks=4,
    )
    assert not sessions_are_interchangeable(_templates(phased, rules()), rules(), False)


def _session_vectors(name: str) -> tuple[list[list[int]], float, float]:
    sc = load_scenario(SCENARIOS / f"{name}.yaml")
    active = active_rules(sc, None)
    cat = catalog_for(sc)
    program = solve_scenario(sc, active, catalog=cat, options=SolveOptions())
    assert program.solver is not None
    order = [c.exercise.id for c in build_model(sc, cat, active, SolveOptions()).ctx.in_slot(0)]
    vectors = [
        [int(ex_id in {x.id for x in session.exercises}) for ex_id in order]
        for session in program.weeks[0].sessions
    ]
    return vectors, program.solver.objective or 0.0, program.solver.quality or 0.0


def test_the_solved_sessions_come_in_the_order() -> None:
    vectors, _, _ = _session_vectors("quad_dominant_three_sessions")
    assert len(vectors) == 3
    assert vectors == sorted(vectors, reverse=True)


@pytest.mark.parametrize(
    "name", ["quad_dominant_three_sessions", "balanced_lifter", "home_dumbbells_kettlebell"]
)
def test_the_order_never_changes_the_optimum(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, objective, quality = _session_vectors(name)
    monkeypatch.setattr(compile_module, "order_sessions", lambda *args: False)
    _, free_objective, free_quality = _session_vectors(name)
    assert (objective, quality) == (free_objective, free_quality)


def test_sessions_with_different_candidates_get_no_order() -> None:
    # The vectors compare exercise by exercise; sessions offering different exercises would be
    # cut wrongly, so they are left free.
    sc = scenario(("mon 18:00", "thu 18:00"), sessions=2)
    templates = _templates(sc, rules())
    ctx = templates[0]
    assert order_sessions(templates, rules(), explain=False)
    dropped = next(c for c in ctx.candidates if c.slot == 1)
    ctx.candidates.remove(dropped)
    assert not order_sessions(templates, rules(), explain=False)
