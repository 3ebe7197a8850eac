"""progression: double progression targets, room to climb, outgrown variations."""

from __future__ import annotations

from hamopt.domain.catalog import catalog_for
from hamopt.domain.models import Phase, Scenario
from hamopt.engine.check import check_program
from hamopt.engine.compile import compile_model
from hamopt.engine.solve import SolveOptions, solver_for
from hamopt.rules.builtin.progression import RULE, ProgressionParams
from hamopt.rules.contract import ActiveRule
from hamopt.rules.testing import catalog, ex, only, quad, scenario, solve, violations

HINGE = ex("hinge", ("hip_extension",), (0.8, 0.0, 0.6, 0.7))


def test_targets_climb_then_load_goes_up() -> None:
    cat = catalog(ex("curl", reps=(8, 12)), HINGE, quad("squat"))
    s = scenario(weeks=5, sessions=1, slots=["mon"])
    prog = solve(s, only("progression", "head_coverage"), cat)
    lines = [next(x for x in w.sessions[0].exercises if x.id == "curl") for w in prog.weeks]
    lo = lines[0].reps[0]
    assert lines[0].reps == (8, 12)  # the only zone an 8-12 exercise has
    assert [x.target_reps for x in lines] == [8, 10, 12, 8, 10]
    assert [x.load_change for x in lines] == [None, None, None, "+1 step", None]
    assert all(x.reps[0] <= x.target_reps <= x.reps[1] for x in lines)  # type: ignore[operator]
    assert lines[0].target_reps == lo
    assert not violations("progression", prog, s, cat, only("progression"))


def test_checker_flags_a_skipped_progression() -> None:
    cat = catalog(ex("curl", reps=(8, 12)), HINGE, quad("squat"))
    s = scenario(weeks=3, sessions=1, slots=["mon"])
    prog = solve(s, only("progression"), cat)
    prog.weeks[1].sessions[0].exercises[0].target_reps = 12
    found = violations("progression", prog, s, cat, only("progression"))
    assert any(v.instance.startswith("week 2,") for v in found)


def test_room_to_climb_bites_on_a_long_template() -> None:
    # Reps 6-12: the heavy zone (6-8) is too narrow to climb for weeks; moderate 8-12 is not.
    cat = catalog(
        ex("curl", reps=(6, 8)),
        ex("hinge", ("hip_extension",), (0.8, 0, 0.6, 0.7), reps=(6, 12)),
        quad("squat"),
    )
    s = scenario(weeks=4, sessions=1, slots=["mon"])
    prog = solve(s, only("progression", "head_coverage"), cat)
    hinge = next(x for x in prog.weeks[0].sessions[0].exercises if x.id == "hinge")
    assert hinge.reps[1] - hinge.reps[0] >= ProgressionParams().min_rep_span
    # The curl's own range is 6-8: it progresses by load, never flagged.
    for w in prog.weeks:
        for x in w.sessions[0].exercises:
            if x.id == "hinge":
                x.reps = (6, 8)
    found = violations("progression", prog, s, cat, only("progression"))
    assert "room hinge" in {v.instance for v in found}
    assert "room curl" not in {v.instance for v in found}


PLAN_RULES = ("head_coverage", "volume_range", "correction_ratio")


def six_then_two(equipment: str) -> Scenario:
    """Six correction weeks, then two balanced ones: a phase boundary to outgrow at."""
    return scenario(
        phase="correction",
        phases=[{"phase": "correction", "weeks": 6}, {"phase": "balanced", "weeks": 2}],
        equipment=equipment,
        weeks=8,
    )


def test_an_outgrown_variation_moves_on_at_the_phase_boundary() -> None:
    s = six_then_two("bodyweight_only")
    cat = catalog_for(s)
    base = solve(s, only(*PLAN_RULES), cat)
    with_rule = solve(s, only(*PLAN_RULES, "progression"), cat)
    by_id = cat.by_id()

    def carried(prog):  # type: ignore[no-untyped-def]
        first = {x.id for se in prog.weeks[0].sessions for x in se.exercises}
        later = {x.id for se in prog.weeks[-1].sessions for x in se.exercises}
        return {
            i for i in first & later
            if by_id[i].progresses_to and by_id[by_id[i].progresses_to].equipment == []
        }  # fmt: skip

    assert with_rule.status == "optimal"
    assert not carried(with_rule)
    assert with_rule.weeks[-1].phase is Phase.balanced
    # And the checker reads the same thing on the program without the rule, where it bites.
    if carried(base):
        found = violations("progression", base, s, cat, only("progression"))
        assert {f"outgrown {i}" for i in carried(base)} <= {v.instance for v in found}
    verdicts = check_program(with_rule, s, cat, only("progression"))
    assert not verdicts[0].violations
    assert RULE.horizon


