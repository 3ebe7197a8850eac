"""nordic_for_prevention: Nordics at Petersen's weekly dose, a level-right variant, or the
nearest substitute, for athletes training for injury prevention or a sprint sport."""

from __future__ import annotations

from typing import Any

from hamopt.domain.models import Exercise, Program, RuleConfig, RuleSet, Scenario
from hamopt.rules.builtin.nordic_for_prevention import (
    NordicParams,
    applies,
    nearest_substitute,
    plan_for,
)
from hamopt.rules.contract import ActiveRule
from hamopt.rules.ruleset import resolve
from hamopt.rules.testing import (
    catalog,
    ex,
    ids,
    instances,
    program,
    rules,
    scenario,
    session,
    shipped_catalog,
    solve,
    verdicts,
)

NORDICS = ("nordic_hamstring_curl", "eccentric_nordic", "band_assisted_nordic")


def with_rule(**params: Any) -> list[ActiveRule]:
    config = RuleConfig(params=params)
    return rules() + resolve(RuleSet(name="t", rules={"nordic_for_prevention": config}))


def _shipped(*ex_ids: str):  # type: ignore[no-untyped-def]
    by_id = shipped_catalog().by_id()
    return [by_id[i].model_copy(update={"progresses_to": None}) for i in ex_ids]


# The real Nordic family, glute-ham raise and ball curl, a strong plain curl the solver would
# rather use, a hinge and two quad exercises.
CAT = catalog(
    *_shipped(*NORDICS, "glute_ham_raise", "stability_ball_leg_curl"),
    ex("curl", stim=(0.9, 0.9, 0.9, 0.9)),
    ex("hinge", ("hip_extension",), (0.9, 0, 0.8, 0.8)),
    *_shipped("leg_press", "goblet_squat"),
)
GYM = [
    "nordic_anchor", "resistance_band", "glute_ham_developer", "stability_ball",
    "leg_press_machine", "kettlebell",
]  # fmt: skip


def athlete(level: str = "advanced", equipment: list[str] | None = None, **more: Any) -> Scenario:
    data = {"experience": level, "goals": ["injury_prevention"], **more}
    return scenario(athlete=data, equipment=GYM if equipment is None else equipment)


def sets_of(prog: Program, *ex_ids: str) -> int:
    return sum(ln.sets for s in prog.weeks[0].sessions for ln in s.exercises if ln.id in ex_ids)


# --- who it applies to --------------------------------------------------------------------


def test_it_applies_to_injury_prevention_and_sprint_sports_only() -> None:
    params = NordicParams()
    assert applies(scenario(athlete={"goals": ["injury_prevention"]}), params)
    for sport in ("sprinting", "Rugby union", "track and field", "soccer (winger)"):
        assert applies(scenario(athlete={"sport": sport}), params), sport
    assert not applies(scenario(athlete={"sport": "swimming"}), params)
    assert not applies(scenario(athlete={"goals": ["hypertrophy"]}), params)


# --- it bites -----------------------------------------------------------------------------


def test_an_advanced_athlete_gets_the_weekly_nordic_dose() -> None:
    sc = athlete("advanced")
    off = solve(sc, rules(), CAT)
    on = solve(sc, with_rule(), CAT)
    assert off.status == on.status == "optimal"
    assert sets_of(off, *NORDICS) == 0
    assert sets_of(on, "nordic_hamstring_curl", "eccentric_nordic") >= 3
    found = verdicts(off, sc, with_rule(), CAT)["nordic_for_prevention"].violations
    assert instances(found) == {"weekly dose"} and "Petersen" in found[0].message
    nordic_lines = [ln for s in on.weeks[0].sessions for ln in s.exercises if ln.id in NORDICS]
    for ln in nordic_lines:
        assert 5 <= ln.reps[0] and ln.reps[1] <= 12 and ln.sets <= 3
        assert "Petersen" in (ln.notes or "") and "van Dyk" in (ln.notes or "")


def test_a_beginner_gets_an_assisted_or_eccentric_only_variant() -> None:
    sc = athlete("beginner")
    prog = solve(sc, with_rule(), CAT)
    assert prog.status == "optimal"
    # A beginner's one-week program is their first week: Petersen's 2 sets, not the 3 of the
    # maintenance dose.
    assert sets_of(prog, "band_assisted_nordic", "eccentric_nordic") == 2
    assert "nordic_hamstring_curl" not in ids(prog)
    # A beginner's full Nordic is named as too hard.
    hand = program(session("mon 18:00", ("nordic_hamstring_curl", 3, (6, 8))))
    found = verdicts(hand, sc, with_rule(), CAT)["nordic_for_prevention"].violations
    assert "variant nordic_hamstring_curl" in instances(found)
    assert "weekly dose" in instances(found)  # the full Nordic is not a beginner's dose


def test_no_anchor_means_the_nearest_substitute_and_the_program_says_so() -> None:
    equipment = [e for e in GYM if e != "nordic_anchor"]
    sc = athlete("advanced", equipment)
    prog = solve(sc, with_rule(), CAT)
    assert prog.status == "optimal"
    assert not set(NORDICS) & ids(prog)
    assert sets_of(prog, "glute_ham_raise") >= 3  # semitendinosus 0.92, the highest left
    notes = [ln.notes for s in prog.weeks[0].sessions for ln in s.exercises if ln.notes]
    assert any("Nordic substitute" in n and "no nordic_anchor" in n for n in notes)


