"""Programs as people read them: the one registry of output formats (RENDERERS).

JSON/YAML (the public contract) live here; the terminal table, Markdown, CSV, iCalendar and
the HTML program card each have a module in ``hamopt/render/``, imported on first use.
Every renderer is ``(program, context=None) -> str``: the optional RenderContext carries the
scenario (planned session length) and the start date (calendar dates). Renderers only
format; they never compute training facts (those come with the Program).
"""

from __future__ import annotations

import importlib
import json
from typing import Protocol

import yaml

from hamopt.domain.models import Program
from hamopt.render.common import RenderContext


class Renderer(Protocol):
    """A format: the program (and optionally what else it may know) as text."""

    def __call__(self, program: Program, context: RenderContext | None = None, /) -> str: ...


def program_dict(program: Program) -> dict:
    """The JSON contract: field order as in the model, None values kept (readers rely on keys)."""
    return program.model_dump(mode="json")


def to_json(program: Program, context: RenderContext | None = None) -> str:
    return json.dumps(program_dict(program), indent=2) + "\n"


def to_yaml(program: Program, context: RenderContext | None = None) -> str:
    return yaml.safe_dump(program_dict(program), sort_keys=False, allow_unicode=True)


class _Deferred:
    """A renderer in ``hamopt/render/``, imported on first use: the card's Jinja2 and
    icalendar alone cost every `hamopt solve` ~70 ms of start-up for a table, and rich (the
    table's) ~25 ms to every batch worker and every `hamopt solve --format json`."""

    def __init__(self, module: str, function: str) -> None:
        self.module, self.function = module, function

    def __call__(self, program: Program, context: RenderContext | None = None, /) -> str:
        module = importlib.import_module(f"hamopt.render.{self.module}")
        return getattr(module, self.function)(program, context)  # type: ignore[no-any-return]


RENDERERS: dict[str, Renderer] = {
    "table": _Deferred("table", "to_table"),
    "json": to_json,
    "yaml": to_yaml,
    "markdown": _Deferred("markdown", "to_markdown"),
    "csv": _Deferred("csv_rows", "to_csv"),
    "ics": _Deferred("ical", "to_ics"),  # needs RenderContext.start (ValueError without it)
    "html": _Deferred("html_card", "to_html"),
}
# Formats that place sessions on calendar dates and so need a start date.
NEEDS_START: frozenset[str] = frozenset({"ics"})
# File name extension per format, for commands that write one file per program.
EXTENSIONS: dict[str, str] = {
    "table": "txt",
    "json": "json",
    "yaml": "yaml",
    "markdown": "md",
    "csv": "csv",
    "ics": "ics",
    "html": "html",
}


def render(fmt: str, program: Program, context: RenderContext | None = None) -> str:
    """The program in format `fmt` (a RENDERERS key)."""
    return RENDERERS[fmt](program, context)
