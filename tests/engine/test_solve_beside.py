"""The one-week solve's work beside CP-SAT (engine/solve.py: _head_start, _relaxed_proof's
copy and the program built ahead): the same programs as on one thread, to the
deterministic second, whichever way each bet goes."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

import hamopt.engine.solve as engine_solve
from hamopt.api.solving import solve_scenario
from hamopt.domain.catalog import catalog_for, in_canonical_order
from hamopt.domain.models import Program, Scenario
from hamopt.engine.budget import Budget
from hamopt.engine.narrow import Narrows
from hamopt.engine.solve import SolveOptions
from hamopt.inputs.loading import load_scenario
from hamopt.rules.contract import ActiveRule
from hamopt.rules.ruleset import active_rules

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def _inputs(name: str) -> tuple[Scenario, list[ActiveRule]]:
    path = SCENARIOS / f"{name}.yaml"
    sc = load_scenario(path)
    return sc, active_rules(sc, None, base_dir=path.parent)


def _content(program: Program) -> dict[str, Any]:
    """The whole answer but the wall-clock figures."""
    data = program.model_dump(mode="json")
    for key in ("build_time", "wall_time"):
        data["solver"].pop(key)
    return data


def _threads_running(monkeypatch: pytest.MonkeyPatch, name: str) -> list[str]:
    """The threads that call engine/solve.py's ``name`` from now on, in order."""
    ran: list[str] = []
    real = getattr(engine_solve, name)

    def spy(*args: Any, **kwargs: Any) -> Any:
        ran.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(engine_solve, name, spy)
    return ran


def _both(name: str, seed: int = 0) -> tuple[Program, Program]:
    sc, rules = _inputs(name)
    cat = in_canonical_order(catalog_for(sc))
    one = solve_scenario(sc, rules, catalog=cat, options=SolveOptions(seed=seed, beside=False))
    two = solve_scenario(sc, rules, catalog=cat, options=SolveOptions(seed=seed, beside=True))
    return one, two


@pytest.mark.parametrize(
    ("name", "seed"),
    [
        ("tight_schedule_early_late", 0),
        ("quad_dominant_three_sessions", 1),
        ("home_bands_only", 0),
        ("quad_dominant_12_week_correction_then_balance", 0),  # a plan: no head start
        ("infeasible_spacing", 0),
    ],
)
def test_beside_or_not_the_program_and_its_figures_are_the_same(name: str, seed: int) -> None:
    one, two = _both(name, seed)
    assert _content(one) == _content(two)


