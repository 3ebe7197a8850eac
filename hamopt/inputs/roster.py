"""A gym's clients as a roster CSV plus one gym profile YAML, turned into scenarios.

The roster is what a gym's front desk can export from a spreadsheet: one row per client.
Columns (header names are case-insensitive; spaces count as underscores):

=================== ======== =========================================================
column              required what it holds
=================== ======== =========================================================
id                  yes      the client's id, unique in the roster (any text; the
                             result file name is made safe from it)
name                         the program's title (default: the id)
experience                   beginner | intermediate | advanced
goals                        hypertrophy ; strength ; injury_prevention (a list)
contraindications            low_back_pain ; knee_pain ; cannot_kneel (a list)
weaker_side                  left | right, or empty
phase                        correction (2:1 hamstring:quad) | balanced (1:1)
slots               yes      when the client can train: ``mon 18:00; wed 18:00; sat``
                             (a day alone counts from 12:00)
sessions_per_week   yes      1-7
minutes                      minutes per session, 10-240 (``minutes_per_session`` too)
weeks                        program length in weeks (default 1)
exclude                      exercise ids the client will not do (a list)
favour                       exercise ids the client would like (a list)
=================== ======== =========================================================

Lists are separated by ``;`` (``,`` and ``|`` work too, inside a quoted cell). Enumerated
values are case-insensitive. An empty cell takes the gym profile's ``defaults``, then the
scenario's own default; a required column left empty with no default is an error.

The gym profile (YAML) holds what every client shares::

    name: Riverside Strength Club
    equipment: full_gym            # a profile name, or a list of equipment ids
    opening_hours:                 # optional; a day not listed is closed
      mon: "06:00-22:00"
      sat: "08:00-12:00, 14:00-18:00"
      sun: closed
    rules: default                 # a packaged rule set or a file next to this profile
    catalog: library.yaml          # optional: the gym's exercise catalog file (`extends:
                                   # default` adds to the shipped exercises)
    overrides: {}                  # gym-wide rule changes, as in a scenario
    exercises: []                  # the gym's own machines, as in a scenario
    defaults:                      # for empty cells
      experience: intermediate
      sessions_per_week: 2
      minutes: 60

Each row becomes a scenario dict and goes through the same checks as a scenario file
(:func:`hamopt.inputs.loading.scenario_from_data`); each error names the roster, the row's line and
the column, and the client. A slot outside the opening hours is an error in ``slots``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import Field, field_validator

from hamopt.domain.models import (
    DAYS,
    Equipment,
    Exercise,
    Goal,
    Level,
    Phase,
    RuleOverride,
    Scenario,
    Strict,
)
from hamopt.inputs.catalog_files import catalog_path
from hamopt.inputs.loading import (
    Loaded,
    Resolver,
    scenario_data_for_solve,
    scenario_from_data,
)
from hamopt.io.errors import InputError, InputErrors, raise_all
from hamopt.io.files import regular_file
from hamopt.io.yaml_files import LineMap, load_yaml, validate
from hamopt.rules.ruleset import packaged_names

# Column -> where its value goes in a scenario. Errors at a scenario path are named by the
# column that filled it (longest prefix wins).
COLUMNS: dict[str, tuple[str, ...]] = {
    "id": (),
    "name": ("name",),
    "experience": ("athlete", "experience"),
    "goals": ("athlete", "goals"),
    "contraindications": ("athlete", "contraindications"),
    "weaker_side": ("athlete", "weaker_side"),
    "phase": ("phase",),
    "slots": ("schedule", "slots"),
    "matches": ("schedule", "matches"),
    "sessions_per_week": ("schedule", "sessions_per_week"),
    "minutes": ("schedule", "minutes_per_session"),
    "weeks": ("weeks",),
    "exclude": ("preferences", "exclude"),
    "favour": ("preferences", "favour"),
}
ALIASES = {"minutes_per_session": "minutes", "favor": "favour", "client_id": "id"}
LIST_COLUMNS = frozenset(
    {"goals", "contraindications", "slots", "matches", "exclude", "favour"}
)
LOWERCASE_COLUMNS = frozenset(COLUMNS) - {"id", "name"}
REQUIRED_VALUES = ("slots", "sessions_per_week")

_SPLIT = re.compile(r"[;,|]")
_RANGE = re.compile(r"^\s*(\d{2}):(\d{2})\s*-\s*(\d{2}):(\d{2})\s*$")


# --- the gym profile ------------------------------------------------------------------


class GymDefaults(Strict):
    """Values for a roster's empty cells."""

    experience: Level | None = None
    goals: list[Goal] | None = None
    phase: Phase | None = None
    sessions_per_week: int | None = Field(default=None, ge=1, le=7)
    minutes: int | None = Field(default=None, ge=10, le=240)
    weeks: int | None = Field(default=None, ge=1)


