"""rep_spectrum: each week's hamstring work covers heavy, moderate and light sets.

001_b9350566f70ab695.txt builds its workout on "the load and rep range covers a wide spectrum,
ranging from medium-low reps with medium-heavy weights, all the way up to high reps with light
weights" (RDL 4 x 8, seated curl 3 x 12, lying curl 2 x 20); 003_95a5fdc3819596de.txt uses "a
rep range of 6 to 20 depending on your goal". The zones are compile.REP_ZONES: heavy 6-8,
moderate 8-12, light 12-20. One instance per zone: some hamstring line of the week is in it.

Each exercise stays within its own range: a zone counts only as the exercise can be done in it
(compile.zone_reps clips the zone to the exercise's rep_range, and a lying accentuated-eccentric
curl, 4-8, is never "light"); in a checked program a line outside its exercise's range counts
for no zone. Which zones a rep range covers is one function, ``zones_of``, used by the encoder
(on each zone literal's reps) and the checker (on each line's reps), so the two agree.

The heavy zones (8 reps or fewer) are asked of trained lifters only (``heavy_from``,
default intermediate): ACSM 2009 loads novices at 8-12 RM, and a beginner's week asking for
6-8 gave the default beginner a single-leg seated leg curl at 4 x 6-8 (rule novice_loads keeps
a beginner's loaded lines at 8 reps or more). A beginner's week covers moderate and light.

Mode **soft**, weight 500 per zone the week misses. The spectrum is the seeds' advice for a
good week, not a safety limit, and some equipment cannot go heavy at all (a hotel room's floor
curl and bridges start at 8-10 reps): hamopt should then write the best program it can and say
which zone is missing. 500 is more than the long_length_bias goal can gain by switching a
5-set exercise for a longer one (5 x 85), so the solver covers every zone whenever the
equipment allows it.
"""

from __future__ import annotations

from pydantic import Field, field_validator

from hamopt.domain.metrics import by_weeks, entries, week_prefix
from hamopt.domain.models import LEVEL_RANK, Exercise, Level, Mode, Program, ProgramWeek, Scenario
from hamopt.domain.words import article, names_list
from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import Params, Rule, SlotUse, Violation
from hamopt.rules.model_context import REP_ZONES, ModelContext, zone_reps


class SpectrumParams(Params):
    # 001_b9350566f70ab695.txt (8, 12 and 20 reps); 003_95a5fdc3819596de.txt (6 to 20).
    zones: tuple[str, ...] = Field(default=("heavy", "moderate", "light"), min_length=1)
    # The least experience the heavy zones (8 reps or fewer) are asked of: ACSM 2009 loads
    # novices at 8-12 RM and trained lifters heavier (rule novice_loads).
    heavy_from: Level = Level.intermediate

    @field_validator("zones")
    @classmethod
    def _known(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for zone in value:
            if zone not in REP_ZONES:
                raise ValueError(f"unknown rep zone {zone!r}; zones: {', '.join(REP_ZONES)}")
        if len(set(value)) != len(value):
            raise ValueError("zones lists a zone twice")
        return value


def zones_of(reps: tuple[int, int], zones: tuple[str, ...]) -> set[str]:
    """The zones a prescribed rep range is in: those holding the middle of the range.

    By the middle, a range that spans a zone edge (10-15) still counts for one zone, and the
    shared edges count for both (8 reps is heavy and moderate; StrengthLog's 3 x 12 moderate
    and light).
    """
    middle = (reps[0] + reps[1]) / 2
    return {z for z in zones if REP_ZONES[z][0] <= middle <= REP_ZONES[z][1]}


# Zones of 8 reps or fewer: the loads ACSM 2009 keeps for trained lifters.
HEAVY_ZONES = frozenset(z for z, (_lo, hi) in REP_ZONES.items() if hi <= 8)


def asked(scenario: Scenario, params: SpectrumParams) -> tuple[str, ...]:
    """The zones this athlete's week should cover: the heavy ones from ``heavy_from`` on."""
    trained = LEVEL_RANK[scenario.athlete.experience] >= LEVEL_RANK[params.heavy_from]
    return tuple(z for z in params.zones if trained or z not in HEAVY_ZONES)


def encode(ctx: ModelContext, params: SpectrumParams) -> None:
    zones = asked(ctx.scenario, params)
    covering: dict[str, list] = {zone: [] for zone in zones}
    for c in ctx.where(lambda c: c.exercise.is_hamstring):
        for zone, lit in c.zones.items():
            reps = zone_reps(zone, c.exercise)
            assert reps is not None  # a zone literal exists only where reps do
            for covered in zones_of(reps, zones):
                covering[covered].append(lit)
    for zone in zones:
        lit = ctx.guard(zone)
        if covering[zone]:
            ctx.model.add_bool_or(covering[zone]).only_enforce_if(lit)
        else:
            ctx.model.add(lit == 0)  # nothing in the catalog can be done in this zone


def _within(exercise: Exercise, reps: tuple[int, int]) -> bool:
    lo, hi = exercise.rep_range
    return lo <= reps[0] and reps[1] <= hi


def check(program: Program, ctx: CheckContext, params: SpectrumParams) -> list[Violation]:
    violations = []
    zones = asked(ctx.scenario, params)
    for week in program.weeks:
        covered: set[str] = set()
        for e in entries(week, ctx.by_id):
            if e.exercise.is_hamstring and _within(e.exercise, e.line.reps):
                covered |= zones_of(e.line.reps, zones)
        for zone in zones:
            if zone not in covered:
                lo, hi = REP_ZONES[zone]
                violations.append(
                    Violation(
                        RULE.id,
                        f"{week_prefix(week, len(program.weeks))}{zone}",
                        f"{week_prefix(week, len(program.weeks))}no {zone} hamstring work "
                        f"({lo}-{hi} reps) this week",
                    )
                )
    return violations


def justify(program: Program, ctx: CheckContext, params: SpectrumParams) -> str:
    """Each asked zone with the hamstring lines in it (weeks alike once), as the checker
    counts them; the zones not asked of this athlete, and why."""
    zones = asked(ctx.scenario, params)

    def say(week: ProgramWeek) -> str:
        parts = []
        for zone in zones:
            lo, hi = REP_ZONES[zone]
            names = dict.fromkeys(
                e.exercise.name
                for e in entries(week, ctx.by_id)
                if e.exercise.is_hamstring
                and _within(e.exercise, e.line.reps)
                and zone in zones_of(e.line.reps, zones)
            )
            parts.append(f"{zone} ({lo}-{hi}): {names_list(list(names)) or 'none'}")
        return "; ".join(parts)

    said = "; ".join(by_weeks(program.weeks, say))
    skipped = [z for z in params.zones if z not in zones]
    if skipped:
        level = ctx.scenario.athlete.experience
        why = "ACSM 2009 loads novices at 8-12 RM"
        said += f" ({' and '.join(skipped)} not asked of {article(level)}: {why})"
    return said


RULE = Rule(
    id="rep_spectrum",
    description="Each week's hamstring work covers heavy (6-8; asked from {heavy_from} on), "
    "moderate (8-12) and light (12-20 reps) sets, each exercise within its own range.",
    params=SpectrumParams,
    encode=encode,
    check=check,
    justify=justify,
    default_mode=Mode.soft,
    default_weight=500,
    sources=("001_b9350566f70ab695.txt", "003_95a5fdc3819596de.txt", "ACSM position stand 2009"),
    slot_use=SlotUse.none,
)
