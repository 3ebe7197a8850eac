"""hamopt compare: sweeps that move programs the way the parameter says, the tidy CSV, the
summary and program differences, the plot, the process pool, and bad input before solving.

The scenarios are small (bodyweight or bands, two sessions) so each solve takes a fraction
of a second; the solves of one study are shared by the tests through a module fixture.
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from hamopt.cli import main
from hamopt.domain.models import HEADS, Mode
from hamopt.io.errors import InputError
from hamopt.rules.ruleset import default_rules
from hamopt.study.compare import (
    Comparison,
    Configuration,
    RuleSetChoice,
    RunResult,
    ScenarioInput,
    Study,
    apply_setting,
    changes,
    exercise_counts,
    parse_sweep,
    plan,
    run_study,
    summary,
)
from hamopt.study.report import columns, to_csv

# Correction phase with low minimums and no per-session shape (session_structure would spend
# the minutes on a quad and a hinge in every session), so the ratio sets the hamstring volume:
# 6 quad sets at 1.5:1 need 9 hamstring sets, at 2:1 12, at 2.5:1 15.
BODYWEIGHT = """\
name: Correction, bodyweight, low minimums
phase: correction
schedule:
  sessions_per_week: 2
  slots:
    - {day: mon, time: "18:00"}
    - {day: thu, time: "18:00"}
equipment: bodyweight_only
overrides:
  correction_ratio: {params: {min_quad_sets: 6}}
  volume_range: {params: {weekly_min_sets: 6}}
  session_structure: {mode: "off"}
"""
BANDS = """\
name: Correction, bands
phase: correction
schedule:
  sessions_per_week: 2
  slots:
    - {day: tue, time: "07:00"}
    - {day: fri, time: "07:00"}
equipment: home_bands
overrides:
  correction_ratio: {params: {min_quad_sets: 6}}
  volume_range: {params: {weekly_min_sets: 6}}
  session_structure: {mode: "off"}
