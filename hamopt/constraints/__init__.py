"""Deprecated: the rule SDK moved to :mod:`hamopt.rules` (docs/architecture.md).

``hamopt.constraints.base`` and ``hamopt.constraints.registry`` still import, with a
DeprecationWarning, so rule plugins written against them keep working.
"""
