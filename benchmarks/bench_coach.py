"""The coach benchmark: every shipped scenario and persona solved, then judged by the rubric.

    .venv/bin/python -m benchmarks.bench_coach                       # everything; writes results
    .venv/bin/python -m benchmarks.bench_coach --only even_sets      # one norm (a glob works too)
    .venv/bin/python -m benchmarks.bench_coach --persona 'advanced_*' --jobs 1

Solves `scenarios/*.yaml` (less `infeasible_spacing`; `scenarios/conflicts/` is not globbed)
and `benchmarks/coach/personas/*.yaml` with `hamopt.solve` at its default time limit, in a
pool of `--jobs` processes (2), and scores each program with `benchmarks/coach/rubric.py`.
The seed authors' hand-written workouts (`scenarios/programs/*.yaml`, each judged against the
scenario its `scenario:` key names) are scored with the same rubric and reported apart: they
are the bar, not the subject.

Prints, and for a full run (no `--only`, no `--persona`) writes
`benchmarks/results-local/coach.json` and `coach.md`: per program the violated norms with their
messages, per norm how many programs violate it, and the headline "programs with no
violation / all programs". A full run also judges both kinds by the watch list
(`rubric.WATCH`) and prints it apart, outside the headline: what a coach still changes, the
baseline of the issue that takes it on; then solves every program again under the packaged
`coach_plus` rule set, which holds the watch list, and reports the norms and the watch list
there. The output holds no timings or dates, so the same code gives the same bytes.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import multiprocessing
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import hamopt
from benchmarks.coach.rubric import NORMS, WATCH, Norm, evaluate, select
from benchmarks.results_dir import results_dir
from hamopt.domain.catalog import catalog_for
from hamopt.domain.models import Program

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
PERSONAS = ROOT / "benchmarks" / "coach" / "personas"
SEED_PROGRAMS = SCENARIOS / "programs"
SKIP = {"infeasible_spacing"}  # infeasible on purpose: nothing to judge
RESULTS_JSON = results_dir() / "coach.json"
RESULTS_MD = results_dir() / "coach.md"
SOLVED = ("optimal", "feasible")


@dataclass(frozen=True)
class Scored:
    """One judged program: `name` is "<kind>/<file stem>"; `violations` only non-empty."""

    name: str
    status: str
    violations: dict[str, list[str]] = field(default_factory=dict)


def subjects(persona_glob: str | None = None) -> list[tuple[str, Path]]:
    """(name, scenario path) for every shipped scenario and persona, sorted by name."""
    found = [
        *(("scenario/" + p.stem, p) for p in SCENARIOS.glob("*.yaml") if p.stem not in SKIP),
        *(("persona/" + p.stem, p) for p in PERSONAS.glob("*.yaml")),
    ]
    return sorted(
        (name, path)
        for name, path in found
        if persona_glob is None or fnmatch.fnmatchcase(path.stem, persona_glob)
    )


def solve_path(path: str, ruleset: str | None = None) -> dict[str, Any]:
    """Solve one scenario file (in a worker) under its own rules, or the packaged rule set
    ``ruleset``; the program comes back as JSON-ready data."""
    scenario_path = Path(path)
    scenario = hamopt.load_scenario(scenario_path)
    program = hamopt.solve(scenario, ruleset, base_dir=scenario_path.parent)
    return program.model_dump(mode="json")


def solve_all(paths: Sequence[Path], jobs: int, ruleset: str | None = None) -> list[Program]:
    """Programs in the order of `paths`; a pool of `jobs` processes when jobs > 1."""
    if jobs <= 1:
        return [Program.model_validate(solve_path(str(p), ruleset)) for p in paths]
    # spawn: the workers start clean instead of inheriting OR-Tools' state from a fork.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        data = list(pool.map(partial(solve_path, ruleset=ruleset), [str(p) for p in paths]))
    return [Program.model_validate(d) for d in data]


def judge(name: str, program: Program, scenario_path: Path, norms: Sequence[Norm]) -> Scored:
    if program.status not in SOLVED and program.status != "manual":
        return Scored(name, program.status)
    scenario = hamopt.load_scenario(scenario_path)
    found = evaluate(program, scenario, catalog_for(scenario), norms)
    return Scored(name, program.status, {k: v for k, v in found.items() if v})


def seed_subjects(persona_glob: str | None = None) -> list[tuple[str, Path, Path]]:
    """(name, program path, scenario path) for the hand-written seed programs."""
    out = []
    for path in sorted(SEED_PROGRAMS.glob("*.yaml")):
        if persona_glob is not None and not fnmatch.fnmatchcase(path.stem, persona_glob):
            continue
        program = hamopt.load_program(path)
        out.append(("seed/" + path.stem, path, SCENARIOS / f"{program.scenario}.yaml"))
    return out


def report(scored: Sequence[Scored], norms: Sequence[Norm]) -> dict[str, Any]:
    """Counts over judged programs: per norm, and programs with no violation at all.

    A program with no program to judge (infeasible, unknown) is listed under `unsolved` and
    kept out of both counts: the rubric says nothing about it.
    """
    judged = [s for s in sorted(scored, key=lambda s: s.name) if s.status in (*SOLVED, "manual")]
    per_norm = {n.id: sum(1 for s in judged if s.violations.get(n.id)) for n in norms}
    clean = sum(1 for s in judged if not s.violations)
    return {
        "headline": {"clean": clean, "total": len(judged)},
        "per_norm": per_norm,
        "programs": [
            {"name": s.name, "status": s.status, "violations": s.violations} for s in judged
        ],
        "unsolved": sorted(f"{s.name} ({s.status})" for s in scored if s not in judged),
    }


def markdown(title: str, result: dict[str, Any], norms: Sequence[Norm]) -> str:
    head = result["headline"]
    lines = [
        f"## {title}",
        "",
        f"**{head['clean']} / {head['total']}** programs with no violation.",
        "",
        "| norm | programs violating | citation |",
        "|---|---|---|",
    ]
    lines += [f"| `{n.id}` | {result['per_norm'][n.id]} | {n.citation} |" for n in norms]
    lines.append("")
    for entry in result["programs"]:
        broken = entry["violations"]
        lines.append(f"### {entry['name']}: " + (", ".join(broken) if broken else "no violation"))
        for norm_id, messages in broken.items():
            lines += [f"- `{norm_id}`: {m}" for m in messages]
        lines.append("")
    if result["unsolved"]:
        lines.append("Not judged (no program): " + ", ".join(result["unsolved"]))
        lines.append("")
    return "\n".join(lines)


def run(
    norms: Sequence[Norm],
    persona_glob: str | None,
    jobs: int,
    watch: Sequence[Norm] = (),
    ruleset: str | None = None,
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """(solved programs' report, seed programs' report, the watch list's: both kinds, judged
    by the ``watch`` norms apart so they never enter the headline). ``ruleset``: a packaged
    rule set every program is solved under instead of its scenario's own."""
    todo = subjects(persona_glob)
    programs = solve_all([path for _, path in todo], jobs, ruleset)
    seed_programs = [
        (name, hamopt.load_program(program_path), scenario_path)
        for name, program_path, scenario_path in seed_subjects(persona_glob)
    ]

    def judged(by: Sequence[Norm]) -> tuple[list[Scored], list[Scored]]:
        return (
            [judge(name, p, path, by) for (name, path), p in zip(todo, programs, strict=True)],
            [judge(name, p, path, by) for name, p, path in seed_programs],
        )

    solved, seeds = judged(norms)
    ours, theirs = judged(watch)
    watched = {"hamopt": report(ours, watch), "seeds": report(theirs, watch)}
    return report(solved, norms), report(seeds, norms), watched


