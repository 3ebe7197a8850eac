"""novice_loads: a beginner's loaded lines are prescribed at 8 reps or more."""

from __future__ import annotations

from typing import Any

from hamopt.domain.models import Program
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
    verdicts,
    violations,
)

SLOTS = ("mon 18:00", "thu 18:00")
# The dumbbell curl is loaded and the only exercise that goes down to 6-8 reps; the floor curl
# and the bridge are body weight (no equipment), from 8 reps.
CAT = catalog(
    ex("db_curl", stim=(0.7, 0.9, 0.8, 0.8), equipment=["dumbbell"], reps=(6, 20)),
    ex("floor_curl", stim=(0.5, 0.6, 0.5, 0.5), reps=(8, 20)),
    ex("bridge", ("hip_extension",), (0.7, 0.0, 0.6, 0.6), reps=(8, 20)),
    quad("squat"),
)
# rep_spectrum asking the heavy zone of beginners too (a rule set may): the two rules then
# pull apart, and the price of each decides.
HEAVY_FOR_ALL = {"rep_spectrum": {"params": {"heavy_from": "beginner"}}}


def athlete(level: str) -> Any:
    return scenario(SLOTS, athlete={"experience": level})


def loaded_reps(prog: Program) -> list[tuple[int, int]]:
    return [
        line.reps
        for s in prog.weeks[0].sessions
        for line in s.exercises
        if line.id == "db_curl"
    ]


def test_a_beginner_gives_up_the_heavy_zone_before_a_heavy_load() -> None:
    free = solve(athlete("beginner"), rules(**HEAVY_FOR_ALL), CAT)
    assert (6, 8) in loaded_reps(free)  # the heavy zone (soft 500) asks for it
    held = solve(athlete("beginner"), rules(**HEAVY_FOR_ALL, novice_loads={}), CAT)
    assert held.status == "optimal"
    assert loaded_reps(held) and all(lo >= 8 for lo, _hi in loaded_reps(held))
    by_id = {r.id: r for r in held.rules}
    assert by_id["novice_loads"].status == "kept"
    assert by_id["rep_spectrum"].status == "broken"  # 500 < 600: the zone goes


def test_a_trained_lifter_is_not_held() -> None:
    prog = solve(athlete("intermediate"), rules(**HEAVY_FOR_ALL, novice_loads={}), CAT)
    assert (6, 8) in loaded_reps(prog)
    [report] = [r for r in prog.rules if r.id == "novice_loads"]
    assert report.status == "not applicable"
    assert "intermediate, not a beginner" in (report.message or "")


def test_the_minimum_is_a_parameter() -> None:
    twelve = {"novice_loads": {"params": {"min_reps": 12}}}
    prog = solve(athlete("beginner"), rules(**twelve), CAT)
    assert prog.status == "optimal"
    assert all(lo >= 12 for lo, _hi in loaded_reps(prog))


def test_the_checker_names_each_loaded_exercise_once_a_week_and_spares_body_weight() -> None:
    prog = program(
        session("mon 18:00", ("db_curl", 3, (6, 8)), ("floor_curl", 3, (8, 12))),
        session("thu 18:00", ("db_curl", 3, (6, 8)), ("bridge", 3, (6, 8))),
        weeks=2,
    )
    found = violations("novice_loads", prog, athlete("beginner"), CAT, rules(novice_loads={}))
    assert instances(found) == {"Db curl"}
    assert len(found) == 2  # weeks 1 and 2; the body-weight bridge at 6-8 is no load
    assert "Db curl at 6-8 reps: a beginner's loaded lines start at 8 reps" in found[0].message
    advanced = athlete("advanced")
    assert not violations("novice_loads", prog, advanced, CAT, rules(novice_loads={}))


def test_the_solver_and_the_checker_price_it_alike() -> None:
    # Only a heavy-only loaded curl trains the short head: the soft rule is broken, once.
    cat = catalog(
        ex("db_curl", stim=(0.7, 0.9, 0.8, 0.8), equipment=["dumbbell"], reps=(4, 8)),
        ex("bridge", ("hip_extension",), (0.7, 0.0, 0.6, 0.6), reps=(8, 20)),
        quad("squat"),
    )
    prog = solve(athlete("beginner"), rules(novice_loads={}), cat)
    assert prog.status == "optimal"
    [report] = [r for r in prog.rules if r.id == "novice_loads"]
    assert report.status == "broken" and report.penalty == 600
    assert prog.solver is not None
    assert prog.solver.objective == sum(r.penalty for r in prog.rules)


def test_the_justification_names_the_loaded_lines_and_their_reps() -> None:
    # Body weight is left out; a line below the minimum is named apart, week by week.
    prog = program(
        session("mon 18:00", ("db_curl", 3, (6, 8)), ("floor_curl", 3, (8, 12))),
        session("thu 18:00", ("bridge", 3, (10, 12))),
    )
    sc = athlete("beginner")
    said = verdicts(prog, sc, rules(novice_loads={}), CAT)["novice_loads"].justification
    assert said.startswith("loaded lines below 8 reps: Db curl 6-8; at 8 or more: none")
    light = program(session("mon 18:00", ("db_curl", 3, (10, 12)), ("bridge", 3, (6, 8))))
    said = verdicts(light, sc, rules(novice_loads={}), CAT)["novice_loads"].justification
    assert said.startswith("every loaded line at 8 reps or more: Db curl 10-12 (")
    bodyweight = program(session("mon 18:00", ("floor_curl", 3, (8, 12))))
    said = verdicts(bodyweight, sc, rules(novice_loads={}), CAT)["novice_loads"].justification
    assert said.startswith("no loaded line")
