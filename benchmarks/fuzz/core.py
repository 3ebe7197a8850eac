"""Seeds, mutations, cases, and the classification of what each case did."""

from __future__ import annotations

import copy
import csv
import io
import json
import random
import re
import signal
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"

CLEAN_EXITS = (0, 1, 2, 3)
CLASSES = ("clean", "traceback", "hang", "wrong_exit", "no_file", "no_line", "disagree")
HANG_SECONDS = 60.0  # a case past this is a hang (SIGALRM cuts it)

# --- seeds ---------------------------------------------------------------------------------

SCENARIO_SEEDS = (
    "weaker_left_leg.yaml",
    "infeasible_spacing.yaml",
    "custom_exercise_home_gym.yaml",
    "bodyweight_only_traveller.yaml",
    "knee_pain_cannot_kneel.yaml",
    "conflicts/spacing_vs_slots.yaml",
    "conflicts/equipment_vs_coverage.yaml",
    "sprinter_nordic_10_weeks.yaml",
)
PROGRAM_SEEDS = ("programs/seed_workout_1.yaml", "programs/seed_workouts_week.yaml")
FAST = SCENARIOS / "weaker_left_leg.yaml"
PROGRAM = SCENARIOS / "programs" / "seed_workout_1.yaml"

SMALL_RULESET = """\
name: fuzz rules
description: the default rules, a few changed
extends: default
rules:
  recovery_spacing: {mode: hard, params: {min_hours: 48}}
  volume_range:
    mode: hard
    params: {weekly_min_sets: 4, weekly_max_sets: 16}
  preferences: {mode: soft, weight: 20}
"""

GYM = """\
name: Fuzz Gym
equipment: bodyweight_only
opening_hours:
  mon: "06:00-22:00"
  tue: "06:00-22:00"
  wed: "06:00-22:00"
  thu: "06:00-22:00"
  fri: "06:00-22:00"
  sat: "08:00-14:00"
  sun: closed
rules: default
defaults:
  sessions_per_week: 2
  minutes: 45
"""

ROSTER = """\
id,name,experience,goals,contraindications,weaker_side,phase,slots,sessions_per_week,minutes
c1,Ann,beginner,hypertrophy,,,balanced,mon 07:00; thu 07:00,2,45
c2,Bob,intermediate,strength; hypertrophy,knee_pain,left,correction,tue 18:00; fri 18:00,,30
c3,Cy,advanced,injury_prevention,,,,mon 12:30; wed 12:30; fri 12:30,3,60
"""


def _catalog_seed() -> str:
    data = yaml.safe_load((ROOT / "hamopt" / "data" / "exercises.yaml").read_text("utf-8"))
    exercises = data["exercises"] if isinstance(data, dict) else data
    return yaml.safe_dump({"exercises": exercises[:6]}, sort_keys=False, allow_unicode=True)


def seeds() -> dict[str, list[str]]:
    """The texts each kind of input starts from."""
    return {
        "scenario": [(SCENARIOS / name).read_text("utf-8") for name in SCENARIO_SEEDS],
        "ruleset": [
            (ROOT / "hamopt" / "data" / "rulesets" / "default.yaml").read_text("utf-8"),
            SMALL_RULESET,
        ],
        "program": [(SCENARIOS / name).read_text("utf-8") for name in PROGRAM_SEEDS],
        "catalog": [_catalog_seed()],
        "gym": [GYM],
        "roster": [ROSTER],
    }


# --- mutations -----------------------------------------------------------------------------

HUGE_KEY = "k" * 10_000
TOKENS = [
    "null", "~", "-1", "0", "1e309", ".nan", ".inf", "-.inf", "[]", "{}", "[", "{", "]",
    "!!python/object/apply:os.system ['true']", "!!binary aGk=", "&a", "*a", "<<: *a", "\t",
    "\x00", "\x01", "\x1b", "\x7f", "\x85", "\u2028", "\ufeff", "\ud7ff", "'", '"', ":", ": ",
    "- ", "#", "? ", "|", ">", "%YAML 1.2", "---", "...", "9999-12-31", "2026-02-30", "é",
    "\u202e", "x" * 5000, f"{HUGE_KEY}: 1", "\r", "\r\n", "&a [*a, *a, *a]", "25:00", "07:60",
    "toes_in", "-0", "0x1F", "0o17", "1_000", "true", "no", "on", "=", "<<",
]  # fmt: skip
VALUES: list[Any] = [
    None, True, False, -1, 0, 1, 2, 7, 22, 53, 10**12, -(10**12), 2**63, 1.5, -0.5, 1e309,
    "", " ", "x" * 300, "x" * 20_000, [], {}, ["a"], {"a": 1}, [None], [[]], "mon", "sun",
    "25:00", "07:00", "hard", "soft", "off", "default", "full_gym", "bodyweight_only",
    "nordic_hamstring_curl", "../../etc/passwd", "/dev/zero", "9999-12-31", "\x01", "é" * 50,
]  # fmt: skip
HOSTILE_IDS = [
    "a.b", "a_b-2e7336dc8e", "summary", "SUMMARY", "con", "../x", "/abs", "..", ".", "",
    "x" * 300, "a/b", "a b", "c1", "C1", "é", "\u202e", "line 2",
]  # fmt: skip


