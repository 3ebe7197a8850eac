"""Catalog files: replace or extend the shipped catalog, checked with file, field and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from inputkit import EXERCISE, write_input

from hamopt.domain.catalog import catalog_for, default_catalog
from hamopt.domain.models import MAX_CATALOG
from hamopt.inputs.catalog_files import load_catalog
from hamopt.inputs.kinds import load_any
from hamopt.inputs.loading import Resolver, load_scenario, load_scenario_for_solve
from hamopt.inputs.roster import load_gym
from hamopt.io.errors import InputError
from hamopt.io.yaml_files import MAX_FILE_BYTES

SCENARIO = """\
name: Test
schedule:
  sessions_per_week: 2
  slots: [{day: mon, time: "18:00"}, {day: thu, time: "18:00"}]
"""


def write(tmp_path: Path, text: str, name: str = "catalog.yaml") -> Path:
    return write_input(tmp_path, text, name)


def test_a_catalog_file_replaces_the_shipped_one(tmp_path: Path) -> None:
    path = write(tmp_path, "exercises:\n" + EXERCISE.format(id="a_curl"))
    assert [e.id for e in load_catalog(path).exercises] == ["a_curl"]


def test_extends_default_adds_after_the_shipped_exercises(tmp_path: Path) -> None:
    text = "extends: default\nexercises:\n" + EXERCISE.format(id="a_curl")
    text += "    progresses_to: nordic_hamstring_curl\n"  # a shipped exercise: allowed
    ids = [e.id for e in load_catalog(write(tmp_path, text)).exercises]
    shipped = [e.id for e in default_catalog().exercises]
    assert ids == [*shipped, "a_curl"]


def test_extending_may_not_redefine_a_shipped_exercise(tmp_path: Path) -> None:
    text = "extends: default\nexercises:\n" + EXERCISE.format(id="seated_leg_curl")
    with pytest.raises(InputError) as exc:
        load_catalog(write(tmp_path, text))
    assert (exc.value.file, exc.value.field, exc.value.line) == (
        str(tmp_path / "catalog.yaml"),
        "exercises.0.id",
        3,
    )
    assert "already in the default catalog" in exc.value.message


def test_extends_names_only_default(tmp_path: Path) -> None:
    text = "extends: mine\nexercises:\n" + EXERCISE.format(id="a_curl")
    with pytest.raises(InputError) as exc:
        load_catalog(write(tmp_path, text))
    assert exc.value.field == "extends" and exc.value.line == 1


def test_a_bad_field_names_the_catalog_file_and_line(tmp_path: Path) -> None:
    text = "exercises:\n" + EXERCISE.format(id="a_curl") + EXERCISE.format(id="b_curl")
    text = text.replace("region: hamstrings", "region: calves", 2)
    with pytest.raises(InputError) as exc:
        load_catalog(write(tmp_path, text))
    assert exc.value.field == "exercises.0.region" and exc.value.line == 4


def test_a_catalog_file_may_be_larger_than_other_inputs(tmp_path: Path) -> None:
    """A library of MAX_CATALOG exercises is over the 1 MiB bound on other files."""
    entries = "".join(EXERCISE.format(id=f"curl_{i}") for i in range(MAX_CATALOG))
    padding = "# " + "x" * 1000 + "\n"
    text = "exercises:\n" + entries + padding * (MAX_FILE_BYTES // len(padding))
    path = write(tmp_path, text)
    assert path.stat().st_size > MAX_FILE_BYTES
    assert len(load_catalog(path).exercises) == MAX_CATALOG
    assert load_any(path)[0] == "catalog"
    scenario = write(tmp_path, SCENARIO + padding * (MAX_FILE_BYTES // len(padding) + 1), "s.yaml")
    with pytest.raises(InputError, match="larger than"):
        load_any(scenario)  # only a catalog gets the larger bound


def test_extending_past_the_limit_is_an_error(tmp_path: Path) -> None:
    n = MAX_CATALOG - len(default_catalog().exercises) + 1
    text = "extends: default\nexercises:\n" + "".join(
        EXERCISE.format(id=f"curl_{i}") for i in range(n)
    )
    with pytest.raises(InputError, match=f"at most {MAX_CATALOG}") as exc:
        load_catalog(write(tmp_path, text))
    assert exc.value.field == "exercises" and exc.value.line == 2


# --- a scenario's `catalog:` and the --catalog override --------------------------------


def test_a_scenario_catalog_is_relative_to_the_scenario(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    write(tmp_path, "extends: default\nexercises:\n" + EXERCISE.format(id="gym_curl"), "lib/c.yaml")
    text = SCENARIO + "catalog: lib/c.yaml\npreferences: {include: [gym_curl]}\n"
    loaded = load_scenario_for_solve(write(tmp_path, text, "s.yaml"), Resolver())
    assert "gym_curl" in loaded.catalog.by_id()
    assert "seated_leg_curl" in loaded.catalog.by_id()


def test_preferences_are_checked_against_the_scenario_catalog(tmp_path: Path) -> None:
    write(tmp_path, "exercises:\n" + EXERCISE.format(id="gym_curl"), "c.yaml")
    text = SCENARIO + "catalog: c.yaml\npreferences: {include: [seated_leg_curl]}\n"
    with pytest.raises(InputError, match="unknown exercise id 'seated_leg_curl'") as exc:
        load_scenario(write(tmp_path, text, "s.yaml"))  # replaced: the shipped ids are gone
    assert exc.value.field == "preferences.include.0" and exc.value.line == 6


def test_a_missing_catalog_is_the_scenarios_error_at_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, SCENARIO + "catalog: nowhere.yaml\n", "s.yaml")
    with pytest.raises(InputError) as exc:
        load_scenario(path)
    assert (exc.value.file, exc.value.field, exc.value.line) == (str(path), "catalog", 5)
    assert "nowhere.yaml" in exc.value.message and "no such file" in exc.value.message


def test_a_mistake_inside_the_scenarios_catalog_names_the_catalog_file(tmp_path: Path) -> None:
    text = "exercises:\n" + EXERCISE.format(id="a_curl") + "    reps: 3\n"  # no such field
    catalog = write(tmp_path, text)
    with pytest.raises(InputError) as exc:
        load_scenario(write(tmp_path, SCENARIO + "catalog: catalog.yaml\n", "s.yaml"))
    assert (exc.value.file, exc.value.line) == (str(catalog), 8)
    assert exc.value.field == "exercises.0.reps"


def test_scenario_exercises_may_not_clash_with_the_file_catalog(tmp_path: Path) -> None:
    write(tmp_path, "exercises:\n" + EXERCISE.format(id="gym_curl"), "c.yaml")
    text = SCENARIO + "catalog: c.yaml\nexercises:\n" + EXERCISE.format(id="gym_curl")
    with pytest.raises(InputError) as exc:
        load_scenario(write(tmp_path, text, "s.yaml"))
    assert exc.value.field == "exercises.0.id" and exc.value.line == 7
    assert f"already in the catalog {tmp_path / 'c.yaml'}" in exc.value.message


def test_the_override_replaces_the_scenarios_catalog(tmp_path: Path) -> None:
    write(tmp_path, "exercises:\n" + EXERCISE.format(id="theirs"), "c.yaml")
    override = write(tmp_path, "exercises:\n" + EXERCISE.format(id="mine"), "o.yaml")
    path = write(tmp_path, SCENARIO + "catalog: c.yaml\n", "s.yaml")
    loaded = load_scenario_for_solve(path, Resolver(override))
    assert [e.id for e in loaded.catalog.exercises] == ["mine"]


def test_catalog_for_refuses_to_ignore_a_named_catalog(tmp_path: Path) -> None:
    write(tmp_path, "exercises:\n" + EXERCISE.format(id="gym_curl"), "c.yaml")
    scenario = load_scenario(write(tmp_path, SCENARIO + "catalog: c.yaml\n", "s.yaml"))
    with pytest.raises(ValueError, match="names catalog file"):
        catalog_for(scenario)  # a silent fall-back to the shipped catalog would be wrong


def test_a_gym_profiles_catalog_is_relative_to_the_profile(tmp_path: Path) -> None:
    (tmp_path / "gym").mkdir()
    write(tmp_path, "extends: default\nexercises:\n" + EXERCISE.format(id="gym_curl"), "gym/c.yaml")
    gym = load_gym(write(tmp_path, "name: Club\ncatalog: c.yaml\n", "gym/gym.yaml"))
    assert gym.profile.catalog == str((tmp_path / "gym" / "c.yaml").resolve())
    with pytest.raises(InputError) as exc:
        load_gym(write(tmp_path, "name: Club\ncatalog: gone.yaml\n", "gym/bad.yaml"))
    assert exc.value.field == "catalog" and exc.value.line == 2
