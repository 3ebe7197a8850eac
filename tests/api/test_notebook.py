"""The notebook API (docs/api.md): a scenario as a path, a dict or a model; programs and
comparisons as DataFrames; pandas loaded only when a frame is made; the doc's example runs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import hamopt
from hamopt.domain.models import Program, Scenario
from hamopt.io.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "balanced_lifter.yaml"


def comparable(program: Program) -> dict[str, object]:
    """A program's JSON outside the solver block (timings)."""
    return program.model_dump(mode="json", exclude={"solver"})


def test_solve_takes_a_path_a_dict_or_a_scenario_and_gives_the_same_program() -> None:
    data = yaml.safe_load(SCENARIO.read_text())
    by_path = hamopt.solve(SCENARIO)
    assert by_path.status == "optimal"
    assert comparable(hamopt.solve(str(SCENARIO))) == comparable(by_path)
    assert comparable(hamopt.solve(data)) == comparable(by_path)
    assert comparable(hamopt.solve(Scenario.model_validate(data))) == comparable(by_path)


def test_a_bad_dict_is_an_input_error_naming_the_field() -> None:
    data = yaml.safe_load(SCENARIO.read_text())
    data["schedule"]["slots"][0]["day"] = "someday"
    with pytest.raises(InputError) as caught:
        hamopt.solve(data)
    assert str(caught.value).startswith("<scenario dict>: schedule.slots.0.day:")
    data = yaml.safe_load(SCENARIO.read_text())
    data["preferences"] = {"include": ["no_such_exercise"]}
    with pytest.raises(InputError, match="unknown exercise id 'no_such_exercise'"):
        hamopt.solve(data)


def test_a_missing_file_is_an_input_error_and_a_number_a_type_error() -> None:
    with pytest.raises(InputError):
        hamopt.solve(ROOT / "scenarios" / "no_such_file.yaml")
    with pytest.raises(TypeError, match="not int"):
        hamopt.solve(42)  # type: ignore[arg-type]


def test_check_takes_the_same_kinds_of_scenario() -> None:
    program = hamopt.solve(SCENARIO)
    data = yaml.safe_load(SCENARIO.read_text())
    assert hamopt.check(program, data) == hamopt.check(program, SCENARIO)


def test_import_hamopt_loads_no_pandas() -> None:
    code = "import sys, hamopt; hamopt.load_scenario; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_comparison_frame_has_a_row_per_run_and_real_types() -> None:
    pytest.importorskip("pandas")
    comparison = hamopt.compare(
        [str(SCENARIO)], sweeps=["volume_range.weekly_min_sets=10,12"], time_limit=10
    )
    frame = hamopt.to_dataframe(comparison)
    assert len(frame) == 2 and list(frame.columns)[:4] == [
        "scenario", "scenario_file", "configuration", "rules"
    ]  # fmt: skip
    assert str(frame["volume_range.weekly_min_sets"].dtype) == "Int64"
    assert frame["volume_range.weekly_min_sets"].tolist() == [10, 12]
    assert str(frame["objective"].dtype) == "Float64" and str(frame["seed"].dtype) == "Int64"
    assert str(frame["status"].dtype) == "string"
    # Full precision where the CSV rounds (`%g`): the frame holds the run's own numbers.
    assert frame["objective"].tolist() == [r.objective for r in comparison.results]
    assert frame["conflict"].isna().all()  # empty text is <NA>, not ""


def python_blocks(markdown: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", markdown, flags=re.DOTALL)


def test_the_documented_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pandas")
    (block,) = python_blocks((ROOT / "docs" / "api.md").read_text())
    monkeypatch.chdir(ROOT)  # the example names files from the repository's root
    exec(compile(block, "docs/api.md", "exec"), {"__name__": "docs_api_example"})


def test_to_dataframe_refuses_what_is_neither_a_program_nor_a_comparison() -> None:
    with pytest.raises(TypeError, match="not dict"):
        hamopt.to_dataframe({})
