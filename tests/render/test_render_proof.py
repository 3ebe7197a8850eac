"""A program returned out of time says, in every human format, how far it may be from the best."""

from __future__ import annotations

from pathlib import Path

import pytest

import hamopt
from hamopt.render.common import proof_note
from hamopt.render.formats import render

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@pytest.fixture(scope="module")
def solved() -> hamopt.Program:
    return hamopt.solve(SCENARIOS / "balanced_lifter.yaml")


def out_of_time(program, gap: float, quality_gap: float | None):  # type: ignore[no-untyped-def]
    assert program.solver is not None
    info = program.solver.model_copy(
        update={"status": "feasible", "gap": gap, "quality_gap": quality_gap}
    )
    return program.model_copy(update={"status": "feasible", "solver": info})


def test_a_proven_optimum_says_nothing_more(solved) -> None:  # type: ignore[no-untyped-def]
    assert solved.status == "optimal" and proof_note(solved) is None
    for fmt in ("markdown", "table", "html"):
        assert "not proven the best" not in render(fmt, solved)


def test_out_of_time_every_human_format_says_how_far(solved) -> None:  # type: ignore[no-untyped-def]
    quality = out_of_time(solved, 0.0, 0.175)
    words = (
        "Found within the time limit, not proven the best: it keeps every rule it can, and the "
        "best possible program may score up to 18% better on quality."
    )
    assert proof_note(quality) == words
    for fmt in ("markdown", "table", "html"):
        assert words in " ".join(render(fmt, quality).split()), fmt
    penalties = out_of_time(solved, 0.25, None)
    assert proof_note(penalties) == (
        "Found within the time limit, not proven the best: the best possible program may "
        "break rules costing up to 25% less."
    )
    assert proof_note(out_of_time(solved, 0.0, 0.0)) == (
        "Found within the time limit, not proven the best."
    )
