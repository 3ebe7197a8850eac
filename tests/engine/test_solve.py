"""The solver on the shipped scenarios: optimal, legal, honest about its objective, repeatable."""

from __future__ import annotations

import importlib
import json
from functools import cache
from pathlib import Path

import pytest

import hamopt
from hamopt.domain.catalog import catalog_for
from hamopt.domain.models import (
    Mode,
    Program,
    RuleConfig,
    RuleReport,
    RuleSet,
    Scenario,
)
from hamopt.engine.check import check_program, hard_violations
from hamopt.inputs.loading import load_program, load_scenario
from hamopt.render.formats import to_json
from hamopt.rules.ruleset import active_rules
from hamopt.rules.testing import shape

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
MARK_INFEASIBLE = "INFEASIBLE ON PURPOSE"  # the header comment of a scenario meant to fail


def _infeasible_on_purpose(path: Path) -> bool:
    return MARK_INFEASIBLE in path.read_text(encoding="utf-8").split("\n", 1)[0]


ALL = sorted(SCENARIOS.glob("*.yaml"))
FEASIBLE = [p for p in ALL if not _infeasible_on_purpose(p)]
INFEASIBLE = [p for p in ALL if _infeasible_on_purpose(p)]


@cache
def scenario_of(path: Path) -> Scenario:
    return load_scenario(path)


# Generous enough that proving optimality is never cut short by the limit (a solve stops as
# soon as it is proven, so this costs nothing when the proof is quick): the sprinter's 10-week
# plan needs under 1 deterministic second today, and a new rule that makes the proof harder
# should not turn "optimal" into "feasible" here. The promise tested is optimality, not speed.
PROOF_LIMIT = 600.0


@cache
def solved(path: Path) -> Program:
    return hamopt.solve(scenario_of(path), base_dir=path.parent, time_limit=PROOF_LIMIT)


def without_solver(program: Program) -> str:
    """The JSON contract minus the `solver` block (timings live only there)."""
    data = json.loads(to_json(program))
    del data["solver"]
    return json.dumps(data, indent=2, sort_keys=True)


def test_the_shipped_scenarios_are_found() -> None:
    assert len(FEASIBLE) >= 10
    assert SCENARIOS / "infeasible_spacing.yaml" in INFEASIBLE


@pytest.mark.parametrize("path", FEASIBLE, ids=lambda p: p.stem)
def test_shipped_scenario_solves_to_proven_optimality(path: Path) -> None:
    program = solved(path)
    assert program.status == "optimal"
    assert program.solver is not None and program.solver.status == "optimal"
    assert program.solver.bound == program.solver.objective  # nothing left to prove
    assert len(program.weeks) == scenario_of(path).weeks
    sessions = program.weeks[0].sessions
    assert len(sessions) == scenario_of(path).schedule.sessions_per_week
    slots = {(s.day, s.time) for s in scenario_of(path).schedule.slots}
    assert all((s.day, s.time) in slots for s in sessions)


@pytest.mark.parametrize("path", FEASIBLE, ids=lambda p: p.stem)
def test_every_hard_rule_checker_passes_on_the_solved_program(path: Path) -> None:
    program, scenario = solved(path), scenario_of(path)
    rules = active_rules(scenario, base_dir=path.parent)
    verdicts = check_program(program, scenario, catalog_for(scenario), rules)
    assert hard_violations(verdicts) == []
    # The `rules` block of the output says the same.
    hard = {a.id for a in rules if a.mode is Mode.hard}
    assert hard <= {r.id for r in program.rules}
    assert all(r.satisfied for r in program.rules if r.id in hard)


@pytest.mark.parametrize("path", FEASIBLE, ids=lambda p: p.stem)
def test_solver_objective_equals_the_checkers_penalties(path: Path) -> None:
    program, scenario = solved(path), scenario_of(path)
    rules = active_rules(scenario, base_dir=path.parent)
    verdicts = check_program(program, scenario, catalog_for(scenario), rules)
    recomputed = sum(v.penalty for v in verdicts)
    assert program.solver is not None
    assert program.solver.objective == recomputed
    assert program.solver.objective == sum(r.penalty for r in program.rules)


@pytest.mark.parametrize("path", FEASIBLE, ids=lambda p: p.stem)
def test_solving_twice_gives_the_same_program(path: Path) -> None:
    again = hamopt.solve(load_scenario(path), base_dir=path.parent, time_limit=PROOF_LIMIT)
    assert without_solver(again) == without_solver(solved(path))


