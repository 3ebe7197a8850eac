"""The rule author's testing kit: small catalogs, scenarios, rule sets, hand-made programs.

A rule's tests (hamopt's own under tests/rules/, and a plugin's) build their inputs in code so
each one shows exactly the situation it is about. Rule sets go through the real resolver
(``extends: default`` + per-rule changes), programs through the real ``Program`` model,
verdicts through the real checkers, solves through :func:`hamopt.api.solving.solve_scenario`.
docs/architecture.md shows a rule and its test written with it.

The kit sits above the layers it drives (it solves and checks), so it is the one module of
``hamopt.rules`` that imports upward; pyproject's import-linter contract names those edges.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from hamopt.api.solving import solve_scenario
from hamopt.domain.catalog import default_catalog
from hamopt.domain.models import (
    HEADS,
    Catalog,
    Exercise,
    Mode,
    Program,
    ProgramExercise,
    ProgramSession,
    ProgramWeek,
    RuleConfig,
    RuleSet,
    Scenario,
)
from hamopt.engine.check import RuleVerdict, check_program, hard_violations
from hamopt.engine.solve import SolveOptions
from hamopt.rules.contract import ActiveRule, Violation
from hamopt.rules.ruleset import resolve

# --- exercises and catalogs -------------------------------------------------------------


def ex(
    ex_id: str,
    actions: Sequence[str] = ("knee_flexion",),
    stim: Sequence[float] = (0.5, 0.5, 0.5, 0.5),
    *,
    region: str = "hamstrings",
    equipment: Sequence[str] = (),
    reps: tuple[int, int] = (6, 20),
) -> Exercise:
    """A catalog entry; ``stim`` is (bf_long, bf_short, semitendinosus, semimembranosus)."""
    return Exercise(
        id=ex_id,
        name=ex_id.replace("_", " ").capitalize(),
        region=region,  # type: ignore[arg-type]
        actions=list(actions),  # type: ignore[arg-type]
        stimulus=dict(zip(HEADS, stim, strict=True)),  # type: ignore[arg-type]
        equipment=list(equipment),  # type: ignore[arg-type]
        rep_range=reps,
        source="test fixture",
    )


def quad(
    ex_id: str, *, equipment: Sequence[str] = (), reps: tuple[int, int] = (6, 20)
) -> Exercise:
    return ex(ex_id, ("squat",), (0, 0, 0, 0), region="quads", equipment=equipment, reps=reps)


def catalog(*exercises: Exercise) -> Catalog:
    return Catalog(exercises=list(exercises))


def basic_catalog() -> Catalog:
    """A curl, a hinge, a dual-action exercise and two quad exercises: every rule has work."""
    return catalog(
        ex("curl", ("knee_flexion",), (0.6, 0.8, 0.7, 0.7)),
        ex("hinge", ("hip_extension",), (0.8, 0.0, 0.6, 0.7)),
        ex("ghr", ("knee_flexion", "hip_extension"), (0.6, 0.5, 0.6, 0.6)),
        quad("squat"),
        quad("lunge"),
    )


def shipped_catalog() -> Catalog:
    return default_catalog()


# --- scenarios --------------------------------------------------------------------------


def scenario(
    slots: Iterable[str] = ("mon 18:00", "wed 18:00", "fri 18:00"),
    sessions: int = 2,
    *,
    phase: str = "balanced",
    equipment: str | list[str] = "full_gym",
    weeks: int = 1,
    name: str = "test",
    **extra: Any,
) -> Scenario:
    """A scenario from "day HH:MM" (or "day") slot strings."""
    parsed = []
    for slot in slots:
        day, _, time = slot.partition(" ")
        parsed.append({"day": day, "time": time or None})
    return Scenario.model_validate(
        {
            "name": name,
            "phase": phase,
            "schedule": {"sessions_per_week": sessions, "slots": parsed},
            "equipment": equipment,
            "weeks": weeks,
            **extra,
        }
    )


# --- rule sets --------------------------------------------------------------------------


# The six core rules of the seeds. The default rule set holds many more; a test of one rule
# next to these six keeps the others' effects from hiding or faking its own.
SEED_RULES = (
    "equipment",
    "head_coverage",
    "flexion_before_extension",
    "correction_ratio",
    "volume_range",
    "recovery_spacing",
)
# The objective's last word (hamopt/engine/compile.py): of two programs the rules rate alike,
# the one whose sets train more heads. Kept beside the seed rules so a test's optimum is one
# program, as under the default set, and not whichever of several equals the search meets.
TIE_BREAK_RULES = ("head_stimulus",)


def rules(**changes: dict[str, Any] | str) -> list[ActiveRule]:
    """The six seed rules as the default rule set has them (and the stimulus tie-break,
    ``TIE_BREAK_RULES``), plus every rule ``changes`` names (a plugin's too), with those
    changes.

    Built as a rule set that ``extends: default``: ``rules(recovery_spacing="off")`` switches
    a rule off; ``rules(volume_range={"mode": "soft", "weight": 7, "params": {...}})``
    changes what is given and keeps the rest; ``rules(my_rule={"params": {...}})`` adds a
    rule the default set does not list.
    """
    layer = {
        rule_id: RuleConfig.model_validate({"mode": change} if isinstance(change, str) else change)
        for rule_id, change in changes.items()
    }
    resolved = resolve(RuleSet(name="test", extends="default", rules=layer))
    keep = (*SEED_RULES, *TIE_BREAK_RULES)
    return [a for a in resolved if a.id in keep or a.id in changes]


def only(*rule_ids: str, **params: dict[str, Any]) -> list[ActiveRule]:
    """Just the named rules, hard, each with optional params (a rule set without extends)."""
    layer = {rid: RuleConfig(mode=Mode.hard, params=params.get(rid, {})) for rid in rule_ids}
    return resolve(RuleSet(name="only", rules=layer))


def solve(
    sc: Scenario, active: list[ActiveRule], cat: Catalog | None = None, **options: Any
) -> Program:
    options_ = SolveOptions(**options)
    return solve_scenario(sc, active, catalog=cat or shipped_catalog(), options=options_)


# --- hand-made programs -----------------------------------------------------------------

Line = tuple[str, int, tuple[int, int]]  # (exercise id, sets, (lo, hi) reps)


def session(when: str, *lines: Line) -> ProgramSession:
    """A session from "day HH:MM" and lines in training order."""
    day, _, time = when.partition(" ")
    return ProgramSession(
        day=day,  # type: ignore[arg-type]
        time=time or None,
        exercises=[
            ProgramExercise(id=i, sets=s, reps=r, order=n)
            for n, (i, s, r) in enumerate(lines, start=1)
        ],
    )


def program(*sessions: ProgramSession, phase: str | None = None, weeks: int = 1) -> Program:
    return Program(
        weeks=[
            ProgramWeek(
                week=w,
                phase=phase,  # type: ignore[arg-type]
                sessions=[s.model_copy(deep=True) for s in sessions],
            )
            for w in range(1, weeks + 1)
        ]
    )


# --- verdicts ---------------------------------------------------------------------------


def verdicts(
    prog: Program, sc: Scenario, active: list[ActiveRule], cat: Catalog | None = None
) -> dict[str, RuleVerdict]:
    found = check_program(prog, sc, cat or shipped_catalog(), active)
    return {v.active.id: v for v in found}


def violations(
    rule_id: str,
    prog: Program,
    sc: Scenario,
    cat: Catalog | None = None,
    active: list[ActiveRule] | None = None,
) -> list[Violation]:
    """What one rule's checker says of a program (under the default rules unless given)."""
    return verdicts(prog, sc, active or rules(), cat)[rule_id].violations


def instances(found: Iterable[Violation]) -> set[str]:
    return {v.instance for v in found}


def hard_broken(
    prog: Program, sc: Scenario, active: list[ActiveRule], cat: Catalog | None = None
) -> list[Violation]:
    return hard_violations(check_program(prog, sc, cat or shipped_catalog(), active))


def total_penalty(
    prog: Program, sc: Scenario, active: list[ActiveRule], cat: Catalog | None = None
) -> int:
    return sum(v.penalty for v in check_program(prog, sc, cat or shipped_catalog(), active))


# --- reading solved programs --------------------------------------------------------------


def ids(prog: Program) -> set[str]:
    return {line.id for week in prog.weeks for s in week.sessions for line in s.exercises}


def days(prog: Program) -> list[str]:
    return [f"{s.day} {s.time}" if s.time else s.day for s in prog.weeks[0].sessions]


def sets_where(prog: Program, cat: Catalog, keep: Any) -> int:
    """Weekly sets (week 1) of the lines whose catalog exercise passes ``keep``."""
    by_id = cat.by_id()
    return sum(
        line.sets for s in prog.weeks[0].sessions for line in s.exercises if keep(by_id[line.id])
    )


def soft_penalty(verdict: RuleVerdict) -> int:
    """What the docs promise a soft rule costs: weight x (goal + broken instances)."""
    assert verdict.active.mode is Mode.soft
    return verdict.active.weight * (verdict.goal + len(instances(verdict.violations)))


def shape(week: ProgramWeek) -> list[list[tuple[str, int, tuple[int, int]]]]:
    """A week's prescription without the per-week progression targets (reps to aim for and
    load steps differ from week to week by design; exercises, sets and rep ranges do not)."""
    return [[(x.id, x.sets, x.reps) for x in s.exercises] for s in week.sessions]
