"""Deprecated: the rule contract is :mod:`hamopt.rules.contract`, the contexts rules see are
:mod:`hamopt.rules.model_context` and :mod:`hamopt.rules.check_context`. Re-exported here so
plugins written against hamopt.constraints.base keep working."""

from __future__ import annotations

import warnings

from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import (
    ActiveRule,
    DescribeContext,
    Params,
    PlanContext,
    PlanMarks,
    Relaxation,
    Rule,
    SlotUse,
    Violation,
    relative_cost,
)
from hamopt.rules.model_context import Candidate, ModelContext

__all__ = [
    "ActiveRule", "Candidate", "CheckContext", "DescribeContext", "ModelContext", "Params",
    "PlanContext", "PlanMarks", "Relaxation", "Rule", "SlotUse", "Violation", "relative_cost",
]  # fmt: skip

warnings.warn(
    "hamopt.constraints.base is deprecated: import the rule SDK from hamopt.rules.contract "
    "(Rule, Params, Violation), hamopt.rules.model_context (ModelContext) and "
    "hamopt.rules.check_context (CheckContext)",
    DeprecationWarning,
    stacklevel=2,
)
