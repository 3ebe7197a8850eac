"""domain/facts: an exercise's facts worked out once a solve, for the very object asked about,
and nothing kept outside a solve."""

from __future__ import annotations

from hamopt.domain.catalog import default_catalog
from hamopt.domain.cues import ROTATIONS, shift_pct
from hamopt.domain.facts import one_solve, remembered
from hamopt.domain.prescribe import set_seconds
from hamopt.engine.beside import Beside


def _exercise(exercise_id: str = "seated_leg_curl"):  # type: ignore[no-untyped-def]
    return default_catalog().by_id()[exercise_id]


def test_inside_a_solve_each_fact_is_worked_out_once() -> None:
    calls: list[str] = []

    def work() -> int:
        calls.append("worked")
        return 7

    curl = _exercise()
    with one_solve():
        assert [remembered("k", curl, (8, 12), work) for _ in range(3)] == [7, 7, 7]
        assert remembered("k", curl, (6, 8), work) == 7  # another key: worked out again
        with one_solve():  # a nested block shares the solve's facts
            remembered("k", curl, (8, 12), work)
    assert calls == ["worked", "worked"]


def test_outside_a_solve_nothing_is_kept() -> None:
    calls: list[int] = []
    curl = _exercise()
    for _ in range(2):
        remembered("k", curl, 0, lambda: calls.append(1))
    with one_solve():
        remembered("k", curl, 0, lambda: calls.append(1))
    with one_solve():  # a new solve: the last one's facts are gone
        remembered("k", curl, 0, lambda: calls.append(1))
    assert len(calls) == 4


def test_an_equal_copy_is_another_exercise() -> None:
    # Keyed by identity, checked against the object: a copy with a field changed (or an
    # equal one) gets its own answer.
    curl = _exercise()
    faster = curl.model_copy(update={"id": "copy"})
    with one_solve():
        assert remembered("k", curl, 0, lambda: "curl") == "curl"
        assert remembered("k", faster, 0, lambda: "copy") == "copy"


def test_the_solve_s_threads_share_its_facts() -> None:
    calls: list[int] = []
    curl = _exercise()

    def work() -> int:
        calls.append(1)
        return 3

    with one_solve():
        remembered("k", curl, 0, work)
        with Beside(lambda: remembered("k", curl, 0, work)) as beside:
            assert beside.result() == 3
    assert calls == [1]


def test_set_seconds_and_shift_pct_give_what_they_gave_without_it() -> None:
    catalog = default_catalog()
    plain = {
        (e.id, reps): set_seconds(e, reps) for e in catalog.exercises for reps in ((6, 8), (8, 12))
    }
    cues = {(e.id, r): shift_pct(e, r) for e in catalog.exercises for r in (*ROTATIONS, None)}
    with one_solve():
        for _ in range(2):
            assert {
                (e.id, reps): set_seconds(e, reps)
                for e in catalog.exercises
                for reps in ((6, 8), (8, 12))
            } == plain
            shifted = {
                (e.id, r): shift_pct(e, r) for e in catalog.exercises for r in (*ROTATIONS, None)
            }
            assert shifted == cues
            for shift in shifted.values():  # each caller's own dict: changing it changes no
                shift.clear()  # other caller's answer
        # A tempo or rest given by the line is not the prescription's: worked out each time.
        curl = _exercise()
        assert set_seconds(curl, (8, 12), "6010") != set_seconds(curl, (8, 12))


def test_a_solve_works_out_each_set_s_seconds_once(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # engine.solve.optimize holds one_solve around its models and the program: three models
    # of quad_dominant_three_sessions and the program used to price each zone 4-12 times.
    from pathlib import Path

    import hamopt.domain.prescribe as prescribe
    from hamopt.engine.solve import optimize
    from hamopt.inputs.loading import load_scenario
    from hamopt.rules.ruleset import active_rules

    asked: list[tuple[int, tuple[int, int]]] = []
    real = prescribe._set_seconds

    def counted(exercise, reps, *args):  # type: ignore[no-untyped-def]
        if not args:
            asked.append((id(exercise), reps))
        return real(exercise, reps, *args)

    monkeypatch.setattr(prescribe, "_set_seconds", counted)
    path = Path(__file__).resolve().parents[2] / "scenarios" / "quad_dominant_three_sessions.yaml"
    scenario = load_scenario(path)
    assert optimize(scenario, active_rules(scenario, base_dir=path.parent)).status == "optimal"
    assert asked and len(asked) == len(set(asked))
