"""First solves on narrower models, whose costs bound the full solve.

A library of many variants (hamopt/engine/dominated.py's groups) leaves the solver most of its
time looking for a good program, not proving one: with a 1,000-exercise catalog the first
program it found cost 3.7e9 (penalties), the optimum came at 23 s and the proof right after
(0.05 deterministic s would have been enough to solve the narrow model). So the engine first
solves the *narrow* model: the same scenario, rules and catalog, with every group's members
but its best few (as many as a program can hold) left out (``dominated.all_but_the_best``).
Its program is a program of the full model at the same cost, so ``objective <= that cost``
removes no better program from the full one, and the full model is then solved with that
bound: 1,000 exercises 9.2 -> 0.05 + 0.14 deterministic s, the same optimum.

Exact whatever the narrow solve finds: the bounded full solve proves the optimum among
programs no worse than the narrow one, which holds the full optimum. Should the bound ever
exclude every program (a rule whose encoding depends on which candidates exist, so a narrow
program is not a full one), the full model is solved again without it.

A one-week model is narrowed further first: its short list (hamopt/engine/short_list.py, the
exercises the objective prices cheapest for each job) with each group's best members only.
Only the narrowest model is solved for the bound: the best-variants one between it and the
full model used to be solved too, each bounded by the one before, but its bound saved less
than building and solving it cost. Same run, the growth scenario's catalog files, seeds 0 /
1, the same programs: 1,000 exercises 0.099 / 0.089 -> 0.090 / 0.081 deterministic s, build
0.30 -> 0.24 s, solver wall 0.30 -> 0.24 s; 250, 500 and 2,000 likewise. The others are
built only when the canonical pick reaches them (``Narrows``): on the growth catalogs
(120-2,000 exercises) and the seeded libraries of tests/engine/test_dominated.py the short
list's model holds an optimal program, so the best-variants model is never built.

Deterministic: the bounds go on copies of the models for the proof only. The program is read
from the narrow solve itself when it is at the proven optimum (solve._narrow_at_optimum: the
narrow solve always runs on one worker), else from solve.canonical's solve of a narrow model,
or of the full one, held at the proven optimum; those models are built from the scenario and
the full model, never from a solve, so equal optima found by different worker counts still
give one program.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import overload

from ortools.sat.python import cp_model

from hamopt.domain.models import Catalog, Scenario
from hamopt.engine.compile import CompiledModel, compile_model, expr_bounds
from hamopt.engine.dominated import all_but_the_best, members_a_program_holds
from hamopt.engine.horizon import Sharing
from hamopt.engine.short_list import beyond_short_list
from hamopt.rules.contract import ActiveRule

# The share of the time limit the narrow solve may take: it only finds a bound, and when it
# runs out it still hands over the best program it found.
NARROW_SHARE = 0.25


@dataclass
class NarrowSolve:
    """The last narrow model that found a program (the widest: its cost bounds the full solve
    most tightly), the solver that solved it and what its program costs in the full model's
    units (None when no narrow model found one), with the time every narrow solve took."""

    compiled: CompiledModel
    solver: cp_model.CpSolver
    cost: int | None
    wall: float = 0.0
    det: float = 0.0


class Narrows(Sequence[CompiledModel]):
    """The narrow models, narrowest first, each compiled when first asked for: the proof
    only needs the narrowest (optimize), the canonical pick the next ones only where the
    narrowest holds no optimal program."""

    def __init__(
        self, build: Callable[[frozenset[str]], CompiledModel], skips: list[frozenset[str]]
    ) -> None:
        self._build = build
        self._skips = skips
        self._built: dict[int, CompiledModel] = {}

    @property
    def skips(self) -> list[frozenset[str]]:
        """What each narrow model leaves out, narrowest first."""
        return list(self._skips)

    def __len__(self) -> int:
        return len(self._skips)

    @overload
    def __getitem__(self, index: int) -> CompiledModel: ...

    @overload
    def __getitem__(self, index: slice) -> list[CompiledModel]: ...

    def __getitem__(self, index: int | slice) -> CompiledModel | list[CompiledModel]:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self))[index]]
        index = range(len(self))[index]  # negative indices, and IndexError past the end
        if index not in self._built:
            self._built[index] = self._build(self._skips[index])
        return self._built[index]


def narrow_models(
    full: CompiledModel,
    scenario: Scenario,
    catalog: Catalog,
    rules: Sequence[ActiveRule],
    share: Sharing = "exact",
) -> Narrows:
    """The narrow models of ``full``, narrowest first: its short list
    (hamopt/engine/short_list.py) with each group's best members only, then each group's best
    members of the whole catalog (as many as a program holds: one a session, each template).
    A model that leaves out nothing, or no more than the next one, is not built. ``share``:
    the full model's sharing of templates (hamopt/engine/horizon.py). Each is compiled when
    first asked for (Narrows)."""
    holds = members_a_program_holds(scenario, len(full.templates))
    best = all_but_the_best(scenario, catalog, rules, keep=holds)
    short = best | beyond_short_list(full, scenario, catalog, rules)

    def build(skip: frozenset[str]) -> CompiledModel:
        return compile_model(scenario, catalog, rules, also_skip=skip, share=share)

    return Narrows(build, ([short] if short != best else []) + ([best] if best else []))


def cost_in(target: CompiledModel, source: CompiledModel, value: float) -> int:
    """An objective value of ``source`` in ``target``'s units (narrow to full, or back).

    Each model scales its penalty tier by its own quality range (compile_model), so the same
    program's objective differs between them; its penalties and quality do not.
    """
    penalties = source.penalties(value)
    quality = round(value) - penalties * source.scale + source.quality_low
    return penalties * target.scale + quality - target.quality_low


def bounded(
    full: CompiledModel,
    cost: int,
    *,
    relaxed: bool = False,
    copy: cp_model.CpModel | None = None,
) -> cp_model.CpModel:
    """A copy of the full model that keeps only programs costing at most ``cost``; with
    ``relaxed``, of its relaxation (:func:`relaxation`). ``copy``: that copy, made
    beforehand (engine/solve.py makes it beside the narrow solve), bounded in place.

    The bound is the objective's own domain, not a constraint row over the objective's terms:
    CP-SAT reads it as the objective's initial bound either way, but a row is one more
    constraint, as long as the objective, for presolve and the LP to carry. Same optima;
    the bounded full relaxation, interleaved replays, median wall: tight_schedule_early_late
    60-65 -> 41-44 ms (3 runs of 21-31), balanced_lifter 28 -> 24, four other one-week
    scenarios 1-3 ms less, quad_dominant_three_sessions and home_dumbbells_kettlebell
    unchanged, the 1,000-exercise catalog 275 -> 256 ms."""
    from ortools.sat.python import cp_model_helper

    if copy is None:
        copy = relaxation(full) if relaxed else full.model.clone()
    model = copy
    domain = model.proto.objective.domain
    if len(domain) or not model.has_objective():
        # Neither happens in compile_model's models (an explanation's has no objective, and
        # is never bounded); a row then, rather than a second domain or a bound on nothing.
        model.add(full.objective <= cost)
        return model
    # The domain bounds the objective's terms without its constant (CpObjectiveProto); a
    # cost below every program's gives a one-value domain, and CP-SAT says infeasible.
    offset = cp_model_helper.FlatIntExpr(full.objective).offset
    low, _ = expr_bounds(full.objective)
    domain.extend([min(low, cost) - offset, cost - offset])
    return model


def relaxation(compiled: CompiledModel) -> cp_model.CpModel:
    """A copy of the model without the constraints its rules deferred
    (ModelContext.deferred): every program of the model is one of the copy's at the same
    cost, so the copy's optimum is a lower bound. Emptied in place, not removed: other
    constraints refer to intervals by index."""
    from ortools.sat.python import cp_model_helper

    model = compiled.model.clone()
    for index in compiled.ctx.deferred_constraints:
        model.proto.constraints[index].copy_from(cp_model_helper.ConstraintProto())
    return model
