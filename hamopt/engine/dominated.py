"""Hamstring exercises that enough others beat on everything the model reads: no candidate.

A gym's library holds many variants of one movement (grip, stance, machine brand), and most
are no better than another one for this athlete: same family, same joints, time, fit and rep
range, no more stimulus on any head. Each variant is a candidate in every slot, and the proof
of optimality explores them all: 1,000 exercises took 13 deterministic seconds where the
shipped 51 take 0.04 (benchmarks/results/growth.md). Here they are left out before the
solver sees them. Quad twins are interchangeable.py's job; this module is the hamstrings'.

**Dominance.** D dominates B when both are hamstring exercises with the same
``signature`` (every attribute a rule or the objective reads, with ``stimulus`` and
``long_length_bias`` left out), D gives each head at least B's stimulus, with every foot
cue as without one (``cues.cued_pct``: a cue moves stimulus in proportion to it, so it is
compared cue by cue), and at least B's long-length bias, and D is better somewhere or sorts
first by id (so twins are ordered and no two exercises dominate each other).

**Exact**, by an exchange: B is left out only when at least ``k`` exercises dominate it,
where ``k`` is how many members of one family a program can hold (one exercise per family a
session is a hard rule, ``Rule.families_exclusive``; at most ``sessions_per_week`` sessions
in each of the plan's weekly templates, so ``k`` = sessions x templates). Take an optimal
program that uses B: it holds at most k - 1 other members of B's family, so some D that
dominates B is unused; putting D wherever B was keeps every rule (they read D as B, and
more stimulus or length never hurts any of them, ``Rule.stimulus_monotone``) and costs no
more. D is strictly above B in the order, so repeating ends, with a program as good that
uses no left-out exercise. Exercises a rule or the scenario treats by id are never left
out and never count as dominators: the preferences, any id in an active rule's parameters,
what a rule picks by id from the data (``Rule.named_exercises``, e.g. the Nordic
substitute), and progressions (as in interchangeable.py).

The rules still see the whole catalog (their ``prepare``, their tables, the checkers); only
the left-out exercises get no candidate. An explanation of an infeasible scenario may drop
the family rule itself, so it runs on every candidate (``compile_model(explain=True)``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from hamopt.domain.cues import ROTATIONS, base_pct, cued_pct, is_curl
from hamopt.domain.fit import usable
from hamopt.domain.models import HEADS, Catalog, Exercise, Mode, Scenario
from hamopt.engine.interchangeable import read_attributes
from hamopt.rules.contract import ActiveRule

# What the order compares: more is never worse for any built-in rule (see the docstring).
_ORDERED = ("stimulus", "length_bias")


def _group_key(exercise: Exercise) -> tuple[object, ...]:
    """``signature`` without the ordered attributes: exercises that may dominate each other."""
    return tuple(v for k, v in read_attributes(exercise).items() if k not in _ORDERED)


def _scores(exercise: Exercise) -> tuple[int, ...]:
    """Everything ordered, as integers the model uses: each head's stimulus in hundredths
    without a cue and with each cue, then the long-length bias in hundredths."""
    base = base_pct(exercise)
    # A cue moves stimulus on curls only (cues.shift_pct); elsewhere every cue reads as none.
    cued = [cued_pct(exercise, r) for r in ROTATIONS] if is_curl(exercise) else [base] * 2
    heads = [load[h] for load in (base, *cued) for h in HEADS]
    return (*heads, round(exercise.long_length_bias * 100))


def _dominates(a: tuple[tuple[int, ...], str], b: tuple[tuple[int, ...], str]) -> bool:
    (sa, ida), (sb, idb) = a, b
    return all(x >= y for x, y in zip(sa, sb, strict=True)) and (sa != sb or ida < idb)


def _ids_in(value: Any) -> Iterator[str]:
    """Every string anywhere in a rule's parameters (ids among them)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _ids_in(k)
            yield from _ids_in(v)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for v in value:
            yield from _ids_in(v)


def named_by_id(
    scenario: Scenario, catalog: Catalog, rules: Sequence[ActiveRule]
) -> frozenset[str]:
    """Exercises the scenario or an active rule treats by id rather than by attributes."""
    ids = {e.id for e in catalog.exercises}
    named = {ex_id for _field, ex_id in scenario.preferences.all_ids()}
    for active in rules:
        if active.mode is Mode.off:
            continue
        named |= ids & set(_ids_in(active.params.model_dump(mode="json")))
        if active.rule.named_exercises is not None:
            named |= set(active.rule.named_exercises(active.params, scenario, catalog))
    return frozenset(named)


def members_a_program_holds(scenario: Scenario, templates: int) -> int:
    """How many exercises of one family a program can hold: one a session, in each template."""
    return scenario.schedule.sessions_per_week * templates


Member = tuple[tuple[int, ...], str]  # (``_scores``, id)


