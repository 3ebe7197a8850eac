"""Facts about an exercise that one solve asks for many times, worked out once.

A one-week solve builds up to three models of one scenario (the week's first slot, the short
list, the whole week: engine/solve.py) and builds the program after them, and each prices
every candidate's rep zones (session_time, session_balance, the short list's set times) and
each curl's cue shifts (rotation_cues): the same pure functions of the exercise, asked four
to twelve times a solve. Inside :func:`one_solve` each answer is worked out once.

Kept for that solve only, by the exercise's identity, with a reference to the exercise
beside each answer, so no id is reused while the solve holds it: an answer is only ever
returned for the very object it was worked out for (an equal copy gets its own). Outside a
solve nothing is kept, so nothing outlives the catalog it was read from. A context variable,
so threads started for the solve (engine/beside.py runs its work in the solve's context)
share it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

T = TypeVar("T")

_FACTS: ContextVar[dict[tuple[str, int, Hashable], tuple[object, Any]] | None] = ContextVar(
    "hamopt_exercise_facts", default=None
)


@contextmanager
def one_solve() -> Iterator[None]:
    """Remember exercise facts until the block ends (nested blocks share the outer one's)."""
    if _FACTS.get() is not None:
        yield
        return
    token = _FACTS.set({})
    try:
        yield
    finally:
        _FACTS.reset(token)


def remembered(kind: str, exercise: object, key: Hashable, work: Callable[[], T]) -> T:
    """``work()``, the answer to ``kind`` of ``exercise`` at ``key``, worked out once a solve.
    The answer is shared: callers must not change it."""
    facts = _FACTS.get()
    if facts is None:
        return work()
    slot = (kind, id(exercise), key)
    known = facts.get(slot)
    if known is not None:  # the same object: it is held beside its answers, so its id is its own
        return known[1]  # type: ignore[no-any-return]
    answer = work()
    facts[slot] = (exercise, answer)
    return answer
