"""hamopt.inputs.loading: every user file becomes data or an InputError with file, field, line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from inputkit import EXERCISE, write_input

from hamopt.domain.models import Catalog, Program, RuleSet, Scenario
from hamopt.inputs.kinds import kind_of, load_any
from hamopt.inputs.loading import load_catalog, load_program, load_scenario
from hamopt.io import yaml_files
from hamopt.io.errors import HamoptError, InputError, InputErrors, RuleSetError
from hamopt.io.yaml_files import MAX_FILE_BYTES, LineMap, load_yaml, validate
from hamopt.rules.ruleset import load_ruleset_file

SCENARIO = """\
name: Test
schedule:
  sessions_per_week: 2
  minutes_per_session: 60
  slots:
    - {day: mon, time: "18:00"}
    - day: thu
      time: "18:00"
equipment: full_gym
"""

def write(tmp_path: Path, text: str | bytes, name: str = "in.yaml") -> Path:
    return write_input(tmp_path, text, name)


# --- load_yaml and LineMap ------------------------------------------------------------


def test_load_yaml_lines_of_nested_paths(tmp_path: Path) -> None:
    data, lines = load_yaml(write(tmp_path, SCENARIO))
    assert data["schedule"]["slots"][1] == {"day": "thu", "time": "18:00"}
    assert lines.line(()) == 1
    assert lines.line(("name",)) == 1
    assert lines.line(("schedule",)) == 2
    assert lines.line(("schedule", "sessions_per_week")) == 3
    assert lines.line(("schedule", "slots")) == 5
    assert lines.line(("schedule", "slots", 0)) == 6
    assert lines.line(("schedule", "slots", 0, "time")) == 6  # a flow mapping
    assert lines.line(("schedule", "slots", 1)) == 7
    assert lines.line(("schedule", "slots", 1, "time")) == 8
    assert lines.line(("equipment",)) == 9


def test_linemap_falls_back_to_the_nearest_parent(tmp_path: Path) -> None:
    _, lines = load_yaml(write(tmp_path, SCENARIO))
    assert lines.exact(("schedule", "slots", 1, "colour")) is None
    assert lines.line(("schedule", "slots", 1, "colour")) == 7
    assert lines.line(("athlete", "experience")) == 1
    assert ("schedule", "slots", 1) in lines
    assert ("nope",) not in lines


def test_linemap_by_hand() -> None:
    lines = LineMap({("a",): 2, ("a", 0): 3})
    assert lines.line(("a", 0, "b")) == 3
    assert lines.line(("z",)) is None
    assert len(lines) == 2


def test_json_loads_too(tmp_path: Path) -> None:
    doc = {"name": "J", "schedule": {"sessions_per_week": 1, "slots": [{"day": "mon"}]}}
    data, lines = load_yaml(write(tmp_path, json.dumps(doc, indent=2), "s.json"))
    assert data == doc
    assert lines.line(("schedule", "slots", 0, "day")) == 7


def test_json_indented_with_tabs_loads(tmp_path: Path) -> None:
    doc = {"name": "J", "schedule": {"sessions_per_week": 1, "slots": [{"day": "mon"}]}}
    path = write(tmp_path, json.dumps(doc, indent="\t"), "s.json")
    assert load_scenario(path).name == "J"


def test_duplicate_keys_are_errors_with_both_lines(tmp_path: Path) -> None:
    path = write(tmp_path, SCENARIO + "schedule: {sessions_per_week: 1}\n")
    with pytest.raises(InputError) as exc:
        load_yaml(path)
    assert exc.value.path == ("schedule",)
    assert exc.value.line == 10
    assert "duplicate key 'schedule'" in exc.value.message
    assert "line 2" in exc.value.message


def test_duplicate_keys_in_nested_flow_mappings(tmp_path: Path) -> None:
    path = write(tmp_path, SCENARIO.replace('{day: mon, time: "18:00"}', "{day: mon, day: tue}"))
    with pytest.raises(InputError) as exc:
        load_yaml(path)
    assert exc.value.path == ("schedule", "slots", 0, "day")
    assert exc.value.line == 6


_JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=8).filter(str.isprintable), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(st.text(min_size=1, max_size=8).filter(str.isprintable), _JSON_VALUES),
    st.sampled_from([None, 2, "\t"]),
)
def test_a_json_document_means_what_yaml_reads_in_it(doc: dict[str, Any], indent: Any) -> None:
    # json reads a JSON object (50x faster on a gym's library); the data must be what the
    # YAML path makes of the same text, YAML 1.1 number rules included. (Not ASCII-escaped:
    # PyYAML refuses an escaped surrogate pair, e.g. an emoji as two \u escapes, which json
    # reads as the one character it is.)
    text = json.dumps(doc, indent=indent, ensure_ascii=False)
    fast = yaml_files._json_document(text, "x.json")
    assert fast is not None
    slow = yaml_files._compose(text.replace("\t", " "), "x.json")
    assert slow is not None
    assert fast[0] == slow[0]
    assert dict(fast[1]._lines) == {} and len(fast[1]) == len(slow[1])


@pytest.mark.parametrize(
    ("literal", "value"),
    [("1.5", 1.5), ("-2.0", -2.0), ("1.5e+3", 1500.0), ("1e5", "1e5"), ("1.5e5", "1.5e5"),
     ("7", 7)],
)
def test_json_numbers_keep_yaml_11_meaning(literal: str, value: object) -> None:
    data, _ = yaml_files.parse_yaml('{"x": ' + literal + "}", "x.json")
    assert data == {"x": value} and type(data["x"]) is type(value)


def test_a_json_catalog_error_names_its_line(tmp_path: Path) -> None:
    curl = yaml.safe_load(EXERCISE.format(id="a"))[0]
    doc = {"exercises": [curl, {**curl, "id": "b", "region": "calves"}]}
    path = write(tmp_path, json.dumps(doc, indent=2), "lib.json")
    with pytest.raises((InputError, InputErrors)) as exc:
        load_catalog(path)
    text = path.read_text().splitlines()
    lines = [e.line for e in getattr(exc.value, "errors", [exc.value])]
    assert lines and all(line is not None and '"calves"' in text[line - 1] for line in lines)


@pytest.mark.parametrize("depth", [64, 65])
def test_json_nests_as_deep_as_yaml_may(depth: int) -> None:
    # The fuzzer's 400-deep lists hung PyYAML; json reads them, but a file past the bound is
    # refused the same way whichever parser reads it.
    inner = depth - 1  # the outer object is one level
    text = '{"a": ' + "[" * inner + "]" * inner + "}"
    if depth <= yaml_files.MAX_FLOW_DEPTH:
        assert yaml_files.parse_yaml(text, "x.json")[0]["a"] is not None
    else:
        with pytest.raises(InputError, match="nested too deeply"):
            yaml_files.parse_yaml(text, "x.json")


def test_what_json_refuses_goes_the_yaml_way(tmp_path: Path) -> None:
    assert yaml_files._json_document('{"a": NaN}', "x.json") is None
    assert yaml_files._json_document('{"a": 1, "a": 2}', "x.json") is None
    assert yaml_files._json_document("a: 1", "x.yaml") is None
    assert load_yaml(write(tmp_path, '{"a": NaN}', "x.json"))[0] == {"a": "NaN"}


def test_duplicate_keys_in_json(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="duplicate key 'a'"):
        load_yaml(write(tmp_path, '{"a": 1,\n "a": 2}', "x.json"))


def test_python_tags_are_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = write(tmp_path, f'name: !!python/object/apply:os.system ["touch {marker}"]\n')
    with pytest.raises(InputError) as exc:
        load_yaml(path)
    assert "python/object/apply:os.system" in exc.value.message
    assert exc.value.path == ("name",) and exc.value.line == 1
    assert not marker.exists()


def test_unknown_non_python_tags_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unsupported YAML tag"):
        load_yaml(write(tmp_path, "a: !custom 3\n"))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty file"),
        ("   \n\n", "empty file"),
        ("# only a comment\n", "empty file"),
        (b"\x00\x01\x02binary", "binary file"),
        (b"name: caf\xe9\n", "not UTF-8"),
        ("a: [1, 2\nb: 3\n", "not valid YAML"),
        ("a: 1\n---\nb: 2\n", "several YAML documents"),
        ("a: &x [*x]\n", "recursive"),
        ("x: " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
    ],
)
def test_unreadable_files(tmp_path: Path, content: str | bytes, message: str) -> None:
    path = write(tmp_path, content)
    with pytest.raises(InputError, match=message) as exc:
        load_yaml(path)
    assert exc.value.file == str(path)


def test_alias_bombs_are_refused(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    with pytest.raises(InputError, match="anchors and aliases expand"):
        load_yaml(write(tmp_path, "\n".join(lines) + "\n"))


def test_small_aliases_are_fine(tmp_path: Path) -> None:
    data, _ = load_yaml(write(tmp_path, "a: &s {day: mon}\nb: [*s, *s]\n"))
    assert data["b"] == [{"day": "mon"}, {"day": "mon"}]


def test_file_size_bound(tmp_path: Path) -> None:
    ok = write(tmp_path, "a: 1\n" + "#" * (MAX_FILE_BYTES - 10) + "\n", "ok.yaml")
    assert ok.stat().st_size <= MAX_FILE_BYTES
    assert load_yaml(ok)[0] == {"a": 1}
    big = write(tmp_path, "a: 1\n" + "#" * MAX_FILE_BYTES + "\n", "big.yaml")
    with pytest.raises(InputError, match="larger than"):
        load_yaml(big)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file") as exc:
        load_yaml(tmp_path / "nope.yaml")
    assert exc.value.file == str(tmp_path / "nope.yaml")
    with pytest.raises(InputError, match="directory"):
        load_yaml(tmp_path)


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    assert load_yaml(write(tmp_path, "\ufeffa: 1\n".encode()))[0] == {"a": 1}


# --- validate -------------------------------------------------------------------------


def test_validate_reports_every_error_in_file_order(tmp_path: Path) -> None:
    text = SCENARIO.replace("sessions_per_week: 2", "sessions_per_week: 0")
    text = text.replace("day: thu", "day: funday") + "weeks: 500\n"
    path = write(tmp_path, text)
    data, lines = load_yaml(path)
    with pytest.raises(InputErrors) as exc:
        validate(Scenario, data, path, lines)
    errors = exc.value.errors
    assert [(e.field, e.line) for e in errors] == [
        ("schedule.sessions_per_week", 3),
        ("schedule.slots.1.day", 7),
        ("weeks", 10),
    ]
    # Behaves as the first error for code that expects one InputError.
    assert exc.value.line == 3 and exc.value.path == ("schedule", "sessions_per_week")
    assert str(exc.value).count("\n") == 2


def test_validate_messages_say_what_was_expected(tmp_path: Path) -> None:
    text = SCENARIO.replace("equipment: full_gym", "equipment: [barbell, laser]")
    text = text.replace('{day: mon, time: "18:00"}', '{day: mon, time: "18:00", room: 2}')
    path = write(tmp_path, text)
    data, lines = load_yaml(path)
    with pytest.raises(InputErrors) as exc:
        validate(Scenario, data, path, lines)
    by_field = {e.field: e for e in exc.value.errors}
    assert set(by_field) == {"schedule.slots.0.room", "equipment.1"}
    room = by_field["schedule.slots.0.room"]
    assert room.message.startswith("unknown key 'room'")
    assert "day, time" in room.message
    laser = by_field["equipment.1"].message
    assert "'barbell'" in laser and "'resistance_band'" in laser and "'laser'" in laser


def test_missing_required_key_points_at_its_parent(tmp_path: Path) -> None:
    path = write(tmp_path, "name: X\nschedule:\n  slots: [{day: mon}]\n")
    data, lines = load_yaml(path)
    with pytest.raises(InputError) as exc:
        validate(Scenario, data, path, lines)
    assert exc.value.path == ("schedule", "sessions_per_week")
    assert exc.value.line == 2
    assert "missing required key 'sessions_per_week'" in exc.value.message


def test_unquoted_time_gets_a_hint(tmp_path: Path) -> None:
    path = write(tmp_path, SCENARIO.replace('time: "18:00"\n', "time: 18:00\n"))
    with pytest.raises(InputError) as exc:
        load_scenario(path)
    assert exc.value.field == "schedule.slots.1.time" and exc.value.line == 8
    assert '"18:00"' in exc.value.message and "quote" in exc.value.message


def test_a_typo_gets_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path, SCENARIO + "prefrences: {}\n")
    with pytest.raises(InputError, match="did you mean 'preferences'"):
        load_scenario(path)


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="expected a mapping"):
        load_scenario(write(tmp_path, "- a\n- b\n"))


# --- scenarios: cross-references ------------------------------------------------------


def test_load_scenario_ok(tmp_path: Path) -> None:
    s = load_scenario(write(tmp_path, SCENARIO))
    assert s.name == "Test" and len(s.schedule.slots) == 2


def test_unknown_preference_id(tmp_path: Path) -> None:
    path = write(tmp_path, SCENARIO + "preferences:\n  avoid: [nordic_hamstring_curl, flying]\n")
    with pytest.raises(InputError) as exc:
        load_scenario(path)
    assert exc.value.field == "preferences.avoid.1"
    assert exc.value.line == 11
    assert "unknown exercise id 'flying'" in exc.value.message


def test_scenario_exercises_count_for_preferences(tmp_path: Path) -> None:
    text = (
        SCENARIO
        + "preferences: {favour: [garage_curl]}\nexercises:\n"
        + EXERCISE.format(id="garage_curl")
    )
    assert load_scenario(write(tmp_path, text)).preferences.favour == ["garage_curl"]


def test_scenario_exercise_clashing_with_the_catalog(tmp_path: Path) -> None:
    text = SCENARIO + "exercises:\n" + EXERCISE.format(id="seated_leg_curl")
    with pytest.raises(InputError) as exc:
        load_scenario(write(tmp_path, text))
    assert exc.value.field == "exercises.0.id" and exc.value.line == 11
    assert "already in the default catalog" in exc.value.message


def test_scenario_exercises_with_duplicate_ids(tmp_path: Path) -> None:
    text = SCENARIO + "exercises:\n" + EXERCISE.format(id="my_curl") * 2
    with pytest.raises(InputError) as exc:
        load_scenario(write(tmp_path, text))
    assert exc.value.field == "exercises.1.id" and exc.value.line == 17
    assert "duplicate exercise id 'my_curl'" in exc.value.message


def test_scenario_exercise_may_progress_to_a_catalog_exercise(tmp_path: Path) -> None:
    text = (
        SCENARIO
        + "exercises:\n"
        + EXERCISE.format(id="my_curl")
        + "    progresses_to: nordic_hamstring_curl\n"
    )
    assert load_scenario(write(tmp_path, text)).exercises[0].progresses_to


def test_unknown_rule_in_overrides(tmp_path: Path) -> None:
    path = write(tmp_path, SCENARIO + "overrides:\n  recovery_spacin: {mode: soft}\n")
    with pytest.raises(RuleSetError) as exc:
        load_scenario(path)
    assert exc.value.field == "overrides.recovery_spacin" and exc.value.line == 11
    assert "did you mean 'recovery_spacing'" in exc.value.message
    assert "known rules:" in exc.value.message


def test_unknown_param_in_overrides(tmp_path: Path) -> None:
    path = write(
        tmp_path, SCENARIO + "overrides:\n  recovery_spacing:\n    params: {min_hour: 24}\n"
    )
    with pytest.raises(RuleSetError) as exc:
        load_scenario(path)
    assert exc.value.field == "overrides.recovery_spacing.params.min_hour"
    assert exc.value.line == 12
    assert "valid parameters: min_hours" in exc.value.message


def test_bad_param_value_in_overrides(tmp_path: Path) -> None:
    path = write(
        tmp_path, SCENARIO + "overrides:\n  recovery_spacing:\n    params:\n      min_hours: 500\n"
    )
    with pytest.raises(RuleSetError) as exc:
        load_scenario(path)
    assert exc.value.field == "overrides.recovery_spacing.params.min_hours"
    assert exc.value.line == 13
    assert "168" in exc.value.message


def test_merged_params_are_checked_too(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        SCENARIO + "overrides:\n  volume_range:\n"
        "    params: {weekly_min_sets: 30, weekly_max_sets: 10}\n",
    )
    with pytest.raises(RuleSetError) as exc:
        load_scenario(path)
    assert exc.value.file == str(path)
    assert exc.value.field == "overrides.volume_range.params"
    assert exc.value.line == 12


def test_unknown_rule_set_name(tmp_path: Path) -> None:
    path = write(tmp_path, SCENARIO + "rules: no_such_rules\n")
    with pytest.raises(RuleSetError) as exc:
        load_scenario(path)
    assert exc.value.file == str(path) and exc.value.field == "rules" and exc.value.line == 10


def test_rule_set_path_relative_to_the_scenario(tmp_path: Path) -> None:
    write(
        tmp_path,
        "name: mine\nextends: default\nrules:\n  recovery_spacing: {mode: soft}\n",
        "mine.yaml",
    )
    sub = tmp_path / "sub"
    sub.mkdir()
    write(tmp_path, SCENARIO + "rules: ../mine.yaml\n", "sub/s.yaml")
    assert load_scenario(sub / "s.yaml").rules == "../mine.yaml"


# --- catalogs, rule sets, programs ----------------------------------------------------


def test_load_catalog(tmp_path: Path) -> None:
    path = write(
        tmp_path, "exercises:\n" + EXERCISE.format(id="a_curl") + EXERCISE.format(id="b_curl")
    )
    assert [e.id for e in load_catalog(path).exercises] == ["a_curl", "b_curl"]


def test_catalog_duplicate_ids_name_the_entry(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "exercises:\n"
        + EXERCISE.format(id="a_curl")
        + EXERCISE.format(id="b_curl")
        + EXERCISE.format(id="a_curl"),
    )
    with pytest.raises(InputError) as exc:
        load_catalog(path)
    assert exc.value.field == "exercises.2.id" and exc.value.line == 14
    assert "duplicate exercise id 'a_curl'" in exc.value.message
    assert "line 2" in exc.value.message


def test_catalog_progresses_to_unknown(tmp_path: Path) -> None:
    path = write(
        tmp_path, "exercises:\n" + EXERCISE.format(id="a_curl") + "    progresses_to: b_curl\n"
    )
    with pytest.raises(InputError) as exc:
        load_catalog(path)
    assert exc.value.field == "exercises.0.progresses_to" and exc.value.line == 8


def test_catalog_anatomy_error_points_at_the_exercise(tmp_path: Path) -> None:
    text = "exercises:\n" + EXERCISE.format(id="a_curl").replace("knee_flexion", "hip_extension")
    with pytest.raises(InputError) as exc:
        load_catalog(write(tmp_path, text))
    assert exc.value.field == "exercises.0" and exc.value.line == 2
    assert "bf_short must be 0" in exc.value.message


def test_load_ruleset_file(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "name: mine\nrules:\n  recovery_spacing:\n    mode: soft\n    params: {min_hours: 24}\n",
    )
    rs = load_ruleset_file(path)
    assert rs.rules["recovery_spacing"].params == {"min_hours": 24}


def test_ruleset_file_unknown_rule_and_param(tmp_path: Path) -> None:
    path = write(tmp_path, "name: mine\nrules:\n  nope: {mode: soft}\n")
    with pytest.raises(RuleSetError) as exc:
        load_ruleset_file(path)
    assert exc.value.field == "rules.nope" and exc.value.line == 3
    path = write(tmp_path, "name: mine\nrules:\n  head_coverage:\n    params:\n      x: 1\n")
    with pytest.raises(RuleSetError) as exc:
        load_ruleset_file(path)
    assert exc.value.field == "rules.head_coverage.params.x" and exc.value.line == 5


def test_ruleset_extends_an_unknown_rule_set(tmp_path: Path) -> None:
    path = write(tmp_path, "name: mine\nextends: nothing_here\nrules: {}\n")
    with pytest.raises(RuleSetError) as exc:
        load_any(path)
    assert exc.value.field == "extends" and exc.value.line == 2


def test_load_program(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        weeks:
          - week: 1
            sessions:
              - day: mon
                exercises:
                  - {id: nordic_hamstring_curl, sets: 3, reps: [6, 8]}
                  - {id: seated_leg_curl, sets: 0, reps: [6, 8]}
        """,
    )
    with pytest.raises(InputError) as exc:
        load_program(path)
    assert exc.value.field == "weeks.0.sessions.0.exercises.1.sets" and exc.value.line == 7


