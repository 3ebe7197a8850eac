"""Direct tests of the pydantic models: bounds, validators and helpers."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from hamopt.domain.models import (
    EQUIPMENT_PROFILES,
    MAX_CATALOG,
    MAX_SLOTS,
    MAX_WEEKS,
    Action,
    Catalog,
    Equipment,
    Exercise,
    Preferences,
    Program,
    ProgramExercise,
    ProgramSession,
    RuleOverride,
    RuleSet,
    Scenario,
    Schedule,
    Slot,
    Stimulus,
)

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def exercise(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "test_curl",
        "name": "Test curl",
        "region": "hamstrings",
        "actions": ["knee_flexion"],
        "stimulus": {
            "bf_long": 0.6,
            "bf_short": 0.7,
            "semitendinosus": 0.6,
            "semimembranosus": 0.5,
        },
        "source": "a test",
    }
    data.update(changes)
    return data


def scenario(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Test",
        "schedule": {
            "sessions_per_week": 2,
            "slots": [{"day": "mon", "time": "18:00"}, {"day": "thu"}],
        },
    }
    data.update(changes)
    return data


def slots(n: int) -> list[dict[str, str]]:
    return [{"day": DAY_NAMES[i % 7], "time": f"{6 + i // 7:02d}:00"} for i in range(n)]


def error_locs(exc: pytest.ExceptionInfo[ValidationError]) -> list[tuple[Any, ...]]:
    return [tuple(e["loc"]) for e in exc.value.errors()]


# --- exercises ------------------------------------------------------------------------


def test_a_valid_exercise_gets_defaults() -> None:
    ex = Exercise.model_validate(exercise())
    assert ex.equipment == []
    assert ex.rep_range == (6, 20)
    assert ex.is_knee_flexion and ex.is_hamstring and not ex.is_hip_extension
    assert ex.stimulus.total() == pytest.approx(2.4)


def test_anatomy_rejects_bf_short_without_knee_flexion() -> None:
    with pytest.raises(ValidationError, match="bf_short must be 0"):
        Exercise.model_validate(exercise(actions=["hip_extension"]))


def test_anatomy_allows_a_hip_hinge_with_zero_bf_short() -> None:
    stim = {"bf_long": 0.8, "bf_short": 0.0, "semitendinosus": 0.7, "semimembranosus": 0.8}
    ex = Exercise.model_validate(exercise(actions=["hip_extension"], stimulus=stim))
    assert ex.is_hip_extension and not ex.is_knee_flexion


def test_a_hamstring_exercise_needs_a_hamstring_action() -> None:
    stim = {"bf_long": 0, "bf_short": 0, "semitendinosus": 0, "semimembranosus": 0}
    with pytest.raises(ValidationError, match="knee_flexion or hip_extension"):
        Exercise.model_validate(exercise(actions=["squat"], stimulus=stim))


@pytest.mark.parametrize("value", [-0.1, 1.5])
def test_stimulus_is_between_0_and_1(value: float) -> None:
    with pytest.raises(ValidationError):
        Stimulus(bf_long=value, bf_short=0, semitendinosus=0, semimembranosus=0)


@pytest.mark.parametrize("bad", ["Curl", "1curl", "curl-x", "", "a" * 65])
def test_exercise_ids_are_lower_snake_case(bad: str) -> None:
    with pytest.raises(ValidationError) as exc:
        Exercise.model_validate(exercise(id=bad))
    assert ("id",) in error_locs(exc)


@pytest.mark.parametrize("rep_range", [[0, 5], [12, 6], [5, 51]])
def test_rep_range_is_ordered_and_bounded(rep_range: list[int]) -> None:
    with pytest.raises(ValidationError, match="rep_range"):
        Exercise.model_validate(exercise(rep_range=rep_range))


def test_actions_and_equipment_list_each_item_once() -> None:
    with pytest.raises(ValidationError, match="once"):
        Exercise.model_validate(exercise(actions=["knee_flexion", "knee_flexion"]))
    with pytest.raises(ValidationError, match="once"):
        Exercise.model_validate(exercise(equipment=["bench", "bench"]))


def test_exercise_forbids_unknown_keys() -> None:
    with pytest.raises(ValidationError) as exc:
        Exercise.model_validate(exercise(colour="red"))
    assert exc.value.errors()[0]["type"] == "extra_forbidden"


# --- catalog --------------------------------------------------------------------------


def test_catalog_rejects_duplicate_ids() -> None:
    with pytest.raises(ValidationError, match="duplicate exercise id 'test_curl'"):
        Catalog.model_validate({"exercises": [exercise(), exercise()]})


def test_catalog_progresses_to_must_exist() -> None:
    with pytest.raises(ValidationError, match="progresses_to 'nowhere'"):
        Catalog.model_validate({"exercises": [exercise(progresses_to="nowhere")]})
    ok = Catalog.model_validate(
        {"exercises": [exercise(progresses_to="next_curl"), exercise(id="next_curl")]}
    )
    assert set(ok.by_id()) == {"test_curl", "next_curl"}


def test_catalog_size_is_bounded() -> None:
    with pytest.raises(ValidationError):
        Catalog.model_validate({"exercises": []})
    too_many = [exercise(id=f"curl_{i}") for i in range(MAX_CATALOG + 1)]
    with pytest.raises(ValidationError, match=f"at most {MAX_CATALOG}"):
        Catalog.model_validate({"exercises": too_many})


# --- slots and schedules --------------------------------------------------------------


def test_slot_hour_of_week() -> None:
    assert Slot(day="mon", time="00:00").hour_of_week == 0
    assert Slot(day="tue", time="18:30").hour_of_week == pytest.approx(24 + 18.5)
    assert Slot(day="sun", time="23:59").hour_of_week == pytest.approx(6 * 24 + 23 + 59 / 60)


def test_slot_without_time_counts_from_noon() -> None:
    assert Slot(day="wed").hour_of_week == 2 * 24 + 12
    assert Slot(day="wed").hour_of_week == Slot(day="wed", time="12:00").hour_of_week


def test_slot_label_and_case_insensitive_day() -> None:
    assert Slot(day="MON", time="07:00").label == "Mon 07:00"  # type: ignore[arg-type]
    assert Slot(day="fri").label == "Fri"


@pytest.mark.parametrize("time", ["24:00", "7:00", "18:60", "6pm", "18.00", ""])
def test_slot_time_must_be_hh_mm(time: str) -> None:
    with pytest.raises(ValidationError, match="HH:MM"):
        Slot(day="mon", time=time)


def test_slot_day_must_be_a_weekday_name() -> None:
    with pytest.raises(ValidationError) as exc:
        Slot.model_validate({"day": "funday"})
    assert exc.value.errors()[0]["type"] == "literal_error"


@pytest.mark.parametrize("sessions", [0, 8, 99, -1])
def test_sessions_per_week_is_1_to_7(sessions: int) -> None:
    with pytest.raises(ValidationError):
        Schedule.model_validate({"sessions_per_week": sessions, "slots": slots(2)})


@pytest.mark.parametrize("minutes", [0, 9, 241, -5])
def test_minutes_per_session_is_bounded(minutes: int) -> None:
    with pytest.raises(ValidationError):
        Schedule.model_validate(
            {"sessions_per_week": 2, "minutes_per_session": minutes, "slots": slots(2)}
        )


def test_slots_are_bounded_and_distinct() -> None:
    assert (
        len(Schedule.model_validate({"sessions_per_week": 7, "slots": slots(MAX_SLOTS)}).slots)
        == MAX_SLOTS
    )
    with pytest.raises(ValidationError, match=f"at most {MAX_SLOTS}"):
        Schedule.model_validate({"sessions_per_week": 7, "slots": slots(MAX_SLOTS + 1)})
    with pytest.raises(ValidationError, match="at least 1"):
        Schedule.model_validate({"sessions_per_week": 1, "slots": []})
    with pytest.raises(ValidationError, match="same day and time twice"):
        Schedule.model_validate({"sessions_per_week": 1, "slots": [{"day": "mon"}, {"day": "mon"}]})


# --- scenarios ------------------------------------------------------------------------


def test_scenario_defaults() -> None:
    s = Scenario.model_validate(scenario())
    assert s.equipment == "full_gym"
    assert s.weeks == 1 and s.rules == "default"
    assert s.phase == "balanced"
    assert s.preferences == Preferences()


@pytest.mark.parametrize("weeks", [0, MAX_WEEKS + 1, 500])
def test_weeks_is_bounded(weeks: int) -> None:
    with pytest.raises(ValidationError):
        Scenario.model_validate(scenario(weeks=weeks))


def test_equipment_profiles_cover_the_vocabulary() -> None:
    assert set(EQUIPMENT_PROFILES["full_gym"]) == set(Equipment)
    assert EQUIPMENT_PROFILES["bodyweight_only"] == ()
    assert EQUIPMENT_PROFILES["home_bands"] == (Equipment.resistance_band,)
    for items in EQUIPMENT_PROFILES.values():
        assert all(isinstance(i, Equipment) for i in items)
        assert len(set(items)) == len(items)


@pytest.mark.parametrize("profile", list(EQUIPMENT_PROFILES))
def test_equipment_set_from_a_profile(profile: str) -> None:
    s = Scenario.model_validate(scenario(equipment=profile))
    assert s.equipment_set() == frozenset(EQUIPMENT_PROFILES[profile])


def test_equipment_set_from_a_list() -> None:
    s = Scenario.model_validate(scenario(equipment=["barbell", "bench"]))
    assert s.equipment_set() == frozenset({Equipment.barbell, Equipment.bench})
    assert Scenario.model_validate(scenario(equipment=[])).equipment_set() == frozenset()


def test_equipment_rejects_unknown_profile_ids_and_repeats() -> None:
    with pytest.raises(ValidationError, match="unknown equipment profile 'home_gim'"):
        Scenario.model_validate(scenario(equipment="home_gim"))
    with pytest.raises(ValidationError):
        Scenario.model_validate(scenario(equipment=["barbell", "laser"]))
    with pytest.raises(ValidationError, match="twice"):
        Scenario.model_validate(scenario(equipment=["barbell", "barbell"]))


def test_scenario_forbids_unknown_keys_at_every_level() -> None:
    for bad in (
        scenario(colour="red"),
        scenario(athlete={"experience": "beginner", "height": 180}),
        scenario(schedule={"sessions_per_week": 1, "slots": [{"day": "mon", "x": 1}]}),
    ):
        with pytest.raises(ValidationError) as exc:
            Scenario.model_validate(bad)
        assert exc.value.errors()[0]["type"] == "extra_forbidden"


def test_preferences_all_ids() -> None:
    prefs = Preferences(include=["a_one"], exclude=["b_two"], favour=["c_three"], avoid=["d_four"])
    assert prefs.all_ids() == [
        ("include", "a_one"),
        ("exclude", "b_two"),
        ("favour", "c_three"),
        ("avoid", "d_four"),
    ]


def test_overrides_are_keyed_by_identifier() -> None:
    s = Scenario.model_validate(scenario(overrides={"recovery_spacing": {"mode": "soft"}}))
    assert s.overrides["recovery_spacing"] == RuleOverride(mode="soft")
    with pytest.raises(ValidationError):
        Scenario.model_validate(scenario(overrides={"Bad-Id": {}}))
    with pytest.raises(ValidationError):
        Scenario.model_validate(scenario(overrides={"recovery_spacing": {"mode": "maybe"}}))
    with pytest.raises(ValidationError):
        Scenario.model_validate(scenario(overrides={"recovery_spacing": {"weight": -1}}))


def test_scenario_exercise_count_is_bounded() -> None:
    many = [exercise(id=f"curl_{i}") for i in range(201)]
    with pytest.raises(ValidationError, match="at most 200"):
        Scenario.model_validate(scenario(exercises=many))


# --- rule sets and programs -----------------------------------------------------------


def test_ruleset_defaults_and_modes() -> None:
    rs = RuleSet.model_validate({"name": "x", "rules": {"equipment": {}}})
    # No mode written: None, so the rule's own default mode applies when the set resolves.
    assert rs.rules["equipment"].mode is None and rs.rules["equipment"].weight == 1
    with pytest.raises(ValidationError):
        RuleSet.model_validate({"name": "x", "rules": {"equipment": {"mode": "strict"}}})
    with pytest.raises(ValidationError):
        RuleSet.model_validate({"name": "", "rules": {}})


def _pe(ex_id: str, order: int | None = None) -> ProgramExercise:
    return ProgramExercise(id=ex_id, sets=3, reps=(8, 12), order=order)


def test_program_session_ordered_by_order_then_listing() -> None:
    session = ProgramSession(day="mon", exercises=[_pe("c_ex", 3), _pe("a_ex", 1), _pe("b_ex", 2)])
    assert [e.id for e in session.ordered()] == ["a_ex", "b_ex", "c_ex"]


def test_program_session_ordered_keeps_listing_without_order() -> None:
    session = ProgramSession(day="mon", exercises=[_pe("x_ex"), _pe("y_ex"), _pe("z_ex")])
    assert [e.id for e in session.ordered()] == ["x_ex", "y_ex", "z_ex"]


def test_program_session_ordered_mixes_explicit_and_listed_positions() -> None:
    # Without `order`, an exercise sits at its listing position (1-based); ties keep listing.
    session = ProgramSession(day="mon", exercises=[_pe("a_ex"), _pe("b_ex"), _pe("c_ex", 1)])
    assert [e.id for e in session.ordered()] == ["a_ex", "c_ex", "b_ex"]


def test_program_session_slot_and_time() -> None:
    session = ProgramSession(day="tue", time="07:00")
    assert session.slot == Slot(day="tue", time="07:00")
    with pytest.raises(ValidationError, match="HH:MM"):
        ProgramSession(day="tue", time="7am")


def test_program_exercise_bounds() -> None:
    with pytest.raises(ValidationError):
        ProgramExercise(id="x_ex", sets=0, reps=(8, 12))
    with pytest.raises(ValidationError):
        ProgramExercise(id="x_ex", sets=21, reps=(8, 12))
    with pytest.raises(ValidationError, match="reps"):
        ProgramExercise(id="x_ex", sets=3, reps=(12, 8))


def test_program_defaults_and_bounds() -> None:
    program = Program()
    assert program.status == "manual" and program.weeks == []
    with pytest.raises(ValidationError):
        Program.model_validate({"status": "great"})
    with pytest.raises(ValidationError):
        Program.model_validate({"weeks": [{"week": MAX_WEEKS + 1}]})


def test_validate_assignment_is_on() -> None:
    s = Scenario.model_validate(scenario())
    with pytest.raises(ValidationError):
        s.weeks = 0
    ex = Exercise.model_validate(exercise())
    with pytest.raises(ValidationError):
        ex.actions = [Action.knee_flexion, Action.knee_flexion]
