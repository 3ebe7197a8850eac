"""Scenarios x rule sets x parameter values x seeds: `hamopt compare`, for researchers.

A *configuration* is one rule set (``--rules``), one value of every swept parameter
(``--sweep rule.param=v1,v2``) and one seed. :func:`plan` reads and checks every input in
the parent process, so a typo in the third rule set is exit 2 before any solving; then
:func:`run_study` solves each scenario under each configuration (on the local process pool
of :mod:`hamopt.parallel.pool` when ``jobs > 1``) and returns a :class:`Comparison`: one
:class:`RunResult` per scenario x configuration, in input order whatever order the workers
finish in. Each solve is the one `hamopt solve --rules` does (the scenario's `overrides`
still apply; a swept value is applied last, as the experiment's variable), so results are
deterministic apart from the timings.

The summary and the program differences (:func:`summary`, :func:`changes`) are computed
from the rows alone; :mod:`hamopt.study.report` formats them and
:mod:`hamopt.study.plot` draws them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from statistics import fmean
from typing import Any

import yaml
from pydantic import ValidationError

from hamopt.domain.models import HEADS, Catalog, Mode, ProgramWeek, RuleSet, Scenario
from hamopt.inputs.loading import scenario_files_in
from hamopt.io.errors import InputError
from hamopt.rules.contract import ActiveRule
from hamopt.rules.registry import all_rules

MAX_RUNS = 20_000  # scenarios x configurations x seeds: a bound, so no command line can hang
MAX_SEEDS = 100
FEASIBLE = ("optimal", "feasible")
RULE_FIELDS = ("mode", "weight")  # what a sweep may set besides a rule's parameters


# --- inputs -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScenarioInput:
    label: str  # the file's stem, or its path when two files share a stem
    path: str
    scenario: Scenario
    catalog: Catalog | None = None  # --catalog, else its `catalog:`; None: the shipped one


@dataclass(frozen=True)
class RuleSetChoice:
    """One ``--rules``; ``ruleset is None`` means each scenario's own `rules:`."""

    label: str
    ruleset: RuleSet | None = None
    file: str | None = None


@dataclass(frozen=True)
class Sweep:
    rule: str
    field: str  # a parameter of the rule, or `mode` / `weight`
    values: tuple[Any, ...]
    raw: tuple[str, ...]  # the values as typed, for labels

    @property
    def key(self) -> str:
        return f"{self.rule}.{self.field}"


@dataclass(frozen=True)
class Configuration:
    rules: RuleSetChoice
    setting: tuple[tuple[str, Any, str], ...] = ()  # (sweep key, value, value as typed)

    @property
    def label(self) -> str:
        return " ".join([self.rules.label, *(f"{key}={raw}" for key, _, raw in self.setting)])


@dataclass(frozen=True)
class Run:
    """What a worker receives: everything already resolved and checked."""

    scenario_index: int
    config_index: int
    seed: int
    scenario: Scenario
    rules: tuple[ActiveRule, ...]
    time_limit: float
    catalog: Catalog | None = None  # None: the shipped catalog plus the scenario's exercises


@dataclass(frozen=True)
class Study:
    scenarios: tuple[ScenarioInput, ...]
    configurations: tuple[Configuration, ...]
    sweeps: tuple[Sweep, ...]
    seeds: tuple[int, ...]
    runs: tuple[Run, ...]
    notes: tuple[str, ...] = ()  # e.g. a swept rule that is off under some rule set


