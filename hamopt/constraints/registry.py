"""Deprecated: the registry is :mod:`hamopt.rules.registry`; re-exported for old plugins."""

from __future__ import annotations

import warnings

from hamopt.rules.registry import (
    BUILTIN_MODULES,
    ENTRY_POINT_GROUP,
    RegistryError,
    all_rules,
    get_rule,
)

__all__ = ["BUILTIN_MODULES", "ENTRY_POINT_GROUP", "RegistryError", "all_rules", "get_rule"]

warnings.warn(
    "hamopt.constraints.registry is deprecated: use hamopt.rules.registry",
    DeprecationWarning,
    stacklevel=2,
)
