"""recovery_spacing: at least 48 h between any two hamstring sessions, round the week."""

from __future__ import annotations

from hamopt.domain.metrics import circular_gap
from hamopt.rules.testing import (
    basic_catalog,
    days,
    instances,
    program,
    rules,
    scenario,
    session,
    solve,
    total_penalty,
    verdicts,
    violations,
)

CAT = basic_catalog()
CURL = ("curl", 5, (8, 12))
HINGE = ("hinge", 2, (8, 12))
SQUAT = ("squat", 5, (8, 12))


def gaps(prog) -> list[float]:  # type: ignore[no-untyped-def]
    sessions = prog.weeks[0].sessions
    hours = [s.slot.hour_of_week for s in sessions]
    return [circular_gap(a, b) for i, a in enumerate(hours) for b in hours[i + 1 :]]


# --- it bites -----------------------------------------------------------------------------


def test_only_the_pair_48_h_apart_round_the_week_is_chosen() -> None:
    # Sat 18:00 -> Mon 12:00 is 42 h across the wrap, Mon -> Tue 24 h: only Tue + Sat
    # (66 h across the wrap, 102 h forwards) keeps 48 h. Without the wrap, Sat + Mon (114 h
    # forwards) would look fine.
    sc = scenario(["sat 18:00", "mon 12:00", "tue 12:00"], 2)
    on = solve(sc, rules(), CAT)
    assert on.status == "optimal"
    assert days(on) == ["tue 12:00", "sat 18:00"]
    assert min(gaps(on)) >= 48
    assert violations("recovery_spacing", on, sc, CAT) == []


def test_with_the_rule_off_sessions_land_closer_than_48_h() -> None:
    sc = scenario(["mon 18:00", "tue 18:00"], 2)
    off = solve(sc, rules(recovery_spacing="off"), CAT)
    assert off.status == "optimal"
    assert days(off) == ["mon 18:00", "tue 18:00"]
    assert gaps(off) == [24]
    # The program the rule-less solver made is exactly what the rule forbids.
    assert instances(violations("recovery_spacing", off, sc, CAT)) == {
        "between Mon 18:00 and Tue 18:00"
    }
    on = solve(sc, rules(), CAT)
    assert on.status == "infeasible"
    assert on.weeks == []
    assert "recovery_spacing" in {c.id for c in on.conflict}


def test_exactly_48_h_is_enough() -> None:
    sc = scenario(["mon 06:00", "wed 06:00"], 2)
    prog = solve(sc, rules(), CAT)
    assert prog.status == "optimal"
    assert gaps(prog) == [48]


def test_min_hours_is_a_parameter() -> None:
    sc = scenario(["mon 06:00", "wed 06:00", "fri 06:00"], 2)
    # 72 h: only Mon + Thu-or-later works; of these slots, Mon + Fri (96 h / 72 h round).
    prog = solve(sc, rules(recovery_spacing={"params": {"min_hours": 72}}), CAT)
    assert prog.status == "optimal"
    assert days(prog) == ["mon 06:00", "fri 06:00"]


# --- the checker ----------------------------------------------------------------------------


def test_checker_keeps_sessions_48_h_or_more_apart() -> None:
    sc = scenario(["mon 18:00", "wed 18:00", "fri 18:00"], 3)
    prog = program(
        session("mon 18:00", CURL, HINGE, SQUAT),
        session("wed 18:00", CURL, HINGE, SQUAT),
        session("fri 18:00", CURL, HINGE, SQUAT),
    )
    assert violations("recovery_spacing", prog, sc, CAT) == []


def test_checker_names_both_sessions_and_the_hours() -> None:
    sc = scenario(["mon 18:00", "tue 08:00"], 2)
    prog = program(session("tue 08:00", CURL), session("mon 18:00", CURL))
    [v] = violations("recovery_spacing", prog, sc, CAT)
    # Named earlier session first, whatever the order in the file.
    assert v.instance == "between Mon 18:00 and Tue 08:00"
    assert "14 h apart" in v.message
    assert "at least 48 h" in v.message


def test_checker_wraps_round_the_week() -> None:
    sc = scenario(["sun 18:00", "mon 18:00"], 2)
    prog = program(session("sun 18:00", CURL), session("wed 18:00", CURL))
    assert violations("recovery_spacing", prog, sc, CAT) == []  # Wed -> Sun 72 h, Sun -> Wed 72 h
    prog = program(session("mon 18:00", CURL), session("sun 18:00", CURL))
    [v] = violations("recovery_spacing", prog, sc, CAT)
    assert v.instance == "between Mon 18:00 and Sun 18:00"
    assert "24 h apart" in v.message


def test_checker_reports_every_close_pair_and_each_week() -> None:
    sc = scenario(["mon 08:00", "mon 18:00", "tue 08:00"], 3)
    one = program(
        session("mon 08:00", CURL), session("mon 18:00", CURL), session("tue 08:00", CURL)
    )
    assert instances(violations("recovery_spacing", one, sc, CAT)) == {
        "between Mon 08:00 and Mon 18:00",
        "between Mon 08:00 and Tue 08:00",
        "between Mon 18:00 and Tue 08:00",
    }
    two = program(session("mon 08:00", CURL), session("mon 18:00", CURL), weeks=2)
    assert instances(violations("recovery_spacing", two, sc, CAT)) == {
        "week 1, between Mon 08:00 and Mon 18:00",
        "week 2, between Mon 08:00 and Mon 18:00",
    }


def test_a_session_without_time_counts_from_noon() -> None:
    sc = scenario(["mon", "tue 18:00"], 2)
    prog = program(session("mon", CURL), session("tue 18:00", CURL))
    [v] = violations("recovery_spacing", prog, sc, CAT)
    assert "30 h apart" in v.message


def test_min_hours_parameter_reaches_the_checker() -> None:
    sc = scenario(["mon 18:00", "wed 18:00"], 2)
    prog = program(session("mon 18:00", CURL), session("wed 18:00", CURL))
    assert violations("recovery_spacing", prog, sc, CAT) == []
    strict = rules(recovery_spacing={"params": {"min_hours": 72}})
    [v] = violations("recovery_spacing", prog, sc, CAT, strict)
    assert "at least 72 h" in v.message


# --- soft ---------------------------------------------------------------------------------


def test_soft_spacing_costs_its_weight_per_close_pair() -> None:
    # Three sessions in Mon-Wed: some pairs must be close. The cheapest is two close pairs
    # (Mon 07 / Tue 19 / Wed 19 has 36 h, 24 h and 60 h).
    sc = scenario(["mon 07:00", "tue 19:00", "wed 19:00"], 3)
    active = rules(recovery_spacing={"mode": "soft", "weight": 7})
    prog = solve(sc, active, CAT)
    assert prog.status == "optimal"
    verdict = verdicts(prog, sc, active, CAT)["recovery_spacing"]
    broken = instances(verdict.violations)
    assert broken == {"between Mon 07:00 and Tue 19:00", "between Tue 19:00 and Wed 19:00"}
    report = next(r for r in prog.rules if r.id == "recovery_spacing")
    assert report.mode == "soft" and not report.satisfied
    assert report.penalty == 7 * len(broken)
    assert prog.solver is not None
    assert prog.solver.objective == total_penalty(prog, sc, active, CAT)
