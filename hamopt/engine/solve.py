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

A one-week model needs no canonical solve when its narrow first solve already holds the
optimum (:func:`_narrow_at_optimum`): that solve always runs on one worker, on a model built
from the scenario alone, so its program is as independent of the worker count as the
canonical one; only the full model's proof, which reads nothing but the optimum's value off
it, uses the workers asked for. A plan has no narrow model: the proof of its relaxation runs
on one worker, and its own program, at the optimum, is the answer.

The reported penalties come from the checkers re-reading the decoded program, not from the
solver's objective; tests hold the two equal.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain
from typing import Any

from ortools.sat.python import cp_model

from hamopt.domain.catalog import catalog_for, in_canonical_order
from hamopt.domain.facts import one_solve
from hamopt.domain.line_order import in_coach_order
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
from hamopt.engine.beside import Beside
from hamopt.engine.budget import Budget
from hamopt.engine.check import check_program, rule_reports
from hamopt.engine.compile import CompiledModel, compile_model
from hamopt.engine.dominated import dominated_to_skip
from hamopt.engine.horizon import Sharing, segments, templates_of
from hamopt.engine.interchangeable import twins_to_skip
from hamopt.engine.narrow import (
    NARROW_SHARE,
    Narrows,
    NarrowSolve,
    bounded,
    cost_in,
    narrow_models,
    relaxation,
)
from hamopt.engine.slot_choice import pinned_scenario
from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import ActiveRule
from hamopt.rules.model_context import Candidate, ModelContext, zone_reps

DEFAULT_TIME_LIMIT = 30.0  # deterministic seconds; the shipped scenarios need far less
# The share of the time limit a relaxation's proof may take (optimize): the full model's solve
# gets the rest should the relaxation's optimum be no program's.
RELAXED_SHARE = 0.8
# The least time the search for a program at the relaxation's optimum may take (its cap is
# twice the relaxation's own time, at least this): the pick may take longer than the proof
# (the 8-week deload persona: 4.1 against 3.0 deterministic s; with the relaxation's time
# alone it fell back to the whole model's proof and took 15 s), and a relaxation whose
# optimum is no program's should still waste little.
CANONICAL_AT_RELAXED_FLOOR = 1.0
# Deterministic seconds to complete the relaxation's best program into the full model's
# (_keeps_deferred): every decision fixed, a propagation; the lines alone fixed, a small search.
KEEPS_DEFERRED_CAP = 1.0
# The most candidates a slot may hold for a one-week solve to price its short list on the
# first slot alone and build the whole week beside the narrow solve (_head_start). The first
# slot's model costs about 0.2 ms of Python a candidate, on the critical path; the narrow
# solve it lets start early is 15-55 ms of CP-SAT whatever the catalog. Measured, a two-session
# week over bench_growth's catalogs (beside on against off, the same run, median of 5): 49
# candidates a slot -9 ms, 57 -9, 62 -12, 67 +3, 81 +7, 227 (250 exercises) +55, 1,000
# exercises +71. The shipped catalog gives at most 52.
HEAD_START_MAX_CANDIDATES = 64
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
    # Python a CP-SAT call does not wait for runs beside it on a second thread (the week's
    # model during the narrow solve: _head_start; the proof's copy, the program built ahead:
    # _relaxed_proof). The same programs either way; off only to compare against one thread.
    beside: bool = True
    # The command's whole time (see Budget): hamopt.api.solving.solve_scenario starts one
    # from ``time_limit`` when none is given; every CP-SAT call then draws on it.
    budget: Budget | None = field(default=None, compare=False)


def solver_for(
    options: SolveOptions, cap: float | None = None, *, proof: bool = False, plan: bool = False
) -> cp_model.CpSolver:
    """A solver with hamopt's parameters and a deterministic limit of ``cap`` (default the
    time limit), cut to what is left of the options' budget. ``proof``: for the solves that
    prove an optimum (optimize's narrow and full solves, of the model or its relaxation), not
    for the canonical pick, whose parameters decide which of equal optima a user gets.
    ``plan``: the proof is of a model of several weekly templates (_plan_search)."""
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
    if proof:
        # Chvatal-Gomory cuts cost more than they gave on these models: the 8-week deload
        # persona's relaxation spent 14 of its 15 deterministic s with one program and a bound
        # creeping up (14.15 -> 2.54, seed 1 9.48 -> 2.98 without them). Same run, seeds 0 / 1,
        # the same programs everywhere: 14 shipped scenarios 0.95 -> 0.73 in all, the 10-week
        # plan 3.21 / 4.75 -> 3.03 / 4.55, 45 persona runs 2.54 -> 2.06, 1,000 and 2,000
        # exercises unchanged. Not in the canonical pick: there it changed which equal optimum
        # 41 of 54 persona runs got.
        solver.parameters.add_cg_cuts = False
        if plan:
            _plan_search(solver)
    return solver


