"""Commands for researchers: `hamopt rules` and `hamopt compare`. Parsing and printing only."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from hamopt.cli import main, verbosity
from hamopt.cli.common import (
    EXIT_INFEASIBLE,
    EXIT_OK,
    catalog_option,
    named_by,
    progress_bar,
    terminal_width,
    time_limit_option,
    user_errors,
)
from hamopt.render.rule_docs import RULE_FORMATS

# What `compare` prints on stdout (compare_report renders each). Defined here, not imported
# from compare_report: that would load hamopt.study.compare and the pool on every hamopt command.
REPORT_FORMATS = ("table", "markdown", "json", "csv")


@main.command()
@click.option(
    "--rules",
    "ruleset_ref",
    metavar="FILE|NAME",
    help="A rule set file or packaged name: show the mode, weight and params it puts in "
    "force.  [default: default]",
)
# The option's name before `--rules` was every command's; kept so old scripts still run.
@click.option("--ruleset", "old_ref", hidden=True)
@click.option("--format", "fmt", type=click.Choice(RULE_FORMATS), default="table",
              show_default=True)
@user_errors
def rules(ruleset_ref: str | None, old_ref: str | None, fmt: str) -> None:
    """Every rule: id, description, mode, weight, parameters with defaults, and sources.

    With --rules, each parameter shows the value in force after the rule set's `extends`
    chain next to its default, and each description says those values ("at least 36 hours");
    a rule the rule set does not list is off.
    """
    from hamopt.render.rule_docs import render_rules
    from hamopt.rules.docs import document

    if ruleset_ref is not None and old_ref is not None and ruleset_ref != old_ref:
        raise click.BadOptionUsage("rules", "--rules and --ruleset name different rule sets")
    with named_by("--rules"):
        doc = document(ruleset_ref or old_ref or "default")
    text = render_rules(doc, fmt, terminal_width() or 100)
    click.echo(text, nl=not text.endswith("\n"))


class _Progress:
    """A rich progress bar on stderr when it is a terminal; nothing in a pipe or a log."""

    def __init__(self, total: int) -> None:
        self.progress = None
        if not sys.stderr.isatty() or verbosity.level() == verbosity.QUIET:
            return
        self.progress = progress_bar("compare", "{task.fields[infeasible]} without a program")
        self.task = self.progress.add_task("compare", total=total, infeasible=0)
        self.infeasible = 0
        self.progress.start()

    def advance(self, status: str) -> None:
        if self.progress is None:
            return
        self.infeasible += status not in ("optimal", "feasible")
        self.progress.update(self.task, advance=1, infeasible=self.infeasible)

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()


def _write(path: Path, text: str) -> None:
    """Whole or not at all: a temporary file renamed over the target."""
    from hamopt.io.errors import OutputError
    from hamopt.io.files import reason, write_atomic

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(str(path), reason(exc)) from None
    write_atomic(path, text)


@main.command()
@click.argument("scenarios", nargs=-1, required=True, metavar="SCENARIO...")
@click.option(
    "--rules",
    "rules_refs",
    multiple=True,
    metavar="RULESET",
    help="A rule set (file or packaged name) to compare; repeat for several. Default: each "
    "scenario's own `rules:`.",
)
@catalog_option
@click.option(
    "--sweep",
    "sweeps",
    multiple=True,
    metavar="RULE.PARAM=V1,V2",
    help="Solve under each value of a rule's parameter (or its mode or weight), e.g. "
    "correction_ratio.correction_ratio=1.5,2,3; repeat for a grid.",
)
@click.option("--seeds", type=click.IntRange(1, 100), default=1, show_default=True,
              help="Solve each configuration with seeds 0..N-1.")
@click.option("--csv", "csv_out", type=click.Path(path_type=Path), metavar="FILE",
              help="Write the tidy table (one row per scenario x configuration x seed); - is "
              "stdout (the report then goes to stderr).")
@click.option("--plot", "plot_out", type=click.Path(path_type=Path), metavar="FILE",
              help="Draw per-head weekly sets and feasibility per configuration (PNG; needs "
              "the plot extra: matplotlib); - is stdout.")
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default="table",
              show_default=True, help="What to print on stdout.")
@click.option("--baseline", metavar="CONFIGURATION",
              help="The configuration programs are compared against (default: the first).")
@click.option("--jobs", type=click.IntRange(1, 1024),
              help="Worker processes; default: the usable CPUs. 1 solves in this process.")
@time_limit_option("Per solve, in CP-SAT deterministic seconds (as `hamopt solve`).")
@user_errors
def compare(
    scenarios: tuple[str, ...],
    rules_refs: tuple[str, ...],
    catalog_file: Path | None,
    sweeps: tuple[str, ...],
    seeds: int,
    csv_out: Path | None,
    plot_out: Path | None,
    fmt: str,
    baseline: str | None,
    jobs: int | None,
    time_limit: float,
) -> None:
    """Solve every SCENARIO (files or folders) under every rule set x swept value x seed.

    Prints the runs (status, objective, sets per head, hamstring:quad, penalties,
    exercises, time), a summary per configuration (feasible share, means) and what changed
    in the programs against the baseline configuration. An infeasible run is a result, not
    an error.

    Exit 0 when every run has a result; 1 when a run failed (its worker crashed); 2 on bad
    input (scenarios, rule sets, --sweep), before anything is solved.
    """
    from hamopt.parallel.pool import default_jobs
    from hamopt.study.compare import baseline_index, plan, run_study
    from hamopt.study.report import render_comparison, to_csv

    study = plan(
        scenarios, rules_refs, sweeps, seeds=seeds, time_limit=time_limit, catalog=catalog_file
    )
    labels = [c.label for c in study.configurations]
    if baseline is not None and baseline not in labels:
        raise click.BadParameter(
            f"no configuration {baseline!r}; the configurations are: {', '.join(labels)}",
            param_hint="--baseline",
        )
    if plot_out is not None:
        _require_matplotlib()
    from hamopt.io.files import is_stdout

    if is_stdout(csv_out) and is_stdout(plot_out):
        raise click.BadOptionUsage(
            "csv", "--csv - and --plot - would both write stdout; give one of them a file"
        )
    # With the CSV or the plot on stdout (`-`), the report is a note on stderr.
    report_to_stderr = is_stdout(csv_out) or is_stdout(plot_out)
    progress = _Progress(len(study.runs))
    try:
        comparison = run_study(
            study,
            jobs=jobs or min(default_jobs(), len(study.runs)),
            on_result=lambda r: _on_run(progress, study, r),
        )
    finally:
        progress.close()
    base = baseline_index(comparison, baseline)
    # A terminal's own width; a pipe gets plain text (hamopt/render/text_tables.py).
    text = render_comparison(comparison, fmt, base, terminal_width())
    click.echo(text, nl=not text.endswith("\n"), err=report_to_stderr)
    if csv_out is not None:
        _write(csv_out, to_csv(comparison))
    if plot_out is not None:
        from hamopt.study.plot import plot_comparison

        plot_comparison(comparison, plot_out)
    for failed in comparison.failed:
        click.echo(
            f"failed: {comparison.scenario(failed).label} under "
            f"{comparison.configuration(failed).label}: {failed.error}",
            err=True,
        )
    sys.exit(EXIT_INFEASIBLE if comparison.failed else EXIT_OK)


def _on_run(progress: _Progress, study: Any, result: Any) -> None:
    progress.advance(result.status)
    # --verbose: each run as it finishes (stderr).
    scenario = study.scenarios[result.scenario_index].label
    config = study.configurations[result.config_index].label
    verbosity.detail(
        f"compare: {scenario} under {config}, seed {result.seed}: {result.status} "
        f"in {result.solve_time or 0:g} s"
    )


def _require_matplotlib() -> None:
    """Before hours of solving, not after: --plot without matplotlib is exit 2 at once."""
    import importlib.util

    from hamopt.study.plot import PlotUnavailable

    if importlib.util.find_spec("matplotlib") is None:
        raise PlotUnavailable(
            "--plot needs matplotlib, an optional extra: pip install 'hamopt[plot]'"
        )
