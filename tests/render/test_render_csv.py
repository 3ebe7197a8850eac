"""`--format csv`: one row per week x session x exercise, read back with the csv module."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from render_samples import (
    TRICKY_CUE,
    changing_program,
    infeasible_program,
    plan_program,
    scenario,
    untimed_program,
)

import hamopt
from hamopt.api.frames import csv_dtypes
from hamopt.domain.models import Program, ProgramExercise, ProgramSession, ProgramWeek
from hamopt.render.common import RenderContext
from hamopt.render.csv_rows import columns, to_csv
from hamopt.rules.registry import all_rules

all_rules()  # the rules' line fields (rotation) are CSV columns
COLUMNS = columns()


def read(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert tuple(reader.fieldnames or ()) == COLUMNS
    return list(reader)


def rebuild(rows: list[dict[str, str]]) -> list[ProgramWeek]:
    """The program's weeks back from the rows alone (the round trip a gym's import makes)."""
    weeks: dict[int, dict[str, ProgramSession]] = {}
    phases: dict[int, str] = {}
    marks: dict[int, dict[str, bool]] = {}
    for row in rows:
        week = int(row["week"])
        phases[week] = row["phase"]
        marks[week] = {k: row[k] == "true" for k in ("transition", "deload")}
        key = f"{row['day']} {row['time']}"
        session = weeks.setdefault(week, {}).setdefault(
            key, ProgramSession(day=row["day"], time=row["time"] or None)
        )
        session.exercises.append(
            ProgramExercise(
                id=row["exercise_id"],
                name=row["exercise"] or None,
                sets=int(row["sets"]),
                reps=(int(row["reps_min"]), int(row["reps_max"])),
                order=int(row["order"]),
                region=row["region"] or None,
                actions=row["actions"].split(";") if row["actions"] else [],
                heads=row["heads"].split(";") if row["heads"] else [],
                tempo=row["tempo"] or None,
                rest=row["rest"] or None,
                cue=row["cue"] or None,
                notes=row["notes"] or None,
                rotation=row["rotation"] or None,
                target_reps=int(row["target_reps"]) if row["target_reps"] else None,
                load_change=row["load_change"] or None,
            )
        )
    return [
        ProgramWeek(week=w, phase=phases[w], sessions=list(sessions.values()), **marks[w])
        for w, sessions in sorted(weeks.items())
    ]


def comparable(program: Program) -> list[ProgramWeek]:
    """The original weeks with what the CSV does not carry (the session estimate) cleared."""
    weeks = [week.model_copy(deep=True) for week in program.weeks]
    for week in weeks:
        for session in week.sessions:
            session.minutes = None
    return weeks


def test_round_trip_every_field_of_every_line() -> None:
    program = changing_program()
    program.weeks[1].sessions[1].exercises[0].set_extra("rotation", "toes_out")
    rows = read(to_csv(program))
    assert len(rows) == 3 * 5  # 3 weeks x (3 + 2) exercises
    assert rebuild(rows) == comparable(program)


def test_round_trip_a_plan_with_targets_deload_and_transition() -> None:
    program = plan_program()
    rows = read(to_csv(program))
    assert [r["target_reps"] for r in rows if r["exercise_id"] == "standing_leg_curl"][:5] == [
        "8", "10", "12", "8", "8"
    ]  # fmt: skip
    assert {r["load_change"] for r in rows if r["week"] == "4" and r["order"] == "1"} == {
        "+2.5 kg", ""
    }  # fmt: skip
    assert {(r["week"], r["deload"], r["transition"]) for r in rows if r["week"] in "456"} == {
        ("4", "false", "false"), ("5", "true", "false"), ("6", "false", "true")
    }  # fmt: skip
    assert rebuild(rows) == comparable(program)


def test_free_text_survives_quoting() -> None:
    rows = read(to_csv(changing_program()))
    assert rows[3]["cue"] == TRICKY_CUE  # commas, quotes, <, & and a line break, unchanged


def test_dates_workout_numbers_and_session_minutes() -> None:
    program = changing_program()
    context = RenderContext(scenario=scenario(minutes=45), start=date(2025, 1, 8))
    rows = read(to_csv(program, context))
    mondays = [r for r in rows if r["day"] == "mon" and r["order"] == "1"]
    fridays = [r for r in rows if r["day"] == "fri" and r["order"] == "1"]
    # Start on a Wednesday: Friday comes first (workout 1), Monday is workout 2.
    assert [r["date"] for r in fridays] == ["2025-01-10", "2025-01-17", "2025-01-24"]
    assert [r["date"] for r in mondays] == ["2025-01-13", "2025-01-20", "2025-01-27"]
    assert {r["workout"] for r in fridays} == {"1"} and {r["workout"] for r in mondays} == {"2"}
    # Monday carries the program's own estimate (52); Friday falls back to the scenario's 45.
    assert {r["minutes"] for r in mondays} == {"52"} and {r["minutes"] for r in fridays} == {"45"}
    assert [r["label"] for r in rows[:5]] == ["A", "B", "A", "B", "C"]


def test_without_a_start_date_the_date_column_is_empty() -> None:
    rows = read(to_csv(changing_program()))
    assert {r["date"] for r in rows} == {""}
    assert {r["minutes"] for r in rows if r["day"] == "fri"} == {"60"}  # the documented default


def test_infeasible_program_is_the_header_alone() -> None:
    assert to_csv(infeasible_program()) == ",".join(COLUMNS) + "\n"


def test_pandas_reads_it() -> None:
    pandas = pytest.importorskip("pandas")
    frame = pandas.read_csv(io.StringIO(to_csv(changing_program())))
    assert list(frame.columns) == list(COLUMNS)
    assert frame.groupby("week")["sets"].sum().tolist() == [14, 14, 15]


def read_typed(text: str):  # type: ignore[no-untyped-def]
    """The CSV as docs/formats.md tells pandas to read it."""
    pandas = pytest.importorskip("pandas")
    return pandas.read_csv(
        io.StringIO(text), dtype=csv_dtypes(), keep_default_na=False, na_values=[""]
    )


@pytest.mark.parametrize(
    "program", [changing_program(), untimed_program(), plan_program()], ids=lambda p: p.scenario
)
def test_pandas_types_are_the_documented_ones_whatever_the_program(program: Program) -> None:
    frame = read_typed(to_csv(program))
    assert {c: str(t) for c, t in frame.dtypes.items()} == csv_dtypes()


def test_a_digit_tempo_stays_text_and_an_empty_column_is_not_float() -> None:
    program = changing_program()
    for week in program.weeks:  # every tempo all digits, one with a leading zero
        for session in week.sessions:
            for line in session.exercises:
                line.tempo = "0310"
    frame = read_typed(to_csv(program))
    assert str(frame["tempo"].dtype) == "string" and set(frame["tempo"]) == {"0310"}
    # No line of this program has a target, a load change or a rotation: empty, not NaN.
    for column in ("target_reps", "load_change", "rotation", "date"):
        assert str(frame[column].dtype) != "float64" and frame[column].isna().all(), column
    assert str(frame["target_reps"].dtype) == "Int64"
    # A cue that reads like a missing value stays the text it is.
    program.weeks[0].sessions[0].exercises[0].cue = "NA"
    assert read_typed(to_csv(program))["cue"].iloc[0] == "NA"


def test_to_dataframe_is_the_csv_read_back() -> None:
    pandas = pytest.importorskip("pandas")
    program = plan_program()
    context = RenderContext(scenario=scenario(minutes=45), start=date(2025, 1, 8))
    frame = hamopt.to_dataframe(program, start=context.start, scenario=context.scenario)
    pandas.testing.assert_frame_equal(frame, read_typed(to_csv(program, context)))
    assert frame.loc[frame["deload"], "week"].unique().tolist() == [5]
    assert frame["date"].iloc[0] == "2025-01-10"  # the Friday first, from a Wednesday start


def test_columns_are_documented() -> None:
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "docs" / "formats.md").read_text()
    for column in COLUMNS:
        assert f"`{column}`" in docs, column
