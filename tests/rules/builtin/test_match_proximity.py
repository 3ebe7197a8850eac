"""match_proximity: heavy eccentric and heavy barbell work keeps its distance from a match."""

from __future__ import annotations

from pathlib import Path

from hamopt.api.solving import solve as solve_file
from hamopt.domain.models import Scenario, Slot
from hamopt.engine.slot_choice import slots_are_interchangeable
from hamopt.inputs.loading import load_scenario
from hamopt.rules.builtin.match_proximity import ProximityParams, nearest, tapering
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
    assert instances(found) == {"Thu 10:00 before Sat 15:00"}
    assert "53 h before Sat 15:00" in found[0].message
    assert "Nordic hamstring curl" in found[0].message
    monday = program(session("mon 10:00", ("nordic_hamstring_curl", 2, (5, 6))))
    assert not violations("match_proximity", monday, sc, None, active)
    # The 48 h of the strength study instead of MD+1's 36: Monday 10:00 is 43 h after
    # Saturday 15:00.
    after = rules(match_proximity={"params": {"hours_after": 48}})
    assert instances(violations("match_proximity", monday, sc, None, after)) == {
        "Mon 10:00 after Sat 15:00"
    }
    # The day after the match (Sunday 10:00, 19 h) is out by default.
    sunday = program(session("sun 10:00", ("nordic_hamstring_curl", 2, (5, 6))))
    sunday_slots = with_matches(scenario(("sun 10:00",), 1), SATURDAY)
    found = violations("match_proximity", sunday, sunday_slots, None, active)
    assert instances(found) == {"Sun 10:00 after Sat 15:00"}
    assert "19 h after Sat 15:00" in found[0].message and "PubMed 33279801" in found[0].message
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
    off = ProximityParams(hours_before=0, hours_after=0, taper_days=0)
    assert rule.slot_use_in(off, match_week) is SlotUse.none
    # The taper alone reads the days too (which session is two days before the match).
    taper_only = ProximityParams(hours_before=0, hours_after=0)
    assert rule.slot_use_in(taper_only, match_week) is SlotUse.any


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
    assert instances(found) == {"Thu 10:00 before Sat 15:00"}
    assert "Single-leg Romanian deadlift" in found[0].message
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


def sets_by_day(prog, hamstring_only: bool = False) -> dict[str, int]:  # type: ignore[no-untyped-def]
    from hamopt.domain.catalog import default_catalog

    by_id = default_catalog().by_id()
    return {
        s.day: sum(
            ln.sets for ln in s.exercises if not hamstring_only or by_id[ln.id].is_hamstring
        )
        for s in prog.weeks[0].sessions
    }


def test_the_session_two_days_before_the_match_is_the_lighter_one() -> None:
    # The centre-back's Thursday, 53 h before kick-off, held 14 sets to Monday's 12 (the
    # week's biggest session two days out) until the taper; session_balance kept the two
    # within 2 sets of each other, so the taper had to be let out of its smallest session.
    match_week = load_scenario(PERSONAS / "soccer_in_season_two_sessions.yaml")
    tapered = solve_file(match_week)
    assert tapered.status == "optimal"
    total, ham = sets_by_day(tapered), sets_by_day(tapered, hamstring_only=True)
    assert 100 * total["thu"] <= 75 * total["mon"]
    assert ham["thu"] <= ham["mon"]
    reports = {r.id: r for r in tapered.rules}
    assert reports["match_proximity"].satisfied and reports["session_balance"].satisfied
    assert "Thu 10:00 (MD-2, Sat 15:00)" in reports["match_proximity"].justification
    # Without the taper the solver's week is the one a coach sends back.
    import yaml

    raw = yaml.safe_load((PERSONAS / "soccer_in_season_two_sessions.yaml").read_text())
    raw["overrides"] = {"match_proximity": {"params": {"taper_days": 0}}}
    no_taper = Scenario.model_validate(raw)
    untapered = sets_by_day(solve_file(no_taper))
    assert untapered["thu"] > untapered["mon"]


