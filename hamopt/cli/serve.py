"""`hamopt serve`: the HTTP API and the coach's page (the `serve` extra: FastAPI, uvicorn)."""

from __future__ import annotations

from pathlib import Path

import click

from hamopt.cli import main, verbosity


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True,
              help="Warm solver processes for requests that wait for their program.")
@click.option("--max-jobs", type=click.IntRange(1, 64), default=2, show_default=True,
              help="Jobs (POST /v1/jobs) running at once; the rest wait.")
@click.option("--max-time-limit", type=click.FloatRange(0.01, 3600), default=30.0,
              show_default=True, help="A request's time limit, at most (deterministic s).")
@click.option("--scenarios", "scenario_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None,
              help="Folder of scenarios the page offers as examples (skipped if absent). "
                   "Default: ./scenarios, else the scenarios/ of the checkout hamopt was "
                   "installed from.")
@click.option("--openapi", "print_openapi", is_flag=True,
              help="Print the OpenAPI document (docs/openapi.json) and exit.")
def serve(host: str, port: int, workers: int, max_jobs: int, max_time_limit: float,
          scenario_dir: Path | None, print_openapi: bool) -> None:
    """Serve the HTTP API (/v1/..., OpenAPI at /openapi.json) and the coach's page at /."""
    import json
    import logging

    try:
        import uvicorn

        from hamopt.serve.app import Settings, create_app
    except ImportError as exc:
        click.echo(f"error: hamopt serve needs the serve extra: pip install 'hamopt[serve]' "
                   f"({exc})", err=True)
        raise SystemExit(2) from None
    if print_openapi:
        click.echo(json.dumps(create_app().openapi(), indent=2))
        return
    # --quiet: warnings and errors only; --verbose: every request too (the access log).
    shown = verbosity.level()
    log_level = {verbosity.QUIET: "warning", verbosity.VERBOSE: "debug"}.get(shown, "info")
    logging.basicConfig(level=log_level.upper(), format="%(asctime)s %(name)s %(message)s")
    settings = Settings(workers=workers, max_jobs=max_jobs, max_time_limit=max_time_limit,
                        scenario_dir=scenario_dir or default_scenario_dir())
    uvicorn.run(create_app(settings), host=host, port=port, access_log=shown == verbosity.VERBOSE,
                log_level=log_level, timeout_graceful_shutdown=10)


def default_scenario_dir() -> Path:
    """The page's examples when --scenarios is not given: ./scenarios where the server starts,
    else the scenarios/ beside the package (a checkout installed with `make demo`, the
    README's way). Before, `hamopt serve` started anywhere but the checkout's root offered
    none. A wheel carries no scenarios; then ./scenarios is returned and, absent, skipped."""
    here = Path("scenarios")
    if here.is_dir():
        return here
    import hamopt

    beside = Path(hamopt.__file__).resolve().parents[1] / "scenarios"
    return beside if beside.is_dir() else here
