"""match_proximity: heavy eccentric and heavy barbell work keeps its distance from a match."""

from __future__ import annotations

from pathlib import Path

from hamopt.api.solving import solve as solve_file
from hamopt.domain.models import Scenario, Slot
from hamopt.engine.slot_choice import slots_are_interchangeable
from hamopt.inputs.loading import load_scenario
from hamopt.rules.builtin.match_proximity import ProximityParams, nearest
from hamopt.rules.contract import SlotUse
from hamopt.rules.registry import get_rule
from hamopt.rules.testing import instances, program, rules, scenario, session, violations

PERSONAS = Path(__file__).resolve().parents[3] / "benchmarks" / "coach" / "personas"
SLOTS = ("mon 10:00", "thu 10:00")
SATURDAY = [Slot(day="sat", time="15:00")]


def with_matches(sc: Scenario, matches: list[Slot]) -> Scenario:
    return sc.model_copy(
        update={"schedule": sc.schedule.model_copy(update={"matches": matches})}
    )


def heavy_days(prog) -> set[str]:  # type: ignore[no-untyped-def]
    heavy = {"nordic_hamstring_curl", "eccentric_nordic", "romanian_deadlift"}
    return {s.day for s in prog.weeks[0].sessions for ln in s.exercises if ln.id in heavy}


def test_the_nordic_and_the_heavy_hinge_move_away_from_saturdays_match() -> None:
    # The in-season centre-back: without the match the solver put the Nordic and the RDL on
    # Thursday, 53 h before kick-off; with it, on Monday.
    match_week = load_scenario(PERSONAS / "soccer_in_season_two_sessions.yaml")
    free = solve_file(with_matches(match_week, []))
    held = solve_file(match_week)
    assert held.status == free.status == "optimal"
    assert "thu" in heavy_days(free)
    assert heavy_days(held) == {"mon"}
    report = {r.id: r for r in held.rules}["match_proximity"]
    assert report.satisfied
    assert "Thu 10:00 (53 h before Sat 15:00) holds none" in report.justification


def test_one_session_a_week_takes_the_day_far_from_the_match() -> None:
    winger = load_scenario(PERSONAS / "soccer_in_season_one_session.yaml")
    assert [s.day for s in solve_file(winger).weeks[0].sessions] == ["tue"]


def test_the_checker_names_the_session_and_its_hours_before_the_match() -> None:
    sc = with_matches(scenario(SLOTS, athlete={"goals": ["injury_prevention"]}), SATURDAY)
    active = rules(match_proximity={})
    thursday = program(
        session("thu 10:00", ("nordic_hamstring_curl", 2, (5, 6)), ("seated_leg_curl", 3, (8, 12)))
    )
    found = violations("match_proximity", thursday, sc, None, active)
    assert instances(found) == {"Thu 10:00"}
    assert "53 h before Sat 15:00" in found[0].message
    assert "Nordic hamstring curl" in found[0].message
    monday = program(session("mon 10:00", ("nordic_hamstring_curl", 2, (5, 6))))
    assert not violations("match_proximity", monday, sc, None, active)
    # Counting the hours after the match too: Monday 10:00 is 43 h after Saturday 15:00.
    after = rules(match_proximity={"params": {"hours_after": 48}})
    assert instances(violations("match_proximity", monday, sc, None, after)) == {"Mon 10:00"}
    # The report says what the session holds, kept or not.
    from hamopt.domain.catalog import catalog_for
    from hamopt.rules.builtin.match_proximity import RULE
    from hamopt.rules.check_context import CheckContext

    words = RULE.justify(thursday, CheckContext.build(sc, catalog_for(sc)), ProximityParams())
    assert "Thu 10:00 (53 h before Sat 15:00) holds Nordic hamstring curl" in words
    # Light work two days out is fine.
    curls = program(session("thu 10:00", ("seated_leg_curl", 3, (8, 12))))
    assert not violations("match_proximity", curls, sc, None, active)


def test_the_window_wraps_around_the_week() -> None:
    sunday = with_matches(scenario(SLOTS), [Slot(day="mon", time="09:00")])
    params = ProximityParams()
    # Sunday 18:00 is 15 h before Monday 09:00 of the next week.
    assert nearest(6 * 24 + 18, sunday, params) == "15 h before Mon 09:00"
    assert nearest(4 * 24 + 10, sunday, params) == "71 h before Mon 09:00"  # Friday 10:00
    assert nearest(3 * 24 + 10, sunday, params) is None  # Thursday 10:00: 95 h before