def test_the_taper_window_counts_calendar_days_before_kick_off() -> None:
    sc = with_matches(scenario(SLOTS), SATURDAY)
    params = ProximityParams()
    assert tapering(3 * 24 + 10, sc, params) == "MD-2, Sat 15:00"  # Thursday 10:00
    assert tapering(3 * 24 + 23, sc, params) == "MD-2, Sat 15:00"  # Thursday 23:00
    assert tapering(4 * 24 + 7, sc, params) == "MD-1, Sat 15:00"  # Friday 07:00
    assert tapering(5 * 24 + 9, sc, params) == "MD, Sat 15:00"  # Saturday morning
    # After the match, the 36 h of hours_after: that evening and the day after recover.
    assert tapering(5 * 24 + 18, sc, params) == "MD, after Sat 15:00"
    assert tapering(6 * 24 + 10, sc, params) == "MD+1, Sat 15:00"  # Sunday 10:00, 19 h
    assert tapering(0 * 24 + 10, sc, params) is None  # Monday 10:00, 43 h: MD+2
    assert tapering(5 * 24 + 18, sc, ProximityParams(hours_after=0)) is None
    assert tapering(2 * 24 + 20, sc, params) is None  # Wednesday: MD-3
    assert tapering(3 * 24 + 10, sc, ProximityParams(taper_days=1)) is None
    assert tapering(3 * 24 + 10, sc, ProximityParams(taper_days=0)) is None


def test_the_checker_flags_a_taper_session_bigger_than_a_farther_one() -> None:
    sc = with_matches(scenario(SLOTS, athlete={"goals": ["strength"]}), SATURDAY)
    active = rules(match_proximity={})
    monday = session("mon 10:00", ("seated_leg_curl", 4, (8, 12)), ("leg_press", 4, (8, 12)))
    heavy_thursday = program(
        monday,
        session(
            "thu 10:00", ("lying_leg_curl", 4, (8, 12)), ("dumbbell_split_squat", 3, (8, 12))
        ),
    )
    found = violations("match_proximity", heavy_thursday, sc, None, active)
    assert instances(found) == {"Thu 10:00 taper"}
    assert "7 sets, more than 75% of Mon 10:00's 8" in found[0].message
    # 6 of 8 keeps the share (75 %); the hamstring sets may equal Monday's, not pass them.
    light = program(
        monday,
        session(
            "thu 10:00", ("lying_leg_curl", 4, (8, 12)), ("dumbbell_split_squat", 2, (8, 12))
        ),
    )
    assert not violations("match_proximity", light, sc, None, active)
    hamstring_heavy = program(
        monday,
        session(
            "thu 10:00", ("lying_leg_curl", 3, (8, 12)), ("reverse_hyperextension", 2, (8, 12))
        ),
    )
    [found_ham] = violations("match_proximity", hamstring_heavy, sc, None, active)
    assert "5 hamstring sets, more than Mon 10:00's 4" in found_ham.message
    # Thursday and Friday before a Saturday match: nothing farther to taper against.
    both_near = with_matches(scenario(("thu 10:00", "fri 10:00")), SATURDAY)
    near_week = program(
        session("thu 10:00", ("lying_leg_curl", 4, (8, 12))),
        session("fri 10:00", ("seated_leg_curl", 2, (8, 12))),
    )
    assert not violations("match_proximity", near_week, both_near, None, active)


def test_the_taper_is_explained_and_relaxed_by_its_share() -> None:
    from hamopt.domain.catalog import catalog_for
    from hamopt.rules.builtin.match_proximity import RULE, taper_instance
    from hamopt.rules.contract import DescribeContext

    sc = with_matches(scenario(SLOTS), SATURDAY)
    dctx = DescribeContext(scenario=sc, catalog=catalog_for(sc), slots=tuple(sc.schedule.slots))
    words = RULE.describe(taper_instance("Thu 10:00"), dctx, ProximityParams())
    assert words.startswith("a session on Thu 10:00 (MD-2, Sat 15:00) would hold at most 75%")
    fixes = {r.param: r for r in RULE.relax(dctx, ProximityParams())}
    assert fixes["taper_share"].value == 1.0
    assert fixes["taper_share"].change == (
        "let a session before a match hold as many sets as the others"
    )
    assert "taper_share" not in {r.param for r in RULE.relax(dctx, ProximityParams(taper_share=1))}


WEDNESDAY_AND_SATURDAY = [Slot(day="wed", time="19:45"), Slot(day="sat", time="15:00")]


