"""Every file a user gives hamopt goes through here: read, parse, validate, cross-check.

The promise (DESIGN.md, "Behaviour every command keeps"): bad input becomes an
:class:`~hamopt.io.errors.InputError` naming the file, the field path and the line, with what was
expected, never a Python traceback. YAML is parsed with ``yaml.SafeLoader`` only, so a
``!!python/...`` tag is refused instead of run; JSON is YAML, so JSON files load too.

The node tree that PyYAML composes keeps the line of every key and item. :class:`LineMap` keeps
those lines by field path, so a pydantic error at ``("schedule", "slots", 1, "time")`` can say
"line 14". The same walk finds duplicate mapping keys (PyYAML silently keeps the last one) and
bounds how far anchors and aliases can expand.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from hamopt.domain.models import Catalog, Program, RuleSet, Scenario
from hamopt.io.errors import InputError, raise_all
from hamopt.io.yaml_files import (
    LineMap,
    PathT,
    did_you_mean,
    load_yaml,
    require_mapping,
    validate,
    validate_all,
)
from hamopt.rules.ruleset import load_ruleset_data, rule_errors, with_line


def _exercise_issues(
    items: Any, base: PathT, file: str, linemap: LineMap, known: set[str]
) -> list[InputError]:
    """Duplicate ids and unknown ``progresses_to`` among raw exercise entries, with lines."""
    if not isinstance(items, list):
        return []
    errors: list[InputError] = []
    first: dict[str, int] = {}
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            continue
        ex_id = item["id"]
        path = (*base, i, "id")
        if ex_id in first:
            where = ".".join(str(p) for p in (*base, first[ex_id]))
            errors.append(
                InputError(
                    f"duplicate exercise id {ex_id!r} (already used by {where}, line "
                    f"{linemap.line((*base, first[ex_id]))}); ids must be unique",
                    file=file,
                    path=path,
                    line=linemap.line(path),
                )
            )
        elif ex_id in known:
            errors.append(
                InputError(
                    f"exercise id {ex_id!r} is already in the default catalog; give this "
                    "exercise a new id (see `hamopt catalog`)",
                    file=file,
                    path=path,
                    line=linemap.line(path),
                )
            )
        else:
            first[ex_id] = i
    ids = known | set(first)
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        target = item.get("progresses_to")
        if isinstance(target, str) and target not in ids:
            path = (*base, i, "progresses_to")
            errors.append(
                InputError(
                    f"progresses_to names unknown exercise {target!r}{did_you_mean(target, ids)}",
                    file=file,
                    path=path,
                    line=linemap.line(path),
                )
            )
    return errors


def _merge_root_errors(
    model_errors: list[InputError], precise: list[InputError]
) -> list[InputError]:
    """Field errors plus the precise cross-checks; the latter replace whole-model errors."""
    if not precise:
        return model_errors
    return [e for e in model_errors if e.path] + precise


def _catalog(data: Any, file: str, linemap: LineMap) -> Catalog:
    data = require_mapping(data, file, "an `exercises` list")
    precise = _exercise_issues(data.get("exercises"), ("exercises",), file, linemap, set())
    catalog, errors = validate_all(Catalog, data, file, linemap)
    raise_all(_merge_root_errors(errors, precise))
    assert catalog is not None
    return catalog


def _ruleset_chain(ruleset: RuleSet, file: str, linemap: LineMap) -> None:
    """Follow ``extends`` and validate the merged params, as a solve would."""
    from hamopt.rules.ruleset import find_ruleset, resolve

    if ruleset.extends is not None:
        try:
            find_ruleset(ruleset.extends, Path(file).parent)
        except InputError as exc:
            if exc.file is None:  # not found: the error is this file's `extends`
                exc.path = ("extends",)
            raise with_line(exc, file, linemap) from None
    try:
        resolve(ruleset, file=file, base_dir=Path(file).parent)
    except InputError as exc:
        raise with_line(exc, file, linemap) from None


def _scenario(data: Any, file: str, linemap: LineMap) -> Scenario:
    from hamopt.domain.catalog import catalog_for, default_catalog

    data = require_mapping(data, file, "`name` and `schedule`")
    scenario = validate(Scenario, data, file, linemap)

    base_ids = {e.id for e in default_catalog().exercises}
    errors = _exercise_issues(data.get("exercises"), ("exercises",), file, linemap, base_ids)
    raise_all(errors)
    try:
        known = {e.id for e in catalog_for(scenario).exercises}
    except (ValueError, ValidationError) as exc:  # the checks above should catch these first
        raise InputError(
            f"scenario exercises: {exc}",
            file=file,
            path=("exercises",),
            line=linemap.line(("exercises",)),
        ) from None

    for field_name in ("include", "exclude", "favour", "avoid"):
        for index, ex_id in enumerate(getattr(scenario.preferences, field_name)):
            if ex_id in known:
                continue
            where = ("preferences", field_name, index)
            errors.append(
                InputError(
                    f"unknown exercise id {ex_id!r}{did_you_mean(ex_id, known)}; "
                    "`hamopt catalog` lists the known ids, and a scenario may add its own under "
                    "`exercises`",
                    file=file,
                    path=where,
                    line=linemap.line(where),
                )
            )
    errors.extend(rule_errors(scenario.overrides, ("overrides",), file, linemap))
    raise_all(errors)

    from hamopt.rules.ruleset import find_ruleset, resolve

    try:
        ruleset, ruleset_file = find_ruleset(scenario.rules, Path(file).parent)
        resolve(
            ruleset,
            scenario.overrides,
            file=ruleset_file,
            base_dir=Path(ruleset_file).parent,
            overrides_file=file,
        )
    except InputError as exc:
        raise with_line(exc, file, linemap) from None
    return scenario


def _program(data: Any, file: str, linemap: LineMap) -> Program:
    data = require_mapping(data, file, "`weeks`")
    if "weeks" not in data:  # what `hamopt validate` knows a program by: every command agrees
        raise InputError(
            "missing required key 'weeks': a program has `weeks` (a list of weeks; `weeks: []` "
            "for none)",
            file=file,
            line=1,
        )
    return validate(Program, data, file, linemap)


def load_scenario(path: str | Path) -> Scenario:
    """A scenario, every reference checked: preference ids against ``catalog_for`` (default
    catalog plus the scenario's own ``exercises``), ``overrides`` against the rule registry,
    and ``rules`` (a packaged rule set name or a path) resolved with the overrides applied."""
    data, linemap = load_yaml(path)
    return _scenario(data, str(path), linemap)


def scenario_from_data(data: Any, file: str, linemap: LineMap) -> Scenario:
    """A scenario built from data that is not a YAML file (e.g. a roster CSV row), checked
    exactly as :func:`load_scenario` checks a file; ``linemap`` gives the lines to name."""
    return _scenario(data, file, linemap)


def load_catalog(path: str | Path) -> Catalog:
    """A catalog file: ``exercises: [...]``, ids unique, ``progresses_to`` resolvable."""
    data, linemap = load_yaml(path)
    return _catalog(data, str(path), linemap)


def load_program(path: str | Path) -> Program:
    """A program (solver output or hand-written), as `hamopt check` reads it."""
    data, linemap = load_yaml(path)
    return _program(data, str(path), linemap)


# --- what is this file? ---------------------------------------------------------------

KINDS: tuple[str, ...] = ("scenario", "catalog", "ruleset", "program")

# Keys only a scenario has: a scenario that forgot `schedule` is still told it is a scenario.
_SCENARIO_KEYS = frozenset(
    {"schedule", "athlete", "phase", "preferences", "overrides", "equipment"}
)


def kind_of(data: Any) -> str | None:
    """ "scenario", "catalog", "ruleset", "program" or None, from the top-level keys."""
    if not isinstance(data, dict):
        return None
    keys = set(data)
    if keys & _SCENARIO_KEYS:
        return "scenario"
    if "weeks" in keys:
        return "program"
    if "exercises" in keys:
        return "catalog"
    if "rules" in keys and "name" in keys:
        return "ruleset"
    return None


def load_any(path: str | Path) -> tuple[str, object]:
    """Recognise a scenario, catalog, rule set or program file and load it fully checked.

    A scenario has ``schedule``; a program has ``weeks`` (a list); a catalog has
    ``exercises`` and no ``schedule``; a rule set has ``name`` and ``rules``.
    """
    file = str(path)
    data, linemap = load_yaml(path)
    kind = kind_of(data)
    if kind == "scenario":
        return kind, _scenario(data, file, linemap)
    if kind == "catalog":
        return kind, _catalog(data, file, linemap)
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
        "cannot tell what this file is: expected a scenario (with `schedule`), a catalog "
        "(with `exercises`), a rule set (with `name` and `rules`) or a program (with "
        f"`weeks`); {found}",
        file=file,
        line=1,
    )
