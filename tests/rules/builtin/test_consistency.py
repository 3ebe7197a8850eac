"""consistency: the same exercises within a phase; changes at boundaries or rotations."""

from __future__ import annotations

from hamopt.domain.models import Phase
from hamopt.engine.horizon import segments
from hamopt.rules.builtin.consistency import PHASE, ROTATION, change_points, lines
from hamopt.rules.testing import basic_catalog, instances, only, scenario, solve, violations

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
    prog.weeks[1].sessions[0].exercises[0].id = "ghr"  # week 2, same phase: a change
    for week in prog.weeks[3:]:  # weeks 4-6, the new phase: allowed at its start
        week.sessions[0].exercises[0].id = "ghr"
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