def _text_mutation(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    kind = rng.randrange(8)
    if kind == 0 and text:  # one character replaced
        i = rng.randrange(len(text))
        return text[:i] + rng.choice(TOKENS)[:1] + text[i + 1 :]
    if kind == 1 and len(lines) > 1:  # a line dropped
        del lines[rng.randrange(len(lines))]
    elif kind == 2:  # a line repeated
        i = rng.randrange(len(lines))
        lines.insert(i, lines[i])
    elif kind == 3 and len(lines) > 1:  # two lines swapped
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == 4:  # a token put in
        i = rng.randrange(len(text) + 1)
        return text[:i] + rng.choice(TOKENS) + text[i:]
    elif kind == 5:  # cut short
        return text[: rng.randrange(len(text) + 1)]
    elif kind == 6:  # indentation changed
        i = rng.randrange(len(lines))
        lines[i] = ("  " + lines[i]) if rng.random() < 0.5 else lines[i][2:]
    else:  # a token at the end of a line
        i = rng.randrange(len(lines))
        lines[i] += rng.choice(TOKENS)
    return "\n".join(lines)


def _paths(node: Any, here: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield here
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*here, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, (*here, i))


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        node = node[step]
    return node


def _strings(node: Any) -> list[str]:
    found: list[str] = []
    for path in _paths(node):
        value = _get(node, path)
        if isinstance(value, str):
            found.append(value)
        if isinstance(value, dict):
            found.extend(str(k) for k in value)
    return found


def _nudge(rng: random.Random, value: Any, strings: list[str]) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return rng.choice([value + 1, value - 1, value * 10, -value, 0, value * 1000])
    if isinstance(value, float):
        return rng.choice([value * 10, -value, 0.0, value + 0.01])
    if isinstance(value, str) and strings:
        return rng.choice(strings)
    return rng.choice(VALUES)


def _data_mutation(rng: random.Random, data: Any) -> Any:
    """One change to parsed data; the input ``data`` is not changed."""
    data = copy.deepcopy(data)
    paths = list(_paths(data))
    path = rng.choice(paths)
    kind = rng.randrange(8)
    strings = _strings(data)
    if not path:
        return rng.choice(VALUES) if kind == 0 else data
    parent, last = _get(data, path[:-1]), path[-1]
    if kind == 0:  # a value replaced by anything
        parent[last] = copy.deepcopy(rng.choice(VALUES))
    elif kind == 1:  # a value nudged (a number moved, a string swapped for another seen)
        parent[last] = _nudge(rng, parent[last], strings)
    elif kind == 2:  # a key or item dropped
        del parent[last]
    elif kind == 3:  # an unknown key added, sometimes huge
        target = parent if isinstance(parent, dict) else data if isinstance(data, dict) else None
        if target is not None:
            key = rng.choice(["extra", "Name", "schedul", "rules ", HUGE_KEY, "é", "1"])
            target[key] = rng.choice(VALUES)
    elif kind == 4 and isinstance(parent, list):  # an item repeated
        parent.insert(last, copy.deepcopy(parent[last]))
    elif kind == 5:  # deep nesting
        nested: Any = 1
        for _ in range(rng.choice([10, 60, 400])):
            nested = [nested]
        parent[last] = nested
    elif kind == 6 and isinstance(parent, dict):  # a key renamed to another seen string
        parent[rng.choice(strings) if strings else "x"] = parent.pop(last)
    else:  # a list grown large
        parent[last] = [copy.deepcopy(parent[last])] * rng.choice([3, 60, 400])
    return data


def _roster_mutation(rng: random.Random, text: str) -> str:
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error:
        return _text_mutation(rng, text)
    if not rows:
        return text
    kind = rng.randrange(6)
    r = rng.randrange(len(rows))
    row = rows[r]
    if kind == 0 and row:  # a cell replaced
        row[rng.randrange(len(row))] = rng.choice([*map(str, VALUES[:20]), *HOSTILE_IDS])
    elif kind == 1 and len(rows) > 1:  # a hostile id
        rows[rng.randrange(1, len(rows))][0] = rng.choice(HOSTILE_IDS)
    elif kind == 2:  # a cell past csv's field limit
        row.append("y" * 140_000)
    elif kind == 3:  # a row repeated (a duplicate id)
        rows.insert(r, list(row))
    elif kind == 4 and row:  # a cell dropped
        del row[rng.randrange(len(row))]
    else:
        return _text_mutation(rng, text)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def mutate(rng: random.Random, kind: str, text: str) -> str:
    """One to three mutations of ``text``, an input of ``kind``."""
    for _ in range(rng.choice([1, 1, 2, 3])):
        if kind == "roster":
            text = _roster_mutation(rng, text)
            continue
        if rng.random() < 0.5:
            text = _text_mutation(rng, text)
            continue
        try:
            data = yaml.safe_load(text)
        except (yaml.YAMLError, RecursionError, ValueError):
            text = _text_mutation(rng, text)
            continue
        data = _data_mutation(rng, data)
        try:
            text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10**6)
        except (yaml.YAMLError, RecursionError, ValueError):
            text = json.dumps(data, default=str)
    return text


