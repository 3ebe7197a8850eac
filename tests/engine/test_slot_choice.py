"""Slots chosen before exercises (hamopt/engine/slot_choice.py): when it applies, what it picks, and
that it never changes the best program."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from hamopt.domain.catalog import catalog_for
from hamopt.domain.models import Mode
from hamopt.engine.slot_choice import choose_slots, pinned_scenario, slots_are_interchangeable
from hamopt.inputs.loading import load_scenario
from hamopt.rules.contract import ActiveRule, Params, Rule, SlotUse, Violation
from hamopt.rules.registry import BUILTIN_MODULES, get_rule
from hamopt.rules.ruleset import active_rules
from hamopt.rules.testing import basic_catalog, only, rules, scenario, solve

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
DAILY = [f"{d} 18:00" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")]


def labels(slots: list | None) -> list[str]:
    assert slots is not None
    return [s.label for s in slots]


def session_days(program) -> list[str]:
    return [s.day for s in program.weeks[0].sessions]


# --- when the slots may be chosen first ---------------------------------------------------


def test_every_builtin_rule_says_how_it_reads_slots() -> None:
    # A builtin left at the default `any` would silently put every solve back on the slow
    # model over all slots; only recovery_spacing decides which slots may hold sessions.
    uses = {name: get_rule(name).slot_use for name in BUILTIN_MODULES}
    assert SlotUse.any not in uses.values()
    assert [rid for rid, use in uses.items() if use is SlotUse.schedule] == ["recovery_spacing"]


def test_default_rules_let_the_slots_be_chosen_first() -> None:
    assert slots_are_interchangeable(rules(), scenario())


def test_a_soft_schedule_rule_keeps_every_slot_open() -> None:
    # Its penalty depends on which slots hold sessions, so no slot set is as good as another.
    assert not slots_are_interchangeable(rules(recovery_spacing={"mode": "soft"}), scenario())
    assert slots_are_interchangeable(rules(recovery_spacing="off"), scenario())


def no_monday_rule(slot_use: SlotUse) -> ActiveRule:
    """A plugin-style rule that cares which slot is which: no session on Monday."""

    def encode(ctx, params) -> None:  # type: ignore[no-untyped-def]
        for s, slot in enumerate(ctx.slots):
            if slot.day == "mon":
                ctx.model.add(ctx.used[s] == 0).only_enforce_if(ctx.guard(slot.label))

    def check(program, ctx, params) -> list[Violation]:  # type: ignore[no-untyped-def]
        return [
            Violation("no_monday", s.label, f"{s.label} is a Monday")
            for w in program.weeks
            for s in w.sessions
            if s.day == "mon"
        ]

    rule = Rule("no_monday", "No sessions on Monday.", Params, encode, check)
    return ActiveRule(replace(rule, slot_use=slot_use), Mode.hard, 1000, Params())


def test_a_rule_that_reads_the_day_keeps_every_slot_open() -> None:
    sc = scenario(("mon 18:00", "wed 18:00", "fri 18:00"), sessions=2)
    plugin = no_monday_rule(SlotUse.any)  # what a plugin gets without declaring anything
    assert not slots_are_interchangeable([*rules(), plugin], sc)
    program = solve(sc, [*rules(), plugin], basic_catalog())
    assert program.status == "optimal"
    assert session_days(program) == ["wed", "fri"]


def test_the_declaration_is_what_keeps_the_slots_open() -> None:
    # The same rule wrongly declared slot-blind: the spread choice takes Monday and Friday
    # first, and the week cannot be built. This is the failure `any` exists to prevent.
    sc = scenario(("mon 18:00", "wed 18:00", "fri 18:00"), sessions=2)
    lying = no_monday_rule(SlotUse.none)
    assert solve(sc, [*rules(), lying], basic_catalog(), relax=False).status == "infeasible"


# --- what it picks ------------------------------------------------------------------------


def test_sessions_are_spread_as_evenly_as_the_slots_allow() -> None:
    sc = scenario(DAILY, sessions=3)
    assert labels(choose_slots(sc, basic_catalog(), rules())) == [
        "Mon 18:00",
        "Wed 18:00",
        "Fri 18:00",
    ]
    sc = scenario(DAILY, sessions=2)  # 72/96 h beats 48/120 h
    assert labels(choose_slots(sc, basic_catalog(), rules())) == ["Mon 18:00", "Thu 18:00"]


def test_the_spread_reads_clock_time_and_wraps_the_week() -> None:
    # Sun 20:00 -> Mon 08:00 is 12 h; Mon 08:00 and Thu 20:00 (84 h / 84 h) spread best.
    sc = scenario(("mon 08:00", "tue 08:00", "thu 20:00", "sun 20:00"), sessions=2)
    assert labels(choose_slots(sc, basic_catalog(), rules())) == ["Mon 08:00", "Thu 20:00"]


def test_the_schedule_rules_bound_the_choice() -> None:
    # The widest spread meets any spacing some slot set meets, so a schedule rule decides
    # only whether there is a choice at all: 84 h is the most two of these slots allow.
    sc = scenario(("mon 08:00", "tue 18:00", "thu 20:00", "fri 08:00"), sessions=2)
    strict = rules(recovery_spacing={"params": {"min_hours": 84}})
    assert labels(choose_slots(sc, basic_catalog(), strict)) == ["Mon 08:00", "Thu 20:00"]
    impossible = rules(recovery_spacing={"params": {"min_hours": 85}})
    assert choose_slots(sc, basic_catalog(), impossible) is None
    # ... and then the solver keeps the full model, which finds and explains the conflict.
    assert pinned_scenario(sc, basic_catalog(), impossible) is None
    program = solve(sc, impossible, basic_catalog(), relax=False)
    assert program.status == "infeasible"
    assert "recovery_spacing" in {item.id for item in program.conflict}


def test_no_choice_when_every_slot_is_needed() -> None:
    sc = scenario(("mon 18:00", "thu 18:00"), sessions=2)
    assert pinned_scenario(sc, basic_catalog(), rules()) is None


def test_the_program_lands_on_the_chosen_slots_and_is_checked_against_all_of_them() -> None:
    sc = scenario(DAILY, sessions=3)
    program = solve(sc, rules(), basic_catalog())
    assert program.status == "optimal"
    assert session_days(program) == ["mon", "wed", "fri"]
    assert all(r.satisfied for r in program.rules if r.mode is Mode.hard)


# --- it never changes the best program ----------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "balanced_lifter",
        "home_bands_only",
        "knee_pain_cannot_kneel",
        "low_back_pain",
        "tight_schedule_early_late",
        "weaker_left_leg",
    ],
)
def test_same_optimum_as_the_model_over_all_slots(name: str) -> None:
    path = SCENARIOS / f"{name}.yaml"
    sc = load_scenario(path)
    active = active_rules(sc, base_dir=path.parent)
    cat = catalog_for(sc)
    assert pinned_scenario(sc, cat, active) is not None, "the scenario must offer a choice"
    fast = solve(sc, active, cat)
    full = solve(sc, active, cat, choose_slots_first=False)
    assert fast.status == full.status == "optimal"
    # The rule penalties, the quality terms, then the tie-break (sets): the whole objective.
    assert fast.solver.objective == full.solver.objective
    assert fast.solver.quality == full.solver.quality
    assert fast.totals["hamstring_sets"] == full.totals["hamstring_sets"]
    assert fast.totals["quad_sets"] == full.totals["quad_sets"]


def test_same_optimum_with_few_rules_on_a_small_catalog() -> None:
    sc = scenario(DAILY, sessions=3)
    active = only("head_coverage", "volume_range", "recovery_spacing", "flexion_before_extension")
    fast = solve(sc, active, basic_catalog())
    full = solve(sc, active, basic_catalog(), choose_slots_first=False)
    assert fast.status == full.status == "optimal"
    assert fast.solver.objective == full.solver.objective
    # head_coverage's goal is a quality term: equal quality, not equal head sets (programs of
    # equal worth may spread the stimulus differently).
    assert fast.solver.quality == full.solver.quality
    for key in ("hamstring_sets", "quad_sets"):
        assert fast.totals[key] == full.totals[key]
