"""`hamopt batch`: parse, show progress, print the counts line, choose the exit code."""

from __future__ import annotations

import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from hamopt.cli import main, verbosity
from hamopt.cli.common import (
    EXIT_INFEASIBLE,
    EXIT_OK,
    EXIT_OUTPUT,
    catalog_option,
    named_by,
    progress_bar,
    rules_option,
    seed_option,
    start_in_calendar,
    time_limit_option,
    user_errors,
)

EXIT_INTERRUPTED = 130  # the shell's code for "stopped by SIGINT"
PLAIN_INTERVAL = 10.0  # seconds between progress lines in a pipe or CI log


class _Plain:
    """A progress line every PLAIN_INTERVAL seconds (and none for a short batch)."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.before = 0
        self.troubled = 0
        self.started = time.monotonic()
        self.last = self.started

    def start(self, skipped: int) -> None:
        self.before = skipped

    def advance(self, status: str) -> None:
        self.done += 1
        self.troubled += status in ("invalid", "failed", "infeasible", "unknown")
        now = time.monotonic()
        if now - self.last >= PLAIN_INTERVAL:
            self.last = now
            click.echo(f"batch: {self._status(now)}", err=True)

    def _status(self, now: float) -> str:
        finished = self.before + self.done
        rate = self.done / max(now - self.started, 1e-9)
        left = max(self.total - finished, 0)
        eta = f", about {_duration(left / rate)} left" if rate > 0 and left else ""
        share = f" ({100 * finished / self.total:.0f}%)" if self.total else ""
        return (
            f"{finished}/{self.total} clients{share}, {self.troubled} without a program, "
            f"{rate:.2f} clients/s{eta}"
        )

    def close(self) -> None:
        pass


class _Silent:
    """--quiet: no progress at all."""

    def __init__(self, total: int) -> None:
        pass

    def start(self, skipped: int) -> None:
        pass

    def advance(self, status: str) -> None:
        pass

    def close(self) -> None:
        pass


class _Bar:
    """A rich progress bar on stderr, for a terminal."""

    def __init__(self, total: int) -> None:
        self.progress = progress_bar(
            "batch", "{task.fields[rate]} clients/s", "{task.fields[troubled]} without a program"
        )
        self.task = self.progress.add_task("batch", total=total, rate="-", troubled=0)
        self.troubled = 0
        self.done = 0
        self.started = time.monotonic()
        self.progress.start()

    def start(self, skipped: int) -> None:
        self.progress.update(self.task, completed=skipped)

    def advance(self, status: str) -> None:
        self.done += 1
        self.troubled += status in ("invalid", "failed", "infeasible", "unknown")
        rate = self.done / max(time.monotonic() - self.started, 1e-9)
        self.progress.update(self.task, advance=1, rate=f"{rate:.2f}", troubled=self.troubled)

    def close(self) -> None:
        self.progress.stop()


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{secs:02d}s"


def _formats(value: str) -> tuple[str, ...]:
    from hamopt.cli.solve import FORMATS

    formats = tuple(dict.fromkeys(f.strip().lower() for f in value.split(",") if f.strip()))
    unknown = [f for f in formats if f not in FORMATS]
    if not formats or unknown:
        raise click.BadParameter(
            f"{unknown[0] if unknown else value!r} is not a format; use a comma-separated "
            f"list of {', '.join(FORMATS)}",
            param_hint="--format",
        )
    return formats


@main.command()
@click.argument("source", metavar="INPUT")
@click.option(
    "-o",
    "--output",
    "outdir",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder for one result file per client and format, summary.csv and summary.json.",
)
@click.option(
    "--gym",
    type=click.Path(path_type=Path),
    help="Gym profile YAML (equipment, opening hours, rule set, defaults) for a roster CSV.",
)
@catalog_option
@click.option(
    "--format",
    "formats",
    default="json",
    show_default=True,
    help="Result formats, comma-separated: table, json, yaml, markdown, csv, ics, html.",
)
@click.option(
    "--jobs",
    type=click.IntRange(1, 1024),
    help="Worker processes (local backend, or the LocalCluster); default: the usable CPUs.",
)
@click.option(
    "--backend",
    type=click.Choice(("local", "dask")),
    default="local",
    show_default=True,
    help="local: a process pool on this machine; dask: a Dask cluster (pip install "
    "'hamopt[dask]').",
)
@click.option(
    "--scheduler",
    metavar="tcp://HOST:PORT",
    help="A running Dask scheduler (with --backend dask); without it a LocalCluster is started.",
)
@click.option("--resume", is_flag=True, help="Finish an interrupted batch in OUTDIR.")
@click.option("--force", is_flag=True, help="Start again in an OUTDIR that holds a batch.")
@rules_option
@time_limit_option("Per client, in CP-SAT deterministic seconds (as `hamopt solve`).")
@seed_option
@click.option(
    "--start",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    callback=start_in_calendar,
    help="First day of week 1, YYYY-MM-DD (dates in csv/markdown/html; required by ics).",
)
@click.option(
    "--chunk-size",
    type=click.IntRange(1, 1000),
    help="Most clients per task (default 16 local, 32 dask; fewer near the end): fewer "
    "tasks, less overhead per solve.",
)
@user_errors
def batch(
    source: str,
    outdir: Path,
    gym: Path | None,
    catalog_file: Path | None,
    formats: str,
    jobs: int | None,
    backend: str,
    scheduler: str | None,
    resume: bool,
    force: bool,
    rules_ref: str | None,
    time_limit: float,
    seed: int,
    start: datetime | None,
    chunk_size: int | None,
) -> None:
    """Programs for every client of INPUT, written to OUTDIR, one file per client and format.

    INPUT is a folder of scenario files, a quoted glob ('clients/**/*.yaml'), or a roster
    CSV (with --gym; see docs/batch.md for its columns). An invalid or infeasible client is
    recorded in summary.csv with the reason and the batch goes on.

    Exit 0 when every client has a program; 1 when some have none (see summary.csv); 2 on bad
    batch input (INPUT, --gym, options); 3 when OUTDIR cannot be written (a full or read-only
    disk: finish with --resume); 130 when interrupted (finish with --resume).
    """
    from hamopt.batch.workers import start_workers

    chosen = _formats(formats)
    checked_rules = _checked_rules(rules_ref)
    from hamopt.io.files import is_stdout

    if is_stdout(outdir):
        raise click.BadParameter(
            "a batch writes a folder (a file per client and format), not stdout; give a folder",
            param_hint="-o/--output",
        )
    if scheduler and backend != "dask":
        raise click.BadOptionUsage("scheduler", "--scheduler goes with --backend dask")
    if resume and force:
        raise click.BadOptionUsage("resume", "--resume and --force contradict each other")
    # Before this process imports the batch machinery and checks the input (a gym's rule
    # set imports the rules): the workers' own imports then run on the other core meanwhile.
    start_workers(backend, scheduler)  # type: ignore[arg-type]
    from hamopt.batch.run import SolveSettings, open_input, run_batch
    from hamopt.render.formats import NEEDS_START

    needs_start = sorted(set(chosen) & NEEDS_START)
    if needs_start and start is None:
        raise click.BadOptionUsage(
            "start", f"--format {needs_start[0]} needs --start YYYY-MM-DD, the first day of week 1"
        )
    from hamopt.io.errors import OutputError

    batch_input = open_input(source, gym)
    if catalog_file is not None:
        from hamopt.inputs.catalog_files import load_catalog

        load_catalog(catalog_file)  # a bad --catalog stops the batch here, not per client
        catalog_file = catalog_file.resolve()
    shown = verbosity.level()
    progress: Any = (
        _Silent if shown == verbosity.QUIET else _Bar if sys.stderr.isatty() else _Plain
    )(batch_input.count())
    settings = SolveSettings(
        formats=chosen,
        time_limit=time_limit,
        seed=seed,
        start=start.date() if start else None,
        rules=checked_rules,
        catalog=str(catalog_file) if catalog_file is not None else None,
    )
    try:
        report = run_batch(
            batch_input,
            outdir,
            settings,
            backend=backend,  # type: ignore[arg-type]
            jobs=jobs,
            scheduler=scheduler,
            chunk_size=chunk_size,
            resume=resume,
            force=force,
            on_start=progress.start,
            on_result=lambda result: _on_result(progress, result),
        )
    except OutputError as exc:
        progress.close()
        click.echo(f"error: {exc}", err=True)
        click.echo(
            f"stopped: the clients done so far are in {outdir / 'summary.csv'}, each with its "
            "files; once the output can be written, run the same command with --resume",
            err=True,
        )
        sys.exit(EXIT_OUTPUT)
    except KeyboardInterrupt:
        progress.close()
        click.echo(
            f"interrupted: the clients done so far are in {outdir / 'summary.csv'}; run the "
            "same command with --resume to finish",
            err=True,
        )
        sys.exit(EXIT_INTERRUPTED)
    finally:
        progress.close()
    if shown > verbosity.QUIET:
        click.echo(report.line())
    sys.exit(EXIT_OK if report.all_programs else EXIT_INFEASIBLE)


def _on_result(progress: Any, result: Any) -> None:
    progress.advance(result.status)
    # --verbose: each client as it finishes (stderr), above the bar or between its lines.
    reason = f": {result.error}" if result.error else ""
    seconds = result.time_s or 0
    verbosity.detail(f"batch: {result.client_id} {result.status} in {seconds:g} s{reason}")


def _checked_rules(ref: str | None) -> str | None:
    """`--rules` checked once here (exit 2 naming the option), and made absolute when it is
    a file, so every worker finds it wherever it runs."""
    if ref is None:
        return None
    from hamopt.rules.ruleset import find_ruleset, packaged_names

    with named_by("--rules"):
        find_ruleset(ref, Path.cwd())
    return ref if ref in packaged_names() else str(Path(ref).resolve())