# --- cases -----------------------------------------------------------------------------------


@dataclass
class Case:
    """One input and the command run on it; ``{input}``/``{tmp}`` fill in when it runs."""

    index: int
    kind: str
    text: str
    args: list[str]
    options_ok: bool = True  # every option valid: validate and the command must agree
    validate: bool = False  # also run `hamopt validate` on the input and compare

    def describe(self) -> str:
        return f"case {self.index} ({self.kind}): hamopt {' '.join(self.args)}"


def _time_limit(rng: random.Random) -> tuple[str, bool]:
    if rng.random() < 0.9:
        return rng.choice(["0.01", "0.05", "0.1", "0.3"]), True
    return rng.choice(["0", "-1", "abc", "1e9", "nan", ""]), False


def _output(rng: random.Random) -> tuple[list[str], bool]:
    roll = rng.random()
    if roll < 0.75:
        return [], True
    if roll < 0.85:
        return ["-o", "{tmp}/out.txt"], True
    return ["-o", rng.choice(["{tmp}", "/", "{tmp}/missing/x.txt", "{tmp}/file/x.txt"])], True


def _start(rng: random.Random) -> tuple[list[str], bool]:
    roll = rng.random()
    if roll < 0.7:
        return [], True
    if roll < 0.85:
        return ["--start", rng.choice(["2026-01-05", "9997-12-01", "0001-01-01"])], True
    return ["--start", rng.choice(["9999-12-31", "2026-02-30", "x", "9999-06-30"])], False


SOLVE_FORMATS = ("table", "json", "yaml", "markdown", "csv", "html")


def make_case(seed: int, index: int, pool: dict[str, list[str]]) -> Case:
    """Case ``index`` of campaign ``seed``: always the same."""
    rng = random.Random(f"{seed}:{index}")
    kind = rng.choices(
        ["scenario", "ruleset", "program", "catalog", "gym", "roster"],
        weights=[40, 15, 15, 10, 8, 6],
    )[0]
    text = mutate(rng, kind, rng.choice(pool[kind]))
    if kind in ("gym", "roster"):
        return Case(index, kind, text, ["<batch>"])
    command = rng.random()
    limit, limit_ok = _time_limit(rng)
    out, out_ok = _output(rng)
    start, start_ok = _start(rng)
    fmt = rng.choice(SOLVE_FORMATS)
    if kind == "scenario":
        if command < 0.3:
            args = ["validate", "{input}"]
            ok = True
        elif command < 0.7:
            args = ["solve", "{input}", "--time-limit", limit, "--format", fmt, *out, *start]
            ok = limit_ok and start_ok
        elif command < 0.85:
            args = ["explain", "{input}", "--time-limit", limit, "--format", "json"]
            ok = limit_ok
        elif command < 0.93:
            args = ["render", str(PROGRAM), "--scenario", "{input}", "--format", fmt, *start]
            ok = start_ok
        else:
            args = ["check", str(PROGRAM), "--scenario", "{input}"]
            ok = True
        return Case(index, kind, text, args, ok, validate=args[0] in ("solve", "explain"))
    if kind == "ruleset":
        if command < 0.4:
            return Case(index, kind, text, ["validate", "{input}"])
        args = ["solve", str(FAST), "--rules", "{input}", "--time-limit", limit, *out]
        return Case(index, kind, text, args, limit_ok, validate=True)
    if kind == "program":
        if command < 0.3:
            return Case(index, kind, text, ["validate", "{input}"])
        if command < 0.8:
            args = ["render", "{input}", "--format", rng.choice([*SOLVE_FORMATS, "ics"]), *start]
            if "ics" in args and not start:
                args += ["--start", "2026-01-05"]
            return Case(index, kind, text, [*args, *out], start_ok, validate=True)
        return Case(index, kind, text, ["check", "{input}", "--scenario", str(FAST)])
    # a catalog: on its own, and as a scenario's `exercises:`
    if command < 0.5:
        return Case(index, kind, text, ["validate", "{input}"])
    return Case(index, "catalog-in-scenario", text, ["solve", "{input}", "--time-limit", limit],
                limit_ok, validate=True)  # fmt: skip