def test_a_deload_week_does_not_split_the_phase_a_variation_is_outgrown_in() -> None:
    # Six correction weeks with a deload in week 4: the checker reads one phase of six weeks,
    # and so must the encoder (it read runs of 3, 1 and 2 weeks, none long enough, and let the
    # two-year sprinter plan carry its eccentric Nordic on).
    s = six_then_two("bodyweight_only")
    cat = catalog_for(s)
    ramp = {"deload_every": 4}
    with_rule = solve(
        s, only(*PLAN_RULES, "volume_ramp", "progression", volume_ramp=ramp), cat
    )
    assert with_rule.status == "optimal"
    assert [w.week for w in with_rule.weeks if w.extra("deload")] == [4, 8]
    verdicts = check_program(with_rule, s, cat, only("progression"))
    assert not verdicts[0].violations

    def outgrown(active: list[ActiveRule]) -> set[str]:
        guards = compile_model(s, cat, active).ctx.guards
        return {g.instance for g in guards if g.instance.startswith("outgrown ")}

    # The deload changes nothing the rule guards: every variation the phase could outgrow.
    plain = outgrown(only(*PLAN_RULES, "progression"))
    assert plain and outgrown(
        only(*PLAN_RULES, "volume_ramp", "progression", volume_ramp=ramp)
    ) == plain


def test_an_exercise_without_a_candidate_leaves_the_plan_solvable() -> None:
    # A narrow first solve (hamopt/engine/narrow.py) builds the model on a short list: an
    # exercise the rule reads from the catalog may have no candidate. The outgrown check then
    # reads it as never used; it made the whole model infeasible (the max of no literals).
    s = six_then_two("full_gym")
    cat = catalog_for(s)
    assert cat.by_id()["seated_leg_curl"].progresses_to == "single_leg_seated_leg_curl"
    rules = only(*PLAN_RULES, "progression")
    compiled = compile_model(s, cat, rules, also_skip=frozenset({"seated_leg_curl"}))
    solver = solver_for(SolveOptions())
    assert solver.status_name(solver.solve(compiled.model)) == "OPTIMAL"


def test_the_justification_says_how_each_range_climbs_and_the_deloads() -> None:
    from hamopt.rules.testing import verdicts

    cat = catalog(ex("curl", reps=(8, 12)), HINGE, quad("squat"))
    s = scenario(weeks=5, sessions=1, slots=["mon"])
    active = only("progression", "head_coverage")
    prog = solve(s, active, cat)
    said = verdicts(prog, s, active, cat)["progression"].justification
    # The curl is body weight here (no equipment): its load step is a harder lever.
    assert "Curl: 8, 10, 12 reps, then +1 step and back to 8" in said
    assert "deload" not in said and "Petersen" not in said
    # A deload every 4th week (volume_ramp) pauses the climb.
    deload = only(
        "progression", "head_coverage", "volume_ramp", volume_ramp={"deload_every": 4}
    )
    prog = solve(s, deload, cat)
    said = verdicts(prog, s, deload, cat)["progression"].justification
    assert "week 4: -10 % load at the bottom of the range, the climb paused" in said


def test_the_justification_says_where_a_nordic_line_holds_petersens_reps_back() -> None:
    # A prevention athlete's Nordic follows Petersen's weeks (5, 6, 8, ...), clipped to the
    # line's range: a 5-6 line stops at 6, and the words say so rather than quote Petersen.
    from hamopt.rules.testing import program, session, verdicts

    s = scenario(weeks=3, sessions=1, slots=["mon"], athlete={"goals": ["injury_prevention"]})
    prog = program(session("mon", ("eccentric_nordic", 2, (5, 6))), weeks=3)
    active = only("progression", "nordic_for_prevention")
    said = verdicts(prog, s, active)["progression"].justification
    assert "by Petersen's weeks: 5, 6 reps, Petersen's 5, 6, 8 held to 5-6" in said
    # Petersen's weeks are nordic_for_prevention's protocol: with that rule off (it was read
    # from its defaults before), the Nordic climbs its range like any other line.
    said = verdicts(prog, s, only("progression"))["progression"].justification
    assert "Petersen" not in said


def test_petersens_weeks_follow_nordic_for_preventions_sports_as_the_rule_set_has_them() -> None:
    # A basketball player is no prevention athlete by default; a rule set that adds the sport
    # to nordic_for_prevention's list gets Petersen's weeks for the Nordic line too.
    from hamopt.rules.testing import program, session, verdicts

    s = scenario(weeks=3, sessions=1, slots=["mon"], athlete={"sport": "basketball"})
    prog = program(session("mon", ("eccentric_nordic", 2, (5, 6))), weeks=3)
    default = only("progression", "nordic_for_prevention")
    assert "Petersen" not in verdicts(prog, s, default)["progression"].justification
    sports = {"sports": ["basketball"]}
    basketball = only("progression", "nordic_for_prevention", nordic_for_prevention=sports)
    assert "by Petersen's weeks" in verdicts(prog, s, basketball)["progression"].justification