# --- results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RunResult:
    """One row of the tidy table: a scenario under one configuration and seed."""

    scenario_index: int
    config_index: int
    seed: int
    status: str  # optimal | feasible | infeasible | unknown | invalid | failed
    objective: float | None = None  # the solver's penalty tier (hamopt solve's `objective`)
    penalties: dict[str, float] = field(default_factory=dict)  # active rule -> checker penalty
    broken: tuple[str, ...] = ()  # rules with violated instances (soft ones, when feasible)
    # The quality tier (hamopt solve's `quality`): lower is better; comparable between the
    # configurations of one rule set (a sweep), whose quality terms are the same.
    quality: float | None = None
    # How far the quality may be from the best where a run stopped out of time with its
    # penalties proven (SolverInfo.quality_gap); 0 when optimal.
    quality_gap: float | None = None
    # Week 1's (a plan's first week; a one-week program's only one): weekly, stimulus-weighted.
    head_sets: dict[str, float] = field(default_factory=dict)
    hamstring_sets: int | None = None
    quad_sets: int | None = None
    ratio: float | None = None
    sessions: int | None = None
    # The whole program: a plan's later weeks (deloads, a Nordic build-up, a phase change)
    # differ from week 1, and only these columns see them.
    weeks: int | None = None
    plan_hamstring_sets: int | None = None
    plan_quad_sets: int | None = None
    exercises: dict[str, int] = field(default_factory=dict)  # id -> week 1's sets, in order
    # id -> sets over the whole program, in order of first appearance (a one-week program's
    # are its week's): a rule that acts on later weeks changes these, not week 1's.
    plan_exercises: dict[str, int] = field(default_factory=dict)
    conflict: tuple[str, ...] = ()  # when infeasible: the rules in the minimal conflict
    solve_time: float | None = None  # wall seconds for the whole run (timings vary)
    deterministic_time: float | None = None
    error: str = ""

    @property
    def feasible(self) -> bool:
        return self.status in FEASIBLE

    @property
    def penalty(self) -> float | None:
        return sum(self.penalties.values()) if self.feasible else None


@dataclass(frozen=True)
class Comparison:
    study: Study
    results: tuple[RunResult, ...]  # scenario-major, then configuration, then seed

    def scenario(self, result: RunResult) -> ScenarioInput:
        return self.study.scenarios[result.scenario_index]

    def configuration(self, result: RunResult) -> Configuration:
        return self.study.configurations[result.config_index]

    def rule_ids(self) -> list[str]:
        """Every rule active (not off) in some run, in registry order: the penalty columns."""
        seen = {rule_id for r in self.study.runs for rule_id in _on(r.rules)}
        return [rule_id for rule_id in all_rules() if rule_id in seen]

    @property
    def failed(self) -> list[RunResult]:
        return [r for r in self.results if r.status == "failed"]


def _on(rules: Iterable[ActiveRule]) -> list[str]:
    return [a.id for a in rules if a.mode is not Mode.off]


# --- planning: read and check everything before solving ----------------------------------


def scenario_files(paths: Sequence[str]) -> list[Path]:
    """Files as given; a folder gives its scenario files (sorted, not recursive)."""
    files: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = scenario_files_in(path)
            if not found:
                raise InputError("no scenario files (.yaml, .yml, .json) in this folder",
                                 file=given)
            files += found
        elif path.is_file():
            files.append(path)
        else:
            raise InputError("no such scenario file or folder", file=given)
    return files


def _labels(refs: Sequence[str], stems: Sequence[str]) -> list[str]:
    """Short labels (stems) unless two collide; then the references as given."""
    return [stem if stems.count(stem) == 1 else ref for ref, stem in zip(refs, stems,
                                                                        strict=True)]


def load_scenarios(paths: Sequence[str], catalog: str | Path | None = None) -> list[ScenarioInput]:
    """Every scenario checked, with its catalog (``catalog``: `--catalog`, read once)."""
    from hamopt.inputs.loading import Resolver, load_scenario_for_solve

    files = scenario_files(paths)
    labels = _labels([str(f) for f in files], [f.stem for f in files])
    resolver = Resolver(catalog)
    inputs = []
    for label, f in zip(labels, files, strict=True):
        loaded = load_scenario_for_solve(f, resolver)
        inputs.append(ScenarioInput(label, str(f), loaded.scenario, loaded.catalog))
    return inputs


def load_rulesets(refs: Sequence[str]) -> list[RuleSetChoice]:
    """Each ``--rules`` (a packaged name or a file); none means each scenario's own."""
    from hamopt.rules.ruleset import find_ruleset, packaged_names

    if not refs:
        return [RuleSetChoice("own")]
    choices = []
    for ref in refs:
        if ref not in packaged_names() and not Path(ref).is_file():
            raise InputError(
                f"no rule set {ref!r}: not a packaged rule set ({', '.join(packaged_names())}) "
                "and no such file",
                file="--rules",
            )
        ruleset, file = find_ruleset(ref)
        choices.append((ref, ruleset, file))
    stems = [Path(ref).stem for ref, _, _ in choices]
    labels = _labels([ref for ref, _, _ in choices], stems)
    if len(set(labels)) != len(labels):
        raise InputError("the same rule set is given twice", file="--rules")
    return [RuleSetChoice(label, rs, f) for label, (_, rs, f) in zip(labels, choices,
                                                                      strict=True)]


