"""Print scenarios/README.md's comparison: the seeds' personas solved by hamopt, beside the
seed workouts transcribed in programs/.

    .venv/bin/python scenarios/seed_comparison.py > /tmp/comparison.md

Each persona gets its scenario, hamopt's program (sets x reps, tempo, rest, minutes) and the
seed's workout in one table, then the points the seeds' workouts share: knee flexion first,
then a hip-extension exercise, then quads; 2:1 hamstring:quad sets in the correction phase.
"""

from __future__ import annotations

from pathlib import Path

from hamopt.api.solving import solve
from hamopt.domain.catalog import catalog_for
from hamopt.domain.metrics import week_totals
from hamopt.domain.models import Exercise, Program, ProgramSession, Scenario
from hamopt.inputs.loading import load_program, load_scenario

HERE = Path(__file__).resolve().parent

# (scenario, seed program, where the seed workout comes from)
PAIRS = (
    ("quad_dominant_three_sessions", "seed_workouts_week", "000, Workouts 1-3 as one week"),
    ("quad_dominant_intermediate_full_gym", "seed_workout_1", "000, Workout 1"),
    ("weaker_left_leg", "seed_workout_3", "000, Workout 3"),
    ("balanced_lifter", "strengthlog_twice_weekly", "001, StrengthLog's workout, twice a week"),
)


def _line(index: int, line) -> str:  # type: ignore[no-untyped-def]
    lo, hi = line.reps
    reps = f"{lo}" if lo == hi else f"{lo}-{hi}"
    said = ", ".join(x for x in (f"tempo {line.tempo}" if line.tempo else "", line.rest) if x)
    return f"{chr(ord('A') + index)}) {line.name or line.id} {line.sets} x {reps}" + (
        f" ({said})" if said else ""
    )


def _session(session: ProgramSession) -> str:
    head = f"**{session.day.capitalize()}{' ' + session.time if session.time else ''}**"
    if session.minutes:
        head += f" · about {session.minutes} min"
    return "<br>".join([head, *(_line(i, ln) for i, ln in enumerate(session.ordered()))])


def _cell(program: Program) -> str:
    return "<br><br>".join(_session(s) for s in program.weeks[0].sessions)


def _kind(exercise: Exercise) -> int:
    """0 knee flexion only, 1 both, 2 hip extension only, 3 quads."""
    if exercise.is_quad:
        return 3
    flex, ext = exercise.is_knee_flexion, exercise.is_hip_extension
    return 1 if flex and ext else (0 if flex else 2)


def _shape(program: Program, by_id: dict[str, Exercise]) -> str:
    """The seeds' pattern, session by session: flexion, then hip extension, then quads."""
    marks = []
    for session in program.weeks[0].sessions:
        kinds = [_kind(by_id[ln.id]) for ln in session.ordered() if ln.id in by_id]
        ordered = kinds == sorted(kinds)
        hinge = any(k in (1, 2) for k in kinds)
        quads = 3 in kinds
        marks.append(
            f"{session.day.capitalize()}: {'in order' if ordered else 'out of order'}"
            f"{'' if hinge else ', no hip extension'}{'' if quads else ', no quads'}"
        )
    totals = week_totals(program.weeks[0], by_id)
    ham, quad = totals["hamstring_sets"], totals["quad_sets"]
    ratio = f"{ham}:{quad} hamstring:quad sets" + (f" ({ham / quad:.1f}:1)" if quad else "")
    return f"{ratio}; {'; '.join(marks)}"


def section(scenario: Scenario, stem: str, seed: str, source: str) -> str:
    by_id = catalog_for(scenario).by_id()
    ours = solve(scenario, base_dir=HERE)
    theirs = load_program(HERE / "programs" / f"{seed}.yaml")
    schedule = scenario.schedule
    return "\n".join(
        [
            f"### `{stem}.yaml` beside `programs/{seed}.yaml`",
            "",
            f"{scenario.name}: {scenario.athlete.experience}, {scenario.phase} phase, "
            f"{schedule.sessions_per_week} sessions of {schedule.minutes_per_session} min. "
            f"The seed workout: seeds/{source}.",
            "",
            "| hamopt | the seed |",
            "|---|---|",
            f"| {_cell(ours)} | {_cell(theirs)} |",
            f"| {_shape(ours, by_id)} | {_shape(theirs, by_id)} |",
            "",
        ]
    )


def main() -> None:
    for stem, seed, source in PAIRS:
        print(section(load_scenario(HERE / f"{stem}.yaml"), stem, seed, source))


if __name__ == "__main__":
    main()