class GymProfile(Strict):
    name: str = Field(min_length=1, max_length=200)
    equipment: str | list[Equipment] = "full_gym"
    opening_hours: dict[str, str] | None = None
    rules: str = Field(default="default", min_length=1, max_length=500)
    # The gym's exercise library: a catalog file, relative to the profile (as a scenario's).
    catalog: str | None = Field(
        default=None,
        min_length=1,
        max_length=500,
        description="The gym's exercise catalog file (relative to this file) for every client "
        "without one of their own.",
    )
    overrides: dict[str, RuleOverride] = Field(default_factory=dict)
    exercises: list[Exercise] = Field(default_factory=list)
    defaults: GymDefaults = Field(default_factory=GymDefaults)

    @field_validator("opening_hours")
    @classmethod
    def _hours(cls, value: dict[str, str] | None) -> dict[str, str] | None:
        if value is None:
            return None
        hours: dict[str, str] = {}
        for day, spec in value.items():
            key = str(day).lower()
            if key not in DAYS:
                raise ValueError(f"opening_hours: {day!r} is not a day ({', '.join(DAYS)})")
            _ranges(spec)  # raises on a bad range
            hours[key] = spec
        return hours

    def open_ranges(self, day: str) -> list[tuple[int, int]] | None:
        """Minutes from midnight the gym is open on ``day``; None = no opening hours given."""
        if self.opening_hours is None:
            return None
        return _ranges(self.opening_hours.get(day, "closed"))


def _ranges(spec: str) -> list[tuple[int, int]]:
    if spec.strip().lower() == "closed":
        return []
    ranges = []
    for part in spec.split(","):
        match = _RANGE.match(part)
        if not match:
            raise ValueError(f"opening hours {spec!r}: expected 'HH:MM-HH:MM' (or 'closed')")
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if not (m1 < 60 and m2 < 60 and 0 <= start < end <= 24 * 60):
            raise ValueError(f"opening hours {spec!r}: {part.strip()} is not a time range")
        ranges.append((start, end))
    return ranges


@dataclass(frozen=True)
class Gym:
    """A validated gym profile, with its rule set reference usable from any directory."""

    profile: GymProfile
    file: str | None = None

    @classmethod
    def default(cls) -> Gym:
        return cls(GymProfile(name="gym"))


def load_gym(path: str | Path) -> Gym:
    """A gym profile file, checked like a scenario's shared parts (with their lines)."""
    file = str(path)
    data, linemap = load_yaml(path)
    if not isinstance(data, dict):
        raise InputError("expected a mapping (a gym profile) at the top level", file=file, line=1)
    profile = validate(GymProfile, data, file, linemap)
    # The shared fields go through the scenario checks once (unknown rule ids or params,
    # exercise clashes, the rule set itself), with this file's lines in the messages.
    probe = {
        key: data[key]
        for key in ("equipment", "rules", "catalog", "overrides", "exercises")
        if key in data
    }
    probe.update(name=profile.name, schedule={"sessions_per_week": 1, "slots": [{"day": "mon"}]})
    scenario_from_data(probe, file, linemap)
    rules = profile.rules
    if rules not in packaged_names() and not Path(rules).is_absolute():
        # Workers resolve the rule set from wherever they run: make a relative path absolute.
        rules = str((Path(file).parent / rules).resolve())
    catalog = profile.catalog
    if catalog is not None:  # the same for the catalog file
        catalog = str(catalog_path(catalog, Path(file).parent).resolve())
    return Gym(profile.model_copy(update={"rules": rules, "catalog": catalog}), file)


