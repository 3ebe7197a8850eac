"""``--format html``: a printable program card, one self-contained page.

The page is rendered from Jinja2 templates in ``hamopt/templates/`` (``program_card.html.j2``
with its stylesheet ``program_card.css`` inlined). It loads nothing: CSS is inline, the
charts are inline SVG, and a Content-Security-Policy forbids any request, so the card works
offline, prints the same everywhere and cannot leak who it is for.

This module only turns a Program into plain values for the template (the week grid, bar
lengths for the charts); the numbers themselves come from the Program's ``totals`` and
``rules`` blocks. Print: A4 portrait, one page per distinct week (identical weeks are shown
once), see the ``@media print`` rules in the stylesheet.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from hamopt.domain.models import DAYS, Program, ProgramExercise, ProgramSession, RuleReport
from hamopt.render.common import (
    DAY_NAMES,
    HEAD_NAMES,
    HEAD_SHORT,
    NO_PROGRAM,
    RenderContext,
    details,
    letter,
    prescription,
    proof_note,
    ratio_text,
    rule_status,
    title,
    totals_for_week,
)
from hamopt.render.weeks import Grid, WeekRun, week_marks, week_runs
from hamopt.rules.contract import ActiveRule

TEMPLATE = "program_card.html.j2"
CHART_WIDTH = 200  # px of the longest bar in the per-head chart (the SVG scales with the page)
BAR, PITCH = 13, 18  # bar thickness and spacing, px


@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("hamopt", "templates"),
        autoescape=True,  # exercise names and cues may come from a user's own catalog
        undefined=StrictUndefined,  # a misspelt variable is a bug, not an empty cell
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def to_html(program: Program, context: RenderContext | None = None) -> str:
    context = context or RenderContext()
    return environment().get_template(TEMPLATE).render(page=page(program, context))


# --- the values the template shows ------------------------------------------------------


@dataclass(frozen=True)
class Line:
    letter: str
    title: str
    prescription: str
    region: str
    details: list[tuple[str, str]]


@dataclass(frozen=True)
class Workout:
    number: int
    time: str | None
    minutes: int | None
    lines: list[Line]


@dataclass(frozen=True)
class Day:
    name: str
    short: str
    date: str | None
    workouts: list[Workout] = field(default_factory=list)
    match: str | None = None  # "match 15:00": the scenario's schedule.matches on this day


@dataclass(frozen=True)
class Bar:
    label: str
    name: str
    value: float
    length: float
    y: int


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    scale: float  # the value at the axis end
    ticks: list[tuple[str, float]]  # gridline label and x offset
    height: int
    width: int
    bar: int


@dataclass(frozen=True)
class Ratio:
    hamstring_sets: int
    quad_sets: int
    text: str | None
    hamstring_share: float  # 0..1 of the bar


@dataclass(frozen=True)
class Section:
    label: str
    repeats: bool  # every week of the run identical: "every week the same"
    marks: list[str]  # the phase when the plan has several, and the rules' week marks
    grids: list[Grid]  # targets week by week, when they change inside the run
    days: list[Day]
    columns: str  # CSS grid-template-columns: training days wide, rest days narrow
    chart: Chart | None
    ratio: Ratio | None
    min_gap: float | None


@dataclass(frozen=True)
class Verdict:
    id: str
    mode: str
    satisfied: bool
    penalty: float
    message: str
    justification: str  # the numbers behind the verdict, when the rule gives them
    description: str
    state: str = "kept"  # kept | broken | not-applicable | off: the item's CSS class


def page(program: Program, context: RenderContext) -> dict[str, Any]:
    found = program.status not in NO_PROGRAM
    runs = week_runs(program) if found else []
    phases = len({week.phase for week in program.weeks}) > 1
    return {
        "title": program.scenario or "Training program",
        "status": program.status,
        "found": found,
        "facts": _facts(program, context),
        "proof": proof_note(program),  # a program out of time: how far from the best
        "sections": [_section(program, run, context, phases) for run in runs],
        "rules": [_verdict(report, _in_force(context)) for report in program.rules],
        "conflict": [item.message for item in program.conflict],
        "diagnosis": list(program.diagnosis),  # the data behind the conflict, in words
        "relaxation": [item.change for item in program.relaxation],  # verified by re-solving
    }


def _facts(program: Program, context: RenderContext) -> list[str]:
    facts = []
    phases = sorted({str(w.phase) for w in program.weeks if w.phase})
    if len(phases) == 1:
        facts.append(f"{phases[0].capitalize()} phase")
    per_week = sorted({len(w.sessions) for w in program.weeks})
    if len(per_week) == 1:
        facts.append(f"{per_week[0]} workout{'s' if per_week[0] != 1 else ''} a week")
    if program.weeks:
        n = len(program.weeks)
        facts.append(f"{n} week{'s' if n != 1 else ''}")
    if context.start is not None:
        facts.append(f"from {context.start.isoformat()}")
    matches = context.matches_text()
    if matches:
        facts.append(matches)
    return facts


def _match_on(day: str, context: RenderContext) -> str | None:
    """The day's matches from the scenario ("match 15:00"), so a coach sees what the week's
    sessions keep their distance from (match_proximity); None without one."""
    if context.scenario is None:
        return None
    times = [m.time or "" for m in context.scenario.schedule.matches if m.day == day]
    return ", ".join(f"match {t}".strip() for t in times) or None


def _section(program: Program, run: WeekRun, context: RenderContext, phases: bool) -> Section:
    numbered = list(enumerate(context.sessions(run.week), start=1))
    days = []
    for day in DAYS:
        on_day = [_workout(n, s, targets=run.same) for n, s in numbered if s.day == day]
        date = context.session_date(run.first, day)
        days.append(
            Day(
                name=DAY_NAMES[day],
                short=day.capitalize(),
                date=date.isoformat() if date and on_day else None,
                workouts=on_day,
                match=_match_on(day, context),
            )
        )
    if context.start is not None:  # the grid starts on the start's weekday, like the dates
        first = context.start.weekday()
        days = days[first:] + days[:first]
    totals = totals_for_week(program, run.first)
    gap = totals.get("min_hours_between_sessions")
    return Section(
        label=run.label,
        repeats=run.last > run.first and run.same,
        marks=week_marks(run.week, phase=phases),
        grids=run.grids(context),
        days=days,
        columns=" ".join("minmax(0, 3fr)" if d.workouts else "minmax(1.6em, 0.5fr)" for d in days),
        chart=_chart(totals.get("head_sets") or {}),
        ratio=_ratio(totals),
        min_gap=float(gap) if gap is not None else None,
    )


def _workout(number: int, session: ProgramSession, *, targets: bool) -> Workout:
    return Workout(
        number=number,
        time=session.time,
        minutes=session.minutes,
        lines=[_line(i, line, targets=targets) for i, line in enumerate(session.ordered())],
    )


def _line(index: int, line: ProgramExercise, *, targets: bool = True) -> Line:
    return Line(
        letter=letter(index),
        title=title(line),
        prescription=prescription(line).replace(" x ", " × "),
        region=str(line.region) if line.region else "other",
        details=details(line, targets=targets),  # else in the section's grid
    )


def _chart(head_sets: dict[str, Any]) -> Chart | None:
    if not head_sets:
        return None
    values = {head: float(value) for head, value in head_sets.items()}
    scale, ticks = _axis(max(values.values()))
    bars = [
        Bar(
            label=HEAD_SHORT.get(head, head),
            name=HEAD_NAMES.get(head, head),
            value=value,
            length=round(CHART_WIDTH * value / scale, 1),
            y=6 + PITCH * i,
        )
        for i, (head, value) in enumerate(values.items())
    ]
    return Chart(
        bars=bars,
        scale=scale,
        ticks=[(f"{t:g}", round(CHART_WIDTH * t / scale, 1)) for t in ticks],
        height=6 + PITCH * len(bars) + 14,
        width=40 + CHART_WIDTH + 36,  # labels left, the value after the longest bar
        bar=BAR,
    )


def _axis(top: float) -> tuple[float, list[float]]:
    """Axis end and gridlines: the smallest 1-2-5 step giving at most 6 divisions."""
    top = max(top, 1.0)
    steps = (m * 10.0**k for k in itertools.count() for m in (1, 2, 5))
    step = next(s for s in steps if math.ceil(top / s) <= 6)
    divisions = math.ceil(top / step)
    return step * divisions, [step * k for k in range(1, divisions + 1)]


def _ratio(totals: dict[str, Any]) -> Ratio | None:
    ham, quad = totals.get("hamstring_sets"), totals.get("quad_sets")
    if ham is None or quad is None or ham + quad == 0:
        return None
    return Ratio(
        hamstring_sets=int(ham),
        quad_sets=int(quad),
        text=ratio_text(totals),
        hamstring_share=round(ham / (ham + quad), 4),
    )


def _in_force(context: RenderContext) -> dict[str, ActiveRule]:
    """The scenario's rules by id, when the context has the scenario and its rule set
    resolves from here; else none (descriptions then give the rules' default values)."""
    if context.scenario is None:
        return {}
    from hamopt.io.errors import HamoptError
    from hamopt.rules.ruleset import active_rules

    try:
        return {a.id: a for a in active_rules(context.scenario)}
    except HamoptError:
        return {}


def _verdict(report: RuleReport, in_force: dict[str, ActiveRule]) -> Verdict:
    return Verdict(
        id=report.id,
        mode=str(report.mode),
        satisfied=report.satisfied,
        penalty=report.penalty,
        message=report.message,
        justification=report.justification,
        description=_description(report.id, in_force.get(report.id)),
        state=rule_status(report).replace(" ", "-"),
    )


def _description(rule_id: str, active: ActiveRule | None = None) -> str:
    """The rule's one-line description with the parameters in force (``active``, else the
    registry's rule with its defaults); empty for a rule it cannot name."""
    if active is not None:
        return active.rule.summary(active.params)
    from hamopt.rules.registry import RegistryError, all_rules

    try:
        rule = all_rules().get(rule_id)
    except RegistryError:  # a broken plugin must not stop a program from printing
        return ""
    return rule.summary() if rule is not None else ""