def test_two_workers_are_deterministic_too() -> None:
    # CP-SAT's deterministic multi-worker mode (interleave_search) is 10-100x slower than one
    # worker on these small models, even on a 5-exercise catalog; this scenario it proves fast.
    sc = scenario_of(SCENARIOS / "bodyweight_only_traveller.yaml")
    first = hamopt.solve(sc, workers=2)
    second = hamopt.solve(sc, workers=2)
    assert first.status == second.status == "optimal"
    assert first.solver is not None and first.solver.workers == 2
    assert without_solver(first) == without_solver(second)
    # One worker proves the same optimum (the programs may differ among equals).
    one = solved(SCENARIOS / "bodyweight_only_traveller.yaml")
    assert first.solver.objective == one.solver.objective  # type: ignore[union-attr]


def test_another_seed_proves_the_same_optimum() -> None:
    path = SCENARIOS / "weaker_left_leg.yaml"
    other = hamopt.solve(scenario_of(path), seed=7, time_limit=PROOF_LIMIT)
    assert other.solver is not None and other.solver.seed == 7
    assert other.solver.objective == solved(path).solver.objective  # type: ignore[union-attr]


# --- several weeks ------------------------------------------------------------------------


def test_a_multi_week_horizon_repeats_the_week_and_scales_the_penalties() -> None:
    # The bodyweight traveller pays a soft penalty each week (no heavy zone). Two weeks, not
    # two: from two weeks on, progression's "room to climb" asks for wider rep zones, a
    # different model from the one-week one.
    path = SCENARIOS / "bodyweight_only_traveller.yaml"
    one = solved(path)
    assert one.solver is not None and one.solver.objective and one.solver.objective > 0
    two = hamopt.solve(scenario_of(path).model_copy(update={"weeks": 2}))
    assert two.status == "optimal"
    assert [w.week for w in two.weeks] == [1, 2]
    # The same template every week (ties between equal programs may break either way, and
    # progression's weekly rep targets differ by design), the same weekly volume as one week.
    assert all(shape(w) == shape(two.weeks[0]) for w in two.weeks)
    assert (
        two.totals["per_week"][0]["hamstring_sets"] == one.totals["per_week"][0]["hamstring_sets"]
    )
    assert two.solver is not None
    assert two.solver.objective == 2 * one.solver.objective
    assert two.solver.objective == sum(r.penalty for r in two.rules)


def test_multi_week_soft_instances_are_paid_every_week() -> None:
    scenario = Scenario.model_validate(
        {
            "name": "two close sessions, three weeks",
            "schedule": {
                "sessions_per_week": 2,
                "slots": [{"day": "mon", "time": "18:00"}, {"day": "tue", "time": "18:00"}],
            },
            "weeks": 3,
            "overrides": {"recovery_spacing": {"mode": "soft", "weight": 50}},
        }
    )
    program = hamopt.solve(scenario)
    assert program.status == "optimal"
    spacing = next(r for r in program.rules if r.id == "recovery_spacing")
    assert spacing.penalty == 3 * 50
    assert program.solver is not None
    assert program.solver.objective == sum(r.penalty for r in program.rules)


# --- the Python API -----------------------------------------------------------------------


def test_python_api_solve_and_check() -> None:
    path = SCENARIOS / "quad_dominant_intermediate_full_gym.yaml"
    scenario = load_scenario(path)
    program = hamopt.solve(scenario)
    assert isinstance(program, Program)
    assert program.status == "optimal"
    reports = hamopt.check(program, scenario)
    assert reports and all(isinstance(r, RuleReport) for r in reports)
    assert all(r.satisfied for r in reports if r.mode == "hard")
    # Importing the submodules of the same names must not shadow the functions.
    importlib.import_module("hamopt.engine.solve")
    importlib.import_module("hamopt.engine.check")
    assert callable(hamopt.solve) and callable(hamopt.check)
    assert hamopt.solve(scenario).status == "optimal"


def test_python_api_check_flags_a_seed_program() -> None:
    scenario = load_scenario(SCENARIOS / "balanced_lifter.yaml")
    program = load_program(SCENARIOS / "programs" / "strengthlog_workout.yaml")
    reports = {r.id: r for r in hamopt.check(program, scenario)}
    assert not reports["flexion_before_extension"].satisfied
    assert "Romanian deadlift" in reports["flexion_before_extension"].message
    assert reports["equipment"].satisfied


def test_python_api_takes_a_rule_set_model_or_name() -> None:
    scenario = load_scenario(SCENARIOS / "infeasible_spacing.yaml")
    relaxed = RuleSet(
        name="no spacing",
        extends="default",
        rules={"recovery_spacing": RuleConfig(mode=Mode.off)},
    )
    program = hamopt.solve(scenario, relaxed)
    assert program.status == "optimal"
    assert "recovery_spacing" not in {r.id for r in program.rules if r.mode != "off"}
    assert hamopt.solve(scenario, "default").status == "infeasible"


# --- infeasible on purpose ------------------------------------------------------------------


