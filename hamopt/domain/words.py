"""Small helpers that turn lists and numbers into the words explanations use."""

from __future__ import annotations

from collections.abc import Sequence


def names_list(names: Sequence[str], limit: int = 6) -> str:
    """"A, B and C"; past ``limit`` names, "A, B, C and 4 more"."""
    names = list(names)
    if not names:
        return ""
    if len(names) > limit:
        return f"{', '.join(names[:limit])} and {len(names) - limit} more"
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} and {names[-1]}"


def article(word: str) -> str:
    """The word with its indefinite article: "a beginner", "an intermediate"."""
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


def num(value: float) -> str:
    """A number as a coach writes it: 48, 2.5, 6.3 (no trailing zeros, two decimals at most)."""
    return f"{round(value, 2):g}"


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"