def test_without_matches_the_slots_stay_interchangeable() -> None:
    rule = get_rule("match_proximity")
    params = ProximityParams()
    plain = scenario(SLOTS)
    assert rule.slot_use_in(params, plain) is SlotUse.none
    assert slots_are_interchangeable(rules(), plain)
    match_week = with_matches(plain, SATURDAY)
    assert rule.slot_use_in(params, match_week) is SlotUse.any
    assert not slots_are_interchangeable(rules(match_proximity={}), match_week)
    off = ProximityParams(hours_before=0)
    assert rule.slot_use_in(off, match_week) is SlotUse.none


def test_with_only_the_day_before_the_match_the_nordic_is_the_band_assisted_one() -> None:
    # The one-session winger offered Thursday alone (53 h before kick-off): prevention still
    # gets its Nordic (nordic_for_prevention), as the band-assisted regression, a moderate
    # load, rather than the eccentric-only Nordic.
    winger = load_scenario(PERSONAS / "soccer_in_season_one_session.yaml")
    thursday = [s for s in winger.schedule.slots if s.day == "thu"]
    sc = winger.model_copy(
        update={"schedule": winger.schedule.model_copy(update={"slots": thursday})}
    )
    prog = solve_file(sc)
    ids = [ln.id for s in prog.weeks[0].sessions for ln in s.exercises]
    assert "band_assisted_nordic" in ids and "eccentric_nordic" not in ids
    assert {r.id: r for r in prog.rules}["match_proximity"].satisfied
    free = solve_file(with_matches(sc, []))
    assert "eccentric_nordic" in [ln.id for s in free.weeks[0].sessions for ln in s.exercises]


def test_made_hard_it_explains_which_session_is_too_close_to_which_match() -> None:
    # Only Thursday to train, the RDL asked for by name, the rule made hard: no program, and
    # the conflict says where and why.
    sc = Scenario.model_validate(
        {
            "name": "the RDL two days out",
            "athlete": {"experience": "intermediate", "goals": ["strength"]},
            "phase": "correction",
            "schedule": {
                "sessions_per_week": 1,
                "slots": [{"day": "thu", "time": "10:00"}],
                "matches": [{"day": "sat", "time": "15:00"}],
            },
            "preferences": {"include": ["romanian_deadlift"]},
            "overrides": {
                "match_proximity": {"mode": "hard"},
                "volume_range": {"params": {"weekly_min_sets": 8}},
            },
        }
    )
    prog = solve_file(sc)
    assert prog.status == "infeasible"
    assert {i.id for i in prog.conflict} == {"preferences", "match_proximity"}
    (item,) = [i for i in prog.conflict if i.id == "match_proximity"]
    assert item.message == (
        "a session on Thu 10:00 would be 53 h before Sat 15:00: no Nordic, glute-ham raise, "
        "heavy barbell lift or loaded hinge at 8 reps or fewer there (at least 72 h before a "
        "match)"
    )
    # The cheapest fix, checked by re-solving: a window that ends at Thursday's 53 h.
    (fix,) = prog.relaxation
    assert fix.where == "overrides.match_proximity.params.hours_before" and fix.to == 53
    assert fix.change == "keep heavy work 53 h from a match instead of 72 h"


def test_a_loaded_hinge_in_a_heavy_zone_keeps_its_distance_too() -> None:
    # A dumbbell single-leg RDL is moderate fatigue in the catalog, but at 6-8 reps it is the
    # heavy hinge the coach rubric keeps 72 h from a match; at 8-12 it is not.
    sc = with_matches(scenario(SLOTS, athlete={"goals": ["strength"]}), SATURDAY)
    active = rules(match_proximity={})
    heavy = program(session("thu 10:00", ("single_leg_romanian_deadlift", 3, (6, 8))))
    light = program(session("thu 10:00", ("single_leg_romanian_deadlift", 3, (8, 12))))
    found = violations("match_proximity", heavy, sc, None, active)
    assert instances(found) == {"Thu 10:00"} and "Single-leg Romanian deadlift" in found[0].message
    assert not violations("match_proximity", light, sc, None, active)


def test_the_solver_keeps_a_heavy_zone_hinge_off_the_day_before_the_match() -> None:
    # coach_plus asks the strength goal's heavy hinge for 3 sets; the centre-back's Monday
    # cannot hold it beside the Nordic, and the single-leg RDL at 6-8 went to Thursday, 45 h
    # before kick-off, until the rule read heavy zones.
    match_week = load_scenario(PERSONAS / "soccer_in_season_two_sessions.yaml")
    prog = solve_file(match_week, "coach_plus")
    assert prog.status == "optimal"
    thursday = [s for s in prog.weeks[0].sessions if s.day == "thu"]
    assert not [
        ln for s in thursday for ln in s.exercises
        if "romanian_deadlift" in ln.id and ln.reps[1] <= 8
    ]  # fmt: skip
