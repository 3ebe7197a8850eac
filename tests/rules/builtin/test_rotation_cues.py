"""rotation_cues: toes in / toes out on leg curls, chosen by the solver, shifting head stimulus.

The shift numbers live in hamopt/domain/cues.py; the solver (the rule's `prepare`) and the checkers
(metrics.head_load_pct reading a line's `rotation`) must count a cued set identically.
"""

from __future__ import annotations

from typing import Any

import pytest

from hamopt.domain.cues import LATERAL, MEDIAL, ROTATIONS, base_pct, cued_pct, is_curl, shift_pct
from hamopt.domain.metrics import head_load_pct
from hamopt.domain.models import HEADS, Catalog, Program, RuleConfig, RuleSet, Scenario
from hamopt.engine.check import check_program
from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import ActiveRule
from hamopt.rules.ruleset import resolve
from hamopt.rules.testing import (
    catalog,
    ex,
    program,
    quad,
    scenario,
    session,
    shipped_catalog,
    solve,
)

SC = scenario(["mon 18:00", "thu 18:00"], 2)
# bf_short comes only from the curl, and the curl is weak there: even at the most sets
# volume_range allows (2 x 5) bf_short stays below head_coverage's 8-set target, so a cue that
# moves stimulus to the lateral heads (toes out) lifts the least-covered head.
LATERAL_SHORT = catalog(
    ex("curl", stim=(0.6, 0.5, 0.9, 0.9)),
    ex("hinge", ("hip_extension",), (0.8, 0, 0.8, 0.8)),
    quad("squat"),
)
# The same week with the curl's slot taken by a Nordic (by id), where a cue has no effect.
NORDIC_ONLY = catalog(
    ex("nordic_hamstring_curl", stim=(0.6, 0.5, 0.9, 0.9)),
    ex("hinge", ("hip_extension",), (0.8, 0, 0.8, 0.8)),
    quad("squat"),
)
# Every head reaches its target, but the medial heads get far more than the lateral ones.
MEDIAL_HEAVY = catalog(
    ex("curl", stim=(0.9, 0.9, 1.0, 1.0)),
    ex("hinge", ("hip_extension",), (0.9, 0, 1.0, 1.0)),
    quad("squat"),
)


def active(**configs: dict[str, Any]) -> list[ActiveRule]:
    """Exactly these rules, each with its {mode, weight, params} (hard by default)."""
    return resolve(RuleSet(name="t", rules={k: RuleConfig(**v) for k, v in configs.items()}))


# head_stimulus: the default objective's stimulus tie-break, so the optimum is one program;
# 5 sets a line without a price, as these tests' volumes were built for.
BASE = {
    "volume_range": {"params": {"preferred_max_sets_per_exercise": 5}},
    "head_coverage": {"weight": 10},
    "head_stimulus": {},
}
ON = active(**BASE, rotation_cues={"weight": 1})
OFF = active(**BASE)


def loads(prog: Program, sc: Scenario, cat: Catalog) -> dict[str, int]:
    return head_load_pct(prog.weeks[0], CheckContext.build(sc, cat).by_id)


def cues(prog: Program) -> dict[str, set[str | None]]:
    found: dict[str, set[str | None]] = {}
    for s in prog.weeks[0].sessions:
        for line in s.exercises:
            found.setdefault(line.id, set()).add(line.extra("rotation"))
    return found


# --- the numbers (hamopt/domain/cues.py) -----------------------------------------------


@pytest.mark.parametrize("rotation", ROTATIONS)
def test_a_cue_moves_stimulus_between_the_sides_and_adds_none(rotation: str) -> None:
    for exercise in shipped_catalog().exercises:
        shift = shift_pct(exercise, rotation)
        assert sum(shift.values()) == 0, exercise.id
        if not is_curl(exercise):
            assert shift == dict.fromkeys(HEADS, 0), exercise.id


def test_toes_in_moves_7_3_points_of_a_seated_curl_set_to_the_medial_heads() -> None:
    seated = shipped_catalog().by_id()["seated_leg_curl"]
    total = sum(base_pct(seated).values())  # 345 hundredths
    toes_in, toes_out = shift_pct(seated, "toes_in"), shift_pct(seated, "toes_out")
    assert sum(toes_in[h] for h in MEDIAL) == round(total * 7.3 / 100) == 25
    assert all(toes_in[h] < 0 for h in LATERAL) and all(toes_in[h] > 0 for h in MEDIAL)
    assert sum(toes_out[h] for h in LATERAL) == round(total * 5.5 / 100) == 19
    assert all(toes_out[h] > 0 for h in LATERAL) and all(toes_out[h] < 0 for h in MEDIAL)
    assert cued_pct(seated, None) == base_pct(seated)


