"""strength_hinge: a strength goal gets a heavy loaded hinge every week."""

from __future__ import annotations

from hamopt.domain.fit import is_heavy_hinge
from hamopt.rules.testing import (
    catalog,
    ex,
    instances,
    only,
    program,
    rules,
    scenario,
    session,
    solve,
    violations,
)

SLOTS = ("mon 18:00", "thu 18:00")


def heavy_lines(prog, cat):  # type: ignore[no-untyped-def]
    by_id = cat.by_id()
    return [
        line
        for s in prog.weeks[0].sessions
        for line in s.exercises
        if is_heavy_hinge(by_id[line.id]) and line.reps[1] <= 8
    ]


def test_a_strength_goal_gets_a_heavy_hinge_where_stimulus_alone_would_not() -> None:
    # A fuller bodyweight hinge beats the barbell hinge on stimulus; the strength goal asks
    # for the barbell one at 8 reps or fewer.
    cat = catalog(
        ex("curl", ("knee_flexion",), (0.6, 0.8, 0.7, 0.7)),
        ex("bar_hinge", ("hip_extension",), (0.6, 0.0, 0.5, 0.5), equipment=["barbell"]),
        ex("bodyweight_hinge", ("hip_extension",), (0.9, 0.0, 0.9, 0.9)),
    )
    sc = scenario(SLOTS, equipment=["barbell"], athlete={"goals": ["strength"]})
    base = ("head_coverage", "volume_range", "head_stimulus")
    free = solve(sc, only(*base), cat)
    held = solve(sc, only(*base, "strength_hinge"), cat)
    assert not heavy_lines(free, cat)
    assert heavy_lines(held, cat) and held.status == "optimal"


def test_the_checker_names_the_week_and_ignores_bands_only() -> None:
    sc = scenario(SLOTS, athlete={"goals": ["strength"]})
    curls = program(session("mon 18:00", ("seated_leg_curl", 3, (8, 12))))
    found = violations("strength_hinge", curls, sc, None, rules(strength_hinge={}))
    assert instances(found) == {"heavy hinge"}
    rdl = program(session("mon 18:00", ("romanian_deadlift", 3, (6, 8))))
    assert not violations("strength_hinge", rdl, sc, None, rules(strength_hinge={}))
    # A zone that only starts at 8 is a moderate load (10-12 RM), not the heavy hinge.
    moderate = program(session("mon 18:00", ("romanian_deadlift", 3, (8, 12))))
    found = violations("strength_hinge", moderate, sc, None, rules(strength_hinge={}))
    assert instances(found) == {"heavy hinge"}
    # For a beginner it is (ACSM 2009: novices at 8-12 RM); 12-15 is not.
    novice = scenario(SLOTS, athlete={"goals": ["strength"], "experience": "beginner"})
    assert not violations("strength_hinge", moderate, novice, None, rules(strength_hinge={}))
    light = program(session("mon 18:00", ("romanian_deadlift", 3, (12, 15))))
    found = violations("strength_hinge", light, novice, None, rules(strength_hinge={}))
    assert instances(found) == {"heavy hinge"}
    bands = scenario(SLOTS, equipment="home_bands", athlete={"goals": ["strength"]})
    assert not violations("strength_hinge", curls, bands, None, rules(strength_hinge={}))


def test_without_a_strength_goal_the_rule_says_it_does_not_apply() -> None:
    from hamopt.domain.catalog import catalog_for
    from hamopt.rules.check_context import CheckContext
    from hamopt.rules.registry import all_rules

    rule = all_rules()["strength_hinge"]
    plain = scenario(SLOTS)
    assert rule.not_applicable is not None
    params = rule.params()
    assert rule.not_applicable(CheckContext.build(plain, catalog_for(plain)), params) == (
        "no strength goal"
    )
    bands = scenario(SLOTS, equipment="home_bands", athlete={"goals": ["strength"]})
    assert "no loaded hinge" in (
        rule.not_applicable(CheckContext.build(bands, catalog_for(bands)), params) or ""
    )
    strong = scenario(SLOTS, athlete={"goals": ["strength"]})
    assert rule.not_applicable(CheckContext.build(strong, catalog_for(strong)), params) is None