def _plan_search(solver: cp_model.CpSolver) -> None:
    """How a proof of a plan of several weekly templates searches.

    Its sessions are interchangeable as a whole: swapping two slots' contents in every
    template at once gives a plan every rule rates the same. A one-week model orders its
    sessions (session_symmetry.py); across templates that order made the proof slower, so a
    plan's model keeps the symmetry and CP-SAT uses it instead: presolve keeps it
    (``keep_symmetry_in_presolve``; it found 12 generators in the 10-week sprinter plan,
    orbits of 6) and the LP is solved once per orbit (``use_symmetry_in_lp``: 177 rows, 994
    columns). On the folded LP, branching on the LP's solution (``LP_SEARCH``) pays; on the
    full LP it did not. Clique cuts and the objective's own propagation
    (``exploit_objective``) are left out: without them the slowest of 24 seeds fell from 3.74
    to 0.72 deterministic s.

    Measured, one worker, the same optima, deterministic s: the 10-week sprinter plan's
    relaxation over seeds 0-5, median 3.8 -> 0.34, max 7.6 -> 0.42 (seeds 0 / 1 3.53 / 7.22
    -> 0.35 / 0.33), over seeds 0-23 median 0.39 and max 0.72; solver wall 9-15 -> 0.9-1.3 s
    (notes/sprinter_10_weeks_profile.md). Over seeds 0-6, mean:
    quad_dominant_12_week_correction_then_balance 0.056 -> 0.043, the personas
    advanced_12_weeks_strength 0.59 -> 0.037, the 8-week deload persona 0.25 -> 0.16,
    beginner_6_weeks_correction_then_balanced 0.093 -> 0.031. Each alone was worse: the
    symmetry alone 4.2 -> 1.9 on the sprinter (mean of seeds 0-5) but slower on the 8-week
    persona, LP_SEARCH alone 4.5 / 1.9 / 0.8 / 8.0 (seeds 0-3). Not for one-week models,
    whose ordered sessions leave nothing to fold: the 24 one-week personas 0.77 / 0.56
    -> 0.65 / 0.98 deterministic s (seeds 0 / 1), slower in wall on both.
    """
    parameters = solver.parameters
    parameters.keep_symmetry_in_presolve = True
    parameters.use_symmetry_in_lp = True
    parameters.search_branching = cp_model.LP_SEARCH
    parameters.add_clique_cuts = False
    parameters.exploit_objective = False


def decode_week(
    compiled: CompiledModel, solver: cp_model.CpSolver, ctx: ModelContext | None = None
) -> list[ProgramSession]:
    """One weekly template's sessions (the first template's unless ``ctx`` names another)."""
    ctx = ctx or compiled.ctx
    # Where the rules leave the order open (lines of one kind), a coach's (line_order.py),
    # unless a rule places lines by more than their kind.
    placing = set().union(*(t.order_rules for t in compiled.templates), ctx.order_rules)
    coach = all(r in ctx.rules and ctx.rules[r].rule.orders_by_kind for r in placing)
    sessions = []
    for s, slot in enumerate(ctx.slots):
        if not solver.boolean_value(ctx.used[s]):
            continue
        chosen = [c for c in ctx.in_slot(s) if solver.boolean_value(c.present)]
        chosen.sort(key=lambda c: (solver.value(c.pos), c.exercise.id))
        placed = [(c, _reps_of(c, solver)) for c in chosen]
        if coach:
            placed = in_coach_order(placed, lambda p: p[0].exercise, lambda p: p[1])
        lines = []
        for order, (c, reps) in enumerate(placed, start=1):
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


def _reps_of(cand: Candidate, solver: cp_model.CpSolver) -> tuple[int, int]:
    """The rep range of the zone the solver chose for a present candidate."""
    zone = next(z for z, lit in cand.zones.items() if solver.boolean_value(lit))
    reps = zone_reps(zone, cand.exercise)
    assert reps is not None  # a zone literal exists only where reps do
    return reps


def annotate(
    program: Program, scenario: Scenario, catalog: Catalog, rules: list[ActiveRule]
) -> None:
    """Each active rule's optional `annotate` hook (line notes, week marks) on the decoded
    program, a rule after those it names in ``annotate_after``."""
    ctx = CheckContext.build(scenario, catalog, rules)
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
    compiled: CompiledModel | Callable[[], CompiledModel],
    narrows: list[CompiledModel],
    options: SolveOptions,
    *,
    relaxed: bool = False,
    charge: bool = True,
    gate: Beside[Any] | None = None,
) -> NarrowSolve | None:
    """Solve the narrow models (hamopt/engine/narrow.py) in turn, each bounded by the cost of
    the program the one before found; None when there is none. ``relaxed``: their
    relaxations (narrow.relaxation), whose costs bound the full relaxation's. The engine
    passes the narrowest alone (see narrow.py). One worker whatever the options say: the
    models are small, and the program may be the answer (_narrow_at_optimum), which must
    not depend on the workers. ``compiled``: the full model, or what returns it when its
    units are first needed, after the first solve (_head_start builds it meanwhile).
    ``charge``: each solve's time charged to the budget (else the caller charges it).
    ``gate``: work to start beside the first solve (engine/beside.py)."""
    if not narrows:
        return None
    full = compiled if callable(compiled) else lambda: compiled
    result: NarrowSolve | None = None
    share = options.time_limit * NARROW_SHARE
    wall = det = 0.0
    for narrow in narrows:
        cost = None if result is None else result.cost
        if cost is not None:
            model = bounded(narrow, cost_in(narrow, full(), cost), relaxed=relaxed)
        else:
            model = relaxation(narrow) if relaxed else narrow.model
        solver = solver_for(
            replace(options, workers=1),
            cap=max(share - det, 0.0),
            proof=True,
            plan=len(narrow.templates) > 1,
        )
        if gate is not None:
            gate.start()
        code = solver.solve(model)
        if options.budget is not None and charge:
            options.budget.charge(solver)
        wall, det = wall + solver.wall_time, det + solver.deterministic_time
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            found = cost_in(full(), narrow, solver.objective_value)
            result = NarrowSolve(narrow, solver, found)
        elif result is None:
            result = NarrowSolve(narrow, solver, None)
    assert result is not None
    result.wall, result.det = wall, det
    return result


