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
