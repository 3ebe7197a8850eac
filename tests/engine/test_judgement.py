"""The default rules judge as a coach would: experience, goals, equipment and
contraindications change the program the way a coach expects (issue: programs a coach would
hand over unchanged). Each test solves two athletes who differ in one thing."""

from __future__ import annotations

from pathlib import Path

from hamopt.api.solving import solve
from hamopt.domain.catalog import catalog_for
from hamopt.domain.fit import LOADABLE, is_heavy_hinge
from hamopt.domain.metrics import hamstring_sets
from hamopt.domain.models import Level, Loading, Program, Scenario
from hamopt.inputs.loading import load_scenario
from hamopt.rules.testing import scenario

SLOTS = ("mon 18:00", "thu 18:00")


def athlete(**fields: object) -> Scenario:
    equipment = fields.pop("equipment", "full_gym")
    return scenario(SLOTS, equipment=equipment, athlete=fields)  # type: ignore[arg-type]


def lines(program: Program, sc: Scenario):  # type: ignore[no-untyped-def]
    by_id = catalog_for(sc).by_id()
    return [
        (line, by_id[line.id])
        for week in program.weeks
        for s in week.sessions
        for line in s.exercises
    ]


def test_a_beginner_gets_less_volume_and_nothing_above_their_level() -> None:
    beginner, advanced = athlete(experience="beginner"), athlete(experience="advanced")
    b, a = solve(beginner), solve(advanced)
    assert b.status == a.status == "optimal"
    by_id = catalog_for(beginner).by_id()
    novice, expert = hamstring_sets(b.weeks[0], by_id), hamstring_sets(a.weeks[0], by_id)
    # volume_target's 12 and 16; head_coverage's goal may add a set or two to cover every head.
    assert 12 <= novice <= 14 < expert and 16 <= expert <= 20
    assert all(ex.difficulty is Level.beginner for _, ex in lines(b, beginner))
    assert {ex.id for _, ex in lines(b, beginner)} != {ex.id for _, ex in lines(a, advanced)}


def test_a_beginner_lifts_loads_at_8_reps_or_more_where_a_trained_lifter_goes_heavy() -> None:
    # ACSM 2009: novices at 8-12 RM, trained lifters heavier (novice_loads, rep_spectrum).
    beginner, trained = athlete(experience="beginner"), athlete(experience="intermediate")
    b, t = solve(beginner), solve(trained)
    assert b.status == t.status == "optimal"
    loaded = [line.reps for line, ex in lines(b, beginner) if ex.loading in LOADABLE]
    assert loaded and min(lo for lo, _hi in loaded) >= 8
    assert any(ex.is_hamstring and line.reps[1] <= 8 for line, ex in lines(t, trained))
    assert {r.id: r.status for r in b.rules}["novice_loads"] == "kept"


def test_a_strength_goal_gets_a_heavy_hinge() -> None:
    strength = athlete(experience="intermediate", goals=["strength"])
    program = solve(strength)
    assert any(is_heavy_hinge(ex) and line.reps[0] <= 8 for line, ex in lines(program, strength))


def test_a_full_gym_gets_loadable_work_where_bands_get_bands() -> None:
    gym, bands = (
        athlete(experience="intermediate"),
        athlete(experience="intermediate", equipment="home_bands"),
    )
    light = {Loading.band, Loading.bodyweight}
    in_gym = [ex for _, ex in lines(solve(gym), gym)]
    # The Nordic and glute-ham raise families are body weight on purpose (hamopt/domain/fit.py).
    assert all(
        ex.loading not in light for ex in in_gym if ex.family not in ("nordic", "glute_ham_raise")
    )
    assert any(ex.loading is Loading.band for _, ex in lines(solve(bands), bands))


def test_a_beginner_in_a_full_gym_squats_with_a_load() -> None:
    # The mission's first complaint: band or bodyweight squats in a full gym. A beginner too
    # gets loadable quad work where it is at their level (goblet squat, leg press).
    beginner = athlete(experience="beginner")
    quads = [ex for _, ex in lines(solve(beginner), beginner) if ex.is_quad]
    assert quads and all(ex.loading not in (Loading.band, Loading.bodyweight) for ex in quads)


def test_short_sessions_give_fewer_sets_of_loadable_work_not_bodyweight_fillers() -> None:
    # scenarios/home_dumbbells_kettlebell.yaml: 2 x 45 minutes, dumbbells and a kettlebell.
    # 14 hamstring sets need 12 quad sets at 1:1 (+-20 %), and loadable quad work's longer
    # rest does not fit both: a coach cuts a set (13, inside the intermediate's 12-16) rather
    # than fill the minutes with bodyweight lunges (volume_target's band; fit.HARD_TO_PROGRESS).
    home = athlete(
        experience="intermediate", goals=["hypertrophy", "strength"],
        equipment="home_dumbbells_kettlebell",
    )
    home.schedule.minutes_per_session = 45
    program = solve(home)
    held = lines(program, home)
    light = {Loading.band, Loading.bodyweight}
    assert not [ex.id for _, ex in held if ex.loading in light]
    assert 12 <= hamstring_sets(program.weeks[0], catalog_for(home).by_id()) <= 16


