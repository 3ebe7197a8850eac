"""consistency: the same exercises within a phase; changes at boundaries or rotations."""

from __future__ import annotations

from hamopt.domain.models import Phase
from hamopt.engine.horizon import segments
from hamopt.rules.builtin.consistency import PHASE, ROTATION, change_points, lines
from hamopt.rules.testing import (
    basic_catalog,
    instances,
    only,
    rules,
    scenario,
    solve,
    violations,
)

CAT = basic_catalog()  # curl, hinge, ghr (hamstrings); squat, lunge (quads)
C, B = Phase.correction, Phase.balanced
PHASES = [{"phase": "correction", "weeks": 3}, {"phase": "balanced", "weeks": 3}]
SC = scenario(phase="correction", phases=PHASES, weeks=6)


def test_change_points_are_phase_boundaries_and_rotation_blocks() -> None:
    weeks = [(C, False)] * 4 + [(B, True)] + [(B, False)] * 4
    assert change_points(weeks, None) == {5: PHASE}
    # Rotation counts the balanced phase's weeks after its transition week, like horizon.py.
    assert change_points(weeks, 2) == {3: ROTATION, 5: PHASE, 8: ROTATION}


def test_rotation_blocks_are_templates_and_agree_with_the_change_points() -> None:
    active = only("consistency", consistency={"rotate_every": 2})
    assert [(s.first_week, s.weeks) for s in segments(SC, active)] == [
        (1, 2), (3, 1), (4, 2), (6, 1),
    ]  # fmt: skip


def test_a_transition_week_keeps_the_balanced_phase_exercises() -> None:
    base = ("correction_ratio", "phase_ratio", "head_coverage")
    params = {"phase_ratio": {"transition_weeks": 1}}
    loose = solve(SC, only(*base, **params), CAT)
    kept = only(*base, "consistency", **params)
    prog = solve(SC, kept, CAT)
    assert prog.status == "optimal"
    assert lines(prog.weeks[3]) == lines(prog.weeks[4])  # transition week -> rest of phase
    assert violations("consistency", prog, SC, CAT, kept) == []
    # Without the rule the cheapest transition week picks other lines than the 1:1 weeks.
    assert lines(loose.weeks[3]) != lines(loose.weeks[4])
    assert instances(violations("consistency", loose, SC, CAT, kept)) == {"week 5"}


def test_a_hand_made_swap_within_a_phase_is_flagged_but_not_at_a_boundary() -> None:
    active = only("head_coverage", "consistency")
    prog = solve(SC, active, CAT)
    assert violations("consistency", prog, SC, CAT, active) == []
    # A hamstring exercise the first session does not hold, swapped in for its first line.
    held = {line.id for line in prog.weeks[1].sessions[0].exercises}
    other = next(i for i in ("curl", "hinge", "ghr") if i not in held)
    prog.weeks[1].sessions[0].exercises[0].id = other  # week 2, same phase: a change
    for week in prog.weeks[3:]:  # weeks 4-6, the new phase: allowed at its start
        week.sessions[0].exercises[0].id = other
    found = violations("consistency", prog, SC, CAT, active)
    assert instances(found) == {"week 2", "week 3"}  # into and out of the odd week
    assert "within the correction phase" in found[0].message


def test_max_swaps_limits_what_a_rotation_brings_in() -> None:
    sc = scenario(phase="balanced", weeks=4)
    active = only("head_coverage", "consistency", consistency={"rotate_every": 2, "max_swaps": 0})
    prog = solve(sc, active, CAT)
    assert prog.status == "optimal"
    assert lines(prog.weeks[1]) >= lines(prog.weeks[2])  # nothing new at week 3
    assert violations("consistency", prog, sc, CAT, active) == []
    prog.weeks[2].sessions[0].exercises[0].id = "lunge_new"
    assert "week 3 rotation" in instances(violations("consistency", prog, sc, CAT, active))


def test_a_nordic_dose_week_may_drop_a_curl_but_not_bring_one_in() -> None:
    """Week 3 of the build-up adds Nordic sessions; the curl a week-1 session needed beside
    the single Nordic session may go then (the 10-week sprinter kept a bodyweight slider curl
    for ten weeks, 17 sets a week), a curl may not come in, and hip extension stays."""
    from hamopt.domain.catalog import default_catalog
    from hamopt.rules.testing import program, session

    catalog = default_catalog()
    sc = scenario(["mon 17:00", "fri 17:00"], 2, weeks=3, athlete={
        "experience": "intermediate", "goals": ["injury_prevention"]})
    # The build-up's weeks are nordic_for_prevention's: with that rule off, none.
    active = only("consistency", "nordic_for_prevention")
    nordic, curl, hinge = ("eccentric_nordic", 2, (5, 6)), ("lying_leg_curl", 2, (8, 12)), (
        "dumbbell_romanian_deadlift", 2, (8, 12))
    early = [session("mon 17:00", nordic, hinge), session("fri 17:00", curl, hinge)]
    plan = program(*early, weeks=3)
    plan.weeks[2].sessions = [session("mon 17:00", nordic, hinge),
                              session("fri 17:00", nordic, hinge)]  # week 3: curl -> Nordic
    assert violations("consistency", plan, sc, catalog, active) == []
    assert instances(violations("consistency", plan, sc, catalog, only("consistency"))) == {
        "week 3"
    }
    backwards = program(*early, weeks=3)  # a curl brought in at week 3 instead
    backwards.weeks[2].sessions[0] = session("mon 17:00", nordic, curl, hinge)
    assert instances(violations("consistency", backwards, sc, catalog, active)) == {"week 3"}
    no_hinge = program(*early, weeks=3)  # the hinge may not go
    no_hinge.weeks[2].sessions[1] = session("fri 17:00", nordic, curl)
    assert instances(violations("consistency", no_hinge, sc, catalog, active)) == {"week 3"}


