"""metrics.by_weeks and weeks_label: a plan's words once per wording, with the weeks named."""

from __future__ import annotations

from hamopt.domain.metrics import by_weeks, weeks_label
from hamopt.domain.models import ProgramWeek


def weeks(*said: str) -> tuple[list[ProgramWeek], dict[int, str]]:
    plan = [ProgramWeek(week=n, sessions=[]) for n in range(1, len(said) + 1)]
    return plan, dict(enumerate(said, start=1))


def test_weeks_that_read_alike_share_one_entry_in_the_order_they_first_appear() -> None:
    plan, words = weeks("a", "b", "b", "c", "b", "b")
    assert by_weeks(plan, lambda w: words[w.week]) == [
        "week 1: a", "weeks 2-3, 5-6: b", "week 4: c",
    ]  # fmt: skip


def test_one_wording_for_every_week_needs_no_week_named() -> None:
    plan, words = weeks("same", "same", "same")
    assert by_weeks(plan, lambda w: words[w.week]) == ["same"]
    assert by_weeks([], lambda w: "never") == []


def test_weeks_label_joins_runs() -> None:
    assert weeks_label([4]) == "week 4"
    assert weeks_label([3, 4, 5, 6, 7, 8, 9, 10]) == "weeks 3-10"
    assert weeks_label([1, 2, 3, 5, 6, 7]) == "weeks 1-3, 5-7"
    assert weeks_label([4, 8]) == "weeks 4, 8"
