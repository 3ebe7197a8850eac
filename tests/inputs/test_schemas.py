"""The JSON Schemas agree with the loader (issue 20): an independent validator (jsonschema)
and `load_any` accept and reject the same files, wherever JSON Schema can say it.

Each case is a whole file: a shipped one, or the base file of its kind with one change.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from hamopt.inputs.kinds import load_any
from hamopt.inputs.schema_docs import FIELD_DOCS
from hamopt.inputs.schemas import DIALECT, KINDS, schema_of
from hamopt.io.errors import HamoptError

ROOT = Path(__file__).resolve().parents[2]

SCENARIO = """\
name: Agreement
schedule:
  sessions_per_week: 2
  minutes_per_session: 60
  slots:
    - {day: mon, time: "18:00"}
    - {day: thu, time: "18:00"}
"""

OWN_EXERCISE = """\
exercises:
  - id: {id}
    name: Towel curl
    region: hamstrings
    actions: [{action}]
    stimulus: {{bf_long: 0.5, bf_short: {bf_short}, semitendinosus: 0.5, semimembranosus: 0.5}}
    kneeling: {kneeling}
    source: a test
"""

GYM = """\
name: Test gym
equipment: full_gym
opening_hours:
  mon: "06:00-22:00"
  sat: "08:00-12:00, 14:00-18:00"
  sun: closed
defaults:
  sessions_per_week: 2