def test_which_exercises_are_curls_comes_from_the_data() -> None:
    by_id = shipped_catalog().by_id()
    assert is_curl(by_id["seated_leg_curl"]) and is_curl(by_id["lying_leg_curl"])
    assert is_curl(by_id["nordic_hamstring_curl"])  # a curl; the rule's no_effect leaves it out
    assert not is_curl(by_id["stability_ball_leg_curl"])  # hip extension too
    assert not is_curl(by_id["glute_bridge"]) and not is_curl(by_id["romanian_deadlift"])


def test_metrics_read_the_cue_from_the_program_line() -> None:
    cat = shipped_catalog()
    plain = program(session("mon 18:00", ("seated_leg_curl", 4, (8, 12))))
    cued = plain.model_copy(deep=True)
    cued.weeks[0].sessions[0].exercises[0].set_extra("rotation", "toes_in")
    shift = shift_pct(cat.by_id()["seated_leg_curl"], "toes_in")
    before, after = loads(plain, SC, cat), loads(cued, SC, cat)
    assert {h: after[h] - before[h] for h in HEADS} == {h: 4 * shift[h] for h in HEADS}


# --- it bites -----------------------------------------------------------------------------


def test_the_solver_cues_toes_out_to_lift_a_short_biceps_femoris() -> None:
    off = solve(SC, OFF, LATERAL_SHORT)
    on = solve(SC, ON, LATERAL_SHORT)
    assert off.status == on.status == "optimal"
    assert cues(off)["curl"] == {None}
    assert cues(on)["curl"] == {"toes_out"}
    assert cues(on)["hinge"] == {None}  # only curls take a cue
    # Same curl volume, and the cue's shift is in the totals every rule reads.
    assert loads(on, SC, LATERAL_SHORT)["bf_short"] > loads(off, SC, LATERAL_SHORT)["bf_short"]
    assert on.totals["head_sets"]["bf_short"] * 100 == loads(on, SC, LATERAL_SHORT)["bf_short"]
    # Solver and checkers agree on the cued stimulus: the objective is the checkers' sum.
    assert on.solver is not None
    assert on.solver.objective == sum(r.penalty for r in on.rules)
    [coverage_off] = [r for r in off.rules if r.id == "head_coverage"]
    [coverage_on] = [r for r in on.rules if r.id == "head_coverage"]
    assert coverage_on.quality < coverage_off.quality  # its shortfall, a quality term


def test_no_cue_without_a_short_head_to_lift() -> None:
    prog = solve(SC, ON, MEDIAL_HEAVY)
    assert all(r == {None} for r in cues(prog).values())


def test_a_nordic_never_gets_a_cue_unless_the_parameter_says_it_works() -> None:
    prog = solve(SC, ON, NORDIC_ONLY)
    assert cues(prog)["nordic_hamstring_curl"] == {None}
    believer = active(**BASE, rotation_cues={"params": {"no_effect": []}})
    assert cues(solve(SC, believer, NORDIC_ONLY))["nordic_hamstring_curl"] == {"toes_out"}


def test_with_a_balance_tolerance_cues_even_out_the_sides() -> None:
    balance = active(**BASE, rotation_cues={"params": {"balance_tolerance_sets": 0.5}})
    prog = solve(SC, balance, MEDIAL_HEAVY)
    assert cues(prog)["curl"] == {"toes_out"}
    plain = solve(SC, ON, MEDIAL_HEAVY)
    gap = {
        name: sum(loads(p, SC, MEDIAL_HEAVY)[h] for h in MEDIAL)
        - sum(loads(p, SC, MEDIAL_HEAVY)[h] for h in LATERAL)
        for name, p in (("balance", prog), ("plain", plain))
    }
    assert 0 <= gap["balance"] < gap["plain"]
    assert prog.solver is not None
    assert prog.solver.objective == sum(r.penalty for r in prog.rules)


# --- the checker and the goal ---------------------------------------------------------------


