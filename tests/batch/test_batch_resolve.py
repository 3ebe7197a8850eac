"""A batch run resolves the rule set and builds the catalog once, not twice per client.

Checking a client's scenario resolves its rule set and catalog; the solve used to resolve
them again, for every client. A run's clients share a Resolver in each worker
(hamopt.batch.run.run_resolver), so a roster, whose rows all take the gym's rule set and
exercises, resolves them once per run. The programs are the same either way.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from batch_roster import write_roster

import hamopt.api.solving
import hamopt.domain.catalog
import hamopt.engine.solve
import hamopt.rules.ruleset
from hamopt.batch.run import RosterClient, SolveSettings, open_input, solve_client

SETTINGS = SolveSettings(formats=("json",), time_limit=5.0)


def _count(calls: Counter[str], name: str, real: Callable[..., Any]) -> Callable[..., Any]:
    def counted(*args: Any, **kwargs: Any) -> Any:
        calls[name] += 1
        return real(*args, **kwargs)

    return counted


def _clients(folder: Path, n: int) -> list[RosterClient]:
    roster, gym, _ = write_roster(folder, 12)
    tasks = [t for t in open_input(str(roster), gym).tasks() if isinstance(t, RosterClient)]
    good = [t for t in tasks if t.client_id.startswith("m")]
    assert len(good) >= n
    return good[:n]


def _programs(results: list[Any]) -> list[dict[str, Any]]:
    out = []
    for result in results:
        assert result.status in ("optimal", "feasible"), result.error
        data = json.loads(result.outputs["json"])
        data.pop("solver")
        out.append(data)
    return out


def test_a_run_resolves_rules_and_catalog_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clients = _clients(tmp_path, 3)
    # Each client on its own (no run): the reference programs, and the per-client count.
    alone = [solve_client(c, SETTINGS) for c in clients]

    calls: Counter[str] = Counter()
    real_resolve = hamopt.rules.ruleset.resolve
    real_catalog = hamopt.domain.catalog.catalog_for
    monkeypatch.setattr(hamopt.rules.ruleset, "resolve", _count(calls, "rules", real_resolve))
    for module in (hamopt.domain.catalog, hamopt.engine.solve, hamopt.api.solving):
        monkeypatch.setattr(module, "catalog_for", _count(calls, "catalog", real_catalog))

    solve_client(clients[0], SETTINGS)
    assert calls == {"rules": 1, "catalog": 1}  # one client, no run: resolved once, not twice

    calls.clear()
    run = SolveSettings(formats=SETTINGS.formats, time_limit=SETTINGS.time_limit, run="r1")
    in_run = [solve_client(c, run) for c in clients]
    assert calls == {"rules": 1, "catalog": 1}  # three clients of one run: once

    calls.clear()
    solve_client(clients[0], SolveSettings(formats=("json",), time_limit=5.0, run="r2"))
    assert calls == {"rules": 1, "catalog": 1}  # a new run resolves afresh

    assert _programs(in_run) == _programs(alone)


def test_scenario_files_of_a_run_share_what_they_share(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Scenario files with the same rule set and overrides share one resolution; a file
    with overrides of its own gets its own."""
    from hamopt.batch.run import ScenarioFile

    base = (
        "name: {name}\nschedule:\n  sessions_per_week: 2\n"
        "  slots: [{{day: mon}}, {{day: thu}}]\n"
    )
    files = []
    for name in ("a", "b"):
        path = tmp_path / f"{name}.yaml"
        path.write_text(base.format(name=name))
        files.append(ScenarioFile.at(name, path))
    own = tmp_path / "c.yaml"
    own.write_text(
        base.format(name="c") + "overrides:\n  recovery_spacing: {params: {min_hours: 24}}\n"
    )
    files.append(ScenarioFile.at("c", own))

    calls: Counter[str] = Counter()
    real_resolve = hamopt.rules.ruleset.resolve
    monkeypatch.setattr(hamopt.rules.ruleset, "resolve", _count(calls, "rules", real_resolve))
    run = SolveSettings(formats=("json",), time_limit=5.0, run="files")
    results = [solve_client(f, run) for f in files]
    assert [r.status for r in results] == ["optimal"] * 3, [r.error for r in results]
    assert calls["rules"] == 2
