"""explain/report.py: the totals of a plan are every week's, not week 1's."""

from __future__ import annotations

from hamopt.domain.models import Program, ProgramWeek
from hamopt.explain.report import totals_lines


def week_totals(week: int, ham: int) -> dict[str, object]:
    return {"week": week, "hamstring_sets": ham, "quad_sets": 12, "ratio": round(ham / 12, 2),
            "head_sets": {"bf_short": 7.2}, "hours_between_sessions": [72.0, 96.0]}  # fmt: skip


def plan(*ham: int) -> Program:
    per_week = [week_totals(w, h) for w, h in enumerate(ham, start=1)]
    first = {k: v for k, v in per_week[0].items() if k != "week"}
    return Program(
        weeks=[ProgramWeek(week=w, sessions=[]) for w in range(1, len(ham) + 1)],
        totals={**first, "per_week": per_week},
    )


def test_a_plan_gives_each_weeks_totals_once_per_wording() -> None:
    # It printed week 1's alone: "hamstring sets 14" for a plan whose weeks 2-10 hold 15.
    lines = totals_lines(plan(14, 15, 15, 15))
    assert lines[0] == "Totals:"
    assert lines[1].startswith("  week 1: hamstring sets 14, quad sets 12")
    assert lines[2].startswith("  weeks 2-4: hamstring sets 15, quad sets 12")
    assert len(lines) == 3


def test_weeks_alike_keep_the_one_line() -> None:
    (line,) = totals_lines(plan(14, 14, 14))
    assert line.startswith("Totals: hamstring sets 14, quad sets 12, ratio 1.17:1; ")
    assert line.endswith("hours between sessions: 72, 96")
