"""Run CP-SAT on a compiled scenario and decode the result into a Program.

Determinism: a limit in *deterministic* time, never wall time, so the same input gives the
same program on any machine load; and the same program whatever the number of workers. A
single CP-SAT worker is deterministic for a given model, seed and parameters, and with
``workers > 1`` the portfolio runs with ``interleave_search``, deterministic too; but the two
searches end on different programs of the same optimal objective (every shipped scenario did:
many quad exercises fit equally well). So a proven optimum is followed by a *canonical* solve
(:func:`canonical`): the same model with its objective held at that optimum, one worker. Its
model and parameters do not depend on how the optimum was found, so neither does its
program. It only has to find a solution, not prove one, and costs a fraction of the first
solve (README's speed table).

The reported penalties come from the checkers re-reading the decoded program, not from the
solver's objective; tests hold the two equal.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ortools.sat.python import cp_model

from hamopt.domain.catalog import catalog_for
from hamopt.domain.metrics import week_totals
from hamopt.domain.models import (
    HEADS,
    Catalog,
    Mode,
    Program,
    ProgramExercise,
    ProgramSession,
    ProgramWeek,
    Scenario,
    SolverInfo,
)
from hamopt.domain.prescribe import TimeModel, prescribe_effort, prescribe_session
from hamopt.engine.budget import Budget
from hamopt.engine.check import check_program, rule_reports
from hamopt.engine.compile import CompiledModel, compile_model
from hamopt.engine.horizon import Sharing, segments
from hamopt.engine.narrow import NARROW_SHARE, NarrowSolve, bounded, cost_in, narrow_models
from hamopt.engine.slot_choice import pinned_scenario
from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import ActiveRule
from hamopt.rules.model_context import ModelContext, zone_reps

DEFAULT_TIME_LIMIT = 30.0  # deterministic seconds; the shipped scenarios need far less
HEAD_SERVED = 0.5  # a head an exercise "serves" in the output: at least half a set per set

_STATUS = {
    cp_model.OPTIMAL: "optimal",
    cp_model.FEASIBLE: "feasible",
    cp_model.INFEASIBLE: "infeasible",
    cp_model.MODEL_INVALID: "invalid",
    cp_model.UNKNOWN: "unknown",
}


def hamopt_version() -> str:
    from hamopt import __version__

    return __version__


@dataclass(frozen=True)
class SolveOptions:
    seed: int = 0
    workers: int = 1
    time_limit: float = DEFAULT_TIME_LIMIT  # deterministic time, see module docstring
    # CP-SAT's own SIGINT handler: Ctrl-C ends `hamopt solve`'s search with the best program
    # so far. Batch workers turn it off: there Ctrl-C is the parent's to handle, a worker
    # must not hand back a cut-short (non-deterministic) program, and the handler aborts the
    # process when the solve runs outside the main thread (a Dask worker thread).
    catch_sigint: bool = True
    # When infeasible, also search the cheapest verified fix (hamopt/explain/relax.py). It costs a
    # few times the minimal conflict; callers that need only the conflict (generated-scenario
    # tests, a quick screen of many scenarios) turn it off.
    relax: bool = True
    # Pick the week's slots first and build the model on those alone when no active rule
    # cares which slot is which (hamopt/engine/slot_choice.py): the same best program, found without
    # searching every slot set. Off only to compare against the model over all slots.
    choose_slots_first: bool = True
    # Runs of weeks that a plan's deload weeks (PlanMarks.interludes) separate share their
    # template where they are interchangeable (hamopt/engine/horizon.py): the model does not
    # grow with the number of deloads. "none" only to compare against a template per run.
    sharing: Sharing = "exact"
    # The command's whole time (see Budget): hamopt.api.solving.solve_scenario starts one
    # from ``time_limit`` when none is given; every CP-SAT call then draws on it.
    budget: Budget | None = field(default=None, compare=False)


def solver_for(options: SolveOptions, cap: float | None = None) -> cp_model.CpSolver:
    """A solver with hamopt's parameters and a deterministic limit of ``cap`` (default the
    time limit), cut to what is left of the options' budget."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = options.workers
    solver.parameters.random_seed = options.seed
    limit = options.time_limit if cap is None else cap
    if options.budget is not None:
        limit = options.budget.limit(limit)
        solver.parameters.max_time_in_seconds = max(options.budget.wall_left(), 0.001)
    solver.parameters.max_deterministic_time = max(limit, 0.0)
    solver.parameters.catch_sigint_signal = options.catch_sigint
    # Level 2 puts the enforced linear constraints (every guarded rule) into the LP
    # relaxation. At the default level 1, home_bands_only.yaml still had a 10% gap after 30
    # deterministic seconds; at level 2 it is proven optimal in well under one.
    solver.parameters.linearization_level = 2
    # Presolve probing cost more than it saved on these small models: over the shipped
    # scenarios (seed rules + issue 6's second half) the same optima in median 0.013 instead
    # of 0.042 deterministic s (max 0.022 vs 0.105), wall median 0.09-0.13 vs 0.25 s.
    solver.parameters.cp_model_probing_level = 0
    # All linear constraints in the LP from the start instead of lazily as they are violated:
    # these models are small, and the early bound saves search. Over the shipped one-week
    # scenarios, deterministic s, seeds 0/1: six seed rules + issue 6 second half, median
    # 0.031/0.025 -> 0.017/0.015, max 0.23/0.10 -> 0.10/0.09; full default rule set median
    # 0.080/0.081 -> 0.038/0.046; home_dumbbells_kettlebell 5.3 -> 1.6, the 10-week
    # sprinter plan 8.8 -> 1.8.
    solver.parameters.add_lp_constraints_lazily = False
    # Two presolve rounds instead of three: the third found next to nothing on these models
    # and was a third of the 500-exercise catalog's time (solve 1.08 -> 0.83 s wall, 0.57 ->
    # 0.45 det s); one-week median 0.058 -> 0.041 s wall, the same optima, and seed 1 no
    # slower anywhere. One round was faster still but made the 10-week sprinter plan take
    # 29.6 deterministic s with seed 1 (0.6 with two or three).
    solver.parameters.max_presolve_iterations = 2
    if options.workers > 1:
        solver.parameters.interleave_search = True
    return solver


