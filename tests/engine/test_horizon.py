"""Multi-week plans (issue 8): phases in the scenario, one weekly template per segment."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from pydantic import ValidationError

import hamopt
from hamopt.domain.models import Phase, Scenario
from hamopt.engine.horizon import segments
from hamopt.inputs.loading import load_scenario
from hamopt.io.errors import InputError

BASE = {
    "name": "t",
    "schedule": {
        "sessions_per_week": 2,
        "slots": [{"day": "mon", "time": "18:00"}, {"day": "thu", "time": "18:00"}],
    },
}
TWO = [{"phase": "correction", "weeks": 3}, {"phase": "balanced", "weeks": 2}]


def scenario(**extra: object) -> Scenario:
    return Scenario.model_validate({**BASE, **extra})


def test_phases_give_the_horizon_and_the_first_phase() -> None:
    s = scenario(phases=TWO)
    assert s.weeks == 5 and s.phase is Phase.correction
    assert s.phase_plan() == [(Phase.correction, 3), (Phase.balanced, 2)]
    assert scenario(phases=TWO, weeks=5, phase="correction").weeks == 5
    # The one-phase shorthand is unchanged.
    assert scenario(phase="correction", weeks=4).phase_plan() == [(Phase.correction, 4)]


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ({"weeks": 6}, "phases add up to 5"),
        ({"phase": "balanced"}, "the phases start with correction"),
        ({"phases": [{"phase": "correction", "weeks": 60}] * 2}, "at most 104"),
        ({"phases": [{"phase": "bulking", "weeks": 2}]}, "phase"),
    ],
)
def test_contradictory_phases_are_errors(extra: dict[str, object], words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        scenario(**{"phases": TWO, **extra})


def test_a_bad_phase_block_names_file_field_and_line(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            name: t
            phases:
              - {phase: correction, weeks: 3}
              - {phase: balanced, weeks: 0}
            schedule:
              sessions_per_week: 1
              slots: [{day: mon}]
            """
        )
    )
    with pytest.raises(InputError) as err:
        load_scenario(path)
    text = str(err.value)
    assert "s.yaml:4" in text and "phases" in text and "weeks" in text


def test_segments_follow_the_phases() -> None:
    segs = segments(scenario(phases=TWO))
    assert [(s.phase, s.first_week, s.weeks) for s in segs] == [
        (Phase.correction, 1, 3),
        (Phase.balanced, 4, 2),
    ]
    assert segs[1].label == "weeks 4-5"


def test_a_two_phase_plan_changes_ratio_at_the_boundary() -> None:
    program = hamopt.solve(scenario(phases=TWO))
    assert program.status == "optimal"
    assert [w.phase for w in program.weeks] == [Phase.correction] * 3 + [Phase.balanced] * 2
    per_week = program.totals["per_week"]
    assert all(w["ratio"] is None or w["ratio"] >= 2 for w in per_week[:3])
    assert all(0.8 <= w["ratio"] <= 1.2 for w in per_week[3:])
    # The same template all phase long; the checkers agree with the solver's objective.
    shapes = [
        [[(x.id, x.sets, x.reps) for x in s.exercises] for s in w.sessions] for w in program.weeks
    ]
    assert shapes[0] == shapes[2] and shapes[3] == shapes[4]
    assert all(r.satisfied for r in program.rules if r.mode == "hard")
    assert program.solver is not None
    assert program.solver.objective == sum(r.penalty for r in program.rules)
    assert program.solver.gap == 0.0


def test_an_infeasible_multi_week_plan_names_its_conflict() -> None:
    # Two sessions 24 h apart cannot keep recovery_spacing in any week; the relaxation search
    # works on one weekly template, so a plan of several gets the conflict without it.
    close = {
        "sessions_per_week": 2,
        "slots": [{"day": "mon", "time": "18:00"}, {"day": "tue", "time": "18:00"}],
    }
    program = hamopt.solve(scenario(phases=TWO, schedule=close))
    assert program.status == "infeasible"
    assert "recovery_spacing" in {c.id for c in program.conflict}


def test_the_table_groups_weeks_and_summarises_each_week() -> None:
    from hamopt.render.table import to_table

    text = to_table(hamopt.solve(scenario(phases=TWO)), width=200)
    assert "Weeks 1-3 (correction)" in text and "Weeks 4-5 (balanced)" in text
    assert "Week 2 " not in text  # grouped, not one table per week
    assert "Weekly targets" in text and "w1 " in text  # progression's rep targets
    summary = text.split("Per week", 1)[1]
    assert "Ham sets" in summary and "Ratio" in summary and "BFlh" in summary
    rows = [line for line in summary.splitlines() if line.startswith("│")]
    assert sum(1 for line in rows if "correction" in line) == 3 and len(rows) == 5


def test_a_two_year_plan_is_two_templates_and_keeps_every_hard_rule() -> None:
    # Issue "No cliffs": plans up to 104 weeks. Templates repeat within a phase, so two years
    # of correction then balance cost two weekly templates, not 104.
    long = [{"phase": "correction", "weeks": 26}, {"phase": "balanced", "weeks": 78}]
    program = hamopt.solve(scenario(phases=long))
    assert program.status == "optimal" and len(program.weeks) == 104
    assert [w.phase for w in program.weeks] == [Phase.correction] * 26 + [Phase.balanced] * 78
    assert all(r.satisfied for r in program.rules if r.mode == "hard")
    with pytest.raises(ValidationError, match="at most 104"):
        scenario(phases=[*long, {"phase": "balanced", "weeks": 1}])
