"""within_level: exercises at the athlete's level unless the scenario asks for a harder one."""

from __future__ import annotations

from typing import Any

from hamopt.domain.models import Exercise
from hamopt.rules.testing import (
    catalog,
    ex,
    instances,
    program,
    quad,
    rules,
    scenario,
    session,
    solve,
    violations,
)

SLOTS = ("mon 18:00", "thu 18:00")


def rated(exercise: Exercise, difficulty: str) -> Exercise:
    return Exercise.model_validate({**exercise.model_dump(), "difficulty": difficulty})


# The advanced curl gives more stimulus and is the only one that reaches 6-8 reps, so the
# stimulus tie-break and rep_spectrum's heavy zone both ask for it.
CAT = catalog(
    rated(ex("easy_curl", stim=(0.6, 0.7, 0.6, 0.6), reps=(10, 20)), "beginner"),
    rated(ex("hard_curl", stim=(0.9, 0.9, 0.9, 0.9), reps=(6, 12)), "advanced"),
    rated(ex("hinge", ("hip_extension",), (0.7, 0.0, 0.7, 0.7), reps=(8, 20)), "beginner"),
    rated(quad("squat"), "beginner"),
)
# The seed rules and the tie-break (rules()), with rep_spectrum (soft 500 a missing zone) and
# within_level as the default rule set has them, except that rep_spectrum asks the heavy zone
# of beginners too (by default it does not: ACSM 2009 loads novices at 8-12 RM), so that the
# zone and the level pull apart.
SPECTRUM = {"rep_spectrum": {"params": {"heavy_from": "beginner"}}}


def beginner(**extra: Any) -> Any:
    return scenario(SLOTS, athlete={"experience": "beginner"}, **extra)


def used(prog: Any) -> set[str]:
    return {line.id for s in prog.weeks[0].sessions for line in s.exercises}


def test_a_beginner_gives_up_a_rep_zone_before_the_harder_exercise() -> None:
    free = solve(beginner(), rules(**SPECTRUM), CAT)
    held = solve(beginner(), rules(**SPECTRUM, within_level={}), CAT)
    assert "hard_curl" in used(free)  # the zone (soft 500) and the stimulus want it
    assert held.status == "optimal" and "hard_curl" not in used(held)
    by_id = {r.id: r for r in held.rules}
    assert by_id["within_level"].status == "kept"
    assert by_id["rep_spectrum"].status == "broken"  # the heavy zone is what was given up


def test_asking_for_the_exercise_lifts_the_limit() -> None:
    sc = beginner(preferences={"favour": ["hard_curl"]})
    assert "hard_curl" in used(solve(sc, rules(**SPECTRUM, within_level={}), CAT))


def test_the_checker_names_each_harder_exercise_once_a_week() -> None:
    prog = program(
        session("mon 18:00", ("hard_curl", 3, (6, 8)), ("hinge", 3, (8, 12))),
        session("thu 18:00", ("hard_curl", 3, (6, 8))),
    )
    found = violations("within_level", prog, beginner(), CAT, rules(within_level={}))
    assert instances(found) == {"Hard curl"}
    assert len(found) == 1 and "above a beginner athlete's level" in found[0].message
    advanced = scenario(SLOTS, athlete={"experience": "advanced"})
    assert not violations("within_level", prog, advanced, CAT, rules(within_level={}))


def test_the_solver_and_the_checker_price_it_alike() -> None:
    # Only the harder curl trains the short head: the soft rule is broken, once per exercise.
    cat = catalog(*(e for e in CAT.exercises if e.id != "easy_curl"))
    prog = solve(beginner(), rules(within_level={}), cat)
    assert prog.status == "optimal"
    [report] = [r for r in prog.rules if r.id == "within_level"]
    assert report.status == "broken" and report.penalty == 600
    # The solver's objective is the checkers' sum (other rules' goals included).
    assert prog.solver is not None
    assert prog.solver.objective == sum(r.penalty for r in prog.rules)


def test_the_justification_names_what_is_above_the_level_and_what_was_asked() -> None:
    # It printed the rule's description, kept or not.
    from hamopt.rules.testing import verdicts

    prog = program(session("mon 18:00", ("hard_curl", 3, (6, 8)), ("hinge", 3, (8, 12))))
    said = verdicts(prog, beginner(), rules(within_level={}), CAT)["within_level"].justification
    assert said == "above a beginner athlete's level: Hard curl (advanced)"
    asked = beginner(preferences={"favour": ["hard_curl"]})
    said = verdicts(prog, asked, rules(within_level={}), CAT)["within_level"].justification
    assert said == (
        "every exercise at or below a beginner athlete's level; harder, as the scenario asks: "
        "Hard curl (advanced)"
    )


def test_the_words_take_an_before_intermediate() -> None:
    # "above a intermediate athlete's level" was printed (scenarios/README.md's seed table).
    from hamopt.rules.testing import verdicts

    prog = program(session("mon 18:00", ("hard_curl", 3, (6, 8)), ("hinge", 3, (8, 12))))
    sc = scenario(SLOTS, athlete={"experience": "intermediate"})
    verdict = verdicts(prog, sc, rules(within_level={}), CAT)["within_level"]
    assert verdict.justification == "above an intermediate athlete's level: Hard curl (advanced)"
    (broken,) = verdict.violations
    assert "above an intermediate athlete's level, and the scenario" in broken.message