def test_infeasible_spacing_names_the_rules_in_conflict() -> None:
    path = SCENARIOS / "infeasible_spacing.yaml"
    program = solved(path)
    assert program.status == "infeasible"
    assert program.weeks == []
    assert program.solver is not None and program.solver.objective is None
    ids = {c.id for c in program.conflict}
    assert {"recovery_spacing", "sessions_per_week"} <= ids
    assert all(c.message for c in program.conflict)


@pytest.mark.parametrize("path", INFEASIBLE, ids=lambda p: p.stem)
def test_every_infeasible_scenario_explains_itself(path: Path) -> None:
    program = solved(path)
    assert program.status == "infeasible"
    assert program.conflict


def test_proofs_drop_cg_cuts_and_the_canonical_pick_keeps_the_defaults(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # The cuts' setting is measured for proofs only (engine/solve.solver_for); the canonical
    # pick's parameters decide which equal optimum a user gets, so they stay CP-SAT's.
    import hamopt.engine.solve as engine_solve

    made: list[tuple[bool, bool]] = []  # (stops at the first solution, adds CG cuts)
    real = engine_solve.cp_model.CpSolver.solve

    def spy(self, model, *args, **kwargs):  # type: ignore[no-untyped-def]
        made.append((self.parameters.stop_after_first_solution, self.parameters.add_cg_cuts))
        return real(self, model, *args, **kwargs)

    monkeypatch.setattr(engine_solve.cp_model.CpSolver, "solve", spy)
    # The pick runs only where the narrow program is not at the optimum: make it so here.
    monkeypatch.setattr(engine_solve, "_narrow_at_optimum", lambda *_args, **_kw: (None, False))
    path = SCENARIOS / "quad_dominant_three_sessions.yaml"
    program = hamopt.solve(scenario_of(path), base_dir=path.parent)
    assert program.status == "optimal"
    picks = [cg for first, cg in made if first]
    proofs = [cg for first, cg in made if not first]
    assert picks == [True]  # one canonical solve, with the default cuts
    assert False in proofs  # the relaxation's narrow and full solves, without


def test_plan_proofs_use_the_sessions_symmetry_and_one_week_proofs_do_not(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # engine/solve._plan_search: a plan of several weekly templates keeps its sessions'
    # symmetry for CP-SAT to fold its LP and branches on the LP; a one-week model orders its
    # sessions instead (session_symmetry.py) and keeps the default search.
    import hamopt.engine.solve as engine_solve

    made: list[tuple[bool, bool, bool]] = []  # (a proof, folds the LP, branches on the LP)
    real = engine_solve.cp_model.CpSolver.solve

    def spy(self, model, *args, **kwargs):  # type: ignore[no-untyped-def]
        params = self.parameters
        lp_search = params.search_branching == engine_solve.cp_model.LP_SEARCH
        made.append((not params.add_cg_cuts, params.use_symmetry_in_lp, lp_search))
        return real(self, model, *args, **kwargs)

    monkeypatch.setattr(engine_solve.cp_model.CpSolver, "solve", spy)
    plan = SCENARIOS / "quad_dominant_12_week_correction_then_balance.yaml"
    assert hamopt.solve(scenario_of(plan), base_dir=plan.parent).status == "optimal"
    proofs = [(fold, lp) for proof, fold, lp in made if proof]
    assert proofs and all(fold and lp for fold, lp in proofs)
    made.clear()
    week = SCENARIOS / "balanced_lifter.yaml"
    assert hamopt.solve(scenario_of(week), base_dir=week.parent).status == "optimal"
    assert made and not any(fold or lp for _, fold, lp in made)


def test_the_one_week_bounded_proof_alone_presolves_once_without_symmetry(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # engine/solve._bounded_week_search: the proof whose program is never read (the one-week
    # relaxation bounded by the narrow cost) presolves once and skips the symmetry search;
    # the narrow solve, whose program is the answer, and a plan's proofs keep theirs.
    import hamopt.engine.solve as engine_solve

    made: list[tuple[int, int]] = []
    real = engine_solve.cp_model.CpSolver.solve

    def spy(self, model, *args, **kwargs):  # type: ignore[no-untyped-def]
        made.append((self.parameters.max_presolve_iterations, self.parameters.symmetry_level))
        return real(self, model, *args, **kwargs)

    monkeypatch.setattr(engine_solve.cp_model.CpSolver, "solve", spy)
    week = SCENARIOS / "quad_dominant_three_sessions.yaml"
    program = hamopt.solve(scenario_of(week), base_dir=week.parent)
    assert program.status == "optimal"
    assert made.count((1, 0)) == 1 and (2, 2) in made  # the bounded proof; the rest as before
    made.clear()
    plan = SCENARIOS / "quad_dominant_12_week_correction_then_balance.yaml"
    assert hamopt.solve(scenario_of(plan), base_dir=plan.parent).status == "optimal"
    assert made and (1, 0) not in made