PLUS = "coach_plus"  # the packaged rule set that holds the watch list


def plus_markdown(
    solved: dict[str, Any], watched: dict[str, Any], watch: Sequence[Norm]
) -> str:
    """The same programs under `coach_plus`: the headline, the watch list's counts, and any
    program that breaks a norm or the watch list there."""
    head, ours = solved["headline"], watched["hamopt"]
    lines = [
        f"## Under the `{PLUS}` rule set",
        "",
        f"**{head['clean']} / {head['total']}** programs with no violation of the norms; the "
        "watch list: "
        + ", ".join(f"`{n.id}` {ours['per_norm'][n.id]}" for n in watch)
        + ".",
        "",
    ]
    for result in (solved, ours):
        for entry in result["programs"]:
            for norm_id, messages in entry["violations"].items():
                lines.append(f"- {entry['name']}, `{norm_id}`: {'; '.join(messages)}")
    if solved["unsolved"]:
        lines.append("Not judged (no program): " + ", ".join(solved["unsolved"]))
    return "\n".join(lines)


def watch_markdown(result: dict[str, Any], watch: Sequence[Norm]) -> str:
    """The watch list: per norm, how many of hamopt's and of the seeds' programs break it,
    then which of hamopt's programs and why."""
    ours, seeds = result["hamopt"], result["seeds"]
    lines = [
        "## Watch list (not in the headline)",
        "",
        "What a coach still changes in these programs (`rubric.WATCH`): counted apart, as the "
        "baseline of the issue that takes them on. The seeds' programs are the bar.",
        "",
        f"| norm | hamopt's programs breaking it (of {ours['headline']['total']}) | seeds' "
        f"programs breaking it (of {seeds['headline']['total']}) | citation |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| `{n.id}` | {ours['per_norm'][n.id]} | {seeds['per_norm'][n.id]} | {n.citation} |"
        for n in watch
    ]
    lines.append("")
    for n in watch:
        found = [(e["name"], e["violations"][n.id]) for e in ours["programs"]
                 if n.id in e["violations"]]  # fmt: skip
        if found:
            lines.append(f"### `{n.id}`: {n.statement}")
            lines += [f"- {name}: {'; '.join(messages)}" for name, messages in found]
            lines.append("")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only", action="append", metavar="NORM", help="judge by this norm only (repeat; globs)"
    )
    parser.add_argument("--persona", metavar="GLOB", help="only files whose stem matches")
    parser.add_argument("--jobs", type=int, default=2, help="solver processes (default 2)")
    args = parser.parse_args(argv)
    try:
        norms = select(args.only)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    watch = WATCH if args.only is None else ()
    solved, seeds, watched = run(norms, args.persona, args.jobs, watch)
    # The watch list's opt-in fix: the same programs under the packaged `coach_plus` rule set
    # (with every norm only: `--only` asks about one norm under the scenarios' own rules).
    plus, _, plus_watched = (
        run(norms, args.persona, args.jobs, watch, ruleset=PLUS) if watch else ({}, {}, {})
    )
    text = "\n".join(
        [
            "# Coach benchmark",
            "",
            "Programs judged by `benchmarks/coach/rubric.py` "
            f"({len(norms)} of {len(NORMS)} norms).",
            "",
            markdown("hamopt's programs (shipped scenarios and personas)", solved, norms),
            markdown("The seeds' hand-written programs", seeds, norms),
            *([watch_markdown(watched, watch), plus_markdown(plus, plus_watched, watch)]
              if watch else []),
        ]
    )
    print(text)
    if args.only is None and args.persona is None:
        # Only a full run is the record; a filtered one would overwrite it with a part.
        RESULTS_JSON.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "norms": [n.id for n in norms], "hamopt": solved, "seeds": seeds, "watch": watched,
            PLUS: {"hamopt": plus, "watch": plus_watched["hamopt"]},
        }
        RESULTS_JSON.write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n")
        RESULTS_MD.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
