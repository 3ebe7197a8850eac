"""Errors a user can cause. Each names the file, the field path and the line where known."""

from __future__ import annotations

import re
from collections.abc import Sequence

MAX_SHOWN_CHARS = 60  # a key or value a message echoes: a 10,000-character key is cut


def clip(text: object, limit: int = MAX_SHOWN_CHARS) -> str:
    """``text`` for a message, cut to ``limit`` characters with its length said."""
    text = str(text)
    if len(text) <= limit:
        return text
    return f"{text[: limit - 3]}... ({len(text)} characters)"


MAX_WORD_CHARS = 240  # file paths stay whole; an echoed key of 10,000 does not
_LONG_WORD = re.compile(rf"\S{{{MAX_WORD_CHARS + 1},}}")


def clip_words(text: str) -> str:
    """Every run of over MAX_WORD_CHARS non-space characters in ``text`` cut (an echoed
    10,000-character key or value); messages stay short whatever the input."""
    return _LONG_WORD.sub(lambda m: clip(m.group(0)), text)


class HamoptError(Exception):
    """Base for every error hamopt reports to a user instead of a traceback."""


class InputError(HamoptError):
    """Bad input: the CLI prints it and exits 2."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        path: Sequence[str | int] = (),
        line: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.path = tuple(path)
        self.line = line

    @property
    def field(self) -> str:
        return ".".join(clip(p) for p in self.path)

    def __str__(self) -> str:
        # No placeholder for a missing file: the commands name what the input was (a file,
        # `--rules`, `request`); an error that has none says just its field and message.
        line = f":{self.line}" if self.line is not None else ""
        where = [self.file + line] if self.file else []
        if self.path:
            where.append(self.field)
        return clip_words(": ".join([*where, self.message]))


# How many errors one file reports before "... and N more".
MAX_REPORTED_ERRORS = 20


class InputErrors(InputError):
    """Several input errors in one file, reported together (one per line).

    Behaves as the first error (its ``message``, ``file``, ``path`` and ``line``) for code
    that handles a single :class:`InputError`; ``errors`` holds them all.
    """

    def __init__(self, errors: Sequence[InputError]) -> None:
        if not errors:
            raise ValueError("InputErrors needs at least one error")
        first = errors[0]
        super().__init__(first.message, file=first.file, path=first.path, line=first.line)
        self.errors: list[InputError] = list(errors)

    def __str__(self) -> str:
        shown = [str(e) for e in self.errors[:MAX_REPORTED_ERRORS]]
        hidden = len(self.errors) - len(shown)
        if hidden > 0:
            shown.append(f"... and {hidden} more error{'s' if hidden > 1 else ''}")
        # One error a line; the CLI puts "error: " before each.
        return "\n".join(shown)


def raise_all(errors: Sequence[InputError]) -> None:
    """Raise nothing, the one error, or an :class:`InputErrors` holding them all."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        # In file order; sorted() is stable, so errors on one line keep their order.
        raise InputErrors(sorted(errors, key=lambda e: (e.line is None, e.line or 0)))


class RuleSetError(InputError):
    """A rule set (or a scenario's overrides) names an unknown rule or parameter."""


class OutputError(HamoptError):
    """An output that cannot be written (a folder, a missing parent, no permission, a
    read-only or full disk): the CLI prints it and exits 3. Nothing partial is left."""

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"{file}: cannot write: {reason}")
        self.file = file
        self.reason = reason
