"""The weeks of a plan as segments: one weekly template per segment, not one model per week.

A scenario's horizon is its phases (``phases:``, or ``phase:`` for every week). Each phase is
one *segment*: the solver builds one weekly template for it (the one-week core model of
hamopt/engine/compile.py) and the plan repeats it for the segment's weeks, with per-week
targets filled in afterwards by the rules' ``annotate`` hooks. So 52 weeks of two phases cost
two templates, not 52 copies of a week.

Rules cut segments further through their ``plan`` hook (hamopt/rules/contract.py), because
their weeks need a template of their own: a week that starts a new dose, a rotation block,
a transition week between two ratios. The engine knows none of them by name: it starts a new
segment at every week a rule names in ``starts`` and wherever the rules' marks change, and
hands each segment the marks of its weeks.

*Interludes* (``PlanMarks.interludes``: volume_ramp's deload weeks, where it finds sharing
exact) interrupt a segment without ending it. The plan is cut into *runs* of consecutive
weeks (an interlude is a run of one week, and the weeks after it begin a new run) within
*blocks* (the weeks between two cuts of the kinds above), and runs share templates:

* the runs of a block that are *interchangeable* share one: as many weeks, followed by the
  same kind of interlude (or by none), and after that interlude by the same block or by the
  plan's end. A 104-week sprinter plan with a deload every 4 weeks has runs 13-15, 17-19,
  ..., 101-103 of one block (3 weeks, then a deload): one template; week 11 (1 week, then a
  deload) and weeks 9-10 (2 weeks, then a new dose) keep their own;
* the interlude weeks with the same marks that follow the same template, within one block,
  share one (a deload is the cut of the week before).

That plan is 11 templates where a template per run made 55 (and found no program within 30
deterministic seconds); it no longer grows with the number of deloads.

What sharing costs. The shared model is the model with a template per run (``share="none"``)
plus "these runs are equal", so its optimum is never better, and it is the same when some
best unshared program can be rewritten with each group of interchangeable runs equal at no
cost. The rewrite puts the group's cheapest run (with its deload) in place of every run of
the group; volume_ramp declares interludes only where its pieces hold
(``volume_ramp.shareable``: every rule relating weeks hard, none a plugin's):

* cost and weekly rules: the runs of a group have as many weeks, the same phase, marks and
  keys, and the same kind of interlude after them, and a deload is its run cut (a function
  of the run, volume_ramp's ``_cut``), so each run with its deload costs what another does;
* consistency holds every run of a block, and its deloads, to the same exercises anyway
  (rotation weeks start blocks); phase_ratio's transition weeks are blocks of their own;
* progression's narrow rep zones: with ``min_weeks`` at most ``deload_every``, a run followed
  by a deload (which keeps its zones) already fills a window, so no run of a group can use
  one, and which run the copy comes from cannot matter;
* volume_ramp's rise: between equal runs it always holds, and the run before a deload is the
  base of the run after it, hence "followed by the same block or the plan's end".

**Not exact in one case.** The rewrite may break volume_ramp's rise into a block's *first*
run from the block before it: when the group's cheapest run has more hamstring sets than
``max_rise_pct`` allows over the weeks before the block, the unshared model can climb to it
one rise per deload, where the shared group gets one rise in all, and the shared optimum is
worse. (The plan without deloads reads the same way: a block is one template and cannot
climb within itself either.) The one built-in reason to start low, ``start_sets``, turns
sharing off, but it is not the only possible one: a block whose own rules hold its volume
more than ``max_rise_pct`` below the next block's best would do it, and nothing rules that out.
Plans small enough to solve both ways give the same optimum shared and unshared
(tests/engine/test_horizon.py); the 104-week plan cannot be solved unshared to compare.
Sharing *every* run of a block (``share="block"``, the plan without deloads) is not exact:
a block's last run before a new dose pays no deload, and on a 10-week plan its best week
differs (tests/engine/test_horizon.py).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Literal

from hamopt.domain.models import Mode, Phase, Scenario
from hamopt.rules.contract import ActiveRule, PlanContext
from hamopt.rules.model_context import Segment


@dataclass(frozen=True)
class _Marks:
    starts: frozenset[int]
    marks: dict[int, frozenset[str]]
    interludes: frozenset[int]
    keys: dict[int, tuple[tuple[str, Hashable], ...]]  # week -> (rule, key) of each rule


def _plan_marks(scenario: Scenario, rules: Sequence[ActiveRule]) -> _Marks:
    """Every active rule's template starts, week marks and interludes, merged."""
    on = [active for active in rules if active.mode is not Mode.off]
    pctx = PlanContext(scenario, {active.id: active for active in on})
    starts: set[int] = set()
    interludes: set[int] = set()
    marks: dict[int, frozenset[str]] = {}
    keys: dict[int, tuple[tuple[str, Hashable], ...]] = {}
    for active in on:
        if active.rule.plan is None:
            continue
        said = active.rule.plan(pctx, active.params)
        starts |= set(said.starts)
        interludes |= set(said.interludes)
        for week, names in said.marks.items():
            marks[week] = marks.get(week, frozenset()) | names
        for week, key in said.keys.items():
            keys[week] = (*keys.get(week, ()), (active.id, key))
    return _Marks(frozenset(starts), marks, frozenset(interludes), keys)


