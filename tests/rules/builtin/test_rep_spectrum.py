"""rep_spectrum: each week's hamstring work covers heavy, moderate and light sets."""

from __future__ import annotations

from typing import Any

import pytest
from ortools.sat.python import cp_model

from hamopt.domain.models import Catalog, Program, RuleConfig, RuleSet
from hamopt.engine.check import check_program
from hamopt.engine.compile import compile_model
from hamopt.engine.solve import SolveOptions, solver_for
from hamopt.rules.builtin.rep_spectrum import zones_of
from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import ActiveRule
from hamopt.rules.model_context import ModelContext
from hamopt.rules.ruleset import resolve
from hamopt.rules.testing import basic_catalog, catalog, ex, program, quad, scenario, session, solve

CAT = basic_catalog()  # every exercise 6-20 reps
SC = scenario(["mon 18:00", "thu 18:00"], 2)
ZONES = ("heavy", "moderate", "light")
# Nothing here can be done for 12-20 reps: the curl stops at 8, the hinge at 12.
NO_LIGHT = catalog(
    ex("curl", stim=(0.9, 0.9, 0.9, 0.9), reps=(4, 8)),
    ex("hinge", ("hip_extension",), (0.9, 0, 0.9, 0.9), reps=(6, 12)),
    quad("squat"),
)


def active(**configs: dict[str, Any]) -> list[ActiveRule]:
    """Exactly these rules, each with its {mode, weight, params} (hard by default)."""
    rules = {k: RuleConfig(**{"mode": "hard", **v}) for k, v in configs.items()}
    return resolve(RuleSet(name="t", rules=rules))


BASE = {"volume_range": {}, "head_coverage": {"weight": 10}}
ON = active(**BASE, rep_spectrum={"mode": "soft", "weight": 500})
HARD = active(**BASE, rep_spectrum={})
OFF = active(**BASE)


def covered(prog: Program, cat: Catalog) -> set[str]:
    by_id = CheckContext.build(SC, cat).by_id
    return {
        zone
        for s in prog.weeks[0].sessions
        for line in s.exercises
        if by_id[line.id].is_hamstring
        for zone in zones_of(line.reps, ZONES)
    }


# --- which zones a rep range is in ------------------------------------------------------------


@pytest.mark.parametrize(
    ("reps", "zones"),
    [
        ((6, 8), {"heavy"}),
        ((8, 12), {"moderate"}),
        ((12, 20), {"light"}),
        ((8, 8), {"heavy", "moderate"}),  # StrengthLog's 4 x 8 RDL sits on the edge
        ((12, 12), {"moderate", "light"}),
        ((10, 15), {"light"}),  # the seed's 10-15 back extension: its middle is 12.5
        ((4, 5), set()),
        ((20, 30), set()),
    ],
)
def test_a_rep_range_counts_for_the_zones_holding_its_middle(
    reps: tuple[int, int], zones: set[str]
) -> None:
    assert zones_of(reps, ZONES) == zones


# --- it bites -----------------------------------------------------------------------------


def all_heavy(ctx: ModelContext) -> None:
    for c in ctx.candidates:
        if c.exercise.is_hamstring and "heavy" in c.zones:
            ctx.model.add(c.zones["heavy"] == c.present)


def feasible(rules: list[ActiveRule]) -> bool:
    compiled = compile_model(SC, CAT, rules)
    all_heavy(compiled.ctx)
    return solver_for(SolveOptions()).solve(compiled.model) != cp_model.INFEASIBLE


def test_a_week_of_only_heavy_sets_is_allowed_only_without_the_rule() -> None:
    assert feasible(OFF)
    assert not feasible(HARD)


def test_the_solved_week_covers_all_three_zones() -> None:
    prog = solve(SC, ON, CAT)
    assert prog.status == "optimal"
    assert covered(prog, CAT) >= set(ZONES)
    [report] = [r for r in prog.rules if r.id == "rep_spectrum"]
    assert report.satisfied and report.penalty == 0


def test_each_exercise_stays_in_its_own_range_and_a_missing_zone_is_priced() -> None:
    prog = solve(SC, ON, NO_LIGHT)
    assert prog.status == "optimal"
    by_id = NO_LIGHT.by_id()
    for s in prog.weeks[0].sessions:
        for line in s.exercises:
            lo, hi = by_id[line.id].rep_range
            assert lo <= line.reps[0] and line.reps[1] <= hi
    assert covered(prog, NO_LIGHT) == {"heavy", "moderate"}
    [report] = [r for r in prog.rules if r.id == "rep_spectrum"]
    assert report.penalty == 500
    assert report.message == "no light hamstring work (12-20 reps) this week"
    assert solve(SC, active(**BASE, rep_spectrum={}), NO_LIGHT).status == "infeasible"


