"""Why a scenario is infeasible: a minimal set of rule instances that cannot hold together.

The model is compiled once with every hard guard free and no objective (CP-SAT does not
combine assumptions with an objective). A check assumes the guards of a candidate set true
and every other hard guard false (its constraints off). CP-SAT's core of the first check
(`sufficient_assumptions_for_infeasibility`) is shrunk by deletion until removing any one
member makes the rest feasible; whenever a deletion check stays infeasible, its own (smaller)
core replaces the working set, so several members can leave at once.

The search knows guards and literals, not training: hamopt/explain/wording.py puts each member
in words, hamopt/explain/relax.py finds the cheapest change that makes the scenario feasible,
and hamopt/explain/infeasible.py puts the three together.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from hamopt.domain.models import (
    Catalog,
    Mode,
    Scenario,
)
from hamopt.engine.compile import CompiledModel, compile_model
from hamopt.engine.solve import SolveOptions, solver_for
from hamopt.rules.contract import ActiveRule
from hamopt.rules.model_context import Guard

# A feasibility check needs no objective bound, so the work CP-SAT does up front to prove
# optimality fast (presolve, symmetry detection, probing) mostly costs here: with it a check
# of a shipped scenario took ~0.4 s, without it ~0.06 s. The LP relaxation stays: without it
# some feasible checks searched for 20-40 s. Now and then a check is hard without presolve
# all the same (a minute, seen once); so the quick attempt gets a small deterministic budget
# and a check it cannot decide is run again with CP-SAT's defaults. One worker: deterministic.
_QUICK_PARAMS = {"cp_model_presolve": False, "symmetry_level": 0, "cp_model_probing_level": 0}
QUICK_TIME_LIMIT = 0.5  # deterministic seconds; the shipped checks need ~0.01
CHECK_TIME_LIMIT = 10.0  # deterministic seconds for the thorough attempt


def check_solver(options: SolveOptions, *, thorough: bool = False) -> cp_model.CpSolver:
    """A solver for a feasibility check under assumptions: quick (see above) or thorough,
    within what is left of the command's budget."""
    limit = CHECK_TIME_LIMIT if thorough else QUICK_TIME_LIMIT
    solver = solver_for(options, min(options.time_limit, limit))
    if not thorough:
        for name, value in _QUICK_PARAMS.items():
            setattr(solver.parameters, name, value)
    return solver


def decide(
    model: cp_model.CpModel, options: SolveOptions
) -> tuple[cp_model.CpSolverStatus, cp_model.CpSolver]:
    """Solve a satisfaction model quickly, and thoroughly when the quick try cannot decide.

    With the command's budget spent, no call is made: UNKNOWN (and the budget says ``cut``).
    """
    budget = options.budget
    solver = check_solver(options)
    if budget is not None and budget.exhausted:
        budget.cut = True
        return cp_model.UNKNOWN, solver
    code = _run(solver, model, options)
    if code == cp_model.UNKNOWN and not (budget is not None and budget.exhausted):
        solver = check_solver(options, thorough=True)
        code = _run(solver, model, options)
    if code == cp_model.UNKNOWN and budget is not None and budget.exhausted:
        budget.cut = True
    return code, solver


def _run(
    solver: cp_model.CpSolver, model: cp_model.CpModel, options: SolveOptions
) -> cp_model.CpSolverStatus:
    code = solver.solve(model)
    if options.budget is not None:
        options.budget.charge(solver)
    return code