@dataclass
class Proof:
    """A solve of the full model, or of its relaxation, and the time every solve before it
    (narrow ones included) took."""

    solver: cp_model.CpSolver
    code: int
    wall: float = 0.0
    det: float = 0.0
    narrow: NarrowSolve | None = None  # the narrow solve whose cost bounded this one
    # The narrow program completed and built while this solve ran (_Ahead), when asked for.
    ahead: Beside[_Ahead] | None = None


def _bounded_full(
    compiled: CompiledModel,
    narrow: NarrowSolve | None,
    options: SolveOptions,
    relaxed: bool,
    copy: cp_model.CpModel | None = None,
    gate: Beside[Any] | None = None,
) -> Proof:
    """The full model (or its relaxation) bounded by the narrow program's cost, solved; the
    unbounded model again if the bound was no program's (see narrow.py). ``copy``: a fresh
    copy of the model (or of its relaxation) to bound, made beforehand. ``gate``: work to
    start beside the first solve (engine/beside.py)."""
    wall, det = (0.0, 0.0) if narrow is None else (narrow.wall, narrow.det)
    cap = options.time_limit * RELAXED_SHARE if relaxed else None
    plan = len(compiled.templates) > 1
    solver = solver_for(
        options, cap=None if cap is None else max(cap - det, 0.0), proof=True, plan=plan
    )

    def whole() -> cp_model.CpModel:
        return relaxation(compiled) if relaxed else compiled.model

    if narrow is not None and narrow.cost is not None:
        model = bounded(compiled, narrow.cost, relaxed=relaxed, copy=copy)
        if relaxed and not plan:
            _bounded_week_search(solver)
        if gate is not None:
            gate.start()
        code = solver.solve(model)
        if code == cp_model.INFEASIBLE:
            if options.budget is not None:
                options.budget.charge(solver)
            wall, det = wall + solver.wall_time, det + solver.deterministic_time
            solver = solver_for(
                options, cap=None if cap is None else max(cap - det, 0.0), proof=True, plan=plan
            )
            code = solver.solve(whole())
    else:
        model = whole()
        if gate is not None:
            gate.start()
        code = solver.solve(model)
    if options.budget is not None:
        options.budget.charge(solver)
    return Proof(solver, code, wall + solver.wall_time, det + solver.deterministic_time)


def _bounded_week_search(solver: cp_model.CpSolver) -> None:
    """How the proof of a one-week relaxation bounded by the narrow program's cost searches:
    one presolve round, no symmetry detection.

    Only its optimum and bound are read (the program comes from the narrow solve, completed:
    _narrow_at_optimum), so its parameters cannot change a program, only how long the proof
    takes. Its presolve was most of its time (removing what the bound rules out, which the
    first round does), and the sessions' order (session_symmetry.py) leaves little for a
    symmetry search to find. Replayed proofs, median wall, the same optima everywhere: the 13
    shipped one-week scenarios 321 -> 242, 400 -> 291, 332 -> 272 ms at seeds 0 / 1 / 2
    (deterministic 0.069 -> 0.052 at seed 0), every one faster at seed 0
    (home_dumbbells_kettlebell 55 -> 43, quad_dominant_three_sessions 32 -> 22,
    tight_schedule_early_late 37 -> 29); the 24 one-week personas 584 -> 493 and 561 -> 464
    at seeds 0 / 1 (deterministic 0.118 -> 0.143 and 0.129 -> 0.132); bench_growth's catalogs
    of 250, 1,000 and 2,000 exercises 56 -> 36, 216 -> 162, 427 -> 316 ms. Each alone: one
    round 255, no symmetry 300 (seed 0). Not for a plan's proofs (one round made the 10-week
    sprinter's 29.6 deterministic s: solver_for) nor for solves whose program is read: on the
    narrow relaxation one round changed which equal optimum 8 of the 13 got."""
    solver.parameters.max_presolve_iterations = 1
    solver.parameters.symmetry_level = 0