def test_a_solved_build_up_lets_the_nordic_take_a_curls_place() -> None:
    """Under the default rules a four-week build-up drops a curl where a session gains its
    Nordic (week 2 here, the second Nordic session), and the checker agrees. The rule before
    kept every week-1 line to the end of the phase."""
    from hamopt.domain.catalog import catalog_for
    from hamopt.rules.builtin.consistency import _displaced, dose_points
    from hamopt.rules.check_context import CheckContext
    from hamopt.rules.ruleset import default_rules

    sc = scenario(["mon 17:00", "thu 17:00"], 2, weeks=4, athlete={
        "goals": ["injury_prevention"], "experience": "intermediate"})
    catalog = catalog_for(sc)
    active = default_rules()
    prog = solve(sc, active, catalog)
    assert prog.status == "optimal"
    assert violations("consistency", prog, sc, catalog, active) == []
    dose_weeks, nordic = dose_points(CheckContext.build(sc, catalog, active))
    by_id = catalog.by_id()
    dropped = {
        x for w in dose_weeks
        for _, _, x in lines(prog.weeks[w - 2]) - lines(prog.weeks[w - 1])
    }
    assert dropped and all(_displaced(by_id[x], nordic) for x in dropped)


def test_the_dose_weeks_are_nordic_for_preventions_as_the_rule_set_has_it() -> None:
    """Which weeks may change a Nordic line follows nordic_for_prevention's own params: none
    without its build-up or with the rule off (they were read from its defaults before)."""
    from hamopt.domain.catalog import catalog_for
    from hamopt.rules.builtin.consistency import dose_points
    from hamopt.rules.check_context import CheckContext

    sc = scenario(["mon 17:00", "thu 17:00"], 2, weeks=12, athlete={
        "goals": ["injury_prevention"], "experience": "intermediate"})  # fmt: skip
    catalog = catalog_for(sc)

    def weeks(**change: object) -> set[int]:
        active = rules(consistency={}, **change)  # type: ignore[arg-type]
        return dose_points(CheckContext.build(sc, catalog, active))[0]

    assert weeks(nordic_for_prevention={}) == {2, 3, 11}
    assert weeks(nordic_for_prevention={"params": {"build_up": False}}) == set()
    assert weeks(nordic_for_prevention="off") == set()


def test_the_justification_says_what_the_build_up_changed() -> None:
    """A plan whose week 3 swaps a curl for a Nordic is not "the same exercises every week"
    (what the justification said of the 10-week sprinter plan): the words name the week,
    why, and what came and went; a plan that keeps its lines says so."""
    from hamopt.domain.catalog import default_catalog
    from hamopt.rules.builtin.consistency import ConsistencyParams, justify
    from hamopt.rules.check_context import CheckContext
    from hamopt.rules.testing import program, session

    catalog = default_catalog()
    sc = scenario(["mon 17:00", "fri 17:00"], 2, weeks=3, athlete={
        "experience": "intermediate", "goals": ["injury_prevention"]})
    ctx = CheckContext.build(sc, catalog, only("consistency", "nordic_for_prevention"))
    nordic, curl, hinge = ("eccentric_nordic", 2, (5, 6)), ("lying_leg_curl", 2, (8, 12)), (
        "dumbbell_romanian_deadlift", 2, (8, 12))
    early = [session("mon 17:00", nordic, hinge), session("fri 17:00", curl, hinge)]
    plan = program(*early, weeks=3)
    plan.weeks[2].sessions = [session("mon 17:00", nordic, hinge),
                              session("fri 17:00", nordic, hinge)]  # fmt: skip
    said = justify(plan, ctx, ConsistencyParams())
    assert said.startswith("the same exercises as the week before, except: week 3 ")
    assert "(the Nordic build-up)" in said
    assert "adds Eccentric-only Nordic" in said and "(Fri 17:00)" in said
    assert "drops Lying leg curl (Fri 17:00)" in said
    assert "week 2" not in said  # week 2 repeats week 1
    assert justify(program(*early, weeks=3), ctx, ConsistencyParams()) == (
        "the same exercises every week"
    )
    phased = program(*early, weeks=6)
    phased.weeks[4].sessions = phased.weeks[5].sessions = [
        session("mon 17:00", nordic, hinge), session("fri 17:00", ("seated_leg_curl", 2, (8, 12)),
                                                     hinge)]  # fmt: skip
    for week, phase in zip(phased.weeks, [C, C, C, C, B, B], strict=True):
        week.phase = phase
    said = justify(phased, CheckContext.build(SC, catalog), ConsistencyParams())
    assert "week 5 (a new phase) adds Seated leg curl (Fri 17:00) and drops Lying leg curl" in said
