"""session_structure: each session a curl, a hinge and a quad exercise (the seeds' A/B/C)."""

from __future__ import annotations

from hamopt.domain.catalog import default_catalog
from hamopt.domain.models import Mode, RuleConfig, RuleSet
from hamopt.engine.compile import compile_model
from hamopt.engine.solve import SolveOptions, solver_for
from hamopt.rules.contract import ActiveRule
from hamopt.rules.ruleset import resolve
from hamopt.rules.testing import SEED_RULES, program, scenario, session, solve, verdicts

BY_ID = default_catalog().by_id()


def seeds_plus_structure(mode: str = "soft") -> list[ActiveRule]:
    layer = {"session_structure": RuleConfig(mode=Mode(mode), weight=200)}
    resolved = resolve(RuleSet(name="t", extends="default", rules=layer))
    return [a for a in resolved if a.id in (*SEED_RULES, "session_structure")]


def parts(session_ids: list[str]) -> set[str]:
    found = set()
    for i in session_ids:
        e = BY_ID[i]
        if e.is_hamstring and e.is_knee_flexion:
            found.add("knee flexion")
        if e.is_hamstring and e.is_hip_extension:
            found.add("hip extension")
        if e.is_quad:
            found.add("quads")
    return found


SC = scenario(("mon 18:00", "thu 18:00"), 2, phase="correction")


def _best_without_quads_on_monday(active: list[ActiveRule]) -> tuple[str, int]:
    """The best week whose Monday session holds no quad exercise: status and penalties."""
    compiled = compile_model(SC, default_catalog(), active)
    monday = [c.present for c in compiled.ctx.in_slot(0) if c.exercise.is_quad]
    compiled.model.add(sum(monday) == 0)
    solver = solver_for(SolveOptions())
    code = solver.solve(compiled.model)
    return solver.status_name(code), compiled.penalties(solver.objective_value)


def test_the_rule_bites_every_session_gets_all_three_parts() -> None:
    without_rule = [a for a in seeds_plus_structure("off") if a.id != "session_structure"]
    without = solve(SC, without_rule)
    with_rule = solve(SC, seeds_plus_structure())
    assert without.status == with_rule.status == "optimal"
    assert without.solver is not None and without.solver.objective == 0
    # Without the rule a week with a session short of a part (no quads on Monday) keeps every
    # rule; with it, that week costs the rule's weight.
    assert _best_without_quads_on_monday(without_rule) == ("OPTIMAL", 0)
    status, cost = _best_without_quads_on_monday(seeds_plus_structure())
    assert status == "OPTIMAL" and cost > 0
    for s in with_rule.weeks[0].sessions:
        assert parts([e.id for e in s.exercises]) == {"knee flexion", "hip extension", "quads"}
    assert with_rule.solver is not None and with_rule.solver.objective == 0


def test_checker_keeps_the_seed_shape_and_names_each_missing_part() -> None:
    good = program(
        session(
            "mon 18:00",
            ("standing_leg_curl", 3, (6, 8)),
            ("incline_back_extension", 3, (10, 12)),
            ("dumbbell_split_squat", 3, (8, 10)),
        ),
    )
    bad = program(
        session("mon 18:00", ("seated_leg_curl", 3, (8, 12)), ("lying_leg_curl", 3, (12, 20)))
    )
    sc = scenario(("mon 18:00",), 1)
    active = seeds_plus_structure()
    assert verdicts(good, sc, active)["session_structure"].violations == []
    broken = verdicts(bad, sc, active)["session_structure"]
    assert sorted(v.instance for v in broken.violations) == [
        "Mon 18:00: hip extension",
        "Mon 18:00: quads",
    ]
    assert "no hip extension exercise" in broken.violations[0].message
    # Soft: 200 per missing part.
    assert broken.penalty == 400


def test_a_dual_action_exercise_serves_both_hamstring_parts() -> None:
    ghr = program(session("mon 18:00", ("glute_ham_raise", 3, (6, 8)), ("leg_press", 3, (8, 12))))
    assert (
        verdicts(ghr, scenario(("mon 18:00",), 1), seeds_plus_structure())[
            "session_structure"
        ].violations
        == []
    )


def test_multi_week_instances_carry_the_week() -> None:
    bad = program(session("mon 18:00", ("seated_leg_curl", 3, (8, 12))), weeks=2)
    found = verdicts(bad, scenario(("mon 18:00",), 1, weeks=2), seeds_plus_structure())
    assert {v.instance for v in found["session_structure"].violations} == {
        "week 1, Mon 18:00: hip extension",
        "week 1, Mon 18:00: quads",
        "week 2, Mon 18:00: hip extension",
        "week 2, Mon 18:00: quads",
    }


def test_switched_off_parts_are_not_asked_for() -> None:
    layer = {"session_structure": RuleConfig(mode=Mode.soft, params={"quads": False})}
    active = [
        a
        for a in resolve(RuleSet(name="t", extends="default", rules=layer))
        if a.id == "session_structure"
    ]
    only_curl_and_hinge = program(
        session("mon 18:00", ("seated_leg_curl", 3, (8, 12)), ("romanian_deadlift", 3, (6, 8)))
    )
    assert (
        verdicts(only_curl_and_hinge, scenario(("mon 18:00",), 1), active)[
            "session_structure"
        ].violations
        == []
    )