def _relaxed_proof(
    compiled: CompiledModel,
    narrows: Narrows,
    options: SolveOptions,
    ahead: Callable[[NarrowSolve], _Ahead] | None = None,
    head: _HeadStart | None = None,
) -> Proof | None:
    """The optimum of the relaxation (narrow.relaxation), found as the full model's is (narrow
    relaxations first); None when no rule deferred a constraint.

    Two CP-SAT calls in a row, each with Python the other does not wait for, done beside it
    on the second core (engine/beside.py): the full relaxation's copy that the proof will
    bound, made while the narrow relaxation is solved, and ``ahead`` (optimize: the narrow
    program completed and built, on the bet that the proof finds it optimal) while the full
    relaxation's proof runs."""
    if not compiled.ctx.deferred_constraints:
        return None
    if not narrows:
        # No narrow model (a plan): the relaxation's proof is itself the one-worker solve whose
        # program, at the optimum, is the answer (_narrow_at_optimum). One worker cost nothing
        # here: the 10-week sprinter plan's proof took 2.2 deterministic s on one worker and
        # 18-22 on 2, 4 or 8 interleaved ones (summed over them).
        proof = _bounded_full(compiled, None, replace(options, workers=1), relaxed=True)
        if proof.code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            proof.narrow = NarrowSolve(compiled, proof.solver, round(proof.solver.objective_value))
        return proof
    if not options.beside:
        narrow = _narrow_first(compiled, narrows[:1], options, relaxed=True)
        proof = _bounded_full(compiled, narrow, options, relaxed=True)
        proof.narrow = narrow
        return proof
    if head is not None and head.narrow is not None:  # solved meanwhile
        narrow, copy = head.narrow, head.copy
    else:
        with Beside(lambda: relaxation(compiled)) as making:
            narrow = _narrow_first(compiled, narrows[:1], options, relaxed=True, gate=making)
            copy = making.result()
    if ahead is None or narrow is None or narrow.cost is None:
        proof = _bounded_full(compiled, narrow, options, relaxed=True, copy=copy)
        proof.narrow = narrow
        return proof
    found = narrow  # for the closure: a NarrowSolve, not None
    with Beside(lambda: ahead(found)) as spec:
        proof = _bounded_full(compiled, narrow, options, relaxed=True, copy=copy, gate=spec)
    proof.narrow, proof.ahead = narrow, spec
    return proof


@dataclass
class _HeadStart:
    """The full model, its narrow models and, where the head start held, the narrow
    relaxation's solve and the full relaxation's copy for the proof (_head_start)."""

    compiled: CompiledModel
    narrows: Narrows
    narrow: NarrowSolve | None = None
    copy: cp_model.CpModel | None = None


def _head_start(
    built_on: Scenario, catalog: Catalog, rules: list[ActiveRule], options: SolveOptions
) -> _HeadStart | None:
    """The narrow relaxation solved while the full model is built beside it.

    The narrow model is built from the full one's prices (short_list.py), so its solve used
    to wait for the whole week's compile: for a one-week scenario 20-34 ms of Python, then the
    narrow solve 20-60 ms of CP-SAT, on one core of two. Here the short list comes from a
    model of the week's first slot alone (compile_model's ``first_slot``, about half the
    compile), the narrow model from it, and the narrow solve runs while the second thread
    builds the whole week's model, reads its short list and copies its relaxation for the
    proof.

    Exact by check, not by argument: the short list read off the whole week's model must be
    the one the narrow model was built from, else the narrow solve is dropped and the solve
    goes on as without the head start (the narrow models rebuilt from the week's prices).
    Its time is charged to the budget only once the lists agree, so the budget then holds
    what the solve without it would have spent. The narrow solve is of the relaxation: a
    one-week model always defers its lines' places (ModelContext.order). None where no head
    start applies: a plan, a week of one slot, more than HEAD_START_MAX_CANDIDATES candidates
    a slot (the first slot's model then costs more than the overlap saves), ``options.beside``
    off."""
    if (
        not options.beside
        or len(templates_of(segments(built_on, rules, share=options.sharing))) != 1
    ):
        return None
    skip = twins_to_skip(built_on, catalog, rules) | dominated_to_skip(built_on, catalog, rules, 1)
    if len(catalog.exercises) - len(skip) > HEAD_START_MAX_CANDIDATES:
        return None
    if len(built_on.schedule.slots) < 2:  # the first slot's model would be the week's
        return None
    pricing = compile_model(built_on, catalog, rules, share=options.sharing, first_slot=True)
    narrows = narrow_models(pricing, built_on, catalog, rules, share=options.sharing)
    if not narrows or not narrows[0].ctx.deferred_constraints:
        return None

    def whole_week() -> tuple[CompiledModel, Narrows, cp_model.CpModel]:
        compiled = compile_model(built_on, catalog, rules, share=options.sharing)
        mine = narrow_models(compiled, built_on, catalog, rules, share=options.sharing)
        return compiled, mine, relaxation(compiled)

    with Beside(whole_week) as week:
        narrow = _narrow_first(
            lambda: week.result()[0],
            narrows[:1],
            options,
            relaxed=True,
            charge=False,
            gate=week,
        )
        compiled, mine, copy = week.result()
    if mine.skips != narrows.skips:
        mine[:1]
        return _HeadStart(compiled, mine)
    if options.budget is not None and narrow is not None:
        options.budget.charge(narrow.solver)
    return _HeadStart(compiled, narrows, narrow, copy)


