"""Errors a user can cause. Each names the file, the field path and the line where known."""

from __future__ import annotations

from collections.abc import Sequence


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
        return ".".join(str(p) for p in self.path)

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.line is not None:
            where += f":{self.line}"
        field = f" {self.field}:" if self.path else ""
        return f"{where}:{field} {self.message}"


class RuleSetError(InputError):
    """A rule set (or a scenario's overrides) names an unknown rule or parameter."""
