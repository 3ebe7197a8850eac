"""The FastAPI application: the `/v1/` endpoints, `/openapi.json` and the coach's page at `/`.

Every endpoint is thin: parse and check the request (hamopt/serve/inputs.py, the CLI's
InputError wording, answered with 422), hand the work to a worker (hamopt/serve/pools.py),
return JSON. One log line per request.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from hamopt import __version__
from hamopt.io.errors import InputError, InputErrors
from hamopt.serve import inputs, workers
from hamopt.serve.pools import Busy, Jobs, WarmPool, WorkerDied

log = logging.getLogger("hamopt.serve")

FORMAT_NAMES = ("json", "yaml", "markdown", "csv", "ics", "html", "table")
MEDIA_TYPES = {
    "json": "application/json",
    "yaml": "application/yaml",
    "markdown": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "ics": "text/calendar; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "table": "text/plain; charset=utf-8",
}
# The page and its files fetch nothing but this server; the card's iframe (srcdoc) inherits it.
PAGE_CSP = (
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "frame-src 'self' about:; object-src 'none'; base-uri 'none'; form-action 'self'"
)
STATIC = Path(str(files("hamopt") / "serve" / "static"))


@dataclass(frozen=True)
class Settings:
    """The service's limits. Solve times are CP-SAT deterministic seconds."""

    workers: int = 2  # warm solver processes for requests that wait for their answer
    max_waiting: int = 64  # requests solving or waiting for a worker, beyond which 503
    max_jobs: int = 2  # jobs running at once
    max_queued: int = 32  # jobs waiting to run, beyond which 429
    max_body: int = 1_048_576  # bytes
    max_time_limit: float = 30.0  # a request's `time_limit`, at most
    max_job_time_limit: float = 120.0  # a job's, at most
    max_batch: int = 200  # scenarios in one batch job
    scenario_dir: Path | None = None  # the shipped scenarios the page offers


# --- request and response bodies --------------------------------------------------------------

ScenarioIn = dict[str, Any] | str
RulesetIn = str | dict[str, Any] | None
_SCENARIO = "A scenario: a JSON object, or the text of a scenario file (YAML or JSON)."
_RULESET = (
    "A packaged rule set's name, or a rule set inline (object or YAML text; its `extends` a "
    "packaged name). Default: the scenario's `rules:`. Never a path on the server."
)


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SolveBody(_Body):
    scenario: ScenarioIn = Field(description=_SCENARIO)
    ruleset: RulesetIn = Field(default=None, description=_RULESET)
    seed: int = Field(default=0, ge=0, le=2**31 - 1)
    time_limit: float = Field(
        default=10.0, gt=0, le=3600, description="Search limit, CP-SAT deterministic seconds."
    )


class CheckBody(_Body):
    program: dict[str, Any] | str = Field(description="A program (solved or hand-written).")
    scenario: ScenarioIn = Field(description=_SCENARIO)
    ruleset: RulesetIn = Field(default=None, description=_RULESET)


class RenderBody(_Body):
    program: dict[str, Any] | str = Field(description="A program (solved or hand-written).")
    format: Literal["json", "yaml", "markdown", "csv", "ics", "html", "table"] = "markdown"
    scenario: ScenarioIn | None = Field(
        default=None,
        description="The program's scenario: fills in names, totals and verdicts, and the "
        "planned session length.",
    )
    ruleset: RulesetIn = Field(default=None, description=_RULESET)
    start: date | None = Field(default=None, description="First day of week 1 (ics needs it).")


class JobBody(_Body):
    kind: Literal["solve", "explain", "batch", "compare"] = Field(
        description="solve/explain: `scenario`; batch: `scenarios` (a roster), each solved; "
        "compare: `scenarios` under each of `rulesets` and `seeds` seeds."
    )
    scenario: ScenarioIn | None = Field(default=None, description=_SCENARIO)
    scenarios: list[ScenarioIn] | None = Field(default=None, max_length=1000)
    ruleset: RulesetIn = Field(default=None, description=_RULESET)
    rulesets: list[str] | None = Field(
        default=None, max_length=20, description="compare: packaged rule set names."
    )
    seed: int = Field(default=0, ge=0, le=2**31 - 1)
    seeds: int = Field(default=1, ge=1, le=20, description="compare: seeds 0..seeds-1.")
    time_limit: float = Field(default=30.0, gt=0, le=3600)