def decode_week(
    compiled: CompiledModel, solver: cp_model.CpSolver, ctx: ModelContext | None = None
) -> list[ProgramSession]:
    """One weekly template's sessions (the first template's unless ``ctx`` names another)."""
    ctx = ctx or compiled.ctx
    sessions = []
    for s, slot in enumerate(ctx.slots):
        if not solver.boolean_value(ctx.used[s]):
            continue
        chosen = [c for c in ctx.in_slot(s) if solver.boolean_value(c.present)]
        chosen.sort(key=lambda c: (solver.value(c.pos), c.exercise.id))
        lines = []
        for order, c in enumerate(chosen, start=1):
            zone = next(z for z, lit in c.zones.items() if solver.boolean_value(lit))
            reps = zone_reps(zone, c.exercise)
            assert reps is not None  # a zone literal exists only where reps do
            ex = c.exercise
            heads = [h for h in HEADS if ex.stimulus.get(h) >= HEAD_SERVED]
            # Fields a rule's `prepare` let the solver choose (its declared line fields,
            # hamopt/domain/fields.py); None = unset.
            chosen_fields = {
                name: next((v for v, lit in options.items() if solver.boolean_value(lit)), None)
                for name, options in c.choices.items()
            }
            lines.append(
                ProgramExercise(
                    id=ex.id,
                    name=ex.name,
                    sets=solver.value(c.sets),
                    reps=reps,
                    order=order,
                    region=ex.region,
                    actions=list(ex.actions),
                    heads=heads,
                    extras=chosen_fields,
                )
            )
        sessions.append(ProgramSession(day=slot.day, time=slot.time, exercises=lines))
    return sessions