def test_the_zones_are_a_parameter() -> None:
    two = active(**BASE, rep_spectrum={"params": {"zones": ["heavy", "moderate"]}})
    assert solve(SC, two, NO_LIGHT).status == "optimal"


# --- the checker ----------------------------------------------------------------------------


def test_checker_reads_strengthlogs_workout_as_the_full_spectrum() -> None:
    prog = program(
        session("mon 18:00", ("hinge", 4, (8, 8)), ("curl", 3, (12, 12)), ("ghr", 2, (20, 20)))
    )
    verdict = {v.active.id: v for v in check_program(prog, SC, CAT, ON)}["rep_spectrum"]
    assert verdict.violations == []


def test_checker_names_each_missing_zone_and_ignores_out_of_range_lines() -> None:
    # 12-20 is outside this curl's 4-8 range, so the line counts for no zone at all.
    prog = program(
        session("mon 18:00", ("curl", 3, (12, 20)), ("hinge", 3, (8, 12)), ("squat", 3, (6, 8)))
    )
    verdict = {v.active.id: v for v in check_program(prog, SC, NO_LIGHT, ON)}["rep_spectrum"]
    assert [(v.instance, v.message) for v in verdict.violations] == [
        ("heavy", "no heavy hamstring work (6-8 reps) this week"),
        ("light", "no light hamstring work (12-20 reps) this week"),
    ]


def test_a_missing_zone_is_paid_every_week_of_a_plan() -> None:
    week = session("mon 18:00", ("curl", 3, (6, 8)), ("hinge", 3, (8, 12)))
    verdict = {v.active.id: v for v in check_program(program(week, weeks=2), SC, NO_LIGHT, ON)}[
        "rep_spectrum"
    ]
    assert [v.instance for v in verdict.violations] == ["week 1, light", "week 2, light"]
    assert verdict.penalty == 2 * 500


def test_a_beginners_week_is_not_asked_for_the_heavy_zone() -> None:
    # ACSM 2009 loads novices at 8-12 RM: the heavy zones are asked from `heavy_from` on.
    week = session("mon 18:00", ("curl", 3, (12, 20)), ("hinge", 3, (8, 12)))
    novice = scenario(["mon 18:00", "thu 18:00"], 2, athlete={"experience": "beginner"})
    found = {v.active.id: v for v in check_program(program(week), novice, CAT, ON)}
    assert found["rep_spectrum"].violations == []
    trained = {v.active.id: v for v in check_program(program(week), SC, CAT, ON)}
    assert [v.instance for v in trained["rep_spectrum"].violations] == ["heavy"]
    # A rule set may ask it of beginners too; the solver then covers it.
    asked = active(**BASE, rep_spectrum={"params": {"heavy_from": "beginner"}})
    assert "heavy" in covered(solve(novice, asked, CAT), CAT)


def test_the_justification_names_the_lines_in_each_zone() -> None:
    # It printed the rule's description; now each zone with the hamstring lines the checker
    # counts in it, and for a beginner why the heavy zone is not asked.
    from hamopt.rules.testing import program, rules, session, verdicts

    week = program(session("mon 18:00", ("seated_leg_curl", 3, (12, 15)),
                           ("romanian_deadlift", 3, (6, 8)), ("leg_press", 3, (6, 8))))  # fmt: skip
    said = verdicts(week, SC, rules(rep_spectrum={}))["rep_spectrum"].justification
    assert said == (
        "heavy (6-8): Romanian deadlift; moderate (8-12): none; light (12-20): Seated leg curl"
    )  # the leg press is quad work: it counts for no zone
    novice = scenario(["mon 18:00", "thu 18:00"], 2, athlete={"experience": "beginner"})
    said = verdicts(week, novice, rules(rep_spectrum={}))["rep_spectrum"].justification
    assert said.startswith("moderate (8-12): none; light (12-20): Seated leg curl (heavy not ")
    assert said.endswith("asked of a beginner: ACSM 2009 loads novices at 8-12 RM)")