class ErrorItem(BaseModel):
    file: str | None
    field: str
    line: int | None
    message: str
    text: str = Field(description="The whole error as the CLI prints it: file:line: field: ...")


class ErrorBody(BaseModel):
    error: str
    message: str
    errors: list[ErrorItem] = Field(default_factory=list)


ERRORS: dict[int | str, dict[str, Any]] = {
    413: {"model": ErrorBody, "description": "The body is larger than the limit."},
    422: {"model": ErrorBody, "description": "Bad input: file (request field), field, line."},
    503: {"model": ErrorBody, "description": "Busy, or the worker died: try again."},
}


def _error(
    status: int, kind: str, message: str, errors: Sequence[InputError] = ()
) -> JSONResponse:
    items = [
        {"file": e.file, "field": e.field, "line": e.line, "message": e.message, "text": str(e)}
        for e in errors
    ]
    return JSONResponse({"error": kind, "message": message, "errors": items}, status_code=status)


def _input_error(exc: InputError) -> JSONResponse:
    errors = exc.errors if isinstance(exc, InputErrors) else [exc]
    return _error(422, "input", str(exc), errors)


# --- the app ------------------------------------------------------------------------------------


class _BodyLimit:
    """413 for a body past ``limit`` bytes, declared or streamed (pure ASGI, no buffering)."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        too_big = _error(413, "too_large", f"the body is larger than {self.limit} bytes")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            return await too_big(scope, receive, send)
        seen = 0

        async def counted() -> Any:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise _TooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            await too_big(scope, receive, send)


class _TooLarge(Exception):
    pass


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    pool = WarmPool(settings.workers, settings.max_waiting)
    jobs = Jobs(settings.max_jobs, settings.max_queued)
    shipped = _shipped(settings.scenario_dir)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> Any:
        pool.start()
        log.info("hamopt %s serving: %d solver workers, %d jobs at a time, %d scenarios",
                 __version__, settings.workers, settings.max_jobs, len(shipped))
        yield
        cancelled = jobs.shutdown()
        log.info("shutdown: %d job(s) cancelled%s", len(cancelled),
                 "".join(f", {j.id} ({j.kind})" for j in cancelled))
        pool.shutdown()

    app = FastAPI(
        title="hamopt",
        version=__version__,
        description="Hamstring training programs from constraints (OR-Tools CP-SAT): solve a "
        "scenario, check a program, explain, render, and run long work as jobs.",
        lifespan=lifespan,
    )
    app.state.pool, app.state.jobs, app.state.settings = pool, jobs, settings

    @app.exception_handler(InputError)
    async def on_input(request: Request, exc: InputError) -> JSONResponse:
        return _input_error(exc)

    @app.exception_handler(RequestValidationError)
    async def on_invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = []
        for err in exc.errors():
            loc = [p for p in err.get("loc", ()) if p != "body"]
            where = tuple(p for p in loc if isinstance(p, str | int))
            errors.append(InputError(str(err.get("msg", "invalid")), file="request", path=where))
        return _input_error(InputErrors(errors) if len(errors) > 1 else errors[0])

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400:  # a body FastAPI could not even parse (not UTF-8 JSON)
            return _input_error(InputError(f"not valid JSON: {exc.detail}", file="request"))
        return _error(exc.status_code, "http", str(exc.detail))

    @app.exception_handler(Busy)
    async def on_busy(request: Request, exc: Busy) -> JSONResponse:
        response = _error(503, "busy", str(exc))
        response.headers["Retry-After"] = "1"
        return response

    @app.exception_handler(WorkerDied)
    async def on_died(request: Request, exc: WorkerDied) -> JSONResponse:
        return _error(503, "worker_died", str(exc))

    @app.middleware("http")
    async def one_line(request: Request, call_next: Any) -> Response:
        started = time.perf_counter()
        response = await call_next(request)
        if response.headers.get("content-type", "").startswith("text/html"):
            response.headers.setdefault("Content-Security-Policy", PAGE_CSP)
        client = request.client.host if request.client else "-"
        log.info('%s "%s %s" %d %.1f ms', client, request.method, request.url.path,
                 response.status_code, (time.perf_counter() - started) * 1000)
        return response

    def limit(time_limit: float, most: float) -> float:
        if time_limit > most:
            raise InputError(f"at most {most:g} deterministic seconds on this server",
                             file="request", path=("time_limit",))
        return time_limit

    def solve_args(body: SolveBody | JobBody, most: float) -> tuple[Any, ...]:
        scenario = inputs.scenario_from_request(body.scenario)
        rules = inputs.rules_for(scenario, body.ruleset)
        return scenario, rules, body.seed, limit(body.time_limit, most)

    # --- solving ---------------------------------------------------------------------------

    @app.post("/v1/programs", tags=["solve"], responses=ERRORS)
    async def solve_program(body: SolveBody) -> dict[str, Any]:
        """Solve a scenario: the program (the contract of `hamopt solve --format json`).
        Infeasible is an answer (200, `status: infeasible`, with the conflict and the
        cheapest fix), not an error."""
        args = solve_args(body, settings.max_time_limit)
        result: dict[str, Any] = await pool.run(workers.solve_json, *args, pool.spare_core())
        return result

    @app.post("/v1/explain", tags=["solve"], responses=ERRORS)
    async def explain(body: SolveBody) -> dict[str, Any]:
        """Each rule's verdict, penalty and numbers, or why there is no program
        (`hamopt explain --format json`, plus `text` as the command prints it)."""
        args = solve_args(body, settings.max_time_limit)
        result: dict[str, Any] = await pool.run(workers.explain_json, *args, pool.spare_core())
        return result

    @app.post("/v1/check", tags=["solve"], responses=ERRORS)
    def check(body: CheckBody) -> dict[str, Any]:
        """Every active rule's verdict on a program, by the checkers alone (no solver)."""
        from hamopt.domain.catalog import catalog_for
        from hamopt.engine.check import check_program, hard_violations, rule_reports

        program = inputs.program_from_request(body.program)
        scenario = inputs.scenario_from_request(body.scenario)
        rules = inputs.rules_for(scenario, body.ruleset)
        inputs.unknown_ids(program, scenario)
        verdicts = check_program(program, scenario, catalog_for(scenario), rules)
        return {
            "scenario": scenario.name,
            "hard_rules_kept": not hard_violations(verdicts),
            "rules": [r.model_dump(mode="json") for r in rule_reports(verdicts)],
            "violations": [
                {"id": v.rule, "instance": v.instance, "message": v.message}
                for r in verdicts
                for v in r.violations
            ],
        }

    @app.post(
        "/v1/render",
        tags=["render"],
        response_class=Response,
        responses={
            **ERRORS,
            200: {
                "description": "The program in the format asked for.",
                "content": {t.split(";")[0]: {} for t in MEDIA_TYPES.values()},
            },
        },
    )
    def render(body: RenderBody) -> Response:
        """A program in any format `hamopt render` knows: json, yaml, markdown, csv, ics
        (needs `start`), html (the program card) or table."""
        from hamopt.render.formats import EXTENSIONS, NEEDS_START, RenderContext
        from hamopt.render.formats import render as render_program

        if body.format in NEEDS_START and body.start is None:
            raise InputError(f"format {body.format} needs start, the first day of week 1",
                             file="request", path=("start",))
        program = inputs.program_from_request(body.program)
        scenario = None
        if body.scenario is not None:
            from hamopt.api.enrich import enrich
            from hamopt.domain.catalog import catalog_for

            scenario = inputs.scenario_from_request(body.scenario)
            rules = inputs.rules_for(scenario, body.ruleset)
            inputs.unknown_ids(program, scenario)
            program = enrich(program, scenario, catalog_for(scenario), rules)
        context = RenderContext(scenario=scenario, start=body.start)
        text = render_program(body.format, program, context)
        name = f"program.{EXTENSIONS[body.format]}"
        return Response(text, media_type=MEDIA_TYPES[body.format],
                        headers={"Content-Disposition": f'inline; filename="{name}"'})

    # --- jobs ------------------------------------------------------------------------------

    @app.post("/v1/jobs", status_code=202, tags=["jobs"],
              responses={**ERRORS, 429: {"model": ErrorBody, "description": "Too many jobs."}})
    def post_job(body: JobBody, request: Request) -> JSONResponse:
        """Start long work (a multi-week plan, a roster, a comparison): 202 with the job's
        address in `Location`; poll it with GET, stop it with DELETE."""
        most = settings.max_job_time_limit
        if body.kind in ("solve", "explain"):
            if body.scenario is None:
                raise InputError("required for a solve or explain job", file="request",
                                 path=("scenario",))
            func: Callable[..., dict[str, Any]] = (
                workers.solve_json if body.kind == "solve" else workers.explain_json
            )
            args: tuple[Any, ...] = solve_args(body, most)
        else:
            if not body.scenarios:
                raise InputError(f"a {body.kind} job needs a non-empty list", file="request",
                                 path=("scenarios",))
            if len(body.scenarios) > settings.max_batch:
                raise InputError(f"at most {settings.max_batch} scenarios in one job",
                                 file="request", path=("scenarios",))
            scenarios = [inputs.scenario_from_request(s, f"scenarios.{i}")
                         for i, s in enumerate(body.scenarios)]
            if body.kind == "batch":
                items = [(s, inputs.rules_for(s, body.ruleset)) for s in scenarios]
                func, args = workers.batch_json, (items, body.seed, limit(body.time_limit, most))
            else:
                func = workers.compare_json
                args = (_study(scenarios, body, limit(body.time_limit, most)),)
        try:
            job = jobs.submit(body.kind, func, *args)
        except Busy as exc:
            return _error(429, "busy", str(exc))
        location = f"/v1/jobs/{job.id}"
        return JSONResponse(job.as_dict(), status_code=202, headers={"Location": location})

    not_found: dict[int | str, dict[str, Any]] = {
        404: {"model": ErrorBody, "description": "No such job."}
    }

    @app.get("/v1/jobs", tags=["jobs"])
    def list_jobs() -> dict[str, Any]:
        """Every job the server still remembers, without results."""
        return {"jobs": [{**j.as_dict(), "result": None} for j in list(jobs.jobs.values())]}

    @app.get("/v1/jobs/{job_id}", tags=["jobs"], responses=not_found)
    def get_job(job_id: str) -> JSONResponse:
        """A job's state (queued, running, done, failed, cancelled) and, when done, its result."""
        job = jobs.get(job_id)
        if job is None:
            return _error(404, "not_found", f"no job {job_id!r}")
        return JSONResponse(job.as_dict())

    @app.delete("/v1/jobs/{job_id}", tags=["jobs"], responses=not_found)
    def cancel_job(job_id: str) -> JSONResponse:
        """Cancel a job: a queued one never starts, a running one's process is ended."""
        job = jobs.cancel(job_id)
        if job is None:
            return _error(404, "not_found", f"no job {job_id!r}")
        return JSONResponse(job.as_dict())

    # --- what there is ---------------------------------------------------------------------

    @app.get("/v1/catalog", tags=["reference"])
    def catalog(
        equipment: str | None = Query(default=None, max_length=200,
                                      description="An equipment profile or id."),
    ) -> dict[str, Any]:
        """The default exercise catalog (the fields of a catalog file), and the equipment
        profiles a scenario may name."""
        from hamopt.domain.catalog import default_catalog
        from hamopt.domain.models import EQUIPMENT_PROFILES

        exercises = list(default_catalog().exercises)
        if equipment is not None:
            have = {str(e) for e in EQUIPMENT_PROFILES.get(equipment, (equipment,))}
            exercises = [e for e in exercises if all(str(i) in have for i in e.equipment)]
        return {
            "exercises": [e.model_dump(mode="json") for e in exercises],
            "equipment_profiles": {k: [str(e) for e in v] for k, v in EQUIPMENT_PROFILES.items()},
        }

    @app.get("/v1/rules", tags=["reference"], responses={404: {"model": ErrorBody}})
    def rules(ruleset: str = Query(default="default", max_length=120)) -> JSONResponse:
        """Every rule as a packaged rule set has it (`hamopt rules --format json`), and the
        packaged rule sets' names."""
        from hamopt.rules.docs import document
        from hamopt.rules.ruleset import packaged_names

        if ruleset not in packaged_names():
            return _error(404, "not_found", f"no packaged rule set {ruleset!r}")
        return JSONResponse({**document(ruleset).as_dict(), "rulesets": packaged_names()})

    @app.get("/v1/schema/{kind}", tags=["reference"], responses={404: {"model": ErrorBody}})
    def schema(kind: str) -> JSONResponse:
        """The JSON Schema of a file kind: scenario, catalog, ruleset, gym, roster or program
        (`hamopt schema KIND`)."""
        from hamopt.inputs.schemas import KINDS, schema_of

        if kind not in KINDS:
            return _error(404, "not_found", f"no schema {kind!r}; kinds: {', '.join(KINDS)}")
        return JSONResponse(schema_of(kind))

    @app.get("/v1/scenarios", tags=["reference"])
    def scenarios() -> dict[str, Any]:
        """The shipped scenarios this server offers (the page's examples)."""
        return {"scenarios": [s["summary"] for s in shipped.values()]}

    @app.get("/v1/scenarios/{name}", tags=["reference"], responses={404: {"model": ErrorBody}})
    def scenario(name: str) -> JSONResponse:
        """One shipped scenario: its data (as in its file) and its YAML text."""
        if name not in shipped:
            return _error(404, "not_found", f"no shipped scenario {name!r}")
        item = shipped[name]
        return JSONResponse({**item["summary"], "scenario": item["data"], "yaml": item["yaml"]})

    @app.get("/v1/health", tags=["reference"])
    def health() -> dict[str, Any]:
        """Up, with the work in hand."""
        running = sum(1 for j in list(jobs.jobs.values()) if j.state == "running")
        return {"status": "ok", "version": __version__, "solving": pool.waiting,
                "jobs_running": running}

    # --- the coach's page ------------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return _with_body_limit(app, settings.max_body)


