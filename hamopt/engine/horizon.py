"""The weeks of a plan as segments: one weekly template per segment, not one model per week.

A scenario's horizon is its phases (``phases:``, or ``phase:`` for every week). Each phase is
one *segment*: the solver builds one weekly template for it (the one-week core model of
hamopt/engine/compile.py) and the plan repeats it for the segment's weeks, with per-week progression
targets filled in afterwards (rule ``progression``). So 52 weeks of two phases cost two
templates, not 52 copies of a week.

Two rules split segments further, because their weeks need their own template:

* ``phase_ratio`` with ``transition_weeks``: the first weeks after a correction phase are
  transition weeks, one segment each, so the ratio can step down from the correction's to
  the balanced one week by week;
* ``consistency`` with ``rotate_every``: a phase may change exercises every K weeks, so it is
  cut into blocks of K weeks;
* ``nordic_for_prevention``'s build-up: weeks 1, 2, 3-10 and 11 on have different Nordic
  doses (Petersen 2011), so a template never spans two of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hamopt.domain.models import Mode, Phase, Scenario
from hamopt.rules.contract import ActiveRule


@dataclass(frozen=True)
class Segment:
    """Consecutive weeks that share one weekly template."""

    index: int
    phase: Phase
    first_week: int  # 1-based, inclusive
    weeks: int
    transition: bool = False

    @property
    def last_week(self) -> int:
        return self.first_week + self.weeks - 1

    @property
    def label(self) -> str:
        if self.weeks == 1:
            return f"week {self.first_week}"
        return f"weeks {self.first_week}-{self.last_week}"

    def week_numbers(self) -> range:
        return range(self.first_week, self.last_week + 1)


def _param(rules: Sequence[ActiveRule], rule_id: str, name: str) -> object:
    for active in rules:
        if active.id == rule_id and active.mode is not Mode.off:
            return getattr(active.params, name, None)
    return None


def transition_weeks(scenario: Scenario, asked: int) -> dict[int, tuple[int, int]]:
    """The transition weeks of a plan: week -> (k, n), the k-th of n after a correction.

    ``asked`` weeks open each balanced phase that follows a correction phase; a transition
    never takes the whole balanced phase (at least one week stays at 1:1).
    """
    out: dict[int, tuple[int, int]] = {}
    week = 1
    previous: Phase | None = None
    for phase, n in scenario.phase_plan():
        if previous is Phase.correction and phase is Phase.balanced:
            lead = max(0, min(asked, n - 1))
            out.update({week + k: (k + 1, lead) for k in range(lead)})
        week += n
        previous = phase
    return out


def segments(scenario: Scenario, rules: Sequence[ActiveRule] = ()) -> list[Segment]:
    """The scenario's weeks cut into template segments (see the module docstring)."""
    transition = _param(rules, "phase_ratio", "transition_weeks") or 0
    rotate = _param(rules, "consistency", "rotate_every") or 0
    lead_in = transition_weeks(scenario, transition if isinstance(transition, int) else 0)
    cuts = _dose_changes(scenario, rules)
    out: list[Segment] = []
    week = 1
    for phase, n in scenario.phase_plan():
        blocks: list[tuple[int, bool]] = []
        rest = n
        # Transition weeks one template each: each steps the ratio down (rule phase_ratio).
        while week + n - rest in lead_in:
            blocks.append((1, True))
            rest -= 1
        while rest > 0:
            size = min(rest, rotate) if isinstance(rotate, int) and rotate > 0 else rest
            blocks.append((size, False))
            rest -= size
        for size, is_transition in blocks:
            start = week
            for cut in sorted(c for c in cuts if start < c < start + size):
                out.append(Segment(len(out), phase, week, cut - week, is_transition))
                week = cut
            out.append(Segment(len(out), phase, week, start + size - week, is_transition))
            week = start + size
    return out


def _dose_changes(scenario: Scenario, rules: Sequence[ActiveRule]) -> set[int]:
    for active in rules:
        if active.id == "nordic_for_prevention" and active.mode is not Mode.off:
            # Imported here: the rule module imports hamopt.engine.compile, which imports this one.
            from hamopt.rules.builtin.nordic_for_prevention import dose_changes

            return dose_changes(scenario, active.params)  # type: ignore[arg-type]
    return set()


def segment_of_week(segs: Sequence[Segment], week: int) -> Segment:
    for seg in segs:
        if seg.first_week <= week <= seg.last_week:
            return seg
    raise ValueError(f"week {week} is outside the plan")
