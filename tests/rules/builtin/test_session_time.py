"""session_time: sets x (time under tension + rest) + changeovers fit minutes_per_session.

The encoding and its measured alternatives are in the rule's module docstring.
"""

from __future__ import annotations

import math

from hamopt.domain.models import Exercise, ProgramExercise, RuleConfig, RuleSet, Scenario
from hamopt.domain.prescribe import (
    TimeModel,
    line_seconds,
    prescribe,
    session_seconds,
    set_seconds,
)
from hamopt.rules.contract import ActiveRule
from hamopt.rules.model_context import REP_ZONES, zone_reps
from hamopt.rules.ruleset import resolve
from hamopt.rules.testing import (
    basic_catalog,
    catalog,
    ex,
    instances,
    program,
    quad,
    rules,
    scenario,
    session,
    shipped_catalog,
    solve,
    verdicts,
)


def with_time(mode: str = "hard", **params: object) -> list[ActiveRule]:
    """The six seed rules plus session_time."""
    extra = resolve(
        RuleSet(name="t", rules={"session_time": RuleConfig(mode=mode, params=params)})  # type: ignore[arg-type]
    )
    return rules() + extra


def timed(minutes: int, **kw: object) -> Scenario:
    sc = scenario(**kw)  # type: ignore[arg-type]
    sc.schedule.minutes_per_session = minutes
    return sc


def seconds_of(sess, cat, model: TimeModel | None = None) -> int:  # type: ignore[no-untyped-def]
    by_id = cat.by_id()
    return session_seconds([(ln, by_id[ln.id]) for ln in sess.exercises], model or TimeModel())


# --- it bites -----------------------------------------------------------------------------


def test_without_the_rule_sessions_run_over_and_with_it_they_fit() -> None:
    sc, cat = timed(25), basic_catalog()
    off = solve(sc, rules(), cat)
    on = solve(sc, with_time(), cat)
    assert off.status == on.status == "optimal"
    over = [s for s in off.weeks[0].sessions if seconds_of(s, cat) > 25 * 60]
    assert over, "the rule-less program should not fit 25 minutes"
    # The checker names exactly the sessions that run over.
    labels = {f"{s.day.capitalize()} {s.time}" for s in over}
    found = verdicts(off, sc, with_time(), cat)["session_time"].violations
    assert instances(found) == labels
    assert all(seconds_of(s, cat) <= 25 * 60 for s in on.weeks[0].sessions)
    assert verdicts(on, sc, with_time(), cat)["session_time"].violations == []
    assert [s.exercises for s in on.weeks[0].sessions] != [
        s.exercises for s in off.weeks[0].sessions
    ]


def test_no_time_for_the_weekly_volume_is_infeasible() -> None:
    # 12 hamstring sets and the quads' share cannot fit two 10-minute sessions.
    prog = solve(timed(10), with_time(), basic_catalog())
    assert prog.status == "infeasible"
    assert "session_time" in {c.id for c in prog.conflict}


def test_soft_mode_costs_its_weight_once_per_session_over_time() -> None:
    sc, cat = timed(10), basic_catalog()
    prog = solve(sc, with_time(mode="soft"), cat)
    assert prog.status == "optimal"
    verdict = verdicts(prog, sc, with_time(mode="soft"), cat)["session_time"]
    over = [s for s in prog.weeks[0].sessions if seconds_of(s, cat) > 600]
    assert len(instances(verdict.violations)) == len(over) >= 1
    assert verdict.penalty == verdict.active.weight * len(over)


def test_a_warm_up_is_reserved_and_printed() -> None:
    sc, cat = timed(35), basic_catalog()
    prog = solve(sc, with_time(warmup_minutes=10), cat)
    assert prog.status == "optimal"
    model = TimeModel(warmup_minutes=10)
    for sess in prog.weeks[0].sessions:
        assert seconds_of(sess, cat, model) <= 35 * 60
        assert sess.minutes == math.ceil(seconds_of(sess, cat, model) / 60)
        assert sess.minutes >= 10


# --- the estimate -------------------------------------------------------------------------

CURL = ex("curl", stim=(0.6, 0.8, 0.7, 0.7))  # bilateral, no equipment: no changeover
MACHINE = ex("machine", stim=(0.6, 0.8, 0.7, 0.7), equipment=["seated_leg_curl_machine"])
ONE_LEG = Exercise.model_validate(
    {**CURL.model_dump(), "id": "one_leg", "laterality": "unilateral"}
)
CAT = catalog(CURL, MACHINE, ONE_LEG, quad("squat"))


def test_a_set_is_reps_times_tempo_plus_rest() -> None:
    # 8-12 reps: planned at 10, a curl's moderate tempo 2012 (5 s), 2 min rest.
    assert set_seconds(CURL, (8, 12)) == 10 * 5 + 120
    # 12-20: 16 reps at 2011 (4 s), 60-90 s rest (75).
    assert set_seconds(CURL, (12, 20)) == 16 * 4 + 75