# The last scenario, catalog and rules asked about, and their groups. One solve asks up to
# seven times (the full model and each narrow one, the dominance reduction, the twins, the
# narrow model's choice): 0.23 s each time with a 1,000-exercise catalog. Held by identity
# (strong references, so no id is reused while cached), as fit._options is.
_last_groups: tuple[Scenario, Catalog, int, tuple[ActiveRule, ...], list[list[Member]]] | None = (
    None
)
# dominated_to_skip's answer per ``k`` for the groups cached above (the three models of a
# solve ask for the same one: its pairwise comparisons were 0.05 s a time for 1,000).
_skip_for_groups: tuple[list[list[Member]], dict[int, frozenset[str]]] | None = None


def variant_groups(
    scenario: Scenario, catalog: Catalog, rules: Sequence[ActiveRule]
) -> list[list[Member]]:
    """The hamstring exercises that may dominate each other, grouped by ``_group_key``; none
    when the reduction would not be exact (no hard one-per-family rule, or a rule that more
    stimulus can hurt). Callers read the lists; they never change them."""
    global _last_groups
    last, asked = _last_groups, tuple(rules)
    if (
        last is not None
        and last[0] is scenario
        and last[1] is catalog
        and last[2] == len(catalog.exercises)
        and len(last[3]) == len(asked)
        and all(a is b for a, b in zip(last[3], asked, strict=True))
    ):
        return last[4]
    groups = _variant_groups(scenario, catalog, asked)
    _last_groups = (scenario, catalog, len(catalog.exercises), asked, groups)
    return groups


def _variant_groups(
    scenario: Scenario, catalog: Catalog, rules: Sequence[ActiveRule]
) -> list[list[Member]]:
    live = [a for a in rules if a.mode is not Mode.off]
    one_per_family = any(
        a.mode is Mode.hard
        and a.rule.families_exclusive is not None
        and a.rule.families_exclusive(a.params)
        for a in live
    )
    monotone = all(
        a.rule.stimulus_monotone is None or a.rule.stimulus_monotone(a.params) for a in live
    )
    if not one_per_family or not monotone:
        return []
    named = named_by_id(scenario, catalog, live)
    phased = len(scenario.phase_plan()) > 1
    targets = {e.progresses_to for e in catalog.exercises if e.progresses_to}
    groups: dict[tuple[object, ...], list[Member]] = defaultdict(list)
    for exercise in catalog.exercises:
        if (
            not exercise.is_hamstring
            or exercise.id in named
            or exercise.id in targets
            or (phased and exercise.progresses_to is not None)
            or not usable(exercise, scenario)
        ):
            continue
        groups[_group_key(exercise)].append((_scores(exercise), exercise.id))
    return [members for members in groups.values() if len(members) > 1]


def dominated_to_skip(
    scenario: Scenario, catalog: Catalog, rules: Sequence[ActiveRule], templates: int
) -> frozenset[str]:
    """Ids of hamstring exercises that ``k`` others dominate (see the module docstring)."""
    global _skip_for_groups
    k = members_a_program_holds(scenario, templates)
    groups = variant_groups(scenario, catalog, rules)
    if _skip_for_groups is None or _skip_for_groups[0] is not groups:
        _skip_for_groups = (groups, {})
    known = _skip_for_groups[1]
    if k not in known:
        skip: set[str] = set()
        for members in groups:
            if len(members) <= k:
                continue
            for b in members:
                if sum(1 for a in members if a is not b and _dominates(a, b)) >= k:
                    skip.add(b[1])
        known[k] = frozenset(skip)
    return known[k]


def all_but_the_best(
    scenario: Scenario, catalog: Catalog, rules: Sequence[ActiveRule], keep: int = 1
) -> frozenset[str]:
    """Every member of a group but its ``keep`` best (most head stimulus in all, then
    long-length bias, then id): the narrow model of hamopt/engine/narrow.py. Not exact, and
    not meant to be: its program is one of the full model's, so its cost bounds the full
    optimum.

    narrow.py keeps as many as a program can hold (``members_a_program_holds``): with one
    member a group, the second session of a week, where variety asks for another exercise,
    had to take a poorer one. A 1,000-exercise library's narrow program then cost more than
    the optimum, and the canonical solve ran on the full model (0.095 deterministic s, of the
    solve's 0.226); keeping two holds the optimum (0.011)."""
    skip: set[str] = set()
    for members in variant_groups(scenario, catalog, rules):
        ranked = sorted(members, key=lambda m: (-sum(m[0][: len(HEADS)]), -m[0][-1], m[1]))
        skip.update(ex_id for _scores, ex_id in ranked[keep:])
    return frozenset(skip)


def twin_chains(
    scenario: Scenario, catalog: Catalog, rules: Sequence[ActiveRule], skip: frozenset[str]
) -> list[list[str]]:
    """Kept exercises that are the same to every rule (same group, same scores), by id: in
    each chain an exercise may appear only if the one before it does (compile_model).

    Exact by relabelling: a program that uses a twin and not the one before it has a twin
    program at the same cost with the two ids swapped (no rule reads either by id, or it
    would not be in a group)."""
    chains: list[list[str]] = []
    for members in variant_groups(scenario, catalog, rules):
        same: dict[tuple[int, ...], list[str]] = defaultdict(list)
        for scores, ex_id in members:
            if ex_id not in skip:
                same[scores].append(ex_id)
        chains.extend(sorted(ids) for ids in same.values() if len(ids) > 1)
    return sorted(chains)