# --- load_any -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        ({"name": "x", "schedule": {}}, "scenario"),
        ({"name": "x", "schedule": {}, "weeks": 2, "rules": "default"}, "scenario"),
        ({"name": "x", "athlete": {}}, "scenario"),  # forgot `schedule`: still a scenario
        ({"exercises": []}, "catalog"),
        ({"name": "x", "rules": {}}, "ruleset"),
        ({"weeks": []}, "program"),
        ({"status": "manual", "weeks": [], "rules": []}, "program"),
        ({"name": "g", "equipment": "full_gym", "opening_hours": {}}, "gym"),
        ({"name": "g", "rules": "default", "defaults": {}}, "gym"),
        ({"name": "g", "defaults": {}, "schedule": {}}, "scenario"),  # a scenario's key wins
        ({"foo": 1}, None),
        ([1, 2], None),
        ("text", None),
    ],
)
def test_kind_of(data: object, kind: str | None) -> None:
    assert kind_of(data) == kind


def test_load_any_each_kind(tmp_path: Path) -> None:
    assert load_any(write(tmp_path, SCENARIO, "s.yaml"))[0] == "scenario"
    cat = write(tmp_path, "exercises:\n" + EXERCISE.format(id="a_curl"), "c.yaml")
    assert load_any(cat)[0] == "catalog"
    rs = write(tmp_path, "name: r\nextends: default\nrules: {}\n", "r.yaml")
    assert load_any(rs)[0] == "ruleset"
    program = write(tmp_path, "weeks: []\n", "p.yaml")
    kind, obj = load_any(program)
    assert kind == "program" and isinstance(obj, Program)