@dataclass(frozen=True)
class _Week:
    week: int
    phase: Phase
    marks: frozenset[str]
    interlude: bool
    block: int  # weeks of one block repeat one template, interludes aside
    keys: tuple[tuple[str, Hashable], ...]  # what weekly rules read of the week (PlanMarks)


def _weeks(scenario: Scenario, said: _Marks) -> list[_Week]:
    """Each week with its block: a new block at each phase, each rule's start, and where
    the marks of the weeks that are not interludes change."""
    none: frozenset[str] = frozenset()
    out: list[_Week] = []
    week, block = 1, 0
    for phase, n in scenario.phase_plan():
        block += 1
        normal: frozenset[str] | None = None  # the block's marks, interludes aside
        for w in range(week, week + n):
            marks = said.marks.get(w, none)
            interlude = w in said.interludes
            changed = not interlude and normal is not None and marks != normal
            if w > week and (w in said.starts or changed):
                block, normal = block + 1, None
            if not interlude:
                normal = marks
            out.append(_Week(w, phase, marks, interlude, block, said.keys.get(w, ())))
        week += n
    return out


Sharing = Literal["exact", "block", "none"]


def segments(
    scenario: Scenario, rules: Sequence[ActiveRule] = (), *, share: Sharing = "exact"
) -> list[Segment]:
    """The plan's runs of weeks in order, each naming the template it repeats
    (``Segment.template``; see the module docstring). Without interludes every run is a
    template of its own whatever ``share`` says. With them, ``share``:

    * "exact": runs share a template where they are interchangeable (the module docstring);
    * "block": every run of a block shares one, as in the plan without interludes: a coarser
      model whose programs are programs of the exact one, not exact (for comparisons);
    * "none": a template per run (the plan before sharing existed, for comparisons).
    """
    weeks = _weeks(scenario, _plan_marks(scenario, rules))
    spans: list[tuple[_Week, int]] = []  # each run's first week and length
    for i, wk in enumerate(weeks):
        before = weeks[i - 1] if i else None
        if (
            before is not None and not wk.interlude and not before.interlude
            and (before.phase, before.marks, before.block) == (wk.phase, wk.marks, wk.block)
        ):  # fmt: skip
            spans[-1] = (spans[-1][0], spans[-1][1] + 1)
        else:
            spans.append((wk, 1))
    runs: list[Segment] = []
    keys: dict[Hashable, int] = {}
    for i, (wk, n) in enumerate(spans):
        after = spans[i + 1][0] if i + 1 < len(spans) else None
        key: Hashable
        if share == "none":
            key = i
        elif wk.interlude:
            # The week before decides what an interlude is made of (a deload cuts it).
            key = ("interlude", runs[-1].template if runs else None, wk.marks, wk.block, wk.keys)
        elif share == "block":
            key = ("block", wk.block, wk.keys)
        else:
            # Interchangeable: the same block, as many weeks, followed by the same kind of
            # interlude (or by none), and after it the same block or the plan's end (the
            # run before a deload is the next run's base, volume_ramp), so each costs what
            # the other does (module docstring).
            follows = None
            if after is not None and after.interlude:
                beyond = spans[i + 2][0].block if i + 2 < len(spans) else wk.block
                follows = (after.marks, after.block, after.keys, beyond)
            key = ("block", wk.block, wk.keys, n, follows)
        template = keys.setdefault(key, len(keys))
        runs.append(Segment(i, wk.phase, wk.week, n, wk.marks, template=template))
    return runs


def templates_of(runs: Sequence[Segment]) -> list[Segment]:
    """One segment per template of ``runs`` (horizon.segments), in order of first use: its
    first run's phase, first week and marks, the weeks of all its runs, and the runs."""
    by_template: dict[int, list[Segment]] = {}
    for run in runs:
        by_template.setdefault(run.repeats, []).append(run)
    out = []
    for index, own in sorted(by_template.items()):
        first = own[0]
        shared = tuple((r.first_week, r.weeks) for r in own) if len(own) > 1 else ()
        weeks = sum(r.weeks for r in own)
        out.append(Segment(index, first.phase, first.first_week, weeks, first.marks, runs=shared))
    return out