def optimize(
    scenario: Scenario,
    rules: list[ActiveRule],
    *,
    catalog: Catalog | None = None,
    options: SolveOptions | None = None,
) -> Program:
    """The best program for one scenario under already-resolved rules, or the status that
    says there is none (hamopt/api/solving.py adds the explanation when infeasible).

    Where a rule deferred constraints (ModelContext.deferred), the relaxation without them is
    solved first: its optimum bounds the full model's from below, so a program of the full
    model at that cost is an optimum, proven: the narrow relaxation's own program when it
    costs that and keeps the deferred constraints (_narrow_at_optimum), else its lines with
    their sets, reps and order searched again (_lines_at_optimum), else the one
    solve.canonical looks for.
    Measured on the shipped scenarios, whose optima the relaxation always matched: see
    README's speed table. When there is no such program (or none turns up within twice the
    relaxation's time, at least CANONICAL_AT_RELAXED_FLOOR), the full model is solved as
    before, narrow model first.
    """
    options = options or SolveOptions()
    catalog = in_canonical_order(catalog or catalog_for(scenario))  # the search follows its order
    with one_solve():  # its models and the program price the same exercises (domain/facts.py)
        return _optimize(scenario, rules, catalog, options)


def _optimize(
    scenario: Scenario, rules: list[ActiveRule], catalog: Catalog, options: SolveOptions
) -> Program:
    started = time.perf_counter()
    built_on = model_scenario(scenario, catalog, rules, options)
    head = _head_start(built_on, catalog, rules, options)
    if head is not None:
        compiled, narrows = head.compiled, head.narrows
    else:
        compiled = compile_model(built_on, catalog, rules, share=options.sharing)
        narrows = narrow_models(compiled, built_on, catalog, rules, share=options.sharing)
        narrows[:1]  # the one the proof starts on is built now; the others if canonical needs them
    # The seconds the solve spent building models before its proof: with a head start, the
    # narrow solve's own wall is left out (it is counted with the solves).
    build_time = time.perf_counter() - started
    if head is not None and head.narrow is not None:
        build_time = max(build_time - head.narrow.wall, 0.0)
    spent_wall = spent_det = 0.0

    def finish(
        status: str, read: _Read, bound: float, code: int, built: Program | None = None
    ) -> Program:
        """The program read (``built``: already built from it), with the time spent so far
        (read when called)."""
        spent = Spent(build_time, spent_wall, spent_det)
        return _solved(
            status, read, bound, spent, scenario, catalog, rules, compiled, options, code, built
        )

    def ahead(narrow: NarrowSolve) -> _Ahead:
        return _ahead(compiled, narrow, scenario, catalog, rules, options)

    relaxed = _relaxed_proof(compiled, narrows, options, ahead=ahead, head=head)
    if relaxed is not None:
        spent_wall, spent_det = relaxed.wall, relaxed.det
        if relaxed.code == cp_model.INFEASIBLE:  # no program of the relaxation, none of the model
            return _unsolved(scenario, relaxed, options, build_time, spent_wall, spent_det)
        if relaxed.code == cp_model.FEASIBLE:  # out of time: its best program may do
            kept, code = _keeps_deferred(compiled, relaxed.solver, options, lines_only=True)
            spent_wall, spent_det = spent_wall + kept.wall_time, spent_det + kept.deterministic_time
            if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):  # the program as it is
                kept, code = _keeps_deferred(compiled, relaxed.solver, options)
                spent_wall += kept.wall_time
                spent_det += kept.deterministic_time
            if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                # Feasible, not proven (whatever the fixed solve's own status): the
                # relaxation's bound bounds the model too.
                read = _Read(compiled, kept, kept.objective_value)
                bound = relaxed.solver.best_objective_bound
                return finish("feasible", read, bound, cp_model.FEASIBLE)
        if relaxed.code == cp_model.OPTIMAL:
            optimum = round(relaxed.solver.objective_value)
            done = _ahead_that_holds(relaxed, optimum, options)
            built = None if done is None else done.program
            if done is not None:  # what _narrow_at_optimum would have found, found beside
                at, optimal = done.solver, done.optimal
                if options.budget is not None and at is not None:
                    options.budget.charge(at)
            else:
                at, optimal = _narrow_at_optimum(compiled, relaxed.narrow, optimum, options)
            if at is not None:  # the completion ran: its time counts, whatever it found
                spent_wall, spent_det = spent_wall + at.wall_time, spent_det + at.deterministic_time
            if at is not None and not optimal:  # the same lines, other sets, reps or order
                if done is not None and _held(done.lines, options):  # searched beside
                    assert done.lines is not None
                    at, optimal = done.lines, done.lines_optimal
                    if options.budget is not None:
                        options.budget.charge(at)
                else:
                    built = None
                    at, optimal = _lines_at_optimum(compiled, relaxed.narrow, optimum, options)
                spent_wall, spent_det = spent_wall + at.wall_time, spent_det + at.deterministic_time
            if at is not None and optimal:
                assert relaxed.narrow is not None
                read = _Read(relaxed.narrow.compiled, at, at.objective_value)
                bound = relaxed.solver.best_objective_bound
                return finish("optimal", read, bound, relaxed.code, built)
            cap = max(2 * relaxed.det, CANONICAL_AT_RELAXED_FLOOR)
            second = canonical(compiled, narrows, optimum, options, cap=cap)
            spent_wall, spent_det = spent_wall + second.wall, spent_det + second.det
            if second.solver is not None:
                read = _Read(second.compiled, second.solver, second.solver.objective_value)
                return finish("optimal", read, relaxed.solver.best_objective_bound, relaxed.code)
    narrow = _narrow_first(compiled, narrows[:1], options)
    proof = _bounded_full(compiled, narrow, options, relaxed=False)
    solver, code = proof.solver, proof.code
    spent_wall, spent_det = spent_wall + proof.wall, spent_det + proof.det
    status = _STATUS.get(code, "unknown")
    # What the program is read from: the canonical solve when it succeeds, else this one.
    read = _Read(compiled, solver, solver.objective_value)
    if status == "unknown" and narrow is not None and narrow.cost is not None:
        # Out of time before the full model found a program: the narrow one is one of its
        # programs, returned with the gap to the full solve's bound.
        status, code = "feasible", cp_model.FEASIBLE
        read = _Read(narrow.compiled, narrow.solver, narrow.solver.objective_value)
    if status == "optimal":
        second = canonical(compiled, narrows, round(solver.objective_value), options)
        spent_wall, spent_det = spent_wall + second.wall, spent_det + second.det
        if second.solver is not None:  # else the first solve's program, still optimal
            read = _Read(second.compiled, second.solver, second.solver.objective_value)
    if status in ("optimal", "feasible"):
        return finish(status, read, solver.best_objective_bound, code)
    return _unsolved(scenario, proof, options, build_time, spent_wall, spent_det)