def embed_catalog(text: str) -> str:
    """A catalog's text as a scenario's `exercises:` (the catalog reaches a solve this way)."""
    try:
        data = yaml.safe_load(text)
    except (yaml.YAMLError, RecursionError, ValueError):
        data = None
    exercises = data.get("exercises") if isinstance(data, dict) else data
    scenario = yaml.safe_load(FAST.read_text("utf-8"))
    scenario["exercises"] = exercises
    try:
        return yaml.safe_dump(scenario, sort_keys=False, allow_unicode=True, width=10**6)
    except (yaml.YAMLError, RecursionError, ValueError):
        return json.dumps(scenario, default=str)


# --- running and judging -----------------------------------------------------------------------


class Hang(BaseException):
    """Raised by SIGALRM in a case that ran past its bound (BaseException: click lets it by)."""


@contextmanager
def bounded(seconds: float) -> Iterator[None]:
    def alarm(signum: int, frame: Any) -> None:
        raise Hang()

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Outcome:
    case: Case
    verdict: str
    exit_code: int | None = None
    detail: str = ""
    seconds: float = 0.0
    output: str = ""

    def key(self) -> str:
        """What makes two failures the same failure (for counting distinct ones)."""
        first = self.detail.splitlines()[-1] if self.detail else ""
        first = re.sub(r"/tmp/[^\s:]+", "<path>", first)
        first = re.sub(r"\d+", "N", first)[:160]
        return f"{self.verdict}|{self.case.kind}|{self.case.args[0]}|{first}"


# Messages about a whole file (or an option), which have no line to give.
FILE_LEVEL = (
    "no such file", "not a file", "regular file", "named pipe", "a device", "a directory",
    "empty file", "larger than", "binary file", "not UTF-8", "cannot read", "cannot write",
    "already holds a batch", "cannot tell what this file is", "several YAML documents",
    "nested too deeply", "expected a mapping", "... and", "rule sets extend each other",
    "no rule set", "unknown rule set", "the roster needs", "empty roster",
)  # fmt: skip
_LINE = re.compile(r":\d+:")


def _check_messages(output: str, names: list[str]) -> tuple[str, str] | None:
    """(verdict, detail) for the first malformed `error:` line, or None."""
    for line in output.splitlines():
        if not line.startswith("error: "):
            continue
        text = line.removeprefix("error: ")
        if text.startswith("... and "):
            continue
        if not any(text.startswith(name) for name in names):
            return "no_file", line
        if not _LINE.search(text[: len(max(names, key=len)) + 12]) and not any(
            phrase in text for phrase in FILE_LEVEL
        ):
            return "no_line", line
    return None


def run_cli(args: list[str], seconds: float) -> tuple[int | None, str, BaseException | None, float]:
    from click.testing import CliRunner

    from hamopt.cli import main

    started = time.perf_counter()
    try:
        with bounded(seconds):
            result = CliRunner().invoke(main, args, catch_exceptions=True)
    except Hang as exc:
        return None, "", exc, time.perf_counter() - started
    elapsed = time.perf_counter() - started
    exc = result.exception
    if isinstance(exc, SystemExit):
        exc = None
    return result.exit_code, result.output, exc, elapsed


