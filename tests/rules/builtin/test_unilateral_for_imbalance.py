"""unilateral_for_imbalance: a weaker side gets single-leg knee flexion in every session."""

from __future__ import annotations

from typing import Any

from hamopt.domain.models import Catalog, Exercise, RuleConfig, RuleSet
from hamopt.rules.builtin.unilateral_for_imbalance import note_for
from hamopt.rules.contract import ActiveRule
from hamopt.rules.ruleset import resolve
from hamopt.rules.testing import (
    catalog,
    ex,
    instances,
    program,
    quad,
    scenario,
    session,
    solve,
    verdicts,
    violations,
)


def single_leg(exercise: Exercise) -> Exercise:
    return Exercise.model_validate({**exercise.model_dump(), "laterality": "unilateral"})


# The bilateral curl gives more stimulus per set, so a solver left alone never picks the
# single-leg curl (the tie-break wants stimulus).
CAT = catalog(
    ex("curl", stim=(0.9, 0.9, 0.9, 0.9)),
    single_leg(ex("single_curl", stim=(0.6, 0.6, 0.6, 0.6))),
    single_leg(ex("single_hinge", ("hip_extension",), (0.8, 0, 0.8, 0.8))),
    ex("hinge", ("hip_extension",), (0.8, 0, 0.7, 0.7)),
    quad("squat"),
    single_leg(quad("lunge")),
)
NO_SINGLE_CURL = Catalog(exercises=[e for e in CAT.exercises if e.id != "single_curl"])
SLOTS = ["mon 18:00", "thu 18:00"]
LEFT = scenario(SLOTS, 2, athlete={"weaker_side": "left"})
EVEN = scenario(SLOTS, 2)


def active(**configs: dict[str, Any]) -> list[ActiveRule]:
    """Exactly these rules, each with its {mode, weight, params} (hard by default)."""
    rules = {k: RuleConfig(**{"mode": "hard", **v}) for k, v in configs.items()}
    return resolve(RuleSet(name="t", rules=rules))


BASE = {"volume_range": {}, "head_coverage": {"weight": 10}}
ON = active(**BASE, unilateral_for_imbalance={"mode": "soft", "weight": 1000})
OFF = active(**BASE)


def single_curls_per_session(prog) -> list[int]:  # type: ignore[no-untyped-def]
    return [
        sum(1 for line in s.exercises if line.id == "single_curl") for s in prog.weeks[0].sessions
    ]


# --- it bites -----------------------------------------------------------------------------


def test_with_a_weaker_side_every_session_gets_the_single_leg_curl() -> None:
    off = solve(LEFT, OFF, CAT)
    on = solve(LEFT, ON, CAT)
    assert off.status == on.status == "optimal"
    # Without the rule some session goes without (the solver has no reason to put one in each).
    assert single_curls_per_session(off) != [1, 1]
    assert instances(violations("unilateral_for_imbalance", off, LEFT, CAT, ON))
    assert single_curls_per_session(on) == [1, 1]
    assert violations("unilateral_for_imbalance", on, LEFT, CAT, ON) == []


def test_without_a_weaker_side_the_rule_changes_nothing() -> None:
    assert solve(EVEN, ON, CAT).weeks == solve(EVEN, OFF, CAT).weeks


def test_a_single_leg_hip_extension_does_not_count() -> None:
    prog = program(
        session("mon 18:00", ("curl", 4, (8, 12)), ("single_hinge", 3, (8, 12))),
        session("thu 18:00", ("single_curl", 4, (8, 12)), ("hinge", 3, (8, 12))),
    )
    [v] = violations("unilateral_for_imbalance", prog, LEFT, CAT, ON)
    assert v.instance == "Mon 18:00"
    assert v.message == (
        "Mon 18:00: 0 unilateral knee-flexion exercise(s); the weaker left side needs at "
        "least 1 a session"
    )


def test_a_session_of_two_leg_work_breaks_both_instances_a_single_leg_hinge_one() -> None:
    # Seed 000: single-leg hinges "still have value, but they're less precise".
    prog = program(
        session("mon 18:00", ("curl", 4, (8, 12)), ("hinge", 3, (8, 12))),
        session("thu 18:00", ("curl", 4, (8, 12)), ("single_hinge", 3, (8, 12))),
    )
    found = violations("unilateral_for_imbalance", prog, LEFT, CAT, ON)
    assert instances(found) == {"Mon 18:00", "Mon 18:00 (any single-leg work)", "Thu 18:00"}
    report = verdicts(prog, LEFT, ON, CAT)["unilateral_for_imbalance"]
    assert report.penalty == 3 * 1000  # the weight once per broken instance


# Only a single-leg hinge that gives less than the two-leg one: left alone, the solver picks
# the two-leg hinge.
WEAK_SINGLE_HINGE = catalog(
    ex("curl", stim=(0.9, 0.9, 0.9, 0.9)),
    single_leg(ex("single_hinge", ("hip_extension",), (0.5, 0, 0.5, 0.5))),
    ex("hinge", ("hip_extension",), (0.8, 0, 0.7, 0.7)),
    ex("good_morning", ("hip_extension",), (0.8, 0, 0.7, 0.7)),
    quad("squat"),
)