"""

RULESET = """\
name: agreement
extends: default
rules:
"""


def scenario(*replace: tuple[str, str], extra: str = "") -> str:
    text = SCENARIO
    for old, new in replace:
        assert old in text, old
        text = text.replace(old, new)
    return text + extra


def own(id: str = "towel_curl", action: str = "knee_flexion", bf_short: str = "0.3",
        kneeling: str = "false") -> str:
    return OWN_EXERCISE.format(id=id, action=action, bf_short=bf_short, kneeling=kneeling)


def gym(*replace: tuple[str, str]) -> str:
    text = GYM
    for old, new in replace:
        assert old in text, old
        text = text.replace(old, new)
    return text


# (case, kind, file text, accepted?)
CASES: list[tuple[str, str, str, bool]] = [
    # --- accepted: what a person writes, canonical or in the loader's other spellings
    ("base scenario", "scenario", scenario(), True),
    ("day in another case", "scenario", scenario(("day: mon", "day: Mon")), True),
    ("minutes as text", "scenario", scenario(("minutes_per_session: 60",
                                              'minutes_per_session: "60"')), True),
    ("sessions as 2.0", "scenario", scenario(("sessions_per_week: 2", "sessions_per_week: 2.0")),
     True),
    ("YAML 1.1 yes is 1", "scenario", scenario(("sessions_per_week: 2", "sessions_per_week: yes"),
                                              ("- {day: thu", "# - {day: thu")), True),
    ("untimed slot", "scenario", scenario(('{day: thu, time: "18:00"}', "{day: thu}")), True),
    ("equipment profile", "scenario", scenario(extra="equipment: home_bands\n"), True),
    ("equipment list", "scenario", scenario(extra="equipment: [dumbbell, bench]\n"), True),
    ("known exercise id", "scenario",
     scenario(extra="preferences: {include: [seated_leg_curl]}\n"), True),
    ("own exercise named in preferences", "scenario",
     scenario(extra="preferences: {favour: [towel_curl]}\n" + own()), True),
    ("own exercise, kneeling as text", "scenario", scenario(extra=own(kneeling='"yes"')), True),
    ("typed override", "scenario",
     scenario(extra="overrides:\n  recovery_spacing: {params: {min_hours: 36}}\n"), True),
    ("override param as text", "scenario",
     scenario(extra='overrides:\n  recovery_spacing: {params: {min_hours: "36"}}\n'), True),
    ("mode: off unquoted", "scenario",
     scenario(extra="overrides:\n  volume_target: {mode: off}\n"), True),
    ("shipped gym profile", "gym", (ROOT / "scenarios/gym/gym.yaml").read_text(), True),
    ("gym, days in any case", "gym", gym(("mon:", "Mon:")), True),
    ("gym ends at 24:00", "gym", gym(('"06:00-22:00"', '"06:00-24:00"')), True),
    ("rule set with typed params", "ruleset",
     RULESET + "  recovery_spacing: {mode: hard, params: {min_hours: 40}}\n", True),
    ("packaged strengthlog rule set", "ruleset",
     (ROOT / "hamopt/data/rulesets/strengthlog.yaml").read_text(), True),
    # --- rejected: what the loader refuses and JSON Schema can say
    ("time 25:00", "scenario", scenario(('time: "18:00"}\n    - {day: thu',
                                         'time: "25:00"}\n    - {day: thu')), False),
    ("time unquoted (YAML 1.1: 1080)", "scenario",
     scenario(('{day: mon, time: "18:00"}', "{day: mon, time: 18:00}")), False),
    ("not a day", "scenario", scenario(("day: mon", "day: funday")), False),
    ("minutes below 10", "scenario", scenario(("minutes_per_session: 60",
                                               "minutes_per_session: 5")), False),
    ("minutes below 10, as text", "scenario", scenario(("minutes_per_session: 60",
                                                        'minutes_per_session: "5"')), False),
    ("minutes as words", "scenario", scenario(("minutes_per_session: 60",
                                               "minutes_per_session: an hour")), False),
    ("unknown equipment", "scenario", scenario(extra="equipment: [dumbbell, laser]\n"), False),
    ("unknown profile", "scenario", scenario(extra="equipment: garage\n"), False),
    ("equipment twice", "scenario", scenario(extra="equipment: [bench, bench]\n"), False),
    ("unknown exercise id", "scenario",
     scenario(extra="preferences: {include: [moon_curl]}\n"), False),
    ("unknown key", "scenario", scenario(extra="colour: red\n"), False),
    ("unknown rule id", "scenario",
     scenario(extra="overrides:\n  moon_phase: {mode: hard}\n"), False),
    ("unknown param", "scenario",
     scenario(extra="overrides:\n  recovery_spacing: {params: {min_days: 2}}\n"), False),
    ("param of the wrong type", "scenario",
     scenario(extra="overrides:\n  recovery_spacing: {params: {min_hours: soon}}\n"), False),
    ("param out of range", "scenario",
     scenario(extra="overrides:\n  recovery_spacing: {params: {min_hours: 500}}\n"), False),
    ("mode maybe", "scenario", scenario(extra="overrides:\n  volume_target: {mode: maybe}\n"),
     False),
    ("own exercise takes a catalog id", "scenario", scenario(extra=own(id="seated_leg_curl")),
     False),
    ("bf_short without knee flexion", "scenario",
     scenario(extra=own(action="hip_extension")), False),
    ("hamstrings exercise that only squats", "scenario",
     scenario(extra=own(action="squat", bf_short="0")), False),
    ("gym hours past midnight", "gym", gym(('"06:00-22:00"', '"06:00-25:00"')), False),
    ("gym hours in words", "gym", gym(('"06:00-22:00"', '"early till late"')), False),
    ("gym opens on funday", "gym", gym(("mon:", "funday:")), False),
    ("gym unknown equipment", "gym", gym(("equipment: full_gym", "equipment: [laser]")), False),
    ("gym unknown rule", "gym", gym() + "overrides:\n  moon_phase: {mode: off}\n", False),
    ("rule set unknown rule", "ruleset", RULESET + "  moon_phase: {mode: hard}\n", False),
    ("rule set untyped param", "ruleset",
     RULESET + "  recovery_spacing: {params: {min_hours: [36]}}\n", False),
    ("catalog tempo in words", "catalog",
     own(id="towel_curl").replace("kneeling: false", "tempo: slow"), False),
]


@pytest.fixture(scope="module")
def validators() -> dict[str, jsonschema.protocols.Validator]:
    out = {}
    for kind in KINDS:
        schema = schema_of(kind)
        jsonschema.Draft202012Validator.check_schema(schema)
        out[kind] = jsonschema.Draft202012Validator(schema)
    return out


def loader_accepts(path: Path) -> tuple[bool, str]:
    try:
        load_any(path)
    except HamoptError as exc:
        return False, str(exc)
    return True, ""


def test_enough_cases() -> None:
    accepted = sum(ok for *_, ok in CASES)
    assert accepted >= 10 and len(CASES) - accepted >= 10 and len(CASES) >= 20


@pytest.mark.parametrize(("case", "kind", "text", "accepted"), CASES, ids=[c[0] for c in CASES])
def test_schema_and_loader_agree(
    case: str, kind: str, text: str, accepted: bool, tmp_path: Path,
    validators: dict[str, Any],
) -> None:
    path = tmp_path / "file.yaml"
    path.write_text(text)
    by_loader, message = loader_accepts(path)
    # The validator reads the data as the loader's YAML parser does (YAML 1.1, safe).
    errors = [e.message for e in validators[kind].iter_errors(yaml.safe_load(text))]
    assert by_loader is accepted, f"{case}: loader said {message!r}"
    assert (not errors) is accepted, f"{case}: the schema said {errors}"
    assert load_any(path)[0] == kind if accepted else True


# --- the schemas themselves ----------------------------------------------------------------


# Subschemas that constrain fields described elsewhere, not fields of their own.
_CONSTRAINTS = frozenset({"if", "then", "else", "not", "allOf"})


def _nodes(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, list):
        return [n for item in node for n in _nodes(item)]
    if not isinstance(node, dict):
        return []
    return [node, *(n for k, v in node.items() if k not in _CONSTRAINTS for n in _nodes(v))]


@pytest.mark.parametrize("kind", KINDS)
def test_every_field_is_described(kind: str) -> None:
    schema = schema_of(kind)
    assert schema["$schema"] == DIALECT and schema["$id"].endswith(kind)
    missing = [
        f"{model.get('title')}.{name}"
        for model in _nodes(schema)
        for name, prop in (model.get("properties") or {}).items()
        if isinstance(prop, dict) and not prop.get("description")
    ]
    assert not missing


def test_field_docs_name_real_fields() -> None:
    """A renamed or removed field takes its description with it."""
    found: dict[str, set[str]] = {}
    for kind in KINDS:
        for node in _nodes(schema_of(kind)):
            if isinstance(node.get("properties"), dict) and isinstance(node.get("title"), str):
                found.setdefault(node["title"], set()).update(node["properties"])
    stale = [f"{m}.{f}" for m, fields in FIELD_DOCS.items() for f in fields
             if f not in found.get(m, set())]
    assert not stale


def test_shipped_files_are_valid_under_their_schema(validators: dict[str, Any]) -> None:
    """Every shipped scenario and rule set passes its schema, as it passes the loader."""
    patterns = ("scenarios/*.yaml", "scenarios/conflicts/*.yaml", "hamopt/data/rulesets/*.yaml",
                "scenarios/studies/rules/*.yaml", "scenarios/gym/gym.yaml")
    files = [path for pattern in patterns for path in ROOT.glob(pattern)]
    assert len(files) > 20
    for path in files:
        data = yaml.safe_load(path.read_text())
        kind, _ = load_any(path)
        errors = [e.message for e in validators[kind].iter_errors(data)]
        assert not errors, f"{path}: {errors}"


def test_roster_rows(validators: dict[str, Any]) -> None:
    """The roster's row schema takes the shipped roster's rows and refuses a bad slot."""
    import csv

    with open(ROOT / "scenarios/gym/roster.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        assert validators["roster"].is_valid(row), row
    bad = {**rows[0], "slots": "mon 25:00"}
    assert not validators["roster"].is_valid(bad)
    assert not validators["roster"].is_valid({**rows[0], "minutes": "5"})


def test_schema_command_prints_every_kind() -> None:
    from click.testing import CliRunner

    from hamopt.cli import main

    for kind in KINDS:
        result = CliRunner().invoke(main, ["schema", kind])
        assert result.exit_code == 0, result.output
        assert json.loads(result.output)["$id"].endswith(kind)