def test_in_a_two_match_week_the_heavy_work_goes_where_it_is_close_to_fewest_matches() -> None:
    """Matches on Wednesday evening and Saturday, sessions Monday and Thursday morning: every
    session is close to a match, so prevention's Nordic breaks the rule somewhere. Thursday is
    14 h after one match and 53 h before the next, Monday only 58 h before Wednesday's; with
    one cost a session the solver put the Nordic and the Romanian deadlift on Thursday, the
    morning after a match."""
    centre_back = load_scenario(PERSONAS / "soccer_in_season_two_sessions.yaml")
    prog = solve_file(with_matches(centre_back, WEDNESDAY_AND_SATURDAY))
    assert prog.status == "optimal"
    assert heavy_days(prog) == {"mon"}
    report = {r.id: r for r in prog.rules}["match_proximity"]
    assert report.penalty == 300  # Monday, once: 57.75 h before Wednesday's match
    # Thursday is in two matches' tapers (the day after one, two days before the next),
    # Monday in one: Thursday is the lighter session (it held 14 sets to Monday's 12).
    sizes = sets_by_day(prog)
    assert 4 * sizes["thu"] <= 3 * sizes["mon"]
    assert {r.id: r for r in prog.rules}["session_balance"].satisfied
    sc = with_matches(scenario(SLOTS, athlete={"goals": ["injury_prevention"]}),
                      WEDNESDAY_AND_SATURDAY)  # fmt: skip
    thursday = program(session("thu 10:00", ("nordic_hamstring_curl", 2, (5, 6))))
    found = violations("match_proximity", thursday, sc, None, rules(match_proximity={}))
    assert instances(found) == {"Thu 10:00 after Wed 19:45", "Thu 10:00 before Sat 15:00"}


def test_the_hours_after_a_match_are_described_and_relaxed_on_their_own() -> None:
    from hamopt.domain.catalog import catalog_for
    from hamopt.rules.builtin.match_proximity import RULE
    from hamopt.rules.contract import DescribeContext

    sc = with_matches(scenario(("sun 18:00", "thu 10:00")), SATURDAY)
    dctx = DescribeContext(sc, catalog_for(sc), tuple(sc.schedule.slots))
    words = RULE.describe("Sun 18:00 after Sat 15:00", dctx, ProximityParams())
    assert words == (
        "a session on Sun 18:00 would be 27 h after Sat 15:00: no Nordic, glute-ham raise, "
        "heavy barbell lift or loaded hinge at 8 reps or fewer there (at least 36 h after a "
        "match)"
    )
    changes = {(r.param, r.value) for r in RULE.relax(dctx, ProximityParams())}
    assert ("hours_after", 27) in changes and ("hours_before", 53) in changes


def test_a_session_in_more_matches_tapers_is_bounded_by_one_in_fewer() -> None:
    sc = with_matches(scenario(SLOTS, athlete={"goals": ["strength"]}), WEDNESDAY_AND_SATURDAY)
    active = rules(match_proximity={})
    assert tapering(3 * 24 + 10, sc, ProximityParams()) == (
        "MD+1, Wed 19:45; MD-2, Sat 15:00"
    )  # Thursday 10:00
    big_thursday = program(
        session("mon 10:00", ("seated_leg_curl", 3, (8, 12)), ("leg_press", 3, (8, 12))),
        session("thu 10:00", ("lying_leg_curl", 3, (8, 12)), ("dumbbell_split_squat", 3, (8, 12))),
    )  # fmt: skip
    found = violations("match_proximity", big_thursday, sc, None, active)
    assert instances(found) == {"Thu 10:00 taper"}
    assert "(MD+1, Wed 19:45; MD-2, Sat 15:00) holds 6 sets, more than 75% of Mon 10:00's 6" in (
        found[0].message
    )
    assert "Gualtieri et al. 2024" in found[0].message
    light_thursday = program(
        session("mon 10:00", ("seated_leg_curl", 4, (8, 12)), ("leg_press", 4, (8, 12))),
        session("thu 10:00", ("lying_leg_curl", 3, (8, 12)), ("dumbbell_split_squat", 3, (8, 12))),
    )  # fmt: skip
    assert not violations("match_proximity", light_thursday, sc, None, active)
    # The day after counts only through hours_after: with it 0, both sessions are one match's.
    no_after = rules(match_proximity={"params": {"hours_after": 0}})
    assert not violations("match_proximity", big_thursday, sc, None, no_after)