def _split_values(text: str) -> list[str]:
    """Comma-separated values; commas inside [...] or {...} belong to the value."""
    parts, depth, current = [], 0, ""
    for char in text:
        depth += (char in "[{") - (char in "]}")
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    parts.append(current.strip())
    return parts


def parse_sweep(text: str) -> Sweep:
    """``rule.param=v1,v2,v3``; values are YAML scalars (2, 1.5, true, sets, [a, b])."""
    key, sep, values = text.partition("=")
    rule_id, dot, name = key.strip().partition(".")
    if not sep or not dot or not rule_id or not name or not values.strip():
        raise InputError(f"{text!r}: expected rule.param=v1,v2,... "
                         "(e.g. correction_ratio.correction_ratio=1.5,2,3)", file="--sweep")
    rules = all_rules()
    if rule_id not in rules:
        raise InputError(f"unknown rule {rule_id!r}; known rules: {', '.join(rules)}",
                         file="--sweep")
    fields = [*rules[rule_id].params.model_fields, *RULE_FIELDS]
    if name not in fields:
        raise InputError(
            f"unknown parameter {name!r} for rule {rule_id}; valid: {', '.join(fields)}",
            file="--sweep",
        )
    raw = _split_values(values)
    if any(not v for v in raw):
        raise InputError(f"{text!r}: an empty value", file="--sweep")
    if len(set(raw)) != len(raw):
        raise InputError(f"{text!r}: a value is given twice", file="--sweep")
    if name == "mode":  # YAML would read `off` as false
        return Sweep(rule_id, name, tuple(v.lower() for v in raw), tuple(raw))
    try:
        parsed = tuple(yaml.safe_load(v) for v in raw)
    except yaml.YAMLError as exc:
        raise InputError(f"{text!r}: a value is not YAML: {exc}", file="--sweep") from None
    return Sweep(rule_id, name, parsed, tuple(raw))


def apply_setting(
    rules: Sequence[ActiveRule], setting: Sequence[tuple[str, Any, str]]
) -> tuple[list[ActiveRule], list[str]]:
    """The rules with the swept values in force, and notes on values that change nothing.

    Every value is validated (by the rule's Params model, or as a mode or weight) even where
    it cannot matter. A parameter or weight of a rule that is off changes nothing, which the
    notes say; sweeping ``mode`` can switch on a rule the rule set leaves out, with its
    default parameters.
    """
    registry = all_rules()
    by_id = {a.id: a for a in rules}
    for key, value, raw in setting:
        rule_id, name = key.split(".", 1)
        rule = registry[rule_id]
        base = by_id.get(rule_id) or ActiveRule(rule, Mode.off, rule.default_weight, rule.params())
        try:
            if name == "mode":
                if value not in tuple(Mode):
                    raise ValueError("a mode is hard, soft or off")
                changed = replace(base, mode=Mode(value))
            elif name == "weight":
                if isinstance(value, bool) or not isinstance(value, int) or not (
                    0 <= value <= 1_000_000
                ):
                    raise ValueError("a weight is a whole number from 0 to 1000000")
                changed = replace(base, weight=value)
            else:
                params = type(base.params).model_validate(
                    {**base.params.model_dump(), name: value}
                )
                changed = replace(base, params=params)
        except ValidationError as exc:
            err = exc.errors()[0]
            raise InputError(f"{key}={raw}: {err['msg']}", file="--sweep") from None
        except ValueError as exc:
            raise InputError(f"{key}={raw}: {exc}", file="--sweep") from None
        if rule_id in by_id or name == "mode":
            by_id[rule_id] = changed
    notes = [
        f"{rule_id} is off, so {rule_id}.{name}={raw} changes nothing"
        for key, _, raw in setting
        for rule_id, name in [key.split(".", 1)]
        if name != "mode" and (rule_id not in by_id or by_id[rule_id].mode is Mode.off)
    ]
    return [by_id[rule_id] for rule_id in registry if rule_id in by_id], notes


def _configurations(
    choices: Sequence[RuleSetChoice], sweeps: Sequence[Sweep]
) -> list[Configuration]:
    settings: list[tuple[tuple[str, Any, str], ...]] = [()]
    for sweep in sweeps:
        settings = [
            (*s, (sweep.key, value, raw))
            for s in settings
            for value, raw in zip(sweep.values, sweep.raw, strict=True)
        ]
    return [Configuration(choice, setting) for choice in choices for setting in settings]


