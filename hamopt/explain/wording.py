"""A conflict in a coach's words: each member with its numbers, and the data behind it.

Each member of a minimal conflict (hamopt/explain/conflict.py) is put in words by its rule's
``describe`` hook, or a generic sentence from the rule's description, with the exercises it
rules out on its own; ``diagnose`` sums up the data ("no knee-flexion exercise is left").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hamopt.domain.models import Action, Catalog, ConflictItem, Exercise, Mode
from hamopt.domain.words import names_list, plural
from hamopt.explain.conflict import ConflictSearch, exclusions
from hamopt.rules.contract import ActiveRule, DescribeContext
from hamopt.rules.model_context import SESSIONS_PER_WEEK, Guard


def describe_sessions(instance: str, dctx: DescribeContext) -> str:
    """The scenario's own `sessions_per_week` in words, with the slots it has to fit."""
    wanted = dctx.scenario.schedule.sessions_per_week
    labels = names_list([s.label for s in dctx.slots], limit=21)
    # What the rules in force ask of the slots sessions take ("at least 48 h apart").
    asks = [
        said
        for active in dctx.rules.values()
        if active.mode is not Mode.off and active.rule.describe_slots is not None
        if (said := active.rule.describe_slots(dctx, active.params))
    ]
    if asks and wanted > 1:
        slots = "slots" if wanted == 2 else f"{wanted} slots pairwise"
        ask = " and ".join(asks)
        head = f"{plural(wanted, 'session')} a week {ask} need {slots} {ask}"
    else:
        head = f"{plural(wanted, 'session')} a week, each with at least one hamstring exercise"
    return f"{head}; the available slots are {labels}"


def describe_guard(guard: Guard, dctx: DescribeContext, excluded: Sequence[Exercise]) -> str:
    """One conflict member in words: the rule's own ``describe``, or a generic sentence."""
    if guard.rule == SESSIONS_PER_WEEK:
        return describe_sessions(guard.instance, dctx)
    active = dctx.rules.get(guard.rule)
    if active is not None and active.rule.describe is not None:
        return active.rule.describe(guard.instance, dctx, active.params)
    text = active.rule.summary(active.params).rstrip(".") if active else guard.rule
    text = f"{text} ({guard.instance})"
    if excluded:
        text += f"; on its own this rules out {names_list([e.name for e in excluded])}"
    return text


# Kinds of exercise whose disappearance a coach understands at once.
_KINDS: tuple[tuple[str, Any], ...] = (
    ("hamstring", lambda e: e.is_hamstring),
    ("knee-flexion", lambda e: Action.knee_flexion in e.actions),
    ("hip-extension", lambda e: e.is_hamstring and Action.hip_extension in e.actions),
    (
        "dual-action (knee flexion and hip extension)",
        lambda e: {Action.knee_flexion, Action.hip_extension} <= set(e.actions),
    ),
    ("quad", lambda e: e.is_quad),
)
_FEW_LEFT = 3


def diagnose(items: Sequence[ConflictItem], catalog: Catalog) -> list[str]:
    """The data behind a conflict: which kinds of exercise its exclusions empty or thin out."""
    out_ids = {ex for item in items for ex in item.excludes}
    if not out_ids:
        return []
    by_rule: dict[str, list[str]] = {}
    for item in items:
        if item.excludes:
            by_rule.setdefault(item.id, []).append(item.instance or item.id)
    who = "; ".join(f"{rule} ({names_list(inst, limit=3)})" for rule, inst in by_rule.items())
    lines = []
    emptied: set[str] = set()  # kinds already said to be gone need no narrower kind after them
    for kind, is_kind in _KINDS:
        of_kind = [e for e in catalog.exercises if is_kind(e)]
        gone = [e for e in of_kind if e.id in out_ids]
        if not gone or {e.id for e in of_kind} <= emptied:
            continue
        left = [e for e in of_kind if e.id not in out_ids]
        if not left:
            emptied |= {e.id for e in of_kind}
            lines.append(
                f"no {kind} exercise is left: {who} rule out all {len(of_kind)} in the catalog"
            )
        elif len(left) <= _FEW_LEFT:
            lines.append(
                f"{who} rule out {len(gone)} of the {len(of_kind)} {kind} exercises; left: "
                f"{names_list([e.name for e in left])}"
            )
    return lines



def conflict_items(
    search: ConflictSearch, guards: Sequence[Guard], rules: Sequence[ActiveRule]
) -> list[ConflictItem]:
    ctx = search.compiled.ctx
    dctx = DescribeContext(
        ctx.scenario, ctx.catalog, tuple(ctx.slots), {a.id: a for a in rules}
    )
    by_id = ctx.catalog.by_id()
    excluded = exclusions(search.compiled, guards)
    items = []
    for g in guards:
        out = [by_id[ex_id] for ex_id in excluded.get(g.literal.Index(), [])]
        items.append(
            ConflictItem(
                id=g.rule,
                instance=g.instance,
                message=describe_guard(g, dctx, out),
                excludes=[e.id for e in out],
            )
        )
    return items
