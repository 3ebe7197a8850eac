"""A request's scenario, rule set and program: parsed and checked as the CLI checks files.

A scenario arrives as a JSON object or as YAML (or JSON) text; either way it goes through
:func:`hamopt.inputs.loading.scenario_from_data`, so a mistake is the same InputError (file,
field, line) `hamopt validate` would print, and the service answers it with 422. The "file"
an error names is the request field (`scenario`, `ruleset`, `program`); YAML text gives
lines, a JSON object gives the field path alone.

Rule sets come by packaged name or inline, never as a path on the server: a scenario's
`rules:` and a rule set's `extends:` must name a packaged rule set. Catalogs likewise: a
request's exercises come inline (a scenario's `exercises`, added to the shipped catalog), and a
scenario's `catalog:`, a file path, is refused before anything is read.
"""

from __future__ import annotations

from typing import Any

from hamopt.domain.models import Program, RuleSet, Scenario
from hamopt.io.errors import InputError
from hamopt.io.yaml_files import LineMap, parse_yaml, require_mapping, validate
from hamopt.rules.contract import ActiveRule


def _data(value: Any, file: str) -> tuple[Any, LineMap]:
    """YAML/JSON text parsed with its lines, or an already-parsed JSON value without."""
    if isinstance(value, str):
        return parse_yaml(value, file)
    return value, LineMap()


def packaged_only(
    ref: Any, file: str, path: tuple[str | int, ...], linemap: LineMap | None = None
) -> None:
    """Refuse a rule set reference that is not a packaged rule set's name (a path, say)."""
    from hamopt.rules.ruleset import packaged_names

    if not isinstance(ref, str) or ref in packaged_names():
        return
    raise InputError(
        f"no packaged rule set {ref!r}; the service takes a packaged rule set "
        f"({', '.join(packaged_names())}) by name, or one inline in `ruleset`, never a file",
        file=file,
        path=path,
        line=linemap.line(path) if linemap is not None else None,
    )


def scenario_from_request(value: Any, file: str = "scenario") -> Scenario:
    """A scenario from a request, every reference checked as `hamopt validate` checks one."""
    from hamopt.inputs.loading import scenario_from_data

    data, linemap = _data(value, file)
    data = require_mapping(data, file, "`name` and `schedule`")
    packaged_only(data.get("rules"), file, ("rules",), linemap)
    no_catalog_file(data, file, linemap)
    return scenario_from_data(data, file, linemap)


def no_catalog_file(data: dict[str, Any], file: str, linemap: LineMap) -> None:
    """Refuse a scenario's `catalog:`: it names a file, and the service reads no file a
    request names (its own exercises go inline, under `exercises`)."""
    if "catalog" not in data:
        return
    raise InputError(
        "the service reads no catalog file; give the scenario's own exercises inline under "
        "`exercises` (they are added to the shipped catalog), or use `hamopt solve --catalog` "
        "on your own machine",
        file=file,
        path=("catalog",),
        line=linemap.line(("catalog",)),
    )


def ruleset_from_request(value: Any, file: str = "ruleset") -> RuleSet:
    """An inline rule set (object or YAML text); its `extends` a packaged name."""
    from hamopt.rules.ruleset import load_ruleset_data

    data, linemap = _data(value, file)
    data = require_mapping(data, file, "`name` and `rules`")
    packaged_only(data.get("extends"), file, ("extends",), linemap)
    return load_ruleset_data(data, file, linemap)


def program_from_request(value: Any, file: str = "program") -> Program:
    data, linemap = _data(value, file)
    data = require_mapping(data, file, "`weeks`")
    return validate(Program, data, file, linemap)


def rules_for(scenario: Scenario, ruleset: Any) -> list[ActiveRule]:
    """The active rules: the request's rule set (a packaged name or inline), else the
    scenario's own `rules:` (checked to be packaged), each with the scenario's overrides."""
    from hamopt.rules.ruleset import active_rules, find_ruleset, with_line

    if ruleset is None:
        return active_rules(scenario)
    if isinstance(ruleset, str) and "\n" not in ruleset and ":" not in ruleset:
        packaged_only(ruleset, "request", ("ruleset",))
        chosen, file = find_ruleset(ruleset)
        return active_rules(scenario, chosen, ruleset_file=file)
    inline = ruleset_from_request(ruleset)
    try:
        return active_rules(scenario, inline)
    except InputError as exc:
        raise with_line(exc, "ruleset", LineMap()) from None


def unknown_ids(program: Program, scenario: Scenario) -> None:
    """A program naming an exercise the scenario's catalog lacks is bad input."""
    from hamopt.domain.catalog import catalog_for

    by_id = catalog_for(scenario).by_id()
    for w, week in enumerate(program.weeks):
        for s, session in enumerate(week.sessions):
            for e, line in enumerate(session.exercises):
                if line.id not in by_id:
                    raise InputError(
                        f"unknown exercise id {line.id!r}: not in the catalog or the scenario",
                        file="program",
                        path=("weeks", w, "sessions", s, "exercises", e, "id"),
                    )
