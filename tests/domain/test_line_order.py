"""A session's lines of one kind in a coach's order (hamopt/domain/line_order.py)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from hamopt.api.solving import solve_scenario
from hamopt.domain.catalog import catalog_for, default_catalog
from hamopt.domain.line_order import in_coach_order, kind
from hamopt.domain.models import Exercise, Mode, Program
from hamopt.inputs.loading import load_scenario
from hamopt.rules.contract import ActiveRule, Params, Rule, SlotUse, Violation
from hamopt.rules.ruleset import active_rules

ROOT = Path(__file__).resolve().parents[2]
BY_ID = default_catalog().by_id()


def _order(ids_and_reps: list[tuple[str, tuple[int, int]]]) -> list[str]:
    ordered = in_coach_order(ids_and_reps, lambda x: BY_ID[x[0]], lambda x: x[1])
    return [i for i, _ in ordered]


def test_multi_joint_before_single_joint_and_heavier_before_lighter() -> None:
    # The quads: a leg extension (knee extension alone) after the squat, whatever the reps.
    assert _order([("band_leg_extension", (12, 20)), ("band_squat", (12, 20))]) == [
        "band_squat", "band_leg_extension",
    ]  # fmt: skip
    assert _order([("leg_extension", (8, 12)), ("leg_press", (12, 20))])[0] == "leg_press"
    # One kind of curl: the heavier zone first, then bilateral before unilateral.
    assert _order([
        ("single_leg_seated_leg_curl", (12, 15)),
        ("lying_leg_curl_accentuated_eccentric", (6, 8)),
    ]) == ["lying_leg_curl_accentuated_eccentric", "single_leg_seated_leg_curl"]  # fmt: skip
    assert _order([("single_leg_seated_leg_curl", (8, 12)), ("seated_leg_curl", (8, 12))]) == [
        "seated_leg_curl", "single_leg_seated_leg_curl",
    ]  # fmt: skip
    # The more demanding hinge first at the same reps (the catalog's fatigue: high, moderate).
    assert _order([("reverse_hyperextension", (8, 12)), ("romanian_deadlift", (8, 12))]) == [
        "romanian_deadlift", "reverse_hyperextension",
    ]  # fmt: skip


def test_only_lines_of_one_kind_move_and_only_among_themselves() -> None:
    # Knee flexion, hip extension, then quads, as the order rules put them: each run sorted
    # in place, no line crossing into another run.
    lines = [
        ("seated_leg_curl", (12, 15)),
        ("kneeling_leg_curl", (6, 8)),
        ("reverse_hyperextension", (8, 12)),
        ("band_leg_extension", (12, 20)),
        ("leg_press", (8, 12)),
    ]
    assert _order(lines) == [
        "kneeling_leg_curl", "seated_leg_curl", "reverse_hyperextension",
        "leg_press", "band_leg_extension",
    ]  # fmt: skip
    # A kind split by another (a rule set without hamstrings_first) stays split: two runs.
    split = [
        ("band_leg_extension", (12, 20)), ("seated_leg_curl", (12, 15)), ("band_squat", (12, 20)),
    ]  # fmt: skip
    assert _order(split) == ["band_leg_extension", "seated_leg_curl", "band_squat"]
    # Ties end on the id: the same lines give the same order from any order the search gave.
    tied = [("leg_press", (8, 12)), ("dumbbell_goblet_squat", (8, 12))]
    assert _order(tied) == _order(tied[::-1]) == ["dumbbell_goblet_squat", "leg_press"]


def _runs(program: Program, by_id: dict[str, Exercise]) -> list[list[tuple[Exercise, tuple]]]:
    runs: list[list[tuple[Exercise, tuple]]] = []
    for week in program.weeks:
        for session in week.sessions:
            previous = None
            for line in session.ordered():
                exercise = by_id[line.id]
                if previous is None or kind(previous) != kind(exercise):
                    runs.append([])
                runs[-1].append((exercise, line.reps))
                previous = exercise
    return runs


@pytest.mark.parametrize(
    "path",
    [
        ROOT / "benchmarks" / "coach" / "personas" / "intermediate_home_bands.yaml",
        ROOT / "scenarios" / "low_back_pain.yaml",
        ROOT / "scenarios" / "balanced_lifter.yaml",
    ],
    ids=lambda p: p.stem,
)
def test_a_solved_program_lists_each_kind_in_the_coach_s_order(path: Path) -> None:
    """Each run of one kind in a solved program is in the order in_coach_order gives it (these
    three had a single-joint or lighter line first in the solver's own order), and the program
    keeps every hard rule."""
    scenario = load_scenario(path)
    program = solve_scenario(scenario, active_rules(scenario, base_dir=path.parent))
    by_id = catalog_for(scenario).by_id()
    for run in _runs(program, by_id):
        assert run == in_coach_order(run, lambda x: x[0], lambda x: x[1])
    assert not [r.id for r in program.rules or [] if r.mode.value == "hard" and not r.satisfied]
    first_quads = [
        next(line.id for line in s.ordered() if by_id[line.id].is_quad)
        for w in program.weeks for s in w.sessions
    ]  # fmt: skip
    if path.stem == "intermediate_home_bands":  # the squat before the band leg extension
        assert "band_leg_extension" not in first_quads


class _First(Params):
    exercise: str = "band_leg_extension"


def _first_rule() -> ActiveRule:
    """A plugin-style rule that places by more than kind: ``exercise`` first among the quads
    wherever a session holds it (inside ``ctx.order()``, as every place constraint goes)."""

    def encode(ctx, params: _First) -> None:  # type: ignore[no-untyped-def]
        lit = ctx.guard("week")
        for s in range(len(ctx.slots)):
            session = ctx.in_slot(s)
            first = [c for c in session if c.exercise.id == params.exercise]
            with ctx.order():
                for c in first:
                    for other in session:
                        if other.exercise.is_quad and other is not c:
                            ctx.model.add(c.pos < other.pos).only_enforce_if(
                                [c.present, other.present, lit]
                            )

    def check(program, ctx, params: _First) -> list[Violation]:  # type: ignore[no-untyped-def]
        broken = []
        for week in program.weeks:
            for session in week.sessions:
                quads = [ln.id for ln in session.ordered() if ctx.by_id[ln.id].is_quad]
                if params.exercise in quads and quads[0] != params.exercise:
                    broken.append(Violation("first", "week", f"{params.exercise} not first"))
        return broken

    rule = Rule("first", "{exercise} first among the quads.", _First, encode, check)
    return ActiveRule(replace(rule, slot_use=SlotUse.none), Mode.hard, 1000, _First())


def test_a_rule_that_places_by_more_than_kind_keeps_the_solver_s_order() -> None:
    """The home-bands persona's quads: the coach's order puts the squat before the band leg
    extension; a rule asking the extension first (orders_by_kind left False) is kept, not
    undone by the reordering, and with orders_by_kind it would be broken (the guard matters)."""
    path = ROOT / "benchmarks" / "coach" / "personas" / "intermediate_home_bands.yaml"
    sc = load_scenario(path)
    active = [*active_rules(sc, base_dir=path.parent), _first_rule()]
    program = solve_scenario(sc, active)
    first = next(r for r in program.rules or [] if r.id == "first")
    assert first.satisfied
    quads = [
        [ln.id for ln in s.ordered() if BY_ID[ln.id].is_quad]
        for w in program.weeks for s in w.sessions
    ]  # fmt: skip
    assert any(q and q[0] == "band_leg_extension" for q in quads)
    claims = replace(active[-1], rule=replace(active[-1].rule, orders_by_kind=True))
    wrongly = solve_scenario(sc, [*active[:-1], claims])
    assert not next(r for r in wrongly.rules or [] if r.id == "first").satisfied