def _narrow_at_optimum(
    compiled: CompiledModel, narrow: NarrowSolve | None, optimum: int, options: SolveOptions
) -> tuple[cp_model.CpSolver | None, bool]:
    """The narrow relaxation's program (for a plan, with no narrow model, the relaxation's
    own: _relaxed_proof) completed into the narrow model's (_keeps_deferred; None when its cost
    is not ``optimum``, so nothing ran), and whether the completed program costs ``optimum``:
    then it is a program of the whole model at the relaxation's optimum, so optimal, with no
    canonical solve. The narrow solve ran on one worker (_narrow_first) and the completion
    fixes every other decision and searches the places on one worker, so the program does not
    depend on the workers.

    Measured on the 13 shipped one-week scenarios (in process, best of 5, seed 0): 12 of 13
    programs came this way (quad_dominant_intermediate_full_gym's cost more once completed,
    and the pick ran); the completion costs 2-4 ms of wall against the pick's
    13-131 ms; in all 2,176 -> 1,738 ms, quad_dominant_three_sessions 396 -> 265 ms,
    tight_schedule_early_late 344 -> 303 ms, deterministic time 0.296 -> 0.224 s. Plans,
    deterministic s, seeds 0 / 1: the 10-week sprinter 3.03 / 4.55 -> 2.21 / 2.85 (the pick was
    0.82 / 1.70), quad_dominant_12_week... 0.114 / 0.062 -> 0.091 / 0.042.
    """
    if narrow is None or narrow.cost != optimum:
        return None, False
    kept, code = _keeps_deferred(narrow.compiled, narrow.solver, replace(options, workers=1))
    found = code in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    return kept, found and cost_in(compiled, narrow.compiled, kept.objective_value) == optimum


@dataclass
class _Ahead:
    """The narrow relaxation's program completed (_narrow_at_optimum's solve, had the proof
    found ``cost`` optimal), its lines searched again where the completion did not keep that
    cost (_lines_at_optimum), and the program built from whichever kept it: work done beside
    the proof (_relaxed_proof), used only where the proof then says ``cost`` is the optimum
    (_ahead_that_holds) and each solve ended within the limit it would have had in its place
    (_held)."""

    cost: int
    solver: cp_model.CpSolver | None  # the completion's (None where none ran)
    optimal: bool  # the completion kept ``cost``
    program: Program | None
    # Where the completion did not keep ``cost``: _lines_at_optimum's solve, and whether it did.
    lines: cp_model.CpSolver | None = None
    lines_optimal: bool = False


def _ahead(
    compiled: CompiledModel,
    narrow: NarrowSolve,
    scenario: Scenario,
    catalog: Catalog,
    rules: list[ActiveRule],
    options: SolveOptions,
) -> _Ahead:
    """_narrow_at_optimum at the narrow program's own cost, then, where that completion breaks
    a deferred constraint, _lines_at_optimum, then the program, on the second thread
    (engine/beside.py). The budget is the caller's to charge, in the order the calls
    would have run (a float sum read from two threads could lose a charge), and CP-SAT's
    SIGINT handler is not installed off the main thread (it aborts the process there)."""
    assert narrow.cost is not None
    alone = replace(options, workers=1, budget=None, catch_sigint=False)
    kept, optimal = _narrow_at_optimum(compiled, narrow, narrow.cost, alone)
    done = _Ahead(narrow.cost, kept, optimal, None)
    if kept is not None and not optimal:
        done.lines, done.lines_optimal = _lines_at_optimum(compiled, narrow, narrow.cost, alone)
    at = kept if optimal else done.lines if done.lines_optimal else None
    if at is not None:
        read = _Read(narrow.compiled, at, at.objective_value)
        done.program = _program_of("optimal", read, scenario, catalog, rules)
    return done


