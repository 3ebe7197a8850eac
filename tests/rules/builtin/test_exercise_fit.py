"""exercise_fit: the quality term that picks what a coach would, by experience and equipment."""

from __future__ import annotations

from hamopt.domain.catalog import catalog_for
from hamopt.domain.fit import fit_table
from hamopt.domain.models import Level, Loading
from hamopt.rules.testing import ids, program, rules, scenario, session, solve, verdicts

FULL_GYM = ("mon 18:00", "thu 18:00")


def athlete(level: str, **more: object) -> dict[str, object]:
    return {"athlete": {"experience": level, **more}}


def test_an_advanced_lifter_in_a_full_gym_gets_no_band_or_bodyweight_quad_work() -> None:
    sc = scenario(FULL_GYM, **athlete("advanced"))
    cat = catalog_for(sc)
    without = solve(sc, rules(), cat)  # the six seed rules, no quality term
    with_fit = solve(sc, rules(exercise_fit={}), cat)
    by_id = cat.by_id()
    light = {Loading.band, Loading.bodyweight}
    quads = [by_id[i] for i in ids(with_fit) if by_id[i].is_quad]
    assert quads and all(e.loading not in light for e in quads)
    # The term bites: without it the same week costs more by the fit.
    cost = lambda p: verdicts(p, sc, rules(exercise_fit={}), cat)["exercise_fit"].goal  # noqa: E731
    assert cost(with_fit) < cost(without)


def test_a_beginner_gets_nothing_above_their_level() -> None:
    sc = scenario(FULL_GYM, **athlete("beginner"))
    cat = catalog_for(sc)
    prog = solve(sc, rules(exercise_fit={}), cat)
    by_id = cat.by_id()
    assert all(by_id[i].difficulty is Level.beginner for i in ids(prog)), ids(prog)


def test_the_goal_is_cost_times_sets_and_the_reasons_are_reported() -> None:
    sc = scenario(FULL_GYM, **athlete("beginner"))
    cat = catalog_for(sc)
    table = fit_table(sc, cat.exercises)
    ghr = table["glute_ham_raise"]
    assert ghr.cost > 0 and any("advanced" in r for r in ghr.reasons)
    prog = program(session("mon 18:00", ("glute_ham_raise", 3, (6, 8))))
    verdict = verdicts(prog, sc, rules(exercise_fit={}), cat)["exercise_fit"]
    assert verdict.goal == 3 * ghr.cost
    assert verdict.quality == verdict.active.weight * 3 * ghr.cost
    assert verdict.penalty == 0  # a quality rule never adds to the rule penalties
    assert "Glute-ham raise" in verdict.justification and "advanced" in verdict.justification


def test_the_solver_and_the_checker_agree_on_quality() -> None:
    sc = scenario(FULL_GYM, **athlete("intermediate"))
    active = rules(exercise_fit={}, volume_target={}, head_stimulus={})
    prog = solve(sc, active)
    found = verdicts(prog, sc, active)
    assert prog.solver is not None
    assert prog.solver.quality == sum(v.quality for v in found.values())
    assert prog.solver.objective == sum(v.penalty for v in found.values())
