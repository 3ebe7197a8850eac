"""preferences: include / exclude hard, favour / avoid soft (the goal), from the scenario."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from hamopt.domain.models import Mode, Preferences, RuleConfig, RuleSet, Scenario
from hamopt.rules.contract import ActiveRule
from hamopt.rules.ruleset import resolve
from hamopt.rules.testing import (
    catalog,
    ex,
    ids,
    instances,
    program,
    quad,
    rules,
    scenario,
    session,
    solve,
    verdicts,
)


def with_rule(mode: str = "hard", **params: Any) -> list[ActiveRule]:
    config = RuleConfig(mode=mode, params=params)  # type: ignore[arg-type]
    return rules() + resolve(RuleSet(name="t", rules={"preferences": config}))


def wanting(**prefs: list[str]) -> Scenario:
    return scenario(preferences=prefs)


# The solver's own choice is the strong curl and the strong hinge; the weak ones only come in
# when asked for.
CAT = catalog(
    ex("strong_curl", stim=(0.8, 0.9, 0.8, 0.8)),
    ex("weak_curl", stim=(0.5, 0.6, 0.5, 0.5)),
    ex("strong_hinge", ("hip_extension",), (0.9, 0, 0.8, 0.8)),
    ex("weak_hinge", ("hip_extension",), (0.5, 0, 0.5, 0.5)),
    ex("machine_curl", stim=(0.6, 0.7, 0.6, 0.6), equipment=["seated_leg_curl_machine"]),
    quad("squat"),
    quad("lunge"),
)


def test_the_solver_alone_picks_the_strong_exercises() -> None:
    prog = solve(wanting(), with_rule(), CAT)
    assert {"strong_curl", "strong_hinge"} <= ids(prog)
    assert not {"weak_curl", "weak_hinge"} & ids(prog)


def test_include_and_exclude_bite() -> None:
    sc = wanting(include=["weak_hinge"], exclude=["strong_curl"])
    off = solve(sc, rules(), CAT)
    on = solve(sc, with_rule(), CAT)
    assert on.status == "optimal"
    assert "weak_hinge" in ids(on) and "strong_curl" not in ids(on)
    found = verdicts(off, sc, with_rule(), CAT)["preferences"].violations
    assert instances(found) == {"include weak_hinge", "exclude strong_curl"}


def test_favour_and_avoid_bite_through_the_goal() -> None:
    sc = wanting(favour=["weak_curl"], avoid=["strong_hinge"])
    on = solve(sc, with_rule(), CAT)
    assert on.status == "optimal"
    assert "weak_curl" in ids(on) and "strong_hinge" not in ids(on)
    verdict = verdicts(on, sc, with_rule(), CAT)["preferences"]
    assert verdict.violations == [] and verdict.goal == 0


def test_a_wish_gives_way_to_a_hard_rule_and_costs_its_weight() -> None:
    # No machine in a bodyweight scenario: the favoured machine curl cannot be had.
    sc = scenario(equipment=[], preferences={"favour": ["machine_curl"]})
    prog = solve(sc, with_rule(), CAT)
    assert prog.status == "optimal" and "machine_curl" not in ids(prog)
    verdict = verdicts(prog, sc, with_rule(), CAT)["preferences"]
    assert verdict.violations == []  # a wish is not a broken rule
    assert verdict.goal == 1 and verdict.penalty == verdict.active.weight


def test_an_impossible_include_is_infeasible_and_named() -> None:
    sc = scenario(equipment=[], preferences={"include": ["machine_curl"]})
    prog = solve(sc, with_rule(), CAT)
    assert prog.status == "infeasible"
    assert {"preferences", "equipment"} <= {c.id for c in prog.conflict}


def test_wishes_can_be_made_hard_and_commands_soft() -> None:
    sc = scenario(equipment=[], preferences={"favour": ["machine_curl"]})
    assert solve(sc, with_rule(favour_mode="hard"), CAT).status == "infeasible"
    sc = scenario(equipment=[], preferences={"include": ["machine_curl"]})
    soft = with_rule(mode="soft")
    assert soft[-1].mode is Mode.soft
    prog = solve(sc, soft, CAT)
    assert prog.status == "optimal"
    verdict = verdicts(prog, sc, soft, CAT)["preferences"]
    assert instances(verdict.violations) == {"include machine_curl"}
    assert verdict.penalty == verdict.active.weight


def test_checker_on_hand_made_programs() -> None:
    sc = wanting(include=["weak_curl"], exclude=["lunge"], favour=["weak_hinge"], avoid=["squat"])
    keeps = program(
        session("mon 18:00", ("weak_curl", 3, (8, 12)), ("weak_hinge", 3, (8, 12))),
        session("wed 18:00", ("strong_curl", 3, (8, 12))),
    )
    breaks = program(
        session("mon 18:00", ("strong_curl", 3, (8, 12)), ("squat", 3, (8, 12))),
        session("wed 18:00", ("lunge", 3, (8, 12))),
    )
    ok = verdicts(keeps, sc, with_rule(), CAT)["preferences"]
    assert ok.violations == [] and ok.goal == 0
    bad = verdicts(breaks, sc, with_rule(), CAT)["preferences"]
    assert instances(bad.violations) == {"include weak_curl", "exclude lunge"}
    assert bad.goal == 2  # weak_hinge left out, squat used
    assert any("rules out" in v.message for v in bad.violations)


def test_asking_for_and_ruling_out_the_same_exercise_is_bad_input() -> None:
    with pytest.raises(ValidationError, match="under both include and avoid"):
        Preferences(include=["squat"], avoid=["squat"])


def test_justify_and_describe() -> None:
    from hamopt.rules.builtin.preferences import RULE, PreferenceParams
    from hamopt.rules.check_context import CheckContext
    from hamopt.rules.contract import DescribeContext

    sc = wanting(include=["weak_curl"], avoid=["squat"])
    prog = program(session("mon 18:00", ("weak_curl", 3, (8, 12)), ("squat", 3, (8, 12))))
    text = RULE.justify(prog, CheckContext.build(sc, CAT), PreferenceParams())  # type: ignore[misc]
    assert text == "include Weak curl: in the week; avoid Squat: in the week"
    dctx = DescribeContext(sc, CAT, tuple(sc.schedule.slots))
    said = RULE.describe("include weak_curl", dctx, PreferenceParams())  # type: ignore[misc]
    assert said == "the scenario's preferences (include) ask for Weak curl"
