"""enrich: a hand-written program completed from the catalog and the checkers, nothing guessed."""

from __future__ import annotations

from render_samples import scenario

from hamopt.api.enrich import enrich
from hamopt.domain.catalog import catalog_for
from hamopt.domain.models import Program, ProgramExercise, ProgramSession, ProgramWeek
from hamopt.rules.ruleset import active_rules


def written() -> Program:
    """What a coach types: ids, sets and reps; one line names itself, one id is unknown."""
    monday = ProgramSession(
        day="mon",
        time="18:00",
        exercises=[
            ProgramExercise(id="seated_leg_curl", sets=4, reps=(8, 12)),
            ProgramExercise(id="back_squat", name="Squat (my way)", sets=2, reps=(6, 8)),
            ProgramExercise(id="moon_curl", sets=3, reps=(8, 12)),
        ],
    )
    return Program(weeks=[ProgramWeek(week=1, sessions=[monday])])


def test_catalog_facts_fill_only_what_the_program_left_empty() -> None:
    sc = scenario()
    catalog = catalog_for(sc)
    program = written()
    out = enrich(program, sc, catalog, active_rules(sc))
    curl, squat, unknown = out.weeks[0].sessions[0].exercises
    assert (curl.name, curl.region, curl.actions) == (
        "Seated leg curl",
        "hamstrings",
        ["knee_flexion"],
    )
    assert curl.heads == ["bf_long", "bf_short", "semitendinosus", "semimembranosus"]
    assert (squat.name, squat.region, squat.heads) == ("Squat (my way)", "quads", [])
    assert unknown.name is None and unknown.region is None  # left as written
    assert program.weeks[0].sessions[0].exercises[0].name is None  # the input is not changed


def test_totals_and_verdicts_come_from_the_program() -> None:
    sc = scenario()
    out = enrich(written(), sc, catalog_for(sc), active_rules(sc))
    assert (out.totals["hamstring_sets"], out.totals["quad_sets"]) == (4, 2)
    verdicts = {r.id: r.satisfied for r in out.rules}
    assert verdicts["volume_range"] is False  # 4 hamstring sets, the seeds want 12 a week
    assert verdicts["equipment"] is True
