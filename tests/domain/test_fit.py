"""exercise_fit: the soft, explainable cost of one exercise for one athlete.

Each test compares two exercises (or one exercise for two athletes) on the shipped catalog, so
it fails if the preference it names disappears or flips.
"""

from __future__ import annotations

from typing import Any

import pytest

from hamopt.domain.catalog import default_catalog
from hamopt.domain.fit import (
    ABOVE_LEVEL,
    BEGINNER_HARD_TO_PROGRESS,
    HARD_TO_PROGRESS,
    KNEE_PAIN_COST,
    KNEELING_WITH_KNEE_PAIN,
    SINGLE_JOINT_QUAD,
    Fit,
    exercise_fit,
    fit_table,
    good_options,
    is_heavy_hinge,
    loadable_alternative,
    usable,
    weekly_sessions_allowed,
)
from hamopt.domain.models import BackLoad, Exercise, Laterality, Level, Phase, Scenario

CATALOG = default_catalog().exercises
BY_ID = default_catalog().by_id()


def scenario(**fields: Any) -> Scenario:
    data: dict[str, Any] = {
        "name": "fit test",
        "schedule": {"sessions_per_week": 2, "slots": [{"day": "mon"}, {"day": "thu"}]},
    }
    data.update(fields)
    return Scenario.model_validate(data)


def fit(ex_id: str, s: Scenario, phase: Phase | None = None) -> Fit:
    return exercise_fit(BY_ID[ex_id], s, CATALOG, phase)


def cost(ex_id: str, s: Scenario, phase: Phase | None = None) -> int:
    return fit(ex_id, s, phase).cost


INTERMEDIATE_GYM = scenario(athlete={"experience": "intermediate"}, equipment="full_gym")


def test_fit_is_deterministic_and_bounded() -> None:
    for s in (INTERMEDIATE_GYM, scenario(athlete={"experience": "beginner", "age": 70})):
        table = fit_table(s, CATALOG)
        assert table == fit_table(s, CATALOG)
        assert all(0 <= f.cost <= 100 for f in table.values())
        assert all(f.reasons or f.cost == 0 for f in table.values())


def test_intermediate_in_full_gym_prefers_dumbbell_split_squat_over_band_squat() -> None:
    assert cost("dumbbell_split_squat", INTERMEDIATE_GYM) == 0
    band = fit("band_squat", INTERMEDIATE_GYM)
    assert band.cost >= HARD_TO_PROGRESS
    assert any("band-loaded" in r for r in band.reasons)


def test_band_squat_not_penalised_when_nothing_loadable_exists() -> None:
    bands = scenario(athlete={"experience": "intermediate"}, equipment="home_bands")
    assert loadable_alternative(BY_ID["band_squat"], bands, CATALOG) is None
    assert cost("band_squat", bands) == 0


def test_band_curl_only_displaced_by_a_loadable_curl() -> None:
    # A barbell (hip-extension) does not replace a band curl; a dumbbell curl does.
    barbell_only = scenario(equipment=["barbell", "resistance_band"])
    assert cost("band_lying_leg_curl", barbell_only) == 0
    with_bench = scenario(equipment=["dumbbell", "bench", "resistance_band"])
    assert cost("band_lying_leg_curl", with_bench) == HARD_TO_PROGRESS


def test_bodyweight_at_the_lifters_level_is_not_hard_to_progress() -> None:
    advanced = scenario(athlete={"experience": "advanced"}, equipment="full_gym")
    assert not any("hard to progress" in r for r in fit("nordic_hamstring_curl", advanced).reasons)
    # ... but a beginner's bodyweight drill is, for an intermediate with machines.
    assert cost("towel_floor_leg_curl", INTERMEDIATE_GYM) == HARD_TO_PROGRESS


def test_a_beginner_pays_a_little_for_bodyweight_where_a_loadable_lift_is_at_hand() -> None:
    gym = scenario(athlete={"experience": "beginner"}, equipment="full_gym")
    squat = fit("bodyweight_squat", gym)
    assert squat.cost == BEGINNER_HARD_TO_PROGRESS < HARD_TO_PROGRESS
    assert any("beginner" in r for r in squat.reasons)
    assert cost("dumbbell_goblet_squat", gym) == 0
    # With nothing loadable, body weight is the beginner's good option and costs nothing.
    floor = scenario(athlete={"experience": "beginner"}, equipment="bodyweight_only")
    assert cost("bodyweight_squat", floor) == 0
    # The loadable curl is then the beginner's good option (one, so it may repeat).
    home = scenario(athlete={"experience": "beginner"}, equipment=["dumbbell", "bench"])
    assert good_options(BY_ID["towel_floor_leg_curl"], home, CATALOG) == 0
    assert good_options(BY_ID["dumbbell_lying_leg_curl"], home, CATALOG) >= 1


