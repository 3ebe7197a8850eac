"""The JSON Schema of one roster row (`hamopt schema roster`), as hamopt.inputs.roster reads it.

A roster is CSV, so every cell is text: the schema is of a row as a mapping from the
canonical column names (hamopt.inputs.roster.COLUMNS) to strings, with the patterns the row
reader accepts. Cells are trimmed and enumerated values read in any case; a list cell is
separated by ``;`` (``,`` and ``|`` too); an empty cell takes the gym profile's default.
What a pattern cannot say (an unknown exercise id, a slot outside the opening hours, the same
slot twice) the loader still reports, at the row's line and column.
"""

from __future__ import annotations

from typing import Any

from hamopt.domain.models import DAYS, MAX_WEEKS, Contraindication, Goal, Level, Phase, Side
from hamopt.inputs.roster import COLUMNS
from hamopt.inputs.schema_text import any_case, int_text

_SEP = r"\s*[;,|][\s;,|]*"
_ID = r"[a-zA-Z][a-zA-Z0-9_]{0,63}"  # lowercased before it is checked
_TIME = r"(?:[01][0-9]|2[0-3]):[0-5][0-9]"
_DAY = "(?:" + "|".join(any_case(d) for d in DAYS) + ")"


def _one_of(words: list[str]) -> str:
    return "(?:" + "|".join(any_case(w) for w in words) + ")"


def _cell(item: str) -> str:
    """A cell with one ``item`` or none (an empty cell takes the gym's default)."""
    return rf"^\s*(?:{item})?\s*$"


def _list(item: str, *, required: bool = False) -> str:
    body = rf"{item}(?:{_SEP}{item})*"
    return rf"^[\s;,|]*{body}[\s;,|]*$" if required else rf"^[\s;,|]*(?:{body})?[\s;,|]*$"


def _number(lo: int, hi: int) -> str:
    # int_text's pattern anchored for a whole value; an empty cell is allowed too.
    return rf"^\s*$|{int_text(lo, hi)}"


_PATTERNS: dict[str, tuple[str, str]] = {
    "id": (r"\S", "The client's id, unique in the roster (any text)."),
    "name": (r"", "The program's title (default: the id)."),
    "experience": (_cell(_one_of(list(Level))), "beginner, intermediate or advanced."),
    "goals": (_list(_one_of(list(Goal))), "hypertrophy; strength; injury_prevention."),
    "contraindications": (
        _list(_one_of(list(Contraindication))),
        "low_back_pain; knee_pain; cannot_kneel.",
    ),
    "weaker_side": (_cell(_one_of(list(Side))), "left or right, or empty."),
    "phase": (_cell(_one_of(list(Phase))), "correction (2:1) or balanced (1:1)."),
    "slots": (
        _list(rf"{_DAY}(?:\s+{_TIME})?", required=True),
        "When the client can train: 'mon 18:00; wed 18:00; sat' (a day alone counts from "
        "12:00).",
    ),
    "matches": (
        _list(rf"{_DAY}(?:\s+{_TIME})?"),
        "The week's matches or races: 'sat 15:00' (no Nordic or heavy barbell work within 72 h "
        "before one), or empty.",
    ),
    "sessions_per_week": (_number(1, 7), "Sessions a week, 1-7."),
    "minutes": (_number(10, 240), "Minutes per session, 10-240."),
    "weeks": (_number(1, MAX_WEEKS), f"Program length in weeks, 1-{MAX_WEEKS} (default 1)."),
    "exclude": (_list(_ID), "Exercise ids the client will not do."),
    "favour": (_list(_ID), "Exercise ids the client would like."),
}


def roster_row_schema() -> dict[str, Any]:
    """One row: the columns by canonical name, each a string with its pattern."""
    assert set(_PATTERNS) == set(COLUMNS), "a roster column without a schema"
    props = {}
    for column in COLUMNS:
        pattern, description = _PATTERNS[column]
        props[column] = {"type": "string", "description": description}
        if pattern:
            props[column]["pattern"] = pattern
    return {
        "title": "RosterRow",
        "type": "object",
        "properties": props,
        "required": ["id", "slots"],
        "additionalProperties": False,
    }
