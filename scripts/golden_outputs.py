"""Write, or compare, the JSON every shipped scenario and program gives, outside `solver`.

A refactoring that should not change behaviour (moving modules, breaking import circles) is
checked by writing the outputs before and after and comparing them byte for byte::

    python scripts/golden_outputs.py write /tmp/before      # on the old commit
    python scripts/golden_outputs.py write /tmp/after       # on the new one
    python scripts/golden_outputs.py diff /tmp/before /tmp/after

It goes through the `hamopt` command (a subprocess each), so it works on any layout of the
package. Outputs: `solve --format json` and `explain --format json` for every scenario under
`scenarios/` (the conflicts included), `check --format json` for every hand-written program
in `scenarios/programs/` against the scenario its `scenario:` key names, and `rules --format
json`. The `solver` block (times, versions) is dropped; nothing else is.
"""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
HAMOPT = [sys.executable, "-c", "from hamopt.cli import main; main()"]


def _scenario_files() -> list[Path]:
    return sorted([*SCENARIOS.glob("*.yaml"), *(SCENARIOS / "conflicts").glob("*.yaml")])


def _program_files() -> list[Path]:
    return sorted((SCENARIOS / "programs").glob("*.yaml"))


def _jobs() -> list[tuple[str, list[str]]]:
    """(output name, hamopt arguments) for every output compared."""
    jobs: list[tuple[str, list[str]]] = [("rules.json", ["rules", "--format", "json"])]
    for path in _scenario_files():
        rel = path.relative_to(SCENARIOS).with_suffix("").as_posix().replace("/", "__")
        jobs.append((f"solve__{rel}.json", ["solve", str(path), "--format", "json"]))
        jobs.append((f"explain__{rel}.json", ["explain", str(path), "--format", "json"]))
    for path in _program_files():
        stem = yaml.safe_load(path.read_text())["scenario"]
        scenario = SCENARIOS / f"{stem}.yaml"
        jobs.append(
            (
                f"check__{path.stem}.json",
                ["check", str(path), "--scenario", str(scenario), "--format", "json"],
            )
        )
    return jobs


def _strip_solver(text: str) -> str:
    """The output with its `solver` block removed (what may differ between two runs)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return text
    if isinstance(data, dict):
        data.pop("solver", None)
    return json.dumps(data, indent=2, sort_keys=False) + "\n"


def _run(job: tuple[str, list[str]]) -> tuple[str, str]:
    name, args = job
    done = subprocess.run([*HAMOPT, *args], capture_output=True, text=True, cwd=ROOT)
    return name, f"exit {done.returncode}\n{_strip_solver(done.stdout)}"


def write(folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=2) as pool:
        for name, text in pool.map(_run, _jobs()):
            (folder / name).write_text(text, encoding="utf-8")
    print(f"{len(list(folder.iterdir()))} outputs in {folder}")
    return 0


def diff(before: Path, after: Path) -> int:
    names = sorted({p.name for p in before.iterdir()} | {p.name for p in after.iterdir()})
    differ = [
        n
        for n in names
        if not (before / n).exists()
        or not (after / n).exists()
        or (before / n).read_bytes() != (after / n).read_bytes()
    ]
    for name in differ:
        print(f"differs: {name}")
    print(f"{len(names) - len(differ)} of {len(names)} outputs byte-identical")
    return 1 if differ else 0


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "write":
        return write(Path(argv[1]))
    if len(argv) == 3 and argv[0] == "diff":
        return diff(Path(argv[1]), Path(argv[2]))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