def test_beginner_glute_ham_raise_costs_more_than_seated_leg_curl() -> None:
    beginner = scenario(athlete={"experience": "beginner"})
    assert cost("seated_leg_curl", beginner) == 0
    assert cost("glute_ham_raise", beginner) >= 2 * ABOVE_LEVEL
    assert cost("dumbbell_romanian_deadlift", beginner) < cost("romanian_deadlift", beginner)


def test_naming_an_exercise_waives_the_level_cost() -> None:
    favour = {"favour": ["glute_ham_raise"]}
    wants = scenario(athlete={"experience": "beginner"}, preferences=favour)
    beginner = scenario(athlete={"experience": "beginner"})
    assert cost("glute_ham_raise", wants) < ABOVE_LEVEL < cost("glute_ham_raise", beginner)


def test_advanced_lifter_may_use_anything_skill_wise() -> None:
    advanced = scenario(athlete={"experience": "advanced"})
    assert not any("skill" in r for f in fit_table(advanced, CATALOG).values() for r in f.reasons)


def test_correction_phase_prefers_seed_quad_lifts_over_leg_extension() -> None:
    correction = scenario(phase="correction")
    assert cost("leg_extension", correction) > cost("dumbbell_split_squat", correction)
    assert any("seed 000" in r for r in fit("dumbbell_split_squat", correction).reasons)
    # The same leg extension does not pay the correction price in a balanced phase, or in a
    # balanced week of a correction-then-balance plan: only the single-joint one below.
    assert cost("leg_extension", scenario(phase="balanced")) == SINGLE_JOINT_QUAD
    assert cost("leg_extension", correction, Phase.balanced) == SINGLE_JOINT_QUAD


def test_a_multi_joint_quad_lift_is_preferred_where_one_fits() -> None:
    # ACSM 2009: single- and multiple-joint exercises, with emphasis on multiple-joint ones.
    balanced = scenario(phase="balanced", equipment="full_gym")
    assert cost("leg_extension", balanced) == SINGLE_JOINT_QUAD
    assert cost("leg_press", balanced) == cost("hack_squat", balanced) == 0
    assert any("multi-joint" in r for r in fit("leg_extension", balanced).reasons)
    # With nothing multi-joint at hand, the leg extension is the quad lift and costs nothing.
    machine_only = scenario(phase="balanced", equipment=["leg_extension_machine"])
    assert cost("leg_extension", machine_only) == 0
    # A knee that cannot take squats (knee pain rules out high knee stress): nothing
    # multi-joint fits, so no single-joint price either.
    assert not any(
        "multi-joint" in r
        for r in fit(
            "leg_extension",
            scenario(
                phase="balanced",
                equipment=["leg_extension_machine", "leg_press_machine"],
                athlete={"contraindications": ["knee_pain"]},
            ),
        ).reasons
    )


def test_strength_goal_makes_romanian_deadlift_cheaper() -> None:
    assert is_heavy_hinge(BY_ID["romanian_deadlift"])
    strength = scenario(athlete={"goals": ["strength"]})
    hypertrophy = scenario(athlete={"goals": ["hypertrophy"]})
    assert cost("romanian_deadlift", strength) < cost("romanian_deadlift", hypertrophy)
    # A light band hinge is not what a strength goal asks for.
    assert not is_heavy_hinge(BY_ID["band_romanian_deadlift"])


def test_injury_prevention_makes_the_nordic_cheaper() -> None:
    advanced = {"experience": "advanced"}
    prevention = scenario(athlete={**advanced, "goals": ["injury_prevention"]})
    hypertrophy = scenario(athlete={**advanced, "goals": ["hypertrophy"]})
    assert cost("nordic_hamstring_curl", prevention) < cost("nordic_hamstring_curl", hypertrophy)