def test_cannot_kneel_also_means_the_substitute() -> None:
    # The glute-ham raise is advanced work (catalog), so an intermediate who cannot kneel
    # gets the nearest curl within reach; an advanced one gets the glute-ham raise.
    sc = athlete("intermediate", contraindications=["cannot_kneel"])
    plan = plan_for(sc, CAT, NordicParams())
    assert plan.substitute is not None and plan.substitute.id == "curl"
    assert "cannot kneel" in plan.why_substitute
    kneel = ["cannot_kneel"]
    advanced = plan_for(athlete("advanced", contraindications=kneel), CAT, NordicParams())
    assert advanced.substitute is not None and advanced.substitute.id == "glute_ham_raise"


def _curl(ex_id: str, stim: tuple[float, ...], level: str) -> Exercise:
    return Exercise.model_validate({**ex(ex_id, stim=stim).model_dump(), "difficulty": level})


def test_the_substitute_is_chosen_by_semitendinosus_then_its_share_then_level() -> None:
    family = NordicParams().family()
    cat = catalog(
        _curl("even_curl", (0.7, 0.7, 0.7, 0.7), "beginner"),
        _curl("st_biased_curl", (0.5, 0.5, 0.7, 0.5), "beginner"),
        _curl("weak_curl", (0.6, 0.6, 0.6, 0.6), "beginner"),
        ex("hinge", ("hip_extension",), (0.9, 0, 0.95, 0.9)),  # no knee flexion: never
    )
    beginner, advanced = athlete("beginner", []), athlete("advanced", [])
    assert nearest_substitute(beginner, cat, family).id == "st_biased_curl"  # type: ignore[union-attr]
    # An advanced curl with more semitendinosus loses to one a beginner can do ...
    cat = catalog(*cat.exercises, _curl("hard_curl", (0.9, 0.9, 0.95, 0.9), "advanced"))
    assert nearest_substitute(beginner, cat, family).id == "st_biased_curl"  # type: ignore[union-attr]
    # ... and wins for an advanced athlete.
    assert nearest_substitute(advanced, cat, family).id == "hard_curl"  # type: ignore[union-attr]


def test_nothing_changes_for_an_athlete_it_does_not_apply_to() -> None:
    sc = scenario(athlete={"goals": ["hypertrophy"]}, equipment=GYM)
    assert solve(sc, with_rule(), CAT).weeks == solve(sc, rules(), CAT).weeks


# --- the checker on hand-made programs ----------------------------------------------------


def test_checker_dose_session_cap_and_reps() -> None:
    sc = athlete("advanced")
    active = with_rule()
    good = program(
        session("mon 18:00", ("nordic_hamstring_curl", 3, (8, 10)), ("curl", 3, (8, 12))),
    )
    assert verdicts(good, sc, active, CAT)["nordic_for_prevention"].violations == []
    short = program(session("mon 18:00", ("nordic_hamstring_curl", 2, (8, 10))))
    too_much = program(session("mon 18:00", ("nordic_hamstring_curl", 4, (8, 10))))
    too_few_reps = program(session("mon 18:00", ("eccentric_nordic", 3, (3, 5))))
    assert instances(verdicts(short, sc, active, CAT)["nordic_for_prevention"].violations) == {
        "weekly dose"
    }
    assert instances(verdicts(too_much, sc, active, CAT)["nordic_for_prevention"].violations) == {
        "Mon 18:00"
    }
    assert instances(
        verdicts(too_few_reps, sc, active, CAT)["nordic_for_prevention"].violations
    ) == {"reps"}


def test_justify_and_describe() -> None:
    from hamopt.rules.builtin.nordic_for_prevention import RULE
    from hamopt.rules.check_context import CheckContext
    from hamopt.rules.contract import DescribeContext

    params = NordicParams()
    sc = athlete("advanced", [e for e in GYM if e != "nordic_anchor"])
    prog = program(session("mon 18:00", ("glute_ham_raise", 3, (6, 8))))
    text = RULE.justify(prog, CheckContext.build(sc, CAT), params)  # type: ignore[misc]
    assert text.startswith("Glute-ham raise 3 sets a week (at least 3)")
    assert "no nordic_anchor" in text
    dctx = DescribeContext(sc, CAT, tuple(sc.schedule.slots))
    said = RULE.describe("weekly dose", dctx, params)  # type: ignore[misc]
    assert "injury_prevention" in said and "Glute-ham raise" in said and "Petersen" in said
    other = scenario(athlete={"goals": ["hypertrophy"]})
    assert "does not apply" in RULE.justify(prog, CheckContext.build(other, CAT), params)  # type: ignore[misc]


def test_a_deload_week_halves_the_nordic_dose() -> None:
    # volume_ramp's deload keeps the week before's lines at half their sets, Nordics too:
    # 3 maintenance sets become 2 that week, and the checker reads the week's mark.
    from hamopt.rules.builtin.nordic_for_prevention import Dose, deloaded

    assert deloaded(Dose(3, None, 3, False)) == Dose(2, None, 3, False)
    assert deloaded(Dose(4, 4, 2, True)) == Dose(2, 4, 2, True)
    sc = athlete("advanced")
    halved = program(session("mon 18:00", ("nordic_hamstring_curl", 2, (8, 10))))
    found = verdicts(halved, sc, with_rule(), CAT)["nordic_for_prevention"].violations
    assert instances(found) == {"weekly dose"}
    halved.weeks[0].set_extra("deload", True)
    assert verdicts(halved, sc, with_rule(), CAT)["nordic_for_prevention"].violations == []
