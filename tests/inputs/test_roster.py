"""Roster CSV and gym profile: each bad row or field is named by file, line and column."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from hamopt.batch.output import safe_name
from hamopt.cli import main
from hamopt.inputs.roster import Gym, GymProfile, load_gym, read_roster, row_scenario
from hamopt.io.errors import InputError

HEADER = "id,name,experience,goals,phase,slots,sessions_per_week,minutes\n"
GYM = """\
name: Test gym
equipment: bodyweight_only
opening_hours:
  mon: "06:00-22:00"
  wed: "06:00-12:00, 16:00-22:00"
  fri: "06:00-22:00"
defaults:
  minutes: 45
"""


def _rows(tmp_path: Path, body: str, header: str = HEADER) -> list:
    roster = tmp_path / "roster.csv"
    roster.write_text(header + body, encoding="utf-8")
    return list(read_roster(roster))


def _gym(tmp_path: Path, text: str = GYM) -> Gym:
    path = tmp_path / "gym.yaml"
    path.write_text(text, encoding="utf-8")
    return load_gym(path)


def _error(tmp_path: Path, body: str) -> InputError:
    (row,) = _rows(tmp_path, body)
    with pytest.raises(InputError) as caught:
        row_scenario(row, _gym(tmp_path))
    return caught.value


def test_good_row_becomes_the_scenario_a_coach_would_write(tmp_path: Path) -> None:
    (row,) = _rows(
        tmp_path, "c1,Anna,Beginner,strength; hypertrophy,correction,mon 07:00;fri 18:00,2,\n"
    )
    scenario = row_scenario(row, _gym(tmp_path))
    assert scenario.name == "Anna"
    assert scenario.athlete.experience == "beginner"
    assert [g.value for g in scenario.athlete.goals] == ["strength", "hypertrophy"]
    assert scenario.phase == "correction"
    assert [(s.day, s.time) for s in scenario.schedule.slots] == [
        ("mon", "07:00"),
        ("fri", "18:00"),
    ]
    assert scenario.schedule.minutes_per_session == 45  # the gym's default for an empty cell
    assert scenario.equipment == "bodyweight_only"


@pytest.mark.parametrize(
    ("body", "column", "words"),
    [
        ("c1,,expert,,,mon 07:00;fri 07:00,2,\n", "experience", "'beginner'"),
        ("c1,,,,,mon 25:00;fri 07:00,2,\n", "slots", "HH:MM"),
        ("c1,,,,,monday 07:00;fri 07:00,2,\n", "slots", "'mon'"),
        ("c1,,,,,mon 07:00 pm;fri 07:00,2,\n", "slots", "'day HH:MM'"),
        ("c1,,,,,mon 07:00;fri 07:00,three,\n", "sessions_per_week", "integer"),
        ("c1,,,,,mon 07:00;fri 07:00,,\n", "sessions_per_week", "needs a value"),
        ("c1,,,,sideways,mon 07:00;fri 07:00,2,\n", "phase", "'correction'"),
        ("c1,,,,,mon 07:00;fri 07:00,2,5\n", "minutes", "greater than or equal to 10"),
        ("c1,,,,,tue 07:00;fri 07:00,2,\n", "slots", "closed on tue"),
        ("c1,,,,,wed 11:30;fri 07:00,2,\n", "slots", "does not fit the opening hours"),
    ],
)
def test_bad_cell_names_line_column_and_client(
    tmp_path: Path, body: str, column: str, words: str
) -> None:
    error = _error(tmp_path, body)
    text = str(error)
    assert text.startswith(f"{tmp_path / 'roster.csv'}:2: {column}: "), text
    assert words in text and "(client 'c1')" in text


def test_evening_slot_on_split_opening_day_is_fine(tmp_path: Path) -> None:
    (row,) = _rows(tmp_path, "c1,,,,,wed 16:00;fri 07:00,2,\n")
    assert row_scenario(row, _gym(tmp_path)).schedule.slots[0].time == "16:00"


def test_every_error_of_a_row_is_reported(tmp_path: Path) -> None:
    error = _error(tmp_path, "c1,,expert,,sideways,mon 07:00;fri 07:00,2,\n")
    text = str(error)
    assert ": experience: " in text and ": phase: " in text


def test_unknown_exercise_in_a_row_gets_the_scenario_message(tmp_path: Path) -> None:
    header = "id,slots,sessions_per_week,exclude\n"
    (row,) = _rows(tmp_path, "c1,mon 07:00;fri 07:00,2,nordic_curlz\n", header)
    with pytest.raises(InputError) as caught:
        row_scenario(row, _gym(tmp_path))
    assert ":2: exclude: unknown exercise id 'nordic_curlz'" in str(caught.value)


def test_a_match_column_names_the_weeks_matches_outside_opening_hours(tmp_path: Path) -> None:
    # A Saturday 15:00 kick-off is no training slot: the gym (closed on Saturdays) does not
    # have to be open for it.
    header = "id,slots,sessions_per_week,matches\n"
    (row,) = _rows(tmp_path, "c1,mon 07:00;fri 07:00,2,Sat 15:00\n", header)
    matches = row_scenario(row, _gym(tmp_path)).schedule.matches
    assert [(m.day, m.time) for m in matches] == [("sat", "15:00")]
    (bad,) = _rows(tmp_path, "c1,mon 07:00;fri 07:00,2,sat 25:00\n", header)
    with pytest.raises(InputError, match=r":2: matches: .*HH:MM"):
        row_scenario(bad, _gym(tmp_path))


def test_extra_cells_and_empty_id_are_errors_of_that_row(tmp_path: Path) -> None:
    rows = _rows(tmp_path, "c1,,,,,mon 07:00;fri 07:00,2,,surplus\n,,,,,mon 07:00;fri 07:00,2,\n")
    for row, words in zip(rows, ["more cells than the header", "id: empty id"], strict=True):
        with pytest.raises(InputError, match=words):
            row_scenario(row, Gym.default())


def test_header_typo_is_refused_with_a_suggestion(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"unknown column 'sesions_per_week' \(did you mean"):
        _rows(tmp_path, "", "id,slots,sesions_per_week\n")


def test_header_without_id_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="needs an `id` column"):
        _rows(tmp_path, "", "name,slots\n")


def test_header_is_case_and_space_insensitive_and_blank_rows_are_skipped(tmp_path: Path) -> None:
    rows = _rows(
        tmp_path, "c1,mon 07:00;fri 07:00,2\n,,\nc2,mon;fri,2\n", "ID,Slots,Sessions per week\n"
    )
    assert [(r.client_id, r.line) for r in rows] == [("c1", 2), ("c2", 4)]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (GYM.replace("bodyweight_only", "home_gmy"), ":2: equipment: unknown equipment profile"),
        (GYM.replace('"06:00-22:00"\n  wed', '"6am-10pm"\n  wed'), ":3: opening_hours:"),
        (
            GYM + 'overrides:\n  recovery_spacin: {mode: "off"}\n',
            ":10: overrides.recovery_spacin: unknown rule 'recovery_spacin'",
        ),
        (GYM + "  experience: expert\n", ":9: defaults.experience:"),
    ],
)
def test_bad_gym_profile_names_its_line(tmp_path: Path, text: str, where: str) -> None:
    with pytest.raises(InputError) as caught:
        _gym(tmp_path, text)
    assert where in str(caught.value), str(caught.value)


def test_gym_rule_set_file_is_found_from_any_directory(tmp_path: Path) -> None:
    (tmp_path / "club.yaml").write_text(
        'name: club\nextends: default\nrules:\n  recovery_spacing: {mode: "off"}\n',
        encoding="utf-8",
    )
    gym = _gym(tmp_path, GYM + "rules: club.yaml\n")
    assert Path(gym.profile.rules).is_absolute() and Path(gym.profile.rules).is_file()


def test_safe_names_stay_inside_and_never_collide() -> None:
    ids = ["../../x", "..", "/etc/passwd", "a/b", "a_b", "Anna K.", "anna k.", ".hidden", "", "CON"]
    names = [safe_name(i) for i in ids]
    assert len({n.casefold() for n in names}) == len(ids)
    for name in names:
        assert "/" not in name and "\\" not in name and not name.startswith(".") and name
        assert len(name) <= 80 and name.upper() != "CON"
    assert safe_name("RSC-0001") == "RSC-0001"  # an id that is already safe is kept as it is


def test_cli_bad_gym_profile_exits_2_naming_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "roster.csv").write_text(HEADER, encoding="utf-8")
    (tmp_path / "gym.yaml").write_text(GYM.replace("bodyweight_only", "laser_gym"), "utf-8")
    result = CliRunner().invoke(
        main,
        ["batch", str(tmp_path / "roster.csv"), "--gym", str(tmp_path / "gym.yaml"),
         "-o", str(tmp_path / "out")],
    )  # fmt: skip
    assert result.exit_code == 2
    assert f"error: {tmp_path / 'gym.yaml'}:2: equipment: unknown equipment profile" in (
        result.output
    )


def test_cli_missing_input_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["batch", str(tmp_path / "nope"), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2 and "no such file or folder" in result.output


def test_gym_profile_defaults_model_is_strict() -> None:
    with pytest.raises(ValueError):
        GymProfile.model_validate({"name": "g", "colour": "red"})


def test_ids_differing_only_in_case_are_duplicates(tmp_path: Path) -> None:
    from hamopt.batch.run import Rejected, open_input

    (tmp_path / "roster.csv").write_text(
        "id,slots,sessions_per_week\nC1,mon;thu,2\nc1,mon;thu,2\nc2,mon;thu,2\n", "utf-8"
    )
    tasks = list(open_input(str(tmp_path / "roster.csv")).tasks())
    assert [t.client_id for t in tasks][::2] == ["C1", "c2"]
    assert isinstance(tasks[1], Rejected) and "ignoring case" in tasks[1].message
    assert tasks[1].message.startswith(f"{tmp_path / 'roster.csv'}:3: duplicate client id 'c1'")


def test_shipped_example_roster_is_valid() -> None:
    folder = Path(__file__).resolve().parents[2] / "scenarios" / "gym"
    gym = load_gym(folder / "gym.yaml")
    rows = list(read_roster(folder / "roster.csv"))
    assert len(rows) >= 5
    for row in rows:
        row_scenario(row, gym)  # raises on any bad cell


def test_cli_bad_header_exits_2_before_writing_anything(tmp_path: Path) -> None:
    (tmp_path / "roster.csv").write_text("id,slotz\nc1,mon\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(tmp_path / "roster.csv"), "-o", str(out)])
    assert result.exit_code == 2
    assert "roster.csv:1: unknown column 'slotz' (did you mean 'slots'?)" in result.output
    assert not out.exists()