def test_masters_with_knee_pain_penalise_high_knee_stress() -> None:
    young = scenario(athlete={"age": 30})
    masters_knee = scenario(athlete={"age": 60, "contraindications": ["knee_pain"]})
    assert BY_ID["back_squat"].knee_stress == "high"
    assert cost("back_squat", masters_knee) > cost("back_squat", young)
    assert cost("back_squat", masters_knee) > cost("dumbbell_split_squat", masters_knee)
    # Each alone counts, together more.
    masters = scenario(athlete={"age": 60})
    knee = scenario(athlete={"age": 30, "contraindications": ["knee_pain"]})
    both = cost("back_squat", masters_knee)
    assert cost("back_squat", young) < cost("back_squat", masters) < both
    assert cost("back_squat", young) < cost("back_squat", knee) < both


def test_low_back_pain_penalises_high_lower_back_load() -> None:
    back = scenario(athlete={"contraindications": ["low_back_pain"]})
    assert cost("good_morning", back) > cost("good_morning", scenario())
    assert cost("seated_leg_curl", back) == 0


def test_high_fatigue_costs_more_for_a_beginner() -> None:
    beginner = scenario(athlete={"experience": "beginner"})
    intermediate = scenario(athlete={"experience": "intermediate"})
    assert BY_ID["conventional_deadlift"].fatigue == "high"

    def recovery(s: Scenario) -> list[str]:
        return [r for r in fit("conventional_deadlift", s).reasons if "recovery" in r]

    assert len(recovery(beginner)) == 2
    assert len(recovery(intermediate)) == 1
    assert cost("conventional_deadlift", beginner) > cost("conventional_deadlift", intermediate)


@pytest.mark.parametrize("profile", ["home_bands", "bodyweight_only", "home_gym"])
def test_fit_table_only_lists_usable_exercises(profile: str) -> None:
    s = scenario(equipment=profile)
    table = fit_table(s, CATALOG)
    have = s.equipment_set()
    assert table
    assert all(set(BY_ID[i].equipment) <= have for i in table)


def test_fit_reads_a_scenario_exercise_without_the_new_fields() -> None:
    own = Exercise.model_validate(
        {
            "id": "partner_band_curl",
            "name": "Partner band curl",
            "region": "hamstrings",
            "actions": ["knee_flexion"],
            "stimulus": {
                "bf_long": 0.6, "bf_short": 0.6, "semitendinosus": 0.6, "semimembranosus": 0.6,
            },
            "equipment": ["resistance_band"],
            "difficulty": "beginner",
            "source": "estimated from anatomy",
        }
    )  # fmt: skip
    assert own.family == "partner_band_curl"
    assert own.loading == "band"
    assert exercise_fit(own, INTERMEDIATE_GYM, [*CATALOG, own]).cost == HARD_TO_PROGRESS


def _curl_allowance(ex_id: str, s: Scenario) -> int:
    return weekly_sessions_allowed(BY_ID[ex_id], s, CATALOG, limit=1)


def test_two_loadable_curls_alternate_over_three_sessions() -> None:
    # A hotel gym (dumbbells, bench, cable): the cable and the dumbbell lying curl are the
    # intermediate's two loadable curls; three sessions share them A, B, A.
    hotel = scenario(
        athlete={"experience": "intermediate"},
        equipment=["dumbbell", "bench", "cable_station"],
        schedule={
            "sessions_per_week": 3,
            "slots": [{"day": "mon"}, {"day": "wed"}, {"day": "fri"}],
        },
    )
    assert good_options(BY_ID["cable_standing_leg_curl"], hotel, CATALOG) == 2
    assert _curl_allowance("cable_standing_leg_curl", hotel) == 2
    # The floor curl is a step down for them, so it gets no allowance of its own.
    assert good_options(BY_ID["towel_floor_leg_curl"], hotel, CATALOG) == 0
    assert _curl_allowance("towel_floor_leg_curl", hotel) == 1
    # Twice a week, two curls are enough: no repeat.
    two = scenario(
        athlete={"experience": "intermediate"}, equipment=["dumbbell", "bench", "cable_station"]
    )
    assert _curl_allowance("cable_standing_leg_curl", two) == 1