def annotate(
    program: Program, scenario: Scenario, catalog: Catalog, rules: list[ActiveRule]
) -> None:
    """Each active rule's optional `annotate` hook (line notes, week marks) on the decoded
    program, a rule after those it names in ``annotate_after``."""
    ctx = CheckContext.build(scenario, catalog)
    for active in annotation_order(rules):
        active.rule.annotate(program, ctx, active.params)  # type: ignore[misc]


def annotation_order(rules: list[ActiveRule]) -> list[ActiveRule]:
    """The active rules with an `annotate` hook, in rule-set order except that a rule comes
    after every rule it names in ``annotate_after`` (a rule not in force is no constraint)."""
    pending = [a for a in rules if a.mode is not Mode.off and a.rule.annotate is not None]
    done: list[ActiveRule] = []
    while pending:
        waiting = {a.id for a in pending}
        ready = next(
            (a for a in pending if not waiting & set(a.rule.annotate_after)), pending[0]
        )  # a cycle of annotate_after falls back to rule-set order
        done.append(ready)
        pending.remove(ready)
    return done


def totals_for(program: Program, catalog: Catalog) -> dict[str, object]:
    by_id = catalog.by_id()
    per_week = [week_totals(week, by_id) for week in program.weeks]
    first = dict(per_week[0]) if per_week else {}
    first.pop("week", None)
    return {**first, "per_week": per_week}


def build_program(
    status: str,
    scenario: Scenario,
    catalog: Catalog,
    rules: list[ActiveRule],
    sessions: list[ProgramSession] | list[list[ProgramSession]],
) -> Program:
    """A Program for the scenario's horizon: each segment's weekly template repeated, checked.

    ``sessions`` is one weekly template, or one per run of weeks of the plan
    (hamopt/engine/horizon.py; runs that share a template may pass the same list).
    """
    # Tempo, rest, cue and minutes from each exercise and its reps (hamopt/domain/prescribe.py); the
    # session_time rule's annotate re-times the sessions with its own parameters.
    by_id = catalog.by_id()
    segs = segments(scenario, rules)
    per_segment: list[list[ProgramSession]] = (
        [sessions] * len(segs)  # type: ignore[list-item]
        if not sessions or isinstance(sessions[0], ProgramSession)
        else sessions  # type: ignore[assignment]
    )
    weeks: list[ProgramWeek] = []
    prescribed: set[int] = set()
    for seg, template in zip(segs, per_segment, strict=True):
        if id(template) not in prescribed:  # a shared template's sessions once
            prescribed.add(id(template))
            for session in template:
                prescribe_session(session, by_id, TimeModel())
        weeks.extend(
            ProgramWeek(
                week=w,
                phase=seg.phase,
                sessions=[s.model_copy(deep=True) for s in template],
            )
            for w in seg.week_numbers()
        )
    program = Program(status=status, scenario=scenario.name, weeks=weeks)  # type: ignore[arg-type]
    annotate(program, scenario, catalog, rules)
    # Effort targets after the rules' marks, so a deload week's lines rest further from failure.
    prescribe_effort(program, scenario.athlete, by_id)
    program.totals = totals_for(program, catalog)
    program.rules = rule_reports(check_program(program, scenario, catalog, rules))
    return program


def build_model(
    scenario: Scenario, catalog: Catalog, rules: list[ActiveRule], options: SolveOptions
) -> CompiledModel:
    """The model a solve runs: on the chosen slots alone when no rule cares which slot is
    which (hamopt/engine/slot_choice.py). The program is still checked against the whole scenario.
    Benchmarks time this, so they measure the model users get."""
    built_on = model_scenario(scenario, catalog, rules, options)
    return compile_model(built_on, catalog, rules, share=options.sharing)