def test_load_any_unknown_kind_lists_the_expected_keys(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        load_any(write(tmp_path, "colour: red\n"))
    for word in ("schedule", "exercises", "rules", "weeks", "colour"):
        assert word in exc.value.message


def test_models_match_their_loaders(tmp_path: Path) -> None:
    assert isinstance(load_any(write(tmp_path, SCENARIO))[1], Scenario)
    assert isinstance(
        load_any(write(tmp_path, "exercises:\n" + EXERCISE.format(id="a_b")))[1], Catalog
    )
    assert isinstance(load_any(write(tmp_path, "name: r\nrules: {}\n"))[1], RuleSet)


# --- no input makes it crash ----------------------------------------------------------

_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-1000, 1000)
    | st.floats(allow_nan=True)
    | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
_SCENARIO_DATA = yaml.safe_load(SCENARIO)
# tmp_path is shared by the examples of one test; each example overwrites the same file.
FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@given(text=st.text(max_size=200))
def test_any_text_is_data_or_an_input_error(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text.encode("utf-8", "surrogatepass"), "fuzz.yaml")
    try:
        load_any(path)
    except HamoptError:
        pass


@FUZZ
@given(
    key=st.sampled_from(
        [
            "name",
            "schedule",
            "equipment",
            "preferences",
            "weeks",
            "overrides",
            "athlete",
            "exercises",
            "rules",
            "phase",
        ]
    ),
    value=_json,
)
def test_any_scenario_value_is_a_scenario_or_an_input_error(
    tmp_path: Path, key: str, value: object
) -> None:
    path = write(tmp_path, yaml.safe_dump({**_SCENARIO_DATA, key: value}), "fuzz.yaml")
    try:
        load_scenario(path)
    except InputError as exc:
        assert exc.file == str(path)
        assert "Traceback" not in str(exc)
