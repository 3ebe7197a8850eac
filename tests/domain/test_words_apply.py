"""Cues and notes appear only where they apply (issue 19, item 5).

A catalog cue is printed for every athlete, so it may not assume what a scenario does not
say (a weaker side, a condition, a goal); the words that do depend on the scenario come from
the rule that reads it (unilateral_for_imbalance, nordic_for_prevention, rotation_cues).
"""

from __future__ import annotations

import re

import pytest

from hamopt.domain.models import Program
from hamopt.domain.prescribe import cue
from hamopt.rules.testing import rules, scenario, shipped_catalog, solve

CATALOG = shipped_catalog()

# Words that assume something about the athlete that only a scenario can say.
ASSUMING = re.compile(r"\b(weaker|stronger|left|right|injur\w*|pain\w*|sprint\w*)\b", re.I)


def texts(program: Program) -> list[str]:
    return [
        f"{line.cue or ''} {line.notes or ''}"
        for week in program.weeks
        for session in week.sessions
        for line in session.exercises
    ]


@pytest.mark.parametrize("exercise", CATALOG.exercises, ids=lambda e: e.id)
def test_no_catalog_cue_assumes_the_athlete(exercise) -> None:  # type: ignore[no-untyped-def]
    said = cue(exercise)
    assert not ASSUMING.search(said), f"{exercise.id}: {said!r}"


def _with_single_leg_curl(**athlete: object):  # type: ignore[no-untyped-def]
    sc = scenario(
        athlete=athlete,
        preferences={"include": ["single_leg_seated_leg_curl"]},
    )
    return sc, solve(sc, rules(preferences="hard", unilateral_for_imbalance="hard"))


def test_no_weaker_side_no_weaker_words() -> None:
    sc, program = _with_single_leg_curl()
    assert "single_leg_seated_leg_curl" in {
        x.id for w in program.weeks for s in w.sessions for x in s.exercises
    }
    assert not any("weaker" in t.lower() or "stronger" in t.lower() for t in texts(program))


def test_a_weaker_side_is_named_on_unilateral_lines() -> None:
    sc, program = _with_single_leg_curl(weaker_side="left")
    said = [t for t in texts(program) if "weaker" in t]
    assert said and all("left" in t for t in said)


def test_the_foot_cue_only_with_a_rotation() -> None:
    curl = CATALOG.by_id()["lying_leg_curl"]
    assert "Toes" not in cue(curl)
    assert "Toes in" in cue(curl, "toes_in")
    assert "Toes out" in cue(curl, "toes_out")


def test_the_injury_prevention_note_only_for_an_athlete_it_applies_to() -> None:
    for goals, expect in ((["hypertrophy"], False), (["injury_prevention"], True)):
        sc = scenario(
            athlete={"goals": goals, "experience": "advanced"},
            preferences={"include": ["nordic_hamstring_curl"]},
        )
        program = solve(sc, rules(preferences="hard", nordic_for_prevention="hard"))
        noted = any("Injury prevention" in t or "Nordic substitute" in t for t in texts(program))
        assert noted is expect, goals