def test_without_a_single_leg_curl_every_session_gets_a_single_leg_hinge() -> None:
    def hinges(prog) -> list[bool]:  # type: ignore[no-untyped-def]
        sessions = prog.weeks[0].sessions
        return [any(line.id == "single_hinge" for line in s.exercises) for s in sessions]

    off = solve(LEFT, OFF, WEAK_SINGLE_HINGE)
    on = solve(LEFT, ON, WEAK_SINGLE_HINGE)
    assert off.status == on.status == "optimal"
    assert hinges(off) == [False, False]
    assert hinges(on) == [True, True]
    [report] = [r for r in on.rules if r.id == "unilateral_for_imbalance"]
    assert report.penalty == 2 * 1000  # the knee-flexion instance of each session only


# --- soft: equipment without a single-leg curl still gets a program ---------------------------


def test_without_a_single_leg_curl_the_program_is_written_and_the_misses_priced() -> None:
    prog = solve(LEFT, ON, NO_SINGLE_CURL)
    assert prog.status == "optimal"
    [report] = [r for r in prog.rules if r.id == "unilateral_for_imbalance"]
    assert not report.satisfied
    assert report.penalty == 2 * 1000  # one per session, the weight each
    assert "the weaker left side needs at least 1 a session" in report.message
    hard = active(**BASE, unilateral_for_imbalance={})
    assert solve(LEFT, hard, NO_SINGLE_CURL).status == "infeasible"


def test_the_parameter_can_ask_for_two_a_session() -> None:
    two = active(
        **BASE,
        unilateral_for_imbalance={"mode": "hard", "params": {"min_per_session": 2}},
    )
    more = catalog(*CAT.exercises, single_leg(ex("single_curl_b", stim=(0.6, 0.6, 0.6, 0.6))))
    prog = solve(LEFT, two, more)
    assert prog.status == "optimal"
    for s in prog.weeks[0].sessions:
        assert sum(1 for line in s.exercises if line.id.startswith("single_curl")) == 2


# --- the note -----------------------------------------------------------------------------------


def test_unilateral_lines_say_the_stronger_side_matches_the_weaker() -> None:
    prog = solve(LEFT, ON, CAT)
    lines = [line for s in prog.weeks[0].sessions for line in s.exercises]
    single = [line for line in lines if CAT.by_id()[line.id].laterality == "unilateral"]
    assert single
    for line in single:
        assert line.notes == note_for("left")
    assert all(line.notes is None for line in lines if line not in single)
    assert "the right leg then does the same reps, never more" in note_for("left")
    assert "Start with the weaker right leg" in note_for("right")


def test_no_note_without_a_weaker_side_or_when_the_parameter_says_so() -> None:
    even = solve(EVEN, ON, CAT)
    assert all(line.notes is None for s in even.weeks[0].sessions for line in s.exercises)
    quiet = active(**BASE, unilateral_for_imbalance={"mode": "soft", "params": {"note": False}})
    prog = solve(LEFT, quiet, CAT)
    assert all(line.notes is None for s in prog.weeks[0].sessions for line in s.exercises)


# --- the checker ----------------------------------------------------------------------------


def test_checker_keeps_a_single_leg_curl_in_each_session() -> None:
    prog = program(
        session("mon 18:00", ("single_curl", 4, (8, 12)), ("hinge", 3, (8, 12))),
        session("thu 18:00", ("single_curl", 4, (8, 12)), ("squat", 3, (8, 12))),
    )
    assert violations("unilateral_for_imbalance", prog, LEFT, CAT, ON) == []


def test_checker_is_silent_without_a_weaker_side() -> None:
    prog = program(session("mon 18:00", ("curl", 4, (8, 12))))
    assert violations("unilateral_for_imbalance", prog, EVEN, CAT, ON) == []
    assert violations("unilateral_for_imbalance", prog, LEFT, CAT, ON) != []


def test_the_justification_names_each_sessions_single_leg_curl() -> None:
    prog = program(
        session("mon 18:00", ("single_curl", 4, (8, 12)), ("hinge", 3, (8, 12))),
        session("thu 18:00", ("curl", 4, (8, 12)), ("single_hinge", 3, (8, 12))),
    )
    said = verdicts(prog, LEFT, ON, CAT)["unilateral_for_imbalance"].justification
    # The single-leg hinge is no knee flexion: Thursday has none.
    assert said.startswith(
        "unilateral knee flexion: Mon 18:00 Single curl, Thu 18:00 none (Single hinge instead, "
        "half the rule) ("
    )
    assert "the weaker left side first" in said
    without = verdicts(prog, LEFT, ON, NO_SINGLE_CURL)["unilateral_for_imbalance"].justification
    assert "none being possible with this equipment and these conditions" in without
