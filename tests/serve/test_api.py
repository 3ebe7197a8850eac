"""Every endpoint of the running service, over HTTP, as a client sees it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, SCENARIOS, Server

httpx = pytest.importorskip("httpx")

ONE_WEEK = (SCENARIOS / "quad_dominant_intermediate_full_gym.yaml").read_text()
TEN_WEEKS = (SCENARIOS / "sprinter_nordic_10_weeks.yaml").read_text()
INFEASIBLE = (SCENARIOS / "infeasible_spacing.yaml").read_text()
PROGRAM = ROOT / "scenarios" / "programs" / "seed_workouts_week.yaml"
PROGRAM_SCENARIO = (SCENARIOS / "quad_dominant_three_sessions.yaml").read_text()


def _wait(client: httpx.Client, location: str, timeout: float = 90) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        job = client.get(location).json()
        if job["state"] not in ("queued", "running"):
            return job
        assert time.monotonic() < deadline, job
        time.sleep(0.2)


def test_solve_yaml_and_json_give_the_same_program(server: Server) -> None:
    import yaml

    with server.client() as client:
        as_yaml = client.post("/v1/programs", json={"scenario": ONE_WEEK})
        as_json = client.post("/v1/programs", json={"scenario": yaml.safe_load(ONE_WEEK)})
    assert as_yaml.status_code == as_json.status_code == 200
    a, b = as_yaml.json(), as_json.json()
    assert a["status"] == "optimal" and a["weeks"][0]["sessions"]
    for p in (a, b):
        p.pop("solver")
    assert a == b


def test_solve_matches_the_cli(server: Server, tmp_path: Path) -> None:
    scenario = SCENARIOS / "quad_dominant_intermediate_full_gym.yaml"
    cli = subprocess.run(
        [sys.executable, "-c", "from hamopt.cli import main; main()", "solve", str(scenario),
         "--format", "json", "--time-limit", "10"],
        capture_output=True, text=True, check=True,
    )
    with server.client() as client:
        http = client.post("/v1/programs", json={"scenario": ONE_WEEK, "time_limit": 10}).json()
    from_cli = json.loads(cli.stdout)
    for p in (http, from_cli):
        p.pop("solver")
    assert http == from_cli


def test_infeasible_is_an_answer_with_its_conflict(server: Server) -> None:
    with server.client() as client:
        response = client.post("/v1/programs", json={"scenario": INFEASIBLE})
        explained = client.post("/v1/explain", json={"scenario": INFEASIBLE})
    assert response.status_code == 200
    program = response.json()
    assert program["status"] == "infeasible" and program["conflict"]
    assert explained.status_code == 200
    assert explained.json()["conflict"] and "infeasible" in explained.json()["text"]


def test_explain_a_solvable_scenario(server: Server) -> None:
    with server.client() as client:
        body = client.post("/v1/explain", json={"scenario": ONE_WEEK, "seed": 1}).json()
    assert body["status"] == "optimal" and body["rules"] and "weeks" not in body
    assert "head_coverage" in body["text"]


@pytest.mark.parametrize(
    ("change", "text"),
    [
        (("sessions_per_week: 2", "sessions_per_week: 9"),
         "scenario:16: schedule.sessions_per_week: Input should be less than or equal to 7"),
        (("rules: default", "rules: ../../etc/rules.yaml"),
         "scenario:29: rules: no packaged rule set '../../etc/rules.yaml'"),
        (("sessions_per_week: 2", "sessions_per_week: [2"), "scenario:"),
    ],
)
def test_input_errors_are_422_in_the_cli_wording(
    server: Server, change: tuple[str, str], text: str
) -> None:
    with server.client() as client:
        response = client.post("/v1/programs", json={"scenario": ONE_WEEK.replace(*change)})
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "input" and body["message"].startswith(text), body
    assert body["errors"][0]["text"].startswith(text)


def test_the_cli_says_the_same_of_the_same_mistake(server: Server, tmp_path: Path) -> None:
    bad = tmp_path / "scenario"
    bad.write_text(ONE_WEEK.replace("sessions_per_week: 2", "sessions_per_week: 9"))
    cli = subprocess.run(
        [sys.executable, "-c", "from hamopt.cli import main; main()", "validate", "scenario"],
        capture_output=True, text=True, cwd=tmp_path,
    )
    with server.client() as client:
        http = client.post("/v1/programs", json={"scenario": bad.read_text()}).json()
    assert cli.returncode == 2
    assert cli.stderr.strip() == f"error: {http['message']}"


def test_rule_sets_by_name_or_inline_never_a_path(server: Server) -> None:
    inline = {"name": "mine", "extends": "default", "rules": {"rep_spectrum": {"mode": "off"}}}
    with server.client() as client:
        by_name = client.post("/v1/programs", json={"scenario": ONE_WEEK, "ruleset": "default"})
        inlined = client.post("/v1/programs", json={"scenario": ONE_WEEK, "ruleset": inline})
        on_disk = str(ROOT / "hamopt/data/rulesets/default.yaml")
        path = client.post("/v1/programs", json={"scenario": ONE_WEEK, "ruleset": on_disk})
        extends = client.post("/v1/programs", json={
            "scenario": ONE_WEEK, "ruleset": {**inline, "extends": "/etc/hostname"}})
        unknown = client.post("/v1/programs", json={
            "scenario": ONE_WEEK, "ruleset": {**inline, "rules": {"no_such_rule": {}}}})
    assert by_name.status_code == inlined.status_code == 200
    assert {r["id"]: r["mode"] for r in inlined.json()["rules"]}.get("rep_spectrum", "off") == "off"
    assert path.status_code == extends.status_code == unknown.status_code == 422
    assert "never a file" in path.json()["message"]
    assert extends.json()["errors"][0]["field"] == "extends"
    assert "unknown rule 'no_such_rule'" in unknown.json()["message"]


def test_a_catalog_comes_inline_never_as_a_path(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scenario's `catalog:` names a file: the service refuses it before reading anything
    (in-process, the catalog loader is never reached), and the refusal names its line."""
    import hamopt.inputs.catalog_files as catalog_files
    from hamopt.io.errors import InputError
    from hamopt.serve.inputs import scenario_from_request

    def never(*args: object) -> None:
        raise AssertionError("the service read a catalog file")

    monkeypatch.setattr(catalog_files, "load_catalog", never)
    on_disk = str(ROOT / "hamopt/data/exercises.yaml")
    with pytest.raises(InputError) as exc:
        scenario_from_request(ONE_WEEK + f"catalog: {on_disk}\n")
    assert exc.value.field == "catalog" and exc.value.line == len(ONE_WEEK.splitlines()) + 1
    with server.client() as client:
        text = client.post("/v1/programs", json={"scenario": ONE_WEEK + f"catalog: {on_disk}\n"})
        as_json = client.post("/v1/programs", json={"scenario": {
            "name": "x", "schedule": {"sessions_per_week": 1, "slots": [{"day": "mon"}]},
            "catalog": "/etc/hostname"}})
    assert text.status_code == as_json.status_code == 422
    assert "reads no catalog file" in text.json()["message"]
    assert as_json.json()["errors"][0]["field"] == "catalog"