def _ahead_that_holds(proof: Proof, optimum: int, options: SolveOptions) -> _Ahead | None:
    """The work done beside the proof (_Ahead) where it is what the calls after the proof
    would give: the proof found the narrow program's cost optimal, and the completion ran
    within the limit it would have had after the proof (at most KEEPS_DEFERRED_CAP, less
    where the budget has less left). A deterministic search that ended within a limit ends
    the same way under any limit that is no lower. None where the calls must run."""
    if proof.ahead is None or proof.narrow is None or proof.narrow.cost != optimum:
        return None  # the calls the work stands for would not run: whatever it raised is moot
    done = proof.ahead.result()  # what the work raised, the same calls raise too
    if done.cost != optimum or (done.solver is not None and not _held(done.solver, options)):
        return None
    return done


def _held(solver: cp_model.CpSolver | None, options: SolveOptions) -> bool:
    """Whether a completion searched beside the proof (_ahead, without a budget) ended within
    the limit the same call would have had in its place, charged after the calls before it:
    at most KEEPS_DEFERRED_CAP, less where the budget has less left. A deterministic search
    that ended within a limit ends the same way under any limit that is no lower."""
    if solver is None:
        return False
    budget = options.budget
    return budget is None or solver.deterministic_time <= budget.limit(KEEPS_DEFERRED_CAP)


def _lines_at_optimum(
    compiled: CompiledModel, narrow: NarrowSolve | None, optimum: int, options: SolveOptions
) -> tuple[cp_model.CpSolver, bool]:
    """When the relaxation's program at its optimum breaks a deferred constraint once
    completed (_narrow_at_optimum), the full model with its lines alone fixed (_keeps_deferred
    ``lines_only``): the same exercises in the same sessions, their sets, reps and order free.
    A program of it at ``optimum`` is an optimum of the whole model (the relaxation's optimum
    bounds it from below), so no canonical solve and no proof of the whole model.

    The relaxation leaves the sessions' minutes out, so among its equal optima some fill a
    session past its time or unbalance the week's sessions once the minutes are counted: on
    e763828 the 10-week sprinter plan at seed 5 proved its relaxation in 0.25 deterministic s,
    but that program broke session_balance completed; the canonical search then found nothing
    within its second and the whole model's proof took 12.1, 14.5 in all. With its lines
    fixed and its sets and reps free, a program at the optimum took 0.01. (Since head_coverage's
    target of 6 the plan at seed 0 takes this way, and 17 of 258 benchmark runs, seeds 0-5, all
    at the optimum.) One worker, every decision but the lines starting from the relaxation's
    (a hint): the program does not depend on the workers."""
    assert narrow is not None  # the caller's completion ran, so there is a narrow solve
    one = replace(options, workers=1)
    kept, code = _keeps_deferred(narrow.compiled, narrow.solver, one, lines_only=True)
    found = code in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    return kept, found and cost_in(compiled, narrow.compiled, kept.objective_value) == optimum


def _keeps_deferred(
    compiled: CompiledModel,
    relaxed: cp_model.CpSolver,
    options: SolveOptions,
    *,
    lines_only: bool = False,
) -> tuple[cp_model.CpSolver, int]:
    """The full model solved with the relaxation's best program fixed (every slot, line,
    set count, rep zone, place and chosen field): the same program as one of the full
    model's, at the same cost where it keeps the deferred constraints, dearer where a soft
    rule pays for breaking them, infeasible where a hard one cannot. Only the variables the
    rules brought beyond those decisions (session lengths, guards) are left to the solver, so
    it costs next to nothing; and, where the relaxation left the order out (a one-week model:
    ModelContext.order), the lines' places, which the order rules and the no-overlap decide
    within each session, a search of a few branches.

    ``lines_only``: only the sessions and their exercises are fixed; the sets, rep zones,
    places and fields start from the relaxation's (a hint) and the solver may change them, on
    one worker. For a relaxation that ran out of time before its proof (optimize): its
    program is the answer then, with the relaxation's bound, which bounds the model too, and
    the deferred constraints are those on the sessions' minutes, which the sets decide. The
    104-week sprinter plan's (Nordics, a deload every 4 weeks) paid 27,900 in session_balance
    with the program fixed, none with its lines fixed (0.06 deterministic s)."""
    model = compiled.model.clone()
    fixed: list[cp_model.IntVar] = []  # held at the relaxation's values
    hinted: list[cp_model.IntVar] = []  # where the search starts
    for ctx in compiled.templates:
        fixed.extend(ctx.used)
        for cand in ctx.candidates:
            fields = [lit for options_ in cand.choices.values() for lit in options_.values()]
            fixed.append(cand.present)
            # Where the relaxation left the order out (ModelContext.order), its places mean
            # nothing: the completion searches them.
            place = () if ctx.order_deferred else (cand.pos,)
            hinted.extend((cand.sets, *place, *cand.zones.values(), *fields))
    if not lines_only:
        # Every decision is fixed, by the hint (fix_variables_to_their_hinted_value below): a
        # propagation, and a search of the places where the relaxation left them out.
        fixed, hinted = [], fixed + hinted
    for var in fixed:
        model.add(var == relaxed.value(var))
    for var in hinted:
        model.add_hint(var, relaxed.value(var))
    # One worker: a completion that searches (the lines' sets, or the places) must find the
    # same program whatever the workers.
    solver = solver_for(replace(options, workers=1), cap=KEEPS_DEFERRED_CAP)
    solver.parameters.fix_variables_to_their_hinted_value = not lines_only
    code = solver.solve(model)
    if options.budget is not None:
        options.budget.charge(solver)
    return solver, code