def model_scenario(
    scenario: Scenario, catalog: Catalog, rules: list[ActiveRule], options: SolveOptions
) -> Scenario:
    """The scenario the model is built on: its chosen slots alone when that is exact."""
    pinned = (
        pinned_scenario(scenario, catalog, rules, options.budget)
        if options.choose_slots_first
        else None
    )
    return pinned or scenario


def _narrow_first(
    compiled: CompiledModel, narrows: list[CompiledModel], options: SolveOptions
) -> NarrowSolve | None:
    """Solve the narrow models (hamopt/engine/narrow.py) in turn, each bounded by the cost of
    the program the one before found; None when there is none."""
    if not narrows:
        return None
    result: NarrowSolve | None = None
    share = options.time_limit * NARROW_SHARE
    wall = det = 0.0
    for narrow in narrows:
        cost = None if result is None else result.cost
        model = narrow.model if cost is None else bounded(narrow, cost_in(narrow, compiled, cost))
        solver = solver_for(options, cap=max(share - det, 0.0))
        code = solver.solve(model)
        if options.budget is not None:
            options.budget.charge(solver)
        wall, det = wall + solver.wall_time, det + solver.deterministic_time
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            found = cost_in(compiled, narrow, solver.objective_value)
            result = NarrowSolve(narrow, solver, found)
        elif result is None:
            result = NarrowSolve(narrow, solver, None)
    assert result is not None
    result.wall, result.det = wall, det
    return result


def optimize(
    scenario: Scenario,
    rules: list[ActiveRule],
    *,
    catalog: Catalog | None = None,
    options: SolveOptions | None = None,
) -> Program:
    """The best program for one scenario under already-resolved rules, or the status that
    says there is none (hamopt/api/solving.py adds the explanation when infeasible)."""
    options = options or SolveOptions()
    catalog = catalog or catalog_for(scenario)
    started = time.perf_counter()
    built_on = model_scenario(scenario, catalog, rules, options)
    compiled = compile_model(built_on, catalog, rules, share=options.sharing)
    narrows = narrow_models(compiled, built_on, catalog, rules, share=options.sharing)
    build_time = time.perf_counter() - started
    narrow = _narrow_first(compiled, narrows, options)
    spent_wall = spent_det = 0.0
    if narrow is not None:
        spent_wall, spent_det = narrow.wall, narrow.det
    solver = solver_for(options)
    if narrow is not None and narrow.cost is not None:
        code = solver.solve(bounded(compiled, narrow.cost))
        if code == cp_model.INFEASIBLE:  # the bound was no program's (see narrow.py)
            if options.budget is not None:
                options.budget.charge(solver)
            spent_wall += solver.wall_time
            spent_det += solver.deterministic_time
            solver = solver_for(options)
            code = solver.solve(compiled.model)
    else:
        code = solver.solve(compiled.model)
    if options.budget is not None:
        options.budget.charge(solver)
    status = _STATUS.get(code, "unknown")
    # `values` is the solve the program is read from: the canonical one when it succeeds.
    values, wall, det = solver, solver.wall_time + spent_wall, solver.deterministic_time + spent_det
    # What the program's objective is read from: the full model's solve, or the narrow one's.
    read, penalties_of = compiled, solver.objective_value
    if status == "unknown" and narrow is not None and narrow.cost is not None:
        # Out of time before the full model found a program: the narrow one is one of its
        # programs, returned with the gap to the full solve's bound.
        status, code = "feasible", cp_model.FEASIBLE
        read, values, penalties_of = narrow.compiled, narrow.solver, narrow.solver.objective_value
    if status == "optimal":
        second = canonical(compiled, narrows, round(solver.objective_value), options)
        wall, det = wall + second.wall, det + second.det
        if second.solver is not None:
            read, values = second.compiled, second.solver
            penalties_of = values.objective_value  # in the units of the model it solved
    info = SolverInfo(
        status=solver.status_name(code).lower(),
        build_time=round(build_time, 4),
        wall_time=round(wall, 4),
        deterministic_time=round(det, 4),
        seed=options.seed,
        workers=options.workers,
        version=f"hamopt {hamopt_version()}, ortools {_ortools_version()}",
    )
    if status in ("optimal", "feasible"):
        weekly = [decode_week(read, values, ctx) for ctx in read.templates]
        # Each run of weeks repeats its template (several runs may share one).
        per_run = [weekly[run.repeats] for run in read.runs]
        program = build_program(status, scenario, catalog, rules, per_run)
        # The solver's own number (each template counted for its weeks), not the checkers'
        # sum: tests hold the two equal, so a rule whose encoder and checker disagree shows.
        info.objective = read.penalties(penalties_of) * read.unit
        # The quality rules' terms alone (the tier's tie-break, a unit a set, left out), so
        # it equals the sum of the checkers' quality terms.
        info.quality = values.value(read.quality) * read.unit
        info.bound = _main_tier(compiled, solver.best_objective_bound) * compiled.unit
        info.gap = (
            round((info.objective - info.bound) / info.objective, 4) if info.objective else 0.0
        )
        program.solver = info
        return program
    program = Program(status=status, scenario=scenario.name)  # type: ignore[arg-type]
    program.solver = info
    return program