def test_checker_flags_a_cue_on_a_bridge_or_a_nordic() -> None:
    cat = shipped_catalog()
    prog = program(
        session(
            "mon 18:00",
            ("seated_leg_curl", 4, (8, 12)),
            ("nordic_hamstring_curl", 3, (6, 8)),
            ("glute_bridge", 3, (10, 15)),
        )
    )
    lines = prog.weeks[0].sessions[0].exercises
    for line, rotation in zip(lines, ("toes_in", "toes_out", "toes_in"), strict=True):
        line.set_extra("rotation", rotation)
    verdict = {v.active.id: v for v in check_program(prog, SC, cat, ON)}["rotation_cues"]
    assert {v.instance for v in verdict.violations} == {"cues on curls only"}
    assert [v.message for v in verdict.violations] == [
        "Mon 18:00: Nordic hamstring curl is cued toes out; foot position had no effect there",
        "Mon 18:00: Glute bridge is cued toes in; only leg curls take a foot-position cue",
    ]
    assert verdict.goal == 3  # one unit per cued line


def test_a_deload_week_keeps_the_cues_of_the_week_before() -> None:
    # A bodyweight week cues its floor curl toes out to lift the short biceps femoris; the
    # deload is that week lighter, cue included (with no head goal there, a cue would
    # otherwise cost its unit and buy nothing, and went).
    from hamopt.domain.catalog import catalog_for
    from hamopt.rules.testing import rules, solve, violations

    sc = scenario(("mon 18:00", "thu 18:00"), 2, weeks=4, equipment="bodyweight_only",
                  athlete={"experience": "intermediate"})  # fmt: skip
    cat = catalog_for(sc)
    active = rules(
        rotation_cues={}, volume_target={}, head_stimulus={},
        volume_ramp={"params": {"deload_every": 4}},
    )  # fmt: skip

    def cues(week: Any) -> list[list[tuple[str, Any]]]:
        return [[(x.id, x.extra("rotation")) for x in s.exercises] for s in week.sessions]

    prog = solve(sc, active, cat)
    assert prog.weeks[3].extra("deload")
    assert any(turn for session in cues(prog.weeks[2]) for _, turn in session)
    assert cues(prog.weeks[3]) == cues(prog.weeks[2])
    assert not violations("rotation_cues", prog, sc, cat, active)
    for line in (x for s in prog.weeks[3].sessions for x in s.exercises):
        line.set_extra("rotation", None)
    found = violations("rotation_cues", prog, sc, cat, active)
    assert {v.instance for v in found} == {"week 4, deload cues"}
    assert any("a deload keeps the cues" in v.message for v in found)


def test_the_justification_names_the_cued_curls_week_by_week() -> None:
    # It printed the rule's description, cued or not.
    from hamopt.rules.builtin.rotation_cues import ROTATION

    def said(prog: Program) -> str:
        found = {v.active.id: v for v in check_program(prog, SC, LATERAL_SHORT, ON)}
        return found["rotation_cues"].justification

    plan = program(
        session("mon 18:00", ("curl", 4, (8, 12)), ("hinge", 3, (8, 12))),
        session("thu 18:00", ("curl", 4, (8, 12)), ("squat", 3, (8, 12))),
        weeks=3,
    )
    for week in plan.weeks[1:]:
        week.sessions[1].exercises[0].set_extra(ROTATION, "toes_out")
    assert said(plan).startswith(
        "week 1: no curl cued; weeks 2-3: Curl toes out (Thu 18:00) (toes out lifts the biceps "
        "femoris"
    )


def test_a_lines_cued_sets_are_at_most_its_sets_in_the_lp_too() -> None:
    # One cue a line holds for every program through the literals' at-most-one; the row
    # cued(toes_in) + cued(toes_out) <= sets holds it for the LP relaxation as well, where
    # each count's link to its literal is a big-M row (the docstring: without it the 10-week
    # sprinter plan's proof took 0.15 deterministic s instead of 0.09).
    from hamopt.engine.compile import compile_model

    compiled = compile_model(SC, LATERAL_SHORT, ON)
    proto = compiled.model.proto
    names = {i: v.name for i, v in enumerate(proto.variables)}
    rows = {
        frozenset((names[v], k) for v, k in zip(c.linear.vars, c.linear.coeffs, strict=True))
        for c in proto.constraints
        if c.linear.vars and not c.enforcement_literal and list(c.linear.domain)[-1] == 0
    }
    cued = [c for c in compiled.ctx.candidates if c.choices.get("rotation")]
    assert len(cued) == 2  # the curl, in each session
    for cand in cued:
        name = f"{cand.exercise.id}@{cand.slot}"
        row = {(f"cued_sets[{name},{r}]", 1) for r in ROTATIONS} | {(f"sets[{name}]", -1)}
        assert frozenset(row) in rows