def run_batch_case(case: Case, folder: Path, seconds: float) -> Outcome:
    """A gym or a roster through the batch's own pieces, in this process: the input opened
    and listed, each client solved by the worker's function, written by the output writer."""
    from hamopt.batch.output import Outdir
    from hamopt.batch.run import SolveSettings, open_input, solve_client
    from hamopt.io.errors import HamoptError
    from hamopt.render.formats import EXTENSIONS

    gym, roster = folder / "gym.yaml", folder / "roster.csv"
    gym.write_text(case.text if case.kind == "gym" else GYM, encoding="utf-8")
    roster.write_text(case.text if case.kind == "roster" else ROSTER, encoding="utf-8")
    settings = SolveSettings(formats=("json", "csv"), time_limit=0.05)
    started = time.perf_counter()
    try:
        with bounded(seconds):
            try:
                source = open_input(str(roster), gym)
                out = Outdir(folder / "out", settings.formats, EXTENSIONS, resume=False)
                for n, task in enumerate(source.tasks()):
                    if n >= 2:
                        break
                    out.record(solve_client(task, settings))
                out.close({})
                outcome = Outcome(case, "clean", 0)
            except HamoptError as exc:
                message = str(exc)
                outcome = Outcome(case, "clean", 2, output=message)
                names = [str(gym), str(roster), "<input>"]
                bad = _check_messages("\n".join(f"error: {m}" for m in message.splitlines()),
                                      names[:2])  # fmt: skip
                if bad is not None:
                    outcome = Outcome(case, bad[0], 2, detail=bad[1])
    except Hang:
        return Outcome(case, "hang", None, f"past {seconds:g} s", time.perf_counter() - started)
    except Exception:
        detail = traceback.format_exc(limit=-3)
        return Outcome(case, "traceback", None, detail, time.perf_counter() - started)
    outcome.seconds = time.perf_counter() - started
    if outcome.verdict == "clean":
        rows = (folder / "out" / "summary.csv")
        if rows.exists():
            names = [r["file"] for r in csv.DictReader(io.StringIO(rows.read_text("utf-8")))]
            used = [n.casefold() for n in names if n]
            if len(used) != len(set(used)) or "summary" in used:
                return Outcome(case, "traceback", 0, f"output names clash: {names}")
    return outcome


def run_case(case: Case, seconds: float = HANG_SECONDS) -> Outcome:
    with tempfile.TemporaryDirectory(prefix="hamopt-fuzz-") as tmp:
        folder = Path(tmp)
        (folder / "file").write_text("a file, not a folder\n", encoding="utf-8")
        if case.kind in ("gym", "roster"):
            return run_batch_case(case, folder, seconds)
        text = embed_catalog(case.text) if case.kind == "catalog-in-scenario" else case.text
        path = folder / "input.yaml"
        path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
        args = [a.replace("{input}", str(path)).replace("{tmp}", str(folder)) for a in case.args]
        code, output, exc, elapsed = run_cli(args, seconds)
        named = [str(path), str(folder)]
        named += [args[i + 1] for i, a in enumerate(args[:-1]) if a in ("-o", "--rules")]
        outcome = judge(case, code, output, exc, elapsed, named)
        if outcome.verdict == "clean" and case.validate and case.options_ok:
            v_code, v_output, v_exc, _ = run_cli(["validate", str(path)], seconds)
            if v_exc is None and v_code is not None:
                outcome = agree(outcome, v_code, v_output, str(path))
        return outcome


def judge(
    case: Case,
    code: int | None,
    output: str,
    exc: BaseException | None,
    elapsed: float,
    names: list[str],
) -> Outcome:
    if isinstance(exc, Hang):
        return Outcome(case, "hang", None, f"past the bound ({elapsed:.1f} s)", elapsed)
    if exc is not None:
        detail = "".join(traceback.format_exception(exc, limit=-3))
        return Outcome(case, "traceback", code, detail, elapsed, output)
    if "Traceback (most recent call last)" in output:
        return Outcome(case, "traceback", code, output[-2000:], elapsed, output)
    if code not in CLEAN_EXITS:
        return Outcome(case, "wrong_exit", code, f"exit {code}", elapsed, output)
    if code in (2, 3) and "error" not in output.lower():
        return Outcome(case, "wrong_exit", code, "exit without a message", elapsed, output)
    bad = _check_messages(output, [*names, "--", "<input>"[:0] or "--rules"])
    if bad is not None:
        return Outcome(case, bad[0], code, bad[1], elapsed, output)
    return Outcome(case, "clean", code, "", elapsed, output)