def test_the_week_is_built_beside_the_narrow_solve_and_the_bets_hold(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # quad_dominant_three_sessions: the first slot prices the short list, the whole week is
    # compiled on the second thread, and the program comes from the work done beside the
    # proof; nothing is solved twice.
    where: list[tuple[int, str]] = []
    compile_model, narrow_at = engine_solve.compile_model, engine_solve._narrow_at_optimum
    held: list[bool] = []
    holds = engine_solve._ahead_that_holds

    def compiling(scenario: Scenario, *args: Any, **kwargs: Any) -> Any:
        if not kwargs.get("also_skip"):
            slots = 1 if kwargs.get("first_slot") else len(scenario.schedule.slots)
            where.append((slots, threading.current_thread().name))
        return compile_model(scenario, *args, **kwargs)

    def completing(*args: Any, **kwargs: Any) -> Any:
        where.append((0, threading.current_thread().name))
        return narrow_at(*args, **kwargs)

    def holding(*args: Any, **kwargs: Any) -> Any:
        done = holds(*args, **kwargs)
        held.append(done is not None)
        return done

    monkeypatch.setattr(engine_solve, "compile_model", compiling)
    monkeypatch.setattr(engine_solve, "_narrow_at_optimum", completing)
    monkeypatch.setattr(engine_solve, "_ahead_that_holds", holding)
    one, two = _both("quad_dominant_three_sessions")
    assert _content(one) == _content(two)
    beside = where[len(where) // 2 :]  # the first half is the solve on one thread
    assert beside == [
        (1, "MainThread"),  # the first slot's model: the short list's prices
        (3, "hamopt-beside"),  # the week's, while the narrow relaxation is solved
        (0, "hamopt-beside"),  # the completion, while the week's relaxation is proven
    ]
    assert held == [False, True]  # one thread: nothing done ahead; beside: taken


def test_a_short_list_the_week_disagrees_with_is_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    # Let the first slot's prices leave one more exercise off the short list than the week's
    # do: the narrow solve done ahead is dropped, the narrow model rebuilt from the week's
    # prices and solved again, and the budget charged as if the head start had never run
    # (the same deterministic time).
    real = engine_solve.narrow_models

    def priced_otherwise(
        full: Any, built_on: Scenario, catalog: Any, rules: Any, share: Any
    ) -> Any:
        narrows = real(full, built_on, catalog, rules, share=share)
        if len(full.ctx.slots) > 1:
            return narrows
        skips = narrows.skips
        skips[0] = skips[0] | {"seated_leg_curl"}  # on the week's short list

        def build(skip: frozenset[str]) -> Any:
            return engine_solve.compile_model(built_on, catalog, rules, also_skip=skip)

        return Narrows(build, skips)

    solved: list[str] = []
    narrow_first = engine_solve._narrow_first

    def counting(*args: Any, **kwargs: Any) -> Any:
        solved.append("narrow")
        return narrow_first(*args, **kwargs)

    monkeypatch.setattr(engine_solve, "narrow_models", priced_otherwise)
    monkeypatch.setattr(engine_solve, "_narrow_first", counting)
    one, two = _both("quad_dominant_three_sessions")
    assert solved == ["narrow", "narrow", "narrow"]  # one thread; then dropped, and again
    assert _content(one) == _content(two)


def test_work_ahead_is_dropped_where_the_proof_finds_another_optimum(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The bet is that the proof finds the narrow program's cost optimal; where it does not
    # (made so here: the work ahead claims another cost), the completion runs after the proof,
    # as on one thread.
    real = engine_solve._ahead

    def wrong(*args: Any, **kwargs: Any) -> Any:
        done = real(*args, **kwargs)
        done.cost += 1
        return done

    monkeypatch.setattr(engine_solve, "_ahead", wrong)
    ran = _threads_running(monkeypatch, "_narrow_at_optimum")
    one, two = _both("tight_schedule_early_late")
    assert ran == ["MainThread", "hamopt-beside", "MainThread"]
    assert _content(one) == _content(two)


def _completion_costs_more(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every completion of the narrow program says it cost more (as one that breaks a
    session's minutes does, which the relaxation leaves out: intermediate_full_gym_strength's
    persona at seed 0), so its lines are searched again (_lines_at_optimum)."""
    real = engine_solve._narrow_at_optimum

    def dearer(*args: Any, **kwargs: Any) -> Any:
        kept, _optimal = real(*args, **kwargs)
        return kept, False

    monkeypatch.setattr(engine_solve, "_narrow_at_optimum", dearer)


def test_where_the_completion_costs_more_the_lines_are_searched_beside_the_proof(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # On one thread the lines are searched after the proof; beside, while the proof runs,
    # and taken.
    _completion_costs_more(monkeypatch)
    ran = _threads_running(monkeypatch, "_lines_at_optimum")
    one, two = _both("balanced_lifter")
    assert ran == ["MainThread", "hamopt-beside"]
    assert _content(one) == _content(two)


def test_lines_searched_beside_past_the_limit_they_would_have_had_are_searched_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The lines' search done beside stands for the one after the proof only where it ended
    # within that one's limit (_held); made to fail here, it runs again on the main thread,
    # and the answer is the same.
    _completion_costs_more(monkeypatch)
    ran = _threads_running(monkeypatch, "_lines_at_optimum")
    calls: list[bool] = []
    held = engine_solve._held

    def second_fails(solver: Any, options: SolveOptions) -> bool:
        calls.append(held(solver, options))
        return calls[-1] and len(calls) != 2  # the completion's holds, the lines' does not

    monkeypatch.setattr(engine_solve, "_held", second_fails)
    one, two = _both("balanced_lifter")
    assert ran == ["MainThread", "hamopt-beside", "MainThread"]
    assert calls == [True, True]
    assert _content(one) == _content(two)


class _Spent:
    def __init__(self, det: float) -> None:
        self.deterministic_time = det


def test_a_completion_longer_than_the_budget_left_is_not_taken() -> None:
    # A deterministic search that ended within a limit ends the same under any higher one:
    # the completion done beside the proof, under KEEPS_DEFERRED_CAP, stands for the one after
    # it only where the budget left then allows as much.
    done = engine_solve._Ahead(cost=10, solver=_Spent(0.3), optimal=True, program=None)  # type: ignore[arg-type]

    class Proof:
        ahead = type("Done", (), {"result": staticmethod(lambda: done)})()
        narrow = type("Narrow", (), {"cost": 10})()

    def options(left: float) -> SolveOptions:
        return SolveOptions(budget=Budget(left))

    assert engine_solve._ahead_that_holds(Proof(), 10, options(5.0)) is done  # type: ignore[arg-type]
    assert engine_solve._ahead_that_holds(Proof(), 10, options(0.2)) is None  # type: ignore[arg-type]
    assert engine_solve._ahead_that_holds(Proof(), 11, options(5.0)) is None  # type: ignore[arg-type]
    assert engine_solve._held(_Spent(0.3), options(0.5))  # type: ignore[arg-type]
    assert not engine_solve._held(_Spent(0.3), options(0.2))  # type: ignore[arg-type]
    assert not engine_solve._held(None, options(5.0))  # nothing ran beside


def test_a_large_catalog_gets_no_head_start(monkeypatch: pytest.MonkeyPatch) -> None:
    # Past HEAD_START_MAX_CANDIDATES a slot the first slot's model costs more than the
    # overlap saves: the week is compiled first, as on one thread.
    slots: list[int] = []
    compile_model = engine_solve.compile_model

    def compiling(scenario: Scenario, *args: Any, **kwargs: Any) -> Any:
        slots.append(1 if kwargs.get("first_slot") else len(scenario.schedule.slots))
        return compile_model(scenario, *args, **kwargs)

    monkeypatch.setattr(engine_solve, "compile_model", compiling)
    monkeypatch.setattr(engine_solve, "HEAD_START_MAX_CANDIDATES", 40)
    one, two = _both("balanced_lifter")
    assert 1 not in slots
    assert _content(one) == _content(two)


def test_an_error_in_the_work_ahead_reaches_the_caller_and_no_thread_is_left(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Program:
        raise RuntimeError("a rule's checker failed")

    monkeypatch.setattr(engine_solve, "_program_of", broken)
    sc, rules = _inputs("balanced_lifter")
    with pytest.raises(RuntimeError, match="checker failed"):
        engine_solve.optimize(sc, rules, options=SolveOptions())
    assert not [t for t in threading.enumerate() if t.name == "hamopt-beside"]


def test_work_ahead_that_failed_is_moot_where_its_calls_would_not_run() -> None:
    # The proof found another optimum than the narrow cost: the completion and the program the
    # work stood for would not have run, so what it raised is not raised.
    def failed() -> None:
        raise RuntimeError("a rule's annotate failed on the narrow program")

    class Proof:
        ahead = type("Failed", (), {"result": staticmethod(failed)})()
        narrow = type("Narrow", (), {"cost": 10})()

    assert engine_solve._ahead_that_holds(Proof(), 9, SolveOptions()) is None  # type: ignore[arg-type]
    with pytest.raises(RuntimeError, match="annotate failed"):
        engine_solve._ahead_that_holds(Proof(), 10, SolveOptions())  # type: ignore[arg-type]


def test_without_the_minutes_the_head_start_solves_the_relaxation_of_the_places(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A rule set where no rule defers a constraint (session_balance left out) still has a
    # relaxation in a one-week model: the lines' places (ModelContext.order). The head start
    # solves the narrow model's relaxation, the week is built beside it, nothing is solved
    # twice, and the answer keeps the order rules.
    sc, rules = _inputs("quad_dominant_three_sessions")
    rules = [r for r in rules if r.id != "session_balance"]
    cat = in_canonical_order(catalog_for(sc))
    assert engine_solve.build_model(sc, cat, rules, SolveOptions()).ctx.deferred_constraints
    solved = _relaxed_narrow_solves(monkeypatch)
    weeks = _week_compiles(monkeypatch)
    one = solve_scenario(sc, rules, catalog=cat, options=SolveOptions(beside=False))
    two = solve_scenario(sc, rules, catalog=cat, options=SolveOptions(beside=True))
    assert solved == [True, True]  # one narrow solve each, of the relaxation
    assert weeks == ["MainThread", "hamopt-beside"]  # the week built beside that solve
    assert one.status == "optimal"
    assert {"flexion_before_extension", "hamstrings_first"} <= {
        r.id for r in one.rules if r.satisfied
    }
    assert _content(one) == _content(two)


def _relaxed_narrow_solves(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Each narrow solve from now on: whether it was of the relaxation."""
    narrow_first = engine_solve._narrow_first
    solved: list[bool] = []

    def spy(*args: Any, **kwargs: Any) -> Any:
        solved.append(kwargs.get("relaxed", False))
        return narrow_first(*args, **kwargs)

    monkeypatch.setattr(engine_solve, "_narrow_first", spy)
    return solved


def _week_compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The threads that compile a whole week's model from now on."""
    compile_model = engine_solve.compile_model
    weeks: list[str] = []

    def compiling(scenario: Scenario, *args: Any, **kwargs: Any) -> Any:
        if not kwargs.get("also_skip") and not kwargs.get("first_slot"):
            weeks.append(threading.current_thread().name)
        return compile_model(scenario, *args, **kwargs)

    monkeypatch.setattr(engine_solve, "compile_model", compiling)
    return weeks