"""
RATIOS = (1.5, 2.0, 2.5)
SWEEP = "correction_ratio.correction_ratio=1.5,2,2.5"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("study")
    (path / "bodyweight.yaml").write_text(BODYWEIGHT)
    (path / "bands.yaml").write_text(BANDS)
    (path / "spacing72.yaml").write_text(
        "name: spacing72\nextends: default\nrules:\n"
        "  recovery_spacing: {params: {min_hours: 72}}\n"
    )
    return path


@pytest.fixture(scope="module")
def swept(folder: Path) -> Comparison:
    study = plan(
        [str(folder / "bands.yaml"), str(folder / "bodyweight.yaml")], sweeps=[SWEEP],
        time_limit=10,
    )
    return run_study(study, jobs=1)


# --- sweeps -------------------------------------------------------------------------------


def test_raising_the_correction_ratio_never_lowers_hamstring_to_quad(swept: Comparison) -> None:
    assert [c.label for c in swept.study.configurations] == [
        f"own correction_ratio.correction_ratio={v}" for v in ("1.5", "2", "2.5")
    ]
    strictly_higher = 0
    for s_index, item in enumerate(swept.study.scenarios):
        rows = [r for r in swept.results if r.scenario_index == s_index]
        assert [r.config_index for r in rows] == [0, 1, 2]
        assert all(r.feasible for r in rows), (item.label, [r.status for r in rows])
        for ratio, r in zip(RATIOS, rows, strict=True):
            assert r.hamstring_sets is not None and r.quad_sets
            assert r.hamstring_sets >= ratio * r.quad_sets  # the swept value is in force
        for lower, higher in zip(rows, rows[1:], strict=False):
            assert higher.ratio >= lower.ratio, item.label
            strictly_higher += higher.ratio > lower.ratio
    # The sweep is not idle: somewhere the higher value really moved the program.
    assert strictly_higher >= 2


def test_the_summary_and_changes_follow_the_rows(swept: Comparison) -> None:
    items = summary(swept)
    assert [s.runs for s in items] == [2, 2, 2]
    assert all(s.feasible_share == 1.0 for s in items)
    for c_index, s in enumerate(items):
        rows = [r for r in swept.results if r.config_index == c_index]
        assert s.mean_hamstring_sets == pytest.approx(
            sum(r.hamstring_sets for r in rows) / len(rows), abs=0.01
        )
        for head in HEADS:
            assert s.mean_head_sets[head] == pytest.approx(
                sum(r.head_sets[head] for r in rows) / len(rows), abs=0.01
            )
    # Each change is the set difference of the two programs' exercises.
    by_key = {(r.scenario_index, r.config_index): r for r in swept.results}
    found = changes(swept, baseline=0)
    assert len(found) == 4  # 2 scenarios x 2 non-baseline configurations
    for change in found:
        s_index = [s.label for s in swept.study.scenarios].index(change.scenario)
        c_index = [c.label for c in swept.study.configurations].index(change.configuration)
        base, now = by_key[(s_index, 0)].exercises, by_key[(s_index, c_index)].exercises
        assert set(change.added) == set(now) - set(base)
        assert set(change.dropped) == set(base) - set(now)
        assert all(base[ex] != now[ex] for ex in change.resized)
    # More hamstring volume at 2.5:1 than at 1.5:1 must show as a program change.
    assert any(c.status == "changed" for c in found if c.configuration.endswith("2.5"))


def test_local_pool_gives_the_same_programs(folder: Path, swept: Comparison) -> None:
    study = plan([str(folder / "bodyweight.yaml")], sweeps=[SWEEP], time_limit=10)
    pooled = run_study(study, jobs=2)
    alone = [r for r in swept.results if r.scenario_index == 1]
    assert [r.status for r in pooled.results] == [r.status for r in alone]
    assert [r.exercises for r in pooled.results] == [r.exercises for r in alone]
    assert [r.objective for r in pooled.results] == [r.objective for r in alone]


# --- the tidy table, the plot and the CLI -------------------------------------------------


def test_cli_writes_the_tidy_csv_and_a_png(folder: Path, tmp_path: Path) -> None:
    out_csv, out_png = tmp_path / "runs.csv", tmp_path / "plot.png"
    result = CliRunner().invoke(
        main,
        [
            "compare", str(folder / "bodyweight.yaml"),
            "--rules", "default", "--rules", str(folder / "spacing72.yaml"),
            "--seeds", "2", "--jobs", "1", "--time-limit", "10",
            "--csv", str(out_csv), "--plot", str(out_png),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Summary per configuration" in result.output
    assert "Programs against the baseline (default)" in result.output

    rows = list(csv.DictReader(io.StringIO(out_csv.read_text())))
    header = out_csv.read_text().splitlines()[0].split(",")
    # A penalty column per rule active in some run: bodyweight.yaml switches one off.
    rule_ids = [
        a.id for a in default_rules() if a.mode is not Mode.off and a.id != "session_structure"
    ]
    assert "penalty_session_structure" not in header
    expected = {
        "scenario", "configuration", "rules", "seed", "status", "objective", "penalty",
        "hamstring_sets", "quad_sets", "ratio", "exercises", "solve_time_s",
        *(f"penalty_{rule_id}" for rule_id in rule_ids),
        *(f"sets_{head}" for head in HEADS),
    }
    assert expected <= set(header)
    assert len(header) == len(set(header))
    # one row per scenario x configuration x seed, in input order
    assert [(r["rules"], r["seed"]) for r in rows] == [
        ("default", "0"), ("default", "1"), ("spacing72", "0"), ("spacing72", "1")
    ]
    for r in rows:
        assert r["status"] in ("optimal", "feasible")
        penalties = sum(float(r[f"penalty_{rule_id}"]) for rule_id in rule_ids)
        assert penalties == pytest.approx(float(r["penalty"]))
        assert float(r["hamstring_sets"]) / float(r["quad_sets"]) == pytest.approx(
            float(r["ratio"]), abs=0.01
        )
        assert all(float(r[f"sets_{h}"]) > 0 for h in HEADS)
        assert sum(int(item.split(":")[1]) for item in r["exercises"].split()) == (
            int(r["hamstring_sets"]) + int(r["quad_sets"])
        )

    png = out_png.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(png) > 10_000  # a drawn figure, not an empty canvas


def test_csv_header_names_sweeps_and_only_active_rules(swept: Comparison) -> None:
    header = columns(swept)
    assert header[4] == "correction_ratio.correction_ratio"
    assert "penalty_correction_ratio" in header
    text = to_csv(swept)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["correction_ratio.correction_ratio"] for r in rows] == ["1.5", "2", "2.5"] * 2


def test_markdown_and_json_formats(folder: Path, swept: Comparison) -> None:
    from hamopt.study.report import to_dict, to_markdown

    md = to_markdown(swept)
    assert "| Scenario | Configuration |" in md
    runs, summary_part, changed = md.split("### ")[1:4]
    assert runs.count("\n| bands |") == 3  # one row per configuration
    assert summary_part.count("(100%)") == 3
    assert changed.count("\n| bands |") == 2  # each non-baseline configuration
    data = to_dict(swept)
    assert [c["setting"] for c in data["configurations"]] == [
        {"correction_ratio.correction_ratio": v} for v in (1.5, 2, 2.5)
    ]
    assert len(data["runs"]) == 6 and len(data["changes"]) == 4


# --- bad input is exit 2 before any solving -------------------------------------------------


@pytest.mark.parametrize(
    ("sweep", "message"),
    [
        ("correction_ratio", "expected rule.param=v1,v2"),
        ("nope.x=1", "unknown rule 'nope'; known rules: equipment"),
        ("correction_ratio.ratio=1,2", "valid: correction_ratio, balanced_ratio"),
        ("correction_ratio.correction_ratio=2,50", "correction_ratio.correction_ratio=50"),
        ("correction_ratio.basis=sets,reps", "correction_ratio.basis=reps"),
        ("recovery_spacing.mode=hard,sometimes", "a mode is hard, soft or off"),
        ("volume_range.weight=1.5", "a weight is a whole number"),
        ("correction_ratio.correction_ratio=2,2", "a value is given twice"),
    ],
)
def test_bad_sweeps_are_input_errors(folder: Path, sweep: str, message: str) -> None:
    result = CliRunner().invoke(
        main, ["compare", str(folder / "bands.yaml"), "--sweep", sweep, "--jobs", "1"]
    )
    assert result.exit_code == 2, result.output
    assert "error: --sweep:" in result.output
    assert message in result.output


def test_bad_rule_set_and_scenario_are_input_errors(folder: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\nextends: default\nrules:\n  recovery_spacing: {mode: maybe}\n")
    runner = CliRunner()
    result = runner.invoke(main, ["compare", str(folder / "bands.yaml"), "--rules", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:4: rules.recovery_spacing.mode" in result.output
    result = runner.invoke(main, ["compare", str(folder / "bands.yaml"), "--rules", "nothere"])
    assert result.exit_code == 2 and "error: --rules: no rule set 'nothere'" in result.output
    result = runner.invoke(main, ["compare", str(tmp_path / "missing.yaml")])
    assert result.exit_code == 2 and "no such scenario file" in result.output
    result = runner.invoke(
        main, ["compare", str(folder / "bands.yaml"), "--baseline", "nope", "--jobs", "1"]
    )
    assert result.exit_code == 2 and "the configurations are: own" in result.output


def test_plot_without_matplotlib_fails_before_solving(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    real = importlib.util.find_spec

    def find_spec(name: str, *args: object) -> object:
        return None if name == "matplotlib" else real(name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    import hamopt.study.compare as compare_module

    def no_solving(*args: object, **kwargs: object) -> None:
        raise AssertionError("solved although --plot cannot be drawn")

    monkeypatch.setattr(compare_module, "run_study", no_solving)
    result = CliRunner().invoke(
        main, ["compare", str(folder / "bands.yaml"), "--plot", str(tmp_path / "p.png")]
    )
    assert result.exit_code == 2
    assert "pip install 'hamopt[plot]'" in result.output


# --- the sweep itself, without solving ------------------------------------------------------


def test_sweep_values_are_yaml_scalars_and_lists() -> None:
    from hamopt.study.compare import _split_values

    assert _split_values("[a, b],[],{x: 1, y: 2}, c") == ["[a, b]", "[]", "{x: 1, y: 2}", "c"]
    assert parse_sweep("volume_range.weekly_max_sets=null,20").values == (None, 20)
    assert parse_sweep("correction_ratio.basis=sets,exercises").values == ("sets", "exercises")
    assert parse_sweep("recovery_spacing.mode=Off,hard").values == ("off", "hard")


def test_apply_setting_mode_weight_and_params() -> None:
    rules = default_rules()
    changed, notes = apply_setting(
        rules,
        [
            ("recovery_spacing.min_hours", 72, "72"),
            ("head_coverage.mode", "off", "off"),
            ("head_coverage.weight", 7, "7"),
            ("correction_ratio.mode", "soft", "soft"),
        ],
    )
    by_id = {a.id: a for a in changed}
    assert by_id["recovery_spacing"].params.min_hours == 72
    assert by_id["head_coverage"].mode is Mode.off and by_id["head_coverage"].weight == 7
    assert by_id["correction_ratio"].mode is Mode.soft
    assert notes == ["head_coverage is off, so head_coverage.weight=7 changes nothing"]
    # the input rules are untouched (each configuration starts from the rule set)
    assert {a.id: a for a in rules}["recovery_spacing"].params.min_hours == 48
    assert [a.id for a in changed] == [a.id for a in rules]  # registry order kept


def test_a_mode_sweep_switches_on_a_rule_the_rule_set_leaves_out() -> None:
    alone = [a for a in default_rules() if a.id == "equipment"]
    changed, notes = apply_setting(alone, [("recovery_spacing.mode", "hard", "hard")])
    assert [(a.id, a.mode) for a in changed] == [
        ("equipment", Mode.hard), ("recovery_spacing", Mode.hard)
    ]
    assert changed[1].params.min_hours == 48 and notes == []
    _, notes = apply_setting(alone, [("recovery_spacing.min_hours", 72, "72")])
    assert notes == ["recovery_spacing is off, so recovery_spacing.min_hours=72 changes nothing"]


def test_plan_rejects_a_study_too_large(folder: Path) -> None:
    with pytest.raises(InputError, match="more than"):
        plan(
            [str(folder / "bands.yaml")],
            sweeps=[
                "volume_range.weekly_min_sets=" + ",".join(str(v) for v in range(150)),
                "recovery_spacing.min_hours=" + ",".join(str(v) for v in range(150)),
            ],
        )


def test_changes_name_added_dropped_and_resized_exercises() -> None:
    from hamopt.domain.models import Scenario

    scenario = Scenario.model_validate(
        {"name": "s", "schedule": {"sessions_per_week": 1, "slots": [{"day": "mon"}]}}
    )
    configs = (Configuration(RuleSetChoice("a")), Configuration(RuleSetChoice("b")))
    study = Study((ScenarioInput("s", "s.yaml", scenario),), configs, (), (0,), ())
    results = (
        RunResult(0, 0, 0, "optimal", 10, exercises={"curl": 4, "rdl": 3, "squat": 4}),
        RunResult(0, 1, 0, "optimal", 12, exercises={"curl": 5, "nordic": 3, "squat": 4}),
    )
    (change,) = changes(Comparison(study, results))
    assert change.objective == (10, 12)
    assert change.added == {"nordic": 3}
    assert change.dropped == {"rdl": 3}
    assert change.resized == {"curl": (4, 5)}
    assert change.words() == "+nordic (3), -rdl (3), curl 4->5"
    assert exercise_counts(Comparison(study, results)) == {"b": {"+nordic": 1, "-rdl": 1}}
    infeasible = (results[0], RunResult(0, 1, 0, "infeasible", conflict=("volume_range",)))
    (change,) = changes(Comparison(study, infeasible))
    assert change.words() == "optimal -> infeasible"
    assert change.objective == (10, None)
    from hamopt.study.report import to_markdown

    assert "| s | b | 10 -> - | optimal -> infeasible |" in to_markdown(
        Comparison(study, infeasible)
    )
    # A plan whose week 1 is the same under both configurations but whose later weeks are
    # not (a deload rule, a rotation): the change is read over the whole plan.
    week1 = {"curl": 4, "rdl": 3}
    later = (
        RunResult(0, 0, 0, "optimal", 10, exercises=week1, plan_exercises={"curl": 16, "rdl": 12}),
        RunResult(0, 1, 0, "optimal", 10, exercises=week1,
                  plan_exercises={"curl": 14, "rdl": 12, "nordic": 4}),
    )  # fmt: skip
    (change,) = changes(Comparison(study, later))
    assert change.status == "changed" and change.scope == "plan"
    assert change.words() == "week 1 the same; over the plan: +nordic (4), curl 16->14"
    same = (later[0], replace(later[0], config_index=1))
    (change,) = changes(Comparison(study, same))
    assert change.words() == "same exercises and sets"


# --- progress and the shipped study -------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from hamopt.cli.study import _Progress

    monkeypatch.setattr("sys.stderr", io.StringIO())
    quiet = _Progress(2)
    quiet.advance("optimal")
    quiet.close()
    assert quiet.progress is None

    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    bar = _Progress(2)
    bar.advance("optimal")
    bar.advance("infeasible")
    bar.close()
    shown = terminal.getvalue()
    assert "compare" in shown and "2/2" in shown and "1 without a program" in shown


STUDIES = Path(__file__).resolve().parents[2] / "scenarios" / "studies"


def test_the_study_rule_sets_change_what_their_comments_say() -> None:
    from hamopt.rules.docs import document

    def in_force(name: str) -> dict[str, dict]:
        doc = document(str(STUDIES / "rules" / f"{name}.yaml"))
        return {r.id: {"mode": r.mode, **{p.name: p.value for p in r.params}} for r in doc.rules}

    default = in_force("../../../hamopt/data/rulesets/default")
    assert in_force("spacing72")["recovery_spacing"]["min_hours"] == 72
    assert in_force("ratio3")["correction_ratio"]["correction_ratio"] == 3
    assert in_force("ordering_off")["flexion_before_extension"]["mode"] == "off"
    six = in_force("seed_six")
    on = {r for r, v in six.items() if v["mode"] != "off"}
    assert on == {  # the six core seed rules, every later rule of the default off
        "equipment", "head_coverage", "flexion_before_extension", "correction_ratio",
        "volume_range", "recovery_spacing",
    }
    assert all(six[r] == default[r] for r in on)  # each as the default has it
    for name in ("spacing72", "ratio3", "ordering_off"):  # one change each, the rest default
        changed = {r for r, v in in_force(name).items() if v != default[r]}
        assert len(changed) == 1, (name, changed)


# --- plans: the whole program, not week 1 alone ----------------------------------------------

PLAN = """\
name: Bands, two weeks correction then two balanced
phases:
  - {phase: correction, weeks: 2}
  - {phase: balanced, weeks: 2}
