"""The JSON Schema of each kind of file: what `hamopt schema KIND` prints and the service serves.

One truth: a schema says what the loader (:mod:`hamopt.inputs.loading`) accepts, no more and
no less, wherever JSON Schema can say it. pydantic's schema of a model is the start; on top
of it go the checks the loader makes in code: times as HH:MM on a 24-hour clock, days in any
case, equipment profiles by name, exercise ids a scenario may name, rule ids and each rule's
typed parameters in ``rules:`` and ``overrides:``, lists without repeats, the anatomy of an
exercise, opening hours; then the loader's lax spellings (:mod:`hamopt.inputs.schema_text`),
a description on every field (:mod:`hamopt.inputs.schema_docs`), ``$schema`` and ``$id``.

What JSON Schema cannot say stays with the loader alone: anything that compares two values
(duplicate exercise ids, ``progresses_to`` naming an exercise of the same file, ``weeks``
agreeing with ``phases``, an id under both include and exclude, opening ranges in order), and
whether a rule set named by path exists. tests/inputs/test_schemas.py runs an independent
validator (jsonschema) and the loader over the same files and holds them to agreement.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from hamopt.domain.models import (
    DAYS,
    EQUIPMENT_PROFILES,
    SOURCED_ATTRIBUTES,
    Catalog,
    Program,
    RuleSet,
    Scenario,
)
from hamopt.inputs.schema_docs import FIELD_DOCS
from hamopt.inputs.schema_text import any_case, with_text_forms
from hamopt.rules.contract import Rule
from hamopt.rules.docs import param_descriptions
from hamopt.rules.registry import all_rules

DIALECT = "https://json-schema.org/draft/2020-12/schema"
ID_PREFIX = "urn:hamopt:schema:"
KINDS: tuple[str, ...] = ("scenario", "catalog", "ruleset", "gym", "roster", "program")

Schema = dict[str, Any]

# A clock time as hamopt.domain.models.check_hhmm reads it.
HHMM = r"^(?:[01][0-9]|2[0-3]):[0-5][0-9]$"
DAY_ANY_CASE = "^(?:" + "|".join(any_case(d) for d in DAYS) + ")$"
# Opening hours as hamopt.inputs.roster._ranges reads them: 'closed', or ranges that start
# at a clock time and end at one or at 24:00.
_START = r"(?:[01][0-9]|2[0-3]):[0-5][0-9]"
_END = rf"(?:{_START}|24:00)"
_RANGE = rf"\s*{_START}\s*-\s*{_END}\s*"
OPENING_HOURS = rf"^(?:\s*{any_case('closed')}\s*|{_RANGE}(?:,{_RANGE})*)$"


def _ref(name: str) -> Schema:
    return {"$ref": f"#/$defs/{name}"}


def _described(schema: Schema) -> None:
    """Every model's fields get their FIELD_DOCS text, unless the model gave one."""
    for model in (schema, *schema.get("$defs", {}).values()):
        docs = FIELD_DOCS.get(model.get("title", ""), {})
        for name, prop in model.get("properties", {}).items():
            if "description" not in prop and name in docs:
                prop["description"] = docs[name]


def _model(model: type[BaseModel]) -> Schema:
    all_rules()  # the rules' program fields (Rule.fields) are declared
    schema = model.model_json_schema()
    _described(schema)
    return schema


def _string_branch(node: Schema) -> Schema:
    """The string schema of ``node`` (itself, or its string branch of an ``anyOf``)."""
    for branch in node.get("anyOf", [node]):
        if branch.get("type") == "string":
            return branch  # type: ignore[no-any-return]
    raise KeyError("no string branch")


# --- pieces the loader checks in code ---------------------------------------------------


def _equipment(node: Schema) -> None:
    """A profile by name, or a list of equipment ids without repeats (Scenario._known_profile)."""
    profile, items = node["anyOf"]
    profile.update(enum=list(EQUIPMENT_PROFILES), description="an equipment profile")
    items["uniqueItems"] = True