def _with_body_limit(app: FastAPI, limit: int) -> FastAPI:
    app.add_middleware(_BodyLimit, limit=limit)
    return app


def _study(scenarios: list[Any], body: JobBody, time_limit: float) -> Any:
    """A comparison planned as `hamopt compare` plans one, from request data."""
    from hamopt.rules.ruleset import active_rules, find_ruleset
    from hamopt.study.compare import Configuration, RuleSetChoice, Run, ScenarioInput, Study

    for i, ref in enumerate(body.rulesets or []):
        inputs.packaged_only(ref, "request", ("rulesets", i))
    choices = [RuleSetChoice(ref, *find_ruleset(ref)) for ref in (body.rulesets or [])]
    choices = choices or [RuleSetChoice("scenario rules")]
    items = [ScenarioInput(s.name if [x.name for x in scenarios].count(s.name) == 1
                           else f"{i}:{s.name}", f"scenarios.{i}", s)
             for i, s in enumerate(scenarios)]
    runs: list[Run] = []
    for s_index, item in enumerate(items):
        for c_index, choice in enumerate(choices):
            rules = (active_rules(item.scenario) if choice.ruleset is None
                     else active_rules(item.scenario, choice.ruleset, ruleset_file=choice.file))
            runs.extend(Run(s_index, c_index, seed, item.scenario, tuple(rules), time_limit)
                        for seed in range(body.seeds))
    configs = tuple(Configuration(c) for c in choices)
    return Study(tuple(items), configs, (), tuple(range(body.seeds)), tuple(runs))


def _shipped(folder: Path | None) -> dict[str, dict[str, Any]]:
    """The scenarios of a server-side folder (chosen by whoever starts the server), by stem."""
    if folder is None or not folder.is_dir():
        return {}
    from hamopt.inputs.loading import load_scenario
    from hamopt.io.yaml_files import load_yaml

    found: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            scenario = load_scenario(path)
        except InputError:
            continue  # a broken example is not offered
        data, _ = load_yaml(path)
        if isinstance(data.get("rules"), str) and "/" in data["rules"]:
            continue  # names a rule set file: the service takes packaged names only
        if "catalog" in data:
            continue  # names a catalog file: the service reads none from a request
        found[path.stem] = {
            "summary": {
                "name": path.stem,
                "title": scenario.name,
                "weeks": scenario.weeks,
                "sessions_per_week": scenario.schedule.sessions_per_week,
                "equipment": scenario.equipment if isinstance(scenario.equipment, str)
                else "custom",
            },
            "data": data,
            "yaml": path.read_text(encoding="utf-8"),
        }
    return found
