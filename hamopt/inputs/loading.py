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

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from hamopt.domain.models import Catalog, Program, RuleSet, Scenario
from hamopt.inputs.catalog_files import (
    DEFAULT_NAME,
    exercise_issues,
    load_catalog,
    referenced,
)
from hamopt.io.errors import InputError, raise_all
from hamopt.io.yaml_files import (
    LineMap,
    did_you_mean,
    load_yaml,
    require_mapping,
    validate,
)
from hamopt.rules.contract import ActiveRule
from hamopt.rules.registry import all_rules
from hamopt.rules.ruleset import rule_errors, with_line

# --- scenario files in a folder -----------------------------------------------------------

# What a folder or a glob of scenarios is read for (JSON is YAML).
SCENARIO_SUFFIXES: tuple[str, ...] = (".yaml", ".yml", ".json")


def is_scenario_file(path: Path) -> bool:
    """A scenario file by its name: a known suffix, not a dotfile (an editor's ``.x.yaml.swp``
    or a half-written ``.client.yaml.tmp``), and a regular file."""
    return (
        path.name.endswith(SCENARIO_SUFFIXES) and not path.name.startswith(".") and path.is_file()
    )


def scenario_files_in(folder: Path) -> list[Path]:
    """The scenario files of a folder (not recursive), sorted by name, so ids, duplicates and
    the order of a summary never depend on the filesystem. The one lister: `hamopt batch`
    and `hamopt compare` both read a folder this way."""
    return sorted((p for p in folder.iterdir() if is_scenario_file(p)), key=lambda p: p.name)


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


@dataclass(frozen=True)
class Loaded:
    """A checked scenario with what a solve of it needs: the rules in force and its catalog."""

    scenario: Scenario
    rules: list[ActiveRule]
    catalog: Catalog


class Resolver:
    """Rule sets and catalogs resolved once for all the scenarios that share them.

    Checking a scenario resolves its rule set (``extends``, overrides, params) and builds its
    catalog; a solve needs both again. One Resolver hands the checked ones on, and gives
    scenarios with the same rule set reference (from the same folder), overrides and own
    exercises the same ones: a batch's clients, who share a gym's, resolve them once per run.
    Errors are never kept, so each scenario reports its own. Keep one no longer than the
    files it read can be trusted not to change (a batch run).
    """

    def __init__(self, catalog: str | Path | None = None) -> None:
        # `--catalog FILE`: used for every scenario, in place of its own `catalog:`.
        self.catalog_file = None if catalog is None else str(catalog)
        self._rules: dict[tuple[str, str, str], list[ActiveRule]] = {}
        self._bases: dict[str, Catalog] = {}
        self._catalogs: dict[tuple[str, str], Catalog] = {}

    def base(self, scenario: Scenario, file: str, linemap: LineMap) -> tuple[Catalog, str]:
        """The catalog the scenario's own exercises are added to, and how to name it: the
        `--catalog` file, else the scenario's `catalog:` (relative to ``file``), else the
        default. A file is read once per Resolver."""
        from hamopt.domain.catalog import default_catalog
        from hamopt.inputs.catalog_files import catalog_path

        if self.catalog_file is not None:
            key, load = self.catalog_file, lambda: load_catalog(self.catalog_file)
        elif scenario.catalog is not None:
            ref = scenario.catalog
            key = str(catalog_path(ref, Path(file).parent).resolve())
            load = lambda: referenced(ref, file, linemap)  # noqa: E731
        else:
            return default_catalog(), DEFAULT_NAME
        if key not in self._bases:
            self._bases[key] = load()
        return self._bases[key], f"the catalog {key}"

    def catalog(self, scenario: Scenario, file: str, linemap: LineMap) -> Catalog:
        """The base catalog (:meth:`base`) with the scenario's own exercises appended."""
        from hamopt.domain.catalog import catalog_for

        base, name = self.base(scenario, file, linemap)
        key = (name, json.dumps([e.model_dump(mode="json") for e in scenario.exercises]))
        if key not in self._catalogs:
            self._catalogs[key] = catalog_for(scenario, base)
        return self._catalogs[key]

    def rules(self, scenario: Scenario, file: str) -> list[ActiveRule]:
        """The scenario's rules: its rule set (found from ``file``'s folder) + overrides."""
        from hamopt.rules.ruleset import find_ruleset, resolve

        base = str(Path(file).parent)
        overrides = {k: v.model_dump(mode="json") for k, v in scenario.overrides.items()}
        key = (scenario.rules, base, json.dumps(overrides, sort_keys=True))
        if key not in self._rules:
            ruleset, ruleset_file = find_ruleset(scenario.rules, Path(base))
            self._rules[key] = resolve(
                ruleset,
                scenario.overrides,
                file=ruleset_file,
                base_dir=Path(ruleset_file).parent,
                overrides_file=file,
            )
        return list(self._rules[key])


def _scenario(data: Any, file: str, linemap: LineMap) -> Scenario:
    return _checked_scenario(data, file, linemap, Resolver()).scenario


def _checked_scenario(data: Any, file: str, linemap: LineMap, resolver: Resolver) -> Loaded:
    data = require_mapping(data, file, "`name` and `schedule`")
    scenario = validate(Scenario, data, file, linemap)

    base, base_name = resolver.base(scenario, file, linemap)
    base_ids = {e.id for e in base.exercises}
    errors = exercise_issues(
        data.get("exercises"), ("exercises",), file, linemap, base_ids, base_name
    )
    raise_all(errors)
    try:
        catalog = resolver.catalog(scenario, file, linemap)
        known = {e.id for e in catalog.exercises}
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

    try:
        rules = resolver.rules(scenario, file)
    except InputError as exc:
        raise with_line(exc, file, linemap) from None
    return Loaded(scenario, rules, catalog)


def _program(data: Any, file: str, linemap: LineMap) -> Program:
    data = require_mapping(data, file, "`weeks`")
    if "weeks" not in data:  # what `hamopt validate` knows a program by: every command agrees
        raise InputError(
            "missing required key 'weeks': a program has `weeks` (a list of weeks; `weeks: []` "
            "for none)",
            file=file,
            line=1,
        )
    all_rules()  # the rules' line and week fields (``Rule.fields``) are declared
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


def load_scenario_for_solve(path: str | Path, resolver: Resolver) -> Loaded:
    """:func:`load_scenario`, with the rules and catalog its check resolved (``resolver``
    shares them between scenarios)."""
    data, linemap = load_yaml(path)
    return _checked_scenario(data, str(path), linemap, resolver)


def scenario_data_for_solve(data: Any, file: str, linemap: LineMap, resolver: Resolver) -> Loaded:
    """:func:`scenario_from_data`, with the rules and catalog its check resolved."""
    return _checked_scenario(data, file, linemap, resolver)


def load_program(path: str | Path) -> Program:
    """A program (solver output or hand-written), as `hamopt check` reads it."""
    data, linemap = load_yaml(path)
    return _program(data, str(path), linemap)
