"""A comparison as people and programs read it: the tidy CSV, text, Markdown and JSON.

The tidy table has one row per scenario x configuration x seed and a fixed set of columns
(:func:`columns`), so a CSV loads straight into pandas or R. The text and Markdown views
show three tables: the runs, a summary per configuration, and what changed in the programs
against the baseline configuration. Formatting only: every number comes from
:mod:`hamopt.study.compare`.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from rich import box
from rich.table import Table

from hamopt.domain.models import HEADS
from hamopt.render import text_tables
from hamopt.render.common import HEAD_SHORT
from hamopt.study.compare import (
    Change,
    Comparison,
    ConfigSummary,
    RunResult,
    changes,
    exercise_counts,
    summary,
)

# --- the tidy table -------------------------------------------------------------------------


def columns(comparison: Comparison) -> list[str]:
    """The CSV header: identifiers, each swept key, the outcome, one column per rule and head."""
    return [
        "scenario",
        "scenario_file",
        "configuration",
        "rules",
        *(s.key for s in comparison.study.sweeps),
        "seed",
        "status",
        "objective",
        "penalty",
        *(f"penalty_{rule_id}" for rule_id in comparison.rule_ids()),
        "broken_rules",
        "quality",
        "quality_gap",
        "hamstring_sets",
        "quad_sets",
        "ratio",
        "sessions",
        "weeks",
        "plan_hamstring_sets",
        "plan_quad_sets",
        *(f"sets_{head}" for head in HEADS),
        "exercises",
        "plan_exercises",
        "conflict",
        "solve_time_s",
        "deterministic_time",
        "error",
    ]


def _num(value: float | int | None) -> str:
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


def values(comparison: Comparison, result: RunResult) -> dict[str, Any]:
    """One run's row as values (None where the CSV leaves the cell empty): what the CSV
    writes and :func:`hamopt.study.frames.comparison_frame` types."""
    scenario = comparison.scenario(result)
    config = comparison.configuration(result)
    out: dict[str, Any] = {
        "scenario": scenario.label,
        "scenario_file": scenario.path,
        "configuration": config.label,
        "rules": config.rules.label,
    }
    out.update({key: value for key, value, _ in config.setting})
    out.update(
        {
            "seed": result.seed,
            "status": result.status,
            "objective": result.objective,
            "penalty": result.penalty,
        }
    )
    for rule_id in comparison.rule_ids():
        value = result.penalties.get(rule_id)
        out[f"penalty_{rule_id}"] = value if result.feasible else None
    out.update(
        {
            "broken_rules": " ".join(result.broken),
            "quality": result.quality,
            "quality_gap": result.quality_gap,
            "hamstring_sets": result.hamstring_sets,
            "quad_sets": result.quad_sets,
            "ratio": result.ratio,
            "sessions": result.sessions,
            "weeks": result.weeks,
            "plan_hamstring_sets": result.plan_hamstring_sets,
            "plan_quad_sets": result.plan_quad_sets,
        }
    )
    for head in HEADS:
        out[f"sets_{head}"] = result.head_sets.get(head) if result.feasible else None
    out.update(
        {
            "exercises": " ".join(f"{ex}:{n}" for ex, n in result.exercises.items()),
            "plan_exercises": " ".join(f"{ex}:{n}" for ex, n in result.plan_exercises.items()),
            "conflict": " ".join(result.conflict),
            "solve_time_s": result.solve_time,
            "deterministic_time": result.deterministic_time,
            "error": " | ".join(result.error.splitlines()),
        }
    )
    return out


def row(comparison: Comparison, result: RunResult) -> dict[str, str]:
    """One run's row as the CSV's cells (a swept value as typed on the command line)."""
    raw = {key: text for key, _, text in comparison.configuration(result).setting}
    return {
        key: raw[key] if key in raw else value if isinstance(value, str) else _num(value)
        for key, value in values(comparison, result).items()
    }


def to_csv(comparison: Comparison) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns(comparison), lineterminator="\n")
    writer.writeheader()
    for result in comparison.results:
        writer.writerow(row(comparison, result))
    return buffer.getvalue()


# --- the three views, as rows of cells ----------------------------------------------------


def _penalties(result: RunResult) -> str:
    return " ".join(f"{rule}={_num(p)}" for rule, p in result.penalties.items() if p) or "-"


def _what(result: RunResult) -> str:
    if result.feasible:
        return " ".join(f"{ex}:{n}" for ex, n in result.exercises.items())
    if result.conflict:
        return "conflict: " + ", ".join(result.conflict)
    return result.error


def _run_rows(comparison: Comparison) -> tuple[list[str], list[list[str]]]:
    seeds = len(comparison.study.seeds) > 1
    # A plan's weekly columns are week 1's: its whole program's sets beside them, only where
    # a study holds a plan (one-week studies read as before).
    plans = any((r.weeks or 0) > 1 for r in comparison.results)
    header = ["Scenario", "Configuration", *(["Seed"] if seeds else []), "Status",
              "Objective", "Ham", "Quad", "Ratio", *(HEAD_SHORT[h] for h in HEADS),
              *(["Weeks", "Plan ham", "Plan quad"] if plans else []),
              "Penalties", "Exercises (weekly sets)", "Time s"]
    rows = []
    for r in comparison.results:
        rows.append([
            comparison.scenario(r).label,
            comparison.configuration(r).label,
            *([str(r.seed)] if seeds else []),
            r.status,
            _num(r.objective),
            _num(r.hamstring_sets),
            _num(r.quad_sets),
            _num(r.ratio),
            *(_num(r.head_sets.get(h)) for h in HEADS),
            *([_num(r.weeks), _num(r.plan_hamstring_sets), _num(r.plan_quad_sets)]
              if plans else []),
            _penalties(r) if r.feasible else "",
            _what(r),
            _num(r.solve_time),
        ])
    return header, rows


def _summary_rows(items: list[ConfigSummary]) -> tuple[list[str], list[list[str]]]:
    header = ["Configuration", "Feasible", "Optimal", "Mean objective",
              *(HEAD_SHORT[h] for h in HEADS), "Ham", "Quad", "Ratio", "Mean time s"]
    rows = [
        [
            s.configuration.label,
            f"{s.feasible}/{s.runs} ({100 * s.feasible_share:.0f}%)",
            str(s.optimal),
            _num(s.mean_objective),
            *(_num(s.mean_head_sets[h]) for h in HEADS),
            _num(s.mean_hamstring_sets),
            _num(s.mean_quad_sets),
            _num(s.mean_ratio),
            _num(s.mean_solve_time),
        ]
        for s in items
    ]
    return header, rows


def _change_rows(
    comparison: Comparison, items: list[Change]
) -> tuple[list[str], list[list[str]]]:
    seeds = len(comparison.study.seeds) > 1
    header = ["Scenario", "Configuration", *(["Seed"] if seeds else []), "Objective",
              "Against the baseline"]
    rows = [
        [c.scenario, c.configuration, *([str(c.seed)] if seeds else []), _objective(c),
         c.words()]
        for c in items
    ]
    return header, rows


def _objective(change: Change) -> str:
    before, after = change.objective
    if before == after:
        return "=" if before is not None else ""
    return f"{_num(before) or '-'} -> {_num(after) or '-'}"


def _tally(comparison: Comparison, baseline: int) -> list[str]:
    lines = []
    for config, tally in exercise_counts(comparison, baseline).items():
        if tally:
            shown = ", ".join(f"{ex} x{n}" for ex, n in sorted(tally.items(),
                                                               key=lambda kv: (-kv[1], kv[0])))
            lines.append(f"{config}: {shown}")
    return lines


def _views(comparison: Comparison, baseline: int) -> list[tuple[str, list[str], list[list[str]]]]:
    base_label = comparison.study.configurations[baseline].label
    views = [
        ("Runs", *_run_rows(comparison)),
        ("Summary per configuration (means over feasible runs)",
         *_summary_rows(summary(comparison))),
    ]
    if len(comparison.study.configurations) > 1:
        views.append((f"Programs against the baseline ({base_label})",
                      *_change_rows(comparison, changes(comparison, baseline))))
    return views


# --- text and Markdown ------------------------------------------------------------------


def to_text(comparison: Comparison, baseline: int = 0, width: int | None = None) -> str:
    """Tables at ``width`` columns, or plain text (hamopt/render/text_tables.py)."""
    buffer = io.StringIO()
    console = text_tables.console(buffer, width)
    for title, header, rows in _views(comparison, baseline):
        table = Table(
            title=title, title_justify="left", box=text_tables.table_box(width, box.SIMPLE_HEAD)
        )
        for name in header:
            # the exercise lists are the long cells: they get the room, and wrap at spaces
            wide = name.startswith(("Exercises", "Against", "Penalties"))
            table.add_column(name, overflow="fold", min_width=24 if wide else None,
                             ratio=2 if wide else None,
                             no_wrap=name in ("Scenario", "Configuration", "Status"))
        for cells in rows:
            table.add_row(*cells)
        console.print(table)
    tally = _tally(comparison, baseline)
    if tally:
        console.print("Exercises gained (+) or lost (-), in how many programs:")
        for line in tally:
            console.print(f"  {line}", highlight=False)
    for note in comparison.study.notes:
        console.print(f"note: {note}", highlight=False)
    return text_tables.finish(buffer.getvalue(), width)


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|") or " "


def to_markdown(comparison: Comparison, baseline: int = 0) -> str:
    out: list[str] = []
    for title, header, rows in _views(comparison, baseline):
        out += [f"### {title}", "", "| " + " | ".join(header) + " |",
                "|" + "---|" * len(header)]
        out += ["| " + " | ".join(_md_cell(c) for c in cells) + " |" for cells in rows]
        out.append("")
    tally = _tally(comparison, baseline)
    if tally:
        out += ["Exercises gained (+) or lost (-), in how many programs:", ""]
        out += [f"- {line}" for line in tally]
        out.append("")
    out += [f"Note: {note}" for note in comparison.study.notes]
    return "\n".join(out).rstrip() + "\n"


# --- JSON -------------------------------------------------------------------------------


def to_dict(comparison: Comparison, baseline: int = 0) -> dict[str, Any]:
    study = comparison.study
    return {
        "scenarios": [{"label": s.label, "file": s.path} for s in study.scenarios],
        "configurations": [
            {
                "label": c.label,
                "rules": c.rules.label,
                "rules_file": c.rules.file,
                "setting": {key: value for key, value, _ in c.setting},
            }
            for c in study.configurations
        ],
        "seeds": list(study.seeds),
        "baseline": study.configurations[baseline].label,
        "runs": [
            {**row(comparison, r), "penalties": r.penalties, "head_sets": r.head_sets,
             "exercises": r.exercises, "plan_exercises": r.plan_exercises}
            for r in comparison.results
        ],
        "summary": [
            {
                "configuration": s.configuration.label,
                "runs": s.runs,
                "feasible": s.feasible,
                "feasible_share": round(s.feasible_share, 4),
                "optimal": s.optimal,
                "mean_objective": s.mean_objective,
                "mean_head_sets": s.mean_head_sets,
                "mean_hamstring_sets": s.mean_hamstring_sets,
                "mean_quad_sets": s.mean_quad_sets,
                "mean_ratio": s.mean_ratio,
                "mean_solve_time": s.mean_solve_time,
            }
            for s in summary(comparison)
        ],
        "changes": [
            {
                "scenario": c.scenario,
                "configuration": c.configuration,
                "seed": c.seed,
                "status": c.status,
                "added": c.added,
                "dropped": c.dropped,
                "resized": {ex: list(v) for ex, v in c.resized.items()},
                "objective": list(c.objective),
            }
            for c in (changes(comparison, baseline)
                      if len(study.configurations) > 1 else [])
        ],
        "notes": list(study.notes),
    }


def to_json(comparison: Comparison, baseline: int = 0) -> str:
    # default=str: a swept value YAML read as a date stays readable rather than failing
    return json.dumps(to_dict(comparison, baseline), indent=2, default=str) + "\n"


def render_comparison(
    comparison: Comparison, fmt: str, baseline: int = 0, width: int | None = None
) -> str:
    if fmt == "csv":
        return to_csv(comparison)
    if fmt == "json":
        return to_json(comparison, baseline)
    if fmt == "markdown":
        return to_markdown(comparison, baseline)
    return to_text(comparison, baseline, width)
