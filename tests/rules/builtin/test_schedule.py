"""The schedule checker: what `hamopt check` says of a hand-written program's week itself."""

from __future__ import annotations

from pathlib import Path

from hamopt.domain.catalog import catalog_for
from hamopt.domain.models import Program
from hamopt.engine.check import check_program
from hamopt.inputs.loading import load_scenario
from hamopt.rules.builtin.schedule import ACTIVE_SCHEDULE

ROOT = Path(__file__).resolve().parents[3]
SCENARIO = load_scenario(ROOT / "scenarios" / "quad_dominant_intermediate_full_gym.yaml")


def program(*sessions: tuple[str, str | None, list[str]]) -> Program:
    return Program.model_validate(
        {
            "weeks": [
                {
                    "week": 1,
                    "sessions": [
                        {
                            "day": day,
                            "time": time,
                            "exercises": [{"id": i, "sets": 3, "reps": [8, 12]} for i in ids],
                        }
                        for day, time, ids in sessions
                    ],
                }
            ],
        }
    )


def schedule_messages(p: Program) -> list[str]:
    [verdict] = [
        v
        for v in check_program(p, SCENARIO, catalog_for(SCENARIO), [])
        if v.active is ACTIVE_SCHEDULE
    ]
    return [v.message for v in verdict.violations]


def test_a_week_on_the_scenarios_slots_keeps_the_schedule() -> None:
    good = program(("mon", "18:00", ["seated_leg_curl"]), ("wed", "18:00", ["romanian_deadlift"]))
    assert schedule_messages(good) == []


def test_wrong_number_of_sessions() -> None:
    one = program(("mon", "18:00", ["seated_leg_curl"]))
    assert schedule_messages(one) == ["1 sessions; the scenario asks for 2"]


def test_a_session_off_the_slots_without_hamstrings_and_a_line_twice() -> None:
    bad = program(
        ("tue", "09:00", ["back_squat"]),
        ("mon", "18:00", ["seated_leg_curl", "seated_leg_curl"]),
    )
    messages = schedule_messages(bad)
    assert any(m.startswith("Tue 09:00 is not one of the scenario's slots") for m in messages)
    assert "Tue 09:00 has no hamstring exercise" in messages
    assert "Mon 18:00 lists seated_leg_curl twice" in messages


def test_the_schedule_is_always_checked_and_reported_first() -> None:
    verdicts = check_program(program(), SCENARIO, catalog_for(SCENARIO), [])
    assert [v.active.id for v in verdicts] == ["schedule"]


def test_the_justification_names_the_sessions_held_and_any_without_hamstrings() -> None:
    def said(p: Program) -> str:
        [verdict] = [
            v
            for v in check_program(p, SCENARIO, catalog_for(SCENARIO), [])
            if v.active is ACTIVE_SCHEDULE
        ]
        return verdict.justification

    slots = len(SCENARIO.schedule.slots)
    good = program(("mon", "18:00", ["seated_leg_curl"]), ("wed", "18:00", ["romanian_deadlift"]))
    assert (
        said(good) == f"2 of 2 sessions: Mon 18:00 and Wed 18:00, from the scenario's {slots} slots"
    )
    quads = program(("mon", "18:00", ["back_squat"]))
    assert said(quads).startswith("1 of 2 sessions: Mon 18:00 (Mon 18:00 without hamstring work)")