def plan(
    scenario_paths: Sequence[str],
    rules_refs: Sequence[str] = (),
    sweeps: Sequence[str] = (),
    *,
    seeds: int = 1,
    time_limit: float = 30.0,
    catalog: str | Path | None = None,
) -> Study:
    """Every run of a study, each input read and checked (InputError on the first mistake)."""
    if not 1 <= seeds <= MAX_SEEDS:
        raise InputError(f"--seeds must be 1 to {MAX_SEEDS}", file="--seeds")
    parsed = [parse_sweep(s) for s in sweeps]
    keys = [s.key for s in parsed]
    if len(set(keys)) != len(keys):
        raise InputError("the same rule.param is swept twice", file="--sweep")
    choices = load_rulesets(rules_refs)
    configs = _configurations(choices, parsed)
    if catalog is not None:  # a bad --catalog is the option's error, before any scenario's
        from hamopt.inputs.catalog_files import load_catalog

        load_catalog(catalog)
    scenarios = load_scenarios(scenario_paths, catalog)
    total = len(scenarios) * len(configs) * seeds
    if total > MAX_RUNS:
        raise InputError(f"{total} runs is more than the {MAX_RUNS} one comparison may hold",
                         file="--sweep")
    runs: list[Run] = []
    notes: dict[str, None] = {}
    for s_index, item in enumerate(scenarios):
        resolved = {choice.label: _resolve(item, choice) for choice in choices}
        for c_index, config in enumerate(configs):
            rules, why = apply_setting(resolved[config.rules.label], config.setting)
            notes.update(dict.fromkeys(f"{config.rules.label}: {n}" for n in why))
            runs += [
                Run(s_index, c_index, seed, item.scenario, tuple(rules), time_limit,
                    item.catalog)
                for seed in range(seeds)
            ]
    return Study(tuple(scenarios), tuple(configs), tuple(parsed), tuple(range(seeds)),
                 tuple(runs), tuple(notes))


def _resolve(item: ScenarioInput, choice: RuleSetChoice) -> list[ActiveRule]:
    from hamopt.rules.ruleset import active_rules

    if choice.ruleset is None:
        return active_rules(item.scenario, base_dir=Path(item.path).parent)
    return active_rules(item.scenario, choice.ruleset, ruleset_file=choice.file)


# --- solving ------------------------------------------------------------------------------


def solve_run(run: Run, beside: bool = True) -> RunResult:
    """Solve one scenario under one configuration; runs in a worker process. ``beside``: the
    engine's work beside CP-SAT on a second thread (engine/beside.py), off where the workers
    fill the cores (run_study); the same program either way."""
    from hamopt.api.solving import solve_scenario
    from hamopt.engine.solve import SolveOptions

    started = time.perf_counter()
    program = solve_scenario(
        run.scenario,
        list(run.rules),
        catalog=run.catalog,
        options=SolveOptions(
            seed=run.seed, workers=1, time_limit=run.time_limit, beside=beside
        ),
    )
    elapsed = round(time.perf_counter() - started, 3)
    solver = program.solver
    common: dict[str, Any] = {  # the keywords both RunResults share
        "scenario_index": run.scenario_index,
        "config_index": run.config_index,
        "seed": run.seed,
        "status": program.status,
        "solve_time": elapsed,
        "deterministic_time": solver.deterministic_time if solver else None,
    }
    if program.status not in FEASIBLE:
        return RunResult(
            **common,
            conflict=tuple(dict.fromkeys(c.id for c in program.conflict)),
            error="" if program.status == "infeasible" else (
                f"no program within {run.time_limit:g} deterministic seconds"
            ),
        )
    totals = program.totals
    exercises = _sets_by_exercise(program.weeks[:1])
    return RunResult(
        **common,
        objective=solver.objective if solver else None,
        penalties={r.id: r.penalty for r in program.rules if r.mode is not Mode.off},
        broken=tuple(r.id for r in program.rules if not r.satisfied),
        quality=solver.quality if solver else None,
        quality_gap=solver.quality_gap if solver else None,
        head_sets={h: float(totals.get("head_sets", {}).get(h, 0.0)) for h in HEADS},
        hamstring_sets=totals.get("hamstring_sets"),
        quad_sets=totals.get("quad_sets"),
        ratio=totals.get("ratio"),
        sessions=totals.get("sessions"),
        weeks=len(program.weeks),
        plan_hamstring_sets=sum(w["hamstring_sets"] for w in totals.get("per_week", [])),
        plan_quad_sets=sum(w["quad_sets"] for w in totals.get("per_week", [])),
        exercises=exercises,
        plan_exercises=_sets_by_exercise(program.weeks),
    )


