"""Commands about input files: `validate`, `catalog` and `schema`.

Parsing and printing only; the checks themselves live in :mod:`hamopt.inputs.loading`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
import yaml
from rich.table import Table

from hamopt.cli import main, verbosity
from hamopt.cli.common import EXIT_INPUT, terminal_width, user_errors
from hamopt.domain.models import (
    EQUIPMENT_PROFILES,
    HEADS,
    Action,
    Equipment,
    Exercise,
    Region,
)
from hamopt.io.errors import HamoptError

# `hamopt catalog --head H` keeps exercises giving head H at least this share of a set.
HEAD_THRESHOLD = 0.5

# hamopt.inputs.schemas.KINDS (not imported: `hamopt --help` would load every rule).
SCHEMA_KINDS = ("scenario", "catalog", "ruleset", "gym", "roster", "program")

_HEAD_LABELS = {
    "bf_long": "BFlh",
    "bf_short": "BFsh",
    "semitendinosus": "ST",
    "semimembranosus": "SM",
}


@main.command()
@click.argument(
    "files",
    nargs=-1,
    required=True,
    metavar="FILE...",
    type=click.Path(dir_okay=True, path_type=Path),
)
@click.option(
    "--gym",
    "gym_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The gym profile whose defaults and opening hours a roster's rows are checked with "
    "(as `hamopt batch ROSTER --gym GYM` would).",
)
@user_errors
def validate(files: tuple[Path, ...], gym_file: Path | None) -> None:
    """Check scenario, gym profile, rule set, catalog, roster and program files without
    solving anything.

    Each FILE is recognised by its top-level keys (a scenario has `schedule`, a gym
    profile `opening_hours` or `defaults`, a catalog `exercises`, a rule set `name` and
    `rules`, a program `weeks`) or, for a roster, by its .csv name, and checked in full:
    types, bounds, unknown keys, duplicate keys, and references (exercise ids in
    preferences, rule ids and parameters in overrides, the rule set a scenario names);
    a roster's every row, as `hamopt batch` reads it.

    Prints `ok  FILE (kind)` for each good file and `error: FILE:LINE: FIELD: message`
    on stderr for each problem. Every file is checked; the exit code is 0 when all are
    good and 2 when any is not.
    """
    from hamopt.inputs.kinds import load_any

    failed = False
    for path in files:
        try:
            kind, loaded = load_any(path, gym_file)
        except HamoptError as exc:
            failed = True
            for line in str(exc).splitlines():
                click.echo(f"error: {line}", err=True)
            continue
        count = f", {len(loaded)} clients" if isinstance(loaded, list) else ""
        if verbosity.level() > verbosity.QUIET:  # --quiet: only the errors
            click.echo(f"ok  {path} ({kind}{count})")
    if failed:
        sys.exit(EXIT_INPUT)


def _covered(exercise: Exercise, have: frozenset[str]) -> bool:
    return all(str(item) in have for item in exercise.equipment)


def _filter(
    exercises: list[Exercise],
    equipment: tuple[str, ...],
    head: str | None,
    action: str | None,
    region: str | None,
) -> list[Exercise]:
    have: frozenset[str] | None = None
    if equipment:
        items: set[str] = set()
        for name in equipment:
            items.update(str(e) for e in EQUIPMENT_PROFILES.get(name, (name,)))
        have = frozenset(items)
    kept = []
    for exercise in exercises:
        if have is not None and not _covered(exercise, have):
            continue
        if head is not None and exercise.stimulus.get(head) < HEAD_THRESHOLD:
            continue
        if action is not None and action not in {str(a) for a in exercise.actions}:
            continue
        if region is not None and str(exercise.region) != region:
            continue
        kept.append(exercise)
    return kept


def _table(exercises: list[Exercise], box: Any) -> Table:
    from hamopt.domain.sources import seeds_in

    # The seed articles the listed exercises come from, by title (the column has their ids).
    cited = seeds_in([], (n for e in exercises for n in (*e.seeds, *e.sources.values())))
    table = Table(
        title=f"{len(exercises)} exercises",
        title_justify="left",
        caption="BFlh/BFsh: biceps femoris long/short head, ST: semitendinosus, "
        "SM: semimembranosus (share of a set, 0..1). Seeds: "
        + "; ".join(s.label for s in cited)
        + ". Studies: docs/sources.md.",
        caption_justify="left",
        box=box,
    )
    table.add_column("id", no_wrap=True)
    table.add_column("name", min_width=12)
    table.add_column("region")
    table.add_column("actions", min_width=10)
    for head in HEADS:
        table.add_column(_HEAD_LABELS[head], justify="right", no_wrap=True)
    table.add_column("equipment", min_width=10)
    table.add_column("seeds")
    for e in exercises:
        table.add_row(
            e.id,
            e.name,
            str(e.region),
            ", ".join(str(a) for a in e.actions),
            *(f"{e.stimulus.get(h):.2f}" for h in HEADS),
            ", ".join(str(i) for i in e.equipment) or "-",
            ", ".join(e.seeds) or "-",
        )
    return table


@main.command()
@click.option(
    "--equipment",
    "equipment",
    multiple=True,
    metavar="ID_OR_PROFILE",
    type=click.Choice(sorted([*EQUIPMENT_PROFILES, *(str(e) for e in Equipment)])),
    help="Keep only exercises this equipment covers (every item an exercise needs). "
    "An equipment id or a profile (" + ", ".join(EQUIPMENT_PROFILES) + "); repeat to "
    "combine, e.g. --equipment home_bands --equipment dumbbell.",
)
@click.option(
    "--head",
    type=click.Choice(list(HEADS)),
    help=f"Keep only exercises whose stimulus for this hamstring head is at least "
    f"{HEAD_THRESHOLD} (half a set per set or more).",
)
@click.option(
    "--action",
    type=click.Choice([str(a) for a in Action]),
    help="Keep only exercises with this action.",
)
@click.option(
    "--region",
    type=click.Choice([str(r) for r in Region]),
    help="Keep only exercises of this region.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "yaml"]),
    default="table",
    show_default=True,
    help="table for reading; json and yaml print {exercises: [...]} with the catalog "
    "file's field names.",
)
@user_errors
def catalog(
    equipment: tuple[str, ...],
    head: str | None,
    action: str | None,
    region: str | None,
    fmt: str,
) -> None:
    """List the default exercise catalog, optionally filtered.

    Stimulus is the share of one hard set that counts for each hamstring head (0..1). The
    json and yaml formats print the same fields as a catalog file (and as `exercises:` in
    a scenario), so their output can be edited and loaded back.
    """
    from hamopt.domain.catalog import default_catalog

    exercises = _filter(list(default_catalog().exercises), equipment, head, action, region)
    if fmt == "table":
        import io

        from hamopt.render import text_tables

        width = terminal_width()  # a terminal's columns; a pipe gets plain text
        buffer = io.StringIO()
        text_tables.console(buffer, width).print(_table(exercises, text_tables.table_box(width)))
        click.echo(text_tables.finish(buffer.getvalue(), width), nl=False)
        return
    data: dict[str, Any] = {"exercises": [e.model_dump(mode="json") for e in exercises]}
    if fmt == "json":
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        click.echo(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), nl=False)


@main.command()
@click.argument("kind", type=click.Choice(SCHEMA_KINDS))
@user_errors
def schema(kind: str) -> None:
    """Print the JSON Schema (draft 2020-12) of a file KIND: scenario, catalog, ruleset,
    gym, roster (one row of the CSV) or program.

    It says what `hamopt validate` accepts wherever JSON Schema can: rule ids and each
    rule's typed params, equipment and exercise ids, times and days, and the spellings the
    loader also reads (`day: Mon`, `minutes_per_session: "60"`, marked deprecated). Editors
    that understand JSON Schema (e.g. the YAML language server) use it to complete and
    check files as they are written. A program's schema has the fields the registered rules
    write onto lines and weeks (rotation, transition, deload, a plugin's).
    """
    from hamopt.inputs.schemas import schema_text

    click.echo(schema_text(kind))