def test_a_model_without_a_heavy_hinge_candidate_still_prices_the_rule() -> None:
    # A narrow first solve's short list may leave every heavy hinge out; its program must
    # then pay the rule as the full model and the checker do, or its cost is no bound.
    from hamopt.domain.catalog import catalog_for
    from hamopt.engine.compile import compile_model
    from hamopt.engine.solve import SolveOptions, solver_for
    from hamopt.rules.builtin.strength_hinge import HingeParams, heavy_hinges

    sc = scenario(SLOTS, athlete={"goals": ["strength"]})
    cat = catalog_for(sc)
    heavy = frozenset(e.id for e in heavy_hinges(sc, cat, HingeParams()))
    assert "romanian_deadlift" in heavy
    active = rules(strength_hinge={})
    compiled = compile_model(sc, cat, active, also_skip=heavy)
    solver = solver_for(SolveOptions())
    solver.solve(compiled.model)
    assert compiled.penalties(solver.objective_value) == 400  # the rule's weight: broken


def test_the_justification_names_each_weeks_heavy_hinge() -> None:
    # It printed the rule's description: a coach could not see which line kept it.
    from hamopt.rules.testing import verdicts

    sc = scenario(SLOTS, weeks=3, athlete={"goals": ["strength"]})
    prog = program(session("mon 18:00", ("seated_leg_curl", 3, (8, 12)),
                           ("romanian_deadlift", 3, (6, 8))), weeks=3)  # fmt: skip
    prog.weeks[0].sessions[0].exercises[1].reps = (8, 12)  # week 1: a moderate hinge only
    said = verdicts(prog, sc, rules(strength_hinge={}))["strength_hinge"].justification
    assert said == (
        "week 1: none; weeks 2-3: Romanian deadlift 3 x 6-8 (Mon 18:00) (a loaded hinge at 8 "
        "reps or fewer, as a strength goal asks: ACSM 2009)"
    )


def test_min_sets_asks_the_heavy_line_for_its_sets() -> None:
    # Off by default; at 3, a 2-set heavy line breaks it and a 3-set one keeps it, and the
    # solver gives the barbell hinge 3 sets where it gave 2.
    sc = scenario(SLOTS, equipment=["barbell"], athlete={"goals": ["strength"]})
    two = program(session("mon 18:00", ("seated_leg_curl", 3, (8, 12)),
                          ("romanian_deadlift", 2, (6, 8))))  # fmt: skip
    three = program(session("mon 18:00", ("seated_leg_curl", 3, (8, 12)),
                            ("romanian_deadlift", 3, (6, 8))))  # fmt: skip
    asked = rules(strength_hinge={"params": {"min_sets": 3}})
    assert not violations("strength_hinge", two, sc, None, rules(strength_hinge={}))
    found = violations("strength_hinge", two, sc, None, asked)
    assert instances(found) == {"heavy hinge"} and "at 2 sets" in found[0].message
    assert not violations("strength_hinge", three, sc, None, asked)

    cat = catalog(
        ex("curl", ("knee_flexion",), (0.9, 0.9, 0.9, 0.9)),
        ex("other_curl", ("knee_flexion",), (0.8, 0.8, 0.8, 0.8)),
        ex("bar_hinge", ("hip_extension",), (0.5, 0.0, 0.4, 0.4), equipment=["barbell"]),
    )
    base = ("head_coverage", "volume_range", "head_stimulus", "strength_hinge")
    plain = solve(sc, only(*base), cat)
    held = solve(sc, only(*base, strength_hinge={"min_sets": 3}), cat)
    assert min(x.sets for x in heavy_lines(plain, cat)) == 2
    assert held.status == "optimal" and min(x.sets for x in heavy_lines(held, cat)) >= 3
