"""`hamopt solve` and `hamopt check`: parse, call the library, print, choose the exit code."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from hamopt.cli import main
from hamopt.cli.common import (
    EXIT_INFEASIBLE,
    EXIT_OK,
    catalog_option,
    check_start,
    inputs_held_to_the_end,
    named_by,
    output_option,
    rules_option,
    seed_option,
    start_option,
    terminal_width,
    time_limit_option,
    user_errors,
)
from hamopt.cli.verbosity import detail, note, solver_line
from hamopt.io.errors import InputError

# hamopt.render.formats.RENDERERS' keys (not imported here: the CLI starts without loading
# the renderers).
FORMATS = ("table", "json", "yaml", "markdown", "csv", "ics", "html")


def _resolve(  # type: ignore[no-untyped-def]
    scenario_path: Path, rules_ref: str | None, catalog_file: Path | None = None
):
    """The scenario, its active rules (the rule set's `extends`, then overrides) and its
    catalog (`--catalog`, else the scenario's `catalog:`, else the shipped one, plus the
    scenario's own exercises)."""
    from hamopt.inputs.loading import Resolver, load_scenario_for_solve
    from hamopt.rules.ruleset import active_rules, find_ruleset

    loaded = load_scenario_for_solve(scenario_path, Resolver(catalog_file))
    scenario, rules = loaded.scenario, loaded.rules
    if rules_ref is not None:
        with named_by("--rules"):  # the reference itself is wrong: name the option that gave it
            ruleset, file = find_ruleset(rules_ref, Path.cwd())
        rules = active_rules(scenario, ruleset, ruleset_file=file)
    inputs_held_to_the_end()
    return scenario, rules, loaded.catalog


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    # Written whole to a temporary file, then renamed: a reader never sees half a program;
    # one that cannot be written is exit 3 with the reason (hamopt/io/files.py). `-o -` is
    # stdout.
    from hamopt.io.files import write_atomic

    write_atomic(output, text)


def _on_stdout(output: Path | None) -> bool:
    """Whether the program goes to stdout (no -o, or `-o -`)."""
    from hamopt.io.files import is_stdout

    return output is None or is_stdout(output)


@main.command()
@click.argument("scenario", type=click.Path(path_type=Path))
@rules_option
@catalog_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@output_option
@time_limit_option()
@seed_option
@start_option
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Search workers; more than 1 uses CP-SAT's deterministic interleaved search.",
)
@click.option(
    "--explain",
    "explain",
    is_flag=True,
    help="Also print each rule's verdict with its numbers, penalty and share, and the totals "
    "(after a table; on stderr for other formats, whose `rules` block holds the same).",
)
@user_errors
def solve(
    scenario: Path,
    rules_ref: str | None,
    catalog_file: Path | None,
    fmt: str,
    output: Path | None,
    time_limit: float,
    seed: int,
    start: datetime | None,
    workers: int,
    explain: bool,
) -> None:
    """Solve SCENARIO: the best program its rules allow (a week, or every week of a plan).

    Exit 0 with a program; exit 1 when the scenario is infeasible (the rules in conflict are
    named) or no program was found within the time limit; exit 2 on bad input.
    """
    from hamopt.api.solving import solve_scenario
    from hamopt.engine.solve import SolveOptions
    from hamopt.render.formats import RenderContext, render

    check_start(fmt, start)
    if output is not None:
        from hamopt.io.files import check_output

        check_output(output)  # before the solve: a path that can never be written is exit 3
    sc, rules, catalog = _resolve(scenario, rules_ref, catalog_file)
    program = solve_scenario(
        sc,
        rules,
        catalog=catalog,
        options=SolveOptions(seed=seed, workers=workers, time_limit=time_limit),
    )
    detail(solver_line(program))
    context = RenderContext(
        scenario=sc, start=start.date() if start else None, width=terminal_width(output)
    )
    _emit(render(fmt, program, context), output)
    if explain and program.status in ("optimal", "feasible"):
        from hamopt.explain.report import rule_lines, totals_lines

        text = "\n".join(rule_lines(program) + totals_lines(program))
        click.echo(text, err=fmt != "table" or not _on_stdout(output))
    if program.status not in ("optimal", "feasible"):
        if fmt not in ("table", "markdown") or not _on_stdout(output):
            note(f"no program: {program.status}")
        sys.exit(EXIT_INFEASIBLE)
    sys.exit(EXIT_OK)


def _unknown_ids(program_path: Path, program, by_id) -> None:  # type: ignore[no-untyped-def]
    """A hand-written program naming an exercise nobody knows is bad input (exit 2)."""
    from hamopt.io.yaml_files import load_yaml

    _, linemap = load_yaml(program_path)
    for w, week in enumerate(program.weeks):
        for s, session in enumerate(week.sessions):
            for e, line in enumerate(session.exercises):
                if line.id not in by_id:
                    path = ("weeks", w, "sessions", s, "exercises", e, "id")
                    raise InputError(
                        f"unknown exercise id {line.id!r}: not in the catalog or the scenario",
                        file=str(program_path),
                        path=path,
                        line=linemap.line(path),
                    )


@main.command()
@click.argument("program_file", metavar="PROGRAM", type=click.Path(path_type=Path))
@click.option(
    "--scenario",
    "scenario_path",
    required=True,
    type=click.Path(path_type=Path),
    help="The scenario the program is for: its rule set, slots, equipment and exercises.",
)
@rules_option
@catalog_option
@click.option(
    "--format", "fmt", type=click.Choice(("table", "json")), default="table", show_default=True
)
@user_errors
def check(
    program_file: Path,
    scenario_path: Path,
    rules_ref: str | None,
    catalog_file: Path | None,
    fmt: str,
) -> None:
    """Check PROGRAM (solved or hand-written) against the rules, with the checkers alone.

    Prints every rule's verdict and each violation; exit 1 when a hard rule is broken.
    """
    import json

    from hamopt.engine.check import check_program, hard_violations, rule_reports
    from hamopt.inputs.loading import load_program

    program = load_program(program_file)
    sc, rules, catalog = _resolve(scenario_path, rules_ref, catalog_file)
    _unknown_ids(program_file, program, catalog.by_id())
    verdicts = check_program(program, sc, catalog, rules)
    broken = hard_violations(verdicts)
    if fmt == "json":
        payload = {
            "program": str(program_file),
            "scenario": sc.name,
            "hard_rules_kept": not broken,
            "rules": [r.model_dump(mode="json") for r in rule_reports(verdicts)],
            "violations": [
                {"id": v.rule, "instance": v.instance, "message": v.message}
                for r in verdicts
                for v in r.violations
            ],
        }
        click.echo(json.dumps(payload, indent=2))
    else:
        for verdict in verdicts:
            mode = verdict.active.mode
            status = "ok " if not verdict.violations else "!! "
            click.echo(f"{status}{verdict.active.id} [{mode}]")
            for v in verdict.violations:
                click.echo(f"     {v.message}")
        kept = "all hard rules kept" if not broken else f"{len(broken)} hard-rule violation(s)"
        click.echo(f"{program_file}: {kept}")
    sys.exit(EXIT_INFEASIBLE if broken else EXIT_OK)