def test_a_full_gym_never_repeats_and_a_lone_option_always_may() -> None:
    assert _curl_allowance("seated_leg_curl", INTERMEDIATE_GYM) == 1
    # A bodyweight-only beginner's one knee-flexion exercise at their level repeats.
    floor = scenario(athlete={"experience": "beginner"}, equipment="bodyweight_only")
    assert good_options(BY_ID["towel_floor_leg_curl"], floor, CATALOG) == 1
    assert _curl_allowance("towel_floor_leg_curl", floor) == 2


def test_knee_pain_prices_kneeling_on_top_of_knee_stress() -> None:
    sore = scenario(
        athlete={"experience": "intermediate", "contraindications": ["knee_pain"]},
        equipment="full_gym",
    )
    # The kneeling curl and the seated curl: moderate and low knee stress; only one kneels.
    kneeling = fit("kneeling_leg_curl", sore)
    assert kneeling.cost == KNEE_PAIN_COST[BackLoad.moderate] + KNEELING_WITH_KNEE_PAIN
    assert any("kneeling on a sore knee" in r for r in kneeling.reasons)
    assert cost("seated_leg_curl", sore) == 0
    # Without knee pain kneeling costs nothing.
    assert cost("kneeling_leg_curl", INTERMEDIATE_GYM) == 0


def test_conditions_rule_out_what_the_contraindications_rule_excludes() -> None:
    back = scenario(
        athlete={"experience": "intermediate", "contraindications": ["low_back_pain"]},
        equipment="full_gym",
    )
    assert not usable(BY_ID["romanian_deadlift"], back)
    assert usable(BY_ID["barbell_hip_thrust"], back)
    knees = scenario(athlete={"contraindications": ["cannot_kneel"]}, equipment="full_gym")
    assert not usable(BY_ID["nordic_hamstring_curl"], knees)
    # An excluded exercise is never named as the loadable alternative.
    alternative = loadable_alternative(BY_ID["straight_leg_bridge"], back, CATALOG)
    assert alternative is not None and usable(alternative, back)


def test_with_nothing_loadable_the_bodyweight_options_are_the_good_ones() -> None:
    # An intermediate traveller with no equipment: the floor curl is their best curl, so it
    # may repeat over two sessions instead of five sets once.
    floor = scenario(athlete={"experience": "intermediate"}, equipment="bodyweight_only")
    assert good_options(BY_ID["towel_floor_leg_curl"], floor, CATALOG) >= 1
    assert _curl_allowance("towel_floor_leg_curl", floor) == 2


# A gym's own library (--catalog, extends: default) with a single-leg version of the towel
# curl: the shipped catalog has no single-leg curl that needs no machine, ball or sliders.
SINGLE_LEG_TOWEL_CURL = BY_ID["towel_floor_leg_curl"].model_copy(
    update={
        "id": "single_leg_towel_floor_leg_curl",
        "name": "Single-leg towel floor leg curl",
        "laterality": Laterality.unilateral,
        "difficulty": Level.intermediate,
    }
)
WITH_SINGLE_LEG_TOWEL_CURL = [*CATALOG, SINGLE_LEG_TOWEL_CURL]


def test_a_weaker_side_makes_single_leg_knee_flexion_a_job_of_its_own() -> None:
    # Dumbbells, a kettlebell and a bench at home, a weaker right leg: every session needs a
    # single-leg curl (unilateral_for_imbalance) and the single-leg towel curl is the only one.
    # The two-leg dumbbell curl does not do that job, so the towel curl is no step down from it
    # and its family may repeat in both sessions.
    single, library = SINGLE_LEG_TOWEL_CURL, WITH_SINGLE_LEG_TOWEL_CURL
    athlete = {"experience": "intermediate", "weaker_side": "right"}
    home = scenario(athlete=athlete, equipment="home_dumbbells_kettlebell")
    assert good_options(single, home, library) == 1
    assert weekly_sessions_allowed(single, home, library, limit=1) == 2
    assert exercise_fit(single, home, library).cost == 0
    # Without a weaker side it is one curl among the others, a step down from the dumbbell.
    even = scenario(athlete={"experience": "intermediate"}, equipment="home_dumbbells_kettlebell")
    assert good_options(single, even, library) == 0
    assert weekly_sessions_allowed(single, even, library, limit=1) == 1
    assert exercise_fit(single, even, library).cost == HARD_TO_PROGRESS
    # Nor is a two-leg curl a weaker-side athlete's single-leg option, or the reverse.
    assert loadable_alternative(single, home, library) is None
    assert loadable_alternative(single, even, library) == BY_ID["dumbbell_lying_leg_curl"]


