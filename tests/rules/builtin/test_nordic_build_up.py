"""nordic_for_prevention over weeks: Petersen 2011's build-up within the athlete's sessions."""

from __future__ import annotations

import pytest

from hamopt.domain.catalog import catalog_for
from hamopt.domain.models import Program
from hamopt.engine.horizon import segments
from hamopt.rules.builtin.nordic_for_prevention import NordicParams, dose
from hamopt.rules.testing import instances, only, scenario, solve, violations

PARAMS = NordicParams()
NORDIC_RULES = ("nordic_for_prevention", "volume_range", "consistency", "progression")


def weekly(sessions: int, weeks: int = 12, params: NordicParams = PARAMS) -> list[int]:
    return [dose(w, weeks, sessions, params).lo for w in range(1, weeks + 1)]


@pytest.mark.parametrize(
    ("sessions", "sets"),
    [
        # Petersen: 1x2, 2x2, then 3x3 (9) to week 10, then the weekly maintenance (3+).
        (3, [2, 4, 9, 9, 9, 9, 9, 9, 9, 9, 3, 3]),
        (2, [2, 4, 6, 6, 6, 6, 6, 6, 6, 6, 3, 3]),
        (1, [2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3]),
    ],
)
def test_petersens_weekly_sets_fit_the_athletes_sessions(sessions: int, sets: list[int]) -> None:
    assert weekly(sessions) == sets
    assert [dose(w, 12, sessions, PARAMS).per_session for w in (1, 2, 3)] == [2, 2, 3]
    assert dose(3, 12, sessions, PARAMS).hi == dose(3, 12, sessions, PARAMS).lo  # no more
    assert dose(11, 12, sessions, PARAMS).hi is None  # maintenance: at least


def test_one_week_and_build_up_off_keep_the_maintenance_dose() -> None:
    assert weekly(3, weeks=1) == [3]
    assert weekly(3, weeks=4, params=NordicParams(build_up=False)) == [3, 3, 3, 3]


def test_the_dose_weeks_start_their_own_templates_only_for_athletes_it_applies_to() -> None:
    prevent = scenario(weeks=12, athlete={"goals": ["injury_prevention"]})
    active = only("nordic_for_prevention")
    assert [(s.first_week, s.weeks) for s in segments(prevent, active)] == [
        (1, 1), (2, 1), (3, 8), (11, 2),
    ]  # fmt: skip
    assert len(segments(scenario(weeks=12), active)) == 1  # no sprint sport, no goal
    off = only("nordic_for_prevention", nordic_for_prevention={"build_up": False})
    assert len(segments(prevent, off)) == 1


def nordic_sets(prog: Program, week: int) -> list[int]:
    return [x.sets for s in prog.weeks[week - 1].sessions for x in s.exercises if "nordic" in x.id]


def test_a_four_week_plan_builds_up_and_the_checker_agrees() -> None:
    sc = scenario(weeks=4, athlete={"goals": ["injury_prevention"], "experience": "advanced"})
    cat = catalog_for(sc)
    active = only(*NORDIC_RULES)
    prog = solve(sc, active, cat)
    assert prog.status == "optimal"
    assert [sum(nordic_sets(prog, w)) for w in (1, 2, 3, 4)] == [2, 4, 6, 6]
    assert max(nordic_sets(prog, 1) + nordic_sets(prog, 2)) <= 2
    for rule in NORDIC_RULES:
        assert violations(rule, prog, sc, cat, active) == [], rule
    # Reps follow Petersen's weeks (5, 6, 8, 10), clipped to each line's rep range.
    for w, want in zip((1, 2, 3, 4), (5, 6, 8, 10), strict=True):
        for s in prog.weeks[w - 1].sessions:
            for x in s.exercises:
                if "nordic" in x.id:
                    assert x.target_reps == min(max(want, x.reps[0]), x.reps[1])
    # A full dose in week 1 is what the build-up exists to avoid.
    line = next(x for s in prog.weeks[0].sessions for x in s.exercises if "nordic" in x.id)
    line.sets = 3
    found = violations("nordic_for_prevention", prog, sc, cat, active)
    assert instances(found) >= {"week 1, weekly dose"}
    assert "build-up" in found[0].message