@dataclass
class ConflictSearch:
    """One explain-mode model, re-solved under different sets of assumed guards."""

    compiled: CompiledModel
    options: SolveOptions
    solves: int = 0
    verdict: bool | None = None  # the first check's, with every hard guard: None = undecided
    # False when a deletion check could not be decided (the time limit, usually): the
    # conflict found is a conflict, but a smaller one may exist.
    minimal: bool = True

    @classmethod
    def build(
        cls,
        scenario: Scenario,
        catalog: Catalog,
        rules: Sequence[ActiveRule],
        options: SolveOptions,
    ) -> ConflictSearch:
        return cls(compile_model(scenario, catalog, rules, explain=True), options)

    @property
    def hard(self) -> list[Guard]:
        return [g for g in self.compiled.ctx.guards if g.mode is Mode.hard]

    def check(self, keep: Sequence[Guard]) -> tuple[bool | None, list[Guard]]:
        """(True, []) feasible; (False, core within keep) infeasible; (None, []) unknown."""
        model = self.compiled.model
        model.clear_assumptions()
        # A guard left out is assumed false, not left free: false switches its constraints
        # off, which is what leaving it out means, and the search no longer has to find out
        # that it may (left free, one check of a shipped scenario took 40 s instead of 0.1).
        kept = {id(g) for g in keep}
        model.add_assumptions([g.literal for g in keep])
        model.add_assumptions([g.literal.Not() for g in self.hard if id(g) not in kept])
        code, solver = decide(model, self.options)
        self.solves += 1
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return True, []
        if code == cp_model.INFEASIBLE:
            core = set(solver.sufficient_assumptions_for_infeasibility())
            return False, [g for g in keep if g.literal.Index() in core] or list(keep)
        return None, []

    def minimal_conflict(self) -> list[Guard]:
        """A minimal infeasible subset of the hard guards (empty when feasible)."""
        feasible, core = self.check(self.hard)
        self.verdict = feasible
        if feasible is not False:
            return []
        # Deletion: try each member in turn. When the rest stays infeasible, CP-SAT's core of
        # that check (a subset of the rest) becomes the working set; when it turns feasible
        # (or unknown: kept, so the answer is always a conflict) the member is needed.
        # With the budget spent, the rest are kept unchecked and the answer says so.
        i = 0
        budget = self.options.budget
        while i < len(core):
            if budget is not None and budget.exhausted:
                budget.cut, self.minimal = True, False
                break
            feasible, smaller = self.check(core[:i] + core[i + 1 :])
            if feasible is False:
                kept = {id(g) for g in core[:i]}  # members already shown to be needed
                core = core[:i] + [g for g in smaller if id(g) not in kept]
            else:
                self.minimal = self.minimal and feasible is True
                i += 1
        return core


# --- what each guard rules out ----------------------------------------------------------


def _kind(ct: Any) -> str | None:
    """The constraint's type, from a protobuf message or ortools' newer pybind11 proto."""
    if hasattr(ct, "WhichOneof"):
        return ct.WhichOneof("constraint")
    for kind in ("linear", "bool_and", "lin_max"):
        if getattr(ct, f"has_{kind}")():
            return kind
    return None


def _forced_to_zero(ct: Any, kind: str | None) -> list[int]:
    """Variables a constraint fixes to 0 when enforced (a literal's negation in a bool_and)."""
    if kind == "linear" and len(ct.linear.vars) == 1:
        coeff, domain = ct.linear.coeffs[0], list(ct.linear.domain)
        pairs = list(zip(domain[::2], domain[1::2], strict=True))
        if any(lo <= 0 <= hi for lo, hi in pairs) and not any(
            lo <= coeff <= hi for lo, hi in pairs
        ):
            return [ct.linear.vars[0]]
    if kind == "bool_and":
        return [-lit - 1 for lit in ct.bool_and.literals if lit < 0]
    return []


def exclusions(compiled: CompiledModel, guards: Iterable[Guard]) -> dict[int, list[str]]:
    """Per guard literal index: the exercise ids it alone forbids in every slot.

    Read from the model itself, so it works for any rule that excludes exercises, whatever
    its reason (equipment, contraindications, preferences ...), without the rule saying so:
    a constraint enforced by the guard alone that fixes a candidate's ``present`` to 0, or
    fixes to 0 a variable defined as the max of ``present`` literals ("used this week").
    """
    ctx = compiled.ctx
    present = {c.present.Index(): c for c in ctx.candidates}
    wanted = {g.literal.Index() for g in guards}
    proto = compiled.model.Proto()
    # `v == max(present...)`: v at 0 forces every one of those presents to 0.
    max_of: dict[int, list[int]] = {}
    for ct in proto.constraints:
        if not ct.enforcement_literal and _kind(ct) == "lin_max":
            target, exprs = ct.lin_max.target, ct.lin_max.exprs
            parts = [list(e.vars) for e in exprs if list(e.coeffs) == [1] and not e.offset]
            if list(target.coeffs) == [1] and len(parts) == len(exprs):
                if all(v[0] in present for v in parts):
                    max_of[target.vars[0]] = [v[0] for v in parts]
    hit: dict[int, dict[str, set[int]]] = {}
    for ct in proto.constraints:
        if len(ct.enforcement_literal) != 1 or ct.enforcement_literal[0] not in wanted:
            continue
        for var in _forced_to_zero(ct, _kind(ct)):
            for index in max_of.get(var, [var]):
                cand = present.get(index)
                if cand is not None:
                    slots = hit.setdefault(ct.enforcement_literal[0], {})
                    slots.setdefault(cand.exercise.id, set()).add(cand.slot)
    everywhere = set(range(len(ctx.slots)))
    return {
        lit: [ex_id for ex_id, slots in by_ex.items() if slots >= everywhere]
        for lit, by_ex in hit.items()
    }