def test_a_weaker_side_makes_single_leg_hip_extension_a_job_of_its_own() -> None:
    # The same home gym has no single-leg curl at all; unilateral_for_imbalance then takes a
    # single-leg hinge for half. The dumbbell single-leg Romanian deadlift and the kettlebell
    # single-leg deadlift are one loadable family, so it may come in both sessions, and the
    # bodyweight single-leg bridge is a step down from it, not from the two-leg hinges.
    srdl, bridge = BY_ID["single_leg_romanian_deadlift"], BY_ID["single_leg_glute_bridge"]
    athlete = {"experience": "intermediate", "weaker_side": "right"}
    home = scenario(athlete=athlete, equipment="home_dumbbells_kettlebell")
    assert good_options(srdl, home, CATALOG) == 1
    assert weekly_sessions_allowed(srdl, home, CATALOG, limit=1) == 2
    assert loadable_alternative(bridge, home, CATALOG) in (
        srdl,
        BY_ID["kettlebell_single_leg_deadlift"],
    )
    # Without a weaker side the single-leg hinge is one hinge among several loadable ones.
    even = scenario(athlete={"experience": "intermediate"}, equipment="home_dumbbells_kettlebell")
    assert good_options(srdl, even, CATALOG) > 1
    assert weekly_sessions_allowed(srdl, even, CATALOG, limit=1) == 1


def test_low_back_pain_leaves_the_hip_thrust_as_the_one_good_loadable_hip_extension() -> None:
    # The back extension and the RDLs stay usable (light) but cost the back: a coach
    # alternates the joint-friendly options, so the hip thrust may be in both sessions.
    back = scenario(
        athlete={"experience": "intermediate", "contraindications": ["low_back_pain"]},
        equipment="full_gym",
    )
    assert good_options(BY_ID["barbell_hip_thrust"], back, CATALOG) == 1
    assert good_options(BY_ID["incline_back_extension"], back, CATALOG) == 0
    assert weekly_sessions_allowed(BY_ID["barbell_hip_thrust"], back, CATALOG, limit=1) == 2
    assert good_options(BY_ID["barbell_hip_thrust"], INTERMEDIATE_GYM, CATALOG) > 2


def _good_options_by_definition(exercise: Exercise, s: Scenario) -> int:
    """good_options read straight off its docstring, scanning the catalog: the reference the
    counted version must match."""
    from hamopt.domain.fit import LOADABLE, _job, _joint_terms
    from hamopt.domain.models import LEVEL_RANK

    def good(e: Exercise) -> bool:
        return (
            LEVEL_RANK[e.difficulty] <= LEVEL_RANK[s.athlete.experience]
            and usable(e, s)
            and not _joint_terms(e, s)
        )

    if not good(exercise):
        return 0
    peers = [
        e for e in CATALOG if e.id != exercise.id and _job(e, s) == _job(exercise, s) and good(e)
    ]
    loadable = [e for e in peers if e.loading in LOADABLE]
    own = {exercise.family or exercise.id}
    if loadable or exercise.loading in LOADABLE:
        if exercise.loading not in LOADABLE:
            return 0
        return len(own | {e.family or e.id for e in loadable})  # families, not exercises
    return len(own | {e.family or e.id for e in peers})


@pytest.mark.parametrize("level", ["beginner", "intermediate", "advanced"])
@pytest.mark.parametrize(
    "equipment",
    ["full_gym", "bodyweight_only", "home_bands", ["dumbbell", "bench", "cable_station"]],
)
@pytest.mark.parametrize("weaker_side", [None, "left"])
def test_good_options_counts_as_its_definition_reads(
    level: str, equipment: Any, weaker_side: str | None
) -> None:
    s = scenario(
        athlete={
            "experience": level, "contraindications": ["knee_pain"], "weaker_side": weaker_side
        },
        equipment=equipment,
    )  # fmt: skip
    for exercise in CATALOG:
        assert good_options(exercise, s, CATALOG) == _good_options_by_definition(exercise, s), (
            exercise.id
        )