def _sets_by_exercise(weeks: Sequence[ProgramWeek]) -> dict[str, int]:
    """Exercise id -> sets over the weeks, in training order of first appearance."""
    sets: dict[str, int] = {}
    for week in weeks:
        for session in week.sessions:
            for line in session.ordered():
                sets[line.id] = sets.get(line.id, 0) + line.sets
    return sets


def run_study(
    study: Study,
    *,
    jobs: int = 1,
    on_result: Callable[[RunResult], None] | None = None,
) -> Comparison:
    """Solve every run. ``jobs == 1`` solves in this process (no worker start-up, and rules
    registered only here, e.g. by a test, still count); more use
    :func:`hamopt.parallel.pool.run_local`.
    """
    results: list[RunResult] = []

    def record(result: RunResult) -> None:
        results.append(result)
        if on_result is not None:
            on_result(result)

    if jobs <= 1:
        for run in study.runs:
            record(solve_run(run))
    else:
        from hamopt.parallel.pool import core_to_spare, run_local

        # One run per chunk: a run is seconds of solving, so balance beats batching. A
        # worker a core leaves none for the engine's work beside CP-SAT.
        solve = partial(solve_run, beside=core_to_spare(jobs))
        for outcome in run_local(
            solve, study.runs, jobs=jobs, chunk_size=1,
            preload=("hamopt.api.solving", "hamopt.study.compare"),
        ):
            if outcome.ok and outcome.value is not None:
                record(outcome.value)
            else:
                run = outcome.item
                record(RunResult(run.scenario_index, run.config_index, run.seed, "failed",
                                 error=outcome.error or "no result"))
    results.sort(key=lambda r: (r.scenario_index, r.config_index, r.seed))
    return Comparison(study, tuple(results))


def compare(
    scenario_paths: Sequence[str],
    rules_refs: Sequence[str] = (),
    sweeps: Sequence[str] = (),
    *,
    seeds: int = 1,
    time_limit: float = 30.0,
    jobs: int = 1,
) -> Comparison:
    """The Python API: plan and run a comparison in one call."""
    study = plan(scenario_paths, rules_refs, sweeps, seeds=seeds, time_limit=time_limit)
    return run_study(study, jobs=jobs)


# --- what a comparison says ---------------------------------------------------------------


@dataclass(frozen=True)
class ConfigSummary:
    configuration: Configuration
    runs: int
    feasible: int
    optimal: int
    mean_objective: float | None
    mean_head_sets: dict[str, float | None]
    mean_hamstring_sets: float | None
    mean_quad_sets: float | None
    mean_ratio: float | None
    mean_solve_time: float | None

    @property
    def feasible_share(self) -> float:
        return self.feasible / self.runs if self.runs else 0.0


def _mean(values: Iterable[float | None]) -> float | None:
    kept = [v for v in values if v is not None]
    return round(fmean(kept), 2) if kept else None


def summary(comparison: Comparison) -> list[ConfigSummary]:
    """Per configuration, over every scenario and seed (means over the feasible runs)."""
    out = []
    for c_index, config in enumerate(comparison.study.configurations):
        rows = [r for r in comparison.results if r.config_index == c_index]
        ok = [r for r in rows if r.feasible]
        out.append(
            ConfigSummary(
                configuration=config,
                runs=len(rows),
                feasible=len(ok),
                optimal=sum(r.status == "optimal" for r in rows),
                mean_objective=_mean(r.objective for r in ok),
                mean_head_sets={h: _mean(r.head_sets.get(h) for r in ok) for h in HEADS},
                mean_hamstring_sets=_mean(r.hamstring_sets for r in ok),
                mean_quad_sets=_mean(r.quad_sets for r in ok),
                mean_ratio=_mean(r.ratio for r in ok),
                mean_solve_time=_mean(r.solve_time for r in rows),
            )
        )
    return out


