"""Fields a rule adds to a program's lines or weeks: one mechanism for built-ins and plugins.

A rule that writes something onto the program (a foot-position cue on a line, a mark on a
week) declares it as an :class:`OutputField` in its ``Rule.fields``; the rule registry
declares every registered rule's fields here (:func:`declare`) when it loads the rules. The
program models (``ProgramExercise``, ``ProgramWeek``) keep such values in ``extras`` and:

* read them from a file or a dict by their own name, validated against the declared type
  (an undeclared key is still an unknown key);
* write them at the declared place (``after`` another field) with the declared default when
  a program leaves them unset, so a program's JSON has the same keys whatever rule set
  solved it;
* show them in the JSON Schema (``hamopt schema program``).

Which fields exist is a matter of the registry (every rule it knows), not of the rule set in
force: readers rely on a program's keys, and switching a rule off must not remove them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import import_module
from typing import Any, Literal

from pydantic import TypeAdapter

Level = Literal["line", "week"]
LEVELS: tuple[Level, ...] = ("line", "week")


@dataclass(frozen=True)
class OutputField:
    """A field a rule owns on a program line (``on="line"``) or week (``on="week"``).

    ``type`` is any annotation pydantic validates (``bool``, ``Literal["a", "b"] | None``);
    ``default`` is what a program that leaves it unset shows. ``after`` names the field it
    follows in the output (a model field or another rule's field); None, or a field that is
    not there, puts it last. ``words`` says a value for people (the table, Markdown, the
    card); without it a true boolean shows the field's name, any other set value itself with
    underscores as spaces, and the default shows nothing.
    """

    name: str
    type: Any
    on: Level = "line"
    default: Any = None
    description: str = ""
    after: str | None = None
    words: Callable[[Any], str | None] | None = None

    def adapter(self) -> TypeAdapter[Any]:
        return _adapter(self.type)

    def shown(self, value: Any) -> str | None:
        """The value in words, or None when there is nothing to show."""
        if self.words is not None:
            return self.words(value)
        if value is None or value == self.default or value is False:
            return None
        if value is True:
            return self.name.replace("_", " ")
        return str(value).replace("_", " ")


@lru_cache(maxsize=256)
def _adapter(annotation: Any) -> TypeAdapter[Any]:
    return TypeAdapter(annotation)


_DECLARED: dict[Level, tuple[OutputField, ...]] = {"line": (), "week": ()}
# Who declares the fields: the rule registry, a layer above the domain. A program read before
# any rule was loaded (a notebook's `Program.model_validate(json)`, a pool's parent reading
# its workers' programs back) would otherwise reject every rule field as unknown. So the
# first question for the fields loads the registry, by name: the domain does not import the
# rules (the layers, docs/architecture.md), it asks for them once. A `declare` first (the
# registry itself, a test's plugin) makes that unnecessary.
_REGISTRY = "hamopt.rules.registry"
_asked = False  # the registry was asked for (or `declare` called): never load it twice
_ready = False  # the fields are declared: the question needs no lock any more
# Held while the registry loads, so a second thread waits for its fields instead of reading
# none (`hamopt serve` answers its first requests on several threads, and a program posted
# then lost its rule fields). Re-entrant: the registry's own `declare` comes back here on the
# loading thread.
_LOADING = threading.RLock()


def _ensure_declared() -> None:
    global _asked, _ready
    if _ready:
        return
    with _LOADING:
        if _asked:
            return
        _asked = True  # before loading: the registry's own declare must not come back here
        import_module(_REGISTRY).all_rules()
        _ready = True
# placed() per (level, the model's fields): every line of every program is written with it.
_PLACED: dict[tuple[Level, tuple[str, ...]], tuple[str | OutputField, ...]] = {}


def declare(fields: Iterable[OutputField]) -> None:
    """Make ``fields`` the declared ones (all of them: a second call replaces the first)."""
    global _asked, _ready
    _asked = True
    by_level: dict[Level, list[OutputField]] = {level: [] for level in LEVELS}
    for f in fields:
        if f.on not in by_level:
            raise ValueError(f"output field {f.name!r}: `on` must be 'line' or 'week'")
        if any(other.name == f.name for other in by_level[f.on]):
            raise ValueError(f"two rules declare the {f.on} field {f.name!r}")
        by_level[f.on].append(f)
    for level in LEVELS:
        _DECLARED[level] = tuple(by_level[level])
    _PLACED.clear()
    _ready = True


def declared(level: Level) -> tuple[OutputField, ...]:
    """The declared fields of a line or a week, in declaration (registry) order."""
    _ensure_declared()
    return _DECLARED[level]


def declared_field(level: Level, name: str) -> OutputField | None:
    _ensure_declared()
    return next((f for f in _DECLARED[level] if f.name == name), None)


def placed(core: Iterable[str], level: Level) -> tuple[str | OutputField, ...]:
    """The output order: the model's own fields with each declared field after its ``after``.

    Declared fields whose ``after`` is missing go last, in declaration order.
    """
    key = (level, tuple(core))
    if key not in _PLACED:
        _PLACED[key] = tuple(_place(list(key[1]), level))
    return _PLACED[key]


def _place(core: list[str], level: Level) -> list[str | OutputField]:
    order: list[str | OutputField] = list(core)
    _ensure_declared()
    pending = list(_DECLARED[level])
    while pending:
        names = [x if isinstance(x, str) else x.name for x in order]
        progress = False
        for f in list(pending):
            if f.after is not None and f.after in names:
                at = names.index(f.after) + 1
                # After the anchor and after fields already placed behind the same anchor.
                while at < len(order) and not isinstance(order[at], str) and (
                    order[at].after == f.after  # type: ignore[union-attr]
                ):
                    at += 1
                order.insert(at, f)
                names.insert(at, f.name)
                pending.remove(f)
                progress = True
        if not progress:
            order.extend(pending)
            break
    return order
