"""The seed authors' workouts against hamopt's optimum, under the default rules.

    .venv/bin/python scripts/seed_gaps.py            # print the tables
    .venv/bin/python scripts/seed_gaps.py --write    # and put them into scenarios/README.md

For each hand-transcribed seed program in scenarios/programs/ (its `scenario:` key names the
persona), hamopt solves that scenario under `default`, and both programs go through the same
checkers (`hamopt.api.checking.check`): the penalty tier (soft breaks and ordinary rules'
goals) and the quality tier (exercise_fit, volume_target, head_stimulus; lower is better in
both, hamopt/engine/compile.py), the gap between them, the rules the seed program breaks
(hard, then soft), and the rules whose penalty or quality term differs. Last, the same under
its author's rule set (hamopt/data/rulesets/seed_000.yaml, strengthlog.yaml): the hard rules
the seed program breaks there, and its gap to hamopt's optimum under that rule set.
The section "The seed authors' workouts against hamopt's optimum" of scenarios/README.md is
this script's output.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from hamopt.api.checking import check
from hamopt.api.solving import solve
from hamopt.domain.catalog import catalog_for
from hamopt.domain.metrics import week_totals
from hamopt.domain.models import Program, RuleReport, Scenario
from hamopt.inputs.loading import load_program, load_scenario

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"

# program stem -> (the seed and workout, its author's rule set or None)
SEED_PROGRAMS = {
    "seed_workouts_week": ("000, Workouts 1-3 (Mon / Wed / Fri)", "seed_000"),
    "seed_workout_1": ("000, Workout 1 alone", "seed_000"),
    "seed_workout_2": ("000, Workout 2 alone", "seed_000"),
    "seed_workout_3": ("000, Workout 3 alone", "seed_000"),
    "strengthlog_twice_weekly": ("001, StrengthLog's workout (Mon / Thu)", "strengthlog"),
    "strengthlog_workout": ("001, StrengthLog's workout alone", "strengthlog"),
    "quad_dominant_gym_workout": ("000's bad example (squat, lunge, extension, curl)", None),
}


@cache
def _optimum(stem: str, ruleset: str = "default") -> tuple[Program, list[RuleReport]]:
    scenario = load_scenario(SCENARIOS / f"{stem}.yaml")
    program = solve(scenario, ruleset, base_dir=SCENARIOS)
    return program, check(program, scenario, ruleset)


def _totals(reports: list[RuleReport]) -> tuple[int, float, float]:
    hard = sum(1 for r in reports if r.mode == "hard" and not r.satisfied)
    return hard, sum(r.penalty for r in reports), sum(r.quality for r in reports)


def _num(x: float) -> str:
    return f"{x:g}"


def _sets(program: Program, scenario: Scenario) -> str:
    totals = week_totals(program.weeks[0], catalog_for(scenario).by_id())
    return f"{totals['hamstring_sets']}:{totals['quad_sets']} hamstring:quad sets"


def _week(program: Program) -> str:
    """hamopt's week, compact: each session's lines in order."""
    return "; ".join(
        f"{s.day.capitalize()}: "
        + ", ".join(f"{ln.id} {ln.sets}x{ln.reps[0]}-{ln.reps[1]}" for ln in s.ordered())
        for s in program.weeks[0].sessions
    )


def _broken(reports: list[RuleReport]) -> list[str]:
    out = []
    for mode in ("hard", "soft"):
        for r in reports:
            if r.mode == mode and not r.satisfied:
                text = r.message.replace("\n", "; ").replace("|", "/")
                out.append(f"`{r.id}` ({mode}): {text}")
    return out


def _terms(seed: list[RuleReport], ours: list[RuleReport], tier: str) -> str:
    """The rules whose penalty (or quality term) differs: seed's vs the optimum's."""
    by_id = {r.id: r for r in ours}
    parts = []
    for r in seed:
        mine, theirs = getattr(r, tier), getattr(by_id[r.id], tier) if r.id in by_id else 0.0
        if mine != theirs:
            parts.append(f"`{r.id}` {_num(mine)} vs {_num(theirs)}")
    return ", ".join(parts) or "equal"


def rows() -> list[dict[str, str]]:
    out = []
    for stem, (source, own) in SEED_PROGRAMS.items():
        program = load_program(SCENARIOS / "programs" / f"{stem}.yaml")
        assert program.scenario is not None, stem
        scenario = load_scenario(SCENARIOS / f"{program.scenario}.yaml")
        seed = check(program, scenario, "default")
        ours_program, ours = _optimum(program.scenario)
        s_hard, s_pen, s_qual = _totals(seed)
        o_hard, o_pen, o_qual = _totals(ours)
        own_text = "-"
        if own:
            mine = check(program, scenario, own)
            m_hard, m_pen, m_qual = _totals(mine)
            _, best = _optimum(program.scenario, own)
            b_hard, b_pen, b_qual = _totals(best)
            broken = [r.id for r in mine if r.mode == "hard" and not r.satisfied]
            own_text = (
                f"`{own}`: {', '.join(f'`{r}`' for r in broken) or 'none'}; gap {m_hard - b_hard}"
                f" hard, penalty {_num(m_pen - b_pen)}, quality {_num(m_qual - b_qual)}"
            )
        out.append(
            {
                "stem": stem,
                "scenario": program.scenario,
                "source": source,
                "seed": f"{s_hard} hard; penalty {_num(s_pen)}; quality {_num(s_qual)}; "
                f"{_sets(program, scenario)}",
                "ours": f"{o_hard} hard; penalty {_num(o_pen)}; quality {_num(o_qual)}; "
                f"{_sets(ours_program, scenario)}",
                "gap": f"{s_hard - o_hard} hard; penalty {_num(s_pen - o_pen)}; "
                f"quality {_num(s_qual - o_qual)}",
                "penalty_terms": _terms(seed, ours, "penalty"),
                "quality_terms": _terms(seed, ours, "quality"),
                "week": _week(ours_program),
                "broken": "<br>".join(_broken(seed)) or "none",
                "own": own_text,
            }
        )
    return out


START, END = "<!-- seed_gaps.py: start -->", "<!-- seed_gaps.py: end -->"


def tables() -> str:
    """The section's tables as markdown."""
    out: list[str] = []
    line = out.append
    line("| seed program (scenario) | the seed | hamopt's optimum | gap (seed - optimum) "
          "| penalty terms (seed vs optimum) | quality terms (seed vs optimum) "
          "| under its author's rule set: hard rules broken; gap to its optimum there |")
    line("|---|---|---|---|---|---|---|")
    table = rows()
    for r in table:
        line(
            f"| `{r['stem']}` ({r['source']}; `{r['scenario']}`) | {r['seed']} | {r['ours']} "
            f"| {r['gap']} | {r['penalty_terms']} | {r['quality_terms']} | {r['own']} |"
        )
    line("")
    line("hamopt's optimum for each persona under `default`:")
    line("")
    line("| scenario | hamopt's week |")
    line("|---|---|")
    for stem in sorted({r["scenario"] for r in table}):
        line(f"| `{stem}` | {next(r['week'] for r in table if r['scenario'] == stem)} |")
    line("")
    line("Rules the seed programs break under `default`:")
    line("")
    line("| seed program | broken rules (id, mode: message) |")
    line("|---|---|")
    for r in table:
        line(f"| `{r['stem']}` | {r['broken']} |")
    return "\n".join(out) + "\n"


def main() -> None:
    text = tables()
    sys.stdout.write(text)
    if "--write" in sys.argv[1:]:
        readme = SCENARIOS / "README.md"
        old = readme.read_text(encoding="utf-8")
        head, rest = old.split(START, 1)
        _, tail = rest.split(END, 1)
        readme.write_text(f"{head}{START}\n{text}{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    main()