schedule:
  sessions_per_week: 2
  slots:
    - {day: tue, time: "07:00"}
    - {day: fri, time: "07:00"}
equipment: home_bands
"""


def test_a_plans_row_counts_every_week(tmp_path: Path) -> None:
    from hamopt.api.solving import solve
    from hamopt.domain.catalog import default_catalog
    from hamopt.domain.metrics import week_totals

    path = tmp_path / "plan.yaml"
    path.write_text(PLAN)
    study = run_study(plan([str(path)], time_limit=10), jobs=1)
    [row] = study.results
    assert row.feasible and row.weeks == 4
    by_id = default_catalog().by_id()
    weeks = [week_totals(w, by_id) for w in solve(path).weeks]
    assert row.plan_hamstring_sets == sum(w["hamstring_sets"] for w in weeks)
    assert row.plan_quad_sets == sum(w["quad_sets"] for w in weeks)
    # The balanced weeks hold more quad work than the correction weeks: week 1 x 4 would not
    # say so (the columns before this one did not).
    assert row.plan_quad_sets != 4 * (row.quad_sets or 0)
    assert row.quality is not None and row.quality >= 0
    assert row.quality_gap == 0.0  # proven
    # The plan's sets by exercise add up to the plan's sets; week 1's are one week's.
    assert sum(row.plan_exercises.values()) == row.plan_hamstring_sets + row.plan_quad_sets
    assert sum(row.exercises.values()) == (row.hamstring_sets or 0) + (row.quad_sets or 0)
    header = columns(study)
    assert {"quality", "weeks", "plan_hamstring_sets", "plan_quad_sets", "plan_exercises"} <= set(
        header
    )
    from hamopt.study.report import to_markdown

    table = to_markdown(study)
    assert "| Weeks | Plan ham | Plan quad |" in table
    assert f"| 4 | {row.plan_hamstring_sets} | {row.plan_quad_sets} |" in table


def test_a_run_out_of_time_says_how_far_its_quality_may_be_from_the_best() -> None:
    # A researcher's tight limit: the 10-week plan stops before its proof, every rule kept.
    sprinter = Path(__file__).resolve().parents[2] / "scenarios" / "sprinter_nordic_10_weeks.yaml"
    [row] = run_study(plan([str(sprinter)], time_limit=0.08), jobs=1).results
    assert row.status == "feasible" and row.penalty == 0
    assert row.quality_gap is not None and 0 < row.quality_gap < 1


@pytest.mark.parametrize(("jobs", "cores", "beside"), [(2, 2, False), (3, 2, False), (2, 4, True)])
def test_workers_that_fill_the_cores_run_no_work_beside_cp_sat(
    folder: Path, jobs: int, cores: int, beside: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker a core leaves no core for the engine's second thread (engine/beside.py,
    parallel.pool.core_to_spare): each run is solved without it. (One job solves here,
    one run at a time, with it.)"""
    import hamopt.parallel.pool as parallel_pool

    handed: list[bool] = []

    def run_local(func, items, **kwargs):  # type: ignore[no-untyped-def]
        handed.append(func.keywords["beside"])
        yield from ()

    monkeypatch.setattr(parallel_pool, "default_jobs", lambda: cores)
    monkeypatch.setattr(parallel_pool, "run_local", run_local)
    run_study(plan([str(folder / "bodyweight.yaml")], time_limit=10), jobs=jobs)
    assert handed == [beside]
