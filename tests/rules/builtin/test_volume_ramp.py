"""volume_ramp: weekly hamstring sets rise at most 20% where a template changes; deload weeks."""

from __future__ import annotations

from hamopt.domain.catalog import catalog_for
from hamopt.domain.metrics import hamstring_sets
from hamopt.rules.testing import only, scenario, solve, violations

PHASES = [{"phase": "correction", "weeks": 2}, {"phase": "balanced", "weeks": 2}]


def test_start_sets_caps_week_one_and_the_checker_agrees() -> None:
    s = scenario(weeks=2)
    cat = catalog_for(s)
    free = solve(s, only("head_coverage"), cat)
    now = hamstring_sets(free.weeks[0], cat.by_id())
    start = now // 2 + 1
    capped_rules = only("head_coverage", "volume_ramp", volume_ramp={"start_sets": start})
    capped = solve(s, capped_rules, cat)
    assert hamstring_sets(capped.weeks[0], cat.by_id()) <= start * 1.2 < now
    assert not violations("volume_ramp", capped, s, cat, capped_rules)
    assert {v.instance for v in violations("volume_ramp", free, s, cat, capped_rules)} == {"week 1"}


def test_deload_weeks_are_marked_and_checked() -> None:
    s = scenario(weeks=8)
    cat = catalog_for(s)
    active = only("head_coverage", "volume_ramp", "progression", volume_ramp={"deload_every": 4})
    prog = solve(s, active, cat)
    assert [w.week for w in prog.weeks if w.extra("deload")] == [4, 8]
    assert all(x.load_change == "-10 %" for x in prog.weeks[3].sessions[0].exercises)
    assert not violations("volume_ramp", prog, s, cat, active)
    prog.weeks[3].set_extra("deload", False)
    assert {v.instance for v in violations("volume_ramp", prog, s, cat, active)} == {
        "week 4 deload"
    }


def test_a_hand_made_jump_is_flagged() -> None:
    s = scenario(weeks=2)
    cat = catalog_for(s)
    active = only("head_coverage", "volume_ramp")
    prog = solve(s, active, cat)
    for x in prog.weeks[1].sessions[0].exercises:
        x.sets += 3
    assert {v.instance for v in violations("volume_ramp", prog, s, cat, active)} == {"week 2"}
