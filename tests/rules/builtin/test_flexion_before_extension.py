"""flexion_before_extension: knee flexion first, hip extension after, in every session.

Order costs nothing in the objective, so no scenario alone makes the solver want a hinge
first. The bite tests pin an order into the compiled model (a coach insisting "RDL first")
and show that the rule is what forbids it.
"""

from __future__ import annotations

from collections.abc import Callable

from ortools.sat.python import cp_model

from hamopt.domain.models import Program, ProgramExercise, ProgramSession, Scenario
from hamopt.engine.compile import compile_model
from hamopt.engine.solve import SolveOptions, build_program, decode_week, solver_for
from hamopt.rules.contract import ActiveRule
from hamopt.rules.model_context import ModelContext
from hamopt.rules.testing import (
    basic_catalog,
    instances,
    program,
    rules,
    scenario,
    session,
    total_penalty,
    verdicts,
    violations,
)

CAT = basic_catalog()  # curl (knee flexion), hinge (hip extension), ghr (both), squat, lunge
SC = scenario(["mon 18:00", "thu 18:00"], 2)


def pin_first(first: str, then: str) -> Callable[[ModelContext], None]:
    """Both exercises in Monday's session, ``first`` placed before ``then``."""

    def pin(ctx: ModelContext) -> None:
        monday = {c.exercise.id: c for c in ctx.in_slot(0)}
        a, b = monday[first], monday[then]
        ctx.model.add(a.present == 1)
        ctx.model.add(b.present == 1)
        ctx.model.add(a.pos < b.pos)

    return pin


def solve_pinned(
    sc: Scenario, active: list[ActiveRule], pin: Callable[[ModelContext], None]
) -> tuple[Program | None, int | None]:
    """Solve with an extra constraint; the program and the solver's penalty tier."""
    compiled = compile_model(sc, CAT, active)
    pin(compiled.ctx)
    solver = solver_for(SolveOptions())
    code = solver.solve(compiled.model)
    if code == cp_model.INFEASIBLE:
        return None, None
    assert code == cp_model.OPTIMAL
    prog = build_program("optimal", sc, CAT, active, decode_week(compiled, solver))
    return prog, compiled.penalties(solver.objective_value)


def order_of(sess: ProgramSession) -> list[str]:
    return [line.id for line in sess.ordered() if line.id in ("curl", "hinge", "ghr")]


# --- it bites -----------------------------------------------------------------------------


def test_a_hinge_before_the_curl_is_allowed_only_without_the_rule() -> None:
    off, _ = solve_pinned(SC, rules(flexion_before_extension="off"), pin_first("hinge", "curl"))
    assert off is not None
    monday = off.weeks[0].sessions[0]
    assert order_of(monday).index("hinge") < order_of(monday).index("curl")
    assert "Mon 18:00" in instances(violations("flexion_before_extension", off, SC, CAT))
    on, _ = solve_pinned(SC, rules(), pin_first("hinge", "curl"))
    assert on is None


def test_with_the_rule_a_full_session_runs_flexion_dual_extension() -> None:
    def all_three(ctx: ModelContext) -> None:
        for c in ctx.in_slot(0):
            if c.exercise.id in ("curl", "ghr", "hinge"):
                ctx.model.add(c.present == 1)

    prog, _ = solve_pinned(SC, rules(), all_three)
    assert prog is not None
    assert order_of(prog.weeks[0].sessions[0]) == ["curl", "ghr", "hinge"]


def test_the_dual_action_exercise_may_go_anywhere_when_the_parameter_says_so() -> None:
    free = rules(flexion_before_extension={"params": {"dual_action_between": False}})
    prog, _ = solve_pinned(SC, free, pin_first("hinge", "ghr"))
    assert prog is not None
    assert violations("flexion_before_extension", prog, SC, CAT, free) == []
    assert solve_pinned(SC, rules(), pin_first("hinge", "ghr"))[0] is None
    # Pure knee flexion after pure hip extension stays forbidden either way.
    assert solve_pinned(SC, free, pin_first("hinge", "curl"))[0] is None


# --- the checker ----------------------------------------------------------------------------


def test_checker_keeps_flexion_then_dual_then_extension_with_quads_anywhere() -> None:
    prog = program(
        session(
            "mon 18:00",
            ("squat", 3, (8, 12)),
            ("curl", 3, (8, 12)),
            ("ghr", 2, (6, 10)),
            ("lunge", 2, (8, 12)),
            ("hinge", 3, (8, 12)),
        ),
        session("thu 18:00", ("curl", 3, (8, 12)), ("hinge", 3, (8, 12))),
    )
    assert violations("flexion_before_extension", prog, SC, CAT) == []