def _any_case_day(node: Schema) -> None:
    """A slot's day is lowercased before it is checked, so Mon is mon (Slot._lower_day); a
    program session's is not, so only the slot's gets this."""
    canonical = {k: node.pop(k) for k in ("enum", "type")}
    node["anyOf"] = [
        canonical,
        {
            "type": "string",
            "pattern": DAY_ANY_CASE,
            "deprecated": True,
            "description": "the day in another case (Mon, MON), read as lowercase",
        },
    ]


def _slot_times(schema: Schema) -> None:
    defs = schema["$defs"]
    for name in ("Slot", "ProgramSession"):
        if name in defs:
            _string_branch(defs[name]["properties"]["time"])["pattern"] = HHMM
    if "Slot" in defs:
        _any_case_day(defs["Slot"]["properties"]["day"])
    if "Schedule" in defs:
        defs["Schedule"]["properties"]["slots"]["uniqueItems"] = True


def _exercises(schema: Schema, *, new_ids_only: bool) -> None:
    """An exercise's lists without repeats, its sourced attributes by name, its rep range's
    bounds, its anatomy (Exercise._anatomy); in a scenario or gym, ids the default catalog
    does not have."""
    exercise = schema["$defs"]["Exercise"]
    props = exercise["properties"]
    for name in ("actions", "equipment", "seeds"):
        props[name]["uniqueItems"] = True
    props["sources"]["propertyNames"] = {"enum": list(SOURCED_ATTRIBUTES)}
    for item in props["rep_range"]["prefixItems"]:
        item.update(minimum=1, maximum=50)
    knee_flexion = {"contains": {"const": "knee_flexion"}}
    exercise["allOf"] = [
        {  # bf_short only flexes the knee
            "if": {"properties": {"actions": {"not": knee_flexion}}},
            "then": {"properties": {"stimulus": {"properties": {"bf_short": {"maximum": 0}}}}},
        },
        {  # a hamstrings exercise flexes the knee or extends the hip
            "if": {"properties": {"region": {"const": "hamstrings"}}, "required": ["region"]},
            "then": {
                "properties": {
                    "actions": {"anyOf": [knee_flexion, {"contains": {"const": "hip_extension"}}]}
                }
            },
        },
    ]
    if new_ids_only:
        props["id"]["not"] = _ref("CatalogExerciseId")
        _catalog_ids(schema)


def _catalog_ids(schema: Schema) -> None:
    from hamopt.domain.catalog import default_catalog

    schema["$defs"]["CatalogExerciseId"] = {
        "description": "An exercise id of the default catalog (`hamopt catalog`).",
        "enum": [e.id for e in default_catalog().exercises],
    }


def _preference_ids(schema: Schema) -> None:
    """Without exercises of its own, a scenario's preferences name default catalog ids; with
    them, any id might be one of its own (the loader checks those)."""
    _catalog_ids(schema)
    known = {"items": _ref("CatalogExerciseId")}
    fields = ("include", "exclude", "favour", "avoid")
    schema["if"] = {"properties": {"exercises": {"maxItems": 0}}}
    schema["then"] = {
        "properties": {"preferences": {"properties": {f: known for f in fields}}}
    }


def _mode(node: Schema) -> None:
    """YAML 1.1 reads an unquoted ``off`` as false, which means off (models.yaml_mode)."""
    node["anyOf"].insert(
        1,
        {
            "const": False,
            "deprecated": True,
            "description": "an unquoted off, which YAML 1.1 reads as false: off",
        },
    )


def _params(rule: Rule, schema: Schema) -> Schema:
    """A rule's params, every one optional (each layer changes some; the rest come from
    below), with their descriptions; their own $defs merged into the schema's."""
    params = rule.params.model_json_schema(ref_template="#/$defs/{model}")
    for name, sub in params.pop("$defs", {}).items():
        if schema["$defs"].setdefault(name, sub) != sub:
            raise ValueError(f"rule {rule.id}: its params define {name!r} unlike the models")
    params.pop("required", None)
    docs = param_descriptions(rule)
    for name, prop in params.get("properties", {}).items():
        prop.setdefault(
            "description",
            docs.get(name, f"{rule.id}'s {name.replace('_', ' ')} (see `hamopt rules`)"),
        )
    return params


