"""no_squat_credit: squat patterns never count as hamstring work, whatever a catalog says."""

from __future__ import annotations

from hamopt.domain.models import ProgramExercise, ProgramSession, RuleConfig, RuleSet
from hamopt.rules.contract import ActiveRule
from hamopt.rules.ruleset import resolve
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
    verdicts,
)


def with_rule() -> list[ActiveRule]:
    return rules() + resolve(RuleSet(name="t", rules={"no_squat_credit": RuleConfig()}))


# A custom catalog's mistake: a "hamstring" squat with generous head credit, cheaper for the
# solver than honest hamstring work, and a quad squat claiming a little bf_long.
CLAIMED = ex("hamstring_squat", ("squat", "hip_extension"), (0.9, 0, 0.9, 0.9))
QUAD_CLAIM = ex("zercher_squat", ("squat",), (0.3, 0, 0, 0), region="quads")
CAT = catalog(
    ex("curl", stim=(0.6, 0.8, 0.6, 0.6)),
    ex("hinge", ("hip_extension",), (0.6, 0, 0.6, 0.6)),
    CLAIMED,
    QUAD_CLAIM,
    quad("squat"),
    quad("lunge"),
)


def test_without_the_rule_the_squat_buys_hamstring_volume_and_with_it_it_cannot() -> None:
    sc = scenario()
    off = solve(sc, rules(), CAT)
    on = solve(sc, with_rule(), CAT)
    assert off.status == on.status == "optimal"
    assert "hamstring_squat" in ids(off)
    assert not {"hamstring_squat", "zercher_squat"} & ids(on)
    found = verdicts(off, sc, with_rule(), CAT)["no_squat_credit"].violations
    assert "credit: hamstring_squat" in instances(found)
    assert all("Kubo" in v.message and "region quads" in v.message for v in found)


def test_the_shipped_catalog_is_untouched() -> None:
    sc = scenario()
    cat = shipped_catalog()
    assert solve(sc, with_rule(), cat).weeks == solve(sc, rules(), cat).weeks


def test_checker_flags_the_catalogs_claim_and_a_programs_own_count() -> None:
    sc = scenario()
    claimed = program(session("mon 18:00", ("curl", 3, (8, 12)), ("zercher_squat", 3, (8, 12))))
    found = verdicts(claimed, sc, with_rule(), CAT)["no_squat_credit"].violations
    assert instances(found) == {"credit: zercher_squat"}
    assert "bf_long 0.3" in found[0].message
    # An honest squat is fine, unless the program itself labels it hamstring work.
    honest = program(session("mon 18:00", ("curl", 3, (8, 12)), ("squat", 3, (8, 12))))
    assert verdicts(honest, sc, with_rule(), CAT)["no_squat_credit"].violations == []
    labelled = ProgramSession(
        day="mon",
        time="18:00",
        exercises=[
            ProgramExercise(id="squat", sets=3, reps=(8, 12), region="hamstrings"),
            ProgramExercise(id="lunge", sets=3, reps=(8, 12), heads=["bf_long"]),
        ],
    )
    found = verdicts(program(labelled), sc, with_rule(), CAT)["no_squat_credit"].violations
    assert instances(found) == {"credit: squat", "credit: lunge"}
    assert all("the program counts it" in v.message for v in found)


def test_justify_and_describe() -> None:
    from hamopt.rules.builtin.no_squat_credit import RULE, NoSquatCreditParams
    from hamopt.rules.check_context import CheckContext
    from hamopt.rules.contract import DescribeContext

    sc, params = scenario(), NoSquatCreditParams()
    prog = program(session("mon 18:00", ("curl", 3, (8, 12)), ("squat", 3, (8, 12))))
    text = RULE.justify(prog, CheckContext.build(sc, CAT), params)  # type: ignore[misc]
    assert text == "Squat counts as quad work only; kept out: Hamstring squat and Zercher squat"
    dctx = DescribeContext(sc, CAT, tuple(sc.schedule.slots))
    said = RULE.describe("credit: zercher_squat", dctx, params)  # type: ignore[misc]
    assert "bf_long 0.3" in said and "Kubo" in said
