"""The rule contract: what every module under ``hamopt/constraints/`` provides.

A rule is two independent readings of one coaching rule:

* ``encode(ctx, params)`` adds CP-SAT constraints. Every constraint is guarded by an
  *instance literal* obtained from ``ctx.guard(...)`` (one per session, per head, per slot
  pair ...). The rule's mode decides what the literal means: fixed true (hard), free with a
  penalty when false (soft), or an assumption (explanations). So one encoder serves hard,
  soft and "why infeasible" without knowing which.
* ``check(program, ctx, params)`` re-reads the rule in plain Python over a finished Program
  and returns the violated instances. Tests hold the two against each other.

A rule may also have a *goal*: an always-on objective term (e.g. "lift the least-covered
head"). ``encode`` adds it with ``ctx.add_goal``; ``goal`` recomputes its value from a
Program, so the reported penalty never comes from the solver alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

from hamopt.models import Mode

if TYPE_CHECKING:
    from hamopt.check import CheckContext
    from hamopt.compile import ModelContext
    from hamopt.models import Program


class Params(BaseModel):
    """Base for rule parameters: unknown keys are errors naming the valid ones."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class Violation:
    """One broken instance of a rule, in words a coach understands."""

    rule: str
    instance: str
    message: str


EncodeFn = Callable[["ModelContext", Any], None]
CheckFn = Callable[["Program", "CheckContext", Any], list[Violation]]
GoalFn = Callable[["Program", "CheckContext", Any], int]


@dataclass(frozen=True)
class Rule:
    """A registered rule. Modules build one of these as their module-level ``RULE``."""

    id: str
    description: str
    params: type[Params]
    encode: EncodeFn
    check: CheckFn
    goal: GoalFn | None = None
    default_mode: Mode = Mode.hard
    default_weight: int = 1000
    # Free text for `hamopt rules`: where the defaults come from.
    sources: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ActiveRule:
    """A rule as a resolved rule set switches it on: mode, weight and validated params."""

    rule: Rule
    mode: Mode
    weight: int
    params: Params

    @property
    def id(self) -> str:
        return self.rule.id
