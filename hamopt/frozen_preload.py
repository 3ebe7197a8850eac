"""Imported last into the fork server (:func:`hamopt.pool.start_fork_server`): freezes it.

The server imports OR-Tools, pandas and hamopt (and Dask, for a LocalCluster) and then only
forks workers. :func:`gc.freeze` moves what those imports created out of the garbage
collector's reach, as Python's documentation advises before forking without exec, so that:

- the server's own exit skips freeing those objects one by one: it holds the batch's stdout
  and stderr until it exits, so ``hamopt batch ... | tee log`` ends that much sooner;
- a worker's full collections (one per ~100 clients) leave the imports' objects alone, and
  with them the memory pages it shares with the server.
"""

import gc

gc.freeze()
