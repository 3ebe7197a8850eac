"""The warm pool: a worker that dies fails only the request that killed it (issue 22)."""

from __future__ import annotations

import asyncio
import os
import time

from hamopt.serve.pools import WarmPool, WorkerDied


def test_a_crash_fails_only_its_own_request_and_the_pool_goes_on() -> None:
    """Two workers: a nap in flight on one, a request that kills its process on the other.
    The pool breaks as a whole; the nap is solved again alone and answers, the crash kills its
    lone process too and gets WorkerDied; the replaced pool serves the next request."""

    async def scenario(pool: WarmPool) -> tuple[object, object, object]:
        nap = asyncio.create_task(pool.run(time.sleep, 2.0))
        await asyncio.sleep(0.5)  # the nap first: ordering only, asserted on nothing
        crash = asyncio.create_task(pool.run(os._exit, 3))
        first, second = await asyncio.gather(nap, crash, return_exceptions=True)
        after = await pool.run(abs, -7)
        return first, second, after

    pool = WarmPool(workers=2, max_waiting=8)
    pool.start()
    try:
        nap, crash, after = asyncio.run(scenario(pool))
    finally:
        pool.shutdown()
    assert nap is None  # time.sleep's answer, not WorkerDied
    assert isinstance(crash, WorkerDied) and "again" in str(crash)
    assert after == 7


def test_a_solve_runs_beside_work_only_while_a_core_is_spare(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """engine/beside.py's second thread pays when a core has no solve on it; with every core
    solving, it only competes with the other workers (WarmPool.spare_core)."""
    import hamopt.parallel.pool as parallel_pool

    pool = WarmPool(workers=2, max_waiting=8)
    monkeypatch.setattr(parallel_pool, "default_jobs", lambda: 2)
    assert pool.spare_core()  # nothing in flight: this solve and a free core
    pool.waiting = 1
    assert not pool.spare_core()  # one in flight: the two workers fill both cores
    monkeypatch.setattr(parallel_pool, "default_jobs", lambda: 4)
    pool.waiting = 5
    assert pool.spare_core()  # two workers never fill four cores


def test_the_solve_endpoints_hand_the_pool_s_answer_to_the_worker(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """/v1/programs and /v1/explain pass WarmPool.spare_core's answer as the worker's
    ``beside`` (the pool's run replaced: no worker process here)."""
    import pytest

    pytest.importorskip("fastapi")
    import httpx

    from hamopt.serve.app import create_app

    seen: list[tuple[str, object]] = []

    async def run(self: WarmPool, func: object, *args: object) -> dict:
        seen.append((getattr(func, "__name__", ""), args[-1]))
        return {"status": "optimal"}

    monkeypatch.setattr(WarmPool, "run", run)
    text = "name: t\nschedule: {sessions_per_week: 2, slots: [{day: mon}, {day: thu}]}\n"

    async def post_all() -> list[int]:
        transport = httpx.ASGITransport(app=create_app())
        codes = []
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            for spare in (True, False):
                monkeypatch.setattr(WarmPool, "spare_core", lambda self, s=spare: s)
                for path in ("/v1/programs", "/v1/explain"):
                    codes.append((await client.post(path, json={"scenario": text})).status_code)
        return codes

    assert asyncio.run(post_all()) == [200] * 4
    assert seen == [
        ("solve_json", True), ("explain_json", True),
        ("solve_json", False), ("explain_json", False),
    ]  # fmt: skip