def _input_errors(output: str, path: str) -> bool:
    return any(line.startswith(f"error: {path}") for line in output.splitlines())


def agree(outcome: Outcome, v_code: int, v_output: str, path: str) -> Outcome:
    """validate and the command on the same file: both accept it or both refuse it."""
    refused_by_command = outcome.exit_code == 2 and _input_errors(outcome.output, path)
    # Exit 3 is an output checked before any input is read: nothing to compare.
    accepted_by_command = outcome.exit_code in (0, 1)
    if v_code == 0 and refused_by_command:
        line = next(x for x in outcome.output.splitlines() if x.startswith(f"error: {path}"))
        return Outcome(outcome.case, "disagree", 2, f"validate ok, command: {line}",
                       outcome.seconds, outcome.output)  # fmt: skip
    if v_code == 2 and accepted_by_command:
        first = next((x for x in v_output.splitlines() if x.startswith("error:")), v_output)
        return Outcome(outcome.case, "disagree", outcome.exit_code,
                       f"command exit {outcome.exit_code}, validate: {first}",
                       outcome.seconds, outcome.output)  # fmt: skip
    return outcome


@dataclass
class Tally:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CLASSES, 0))
    exits: dict[str, int] = field(default_factory=dict)
    kinds: dict[str, int] = field(default_factory=dict)
    failures: dict[str, Outcome] = field(default_factory=dict)  # distinct, by key
    slowest: float = 0.0
    slow: list[tuple[float, str]] = field(default_factory=list)  # the 5 slowest cases
    total: int = 0

    def add(self, outcome: Outcome) -> None:
        self.total += 1
        self.counts[outcome.verdict] += 1
        exit_key = "none" if outcome.exit_code is None else str(outcome.exit_code)
        self.exits[exit_key] = self.exits.get(exit_key, 0) + 1
        self.kinds[outcome.case.kind] = self.kinds.get(outcome.case.kind, 0) + 1
        self.slowest = max(self.slowest, outcome.seconds)
        self._slow(outcome.seconds, outcome.case.describe())
        if outcome.verdict != "clean":
            self.failures.setdefault(outcome.key(), outcome)

    def merge(self, other: Tally) -> None:
        self.total += other.total
        for name, n in other.counts.items():
            self.counts[name] = self.counts.get(name, 0) + n
        for name, n in other.exits.items():
            self.exits[name] = self.exits.get(name, 0) + n
        for name, n in other.kinds.items():
            self.kinds[name] = self.kinds.get(name, 0) + n
        for key, outcome in other.failures.items():
            self.failures.setdefault(key, outcome)
        self.slowest = max(self.slowest, other.slowest)
        for seconds, case in other.slow:
            self._slow(seconds, case)

    def _slow(self, seconds: float, case: str) -> None:
        self.slow = sorted([*self.slow, (round(seconds, 2), case[:200])], reverse=True)[:5]

    def summary(self) -> dict[str, Any]:
        return {
            "inputs": self.total,
            "classes": self.counts,
            "exit_codes": dict(sorted(self.exits.items())),
            "kinds": dict(sorted(self.kinds.items())),
            "distinct_failures": len(self.failures),
            "slowest_case_s": round(self.slowest, 2),
            "slowest_cases": [f"{s:g} s: {case}" for s, case in self.slow],
        }


def campaign(
    seed: int,
    indices: range,
    *,
    seconds: float = HANG_SECONDS,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> Tally:
    pool = seeds()
    tally = Tally()
    for index in indices:
        case = make_case(seed, index, pool)
        outcome = run_case(case, seconds)
        tally.add(outcome)
        if on_outcome is not None:
            on_outcome(outcome)
    return tally


def part(args: tuple[int, int, int, int, float, str | None]) -> Tally:
    """One process's share of a campaign: (seed, start, stop, step, seconds, progress file).

    Every 25 cases the figures so far go to the progress file (JSON), so a campaign cut
    short still says what it found.
    """
    seed, start, stop, step, seconds, progress = args
    pool = seeds()
    tally = Tally()
    for n, index in enumerate(range(start, stop, step), start=1):
        tally.add(run_case(make_case(seed, index, pool), seconds))
        if progress is not None and (n % 25 == 0 or index + step >= stop):
            failures = {k: o.case.describe() + ": " + o.detail[-300:]
                        for k, o in tally.failures.items()}  # fmt: skip
            Path(progress).write_text(
                json.dumps({"summary": tally.summary(), "failures": failures}, indent=1) + "\n"
            )
    return tally