def test_knee_pain_keeps_away_the_eccentric_pair_and_high_knee_stress() -> None:
    sore = athlete(experience="advanced", contraindications=["knee_pain"])
    held = [ex for _, ex in lines(solve(sore), sore)]
    assert not (
        any(ex.family == "nordic" for ex in held)
        and any(ex.family == "glute_ham_raise" for ex in held)
    )
    assert all(ex.knee_stress != "high" for ex in held)


def test_knee_pain_keeps_the_client_off_their_knees_where_a_curl_without_kneeling_fits() -> None:
    # benchmarks/coach/personas/masters_knee_pain.yaml: a full gym has seated and lying curls,
    # so a coach does not put a client with patellofemoral pain on a kneeling curl.
    sore = athlete(experience="intermediate", goals=["strength", "hypertrophy"],
                   contraindications=["knee_pain"])  # fmt: skip
    held = [ex for _, ex in lines(solve(sore), sore)]
    assert held and not [ex.id for ex in held if ex.kneeling]


def test_a_prevention_goal_gets_nordics_at_the_start_dose() -> None:
    prevent = athlete(experience="intermediate", goals=["injury_prevention"])
    nordic = [line for line, ex in lines(solve(prevent), prevent) if ex.family == "nordic"]
    assert nordic and sum(line.sets for line in nordic) == 2  # Petersen 2011's week 1


def test_quad_work_is_multi_joint_where_a_multi_joint_lift_fits() -> None:
    # ACSM 2009: emphasis on multiple-joint exercises. With the leg extension as cheap as any
    # quad lift outside a correction phase, the balanced lifter got 8 sets of it a week.
    from hamopt.domain.models import Action

    path = Path(__file__).resolve().parents[2] / "scenarios" / "balanced_lifter.yaml"
    sc = load_scenario(path)
    quads = [ex for _, ex in lines(solve(path), sc) if ex.is_quad]
    assert quads and all(Action.squat in ex.actions for ex in quads)
    # With only a leg extension machine and body weight, a trained lifter still gets it.
    machine = athlete(experience="intermediate", equipment=["leg_extension_machine", "bench"])
    assert any(ex.id == "leg_extension" for _, ex in lines(solve(machine), machine))


def test_a_weaker_side_gets_its_single_leg_curl_every_session_even_with_one_option() -> None:
    # A gym's own library (extends the shipped one) with a single-leg towel curl, the only
    # single-leg curl a home gym of dumbbells and a kettlebell can do. A coach gives the
    # weaker-legged client that curl in both sessions; before single-leg knee flexion was its
    # own job (domain/fit._job), variety allowed the floor-curl family once a week and the
    # second session went without.
    from hamopt.domain.models import Catalog, Laterality

    personas = Path(__file__).resolve().parents[2] / "benchmarks" / "coach" / "personas"
    sc = load_scenario(personas / "weaker_right_leg_home_dumbbells.yaml")
    shipped = catalog_for(sc)
    single = shipped.by_id()["towel_floor_leg_curl"].model_copy(
        update={
            "id": "single_leg_towel_floor_leg_curl",
            "name": "Single-leg towel floor leg curl",
            "laterality": Laterality.unilateral,
            "difficulty": Level.intermediate,
        }
    )
    library = Catalog(exercises=[*shipped.exercises, single])
    program = solve(sc, catalog=library)
    assert program.status == "optimal"
    assert {r.id: r.status for r in program.rules}["unilateral_for_imbalance"] == "kept"
    for session in program.weeks[0].sessions:
        assert single.id in [line.id for line in session.exercises]


def test_without_a_single_leg_curl_a_weaker_side_gets_a_single_leg_hinge_each_session() -> None:
    # The shipped catalog: the home gym has no single-leg curl. Seed 000 ranks single-leg
    # hinges next ("still have value, but ... less precise"): a coach gives the weaker right
    # leg the dumbbell single-leg Romanian deadlift in both sessions. Before, Monday had it
    # and Thursday a kettlebell swing, priced alike (2000 against 1000 now), and with the
    # half credit alone Thursday took a bodyweight single-leg bridge (variety allowed the
    # single-leg deadlift once a week until single-leg hinges were a job of their own).
    personas = Path(__file__).resolve().parents[2] / "benchmarks" / "coach" / "personas"
    sc = load_scenario(personas / "weaker_right_leg_home_dumbbells.yaml")
    program = solve(sc)
    assert program.status == "optimal"
    [report] = [r for r in program.rules if r.id == "unilateral_for_imbalance"]
    assert report.penalty == 2 * 500  # each session's knee-flexion instance only
    for session in program.weeks[0].sessions:
        assert "single_leg_romanian_deadlift" in [line.id for line in session.exercises]
