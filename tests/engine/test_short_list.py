"""The short list of the narrow first solve (hamopt/engine/short_list.py): priced by the
objective, per job, named exercises always on it, and never a different optimum."""

from __future__ import annotations

from pathlib import Path

import pytest

import hamopt.engine.narrow as narrow_module
from hamopt.api.solving import solve_scenario
from hamopt.domain.catalog import catalog_for
from hamopt.domain.models import Scenario
from hamopt.engine.dominated import named_by_id
from hamopt.engine.short_list import beyond_short_list, job, set_prices
from hamopt.engine.solve import SolveOptions, build_model
from hamopt.inputs.loading import load_scenario
from hamopt.rules.ruleset import active_rules
from hamopt.rules.testing import scenario

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def _intermediate(**extra: object) -> Scenario:
    return scenario(
        ("mon 18:00", "thu 18:00"),
        sessions=2,
        athlete={"experience": "intermediate", "goals": ["hypertrophy"]},
        **extra,
    )


def _short_list(sc: Scenario) -> tuple[set[str], dict[str, tuple[int, int]]]:
    active = active_rules(sc, None)
    cat = catalog_for(sc)
    full = build_model(sc, cat, active, SolveOptions())
    prices = set_prices(full)[0]
    return set(prices) - beyond_short_list(full, sc, cat, active), prices


def test_jobs_are_region_and_function() -> None:
    by_id = catalog_for(_intermediate()).by_id()
    assert job(by_id["seated_leg_curl"]) != job(by_id["romanian_deadlift"])
    assert job(by_id["seated_leg_curl"]) == job(by_id["lying_leg_curl"])
    assert job(by_id["band_squat"]) == job(by_id["dumbbell_split_squat"])


def test_the_price_is_what_the_objective_charges_for_a_set() -> None:
    # A band squat where a loadable squat does the job costs exercise_fit's 20 x 50 a set
    # more than a dumbbell split squat (both: a unit a set for the tie-break, no stimulus).
    _, prices = _short_list(_intermediate())
    band, split = prices["band_squat"], prices["dumbbell_split_squat"]
    assert band[0] - split[0] == 1000


def test_each_job_keeps_as_many_of_its_cheapest_as_the_week_has_sessions() -> None:
    sc = _intermediate()
    kept, prices = _short_list(sc)
    cat = catalog_for(sc)
    by_id = cat.by_id()
    named = named_by_id(sc, cat, active_rules(sc, None))  # the Nordics a rule reads by id
    for exercise_job in {job(by_id[i]) for i in prices}:
        members = sorted(
            (prices[i], i) for i in prices if job(by_id[i]) == exercise_job
            and set(by_id[i].equipment) <= sc.equipment_set()
        )  # fmt: skip
        cheapest = {i for _, i in members[:2]}  # two sessions
        assert {i for _, i in members if i in kept} == cheapest | (named & {i for _, i in members})
    assert "band_squat" not in kept


def test_a_plan_of_several_templates_has_no_short_list() -> None:
    sc = _intermediate(
        phase="correction",
        phases=[{"phase": "correction", "weeks": 2}, {"phase": "balanced", "weeks": 2}],
        weeks=4,
    )
    kept, prices = _short_list(sc)
    assert kept == set(prices)


def test_an_exercise_the_scenario_names_is_always_on_the_list() -> None:
    sc = _intermediate(preferences={"include": ["band_squat"]})
    kept, _ = _short_list(sc)
    assert "band_squat" in kept


@pytest.mark.parametrize(
    "name",
    [
        "quad_dominant_three_sessions",
        "sprinter_injury_prevention",
        "tight_schedule_early_late",
        "knee_pain_cannot_kneel",
    ],
)
def test_the_short_list_never_changes_the_optimum(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    sc = load_scenario(SCENARIOS / f"{name}.yaml")
    active = active_rules(sc, None)

    def solved() -> tuple[str, float | None, float | None]:
        program = solve_scenario(sc, active, options=SolveOptions())
        assert program.solver is not None
        return program.status, program.solver.objective, program.solver.quality

    with_list = solved()
    monkeypatch.setattr(narrow_module, "beyond_short_list", lambda *args: frozenset())
    assert solved() == with_list
    assert with_list[0] == "optimal"