@dataclass(frozen=True)
class Change:
    """How one scenario's program differs from the baseline configuration's (same seed)."""

    scenario: str
    configuration: str
    seed: int
    status: str  # "same", "changed", or e.g. "optimal -> infeasible"
    added: dict[str, int] = field(default_factory=dict)  # exercise -> sets (see `scope`)
    dropped: dict[str, int] = field(default_factory=dict)
    resized: dict[str, tuple[int, int]] = field(default_factory=dict)  # sets before, after
    # The objective before and after: a change at an equal objective is a tie the solver
    # broke another way, not an effect of the configuration.
    objective: tuple[float | None, float | None] = (None, None)
    # "week 1": the sets are week 1's; "plan": week 1 is the same and the sets are the whole
    # program's (a deload, rotation or build-up rule changes only later weeks).
    scope: str = "week 1"

    def words(self) -> str:
        parts = [f"+{ex} ({sets})" for ex, sets in self.added.items()]
        parts += [f"-{ex} ({sets})" for ex, sets in self.dropped.items()]
        parts += [f"{ex} {a}->{b}" for ex, (a, b) in self.resized.items()]
        if self.status not in ("same", "changed"):
            return self.status
        if parts and self.scope == "plan":
            return "week 1 the same; over the plan: " + ", ".join(parts)
        return ", ".join(parts) or "same exercises and sets"


def baseline_index(comparison: Comparison, label: str | None) -> int:
    labels = [c.label for c in comparison.study.configurations]
    if label is None:
        return 0
    if label not in labels:
        raise InputError(f"no configuration {label!r}; the configurations are: "
                         f"{', '.join(labels)}", file="--baseline")
    return labels.index(label)


def changes(comparison: Comparison, baseline: int = 0) -> list[Change]:
    """Every other configuration's programs against the baseline's: exercises added,
    dropped, and resized (weekly sets), per scenario and seed."""
    base = {
        (r.scenario_index, r.seed): r for r in comparison.results if r.config_index == baseline
    }
    out = []
    for r in comparison.results:
        if r.config_index == baseline or (r.scenario_index, r.seed) not in base:
            continue
        b = base[(r.scenario_index, r.seed)]
        scenario = comparison.scenario(r).label
        config = comparison.configuration(r).label
        objective = (b.objective, r.objective)
        if not (b.feasible and r.feasible):
            status = "same" if b.status == r.status else f"{b.status} -> {r.status}"
            out.append(Change(scenario, config, r.seed, status, objective=objective))
            continue
        added, dropped, resized = _difference(b.exercises, r.exercises)
        scope = "week 1"
        if not (added or dropped or resized) and b.plan_exercises != r.plan_exercises:
            added, dropped, resized = _difference(b.plan_exercises, r.plan_exercises)
            scope = "plan"
        status = "changed" if added or dropped or resized else "same"
        out.append(
            Change(scenario, config, r.seed, status, added, dropped, resized, objective, scope)
        )
    return out


def _difference(
    before: dict[str, int], after: dict[str, int]
) -> tuple[dict[str, int], dict[str, int], dict[str, tuple[int, int]]]:
    """(added, dropped, resized) exercises from ``before`` to ``after`` (id -> sets)."""
    added = {ex: n for ex, n in after.items() if ex not in before}
    dropped = {ex: n for ex, n in before.items() if ex not in after}
    resized = {ex: (before[ex], n) for ex, n in after.items() if ex in before and before[ex] != n}
    return added, dropped, resized


def exercise_counts(comparison: Comparison, baseline: int = 0) -> dict[str, dict[str, int]]:
    """Per configuration: how many programs gained (+) or lost (-) each exercise."""
    counts: dict[str, dict[str, int]] = {}
    for change in changes(comparison, baseline):
        tally = counts.setdefault(change.configuration, {})
        for ex in change.added:
            tally[f"+{ex}"] = tally.get(f"+{ex}", 0) + 1
        for ex in change.dropped:
            tally[f"-{ex}"] = tally.get(f"-{ex}", 0) + 1
    return counts


__all__ = [
    "Comparison",
    "Configuration",
    "RunResult",
    "Study",
    "apply_setting",
    "baseline_index",
    "changes",
    "compare",
    "parse_sweep",
    "plan",
    "run_study",
    "solve_run",
    "summary",
]