def test_time_limit_and_body_size_are_bounded(server: Server) -> None:
    with server.client() as client:
        slow = client.post("/v1/programs", json={"scenario": ONE_WEEK, "time_limit": 25})
        huge = client.post("/v1/programs", content=b"{" + b" " * 1_100_000 + b"}",
                           headers={"content-type": "application/json"})
    assert slow.status_code == 422 and slow.json()["errors"][0]["field"] == "time_limit"
    assert huge.status_code == 413


def test_check_a_hand_written_program(server: Server) -> None:
    with server.client() as client:
        response = client.post("/v1/check", json={
            "program": PROGRAM.read_text(), "scenario": PROGRAM_SCENARIO})
        unknown = client.post("/v1/check", json={
            "program": PROGRAM.read_text().replace("standing_leg_curl", "standing_leg_curlz"),
            "scenario": PROGRAM_SCENARIO})
    assert response.status_code == 200
    body = response.json()
    assert isinstance(body["hard_rules_kept"], bool) and body["rules"]
    assert unknown.status_code == 422 and "standing_leg_curlz" in unknown.json()["message"]


@pytest.fixture(scope="module")
def program(server: Server) -> dict:
    with server.client() as client:
        return client.post("/v1/programs", json={"scenario": ONE_WEEK}).json()  # type: ignore[no-any-return]


