"""`hamopt render`: a program file (a saved solve, or one a coach wrote) in any format.

Solving once and rendering many times is the common case: `hamopt solve ... --format json -o
program.json`, then a card to print, a calendar to import and a CSV for the gym's system.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from hamopt.cli import main
from hamopt.cli.common import (
    catalog_option,
    check_start,
    output_option,
    rules_option,
    start_option,
    terminal_width,
    user_errors,
)
from hamopt.cli.solve import FORMATS, _emit, _resolve, _unknown_ids


@main.command()
@click.argument("program_file", metavar="PROGRAM", type=click.Path(path_type=Path))
@click.option(
    "--scenario",
    "scenario_path",
    type=click.Path(path_type=Path),
    help="The program's scenario: fills in what a hand-written program leaves out (names, "
    "regions, heads from the catalog; totals; every rule's verdict) and the planned "
    "session length for ics/csv.",
)
@rules_option
@catalog_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="The same formats, and the same default, as `hamopt solve`.")
@start_option
@output_option
@user_errors
def render(
    program_file: Path,
    scenario_path: Path | None,
    rules_ref: str | None,
    catalog_file: Path | None,
    fmt: str,
    start: datetime | None,
    output: Path | None,
) -> None:
    """Print PROGRAM (YAML or JSON) as table, markdown, csv, ics, html, json or yaml.

    Without --scenario the program is shown as written. Exit 0, or 2 on bad input.
    """
    from hamopt.inputs.loading import load_program
    from hamopt.render import formats as rendering

    check_start(fmt, start)
    program = load_program(program_file)
    scenario = None
    if scenario_path is not None:
        from hamopt.api.enrich import enrich

        scenario, rules, catalog = _resolve(scenario_path, rules_ref, catalog_file)
        _unknown_ids(program_file, program, catalog.by_id())
        program = enrich(program, scenario, catalog, rules)
    context = rendering.RenderContext(
        scenario=scenario, start=start.date() if start else None, width=terminal_width(output)
    )
    _emit(rendering.render(fmt, program, context), output)