# --- the roster -------------------------------------------------------------------------


@dataclass(frozen=True)
class RosterRow:
    """One client's row: enough to rebuild and check the scenario in a worker process."""

    client_id: str
    file: str
    line: int
    cells: dict[str, str]


def _header(names: list[str], file: str) -> list[str]:
    import difflib

    columns = []
    errors = []
    for name in names:
        key = re.sub(r"[\s-]+", "_", (name or "").strip().lower())
        key = ALIASES.get(key, key)
        if key not in COLUMNS:
            close = difflib.get_close_matches(key, list(COLUMNS), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            errors.append(
                InputError(
                    f"unknown column {name!r}{hint}; columns: {', '.join(COLUMNS)}",
                    file=file,
                    line=1,
                )
            )
        elif key in columns:
            errors.append(InputError(f"column {key!r} appears twice", file=file, line=1))
        columns.append(key)
    if "id" not in columns:
        errors.append(InputError("the roster needs an `id` column", file=file, line=1))
    raise_all(errors)
    return columns


def read_roster(path: str | Path) -> Iterator[RosterRow]:
    """Stream the rows of a roster CSV (the header is checked first: exit 2 when wrong).

    A row with more cells than the header yields a row whose ``cells`` hold ``__extra__``;
    :func:`row_scenario` turns it into an error for that client only.
    """
    file = str(path)
    regular_file(path, file)  # a FIFO or a device would block or never end
    try:
        handle = open(path, newline="", encoding="utf-8-sig")  # Excel writes a BOM
    except OSError as exc:
        raise InputError(f"cannot read the roster: {exc.strerror}", file=file) from None
    with handle:
        reader = csv.reader(handle)
        try:
            names = next(reader, None)
            if names is None:
                raise InputError("empty roster: expected a header row", file=file, line=1)
            columns = _header(names, file)
            line = reader.line_num + 1
            for cells in reader:
                if any(cell.strip() for cell in cells):
                    row = {c: v.strip() for c, v in zip(columns, cells, strict=False)}
                    if len(cells) > len(columns):
                        row["__extra__"] = str(len(cells))
                    yield RosterRow(row.get("id", ""), file, line, row)
                line = reader.line_num + 1
        except csv.Error as exc:
            problem = str(exc)
            if "field larger than field limit" in problem:
                problem = (
                    f"a cell is longer than {csv.field_size_limit()} characters (an unclosed "
                    "quote?)"
                )
            raise InputError(
                f"not a readable CSV: {problem}", file=file, line=max(reader.line_num, 1)
            ) from None
        except UnicodeDecodeError:
            raise InputError(
                "not UTF-8 text; save the roster as CSV UTF-8",
                file=file,
                line=max(reader.line_num, 1),
            ) from None


def check_header(path: str | Path) -> None:
    """Read only the header, so a bad one stops the batch before anything is written."""
    for _ in read_roster(path):
        break


def count_rows(path: str | Path) -> int:
    """Clients in a roster, for the progress bar (a quick pass; blank rows not counted)."""
    count = 0
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            next(reader, None)
            for cells in reader:
                count += any(cell.strip() for cell in cells)
    except (OSError, csv.Error, UnicodeDecodeError):
        pass  # only a count: read_roster reports the problem at its line
    return count


# --- a row -> a scenario ----------------------------------------------------------------


def _slots(cell: str) -> list[Any]:
    slots: list[Any] = []
    for item in _SPLIT.split(cell):
        parts = item.split()
        if not parts:
            continue
        if len(parts) > 2:
            raise ValueError(f"slot {item.strip()!r}: expected 'day' or 'day HH:MM'")
        slots.append({"day": parts[0]} if len(parts) == 1 else {"day": parts[0], "time": parts[1]})
    return slots


def _put(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        data = data.setdefault(key, {})
    data[path[-1]] = value


def _column_of(path: tuple[str | int, ...]) -> str | None:
    best, length = None, 0
    for column, target in COLUMNS.items():
        if target and tuple(path[: len(target)]) == target and len(target) > length:
            best, length = column, len(target)
    if best is None and path[:1] == ("schedule",):
        return "slots"  # whole-schedule checks (the same slot twice)
    return best


def _row_error(row: RosterRow, column: str | None, message: str) -> InputError:
    who = f" (client {row.client_id!r})" if row.client_id else ""
    return InputError(message + who, file=row.file, path=(column,) if column else (), line=row.line)


def row_scenario(row: RosterRow, gym: Gym) -> Scenario:
    """The row's scenario, checked; errors name the roster file, the row's line, the column."""
    return row_for_solve(row, gym, Resolver()).scenario


def row_for_solve(row: RosterRow, gym: Gym, resolver: Resolver) -> Loaded:
    """:func:`row_scenario` with the rules and catalog its check resolved. Every row of a
    roster shares the gym's rule set, overrides and exercises, so one ``resolver`` for the
    run resolves them once."""
    errors = []
    if "__extra__" in row.cells:
        errors.append(_row_error(row, None, "the row has more cells than the header"))
    if not row.client_id:
        errors.append(_row_error(row, "id", "empty id: every client needs one"))
    profile = gym.profile
    defaults = profile.defaults.model_dump(mode="json", exclude_none=True)
    data: dict[str, Any] = {
        "name": row.cells.get("name") or row.client_id or f"row {row.line}",
        "equipment": profile.model_dump(mode="json")["equipment"],
        "rules": profile.rules,
    }
    if profile.catalog is not None:
        data["catalog"] = profile.catalog
    if profile.overrides:
        data["overrides"] = {
            k: v.model_dump(mode="json", exclude_none=True) for k, v in profile.overrides.items()
        }
    if profile.exercises:
        data["exercises"] = [e.model_dump(mode="json") for e in profile.exercises]
    for column, target in COLUMNS.items():
        if not target or column == "name":
            continue
        cell = row.cells.get(column, "")
        if column in LOWERCASE_COLUMNS:
            cell = cell.lower()
        if not cell:
            if column in defaults:
                _put(data, target, defaults[column])
            elif column in REQUIRED_VALUES:
                errors.append(_row_error(row, column, "empty; this column needs a value"))
            continue
        if column in ("slots", "matches"):  # a match is a day and a kick-off time, as a slot
            try:
                value: Any = _slots(cell)
            except ValueError as exc:
                errors.append(_row_error(row, column, str(exc)))
                continue
        elif column in LIST_COLUMNS:
            value = [v.strip() for v in _SPLIT.split(cell) if v.strip()]
        else:
            value = cell
        _put(data, target, value)
    raise_all(errors)
    try:
        loaded = scenario_data_for_solve(data, row.file, LineMap({(): row.line}), resolver)
    except InputError as exc:
        found = exc.errors if isinstance(exc, InputErrors) else [exc]
        raise_all([_row_error(row, _column_of(e.path), e.message) for e in found])
        raise  # unreachable: raise_all raised
    raise_all([_row_error(row, "slots", m) for m in closed_slots(loaded.scenario, profile)])
    return loaded


def closed_slots(scenario: Scenario, profile: GymProfile) -> list[str]:
    """A message for each slot when the gym is closed (or closes before the session ends)."""
    messages = []
    minutes = scenario.schedule.minutes_per_session
    for slot in scenario.schedule.slots:
        ranges = profile.open_ranges(slot.day)
        if ranges is None:
            return []
        spec = (profile.opening_hours or {}).get(slot.day, "closed")
        if not ranges:
            messages.append(f"{slot.label}: the gym is closed on {slot.day}")
            continue
        if slot.time is None:
            continue
        hh, mm = slot.time.split(":")
        start = int(hh) * 60 + int(mm)
        if not any(a <= start and start + minutes <= b for a, b in ranges):
            messages.append(
                f"{slot.label}: a {minutes}-minute session does not fit the opening hours "
                f"({slot.day} {spec})"
            )
    return messages
