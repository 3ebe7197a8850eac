"""Imported first into the fork server (:func:`hamopt.parallel.pool.start_fork_server`).

The server dies with the process that started it, and every process it forks dies with the
server (:mod:`hamopt.parallel.lifeline`). Imported anywhere else it would tie that process to
its parent: only the fork server's preload names it.
"""

import os

from hamopt.parallel.lifeline import die_with_parent

_SERVER = os.getpid()

die_with_parent()
os.register_at_fork(after_in_child=lambda: die_with_parent(_SERVER))
