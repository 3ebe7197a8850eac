"""hamstrings_first: in the correction phase, hamstring work comes before quad work.

Order costs nothing in the objective, so no scenario alone makes the solver want a squat first.
The bite tests pin an order into the compiled model (a client insisting on "squats first") and
show that the rule, in the phases it names, is what forbids it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ortools.sat.python import cp_model

from hamopt.domain.models import Program, ProgramWeek, RuleConfig, RuleSet, Scenario
from hamopt.engine.compile import compile_model
from hamopt.engine.solve import SolveOptions, build_program, decode_week, solver_for
from hamopt.rules.contract import ActiveRule
from hamopt.rules.model_context import ModelContext
from hamopt.rules.ruleset import resolve
from hamopt.rules.testing import basic_catalog, instances, program, scenario, session, violations

CAT = basic_catalog()  # curl, hinge, ghr (hamstrings); squat, lunge (quads)
CORRECTION = scenario(["mon 18:00", "thu 18:00"], 2, phase="correction")
BALANCED = scenario(["mon 18:00", "thu 18:00"], 2, phase="balanced")


def active(**configs: dict[str, Any]) -> list[ActiveRule]:
    """Exactly these rules, each with its {mode, weight, params} (hard by default)."""
    return resolve(RuleSet(name="t", rules={k: RuleConfig(**v) for k, v in configs.items()}))


BASE = {"volume_range": {}, "correction_ratio": {}, "flexion_before_extension": {}}
ON = active(**BASE, hamstrings_first={})
OFF = active(**BASE)


def squat_first(ctx: ModelContext) -> None:
    """Monday holds the squat and the curl, the squat first."""
    monday = {c.exercise.id: c for c in ctx.in_slot(0)}
    ctx.model.add(monday["squat"].present == 1)
    ctx.model.add(monday["curl"].present == 1)
    ctx.model.add(monday["squat"].pos < monday["curl"].pos)


def solve_pinned(
    sc: Scenario, rules: list[ActiveRule], pin: Callable[[ModelContext], None] | None = None
) -> Program | None:
    compiled = compile_model(sc, CAT, rules)
    if pin is not None:
        pin(compiled.ctx)
    solver = solver_for(SolveOptions())
    code = solver.solve(compiled.model)
    if code == cp_model.INFEASIBLE:
        return None
    assert code == cp_model.OPTIMAL
    return build_program("optimal", sc, CAT, rules, decode_week(compiled, solver))


def regions(prog: Program) -> list[list[str]]:
    by_id = CAT.by_id()
    return [[str(by_id[line.id].region) for line in s.ordered()] for s in prog.weeks[0].sessions]


# --- it bites -----------------------------------------------------------------------------


def test_a_squat_before_the_curl_is_allowed_only_without_the_rule() -> None:
    off = solve_pinned(CORRECTION, OFF, squat_first)
    assert off is not None
    # The pinned Monday breaks it (order costs nothing, so Thursday may too).
    assert "Mon 18:00" in instances(violations("hamstrings_first", off, CORRECTION, CAT, ON))
    assert solve_pinned(CORRECTION, ON, squat_first) is None


def test_by_default_every_phase_and_the_seeds_reading_only_the_correction_phase() -> None:
    # The default extends the seed's correction-phase order to every phase (priority first).
    assert solve_pinned(BALANCED, ON, squat_first) is None
    seed = active(**BASE, hamstrings_first={"params": {"phases": ["correction"]}})
    assert solve_pinned(BALANCED, seed, squat_first) is not None


def test_a_solved_correction_week_puts_every_hamstring_exercise_before_any_quad() -> None:
    def full_monday(ctx: ModelContext) -> None:
        for c in ctx.in_slot(0):
            if c.exercise.id in ("curl", "hinge", "squat", "lunge"):
                ctx.model.add(c.present == 1)

    prog = solve_pinned(CORRECTION, ON, full_monday)
    assert prog is not None
    monday = regions(prog)[0]
    assert monday == sorted(monday)  # "hamstrings" < "quads": no quad before a hamstring line
    assert monday.count("quads") == 2
    assert violations("hamstrings_first", prog, CORRECTION, CAT, ON) == []


def test_encoder_instances_are_the_checkers_session_labels() -> None:
    compiled = compile_model(CORRECTION, CAT, ON, explain=True)
    guards = {g.instance for g in compiled.ctx.guards if g.rule == "hamstrings_first"}
    assert guards == {"Mon 18:00", "Thu 18:00"}
    seed = active(**BASE, hamstrings_first={"params": {"phases": ["correction"]}})
    assert not [
        g
        for g in compile_model(BALANCED, CAT, seed, explain=True).ctx.guards
        if g.rule == "hamstrings_first"
    ]


# --- the checker ----------------------------------------------------------------------------


def test_checker_keeps_hamstrings_then_quads() -> None:
    prog = program(
        session("mon 18:00", ("curl", 3, (8, 12)), ("hinge", 3, (8, 12)), ("squat", 3, (8, 12))),
        session("thu 18:00", ("curl", 3, (8, 12)), ("lunge", 2, (8, 12))),
    )
    assert violations("hamstrings_first", prog, CORRECTION, CAT, ON) == []


def test_checker_names_the_session_and_both_exercises() -> None:
    prog = program(
        session("mon 18:00", ("curl", 3, (8, 12)), ("squat", 3, (8, 12))),
        session("thu 18:00", ("lunge", 2, (8, 12)), ("curl", 3, (8, 12)), ("hinge", 3, (8, 12))),
    )
    [v] = violations("hamstrings_first", prog, CORRECTION, CAT, ON)
    assert v.instance == "Thu 18:00"
    assert v.message == (
        "Thu 18:00: Curl (hamstrings) comes after Lunge (quads); in the correction phase "
        "hamstring work comes first"
    )


def test_checker_reads_each_weeks_phase() -> None:
    quad_first = session("mon 18:00", ("squat", 3, (8, 12)), ("curl", 3, (8, 12)))
    prog = Program(
        weeks=[
            ProgramWeek(week=1, phase="correction", sessions=[quad_first]),  # type: ignore[arg-type]
            ProgramWeek(week=2, phase="balanced", sessions=[quad_first]),  # type: ignore[arg-type]
        ]
    )
    seed = active(**BASE, hamstrings_first={"params": {"phases": ["correction"]}})
    [v] = violations("hamstrings_first", prog, BALANCED, CAT, seed)
    assert v.instance == "week 1, Mon 18:00"
    assert v.message.startswith("week 1, Mon 18:00: ")
    assert violations("hamstrings_first", program(quad_first), BALANCED, CAT, seed) == []
    assert len(violations("hamstrings_first", prog, BALANCED, CAT, ON)) == 2  # every phase


def test_the_justification_counts_the_sessions_and_names_a_free_phase() -> None:
    # It printed "Every hamstring exercise comes before any quad exercise" even where a
    # session put a squat first, or where the rule set leaves the phase free.
    from hamopt.engine.check import check_program

    week = program(
        session("mon 18:00", ("squat", 3, (8, 12)), ("curl", 3, (8, 12))),
        session("thu 18:00", ("curl", 3, (8, 12)), ("lunge", 3, (8, 12))),
    )

    def said(sc: Scenario, rules: list[ActiveRule]) -> str:
        found = {v.active.id: v for v in check_program(week, sc, CAT, rules)}
        return found["hamstrings_first"].justification

    assert said(CORRECTION, ON) == "1 of 2 sessions put hamstring work before quad work"
    seed = active(**BASE, hamstrings_first={"params": {"phases": ["correction"]}})
    assert said(BALANCED, seed) == (
        "any order in the balanced phase (the rule set asks it of the correction phase)"
    )
