"""One command's time budget: every CP-SAT call of a solve and its explanation draws on it."""

from __future__ import annotations

import time

from ortools.sat.python import cp_model

# The wall-clock backstop of a Budget: deterministic seconds track wall seconds within a small
# factor on these models, so it bites only when something is badly wrong (a machine swapping,
# a pathological model); it keeps a command from hanging, at the cost of reproducibility.
WALL_FACTOR = 4.0
WALL_SLACK = 10.0  # seconds


class Budget:
    """One command's time: ``--time-limit`` deterministic seconds for every CP-SAT call it
    makes (the solve, then the conflict and relaxation searches when infeasible).

    Each call gets what is left (:meth:`limit`) and is charged what it used (:meth:`charge`),
    so the sum of the calls' deterministic times never passes the limit, and the same input
    gives the same answer, cut short or not, on any machine load. A wall-clock backstop
    (``WALL_FACTOR`` times the limit plus ``WALL_SLACK``) keeps a command from hanging when
    deterministic time runs far behind wall time.
    """

    def __init__(self, seconds: float, wall: float | None = None) -> None:
        self.seconds = seconds
        self.spent = 0.0
        self.wall_end = time.monotonic() + (
            wall if wall is not None else WALL_FACTOR * seconds + WALL_SLACK
        )
        self.cut = False  # a call ran out of budget: an answer built on it may be partial

    def left(self) -> float:
        return max(0.0, self.seconds - self.spent)

    def wall_left(self) -> float:
        return max(0.0, self.wall_end - time.monotonic())

    @property
    def exhausted(self) -> bool:
        return self.left() <= 1e-6 or self.wall_left() <= 0.0

    def limit(self, cap: float) -> float:
        """The deterministic limit for the next call: ``cap``, or what is left if less."""
        return min(cap, self.left())

    def charge(self, solver: cp_model.CpSolver) -> None:
        self.spent += solver.deterministic_time
