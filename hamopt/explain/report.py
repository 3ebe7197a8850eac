"""Explanations as text: why a scenario is infeasible, or how each rule scored a program.

Only formats what the Program already holds (its `conflict`, `diagnosis`, `relaxation`,
`rules` and `totals`); the words and numbers are computed by hamopt/explain/conflict.py,
hamopt/explain/relax.py and the rules' hooks. Used by `hamopt explain`, `hamopt solve
--explain` and the table renderer.
"""

from __future__ import annotations

from typing import Any

from hamopt.domain.metrics import by_weeks
from hamopt.domain.models import Program, RelaxationItem, Slot
from hamopt.domain.words import num
from hamopt.explain.infeasible import NO_TIME_TO_RELAX, NOT_MINIMAL


def _value(value: Any) -> str:
    if isinstance(value, dict) and "day" in value:
        return Slot.model_validate(value).label
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value)
    return "none" if value is None else str(value)


def _edit(item: RelaxationItem) -> str:
    """Where the change goes in the scenario file, and from what to what."""
    if isinstance(item.from_, list) and isinstance(item.to, list):
        added = [v for v in item.to if v not in item.from_]
        return f"{item.where}: add {_value(added)}"
    return f"{item.where}: {_value(item.from_)} -> {_value(item.to)}"


def infeasible_lines(program: Program) -> list[str]:
    """The conflict in words, the data behind it and the cheapest verified change."""
    if not program.conflict and not program.diagnosis:
        return []
    n = len(program.conflict)
    if n == 0:
        lines = ["Why: no set of requirements in conflict could be named:"]
    elif NOT_MINIMAL in program.diagnosis:
        lines = [f"Why: these {n} requirements cannot all hold together (the time limit cut "
                 "the search short: a smaller set may be enough):"]
    elif n == 1:
        lines = ["Why: this requirement cannot hold, whatever the other rules allow:"]
    else:
        lines = [f"Why: these {n} requirements cannot all hold together (drop any one and the "
                 "rest can):"]
    for item in program.conflict:
        where = f"{item.id} ({item.instance})" if item.instance else item.id
        lines.append(f"  - {where}: {item.message}")
    lines += [f"  * {sentence}" for sentence in program.diagnosis]
    if program.relaxation:
        cost = sum(r.cost for r in program.relaxation)
        lines.append(f"Cheapest change that makes it solve (cost {cost}, checked by re-solving):")
        for r in program.relaxation:
            lines.append(f"  + {r.change}  [{_edit(r)}]")
    elif program.conflict and NO_TIME_TO_RELAX not in program.diagnosis:
        lines.append("No change on offer makes it solve; see the requirements above.")
    return lines


def _percent(share: float) -> str:
    return f"{num(share * 100)}%"


def rule_lines(program: Program) -> list[str]:
    """Per rule: kept or broken, hard or soft, penalty and share, and the numbers behind it."""
    lines = []
    total = sum(r.penalty for r in program.rules)
    quality = sum(r.quality for r in program.rules)
    if program.rules:
        # Penalties rank first; quality (lower is better) orders programs with equal penalties.
        lines.append(f"Rules (total penalty {num(total)}, quality {num(quality)}):")
    for r in program.rules:
        state = r.status or ("kept" if r.satisfied else "broken")
        mark = {"kept": "ok", "broken": "!!"}.get(state, "--")
        cost = f", penalty {num(r.penalty)} ({_percent(r.share)})" if r.penalty else ""
        cost += f", quality {num(r.quality)}" if r.quality else ""
        lines.append(f"  {mark} {r.id} [{r.mode}] {state}{cost}: {r.justification or r.message}")
        if not r.satisfied:
            lines.append(f"     broken: {r.message}")
    return lines


def totals_lines(program: Program) -> list[str]:
    """The week's totals; a plan's for each wording (weeks alike once), not week 1's alone."""
    t = program.totals
    if not t:
        return []
    per_week = {w.get("week"): w for w in t.get("per_week", [])}
    said = by_weeks(program.weeks, lambda week: _totals_words(per_week.get(week.week, t)))
    if len(said) <= 1:
        return [f"Totals: {said[0] if said else _totals_words(t)}"]
    return ["Totals:", *(f"  {words}" for words in said)]


def _totals_words(t: dict[str, Any]) -> str:
    heads = ", ".join(f"{h} {num(v)}" for h, v in t.get("head_sets", {}).items())
    gaps = t.get("hours_between_sessions") or []
    ratio = t.get("ratio")
    return (
        f"hamstring sets {t.get('hamstring_sets')}, quad sets {t.get('quad_sets')}, "
        f"ratio {num(ratio) + ':1' if ratio is not None else 'no quad work'}; "
        f"weighted sets per head: {heads}; "
        f"hours between sessions: {', '.join(num(g) for g in gaps) or 'one session'}"
    )

def explain_text(program: Program) -> str:
    """`hamopt explain`: the per-rule report when solved, the conflict when infeasible."""
    head = f"{program.scenario or 'scenario'}: {program.status}"
    if program.status in ("optimal", "feasible"):
        body = rule_lines(program) + totals_lines(program)
    elif program.status == "infeasible":
        body = infeasible_lines(program)
    else:
        body = ["No program was found within the time limit, and none was proven impossible."]
    return "\n".join([head, *body]) + "\n"
