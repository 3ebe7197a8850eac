"""phase_ratio: each week's ratio follows its phase, stepping down through transition weeks."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from hamopt.domain.models import Phase, Program, ProgramWeek
from hamopt.engine.horizon import segments
from hamopt.rules.builtin.phase_ratio import PhaseRatioParams, target
from hamopt.rules.testing import (
    basic_catalog,
    instances,
    only,
    scenario,
    sets_where,
    solve,
    violations,
)

CAT = basic_catalog()  # curl, hinge, ghr (hamstrings); squat, lunge (quads)
PHASES = [{"phase": "correction", "weeks": 3}, {"phase": "balanced", "weeks": 3}]
SC = scenario(phase="correction", phases=PHASES, weeks=6)


def ratio_rules(transition: int = 1) -> list:  # type: ignore[type-arg]
    return only("correction_ratio", "phase_ratio", phase_ratio={"transition_weeks": transition})


def ratio(week: ProgramWeek) -> float:
    one = Program(status="optimal", scenario="t", weeks=[week])
    ham = sets_where(one, CAT, lambda e: e.is_hamstring)
    return ham / sets_where(one, CAT, lambda e: e.is_quad)


def test_transition_weeks_are_their_own_one_week_segments() -> None:
    def shape(n: int) -> list[tuple[Phase, int, int, bool]]:
        return [
            (s.phase, s.first_week, s.weeks, "transition" in s.marks)
            for s in segments(SC, ratio_rules(n))
        ]

    assert shape(0) == [(Phase.correction, 1, 3, False), (Phase.balanced, 4, 3, False)]
    assert shape(1) == [
        (Phase.correction, 1, 3, False),
        (Phase.balanced, 4, 1, True),
        (Phase.balanced, 5, 2, False),
    ]
    # Never the whole balanced phase: at least one week ends at 1:1.
    marked = ["transition" in s.marks for s in segments(SC, ratio_rules(5))]
    assert marked == [False, True, True, False]


def test_the_steps_split_the_way_down_evenly_without_touching_the_phases() -> None:
    params = PhaseRatioParams(transition_weeks=2)
    assert target(1, 1, params) == (130, 170)
    assert target(1, 2, params) == (147, 187)
    assert target(2, 2, params) == (113, 153)
    with pytest.raises(ValidationError, match="steps down"):
        PhaseRatioParams(from_ratio=1.0, to_ratio=2.0)


def test_a_transition_week_sits_between_the_phases_and_the_checkers_agree() -> None:
    active = ratio_rules(1)
    prog = solve(SC, active, CAT)
    assert prog.status == "optimal"
    assert [w.extra("transition") for w in prog.weeks] == [False, False, False, True, False, False]
    ratios = [ratio(w) for w in prog.weeks]
    assert all(r >= 2 for r in ratios[:3])
    assert 1.3 <= ratios[3] <= 1.7
    assert all(0.8 <= r <= 1.2 for r in ratios[4:])
    assert violations("phase_ratio", prog, SC, CAT, active) == []
    assert violations("correction_ratio", prog, SC, CAT, active) == []


def test_two_transition_weeks_step_down_one_after_the_other() -> None:
    sc = scenario(
        phase="correction", phases=[PHASES[0], {"phase": "balanced", "weeks": 4}], weeks=7
    )
    prog = solve(sc, ratio_rules(2), CAT)
    r4, r5 = ratio(prog.weeks[3]), ratio(prog.weeks[4])
    assert 1.47 <= r4 <= 1.87 and 1.13 <= r5 <= 1.53 and r4 > r5


def test_without_it_the_ratio_jumps_and_the_checker_says_where() -> None:
    jump = solve(SC, ratio_rules(0), CAT)
    assert ratio(jump.weeks[2]) >= 2 and ratio(jump.weeks[3]) <= 1.2
    assert violations("phase_ratio", jump, SC, CAT, ratio_rules(0)) == []
    found = violations("phase_ratio", jump, SC, CAT, ratio_rules(1))
    assert instances(found) == {"week 4 ratio"}
    assert "1.3-1.7:1" in found[0].message


def test_correction_ratio_leaves_transition_weeks_to_phase_ratio() -> None:
    active = ratio_rules(1)
    prog = solve(SC, active, CAT)
    assert violations("correction_ratio", prog, SC, CAT, active) == []
    # The same 1.5:1 week, no longer marked a transition, breaks the balanced phase's 1:1.
    prog.weeks[3].set_extra("transition", False)
    assert instances(violations("correction_ratio", prog, SC, CAT, active)) == {"week 4, ratio"}
    assert instances(violations("phase_ratio", prog, SC, CAT, active)) == {"week 4 ratio"}
