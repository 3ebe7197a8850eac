"""session_time: every session fits the minutes the person has.

A session takes ``sets x (time under tension + rest) + a changeover per exercise`` (set-up,
for exercises with equipment; and an optional warm-up), with both legs' work counted for
unilateral exercises and the rest between sides added. hamopt/domain/prescribe.py holds the
numbers (tempo and rest by exercise and rep zone, from the seeds' workouts), so the CP-SAT
coefficients here, the checker and the ``minutes`` printed with each session are one
estimate. One instance per slot.

Encoding. A set's time depends on the rep zone the solver picks, so a session's time is a
sum of ``sets x seconds_per_set(zone)``, an integer times a choice. Each candidate costs its
cheapest zone's seconds per set times ``sets``; each dearer zone adds its extra seconds times
an integer ``zone_sets`` that must reach ``sets`` when that zone is chosen (a half-reified
``zone_sets >= sets``; nothing bounds it from above, since only a lower bound on the time
matters for ``time <= budget``). Zones as cheap as the cheapest, and zones other rules fix to
false, cost nothing. Measured over the shipped scenarios with the six seed rules (single
worker, deterministic seconds, median / max): this form 0.05 / 0.20; one integer per zone
with ``sum == sets`` and ``zone_sets <= 10 * zone`` (the convex hull) 0.18 / 1.05, slower
despite its tighter relaxation; a time variable per candidate with ``t >= s(z) * sets`` per
zone 0.06 / 0.54. Without the rule: 0.03 / 0.48.

Mode hard: a session that does not fit is cut short in the gym, and what goes is the last
exercise (the hinge, the quads) whatever the rules said about it; the person has told us their
time. The weight matters only when a rule set makes it soft (then each over-long session
costs it once).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from hamopt.domain.metrics import by_weeks, session_label, week_prefix
from hamopt.domain.models import Program, ProgramWeek, Scenario
from hamopt.domain.prescribe import (
    BODYWEIGHT_CHANGEOVER_SECONDS,
    CHANGEOVER_SECONDS,
    WARMUP_MINUTES,
    TimeModel,
    session_minutes,
    session_seconds,
    set_seconds,
)
from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import (
    DescribeContext,
    Params,
    Relaxation,
    Rule,
    SlotUse,
    Violation,
    relative_cost,
)
from hamopt.rules.model_context import MAX_SETS_PER_EXERCISE, Candidate, ModelContext, zone_reps

if TYPE_CHECKING:
    from ortools.sat.python import cp_model


class SessionTimeParams(Params):
    # Set the machine, load the bar, anchor the band: hamopt's estimate.
    changeover_seconds: int = Field(default=CHANGEOVER_SECONDS, ge=0, le=900)
    # Nothing to set up for bodyweight work (the rest after a set covers moving on).
    bodyweight_changeover_seconds: int = Field(default=BODYWEIGHT_CHANGEOVER_SECONDS, ge=0, le=900)
    # minutes_per_session counts as training time unless a warm-up is reserved here.
    warmup_minutes: int = Field(default=WARMUP_MINUTES, ge=0, le=120)
    # The session length; None takes the scenario's minutes_per_session. A rule set can fix
    # one for a study, and an explanation offers longer sessions through it.
    minutes: int | None = Field(default=None, ge=10, le=240)

    def limit(self, scenario: Scenario) -> int:
        """Minutes a session may take."""
        return self.minutes if self.minutes is not None else scenario.schedule.minutes_per_session

    def time_model(self) -> TimeModel:
        return TimeModel(
            self.changeover_seconds, self.warmup_minutes, self.bodyweight_changeover_seconds
        )


def zone_seconds(cand: Candidate) -> dict[str, int]:
    """Seconds per set in each rep zone the candidate may use (prescribe.set_seconds)."""
    out = {}
    for zone in cand.zones:
        reps = zone_reps(zone, cand.exercise)
        assert reps is not None  # a zone literal exists only where reps do
        out[zone] = set_seconds(cand.exercise, reps)
    return out


def candidate_seconds(ctx: ModelContext, cand: Candidate, model: TimeModel) -> cp_model.LinearExprT:
    """The candidate's time in seconds as a linear expression (0 when absent).

    ``cheapest * sets`` plus, for each dearer zone, its extra seconds per set times
    ``zone_sets``, an integer pushed up to ``sets`` when that zone is chosen.
    """
    seconds = zone_seconds(cand)
    cheapest = min(seconds.values())
    expr = cheapest * cand.sets + model.changeover(cand.exercise) * cand.present
    for zone, lit in cand.zones.items():
        extra = seconds[zone] - cheapest
        if extra == 0:
            continue
        zone_sets = ctx.model.new_int_var(
            0, MAX_SETS_PER_EXERCISE, f"zone_sets[{cand.exercise.id}@{cand.slot},{zone}]"
        )
        ctx.model.add(zone_sets >= cand.sets).only_enforce_if(lit)
        expr += extra * zone_sets
    return expr


def encode(ctx: ModelContext, params: SessionTimeParams) -> None:
    model = params.time_model()
    budget = (params.limit(ctx.scenario) - params.warmup_minutes) * 60
    for s, slot in enumerate(ctx.slots):
        lit = ctx.guard(slot.label)
        total = sum(candidate_seconds(ctx, c, model) for c in ctx.in_slot(s))
        ctx.model.add(total <= budget).only_enforce_if(lit)


def check(program: Program, ctx: CheckContext, params: SessionTimeParams) -> list[Violation]:
    model = params.time_model()
    limit = params.limit(ctx.scenario) * 60
    violations = []
    for week in program.weeks:
        for session in week.sessions:
            pairs = [(ln, ctx.by_id[ln.id]) for ln in session.exercises if ln.id in ctx.by_id]
            seconds = session_seconds(pairs, model)
            if seconds > limit:
                label = session_label(session)
                violations.append(
                    Violation(
                        RULE.id,
                        label,
                        f"{week_prefix(week, len(program.weeks))}{label}: about "
                        f"{seconds / 60:.0f} min of sets, rest and changeovers; the session has "
                        f"{params.limit(ctx.scenario)} min",
                    )
                )
    return violations


def describe(instance: str, dctx: DescribeContext, params: SessionTimeParams) -> str:
    warmup = f" after a {params.warmup_minutes} min warm-up" if params.warmup_minutes else ""
    return (
        f"the {instance} session fits {params.limit(dctx.scenario)} min{warmup}: "
        "sets x (time under tension + rest), both legs for one-leg work, plus a set-up per "
        "exercise with equipment"
    )


# Longer sessions an explanation may offer, in minutes on top of the current length.
_MORE_MINUTES = (5, 10, 15, 30)


def relax(dctx: DescribeContext, params: SessionTimeParams) -> list[Relaxation]:
    cur = params.limit(dctx.scenario)
    return [
        Relaxation(
            change=f"allow {cur + more} min a session instead of {cur}",
            cost=relative_cost(cur, cur + more),
            param="minutes",
            value=cur + more,
        )
        for more in _MORE_MINUTES
        if cur + more <= 240
    ]


def justify(program: Program, ctx: CheckContext, params: SessionTimeParams) -> str:
    model = params.time_model()

    def say(week: ProgramWeek) -> str:
        times = [
            f"{session_label(s)} about {session_minutes(s, ctx.by_id, model)} min"
            for s in week.sessions
        ]
        return ", ".join(times) or "no sessions"

    limit = params.limit(ctx.scenario)
    return f"{'; '.join(by_weeks(program.weeks, say))} (at most {limit} min a session)"


def annotate(program: Program, ctx: CheckContext, params: SessionTimeParams) -> None:
    """Each session's printed minutes by this rule's own time model (changeover, warm-up)."""
    model = params.time_model()
    for week in program.weeks:
        for session in week.sessions:
            session.minutes = session_minutes(session, ctx.by_id, model)


RULE = Rule(
    id="session_time",
    description="Each session's sets, rest and changeovers fit the scenario's minutes per session.",
    params=SessionTimeParams,
    encode=encode,
    check=check,
    annotate=annotate,
    describe=describe,
    relax=relax,
    justify=justify,
    sources=(
        "000_dd2db63edd4a1a04.txt (tempo and rest of Workouts 1-3)",
        "hamopt/domain/prescribe.py (the shared estimate)",
    ),
    slot_use=SlotUse.none,
)