def _rule_map(schema: Schema, node: Schema, entry: str) -> None:
    """``rules:`` or ``overrides:``: rule ids only, each with its own typed params."""
    base = schema["$defs"][entry]
    _mode(base["properties"]["mode"])
    props = {}
    for rule_id, rule in all_rules().items():
        typed = copy.deepcopy(base)
        typed["title"] = f"{rule_id} ({entry})"
        try:
            typed["description"] = rule.summary()
        except Exception:  # a plugin whose Params need values has no default summary
            typed["description"] = rule_id
        typed["properties"]["params"] = {
            **_params(rule, schema),
            "description": base["properties"]["params"].get("description", ""),
        }
        schema["$defs"][f"{entry}_{rule_id}"] = typed
        props[rule_id] = {**_ref(f"{entry}_{rule_id}"), "description": typed["description"]}
    for key in ("patternProperties", "additionalProperties", "propertyNames"):
        node.pop(key, None)
    node.update(type="object", properties=props, additionalProperties=False)


def _packaged() -> list[str]:
    """The packaged rule sets: examples for a `rules:` or `extends:` reference."""
    from hamopt.rules.ruleset import packaged_names

    return packaged_names()


# --- each kind ----------------------------------------------------------------------------


def _scenario() -> Schema:
    schema = _model(Scenario)
    props = schema["properties"]
    _equipment(props["equipment"])
    _slot_times(schema)
    _exercises(schema, new_ids_only=True)
    _preference_ids(schema)
    _rule_map(schema, props["overrides"], "RuleOverride")
    props["rules"]["examples"] = _packaged()
    return schema


def _catalog() -> Schema:
    schema = _model(Catalog)
    _exercises(schema, new_ids_only=False)
    return schema


def _ruleset() -> Schema:
    schema = _model(RuleSet)
    _rule_map(schema, schema["properties"]["rules"], "RuleConfig")
    _string_branch(schema["properties"]["extends"])["examples"] = _packaged()
    return schema


def _gym() -> Schema:
    from hamopt.inputs.roster import GymProfile

    schema = _model(GymProfile)
    props = schema["properties"]
    _equipment(props["equipment"])
    _exercises(schema, new_ids_only=True)
    _rule_map(schema, props["overrides"], "RuleOverride")
    props["rules"]["examples"] = _packaged()
    hours = next(b for b in props["opening_hours"]["anyOf"] if b.get("type") == "object")
    hours["propertyNames"] = {"pattern": DAY_ANY_CASE}
    hours["additionalProperties"] = {"type": "string", "pattern": OPENING_HOURS}
    return schema


def _program() -> Schema:
    schema = _model(Program)
    _slot_times(schema)
    return schema


def _roster() -> Schema:
    from hamopt.inputs.roster_schema import roster_row_schema

    return roster_row_schema()


_BUILDERS: dict[str, tuple[Callable[[], Schema], str]] = {
    "scenario": (_scenario, "A hamopt scenario: one person, their schedule and equipment."),
    "catalog": (_catalog, "A hamopt exercise catalog."),
    "ruleset": (_ruleset, "A hamopt rule set: per rule, mode, weight and params."),
    "gym": (_gym, "A hamopt gym profile: what every client of a roster shares."),
    "roster": (
        _roster,
        "One row of a hamopt roster CSV, by column (header names are case-insensitive).",
    ),
    "program": (_program, "A hamopt program (solver output, or written by hand for check)."),
}


def schema_of(kind: str) -> Schema:
    """The JSON Schema (draft 2020-12) of a file of ``kind`` (one of KINDS)."""
    build, description = _BUILDERS[kind]
    body = with_text_forms(build())
    body["description"] = description
    return {"$schema": DIALECT, "$id": f"{ID_PREFIX}{kind}", **body}


def schema_text(kind: str) -> str:
    return json.dumps(schema_of(kind), indent=2, ensure_ascii=False)