@pytest.mark.parametrize("fmt", ["json", "yaml", "markdown", "csv", "ics", "html", "table"])
def test_render_every_format(server: Server, program: dict, fmt: str) -> None:
    with server.client() as client:
        response = client.post("/v1/render", json={
            "program": program, "scenario": ONE_WEEK, "format": fmt, "start": "2027-01-04"})
    assert response.status_code == 200, response.text
    assert response.text.strip()
    if fmt == "ics":
        assert response.headers["content-type"].startswith("text/calendar")
        assert "BEGIN:VCALENDAR" in response.text and "DTSTART" in response.text
    if fmt == "html":
        assert "<html" in response.text


def test_render_ics_needs_a_start(server: Server, program: dict) -> None:
    with server.client() as client:
        response = client.post("/v1/render", json={"program": program, "format": "ics"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "start"


def test_reference_endpoints(server: Server) -> None:
    with server.client() as client:
        catalog = client.get("/v1/catalog").json()
        bands = client.get("/v1/catalog", params={"equipment": "home_bands"}).json()
        rules = client.get("/v1/rules").json()
        no_rules = client.get("/v1/rules", params={"ruleset": "../default"})
        schema = client.get("/v1/schema/scenario").json()
        no_schema = client.get("/v1/schema/nothing")
        listed = client.get("/v1/scenarios").json()["scenarios"]
        one = client.get("/v1/scenarios/beginner_full_gym").json()
        missing = client.get("/v1/scenarios/..%2Fpyproject")
        health = client.get("/v1/health").json()
    assert len(bands["exercises"]) < len(catalog["exercises"]) and "home_bands" in catalog[
        "equipment_profiles"]
    assert rules["rulesets"] == ["coach_plus", "default", "seed_000", "strengthlog"]
    assert any(r["id"] == "head_coverage" for r in rules["rules"])
    assert no_rules.status_code == no_schema.status_code == missing.status_code == 404
    assert "schedule" in schema["properties"]
    assert {s["name"] for s in listed} >= {"beginner_full_gym", "sprinter_nordic_10_weeks"}
    assert one["scenario"]["name"] == one["title"] and "schedule:" in one["yaml"]
    assert health["status"] == "ok"


def test_the_page_and_its_files(server: Server) -> None:
    with server.client() as client:
        page = client.get("/")
        script = client.get("/static/app.js")
    assert page.status_code == 200 and "default-src 'self'" in page.headers[
        "content-security-policy"]
    assert "/static/app.js" in page.text and script.status_code == 200
    assert "http://" not in script.text and "https://" not in script.text


def test_a_job_is_posted_polled_and_done(server: Server) -> None:
    with server.client() as client:
        posted = client.post("/v1/jobs", json={"kind": "solve", "scenario": ONE_WEEK})
        assert posted.status_code == 202
        location = posted.headers["location"]
        assert location == f"/v1/jobs/{posted.json()['id']}"
        job = _wait(client, location)
        listed = client.get("/v1/jobs").json()["jobs"]
        missing = client.get("/v1/jobs/nope")
        missing_cancel = client.delete("/v1/jobs/nope")
    assert job["state"] == "done" and job["result"]["status"] == "optimal"
    assert any(j["id"] == job["id"] for j in listed)
    assert missing.status_code == missing_cancel.status_code == 404


def test_batch_explain_and_compare_jobs(server: Server) -> None:
    beginner = (SCENARIOS / "beginner_full_gym.yaml").read_text()
    with server.client() as client:
        batch = client.post("/v1/jobs", json={
            "kind": "batch", "scenarios": [ONE_WEEK, beginner, INFEASIBLE], "time_limit": 10})
        compare = client.post("/v1/jobs", json={
            "kind": "compare", "scenarios": [ONE_WEEK, beginner], "rulesets": ["default"],
            "seeds": 1, "time_limit": 10})
        explain = client.post("/v1/jobs", json={"kind": "explain", "scenario": ONE_WEEK})
        bad = client.post("/v1/jobs", json={"kind": "compare", "scenarios": [ONE_WEEK],
                                            "rulesets": ["/etc/passwd"]})
        empty = client.post("/v1/jobs", json={"kind": "batch", "scenarios": []})
        assert batch.status_code == compare.status_code == explain.status_code == 202
        batched = _wait(client, batch.headers["location"])["result"]
        compared = _wait(client, compare.headers["location"])["result"]
        explained = _wait(client, explain.headers["location"])["result"]
    assert (batched["solved"], batched["without_program"]) == (2, 1)
    assert len(compared["runs"]) == 2 and compared["summary"][0]["feasible"] == 2
    assert explained["status"] == "optimal" and "weeks" not in explained and explained["text"]
    assert bad.status_code == empty.status_code == 422
    assert bad.json()["errors"][0]["field"] == "rulesets.0"


def test_a_running_job_is_cancelled(server: Server) -> None:
    with server.client() as client:
        posted = client.post("/v1/jobs", json={"kind": "solve", "scenario": TEN_WEEKS})
        location = posted.headers["location"]
        deadline = time.monotonic() + 30
        while client.get(location).json()["state"] == "queued":
            assert time.monotonic() < deadline
            time.sleep(0.1)
        cancelled = client.delete(location)
        job = _wait(client, location)
    assert cancelled.status_code == 200
    assert job["state"] == "cancelled" and job["result"] is None


def _workers(server: Server) -> set[int]:
    """The server's worker and job processes: what its fork server forked."""
    import psutil

    found = set()
    for child in psutil.Process(server.process.pid).children(recursive=True):
        try:
            if child.parent() and child.parent().pid != server.process.pid:
                found.add(child.pid)
        except psutil.NoSuchProcess:
            pass
    return found


def _kill(pids: set[int]) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def test_a_worker_crash_does_not_take_the_server_down(server: Server) -> None:
    """Killed from outside, as the OOM killer would: the warm workers (the next request is
    solved again alone and answered, the pool replaced), then a running job's process (the
    job fails and says why); the server answers after both."""
    with server.client() as client:
        assert client.get("/v1/health").status_code == 200
        warm = _workers(server)
        assert warm
        _kill(warm)
        answered = client.post("/v1/programs", json={"scenario": ONE_WEEK})
        before = _workers(server)
        job = client.post("/v1/jobs", json={"kind": "solve", "scenario": TEN_WEEKS})
        location = job.headers["location"]
        deadline = time.monotonic() + 60
        while client.get(location).json()["state"] != "running":
            assert time.monotonic() < deadline
            time.sleep(0.1)
        while not (_workers(server) - before):
            assert time.monotonic() < deadline
            time.sleep(0.05)
        _kill(_workers(server) - before)
        failed = _wait(client, location)
        after = client.post("/v1/programs", json={"scenario": ONE_WEEK})
    assert answered.status_code == 200 and answered.json()["status"] == "optimal"
    assert "its pool is replaced" in server.log_text()
    assert failed["state"] == "failed" and "died" in failed["error"]
    assert after.status_code == 200 and after.json()["status"] == "optimal"


def _batch_worker_solving(server: Server, before: set[int]) -> Any:
    """A batch job's pool worker that is solving: a process the job's process started below
    its own fork server (the job's grandchild), having used CPU (an idle worker uses none)."""
    import psutil

    for pid in _workers(server) - before:
        try:
            job = psutil.Process(pid)
            if job.parent() is None or job.parent().parent() is None:
                continue
            if job.parent().parent().pid != server.process.pid:
                continue  # not a job's process (forked by the server's fork server)
            for worker in (p for child in job.children() for p in child.children()):
                cpu = worker.cpu_times()
                if cpu.user + cpu.system > 0.2:
                    return worker
        except psutil.NoSuchProcess:
            pass
    return None


def test_a_batch_job_solves_again_a_client_whose_worker_is_killed(server: Server) -> None:
    """A batch job runs on the batch engine's pool: its worker, killed mid-solve as the OOM
    killer would, costs no client (the engine's quarantine solves it again) and the job is
    done, whole."""
    with server.client() as client:
        before = _workers(server)
        posted = client.post("/v1/jobs", json={"kind": "batch", "scenarios": [TEN_WEEKS, ONE_WEEK]})
        location = posted.headers["location"]
        deadline = time.monotonic() + 60
        while (worker := _batch_worker_solving(server, before)) is None:
            state = client.get(location).json()["state"]
            assert state in ("queued", "running"), "over before the batch's worker solving"
            assert time.monotonic() < deadline, "no batch worker seen solving"
            time.sleep(0.05)
        worker.kill()
        job = _wait(client, location, timeout=180)
    assert job["state"] == "done", job["error"]
    result = job["result"]
    assert (result["solved"], result["without_program"]) == (2, 0)
    assert [p["status"] for p in result["programs"]] == ["optimal", "optimal"]
    assert [c["status"] for c in result["clients"]] == ["optimal", "optimal"]


def test_one_log_line_per_request(server: Server) -> None:
    with server.client() as client:
        client.get("/v1/health", params={"marker": "x"})
        client.get("/v1/jobs/log-marker")
    lines = [line for line in server.log_text().splitlines() if "log-marker" in line]
    assert len(lines) == 1 and '"GET /v1/jobs/log-marker" 404' in lines[0]


def test_shutdown_cancels_running_jobs_and_says_which(caplog: pytest.LogCaptureFixture) -> None:
    """What the server's lifespan runs at shutdown (Ctrl-C, SIGTERM): every job not over is
    cancelled, each named in the log; the running one's process is ended."""
    import logging

    from hamopt.serve import inputs, workers
    from hamopt.serve.pools import Jobs

    scenario = inputs.scenario_from_request(TEN_WEEKS)
    args = (scenario, inputs.rules_for(scenario, None), 0, 60.0)
    jobs = Jobs(max_jobs=1, max_queued=4)
    running = jobs.submit("solve", workers.solve_json, *args)
    queued = jobs.submit("solve", workers.solve_json, *args)
    deadline = time.monotonic() + 30
    while running.state != "running":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    with caplog.at_level(logging.INFO, logger="hamopt.serve"):
        cancelled = jobs.shutdown()
    assert {j.id for j in cancelled} == {running.id, queued.id}
    assert running.state == queued.state == "cancelled"
    assert not running.process.is_alive()
    assert f"shutdown: cancelled running job {running.id} (solve)" in caplog.text
    assert f"shutdown: cancelled queued job {queued.id} (solve)" in caplog.text


def _without_timing(program: dict) -> dict:
    solver = {k: v for k, v in program["solver"].items() if k not in ("wall_time", "build_time")}
    return {**program, "solver": solver}


def test_a_batch_job_gives_the_programs_hamopt_batch_gives(server: Server, tmp_path: Path) -> None:
    """A batch job runs `hamopt batch`'s engine (hamopt/batch/run.py): the same programs, and
    each client's status and reason as the command's summary has them."""
    names = ["quad_dominant_intermediate_full_gym", "beginner_full_gym", "infeasible_spacing"]
    roster = tmp_path / "roster"
    roster.mkdir()
    for name in names:
        (roster / f"{name}.yaml").write_text((SCENARIOS / f"{name}.yaml").read_text())
    cli = subprocess.run(
        [sys.executable, "-c", "from hamopt.cli import main; main()", "batch", str(roster),
         "-o", str(tmp_path / "out"), "--format", "json", "--time-limit", "10", "--jobs", "1"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert cli.returncode == 1, cli.stderr  # 1: a client without a program (the infeasible one)
    out = tmp_path / "out"
    from_cli = [json.loads((out / f"{n}.json").read_text()) for n in names]
    summary = {c["client"]: c for c in json.loads((out / "summary.json").read_text())["clients"]}
    with server.client() as client:
        posted = client.post("/v1/jobs", json={
            "kind": "batch", "time_limit": 10,
            "scenarios": [(roster / f"{n}.yaml").read_text() for n in names]})  # fmt: skip
        job = _wait(client, posted.headers["location"])
    assert job["state"] == "done", job["error"]
    result = job["result"]
    assert (result["solved"], result["without_program"]) == (2, 1)
    assert [_without_timing(p) for p in result["programs"]] == [
        _without_timing(p) for p in from_cli
    ]
    assert [(c["status"], c["error"]) for c in result["clients"]] == [
        (summary[n]["status"], summary[n]["error"]) for n in names
    ]
