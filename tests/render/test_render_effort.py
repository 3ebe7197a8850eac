"""The effort target (ProgramExercise.rir, reps in reserve) in every output format."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from render_samples import seed_program

from hamopt.domain.models import Program
from hamopt.render.common import RenderContext
from hamopt.render.formats import render


def with_effort() -> Program:
    program = seed_program()
    first = program.weeks[0].sessions[0].exercises[0]
    first.rir = (1, 2)  # seed 000: "Glute-Ham Raise 2-3 x 1-2 RIR"
    return program


def test_json_carries_rir_and_reads_back() -> None:
    data = json.loads(render("json", with_effort()))
    line = data["weeks"][0]["sessions"][0]["exercises"][0]
    assert line["rir"] == [1, 2]
    assert Program.model_validate(data).weeks[0].sessions[0].exercises[0].rir == (1, 2)


@pytest.mark.parametrize("fmt", ["markdown", "html", "ics"])
def test_text_formats_say_the_effort(fmt: str) -> None:
    context = RenderContext(start=date(2026, 1, 5))
    out = render(fmt, with_effort(), context)
    assert "1-2 RIR" in out
    assert out.count("RIR") == 1  # only the line that has one


def test_table_has_an_rir_column() -> None:
    out = render("table", with_effort())
    assert "RIR" in out
    assert "1-2" in out


def test_csv_has_rir_columns() -> None:
    rows = list(csv.DictReader(io.StringIO(render("csv", with_effort()), newline="")))
    assert (rows[0]["rir_min"], rows[0]["rir_max"]) == ("1", "2")
    assert (rows[1]["rir_min"], rows[1]["rir_max"]) == ("", "")


def test_rir_must_be_ordered() -> None:
    line = seed_program().weeks[0].sessions[0].exercises[0]
    with pytest.raises(ValueError, match="rir"):
        line.model_validate({**line.model_dump(), "rir": [3, 1]})
