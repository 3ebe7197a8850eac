"""Prescriptions: tempo, rest and cue for every exercise, and the session-time estimate.

The seeds write a workout as ``A) Standing Leg Curl 3 x 6 / Tempo: 2012 / Rest: 30-60 sec
between sides, 2 mins between sets`` (000_dd2db63edd4a1a04.txt, Workouts 1-3). This module
derives those lines from two things only: the exercise (its movement, laterality, loads and
catalog tempo) and the reps the solver chose (which say how heavy the sets are).

The same numbers give the time a session takes, so the `session_time` rule's CP-SAT
coefficients, its checker and the ``minutes`` printed with each session can never disagree:
one set takes ``reps x seconds per rep (x2 for one leg at a time) + rest between sides +
rest between sets``, and each exercise with equipment adds a changeover (set the machine,
load the bar, anchor the band; the rest after a set already covers walking over).

Where the seeds give a number it is used: curls 2 min between sets (2-3 min after slow
eccentrics), 3 min after a stiff-leg deadlift, a glute-ham raise or a hack squat, 2-3 min
after back extensions, split squats and step-ups, 30-60 sec between sides for hamstring work
and 60 sec for quad work; tempos 3110 for heavy curls and hinges, 2111 for back extensions,
3010 / 2010 for quads (2010 for the seed's step-ups at 10-15). Light sets (12-20 reps) of
curls, leg extensions and bodyweight or band work rest 60-90 sec, hamopt's choice: the seeds
give no rest for their lightest sets (StrengthLog's 2 x 20 lying curl), and their 2-3 min at
10-15 reps are for loaded lifts (back extension, barbell step-up), which keep it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from hamopt.domain.cues import FOOT_POSITION
from hamopt.domain.facts import remembered
from hamopt.domain.models import (
    Action,
    Athlete,
    BackLoad,
    Equipment,
    Exercise,
    Goal,
    Laterality,
    Level,
    Phase,
    Program,
    ProgramExercise,
    ProgramSession,
)

Intensity = Literal["heavy", "moderate", "light"]
Seconds = tuple[int, int]  # a range, e.g. (120, 180) for "2-3 min"

# Changeover and warm-up: hamopt's estimates, parameters of the `session_time` rule. Setting
# up takes about a minute where there is equipment and nothing for bodyweight work. The
# scenario's minutes_per_session count as training time, so no warm-up is reserved by default
# (a 30 min hotel-room session of 6 hamstring and 5 quad sets takes ~29 min on its own); a
# rule set can reserve one with `warmup_minutes`.
CHANGEOVER_SECONDS = 60
BODYWEIGHT_CHANGEOVER_SECONDS = 0
WARMUP_MINUTES = 0

_TEMPO = re.compile(r"^[0-9X]{4}$")
_ROTATION_CUE = {
    "toes_in": "Toes in (pointed toward the midline) to bias semitendinosus and semimembranosus.",
    "toes_out": "Toes out (pointed away from the midline) to bias the biceps femoris.",
}


def intensity(reps: tuple[int, int]) -> Intensity:
    """How heavy the sets are, from the reps a set is planned at (the middle of the range).

    The solver's rep zones read as themselves (heavy 6-8, moderate 8-12, light 12-20, also
    when clipped to an exercise's range); a written range such as the seeds' 10-15 is light.
    """
    planned = planned_reps(reps)
    if planned <= 8:
        return "heavy"
    return "moderate" if planned <= 12 else "light"


# Equipment that adds little external load: a set of 12-20 reps with it rests like an
# isolation set, not like a loaded lift.
_LIGHT_EQUIPMENT = frozenset(
    {
        Equipment.resistance_band,
        Equipment.stability_ball,
        Equipment.sliders,
        Equipment.bench,
        Equipment.plyo_box,
    }
)


def _externally_loaded(exercise: Exercise) -> bool:
    return any(item not in _LIGHT_EQUIPMENT for item in exercise.equipment)


def _is_big_lift(exercise: Exercise) -> bool:
    """Lifts that need the seeds' 3 minutes: heavy spinal or knee load, or a maximal eccentric.

    Stiff-leg deadlift and reverse-band hack squat (Workout 2) and the glute-ham raise
    (Workout 3) rest 3 min; the deadlift family, squats and the Nordic family are alike.
    """
    if exercise.lower_back_load is BackLoad.high:
        return True
    if Action.squat in exercise.actions and exercise.laterality is Laterality.bilateral:
        return exercise.knee_stress is BackLoad.high
    return is_maximal_eccentric(exercise)


def is_maximal_eccentric(exercise: Exercise) -> bool:
    """Bodyweight maximal eccentrics: the Nordic family (the body lowered over both knees)
    and the glute-ham raise; a kneeling single-leg curl machine is an ordinary curl."""
    if not exercise.is_knee_flexion:
        return False
    if exercise.kneeling:
        return exercise.laterality is Laterality.bilateral
    return exercise.is_hip_extension and exercise.lower_back_load is not BackLoad.low


def _is_isolation(exercise: Exercise) -> bool:
    """Single-joint knee work: curls and leg extensions."""
    return exercise.actions in ([Action.knee_flexion], [Action.knee_extension])


def tempo(exercise: Exercise, reps: tuple[int, int]) -> str:
    """4-digit tempo: eccentric, pause at the bottom, concentric, pause at the top."""
    if exercise.tempo:
        return exercise.tempo
    zone = intensity(reps)
    if exercise.is_quad:
        return "2010" if zone == "light" else "3010"  # step-up 10-15: 2010; others 3010
    if exercise.is_knee_flexion:
        # Kneeling curl 6-8: 3110; a 1 s squeeze at the top for the lighter sets
        # (003_95a5fdc3819596de.txt: "squeezing fully at the top of the motion").
        return {"heavy": "3110", "moderate": "2012", "light": "2011"}[zone]
    if exercise.lower_back_load is BackLoad.high:
        return "3110"  # stiff-leg deadlift 8-10: 3110
    # Incline back extension 10-15: 2111; the 1 s bottom pause is the stretch the seeds ask
    # for ("pausing briefly at the stretched position", 003_95a5fdc3819596de.txt).
    return "2111"


Rir = tuple[int, int]  # reps in reserve, (fewest, most)

# Effort targets in reps in reserve (RIR), the scale of Zourdos et al. (JSCR 2016). Each value
# says where it comes from; "hamopt's choice" where no source gives a number.
# Seed 000 writes its glute-ham raise as "2-3 x 1-2 RIR": a maximal eccentric stopped 1-2 reps
# short. The Nordic family is the same kind of work; Petersen et al. (AJSM 2011) prescribe
# reps, not RIR (each rep lowered as slowly as possible), so they take the seed's 1-2.
RIR_MAXIMAL_ECCENTRIC: Rir = (1, 2)
# Hypertrophy: growth rises as sets end closer to failure (Refalo et al., Sports Med 2023,
# meta-analysis; Robinson et al., Sports Med 2024). Single-joint curls and leg extensions are
# safe to take to 0-2; multi-joint lifts stop at 1-3, where technique holds (the split is
# hamopt's choice; Helms et al., Strength Cond J 2016, on prescribing RIR ranges per set).
RIR_HYPERTROPHY_ISOLATION: Rir = (0, 2)
RIR_HYPERTROPHY_COMPOUND: Rir = (1, 3)
# Strength: strength gains barely depend on closeness to failure (Robinson et al. 2024), so
# heavy work stops 1-3 reps short (the number is hamopt's choice).
RIR_STRENGTH: Rir = (1, 3)
# Injury prevention alone: the work is a means, not a test; 2-3 in reserve (hamopt's choice,
# within ACSM 2009's moderate efforts for health-oriented training).
RIR_PREVENTION: Rir = (2, 3)
# A correction phase shifts the work to the hamstrings (000_dd2db63edd4a1a04.txt: "a
# deliberate 2:1 ratio favoring hamstrings"); quad work there maintains, at 2-3 (hamopt's
# choice).
RIR_CORRECTION_QUADS: Rir = (2, 3)
# A deload lowers effort as well as volume (Bell et al., Sports Med Open 2023): 3-4 in
# reserve (hamopt's choice of number).
RIR_DELOAD: Rir = (3, 4)
# Beginners judge RIR less accurately close to failure than trained lifters (Zourdos et al.
# 2016), and ACSM 2009 starts novices at moderate effort: one rep more in reserve.
RIR_BEGINNER_EXTRA = 1


def effort(
    exercise: Exercise, athlete: Athlete, phase: Phase | None = None, deload: bool = False
) -> Rir:
    """The effort target of one line in reps in reserve, by goal, phase and exercise."""
    if deload:
        return RIR_DELOAD
    if is_maximal_eccentric(exercise):
        base = RIR_MAXIMAL_ECCENTRIC
    elif phase is Phase.correction and exercise.is_quad:
        base = RIR_CORRECTION_QUADS
    elif Goal.hypertrophy in athlete.goals:
        base = RIR_HYPERTROPHY_ISOLATION if _is_isolation(exercise) else RIR_HYPERTROPHY_COMPOUND
    elif Goal.strength in athlete.goals:
        base = RIR_STRENGTH
    else:
        base = RIR_PREVENTION
    if athlete.experience is Level.beginner:
        return (base[0] + RIR_BEGINNER_EXTRA, base[1] + RIR_BEGINNER_EXTRA)
    return base


def prescribe_effort(program: Program, athlete: Athlete, by_id: dict[str, Exercise]) -> None:
    """Every line's effort target where it has none, by its week's phase and deload mark."""
    for week in program.weeks:
        for session in week.sessions:
            for line in session.exercises:
                if line.rir is None and line.id in by_id:
                    # "deload": volume_ramp's week field, read here by its name only.
                    deload = bool(week.extra("deload"))
                    line.rir = effort(by_id[line.id], athlete, week.phase, deload)


def rest_between_sets(exercise: Exercise, reps: tuple[int, int]) -> Seconds:
    zone = intensity(reps)
    if _is_big_lift(exercise):
        return (120, 180) if zone == "light" else (180, 180)
    if _is_isolation(exercise):
        if zone == "light":
            return (60, 90)  # hamopt's choice; see the module docstring
        slow = _eccentric_seconds(tempo(exercise, reps)) >= 4
        return (120, 180) if slow else (120, 120)  # accentuated eccentric 4-5: 2-3 min
    if zone == "light" and not _externally_loaded(exercise):
        return (60, 90)  # bodyweight and band work at 12-20 reps
    return (120, 180)  # back extension, split squat, step-up (10-15 too): 2-3 min


def rest_between_sides(exercise: Exercise) -> Seconds | None:
    """One leg, then the other: 30-60 sec for hamstring work, 60 sec for quads (seeds/000)."""
    if exercise.laterality is not Laterality.unilateral:
        return None
    return (60, 60) if exercise.is_quad else (30, 60)


def _eccentric_seconds(tempo_text: str) -> int:
    return _digit_seconds(tempo_text[0])


def _digit_seconds(char: str) -> int:
    return 1 if char == "X" else int(char)  # "X" (explosive) still takes about a second


def rep_seconds(tempo_text: str) -> int:
    return sum(_digit_seconds(c) for c in tempo_text)


def planned_reps(reps: tuple[int, int]) -> int:
    """The reps a set is planned at for timing: the middle of the range, rounded up."""
    return math.ceil((reps[0] + reps[1]) / 2)


def _mid(seconds: Seconds) -> float:
    return (seconds[0] + seconds[1]) / 2


def _fmt_span(seconds: Seconds) -> str:
    """As the seeds write rest: "30-60 sec", "60 sec", "2 min", "2-3 min"."""
    lo, hi = seconds
    if hi >= 120 and hi % 60 == 0 and lo % 60 == 0:
        return f"{lo // 60} min" if lo == hi else f"{lo // 60}-{hi // 60} min"
    return f"{lo} sec" if lo == hi else f"{lo}-{hi} sec"


def rest_text(sets: Seconds, sides: Seconds | None) -> str:
    if sides is None:
        return _fmt_span(sets)
    return f"{_fmt_span(sides)} between sides, {_fmt_span(sets)} between sets"


_REST_PART = re.compile(
    r"(?P<lo>\d+(?:\.\d+)?)\s*(?:-\s*(?P<hi>\d+(?:\.\d+)?))?\s*"
    r"(?P<unit>min(?:ute)?s?|sec(?:ond)?s?|s)\b(?P<rest>[^,;]*)",
    re.IGNORECASE,
)


def parse_rest(text: str | None) -> tuple[Seconds, Seconds | None] | None:
    """Rest between sets (and sides) from text such as "30-60 sec between sides, 2 min".

    Reads what `rest_text` writes and what the seeds write ("2-3 mins", "3 min"); None when
    the text gives no rest between sets, so a hand-written program is timed by the defaults.
    """
    if not text:
        return None
    sets: Seconds | None = None
    sides: Seconds | None = None
    for match in _REST_PART.finditer(text):
        scale = 60 if match["unit"].lower().startswith("m") else 1
        lo = round(float(match["lo"]) * scale)
        hi = round(float(match["hi"]) * scale) if match["hi"] else lo
        if "side" in match["rest"].lower():
            sides = (lo, hi)
        elif sets is None:
            sets = (lo, hi)
    return None if sets is None else (sets, sides)


def valid_tempo(text: str | None) -> bool:
    return bool(text) and bool(_TEMPO.match(text or ""))


def set_seconds(
    exercise: Exercise,
    reps: tuple[int, int],
    tempo_text: str | None = None,
    rest: tuple[Seconds, Seconds | None] | None = None,
) -> int:
    """Seconds one set takes, rest after it included (both legs for unilateral work)."""
    if tempo_text is None and rest is None:  # the prescription's own: the same all solve
        return remembered("set_seconds", exercise, reps, lambda: _set_seconds(exercise, reps))
    return _set_seconds(exercise, reps, tempo_text, rest)


def _set_seconds(
    exercise: Exercise,
    reps: tuple[int, int],
    tempo_text: str | None = None,
    rest: tuple[Seconds, Seconds | None] | None = None,
) -> int:
    tempo_text = tempo_text if valid_tempo(tempo_text) else tempo(exercise, reps)
    assert tempo_text is not None
    if rest is None:
        rest = (rest_between_sets(exercise, reps), rest_between_sides(exercise))
    sets_rest, sides_rest = rest
    legs = 2 if exercise.laterality is Laterality.unilateral else 1
    work = planned_reps(reps) * rep_seconds(tempo_text) * legs
    between_sides = _mid(sides_rest) if (legs == 2 and sides_rest is not None) else 0
    return round(work + between_sides + _mid(sets_rest))


@dataclass(frozen=True)
class TimeModel:
    """What a session costs beyond its sets (the `session_time` rule's parameters)."""

    changeover_seconds: int = CHANGEOVER_SECONDS
    warmup_minutes: int = WARMUP_MINUTES
    bodyweight_changeover_seconds: int = BODYWEIGHT_CHANGEOVER_SECONDS

    def changeover(self, exercise: Exercise) -> int:
        """Set-up time before the exercise's first set."""
        if exercise.equipment:
            return self.changeover_seconds
        return self.bodyweight_changeover_seconds


def line_seconds(line: ProgramExercise, exercise: Exercise, model: TimeModel) -> int:
    """A written line's time: its own tempo and rest where it gives them, else the defaults."""
    per_set = set_seconds(exercise, line.reps, line.tempo, parse_rest(line.rest))
    return line.sets * per_set + model.changeover(exercise)


def session_seconds(lines: Iterable[tuple[ProgramExercise, Exercise]], model: TimeModel) -> int:
    pairs = list(lines)
    if not pairs:
        return 0
    return model.warmup_minutes * 60 + sum(line_seconds(ln, ex, model) for ln, ex in pairs)


def session_minutes(session: ProgramSession, by_id: dict[str, Exercise], model: TimeModel) -> int:
    """The estimate printed with a session, rounded up to whole minutes."""
    pairs = [(ln, by_id[ln.id]) for ln in session.exercises if ln.id in by_id]
    return math.ceil(session_seconds(pairs, model) / 60)


def cue(exercise: Exercise, rotation: str | None = None) -> str:
    """The exercise's technique cue, with the foot-rotation cue when one was chosen."""
    text = exercise.cue or _generic_cue(exercise)
    if rotation in _ROTATION_CUE:
        text = f"{text} {_ROTATION_CUE[rotation]}"
    return text


def _generic_cue(exercise: Exercise) -> str:
    """For catalog entries without a cue (a scenario's own exercises)."""
    if exercise.is_quad:
        return "Control the descent; drive up through the whole foot."
    if exercise.is_knee_flexion:
        return "Control the lowering; squeeze the hamstrings at the top."
    return "Hinge at the hips with a neutral spine; feel the stretch, then drive the hips forward."


def prescribe(line: ProgramExercise, exercise: Exercise) -> None:
    """Fill the line's tempo, rest and cue where they are empty (hand-written ones stay)."""
    if line.tempo is None:
        line.tempo = tempo(exercise, line.reps)
    if line.rest is None:
        line.rest = rest_text(rest_between_sets(exercise, line.reps), rest_between_sides(exercise))
    if line.cue is None:
        line.cue = cue(exercise, line.extra(FOOT_POSITION))


def prescribe_session(
    session: ProgramSession, by_id: dict[str, Exercise], model: TimeModel
) -> None:
    for line in session.exercises:
        if line.id in by_id:
            prescribe(line, by_id[line.id])
    session.minutes = session_minutes(session, by_id, model)
