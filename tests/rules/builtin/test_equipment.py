"""equipment: only exercises whose every piece of equipment the scenario has."""

from __future__ import annotations

from pathlib import Path

from hamopt.inputs.loading import load_scenario
from hamopt.rules.testing import (
    catalog,
    ex,
    ids,
    instances,
    program,
    quad,
    rules,
    scenario,
    session,
    shipped_catalog,
    solve,
    total_penalty,
    verdicts,
    violations,
)

SCENARIOS = Path(__file__).resolve().parents[3] / "scenarios"

# A machine curl that beats the floor curl on every head, so the solver wants it.
CAT = catalog(
    ex("machine_curl", stim=(0.8, 0.9, 0.8, 0.8), equipment=["seated_leg_curl_machine"]),
    ex("floor_curl", stim=(0.5, 0.6, 0.5, 0.5)),
    ex("barbell_rdl", ("hip_extension",), (0.9, 0, 0.8, 0.8), equipment=["barbell"]),
    ex("bridge", ("hip_extension",), (0.4, 0, 0.3, 0.3)),
    quad("machine_squat", equipment=["hack_squat_machine", "resistance_band"]),
    quad("air_squat"),
)


def equipment_of(prog, cat) -> set[str]:  # type: ignore[no-untyped-def]
    by_id = cat.by_id()
    return {str(item) for i in ids(prog) for item in by_id[i].equipment}


# --- it bites -----------------------------------------------------------------------------


def test_without_equipment_the_solver_reaches_for_machines_and_with_it_does_not() -> None:
    sc = scenario(equipment=[])
    off = solve(sc, rules(equipment="off"), CAT)
    on = solve(sc, rules(), CAT)
    assert off.status == on.status == "optimal"
    assert {"machine_curl", "barbell_rdl"} <= ids(off)
    assert equipment_of(on, CAT) == set()
    assert ids(on) <= {"floor_curl", "bridge", "air_squat"}
    # What the rule-less program did is what the rule's checker names, item by item.
    assert {"no seated_leg_curl_machine", "no barbell"} <= instances(
        violations("equipment", off, sc, CAT)
    )
    assert violations("equipment", on, sc, CAT) == []


def test_a_single_item_opens_its_exercises() -> None:
    sc = scenario(equipment=["seated_leg_curl_machine"])
    prog = solve(sc, rules(), CAT)
    assert prog.status == "optimal"
    assert "machine_curl" in ids(prog)
    assert equipment_of(prog, CAT) == {"seated_leg_curl_machine"}


def test_the_shipped_bodyweight_scenario_uses_no_equipment_only_with_the_rule() -> None:
    sc = load_scenario(SCENARIOS / "bodyweight_only_traveller.yaml")
    cat = shipped_catalog()
    on = solve(sc, rules(), cat)
    off = solve(sc, rules(equipment="off"), cat)
    assert on.status == off.status == "optimal"
    assert equipment_of(on, cat) == set()
    assert equipment_of(off, cat) != set()


# --- the checker ----------------------------------------------------------------------------


def test_checker_keeps_a_program_within_the_equipment() -> None:
    sc = scenario(equipment=["seated_leg_curl_machine", "barbell"])
    prog = program(
        session("mon 18:00", ("machine_curl", 4, (8, 12)), ("barbell_rdl", 3, (6, 10))),
        session("wed 18:00", ("floor_curl", 4, (8, 12)), ("bridge", 3, (10, 15))),
    )
    assert violations("equipment", prog, sc, CAT) == []


def test_checker_names_each_missing_item_with_the_exercise_and_profile() -> None:
    sc = scenario(equipment="home_bands")
    prog = program(
        session("mon 18:00", ("machine_curl", 4, (8, 12)), ("machine_squat", 3, (8, 12))),
        session("wed 18:00", ("machine_curl", 4, (8, 12))),
    )
    found = violations("equipment", prog, sc, CAT)
    # One instance per item; the band the squat needs is there, the hack squat machine not.
    assert instances(found) == {"no seated_leg_curl_machine", "no hack_squat_machine"}
    curl = [v for v in found if v.instance == "no seated_leg_curl_machine"]
    assert len(curl) == 2  # both sessions named
    assert "Mon 18:00: Machine curl needs seated_leg_curl_machine" in curl[0].message
    assert "(home_bands)" in curl[0].message
    assert curl[1].message.startswith("Wed 18:00")


def test_checker_on_an_equipment_list_and_two_weeks() -> None:
    sc = scenario(equipment=["barbell"])
    prog = program(session("mon 18:00", ("machine_curl", 4, (8, 12))), weeks=2)
    found = violations("equipment", prog, sc, CAT)
    assert instances(found) == {
        "week 1, no seated_leg_curl_machine",
        "week 2, no seated_leg_curl_machine",
    }
    assert "(the list)" in found[0].message


# --- soft ---------------------------------------------------------------------------------


def test_soft_equipment_costs_its_weight_per_missing_item() -> None:
    # Nothing trains bf_short without a machine: the hard rule is infeasible, the soft one
    # buys exactly one item (the cheapest way) and pays its weight once.
    cat = catalog(
        ex("machine_curl", stim=(0.8, 0.9, 0.8, 0.8), equipment=["seated_leg_curl_machine"]),
        ex("cable_curl", stim=(0.8, 0.9, 0.8, 0.8), equipment=["cable_station"]),
        ex("bridge", ("hip_extension",), (0.5, 0, 0.5, 0.5)),
        quad("air_squat"),
    )
    sc = scenario(equipment=[])
    assert solve(sc, rules(), cat).status == "infeasible"
    # Five sets a line free of charge, so the only price in play is the equipment's.
    free_fifth = {"params": {"preferred_max_sets_per_exercise": 5}}
    active = rules(equipment={"mode": "soft", "weight": 5}, volume_range=free_fifth)
    prog = solve(sc, active, cat)
    assert prog.status == "optimal"
    verdict = verdicts(prog, sc, active, cat)["equipment"]
    assert len(instances(verdict.violations)) == 1
    report = next(r for r in prog.rules if r.id == "equipment")
    assert (report.mode, report.satisfied, report.penalty) == ("soft", False, 5)
    assert prog.solver is not None
    assert prog.solver.objective == total_penalty(prog, sc, active, cat)
