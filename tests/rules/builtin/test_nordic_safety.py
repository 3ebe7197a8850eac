"""nordic_safety: Petersen's slow start for non-advanced athletes whatever the goal, no
Nordic above their level early, no full Nordic + glute-ham raise for the fragile."""

from __future__ import annotations

from hamopt.domain.catalog import catalog_for
from hamopt.rules.testing import (
    instances,
    program,
    rules,
    scenario,
    session,
    solve,
    verdicts,
    violations,
)

SLOTS = ("mon 18:00", "thu 18:00")


def nordic_sets(prog, cat, week: int = 0) -> int:  # type: ignore[no-untyped-def]
    by_id = cat.by_id()
    return sum(
        line.sets
        for s in prog.weeks[week].sessions
        for line in s.exercises
        if by_id[line.id].family == "nordic"
    )


def test_week_one_of_a_newcomer_holds_petersens_start_whatever_the_goal() -> None:
    # The favourite Nordic of a stimulus-hungry week: an intermediate who asked for it.
    sc = scenario(SLOTS, athlete={"experience": "intermediate"},
                  preferences={"favour": ["eccentric_nordic"]})  # fmt: skip
    cat = catalog_for(sc)
    active = rules(nordic_safety={}, preferences={"weight": 300})
    prog = solve(sc, active, cat)
    assert 0 < nordic_sets(prog, cat) <= 2  # Petersen week 1: one session of 2 sets
    assert not violations("nordic_safety", prog, sc, cat, active)
    # An advanced athlete is past the start.
    adv = scenario(SLOTS, athlete={"experience": "advanced"},
                   preferences={"favour": ["eccentric_nordic"]})  # fmt: skip
    assert nordic_sets(solve(adv, active, cat), cat) >= 2


def test_the_checker_names_an_overdose_and_a_too_hard_variant() -> None:
    sc = scenario(SLOTS, athlete={"experience": "intermediate"})
    heavy = program(session("mon 18:00", ("nordic_hamstring_curl", 4, (6, 8))))
    found = violations("nordic_safety", heavy, sc, None, rules(nordic_safety={}))
    assert instances(found) == {"start", "variant nordic_hamstring_curl"}
    # "for a intermediate athlete" was printed.
    assert all("for an intermediate athlete" in v.message.replace("\n", " ") for v in found)


def test_no_full_nordic_with_a_glute_ham_raise_for_knee_pain() -> None:
    sc = scenario(SLOTS, athlete={"experience": "advanced", "contraindications": ["knee_pain"]})
    both = program(
        session("mon 18:00", ("nordic_hamstring_curl", 2, (6, 8))),
        session("thu 18:00", ("glute_ham_raise", 2, (6, 8))),
    )
    found = violations("nordic_safety", both, sc, None, rules(nordic_safety={}))
    assert instances(found) == {"fragile week"}
    healthy = scenario(SLOTS, athlete={"experience": "advanced"})
    assert not violations("nordic_safety", both, healthy, None, rules(nordic_safety={}))


def test_the_justification_sets_each_weeks_nordic_lines_against_petersens_dose() -> None:
    sc = scenario(SLOTS, weeks=2, athlete={"experience": "intermediate"})
    prog = program(
        session("mon 18:00", ("eccentric_nordic", 2, (5, 6))),
        session("thu 18:00", ("eccentric_nordic", 2, (5, 6))),
        weeks=2,
    )
    said = verdicts(prog, sc, rules(nordic_safety={}))["nordic_safety"].justification
    # Alike lines once with their sessions; week 1's dose is one session's 2 sets.
    assert said.startswith(
        "week 1: Eccentric-only Nordic (lower, push back up with the hands) 2 x 5-6 "
        "(Mon 18:00 and Thu 18:00) (Petersen's dose: at most 2 sets, 2 a session, from 5 reps "
        "or fewer); week 2: "
    )
    assert "(Petersen's dose: at most 4 sets, 2 a session)" in said
    adv = scenario(SLOTS, athlete={"experience": "advanced", "contraindications": ["knee_pain"]})
    none = program(session("mon 18:00", ("seated_leg_curl", 3, (8, 12))))
    said = verdicts(none, adv, rules(nordic_safety={}))["nordic_safety"].justification
    assert said.startswith(
        "no Nordic in the program; an advanced athlete: no start limits; for a beginner or a "
        "client with knee pain, no full Nordic with a glute-ham raise in one week"
    )