@dataclass
class Spent:
    """Seconds to build the models, and wall and deterministic seconds of every solve."""

    build: float
    wall: float
    det: float


@dataclass
class _Read:
    """Where a program is read from: the model a solve ran on, the solver, its objective."""

    compiled: CompiledModel
    values: cp_model.CpSolver
    objective: float


def _info(code: int, spent: Spent, options: SolveOptions) -> SolverInfo:
    return SolverInfo(
        status=cp_model.CpSolverStatus(code).name.lower(),
        build_time=round(spent.build, 4),
        wall_time=round(spent.wall, 4),
        deterministic_time=round(spent.det, 4),
        seed=options.seed,
        workers=options.workers,
        version=f"hamopt {hamopt_version()}, ortools {_ortools_version()}",
    )


def _program_of(
    status: str, read: _Read, scenario: Scenario, catalog: Catalog, rules: list[ActiveRule]
) -> Program:
    """The program a solve found, decoded and checked (no solver figures)."""
    weekly = [decode_week(read.compiled, read.values, ctx) for ctx in read.compiled.templates]
    # Each run of weeks repeats its template (several runs may share one).
    per_run = [weekly[run.repeats] for run in read.compiled.runs]
    return build_program(status, scenario, catalog, rules, per_run)


def _solved(
    status: str,
    read: _Read,
    bound: float,
    spent: Spent,
    scenario: Scenario,
    catalog: Catalog,
    rules: list[ActiveRule],
    compiled: CompiledModel,
    options: SolveOptions,
    code: int,
    built: Program | None = None,
) -> Program:
    """The program a solve found, decoded and checked (``built``: already, by _program_of,
    with ``status``), with the solver's figures; ``bound`` is the full model's proven lower
    bound in its objective units."""
    info = _info(code, spent, options)
    program = built or _program_of(status, read, scenario, catalog, rules)
    # The solver's own number (each template counted for its weeks), not the checkers'
    # sum: tests hold the two equal, so a rule whose encoder and checker disagree shows.
    info.objective = read.compiled.penalties(read.objective) * read.compiled.unit
    # The quality rules' terms alone (the tier's tie-break, a unit a set, left out), so
    # it equals the sum of the checkers' quality terms.
    info.quality = read.values.value(read.compiled.quality) * read.compiled.unit
    info.bound = _main_tier(compiled, bound) * compiled.unit
    info.gap = round((info.objective - info.bound) / info.objective, 4) if info.objective else 0.0
    info.quality_gap = _quality_gap(read.compiled, read.objective, compiled, bound)
    program.solver = info
    return program


def _quality_gap(
    read: CompiledModel, objective: float, full: CompiledModel, bound: float
) -> float | None:
    """The relative gap on the quality tier between a program (``objective`` in ``read``'s
    units) and the full model's proven ``bound`` (in its units); None unless the bound
    proves the program's penalties. The tier is measured unshifted (quality_low added back),
    so the ratio is of the quality a coach reads, not of its distance to the floor."""
    penalties = read.penalties(objective)
    if _main_tier(full, bound) < penalties:
        return None
    value = cost_in(full, read, objective) - penalties * full.scale + full.quality_low
    floor = bound - penalties * full.scale + full.quality_low
    if value <= 0:
        return 0.0
    return round(max(0.0, (value - floor) / value), 4)


def _unsolved(
    scenario: Scenario,
    proof: Proof,
    options: SolveOptions,
    build_time: float,
    wall: float,
    det: float,
) -> Program:
    """No program: infeasible, invalid, or out of time before any was found."""
    program = Program(status=_STATUS.get(proof.code, "unknown"), scenario=scenario.name)  # type: ignore[arg-type]
    program.solver = _info(proof.code, Spent(build_time, wall, det), options)
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
    *,
    cap: float | None = None,
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

    ``cap``: deterministic seconds for all the attempts (default the time limit each). A
    limit stops the search, it does not steer it, so a program found within it is the one
    found without. When ``optimum`` is a relaxation's (optimize), the full model may hold
    no program there, and proving that could cost as much as the proof the relaxation saved.
    """
    result = Canonical(compiled)
    for model in chain(narrows, [compiled]):  # lazily: a narrow model is built when reached
        held = model.model.clone()
        held.add(model.objective <= cost_in(model, compiled, optimum))
        left = None if cap is None else max(cap - result.det, 0.0)
        solver = solver_for(replace(options, workers=1), cap=left)
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
