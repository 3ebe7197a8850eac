"""The spellings the loader reads besides the canonical one, written into a JSON Schema.

pydantic validates a file in lax mode: ``minutes_per_session: "60"`` is the number 60,
``kneeling: "yes"`` is true, ``sessions_per_week: 60.0`` is 60, and YAML 1.1 reads an
unquoted ``yes`` as true, which an integer field takes as 1. A schema that said only
``type: integer`` would reject files the loader takes. :func:`with_text_forms` rewrites
every integer, number and boolean node into ``anyOf`` the canonical node and those other
spellings, each marked ``deprecated`` (accepted, but write the canonical form), so an editor
still completes the canonical one and the coach's page builds its form from it.

A number written as text is held to its bounds where the range is small enough to spell out
as a pattern (``"5"`` for minutes 10-240 is rejected as the loader rejects it); a wider
range only checks that the text is a number.
"""

from __future__ import annotations

from typing import Any

# pydantic's integer parser: optional sign, digits (underscores between them), ".0..." and
# surrounding spaces; its float parser adds a fraction and an exponent.
_INT_TEXT = r"^\s*[+-]?[0-9]+(?:_[0-9]+)*(?:\.0*)?\s*$"
_NUMBER_TEXT = r"^\s*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*$"
# The words pydantic reads as booleans, in any case.
_BOOL_WORDS = ("0", "1", "off", "on", "f", "t", "false", "true", "n", "y", "no", "yes")
# Ranges up to this many values are spelled out in the text pattern, bounds included.
_MAX_SPELLED = 400

_ANNOTATIONS = ("title", "description", "default", "examples")
# Keys whose values are data, not schemas: never rewritten.
_DATA_KEYS = frozenset({"enum", "const", "default", "examples", "required", "propertyNames"})


def any_case(word: str) -> str:
    """A regex for ``word`` in any case, without inline flags (JSON Schema's patterns are
    ECMA-262, which has no ``(?i)``)."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in word)


def _alternative(schema: dict[str, Any], note: str) -> dict[str, Any]:
    return {**schema, "deprecated": True, "description": note}


def _int_bounds(node: dict[str, Any]) -> tuple[float | None, float | None]:
    lo = node.get("minimum")
    if "exclusiveMinimum" in node:
        lo = node["exclusiveMinimum"] + 1
    hi = node.get("maximum")
    if "exclusiveMaximum" in node:
        hi = node["exclusiveMaximum"] - 1
    return lo, hi


def int_text(lo: float | None, hi: float | None) -> str:
    if lo is None or hi is None or lo < 0 or hi - lo > _MAX_SPELLED:
        return _INT_TEXT
    values = "|".join(str(v) for v in range(int(lo), int(hi) + 1))
    return rf"^\s*\+?0*(?:{values})(?:\.0*)?\s*$"


def _in_range(value: int, node: dict[str, Any]) -> bool:
    lo, hi = _int_bounds(node) if node.get("type") == "integer" else (
        node.get("minimum"), node.get("maximum")
    )
    return (lo is None or value >= lo) and (hi is None or value <= hi)


def _text_forms(node: dict[str, Any]) -> dict[str, Any]:
    kind = node["type"]
    branches: list[dict[str, Any]] = []
    if kind == "boolean":
        branches.append(_alternative({"enum": [0, 1]}, "0 or 1, read as false or true"))
        words = "|".join(any_case(w) for w in _BOOL_WORDS)
        branches.append(
            _alternative(
                {"type": "string", "pattern": f"^(?:{words})$"},
                "yes/no, on/off, true/false, y/n, t/f or 0/1 as text, any case",
            )
        )
    else:
        if kind == "integer":
            pattern = int_text(*_int_bounds(node))
            note = 'the whole number written as text ("60")'
        else:
            pattern = _NUMBER_TEXT
            note = 'the number written as text ("0.5")'
        branches.append(_alternative({"type": "string", "pattern": pattern}, note))
        # YAML 1.1 reads unquoted yes/no/on/off as booleans; pydantic takes them as 1 and 0.
        for flag, value in ((True, 1), (False, 0)):
            if _in_range(value, node):
                branches.append(_alternative({"const": flag}, f"{flag} (read as {value})"))
    outer = {k: node[k] for k in _ANNOTATIONS if k in node}
    inner = {k: v for k, v in node.items() if k not in _ANNOTATIONS}
    return {**outer, "anyOf": [inner, *branches]}


def with_text_forms(node: Any) -> Any:
    """``node`` with every integer, number and boolean schema in it accepting the loader's
    other spellings (see the module's docstring). Returns a new tree."""
    if isinstance(node, list):
        return [with_text_forms(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {k: (v if k in _DATA_KEYS else with_text_forms(v)) for k, v in node.items()}
    if out.get("type") in ("integer", "number", "boolean"):
        return _text_forms(out)
    return out
