"""Hand-made Programs for the renderer tests: prescriptions, several weeks, awkward text.

Built here, not solved, so the renderer tests stay fast and do not depend on what the solver
or the prescription code happen to choose.
"""

from __future__ import annotations

from typing import Any

from hamopt.domain.models import (
    ConflictItem,
    Program,
    ProgramExercise,
    ProgramSession,
    ProgramWeek,
    RuleReport,
    Scenario,
)

HEADS_ALL = ["bf_long", "bf_short", "semitendinosus", "semimembranosus"]

# A cue with everything a renderer must escape or quote: comma, quotes, HTML, a newline.
TRICKY_CUE = 'Hips down, "soft" knees; <b>never</b> & lock out\nthen squeeze'


def line(ex_id: str, name: str, sets: int, reps: tuple[int, int], **extra: Any) -> ProgramExercise:
    defaults: dict[str, Any] = {"region": "hamstrings", "heads": HEADS_ALL}
    defaults.update(extra)
    return ProgramExercise(id=ex_id, name=name, sets=sets, reps=reps, **defaults)


def seed_week(week: int = 1) -> ProgramWeek:
    """The seed article's Workouts 1 and 3 (000_dd2db63edd4a1a04.txt) as Monday and Friday."""
    monday = ProgramSession(
        day="mon",
        time="18:00",
        minutes=52,
        exercises=[
            line(
                "standing_leg_curl",
                "Standing leg curl",
                3,
                (6, 6),
                order=1,
                tempo="2012",
                rest="30-60 sec between sides, 2 min between sets",
                cue="Toes in, hips still",
                actions=["knee_flexion"],
            ),
            line(
                "incline_back_extension",
                "Incline back extension",
                3,
                (10, 15),
                order=2,
                tempo="2111",
                rest="2-3 min",
                heads=["bf_long", "semitendinosus", "semimembranosus"],
                actions=["hip_extension"],
            ),
            line(
                "dumbbell_split_squat",
                "Dumbbell split squat",
                2,
                (8, 10),
                order=3,
                tempo="3010",
                rest="60 sec between sides, 2-3 min between sets",
                region="quads",
                heads=[],
                actions=["squat"],
            ),
        ],
    )
    friday = ProgramSession(
        day="fri",
        time="07:30",
        exercises=[
            line(
                "kneeling_leg_curl",
                "Kneeling leg curl",
                3,
                (6, 8),
                order=1,
                tempo="3110",
                rest="30-60 sec between sides, 2 min between sets",
                cue=TRICKY_CUE,
                notes="The stronger side does the weaker side's reps.",
                actions=["knee_flexion"],
            ),
            line(
                "glute_ham_raise",
                "Glute-ham raise",
                3,
                (6, 10),
                order=2,
                tempo="As slow as possible",
                rest="3 min",
                actions=["knee_flexion", "hip_extension"],
            ),
        ],
    )
    return ProgramWeek(week=week, phase="correction", sessions=[monday, friday])


def totals(ham: int = 14, quad: int = 2) -> dict[str, Any]:
    week = {
        "hamstring_sets": ham,
        "quad_sets": quad,
        "ratio": round(ham / quad, 2) if quad else None,
        "head_sets": {
            "bf_long": 11.4,
            "bf_short": 6.3,
            "semitendinosus": 12.0,
            "semimembranosus": 10.8,
        },
        "sessions": 2,
        "min_hours_between_sessions": 85.5,
    }
    return week


RULES = [
    RuleReport(id="head_coverage", mode="hard", satisfied=True, message="kept"),
    RuleReport(
        id="correction_ratio",
        mode="soft",
        satisfied=False,
        penalty=250.0,
        message="week 2: hamstring:quad 1.5:1, below 2:1",
    ),
]


def seed_program(weeks: int = 1) -> Program:
    """`weeks` identical weeks of the seed's workouts, with totals and rule verdicts."""
    per_week = [{"week": w, **totals()} for w in range(1, weeks + 1)]
    return Program(
        status="optimal",
        scenario="Seed workouts, quad-dominant",
        weeks=[seed_week(w) for w in range(1, weeks + 1)],
        totals={**totals(), "per_week": per_week},
        rules=RULES,
    )


def changing_program() -> Program:
    """Three weeks: 1 and 2 the same, week 3 adds a set to Monday's curl (a deload in reverse)."""
    program = seed_program(weeks=3)
    program.weeks[2].sessions[0].exercises[0].sets = 4
    program.totals["per_week"][2] = {"week": 3, **totals(ham=15)}
    return program


def untimed_program() -> Program:
    """One session on a slot without a time and without the program's own length estimate."""
    session = ProgramSession(
        day="sat", exercises=[line("nordic_curl", "Nordic curl", 3, (4, 6), rest="3 min")]
    )
    return Program(
        status="feasible",
        scenario="Weekend only",
        weeks=[ProgramWeek(week=1, phase="balanced", sessions=[session])],
    )


def infeasible_program() -> Program:
    return Program(
        status="infeasible",
        scenario="Too little time",
        conflict=[
            ConflictItem(id="recovery_spacing", message="48 h between sessions: Tue and Wed"),
            ConflictItem(id="volume_range", message="at least 12 hamstring sets a week"),
        ],
    )


def scenario(minutes: int = 45) -> Scenario:
    return Scenario.model_validate(
        {
            "name": "Seed workouts, quad-dominant",
            "schedule": {
                "sessions_per_week": 2,
                "minutes_per_session": minutes,
                "slots": [{"day": "mon", "time": "18:00"}, {"day": "fri", "time": "07:30"}],
            },
        }
    )


def plan_program() -> Program:
    """Twelve weeks of the seed's workouts as a plan: weeks 1-4 the same workouts while
    Monday's curl climbs 8, 10, 12 reps then 8 with 2.5 kg more (rule progression); week 5 a
    deload (one set fewer, 10 % lighter); week 6 a transition week; weeks 7-12 the balanced
    phase, truly the same every week (the curl held at 12 reps). Fields the rules write
    (`deload`, `transition`) are set as rules set them, by name."""
    from hamopt.rules.registry import all_rules

    all_rules()  # declares the rules' week fields (deload, transition)
    targets = {1: (8, None), 2: (10, None), 3: (12, None), 4: (8, "+2.5 kg")}
    weeks = []
    for w in range(1, 13):
        week = seed_week(w)
        curl = week.sessions[0].exercises[0]
        curl.reps = (8, 12)
        if w in targets:
            curl.target_reps, curl.load_change = targets[w]
        elif w == 5:
            curl.target_reps, curl.load_change = 8, "-10 %"
            for session in week.sessions:
                for line in session.exercises:
                    line.sets -= 1
            week.set_extra("deload", True)
        elif w == 6:
            week.set_extra("transition", True)
        else:
            week.phase = "balanced"
            curl.target_reps = 12
        weeks.append(week)
    per_week = [{"week": w, **totals()} for w in range(1, 13)]
    return Program(
        status="optimal",
        scenario="Seed workouts, a 12-week plan",
        weeks=weeks,
        totals={**totals(), "per_week": per_week},
        rules=RULES,
    )
