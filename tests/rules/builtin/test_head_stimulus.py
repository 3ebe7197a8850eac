"""head_stimulus: the smallest quality term, the stimulus a week's hamstring sets leave unused."""

from __future__ import annotations

from hamopt.domain.catalog import catalog_for
from hamopt.domain.models import HEADS
from hamopt.rules.model_context import stimulus_pct
from hamopt.rules.testing import program, rules, scenario, session, verdicts


def test_the_goal_counts_unused_stimulus_of_hamstring_sets_only() -> None:
    sc = scenario(("mon 18:00",), 1)
    by_id = catalog_for(sc).by_id()
    prog = program(session("mon 18:00", ("seated_leg_curl", 3, (8, 12)), ("back_squat", 3, (6, 8))))
    verdict = verdicts(prog, sc, rules(head_stimulus={}))["head_stimulus"]
    unused = 400 - sum(stimulus_pct(by_id["seated_leg_curl"], h) for h in HEADS)
    assert verdict.goal == 3 * unused  # the squat's sets are not hamstring sets
    assert verdict.penalty == 0 and verdict.quality == verdict.goal  # weight 1


def test_a_set_of_a_fuller_exercise_costs_less() -> None:
    sc = scenario(("mon 18:00",), 1)
    by_id = catalog_for(sc).by_id()
    full, narrow = sorted(
        ("seated_leg_curl", "incline_back_extension"),
        key=lambda i: -sum(stimulus_pct(by_id[i], h) for h in HEADS),
    )
    cost = {
        i: verdicts(program(session("mon 18:00", (i, 3, (8, 12)))), sc, rules(head_stimulus={}))[
            "head_stimulus"
        ].goal
        for i in (full, narrow)
    }
    assert cost[full] < cost[narrow]


def test_the_justification_reads_each_week_of_a_plan() -> None:
    # It printed the plan's average as "a week": 21.3 for the 10-week sprinter plan, whose
    # week 1 leaves 18.4 unused and weeks 3-10 21.9.
    sc = scenario(("mon 18:00",), 1, weeks=3)
    by_id = catalog_for(sc).by_id()
    prog = program(session("mon 18:00", ("seated_leg_curl", 3, (8, 12))), weeks=3)
    prog.weeks[0].sessions[0].exercises[0].sets = 2
    unused = 400 - sum(stimulus_pct(by_id["seated_leg_curl"], h) for h in HEADS)
    verdict = verdicts(prog, sc, rules(head_stimulus={}))["head_stimulus"]
    assert verdict.goal == 8 * unused
    assert verdict.justification == (
        "head-sets of stimulus left unused a week (4 heads x each set): "
        f"week 1: {2 * unused / 100:.1f}; weeks 2-3: {3 * unused / 100:.1f}"
    )
    week = program(session("mon 18:00", ("seated_leg_curl", 3, (8, 12))))
    one = verdicts(week, scenario(("mon 18:00",), 1), rules(head_stimulus={}))["head_stimulus"]
    assert one.justification.startswith(f"{3 * unused / 100:.1f} head-sets of stimulus")