def test_one_leg_at_a_time_takes_twice_the_work_and_a_rest_between_sides() -> None:
    both = set_seconds(CURL, (8, 12))
    one = set_seconds(ONE_LEG, (8, 12))
    assert one - both == 10 * 5 + 45  # the second leg's reps, 30-60 s between sides


def test_equipment_adds_a_changeover_and_bodyweight_none() -> None:
    model = TimeModel()
    curl = ProgramExercise(id="curl", sets=3, reps=(8, 12))
    machine = ProgramExercise(id="machine", sets=3, reps=(8, 12))
    assert line_seconds(machine, MACHINE, model) - line_seconds(curl, CURL, model) == 60


def test_a_written_tempo_and_rest_are_what_the_checker_times() -> None:
    line = ProgramExercise(id="curl", sets=3, reps=(8, 12), tempo="6110", rest="3 min")
    assert line_seconds(line, CURL, TimeModel()) == 3 * (10 * 8 + 180)
    # Text the estimate cannot read falls back to the exercise's prescription.
    vague = ProgramExercise(id="curl", sets=3, reps=(8, 12), tempo="slow", rest="as needed")
    assert line_seconds(vague, CURL, TimeModel()) == 3 * set_seconds(CURL, (8, 12))


def test_checker_on_hand_made_sessions_at_and_over_the_limit() -> None:
    sc = timed(10, slots=("mon 18:00", "thu 18:00"))
    active = with_time()
    fits = program(session("mon 18:00", ("curl", 3, (8, 12))))  # 3 x 170 = 510 s
    over = program(
        session("mon 18:00", ("curl", 3, (8, 12))),
        session("thu 18:00", ("curl", 4, (8, 12))),  # 680 s > 600
    )
    assert verdicts(fits, sc, active, CAT)["session_time"].violations == []
    found = verdicts(over, sc, active, CAT)["session_time"].violations
    assert instances(found) == {"Thu 18:00"}
    assert "11 min" in found[0].message and "10 min" in found[0].message


def test_solver_coefficients_equal_the_checkers_reading_of_the_printed_line() -> None:
    """For every shipped exercise and rep zone: the encoder's seconds per set (set_seconds on
    the zone's reps) equal what the checker reads back from the prescribed tempo and rest."""
    model = TimeModel()
    for exercise in shipped_catalog().exercises:
        for zone in REP_ZONES:
            reps = zone_reps(zone, exercise)
            if reps is None:
                continue
            line = ProgramExercise(id=exercise.id, sets=3, reps=reps)
            prescribe(line, exercise)
            expected = 3 * set_seconds(exercise, reps) + model.changeover(exercise)
            assert line_seconds(line, exercise, model) == expected, (exercise.id, zone)


def test_the_solved_program_prints_the_estimate_as_minutes() -> None:
    sc, cat = timed(30), basic_catalog()
    prog = solve(sc, with_time(), cat)
    for sess in prog.weeks[0].sessions:
        assert sess.minutes == math.ceil(seconds_of(sess, cat) / 60) <= 30


def test_justify_and_describe_give_the_minutes() -> None:
    from hamopt.rules.builtin.session_time import RULE, SessionTimeParams
    from hamopt.rules.check_context import CheckContext
    from hamopt.rules.contract import DescribeContext

    sc, cat = timed(30), basic_catalog()
    prog = solve(sc, with_time(), cat)
    text = RULE.justify(prog, CheckContext.build(sc, cat), SessionTimeParams())  # type: ignore[misc]
    minutes = [s.minutes for s in prog.weeks[0].sessions]
    assert all(f"about {m} min" in text for m in minutes) and "at most 30 min" in text
    dctx = DescribeContext(sc, cat, tuple(sc.schedule.slots))
    assert "Mon 18:00 session fits 30 min" in RULE.describe("Mon 18:00", dctx, SessionTimeParams())  # type: ignore[misc]


def test_a_rule_set_can_fix_the_session_length() -> None:
    sc, cat = timed(60), basic_catalog()
    prog = solve(sc, with_time(minutes=25), cat)
    assert prog.status == "optimal"
    assert all(seconds_of(s, cat) <= 25 * 60 for s in prog.weeks[0].sessions)


def test_an_explanation_offers_longer_sessions() -> None:
    from hamopt.rules.builtin.session_time import RULE, SessionTimeParams
    from hamopt.rules.contract import DescribeContext

    sc = timed(20)
    dctx = DescribeContext(sc, basic_catalog(), tuple(sc.schedule.slots))
    offers = RULE.relax(dctx, SessionTimeParams())  # type: ignore[misc]
    assert [(o.param, o.value) for o in offers][:2] == [("minutes", 25), ("minutes", 30)]
    assert offers[0].change == "allow 25 min a session instead of 20" and offers[0].cost == 25