@dataclass
class Canonical:
    """The canonical solve's program (its solver and the model it solved; None when the
    budget ran out first) and the time every attempt took."""

    compiled: CompiledModel
    solver: cp_model.CpSolver | None = None
    wall: float = 0.0
    det: float = 0.0


def canonical(
    compiled: CompiledModel,
    narrows: Sequence[CompiledModel],
    optimum: int,
    options: SolveOptions,
) -> Canonical:
    """The program the rules and objective pick among equal optima, whatever the workers.

    The model with its objective held at ``optimum`` (proven by the first solve), solved by
    one worker with the same seed and no hint: neither the model nor the search depends on the
    first solve's worker count, so the program does not. It stops at the first solution: every
    solution of this model is optimal (the first solve proved nothing is lower), and proving
    it again would repeat the first solve's proof. The objective stays in the model because
    it guides the search: without it the 10-week sprinter plan needed 4.5 deterministic s to
    find a solution, with it 0.08 (0.9 and 0.014 for sprinter_injury_prevention).

    The narrow models (narrow.py: the short list, the best of each group of variants) are
    held at the optimum first, narrowest first: they are built from the scenario and the full
    model alone, never from a solve, so the choice stays independent of the workers, and
    finding an optimal program among a short list's exercises is quicker than among all
    (sprinter_injury_prevention 0.024 -> 0.003 deterministic s). A narrow model that holds no
    optimal program is infeasible held there, and the next one is held instead. No solver
    when the budget runs out first; the caller keeps the first solve's program, still
    optimal.
    """
    result = Canonical(compiled)
    for model in (*narrows, compiled):
        held = model.model.clone()
        held.add(model.objective <= cost_in(model, compiled, optimum))
        solver = solver_for(replace(options, workers=1))
        solver.parameters.stop_after_first_solution = True
        code = solver.solve(held)
        if options.budget is not None:
            options.budget.charge(solver)
        result.wall += solver.wall_time
        result.det += solver.deterministic_time
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            result.compiled, result.solver = model, solver
            return result
        if code != cp_model.INFEASIBLE:
            return result
    return result


def _main_tier(compiled: CompiledModel, value: float) -> float:
    """A lower bound on the rule penalties from a bound on the objective.

    Floored, not rounded: the quality tier lives in [0, scale), so a rounded quotient could
    claim a bound above the optimum's penalties (e.g. 1500.4 for a program costing 1500).
    """
    return max(0.0, float(value // compiled.scale))


def _ortools_version() -> str:
    import ortools

    return str(getattr(ortools, "__version__", "unknown"))


