"""`hamopt explain`: how each rule scored a scenario's program, or why there is none."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from hamopt.cli import main
from hamopt.cli.common import (
    EXIT_INFEASIBLE,
    EXIT_OK,
    catalog_option,
    rules_option,
    seed_option,
    time_limit_option,
    user_errors,
)
from hamopt.cli.solve import _resolve
from hamopt.cli.verbosity import detail, note, solver_line

if TYPE_CHECKING:
    from hamopt.domain.models import Program, Scenario
    from hamopt.rules.contract import ActiveRule

# The Program fields an explanation is made of (the `weeks` are `hamopt solve`'s business).
EXPLANATION_FIELDS = {
    "status", "scenario", "totals", "rules", "conflict", "diagnosis", "relaxation", "solver"
}


@main.command()
@click.argument("scenario", type=click.Path(path_type=Path))
@rules_option
@catalog_option
@click.option("--format", "fmt", type=click.Choice(("table", "json")), default="table",
              show_default=True)
@time_limit_option()
@seed_option
@click.option(
    "--fixed",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="When infeasible, write the scenario with the cheapest change made to FILE (YAML: "
    "the file's comments kept, only the changed fields rewritten); - is stdout (the "
    "explanation then goes to stderr).",
)
@user_errors
def explain(
    scenario: Path,
    rules_ref: str | None,
    catalog_file: Path | None,
    fmt: str,
    time_limit: float,
    seed: int,
    fixed: Path | None,
) -> None:
    """Explain SCENARIO: each rule's verdict on its best program, or why it has none.

    Solvable: per rule hard or soft, kept or broken, its penalty and share of the objective,
    and the numbers behind it; then the week's totals (exit 0). Infeasible: a minimal set of
    requirements that cannot hold together, each in words with its numbers, the data behind
    them, and the cheapest change that makes the scenario solve, checked by re-solving
    (exit 1). Bad input: exit 2.
    """
    from hamopt.api.solving import solve_scenario
    from hamopt.engine.solve import SolveOptions
    from hamopt.explain.report import explain_text

    if fixed is not None:
        from hamopt.io.files import check_output

        check_output(fixed)
    sc, rules, catalog = _resolve(scenario, rules_ref, catalog_file)
    program = solve_scenario(
        sc, rules, catalog=catalog, options=SolveOptions(seed=seed, time_limit=time_limit)
    )
    from hamopt.io.files import is_stdout

    detail(solver_line(program))
    # With `--fixed -` the fixed scenario is what stdout carries; the explanation is a note.
    to_stderr = is_stdout(fixed)
    if fmt == "json":
        payload = program.model_dump(mode="json", include=EXPLANATION_FIELDS)
        click.echo(json.dumps(payload, indent=2), err=to_stderr)
    else:
        click.echo(explain_text(program), nl=False, err=to_stderr)
    if fixed is not None and program.relaxation:
        _write_fixed(fixed, scenario, sc, rules, program)
        if not to_stderr:
            note(f"the fixed scenario is in {fixed}")
    sys.exit(EXIT_OK if program.status in ("optimal", "feasible") else EXIT_INFEASIBLE)


def _write_fixed(
    path: Path, source: Path, scenario: Scenario, rules: list[ActiveRule], program: Program
) -> None:
    """The scenario file with the relaxation made: the author's file with only the changed
    fields rewritten (comments and quoting kept), written whole then renamed."""
    from hamopt.explain.relax import apply_changes
    from hamopt.io.files import write_atomic
    from hamopt.io.yaml_edit import rewrite

    changed, _ = apply_changes(scenario, rules, program.relaxation)
    changes = "; ".join(r.change for r in program.relaxation)
    text = rewrite(
        source,
        scenario.model_dump(mode="json", exclude_unset=True),
        changed.model_dump(mode="json", exclude_unset=True),
        f"{source} with the cheapest change that makes it solve: {changes}",
    )
    write_atomic(path, text)
