"""volume_target: weekly hamstring sets follow experience (beginner 12, intermediate 14,
advanced 16), within the seeds' floor and caps."""

from __future__ import annotations

import pytest

from hamopt.domain.catalog import catalog_for
from hamopt.domain.metrics import hamstring_sets
from hamopt.rules.testing import program, rules, scenario, session, solve, verdicts

SLOTS = ("mon 18:00", "thu 18:00")


@pytest.mark.parametrize(
    ("level", "want"), [("beginner", 12), ("intermediate", 14), ("advanced", 16)]
)
def test_each_level_lands_on_its_target(level: str, want: int) -> None:
    sc = scenario(SLOTS, athlete={"experience": level})
    cat = catalog_for(sc)
    prog = solve(sc, rules(volume_target={}, exercise_fit={}), cat)
    assert hamstring_sets(prog.weeks[0], cat.by_id()) == want


def test_without_the_rule_every_level_gets_the_same_volume() -> None:
    totals = set()
    for level in ("beginner", "advanced"):
        sc = scenario(SLOTS, athlete={"experience": level})
        cat = catalog_for(sc)
        totals.add(hamstring_sets(solve(sc, rules(), cat).weeks[0], cat.by_id()))
    assert len(totals) == 1


def test_the_goal_is_the_distance_from_the_target_and_sessions_cap_it() -> None:
    sc = scenario(SLOTS, athlete={"experience": "advanced"})
    prog = program(
        session("mon 18:00", ("seated_leg_curl", 3, (8, 12)), ("romanian_deadlift", 3, (6, 8))),
        session("thu 18:00", ("lying_leg_curl", 3, (8, 12)), ("good_morning", 3, (6, 8))),
    )
    verdict = verdicts(prog, sc, rules(volume_target={}))["volume_target"]
    assert verdict.goal == 16 - 12
    one = scenario(("mon 18:00",), 1, athlete={"experience": "advanced"})
    one_session = program(session("mon 18:00", ("seated_leg_curl", 4, (8, 12))))
    # One session holds at most 10 sets (seed 003), so the target is 10, not 16.
    assert verdicts(one_session, one, rules(volume_target={}))["volume_target"].goal == 6