def test_checker_names_the_session_and_both_exercises() -> None:
    prog = program(
        session("mon 18:00", ("curl", 3, (8, 12)), ("hinge", 3, (8, 12))),
        session("thu 18:00", ("hinge", 3, (8, 12)), ("curl", 3, (8, 12))),
    )
    [v] = violations("flexion_before_extension", prog, SC, CAT)
    assert v.instance == "Thu 18:00"
    assert v.message == "Thu 18:00: Curl (knee flexion) comes after Hinge (hip extension)"


def test_checker_places_dual_action_exercises_between() -> None:
    late_dual = program(
        session("mon 18:00", ("curl", 3, (8, 12)), ("hinge", 3, (8, 12)), ("ghr", 2, (6, 10)))
    )
    [v] = violations("flexion_before_extension", late_dual, SC, CAT)
    assert "Ghr (knee flexion and hip extension) comes after Hinge (hip extension)" in v.message
    early_dual = program(session("mon 18:00", ("ghr", 2, (6, 10)), ("curl", 3, (8, 12))))
    [v] = violations("flexion_before_extension", early_dual, SC, CAT)
    assert "Curl (knee flexion) comes after Ghr (knee flexion and hip extension)" in v.message
    free = rules(flexion_before_extension={"params": {"dual_action_between": False}})
    assert violations("flexion_before_extension", late_dual, SC, CAT, free) == []
    assert violations("flexion_before_extension", early_dual, SC, CAT, free) == []


def test_checker_reads_the_order_field_not_the_listing() -> None:
    listed = ProgramSession(
        day="mon",
        time="18:00",
        exercises=[
            ProgramExercise(id="hinge", sets=3, reps=(8, 12), order=2),
            ProgramExercise(id="curl", sets=3, reps=(8, 12), order=1),
        ],
    )
    assert violations("flexion_before_extension", program(listed), SC, CAT) == []
    listed.exercises[1].order = 3
    assert len(violations("flexion_before_extension", program(listed), SC, CAT)) == 1


def test_checker_one_instance_per_session_and_week() -> None:
    bad = session("mon 18:00", ("hinge", 3, (8, 12)), ("ghr", 2, (6, 10)), ("curl", 3, (8, 12)))
    found = violations("flexion_before_extension", program(bad, weeks=2), SC, CAT)
    assert len(found) == 6  # three pairs out of order, twice
    assert instances(found) == {"week 1, Mon 18:00", "week 2, Mon 18:00"}


# --- soft ---------------------------------------------------------------------------------


def test_soft_order_costs_its_weight_per_session_out_of_order() -> None:
    active = rules(flexion_before_extension={"mode": "soft", "weight": 9})
    prog, objective = solve_pinned(SC, active, pin_first("hinge", "curl"))
    assert prog is not None
    verdict = verdicts(prog, SC, active, CAT)["flexion_before_extension"]
    assert instances(verdict.violations) == {"Mon 18:00"}  # Thursday stays in order
    report = next(r for r in prog.rules if r.id == "flexion_before_extension")
    assert (report.mode, report.satisfied, report.penalty) == ("soft", False, 9)
    assert objective == total_penalty(prog, SC, active, CAT)


# --- first: hip_extension (seed 001's order) ------------------------------------------------

HIP_FIRST = {"params": {"first": "hip_extension"}}


def test_hip_extension_first_turns_the_order_round_in_the_solver() -> None:
    # Seed 001: "begins with four working sets of Romanian deadlift", then the curls.
    turned = rules(flexion_before_extension=HIP_FIRST)
    prog, _ = solve_pinned(SC, turned, pin_first("hinge", "curl"))
    assert prog is not None
    assert violations("flexion_before_extension", prog, SC, CAT, turned) == []
    assert solve_pinned(SC, turned, pin_first("curl", "hinge"))[0] is None

    def all_three(ctx: ModelContext) -> None:
        for c in ctx.in_slot(0):
            if c.exercise.id in ("curl", "ghr", "hinge"):
                ctx.model.add(c.present == 1)

    prog, _ = solve_pinned(SC, turned, all_three)
    assert prog is not None
    assert order_of(prog.weeks[0].sessions[0]) == ["hinge", "ghr", "curl"]


def test_hip_extension_first_in_the_checker() -> None:
    turned = rules(flexion_before_extension=HIP_FIRST)
    prog = program(
        session("mon 18:00", ("hinge", 4, (8, 12)), ("ghr", 2, (6, 10)), ("curl", 3, (8, 12))),
        session("thu 18:00", ("curl", 3, (8, 12)), ("hinge", 3, (8, 12))),
    )
    [v] = violations("flexion_before_extension", prog, SC, CAT, turned)
    assert v.instance == "Thu 18:00"
    assert v.message == "Thu 18:00: Hinge (hip extension) comes after Curl (knee flexion)"
    # The default order flags Monday instead (twice: the curl after the hinge and the ghr).
    assert instances(violations("flexion_before_extension", prog, SC, CAT)) == {"Mon 18:00"}
