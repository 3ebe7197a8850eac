"""The house (docs/architecture.md): layers one way, no import circle, solver-free paths,
the deprecated plugin imports, and a handful of top-level modules."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "hamopt"
SCENARIO = ROOT / "scenarios" / "balanced_lifter.yaml"
PROGRAM = ROOT / "scenarios" / "programs" / "seed_workouts_week.yaml"


def module_names() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def import_graph() -> dict[str, set[str]]:
    """Every hamopt module -> the hamopt modules it imports, top-level, inside functions and
    under TYPE_CHECKING alike (a circle through any of them is still a circle)."""
    modules = module_names()

    def owner(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                found = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found = [f"{node.module}.{a.name}" for a in node.names]
            else:
                continue
            deps |= {o for f in found if f.startswith("hamopt.") and (o := owner(f))}
        graph[name] = deps - {name, "hamopt"}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_circle() -> None:
    graph = import_graph()
    assert len(graph) > 80  # the scan really read the package
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_circle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_import_linter_contracts_are_kept() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "broken" not in done.stdout.lower().replace("0 broken", "")


def test_no_rule_is_named_below_the_rules() -> None:
    """The engine and the explanations reach rules only through the contract's hooks."""
    from hamopt.domain.models import Scenario
    from hamopt.rules.registry import BUILTIN_MODULES

    # "equipment" and "preferences" are scenario fields as well as rule ids.
    rule_ids = set(BUILTIN_MODULES) - set(Scenario.model_fields)
    for name, path in module_names().items():
        if not name.startswith(("hamopt.engine", "hamopt.explain", "hamopt.domain")):
            continue
        strings = {
            node.value
            for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
        }
        assert not strings & rule_ids, f"{name} names {sorted(strings & rule_ids)}"


def test_a_handful_of_top_level_modules() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert top == ["__init__.py", "__main__.py"]  # __main__: `python -m hamopt`, the CLI


def loaded_after(code: str) -> set[str]:
    probe = code + "\nimport sys; print(sorted(m for m in sys.modules if m.startswith('ortools')))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    return set(eval(out.stdout.strip().splitlines()[-1]))


def test_check_api_loads_no_solver() -> None:
    code = (
        "import hamopt\n"
        f"sc = hamopt.load_scenario({str(SCENARIO)!r})\n"
        f"prog = hamopt.load_program({str(PROGRAM)!r})\n"
        "reports = hamopt.check(prog, sc)\n"
        "assert reports and any(r.id == 'head_coverage' for r in reports)\n"
    )
    assert loaded_after(code) == set()


@pytest.mark.parametrize(
    "args",
    [("validate", str(SCENARIO)), ("catalog",), ("schema", "scenario"), ("rules",)],
    ids=["validate", "catalog", "schema", "rules"],
)
def test_commands_that_build_no_model_load_no_solver(args: tuple[str, ...]) -> None:
    code = f"import sys; sys.argv = ['hamopt', *{list(args)!r}]\nfrom hamopt.cli import main\n"
    code += "try:\n    main()\nexcept SystemExit as e:\n    assert e.code in (0, None), e.code\n"
    assert loaded_after(code) == set()


def test_a_solve_does_load_the_solver() -> None:
    """The probe above can see OR-Tools when it is there."""
    code = (
        "import hamopt\n"
        f"sc = hamopt.load_scenario({str(SCENARIO)!r})\n"
        "assert hamopt.solve(sc, time_limit=5).status == 'optimal'\n"
    )
    assert loaded_after(code)


@pytest.mark.parametrize("old", ["hamopt.constraints.base", "hamopt.constraints.registry"])
def test_old_plugin_imports_still_work_with_a_warning(old: str) -> None:
    sys.modules.pop(old, None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        module = importlib.import_module(old)
    assert any(issubclass(w.category, DeprecationWarning) for w in caught)
    if old.endswith("base"):
        from hamopt.rules.contract import Rule
        from hamopt.rules.model_context import ModelContext

        assert module.Rule is Rule and module.ModelContext is ModelContext
    else:
        from hamopt.rules.registry import all_rules

        assert module.all_rules is all_rules
