"""What kind of file is this? `hamopt validate` reads any input file and checks it in full.

A scenario, a gym profile, a catalog, a rule set and a program are told apart by their
top-level keys (:func:`kind_of`); a roster by its ``.csv`` name. Each is then loaded by its
own loader, so a file is checked here exactly as the command that uses it checks it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hamopt.domain.models import Scenario
from hamopt.inputs.catalog_files import catalog_from_data
from hamopt.inputs.loading import _program, _ruleset_chain, _scenario
from hamopt.inputs.roster import Gym, load_gym, read_roster, row_scenario
from hamopt.io.errors import InputError, InputErrors, raise_all
from hamopt.io.yaml_files import MAX_CATALOG_FILE_BYTES, MAX_FILE_BYTES, load_yaml, too_large
from hamopt.rules.ruleset import load_ruleset_data

KINDS: tuple[str, ...] = ("scenario", "catalog", "ruleset", "gym", "roster", "program")

# Keys only a scenario has: a scenario that forgot `schedule` is still told it is a scenario.
_SCENARIO_KEYS = frozenset(
    {"schedule", "athlete", "phase", "phases", "preferences", "overrides", "equipment"}
)
# Keys only a gym profile has (it shares equipment, rules, overrides, exercises with one).
_GYM_KEYS = frozenset({"opening_hours", "defaults"})
# What a scenario has and a gym profile cannot: with one of these, a file is a scenario.
_SCENARIO_ONLY = frozenset({"schedule", "athlete", "phase", "phases", "preferences", "weeks"})


def kind_of(data: Any) -> str | None:
    """ "scenario", "gym", "catalog", "ruleset", "program" or None, from the top-level keys."""
    if not isinstance(data, dict):
        return None
    keys = set(data)
    if keys & _GYM_KEYS and not keys & _SCENARIO_ONLY:
        return "gym"
    if keys & _SCENARIO_KEYS:
        return "scenario"
    if "weeks" in keys:
        return "program"
    if "exercises" in keys:
        return "catalog"
    if "rules" in keys and "name" in keys:
        return "ruleset"
    return None


# A roster is CSV, known by its name: its rows are not YAML.
ROSTER_SUFFIXES: tuple[str, ...] = (".csv",)


def _size(path: str | Path) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0  # it was just read: a race, and the read's bound held


def load_any(path: str | Path, gym_file: str | Path | None = None) -> tuple[str, object]:
    """Recognise a scenario, gym profile, catalog, rule set, program or roster file and load
    it fully checked.

    A roster is a ``.csv`` file, each row checked as `hamopt batch` would (with the gym
    profile ``gym_file`` for its defaults and opening hours, when given). Otherwise by the
    top-level keys: a scenario has ``schedule`` (or ``athlete``, ``preferences`` ...); a gym
    profile ``opening_hours`` or ``defaults``; a program ``weeks`` (a list); a catalog
    ``exercises`` and no ``schedule``; a rule set ``name`` and ``rules``.
    """
    file = str(path)
    if file.lower().endswith(ROSTER_SUFFIXES):
        return "roster", _roster(path, gym_file)
    # Read with a catalog's bound: only a catalog may be that large.
    data, linemap = load_yaml(path, MAX_CATALOG_FILE_BYTES)
    kind = kind_of(data)
    if kind != "catalog" and _size(path) > MAX_FILE_BYTES:
        raise InputError(too_large(MAX_FILE_BYTES), file=file)
    if kind == "scenario":
        return kind, _scenario(data, file, linemap)
    if kind == "gym":
        return kind, load_gym(path)
    if kind == "catalog":
        return kind, catalog_from_data(data, file, linemap)
    if kind == "ruleset":
        ruleset = load_ruleset_data(data, file, linemap)
        _ruleset_chain(ruleset, file, linemap)
        return kind, ruleset
    if kind == "program":
        return kind, _program(data, file, linemap)
    found = (
        f"found keys: {', '.join(str(k) for k in data)}"
        if isinstance(data, dict)
        else f"found {'a list' if isinstance(data, list) else type(data).__name__}"
    )
    raise InputError(
        "cannot tell what this file is: expected a scenario (with `schedule`), a gym profile "
        "(with `opening_hours` or `defaults`), a catalog (with `exercises`), a rule set (with "
        f"`name` and `rules`), a program (with `weeks`) or a roster (a .csv file); {found}",
        file=file,
        line=1,
    )


def _roster(path: str | Path, gym_file: str | Path | None) -> list[Scenario]:
    """Every row of a roster checked, every row's errors reported together."""
    gym = load_gym(gym_file) if gym_file is not None else Gym.default()
    scenarios: list[Scenario] = []
    errors: list[InputError] = []
    for row in read_roster(path):
        try:
            scenarios.append(row_scenario(row, gym))
        except InputErrors as exc:
            errors.extend(exc.errors)
        except InputError as exc:
            errors.append(exc)
    raise_all(errors)
    return scenarios
