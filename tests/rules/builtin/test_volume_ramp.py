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


def _total(week) -> int:  # type: ignore[no-untyped-def]
    return sum(x.sets for s in week.sessions for x in s.exercises)


def _lines(week) -> dict:  # type: ignore[no-untyped-def,type-arg]
    return {(s.day, s.time, x.id): x for s in week.sessions for x in s.exercises}


DELOAD_RULES = only(
    "head_coverage", "volume_range", "volume_ramp", "progression", volume_ramp={"deload_every": 4}
)


def test_a_deload_week_cuts_every_line_and_the_total_to_50_70_percent() -> None:
    s = scenario(weeks=8)
    cat = catalog_for(s)
    prog = solve(s, DELOAD_RULES, cat)
    assert prog.status == "optimal"
    assert [w.week for w in prog.weeks if w.extra("deload")] == [4, 8]
    for n in (4, 8):
        before, deload = prog.weeks[n - 2], prog.weeks[n - 1]
        assert 0.5 <= _total(deload) / _total(before) <= 0.7
        was, now = _lines(before), _lines(deload)
        assert was.keys() == now.keys()  # the same lines, lighter
        for key, line in now.items():
            assert line.sets == -(-was[key].sets // 2)  # half, rounded up: 2 sets go to 1
            assert line.reps == was[key].reps
            assert line.rir == (3, 4) and line.load_change == "-10 %"
    # The weeks after a deload return to the volume before it (a deload is no base).
    assert _total(prog.weeks[4]) >= _total(prog.weeks[2])
    assert not violations("volume_ramp", prog, s, cat, DELOAD_RULES)
    assert not violations("volume_range", prog, s, cat, DELOAD_RULES)
    assert not violations("head_coverage", prog, s, cat, DELOAD_RULES)


def test_the_checker_catches_a_deload_that_keeps_its_sets() -> None:
    s = scenario(weeks=4)
    cat = catalog_for(s)
    prog = solve(s, DELOAD_RULES, cat)
    assert not violations("volume_ramp", prog, s, cat, DELOAD_RULES)
    prog.weeks[3].sessions = [x.model_copy(deep=True) for x in prog.weeks[2].sessions]
    found = violations("volume_ramp", prog, s, cat, DELOAD_RULES)
    assert {v.instance for v in found} == {"week 4 deload sets"}
    assert any("a deload week keeps 50-70%" in v.message for v in found)
    # A dropped line is caught too, even when the total lands in the band.
    prog = solve(s, DELOAD_RULES, cat)
    session = prog.weeks[3].sessions[0]
    session.exercises = session.exercises[1:]
    assert "week 4 deload sets" in {
        v.instance for v in violations("volume_ramp", prog, s, cat, DELOAD_RULES)
    }


def test_a_load_only_deload_is_a_rule_set_choice() -> None:
    s = scenario(weeks=4)
    cat = catalog_for(s)
    params = {"deload_every": 4, "deload_min_pct": 100, "deload_max_pct": 100}
    active = only("head_coverage", "volume_range", "volume_ramp", volume_ramp=params)
    prog = solve(s, active, cat)
    assert _total(prog.weeks[3]) == _total(prog.weeks[2])
    assert not violations("volume_ramp", prog, s, cat, active)


def test_a_deload_mark_the_plan_does_not_have_is_flagged() -> None:
    s = scenario(weeks=2)
    cat = catalog_for(s)
    active = only("head_coverage", "volume_ramp")
    prog = solve(s, active, cat)
    prog.weeks[1].set_extra("deload", True)  # would let volume_range's floor give way
    assert {v.instance for v in violations("volume_ramp", prog, s, cat, active)} == {
        "week 2 deload"
    }


def _order(week) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [[x.id for x in s.exercises] for s in week.sessions]


def test_a_deload_week_keeps_the_order_of_the_week_before() -> None:
    # Nothing else here orders a session (no hamstrings_first, no flexion_before_extension):
    # only the cut holds the deload's lines in the week before's places.
    s = scenario(weeks=8)
    cat = catalog_for(s)
    prog = solve(s, DELOAD_RULES, cat)
    for n in (4, 8):
        assert _order(prog.weeks[n - 1]) == _order(prog.weeks[n - 2])
    assert not violations("volume_ramp", prog, s, cat, DELOAD_RULES)
    session = next(x for x in prog.weeks[3].sessions if len(x.exercises) > 1)
    session.exercises.reverse()
    found = violations("volume_ramp", prog, s, cat, DELOAD_RULES)
    assert {v.instance for v in found} == {"week 4 deload sets"}
    assert any("another order" in v.message for v in found)


def test_the_justifications_give_each_weeks_sets_and_name_the_deloads() -> None:
    # volume_ramp printed its description whatever the plan did; head_coverage held a
    # deload week to a minimum and a target the rule does not ask of it.
    s = scenario(weeks=8)
    cat = catalog_for(s)
    prog = solve(s, DELOAD_RULES, cat)
    said = {r.id: r.justification for r in prog.rules}
    normal, deload = (hamstring_sets(prog.weeks[n], cat.by_id()) for n in (0, 3))
    share = round(100 * _total(prog.weeks[3]) / _total(prog.weeks[2]))
    assert said["volume_ramp"] == (
        f"weeks 1-3, 5-7: {normal} hamstring sets; weeks 4, 8: {deload} hamstring sets, a "
        f"deload ({share} % of the week before's sets) (each week at most 20 % above the one "
        "before)"
    )
    coverage = said["head_coverage"]
    assert coverage.startswith("weeks 1-3, 5-7: ") and "; weeks 4, 8: " in coverage
    normal_words, deload_words = coverage.split("; weeks 4, 8: ")
    assert "(minimum 2, target 6)" in normal_words
    assert "(a deload week, below the minimum and target on purpose)" in deload_words
